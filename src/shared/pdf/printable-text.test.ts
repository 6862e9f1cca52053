import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MISSING_GLYPH_MARK, toPrintableText } from './printable-text.ts';

// A font with the BMP below the emoji blocks and nothing astral, no joiners, no variation selectors.
const hasGlyph = (cp: number): boolean =>
  cp < 0x2000 || (cp >= 0x3000 && cp <= 0x9fff) || (cp >= 0xff00 && cp <= 0xffef) || cp === 0x25a1;

// Any code point (lone surrogates included), with joiners, selectors, skin tones and line ends made frequent.
const anyTextArb = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)),
      fc.constantFrom('\u200D', '\uFE0F', '\u{1F3FD}', '\u{1F468}', '\r', '\n', '\t', '调'),
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(''));

describe('toPrintableText', () => {
  it('keeps what the font has', () => {
    expect(toPrintableText('调解协议 No.12，3,500元', hasGlyph)).toBe('调解协议 No.12，3,500元');
  });

  it('puts one mark for each emoji, whatever its code points', () => {
    expect(toPrintableText('谢谢😀👨‍👩‍👧👍🏽🇨🇳！', hasGlyph)).toBe(`谢谢${MISSING_GLYPH_MARK.repeat(4)}！`);
  });

  it('drops a variation selector or joiner the font lacks after a character it has', () => {
    expect(toPrintableText('A\uFE0FB\u200DC', hasGlyph)).toBe('ABC');
  });

  it('marks an astral character the font lacks (𠮷)', () => {
    expect(toPrintableText('吉𠮷', hasGlyph)).toBe(`吉${MISSING_GLYPH_MARK}`);
  });

  it('turns tabs into spaces and line ends into newlines, and drops other control characters', () => {
    expect(toPrintableText('a\tb\r\nc\u0007d\u0000', hasGlyph)).toBe('a b\ncd');
    expect(toPrintableText('一\u2028二\u2029三\u0085\u000b\f', (cp) => cp === 0x2028 || cp === 0x2029 || hasGlyph(cp))).toBe(
      '一\n二\n三',
    );
  });

  it('leaves nothing the font cannot draw, for any text', () => {
    fc.assert(
      fc.property(anyTextArb, (text) =>
        [...toPrintableText(text, hasGlyph)].every((ch) => ch === '\n' || hasGlyph(ch.codePointAt(0)!)),
      ),
    );
  });
});
