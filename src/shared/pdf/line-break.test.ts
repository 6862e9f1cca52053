import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { breakLines, graphemes, lineWidth, NO_LINE_END, NO_LINE_START } from './line-break.ts';

// A stand-in for font metrics: ASCII and Latin are one unit wide, everything else (Han, fullwidth punctuation,
// emoji) two, as in a CJK font.
const widthOf = (g: string): number => (g.length === 1 && g.charCodeAt(0) < 0x2000 ? 1 : 2);

const BRACKETS_AND_STOPS = { closing: [...'，。、；：？！）」』'], opening: [...'（「『'] };

const hanArb = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((cp) => String.fromCodePoint(cp));
const latinWordArb = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 8 });
const emojiArb = fc.constantFrom('😀', '👨‍👩‍👧', '👍🏽', '🇨🇳', '❤️');
const coreArb = fc.oneof({ weight: 6, arbitrary: hanArb }, { weight: 2, arbitrary: latinWordArb }, { weight: 1, arbitrary: emojiArb });
const runArb = (chars: string[]) => fc.array(fc.constantFrom(...chars), { minLength: 0, maxLength: 3 }).map((a) => a.join(''));

// Punctuation in runs of at most three around a character or word, as in real text: then a width of 16 units
// always leaves a place where the punctuation rules allow a break.
const groupArb = fc
  .tuple(
    runArb([...NO_LINE_END]),
    coreArb,
    runArb([...NO_LINE_START]),
    fc.constantFrom('', '', '', ' ', '  '),
  )
  .map((parts) => parts.join(''));
const textArb = fc.array(groupArb, { minLength: 1, maxLength: 60 }).map((groups) => groups.join(''));
const widthArb = fc.integer({ min: 16, max: 80 });

const firstInk = (line: string): string => graphemes(line)[0] ?? '';
const lastInk = (line: string): string => graphemes(line.trimEnd()).at(-1) ?? '';

describe('breakLines', () => {
  it('gives the text back when the lines are joined', () => {
    fc.assert(fc.property(textArb, widthArb, (text, width) => breakLines(text, width, widthOf).join('') === text));
  });

  it('never makes a line wider than the width (spaces at the end hang)', () => {
    fc.assert(
      fc.property(textArb, widthArb, (text, width) =>
        breakLines(text, width, widthOf).every((line) => lineWidth(line, widthOf) <= width),
      ),
    );
  });

  it('starts no line with closing and ends none with opening punctuation (避头尾)', () => {
    fc.assert(
      fc.property(textArb, widthArb, (text, width) => {
        const lines = breakLines(text, width, widthOf);
        return lines.every(
          (line, i) =>
            (i === 0 || !NO_LINE_START.has(firstInk(line))) &&
            (i === lines.length - 1 || !NO_LINE_END.has(lastInk(line))),
        );
      }),
    );
  });

  it('covers the punctuation named by GB/T 15834 for both ends', () => {
    for (const p of BRACKETS_AND_STOPS.closing) expect(NO_LINE_START.has(p)).toBe(true);
    for (const p of BRACKETS_AND_STOPS.opening) expect(NO_LINE_END.has(p)).toBe(true);
  });

  it('fills lines greedily: a line is broken only where the next piece does not fit', () => {
    fc.assert(
      fc.property(fc.array(hanArb, { minLength: 1, maxLength: 200 }), widthArb, (chars, width) => {
        const lines = breakLines(chars.join(''), width, widthOf);
        return lines.every((line, i) => i === lines.length - 1 || lineWidth(line, widthOf) > width - 2);
      }),
    );
  });

  it('moves a character down with a comma that would begin the next line', () => {
    // 8 units: four Han characters; the fifth grapheme is '，'
    expect(breakLines('甲方张三，乙方李四。', 8, widthOf)).toEqual(['甲方张', '三，乙方', '李四。']);
  });

  it('takes an opening bracket to the next line rather than leaving it at the end', () => {
    expect(breakLines('协议如下（一）赔偿', 10, widthOf)).toEqual(['协议如下', '（一）赔偿']);
  });

  it('keeps Latin words and numbers whole and breaks after the space', () => {
    expect(breakLines('赔偿 3,500.00 元 hello world', 12, widthOf)).toEqual(['赔偿 ', '3,500.00 元 ', 'hello world']);
  });

  it('breaks a word wider than the line, and a grapheme wider than the line stands alone', () => {
    expect(breakLines('abcdefghij', 4, widthOf)).toEqual(['abcd', 'efgh', 'ij']);
    expect(breakLines('一二三', 1, widthOf)).toEqual(['一', '二', '三']);
  });

  it('keeps an emoji sequence in one piece', () => {
    expect(breakLines('好👨‍👩‍👧好', 2, widthOf)).toEqual(['好', '👨‍👩‍👧', '好']);
  });

  it('breaks at newlines and keeps empty lines', () => {
    expect(breakLines('第一行\r\n\n第三行', 40, widthOf)).toEqual(['第一行', '', '第三行']);
    expect(breakLines('', 40, widthOf)).toEqual(['']);
  });
});
