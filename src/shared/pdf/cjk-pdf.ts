// A small layout API over pdf-lib for documents in Simplified Chinese: headings, paragraphs, label/value
// lists, tables whose header repeats on every page, a signature block and page numbers, on A4 with the type
// area of GB/T 9704-2012 (党政机关公文格式, 5.2.1: 156 mm × 225 mm, top margin 37 mm, inner margin 28 mm).
// Text is wrapped by breakLines (line-break.ts); characters the font lacks become a visible mark.
// The output is the same bytes for the same input and `createdAt`, so tests and archives can hash it.

import { PDFDocument, type PDFFont, type PDFPage, rgb, setCharacterSpacing } from 'pdf-lib';
import { AppError } from '../errors.ts';
import { type CjkFont, type CjkFonts, loadCjkFonts, pdfLibFontkit } from './cjk-font.ts';
import { breakLines, type GraphemeWidth, lineWidth } from './line-break.ts';
import { MISSING_GLYPH_MARK, toPrintableText } from './printable-text.ts';

const MM = 72 / 25.4;
/** A4 portrait, in points. */
export const A4: readonly [number, number] = [210 * MM, 297 * MM];
const MARGIN = { top: 37 * MM, left: 28 * MM, right: 26 * MM, bottom: 35 * MM };

const BODY_SIZE = 12;
const LINE_HEIGHT = 1.6;
const HEADING_SIZE = { 1: 18, 2: 14 } as const;
const TABLE_SIZE = 10;
/** Widest spacing added between glyphs to justify a line, as a share of the type size. */
const MAX_JUSTIFY_SPACING = 0.25;
const CELL_PADDING = 4;
const FOOTER_SIZE = 9;
const INK = rgb(0, 0, 0);
const RULE = rgb(0.45, 0.45, 0.45);
const HEADER_FILL = rgb(0.92, 0.92, 0.92);

export interface CjkDocumentOptions {
  title?: string;
  author?: string;
  subject?: string;
  /** Creation and modification date written into the PDF; give it for reproducible bytes (default: now). */
  createdAt?: Date;
  /** A4 turned sideways, for wide tables (the margins stay those of the portrait page's edges). */
  landscape?: boolean;
}

export type Align = 'left' | 'center' | 'right';

export interface TableColumn {
  header: string;
  /** Share of the table width relative to the other columns (default 1). */
  weight?: number;
  align?: Align;
}

export interface CjkDocument {
  /** A bold heading: level 1 is centred (the document's title), level 2 starts at the left margin. */
  heading(text: string, options?: { level?: 1 | 2 }): CjkDocument;
  /**
   * Body text, justified unless another alignment is given; newlines are hard breaks. Each hard line is
   * indented by two characters unless `indent: false`.
   */
  paragraph(text: string, options?: { indent?: boolean; align?: Align | 'justify' }): CjkDocument;
  /** Label and value pairs, labels aligned in a column; a colon is added to a label without one. */
  keyValues(pairs: ReadonlyArray<readonly [label: string, value: string]>): CjkDocument;
  /** A ruled table; cells wrap, a row too long for the page continues on the next, the header repeats. */
  table(columns: readonly TableColumn[], rows: ReadonlyArray<readonly string[]>): CjkDocument;
  /** Lines for signatures, seals and the date, in the right half of the page, kept together on one page. */
  signatureBlock(lines: readonly string[]): CjkDocument;
  /** Vertical space in points (never carried over to the top of a new page). */
  space(points: number): CjkDocument;
  pageBreak(): CjkDocument;
  /** Number every page in the footer when the document is saved (default 「第 n 页 共 m 页」). */
  pageNumbers(format?: (page: number, total: number) => string): CjkDocument;
  readonly pageCount: number;
  save(): Promise<Uint8Array>;
}

/** A new A4 document with the Chinese font embedded as a subset of the characters used. */
export async function createCjkDocument(options: CjkDocumentOptions = {}): Promise<CjkDocument> {
  const fonts = await loadCjkFonts();
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(pdfLibFontkit);
  // A fixed subset tag (PDF 32000-1, 9.6.4) keeps the bytes reproducible; each face is embedded once per file.
  const regular = await pdf.embedFont(fonts.regular.bytes, {
    subset: true,
    customName: `CLNKAA+${fonts.regular.postscriptName}`,
  });
  const bold = await pdf.embedFont(fonts.bold.bytes, {
    subset: true,
    customName: `CLNKAB+${fonts.bold.postscriptName}`,
  });
  const createdAt = options.createdAt ?? new Date();
  if (options.title !== undefined) pdf.setTitle(options.title, { showInWindowTitleBar: true });
  if (options.author !== undefined) pdf.setAuthor(options.author);
  if (options.subject !== undefined) pdf.setSubject(options.subject);
  pdf.setCreator('CaseLink');
  pdf.setProducer('CaseLink (pdf-lib)');
  pdf.setLanguage('zh-CN');
  pdf.setCreationDate(createdAt);
  pdf.setModificationDate(createdAt);
  return new Layout(pdf, fonts, regular, bold, options.landscape ? [A4[1], A4[0]] : A4);
}

