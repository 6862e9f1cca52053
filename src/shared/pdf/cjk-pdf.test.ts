import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFPage,
  PDFRawStream,
  PDFRef,
} from 'pdf-lib';
import { AppError } from '../errors.ts';
import { loadCjkFonts } from './cjk-font.ts';
import { createCjkDocument } from './cjk-pdf.ts';

const CREATED_AT = new Date('2026-11-22T08:00:00Z');

const AGREEMENT_FACTS =
  '2026年10月3日，乙方装修房屋时卫生间漏水，致楼下甲方家中天花板及墙面受损。甲方要求赔偿，双方多次协商未果，' +
  '遂于2026年10月15日向本委员会申请调解。经调解，双方自愿达成如下协议：（一）乙方赔偿甲方维修费人民币3,500元；' +
  '（二）乙方于2026年11月30日前一次性付清；（三）双方就此纠纷再无其他争议。';

async function agreement(): Promise<Uint8Array> {
  const doc = await createCjkDocument({ title: '人民调解协议书', author: '某某街道人民调解委员会', createdAt: CREATED_AT });
  doc
    .heading('人民调解协议书')
    .keyValues([
      ['甲方', '张某某，男，住某某市某某区某某路100号'],
      ['乙方', '李某某，女，住某某市某某区某某路100号'],
      ['纠纷类型', '邻里纠纷'],
    ])
    .heading('纠纷事实及协议内容', { level: 2 })
    .paragraph(AGREEMENT_FACTS)
    .signatureBlock(['甲方（签名）：', '乙方（签名）：', '人民调解员（签名）：', '某某街道人民调解委员会（印章）', '2026年11月22日'])
    .pageNumbers();
  return doc.save();
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function decode(stream: unknown): string {
  if (!(stream instanceof PDFRawStream)) throw new Error('expected a raw stream');
  return Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
}

/** The text a reader copies out of a page: content-stream glyph codes mapped through each font's ToUnicode. */
function pageText(pdf: PDFDocument, page: PDFPage): string {
  const fonts = page.node.Resources()!.lookup(PDFName.of('Font'), PDFDict);
  const toUnicode = new Map<string, Map<string, string>>();
  for (const [name, ref] of fonts.entries()) {
    const font = pdf.context.lookup(ref, PDFDict);
    const cmap = new Map<string, string>();
    for (const [, code, unicode] of decode(font.lookup(PDFName.of('ToUnicode'))).matchAll(/<([0-9a-f]+)> <([0-9a-f]+)>/gi)) {
      const units = unicode!.match(/.{4}/g)!.map((u) => Number.parseInt(u, 16));
      cmap.set(code!.toLowerCase(), String.fromCharCode(...units));
    }
    toUnicode.set(name.asString(), cmap);
  }
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray() : [contents];
  let text = '';
  let current: Map<string, string> | undefined;
  for (const ref of streams) {
    const ops = decode(ref instanceof PDFRef ? pdf.context.lookup(ref) : ref);
    for (const [, font, hex] of ops.matchAll(/(\/\S+) [\d.]+ Tf|<([0-9a-fA-F]*)> Tj/g)) {
      if (font) current = toUnicode.get(font);
      else for (const code of hex!.match(/.{4}/g) ?? []) text += current?.get(code.toLowerCase()) ?? '\uFFFD';
    }
  }
  return text;
}

/** The character spacings (Tc) set on the first page, in order. */
async function characterSpacings(bytes: Uint8Array): Promise<number[]> {
  const pdf = await PDFDocument.load(bytes);
  const contents = pdf.getPage(0).node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray() : [contents];
  const ops = streams.map((ref) => decode(ref instanceof PDFRef ? pdf.context.lookup(ref) : ref)).join('\n');
  return [...ops.matchAll(/([\d.]+) Tc/g)].map(([, value]) => Number(value));
}

async function texts(bytes: Uint8Array): Promise<string[]> {
  const pdf = await PDFDocument.load(bytes);
  return pdf.getPages().map((page) => pageText(pdf, page));
}

function embeddedFontSizes(pdf: PDFDocument): number[] {
  const sizes: number[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (object instanceof PDFDict && object.has(PDFName.of('FontFile2'))) {
      const file = pdf.context.lookup(object.get(PDFName.of('FontFile2')));
      if (file instanceof PDFRawStream) sizes.push(decodePDFRawStream(file).decode().length);
    }
  }
  return sizes;
}

describe('createCjkDocument', () => {
  it('makes a PDF that pdf-lib opens again, with its title, author, dates and one page', async () => {
    const pdf = await PDFDocument.load(await agreement(), { updateMetadata: false });
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe('人民调解协议书');
    expect(pdf.getAuthor()).toBe('某某街道人民调解委员会');
    expect(pdf.getCreationDate()?.toISOString()).toBe(CREATED_AT.toISOString());
    expect(pdf.getModificationDate()?.toISOString()).toBe(CREATED_AT.toISOString());
    const [width, height] = [pdf.getPage(0).getWidth(), pdf.getPage(0).getHeight()];
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
  });

  it('writes text that copies out as typed (ToUnicode), wrapped over lines, with the page number', async () => {
    const [page] = await texts(await agreement());
    expect(page).toContain('人民调解协议书');
    expect(page).toContain('甲方：张某某，男，住某某市某某区某某路100号');
    expect(page!.replace(/\s/g, '')).toContain(AGREEMENT_FACTS.replace(/\s/g, ''));
    expect(page).toContain('某某街道人民调解委员会（印章）');
    expect(page).toContain('第 1 页 共 1 页');
  });

  it('embeds the font as a subset: tens of kilobytes, not the 10 MB font', async () => {
    const bytes = await agreement();
    const fonts = embeddedFontSizes(await PDFDocument.load(bytes));
    expect(fonts).toHaveLength(2); // regular and bold
    for (const size of fonts) expect(size).toBeLessThan(60_000);
    // measured 2026-11-22: 25.8 kB for this one-page agreement, font streams 24.8 kB and 5.0 kB decoded
    // (docs/decisions/0003-cjk-pdf-font.md)
    expect(bytes.length).toBeLessThan(40_000);
  });

  it('flows long text onto further pages: 100 lines at 33 a page make 4 pages', async () => {
    const doc = await createCjkDocument({ createdAt: CREATED_AT });
    const lines = Array.from({ length: 100 }, (_, i) => `第${i + 1}行`);
    doc.paragraph(lines.join('\n'), { indent: false });
    expect(doc.pageCount).toBe(4);
    const pages = await texts(await doc.save());
    expect(pages).toHaveLength(4);
    expect(pages[0]).toMatch(/^第1行第2行/);
    expect(pages[1]).toMatch(/^第34行/);
    expect(pages[3]).toBe('第100行');
  });

  it('wraps a long paragraph into lines and pages without losing a character', async () => {
    const doc = await createCjkDocument({ createdAt: CREATED_AT });
    const text = AGREEMENT_FACTS.repeat(40);
    doc.paragraph(text, { indent: false });
    expect(doc.pageCount).toBeGreaterThan(1);
    expect((await texts(await doc.save())).join('')).toBe(text);
  });

  it('justifies body lines but the last of each paragraph, and leaves a line short of a long word ragged', async () => {
    const make = async (text: string, align?: 'left') => {
      const doc = await createCjkDocument({ createdAt: CREATED_AT });
      doc.paragraph(text, { indent: false, align });
      return characterSpacings(await doc.save());
    };
    const twoParagraphs = `${AGREEMENT_FACTS}\n${AGREEMENT_FACTS}`; // 4 lines each at 12 pt
    const spread = (await make(twoParagraphs)).filter((tc) => tc > 0);
    expect(spread).toHaveLength(6);
    for (const tc of spread) expect(tc).toBeLessThanOrEqual(12 * 0.25);
    expect((await make(twoParagraphs, 'left')).filter((tc) => tc > 0)).toEqual([]);
    // about 150 pt of the 442 pt line, then a word of about 330 pt that has to start the next line
    const longWord = `调解${'x'.repeat(20)} ${'y'.repeat(60)}`;
    expect((await make(longWord)).filter((tc) => tc > 0)).toEqual([]);
  });

  it('repeats the table header on every page and continues the rows in order', async () => {
    const doc = await createCjkDocument({ createdAt: CREATED_AT });
    const rows = Array.from({ length: 90 }, (_, i) => [String(i + 1), `某某区第${i + 1}街道`, String((i * 37) % 100)]);
    doc
      .heading('2026年10月矛盾纠纷化解情况统计表')
      .table([{ header: '序号', weight: 0.5, align: 'center' }, { header: '单位', weight: 3 }, { header: '化解件数', align: 'right' }], rows)
      .pageNumbers();
    const pages = await texts(await doc.save());
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, i) => {
      expect(page.startsWith(i === 0 ? '2026年10月矛盾纠纷化解情况统计表序号单位化解件数' : '序号单位化解件数')).toBe(true);
      expect(page.endsWith(`第 ${i + 1} 页 共 ${pages.length} 页`)).toBe(true);
    });
    const cells = pages.join('').match(/某某区第\d+街道/g)!;
    expect(cells).toEqual(rows.map((row) => row[1]));
  });

  it('splits a table row taller than a page over pages instead of losing its lines', async () => {
    const doc = await createCjkDocument({ createdAt: CREATED_AT });
    const tall = Array.from({ length: 60 }, (_, i) => `第${i + 1}段`).join('\n');
    doc.table([{ header: '项目' }, { header: '说明', weight: 4 }], [['备注', tall]]);
    const pages = await texts(await doc.save());
    expect(pages).toHaveLength(2);
    expect(pages.join('').match(/第\d+段/g)).toHaveLength(60);
    expect(pages[1]!.startsWith('项目说明')).toBe(true);
  });

  it('refuses a table row with the wrong number of cells', async () => {
    const doc = await createCjkDocument({ createdAt: CREATED_AT });
    expect(() => doc.table([{ header: '甲' }, { header: '乙' }], [['1', '2'], ['3']])).toThrow(AppError);
  });

  it('draws a visible mark for emoji and characters the font lacks, instead of failing', async () => {
    const doc = await createCjkDocument({ createdAt: CREATED_AT });
    doc.paragraph('当事人陈述：太好了😀👨‍👩‍👧，谢谢调解员👍🏽！姓名含𠮷字。', { indent: false });
    const [page] = await texts(await doc.save());
    expect(page).toBe('当事人陈述：太好了□□，谢谢调解员□！姓名含□字。');
  });

  it('draws one code point for each glyph, so a Kangxi radical copies out as the ideograph', async () => {
    const doc = await createCjkDocument({ createdAt: CREATED_AT });
    doc.paragraph('⼀一　阿依古丽・买买提', { indent: false });
    const [page] = await texts(await doc.save());
    expect(page).toBe('一一　阿依古丽·买买提');
  });

  // Across processes the bytes stay the same because each glyph is reached by one code point only (the test
  // above); a glyph's Unicode value could otherwise depend on which document first used it.
  it('gives the same bytes for the same input and date, with other documents made in between', async () => {
    const first = sha256(await agreement());
    const other = await createCjkDocument({ createdAt: new Date() });
    other.paragraph('⼀ ・ … ― 〈〉 ①➀ 其他文书 ABC fi').table([{ header: '甲' }], [['乙']]);
    await other.save();
    expect(sha256(await agreement())).toBe(first);
    const later = await createCjkDocument({ title: '人民调解协议书', createdAt: new Date('2026-11-23T08:00:00Z') });
    expect(sha256(await later.save())).not.toBe(first);
  });

  it('reads the font once per process', async () => {
    const [a, b] = await Promise.all([loadCjkFonts(), loadCjkFonts()]);
    expect(a).toBe(b);
    expect(await loadCjkFonts()).toBe(a);
    expect(a.regular.font.hasGlyphForCodePoint('调'.codePointAt(0)!)).toBe(true);
  });
});
