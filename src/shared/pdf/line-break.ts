// Line breaking for Chinese text mixed with Latin words and digits, as pure functions over a width measure.
// Chinese may break between any two characters; Latin words and numbers ("3,500", "A4", "2026-11-22") stay
// whole unless a word alone is wider than the line. The 避头尾 rules of GB/T 15834-2011 (标点符号用法) and the
// W3C note on Chinese layout requirements (clreq, 3.1.7) are kept: no line starts with closing punctuation
// and none ends with opening punctuation, and ——, …… stay on one line, unless the text leaves no other choice.

/** Punctuation that must not begin a line (行首禁则). */
export const NO_LINE_START: ReadonlySet<string> = new Set([
  ...'，。、；：？！）」』》〉】〕〗”’…—·％‰',
  ...',.;:?!)]}%',
]);

/** Punctuation that must not end a line (行尾禁则). */
export const NO_LINE_END: ReadonlySet<string> = new Set([...'（「『《〈【〔〖“‘', ...'([{']);

/** Width of one grapheme (in any unit, the same as the line width). */
export type GraphemeWidth = (grapheme: string) => number;

const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });
// Graphemes that belong to a word which is not broken: Latin, Greek and Cyrillic letters, digits, and the ASCII
// punctuation that sits inside or around such words.
const WORD_GRAPHEME = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}!-/:-@[-`{-~]/u;
const SPACE = /^\s+$/u;

// Code points that can join their neighbours into one grapheme: marks, joiners and selectors, format
// characters, regional indicators, emoji modifiers, Hangul, and CR (of CR LF). Text without any is split by
// code point, which is what the segmenter would give, many times faster.
const MAY_CLUSTER =
  /[\p{M}\p{Cf}\p{Default_Ignorable_Code_Point}\r\u1100-\u11FF\uA960-\uA97F\uAC00-\uD7FF\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}]/u;

/** The user-perceived characters of a text (an emoji with its modifiers is one). */
export function graphemes(text: string): string[] {
  if (!MAY_CLUSTER.test(text)) return Array.from(text);
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** Width of a line as drawn: spaces at its end hang in the margin and do not count. */
export function lineWidth(line: string, widthOf: GraphemeWidth): number {
  let width = 0;
  for (const g of graphemes(line.trimEnd())) width += widthOf(g);
  return width;
}

/**
 * Breaks text into lines no wider than `maxWidth`. Newlines are hard breaks (and are dropped); every other
 * character is kept, so for text without newlines the lines joined give the text back. A grapheme wider than
 * the line gets a line of its own.
 */
export function breakLines(text: string, maxWidth: number, widthOf: GraphemeWidth): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    lines.push(...breakParagraph(paragraph, maxWidth, widthOf));
  }
  return lines;
}

function breakParagraph(text: string, maxWidth: number, widthOf: GraphemeWidth): string[] {
  if (text === '') return [''];
  const lines: string[] = [];
  let line: string[] = [];
  let width = 0; // of `line` without its trailing spaces
  let trailingSpace = 0; // width of the spaces at the end of `line`

  const push = (): void => {
    lines.push(line.join(''));
    line = [];
    width = 0;
    trailingSpace = 0;
  };
  const append = (segment: string[]): void => {
    for (const g of segment) {
      const w = widthOf(g);
      if (SPACE.test(g)) {
        trailingSpace += w;
      } else {
        width += trailingSpace + w;
        trailingSpace = 0;
      }
      line.push(g);
    }
  };

  for (const segment of unbreakableSegments(graphemes(text))) {
    if (line.length > 0 && width + trailingSpace + inkWidth(segment, widthOf) > maxWidth) push();
    if (line.length === 0 && inkWidth(segment, widthOf) > maxWidth) {
      let rest = segment;
      while (inkWidth(rest, widthOf) > maxWidth) {
        const cut = cutPoint(rest, maxWidth, widthOf);
        append(rest.slice(0, cut));
        push();
        rest = rest.slice(cut);
      }
      append(rest);
    } else {
      append(segment);
    }
  }
  if (line.length > 0) push();
  return lines;
}

/** Width of a segment without its trailing spaces. */
function inkWidth(segment: readonly string[], widthOf: GraphemeWidth): number {
  let end = segment.length;
  while (end > 0 && SPACE.test(segment[end - 1]!)) end--;
  let width = 0;
  for (let i = 0; i < end; i++) width += widthOf(segment[i]!);
  return width;
}

function isWordGrapheme(g: string): boolean {
  return WORD_GRAPHEME.test(g);
}

function mayBreakBetween(before: string, after: string): boolean {
  return !NO_LINE_START.has(after) && !NO_LINE_END.has(before);
}

function lastInkBefore(segment: readonly string[], end: number): string {
  for (let i = end - 1; i >= 0; i--) if (!SPACE.test(segment[i]!)) return segment[i]!;
  return '';
}

/**
 * The text as runs that are never broken apart in the normal course: one Chinese character (or symbol), or one
 * Latin word, with its following spaces, the closing punctuation after it and the opening punctuation before it.
 */
function unbreakableSegments(gs: readonly string[]): string[][] {
  const segments: string[][] = [];
  let current: string[] = [];
  let lastInk: string | undefined; // the last grapheme that is not a space: a line never ends on opening punctuation
  for (let i = 0; i < gs.length; i++) {
    const g = gs[i]!;
    const prev = i > 0 ? gs[i - 1]! : undefined;
    const joinsPrevious =
      prev === undefined ||
      SPACE.test(g) ||
      NO_LINE_START.has(g) ||
      (lastInk !== undefined && NO_LINE_END.has(lastInk)) ||
      (isWordGrapheme(prev) && isWordGrapheme(g));
    if (!joinsPrevious) {
      segments.push(current);
      current = [];
    }
    current.push(g);
    if (!SPACE.test(g)) lastInk = g;
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

/**
 * Where to cut a run wider than the line: the longest prefix that fits and ends where the punctuation rules
 * allow a break; failing that, the longest prefix that fits; at least one grapheme.
 */
function cutPoint(segment: readonly string[], maxWidth: number, widthOf: GraphemeWidth): number {
  let fits = 0;
  let width = 0;
  while (fits < segment.length) {
    const w = width + widthOf(segment[fits]!);
    if (w > maxWidth && !SPACE.test(segment[fits]!)) break;
    width = w;
    fits++;
  }
  for (let cut = fits; cut > 0; cut--) {
    const next = segment[cut]!;
    if (!SPACE.test(next) && mayBreakBetween(lastInkBefore(segment, cut), next)) return cut;
  }
  return Math.max(fits, 1);
}