class Layout implements CjkDocument {
  private page: PDFPage;
  private y: number;
  private numbering: ((page: number, total: number) => string) | undefined;
  private saved = false;
  private readonly contentWidth: number;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: CjkFonts,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
    private readonly size: readonly [number, number],
  ) {
    this.contentWidth = size[0] - MARGIN.left - MARGIN.right;
    this.page = this.pdf.addPage([...size]);
    this.y = this.top;
  }

  get pageCount(): number {
    return this.pdf.getPageCount();
  }

  heading(text: string, options: { level?: 1 | 2 } = {}): CjkDocument {
    const level = options.level ?? 1;
    const size = HEADING_SIZE[level];
    this.space(level === 1 ? size * 0.5 : size * 0.8);
    this.textBlock(text, { font: this.bold, size, align: level === 1 ? 'center' : 'left', keepWithNext: true });
    this.space(size * 0.5);
    return this;
  }

  paragraph(text: string, options: { indent?: boolean; align?: Align | 'justify' } = {}): CjkDocument {
    const indent = options.indent ?? true;
    const printable = this.printable(text);
    const body = indent ? printable.replace(/^|\n/g, (m) => `${m}\u3000\u3000`) : printable;
    this.textBlock(body, { font: this.regular, size: BODY_SIZE, align: options.align ?? 'justify', printable: true });
    this.space(BODY_SIZE * 0.4);
    return this;
  }

  keyValues(pairs: ReadonlyArray<readonly [label: string, value: string]>): CjkDocument {
    const size = BODY_SIZE;
    const lineHeight = size * LINE_HEIGHT;
    const labels = pairs.map(([label]) => {
      const printable = this.printable(label);
      return /[：:]$/.test(printable) ? printable : `${printable}：`;
    });
    const measure = this.measure(this.bold, size);
    const labelWidth = Math.min(
      Math.max(0, ...labels.map((label) => lineWidth(label, measure))),
      this.contentWidth * 0.4,
    );
    const gap = size * 0.5;
    const valueWidth = this.contentWidth - labelWidth - gap;
    pairs.forEach(([, value], i) => {
      const labelLines = breakLines(labels[i]!, labelWidth, measure);
      const valueLines = breakLines(this.printable(value), valueWidth, this.measure(this.regular, size));
      const count = Math.max(labelLines.length, valueLines.length);
      for (let line = 0; line < count; line++) {
        this.ensureSpace(lineHeight);
        const baseline = this.y - size;
        const label = labelLines[line];
        if (label) this.draw(label, MARGIN.left, baseline, this.bold, size);
        const text = valueLines[line];
        if (text) this.draw(text, MARGIN.left + labelWidth + gap, baseline, this.regular, size);
        this.y -= lineHeight;
      }
    });
    this.space(BODY_SIZE * 0.4);
    return this;
  }

  table(columns: readonly TableColumn[], rows: ReadonlyArray<readonly string[]>): CjkDocument {
    if (columns.length === 0) {
      throw new AppError('INTERNAL', undefined, { en: 'A PDF table needs at least one column' });
    }
    if (columns.some((c) => !((c.weight ?? 1) > 0))) {
      throw new AppError('INTERNAL', { columns: columns.map((c) => c.weight ?? 1) }, {
        en: 'The column weights of a PDF table must be positive',
      });
    }
    rows.forEach((row, i) => {
      if (row.length !== columns.length) {
        throw new AppError('INTERNAL', { row: i, cells: row.length, columns: columns.length }, {
          en: `Row ${i} of a PDF table has ${row.length} cells for ${columns.length} columns`,
        });
      }
    });
    const size = TABLE_SIZE;
    const lineHeight = size * LINE_HEIGHT;
    const totalWeight = columns.reduce((sum, c) => sum + (c.weight ?? 1), 0);
    const widths = columns.map((c) => (this.contentWidth * (c.weight ?? 1)) / totalWeight);
    const wrapCells = (cells: readonly string[], font: PDFFont) =>
      cells.map((cell, c) => breakLines(this.printable(cell), widths[c]! - 2 * CELL_PADDING, this.measure(font, size)));
    const header = wrapCells(
      columns.map((c) => c.header),
      this.bold,
    );
    const headerHeight = rowHeight(header, lineHeight);

    const drawRow = (cells: string[][], font: PDFFont, fill: boolean): void => {
      const height = rowHeight(cells, lineHeight);
      let x = MARGIN.left;
      cells.forEach((lines, c) => {
        const width = widths[c]!;
        this.page.drawRectangle({
          x,
          y: this.y - height,
          width,
          height,
          borderColor: RULE,
          borderWidth: 0.5,
          ...(fill ? { color: HEADER_FILL } : {}),
        });
        lines.forEach((line, l) => {
          const baseline = this.y - CELL_PADDING - l * lineHeight - size * 1.1;
          const inner = width - 2 * CELL_PADDING;
          const left = x + CELL_PADDING + offset(columns[c]!.align ?? 'left', inner, this.width(line, font, size));
          this.draw(line, left, baseline, font, size);
        });
        x += width;
      });
      this.y -= height;
    };
    const drawHeader = (): void => drawRow(header, this.bold, true);
    const linesOnFreshPage = Math.floor((this.top - MARGIN.bottom - headerHeight - 2 * CELL_PADDING) / lineHeight);

    this.space(BODY_SIZE * 0.3);
    // the header and at least one line of the first row on the same page
    this.ensureSpace(headerHeight + lineHeight + 2 * CELL_PADDING);
    drawHeader();
    for (const row of rows) {
      let rest = wrapCells(row, this.regular);
      while (rest.length > 0) {
        const available = this.y - MARGIN.bottom;
        const fitting = Math.floor((available - 2 * CELL_PADDING + 1e-6) / lineHeight);
        const needed = Math.max(1, ...rest.map((lines) => lines.length));
        if (fitting < 1) {
          this.newPage();
          drawHeader();
          continue;
        }
        if (needed > fitting && needed <= linesOnFreshPage) {
          // the whole row fits on the next page: it is not split
          this.newPage();
          drawHeader();
          continue;
        }
        const take = Math.min(fitting, needed);
        drawRow(
          rest.map((lines) => lines.slice(0, take)),
          this.regular,
          false,
        );
        rest = take < needed ? rest.map((lines) => lines.slice(take)) : [];
        if (rest.length > 0) {
          this.newPage();
          drawHeader();
        }
      }
    }
    this.space(BODY_SIZE * 0.6);
    return this;
  }

  signatureBlock(lines: readonly string[]): CjkDocument {
    const size = BODY_SIZE;
    const lineHeight = size * LINE_HEIGHT * 1.6; // room to sign
    const x = MARGIN.left + this.contentWidth * 0.5;
    const measure = this.measure(this.regular, size);
    const wrapped = lines.flatMap((line) => breakLines(this.printable(line), this.contentWidth * 0.5, measure));
    this.space(size);
    const height = wrapped.length * lineHeight;
    if (height <= this.top - MARGIN.bottom) this.ensureSpace(height);
    for (const line of wrapped) {
      this.ensureSpace(lineHeight);
      this.draw(line, x, this.y - size, this.regular, size);
      this.y -= lineHeight;
    }
    return this;
  }

  space(points: number): CjkDocument {
    if (this.y !== this.top) this.y = Math.max(this.y - points, MARGIN.bottom);
    return this;
  }

  pageBreak(): CjkDocument {
    this.newPage();
    return this;
  }

  pageNumbers(format: (page: number, total: number) => string = defaultPageLabel): CjkDocument {
    this.numbering = format;
    return this;
  }

  async save(): Promise<Uint8Array> {
    if (this.numbering && !this.saved) {
      const pages = this.pdf.getPages();
      pages.forEach((page, i) => {
        const label = this.printable(this.numbering!(i + 1, pages.length));
        const width = this.width(label, this.regular, FOOTER_SIZE);
        page.drawText(label, {
          x: (this.size[0] - width) / 2,
          y: MARGIN.bottom / 2,
          size: FOOTER_SIZE,
          font: this.regular,
          color: INK,
        });
      });
    }
    this.saved = true;
    return this.pdf.save();
  }

  private get top(): number {
    return this.size[1] - MARGIN.top;
  }

  private newPage(): void {
    this.page = this.pdf.addPage([...this.size]);
    this.y = this.top;
  }

  private ensureSpace(height: number): void {
    if (this.y - height < MARGIN.bottom - 1e-6 && this.y !== this.top) this.newPage();
  }

  private textBlock(
    text: string,
    o: { font: PDFFont; size: number; align: Align | 'justify'; keepWithNext?: boolean; printable?: boolean },
  ): void {
    const lineHeight = o.size * LINE_HEIGHT;
    const measure = this.measure(o.font, o.size);
    // each hard line broken on its own, so that the last line of each is known (it is never justified)
    const lines = (o.printable ? text : this.printable(text)).split('\n').flatMap((hardLine) =>
      breakLines(hardLine, this.contentWidth, measure).map((line, i, all) => ({ line, last: i === all.length - 1 })),
    );
    // a heading is not left alone at the foot of a page: it takes two body lines along
    if (o.keepWithNext) this.ensureSpace(lines.length * lineHeight + 2 * BODY_SIZE * LINE_HEIGHT);
    for (const { line, last } of lines) {
      this.ensureSpace(lineHeight);
      const width = this.width(line, o.font, o.size);
      const baseline = this.y - o.size;
      if (o.align === 'justify') {
        this.drawJustified(line, baseline, o.font, o.size, last ? 0 : this.contentWidth - width);
      } else {
        this.draw(line, MARGIN.left + offset(o.align, this.contentWidth, width), baseline, o.font, o.size);
      }
      this.y -= lineHeight;
    }
  }

  /**
   * Chinese body text is set flush on both sides (两端对齐): the line's slack goes between its glyphs as
   * character spacing. A line left short by a long word that went to the next one stays ragged instead of
   * being spread thin.
   */
  private drawJustified(line: string, baseline: number, font: PDFFont, size: number, slack: number): void {
    const text = line.trimEnd();
    const face = font === this.bold ? this.fonts.bold : this.fonts.regular;
    const gaps = face.font.layout(text).glyphs.length - 1;
    const spacing = gaps > 0 ? slack / gaps : 0;
    if (spacing <= 0 || spacing > size * MAX_JUSTIFY_SPACING) {
      this.draw(line, MARGIN.left, baseline, font, size);
      return;
    }
    this.page.pushOperators(setCharacterSpacing(spacing));
    this.draw(line, MARGIN.left, baseline, font, size);
    this.page.pushOperators(setCharacterSpacing(0));
  }

  private draw(line: string, x: number, baseline: number, font: PDFFont, size: number): void {
    const text = line.trimEnd();
    if (text === '') return;
    this.page.drawText(text, { x, y: baseline, size, font, color: INK });
  }

  /** The text with every grapheme the (regular and bold) faces cannot draw replaced by a visible mark. */
  private printable(text: string): string {
    const { regular, bold, canonical } = this.fonts;
    return toPrintableText(
      text,
      (cp) => regular.font.hasGlyphForCodePoint(cp) && bold.font.hasGlyphForCodePoint(cp),
      MISSING_GLYPH_MARK,
      (cp) => canonical.get(cp) ?? cp,
    );
  }

  private measure(font: PDFFont, size: number): GraphemeWidth {
    const face = font === this.bold ? this.fonts.bold : this.fonts.regular;
    return (g) => advanceOf(face, g) * size;
  }

  private width(line: string, font: PDFFont, size: number): number {
    return lineWidth(line, this.measure(font, size));
  }
}

// Advance widths per point size, per face and grapheme, for the whole process: the same sum of glyph advances
// pdf-lib draws with (PDFFont.widthOfTextAtSize), without shaping the grapheme again in every document.
const advances = new WeakMap<CjkFont, Map<string, number>>();

function advanceOf(face: CjkFont, grapheme: string): number {
  let cache = advances.get(face);
  if (!cache) {
    cache = new Map();
    advances.set(face, cache);
  }
  let advance = cache.get(grapheme);
  if (advance === undefined) {
    let units = 0;
    for (const glyph of face.font.layout(grapheme).glyphs) units += glyph.advanceWidth;
    advance = units / face.font.unitsPerEm;
    cache.set(grapheme, advance);
  }
  return advance;
}

function rowHeight(cells: readonly string[][], lineHeight: number): number {
  return Math.max(1, ...cells.map((lines) => lines.length)) * lineHeight + 2 * CELL_PADDING;
}

function offset(align: Align, available: number, width: number): number {
  if (align === 'center') return Math.max(0, (available - width) / 2);
  if (align === 'right') return Math.max(0, available - width);
  return 0;
}

function defaultPageLabel(page: number, total: number): string {
  return `第 ${page} 页 共 ${total} 页`;
}
