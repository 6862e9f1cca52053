// Text as the font can draw it. Citizens' statements carry emoji and characters no font has; a PDF with them
// must still be made, and the reader must see that something was there, so each grapheme the font cannot
// draw becomes one visible replacement mark instead of a crash or an invisible gap.

import { graphemes } from './line-break.ts';

/** Drawn in place of a character the font lacks (a white square, as Chinese typesetting marks a missing glyph). */
export const MISSING_GLYPH_MARK = '□';

// Format characters that shape their neighbours (joiners, variation selectors, tag characters) and have no
// glyph of their own: dropped where the font lacks them, without a mark.
const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const CONTROL = /\p{Cc}/u;

/**
 * Replaces every grapheme the font cannot draw with `mark` (one mark per grapheme, so a family emoji is one
 * square), turns tabs into a space, every line end into '\n', and drops other control characters. `canonical` maps a
 * code point to the one that stands for its glyph (see canonicalCodePoints in cjk-font.ts).
 */
export function toPrintableText(
  text: string,
  hasGlyph: (codePoint: number) => boolean,
  mark: string = MISSING_GLYPH_MARK,
  canonical: (codePoint: number) => number = (cp) => cp,
): string {
  let out = '';
  for (const g of graphemes(text)) {
    // the Unicode line and paragraph separators too: pdf-lib would otherwise break the line over the next one
    if (g === '\n' || g === '\r\n' || g === '\r' || g === '\u2028' || g === '\u2029') {
      out += '\n';
      continue;
    }
    let kept = '';
    let missing = false;
    for (const ch of g) {
      if (ch === '\t') {
        kept += ' ';
      } else if (CONTROL.test(ch)) {
        // dropped
      } else if (hasGlyph(ch.codePointAt(0)!)) {
        kept += String.fromCodePoint(canonical(ch.codePointAt(0)!));
      } else if (!DEFAULT_IGNORABLE.test(ch)) {
        missing = true;
      }
    }
    out += missing ? mark : kept;
  }
  return out;
}
