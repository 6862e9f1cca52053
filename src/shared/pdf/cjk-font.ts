// The Chinese font for generated PDFs: Noto Sans SC (SIL Open Font License 1.1) from the npm package
// @expo-google-fonts/noto-sans-sc, so a machine with no system fonts still makes PDFs. The files are read and
// parsed once per process, on first use. pdf-lib embeds them through fontkit 2, which subsets TrueType
// correctly (@pdf-lib/fontkit 1.1.1 drops glyphs of this font); see docs/decisions/0003-cjk-pdf-font.md.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { EventEmitter } from 'node:events';
import * as fontkit from 'fontkit';
import type { PDFDocument } from 'pdf-lib';
import { AppError } from '../errors.ts';

export type CjkFontWeight = 'regular' | 'bold';

const FONT_FILES: Record<CjkFontWeight, string> = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
};

export interface CjkFont {
  /** The font file, as handed to `PDFDocument.embedFont`. */
  bytes: Uint8Array;
  /** The parsed font, for glyph coverage. */
  font: fontkit.Font;
  /** The PostScript name, for the embedded font's name. */
  postscriptName: string;
}

export interface CjkFonts extends Record<CjkFontWeight, CjkFont> {
  /** Code points drawn with a glyph another code point also maps to, to the one kept (see canonicalCodePoints). */
  canonical: ReadonlyMap<number, number>;
}

type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];

// pdf-lib parses the bytes it is given on every embedFont; the parse is kept per byte array instead.
const parsed = new WeakMap<Uint8Array, fontkit.Font>();

function parse(bytes: Uint8Array): fontkit.Font {
  let font = parsed.get(bytes);
  if (!font) {
    const opened = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (!('unitsPerEm' in opened)) {
      throw new AppError('INTERNAL', undefined, { en: 'The PDF font file is a collection, not one font' });
    }
    font = withSubsetStream(opened);
    parsed.set(bytes, font);
  }
  return font;
}

/**
 * fontkit 2 in the shape pdf-lib 1.17 expects: pdf-lib reads a subset through `encodeStream()` events,
 * fontkit 2 returns it whole from `encode()`. Each call still makes a fresh subset (one per document).
 */
function withSubsetStream(font: fontkit.Font): fontkit.Font {
  const createSubset = font.createSubset.bind(font);
  font.createSubset = () => {
    const subset = createSubset();
    return Object.assign(subset, {
      encodeStream(): EventEmitter {
        const events = new EventEmitter();
        // pdf-lib attaches its listeners after the call returns
        queueMicrotask(() => {
          try {
            events.emit('data', subset.encode());
            events.emit('end');
          } catch (error) {
            events.emit('error', error);
          }
        });
        return events;
      },
    });
  };
  return font;
}

/** What `PDFDocument.registerFontkit` takes, parsing each font file once per process. */
export const pdfLibFontkit = { create: parse } as unknown as PdfLibFontkit;

let loading: Promise<CjkFonts> | undefined;

/** The regular and bold faces, read from the npm package on the first call of the process. */
export function loadCjkFonts(): Promise<CjkFonts> {
  loading ??= readFonts().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function readFonts(): Promise<CjkFonts> {
  const require = createRequire(import.meta.url);
  const read = async (weight: CjkFontWeight): Promise<CjkFont> => {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(require.resolve(FONT_FILES[weight])));
    } catch (error) {
      throw new AppError(
        'INTERNAL',
        { font: FONT_FILES[weight], cause: error instanceof Error ? error.message : String(error) },
        { zh: 'PDF 所需的中文字体文件缺失', en: 'The Chinese font for PDFs is missing (npm install)' },
      );
    }
    const font = parse(bytes);
    return { bytes, font, postscriptName: font.postscriptName };
  };
  const [regular, bold] = await Promise.all([read('regular'), read('bold')]);
  return { regular, bold, canonical: canonicalCodePoints([regular.font, bold.font]) };
}

// Character blocks in the order their code points are preferred to stand for a shared glyph: what Chinese text
// is typed with first (ASCII, CJK punctuation, unified ideographs, fullwidth forms), then general punctuation,
// then the rest (Kangxi radicals, compatibility ideographs, symbols).
function blockRank(cp: number): number {
  if (cp < 0x100) return 0;
  if (
    (cp >= 0x3000 && cp <= 0x303f) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    (cp >= 0x20000 && cp <= 0x2f7ff) ||
    cp >= 0x30000
  ) {
    return 1;
  }
  if (cp >= 0x2000 && cp <= 0x206f) return 2;
  return 3;
}

interface CmapLookup {
  _cmapProcessor: { lookup(codePoint: number): number };
}

/**
 * Noto Sans SC draws several code points with one glyph (一 U+4E00 and the Kangxi radical ⼀ U+2F00, · U+00B7
 * and ・ U+30FB, … ...). pdf-lib writes one Unicode value per glyph into the text layer, taken from whichever
 * code point fontkit met first in this process, so the same text could extract differently, and the bytes of a
 * document depend on documents made before it. Text is therefore drawn with one code point per glyph, the
 * preferred one by block, then the lowest: it looks the same, and copies out the same every time.
 */
export function canonicalCodePoints(fonts: readonly fontkit.Font[]): Map<number, number> {
  const canonical = new Map<number, number>();
  for (const font of fonts) {
    // the cmap lookup, not glyphForCodePoint: that would create (and cache) glyphs with the wrong code point
    const cmap = (font as unknown as CmapLookup)._cmapProcessor;
    const byGlyph = new Map<number, number[]>();
    for (const cp of font.characterSet) {
      const gid = cmap.lookup(cp);
      const group = byGlyph.get(gid);
      if (group) group.push(cp);
      else byGlyph.set(gid, [cp]);
    }
    for (const group of byGlyph.values()) {
      if (group.length < 2) continue;
      const kept = group.reduce((best, cp) => {
        const order = blockRank(cp) - blockRank(best);
        return order < 0 || (order === 0 && cp < best) ? cp : best;
      });
      for (const cp of group) if (cp !== kept && !canonical.has(cp)) canonical.set(cp, kept);
    }
  }
  return canonical;
}
