/**
 * A report as a file: Excel (.xlsx, exceljs) with a header block, the table (header row frozen, each column's
 * number format, a totals row) and a sheet of notes defining the figures; or PDF (the shared Chinese layout of
 * src/shared/pdf, landscape when the table is wide, pages numbered). Both are the same bytes for the same data and
 * the same generated-at moment.
 */
import ExcelJS from 'exceljs';
import { isoCst } from '../../engine/clock/civil-date.ts';
import { EXCEL_FORMATS, type ReportDefinition } from '../../engine/reports/definitions.ts';
import { formatFigure, type ReportTable } from '../../engine/reports/table.ts';
import type { FilledBulletin } from '../../engine/reports/bulletin.ts';
import { createCjkDocument } from '../../shared/pdf/cjk-pdf.ts';

export interface ReportDocument {
  def: ReportDefinition;
  table: ReportTable;
  region: { code: string; name: string };
  period: { text: string; label: { zh: string; en: string } };
  generatedAt: Date;
  /** the unit (or 'CaseLink' for the command line and the scheduler) issuing it */
  issuingUnit: string;
}

export const REPORT_MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;
export type ReportFormat = keyof typeof REPORT_MIME;

/** Columns beyond this many turn the PDF page sideways. */
const PORTRAIT_MAX_COLUMNS = 6;
const HEADER_ROWS = 6;

function headerBlock(d: ReportDocument): [string, string][] {
  return [
    ['地区 Region', `${d.region.name}（${d.region.code}）`],
    ['统计期间 Period', `${d.period.label.zh}（${d.period.text}）`],
    ['生成时间 Generated at', isoCst(d.generatedAt.getTime())],
    ['制表单位 Issued by', d.issuingUnit],
  ];
}

export async function renderXlsx(d: ReportDocument): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CaseLink';
  wb.lastModifiedBy = 'CaseLink';
  wb.created = d.generatedAt;
  wb.modified = d.generatedAt;
  const ws = wb.addWorksheet('报表 Report', { views: [{ state: 'frozen', ySplit: HEADER_ROWS + 1, xSplit: 1 }] });
  const width = d.def.columns.length + 1;
  ws.mergeCells(1, 1, 1, width);
  const title = ws.getCell(1, 1);
  title.value = `${d.def.title.zh} ${d.def.title.en}`;
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center' };
  headerBlock(d).forEach(([label, value], i) => {
    ws.getCell(i + 2, 1).value = label;
    ws.getCell(i + 2, 1).font = { bold: true };
    ws.getCell(i + 2, 2).value = value;
  });
  const header = ws.getRow(HEADER_ROWS + 1);
  header.values = [`${d.def.groupHeader.zh}\n${d.def.groupHeader.en}`, ...d.def.columns.map((c) => `${c.header.zh}\n${c.header.en}`)];
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  header.height = 32;
  ws.getColumn(1).width = 30;
  d.def.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 2);
    col.width = 16;
    col.numFmt = EXCEL_FORMATS[c.format];
  });
  for (const r of d.table.rows) ws.addRow([r.name, ...r.cells]);
  if (d.table.totals) {
    const totals = ws.addRow(['合计 Total', ...d.table.totals]);
    totals.font = { bold: true };
  }
  const notes = wb.addWorksheet('口径说明 Notes');
  notes.columns = [
    { header: '指标 Figure', width: 24 },
    { header: '口径', width: 70 },
    { header: 'Definition', width: 70 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const n of d.def.notes) {
    const column = n.column ? d.def.columns.find((c) => c.id === n.column) : null;
    notes.addRow([column ? `${column.header.zh} ${column.header.en}` : '全表 Whole table', n.text.zh, n.text.en]);
  }
  notes.addRow(['数据来源 Source', d.def.source.zh, d.def.source.en]);
  notes.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  notes.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  const buffer = await wb.xlsx.writeBuffer();
  return stampZipEntries(new Uint8Array(buffer as ArrayBuffer), d.generatedAt);
}

/**
 * The zip writer under exceljs dates every entry "now": each entry's DOS time and date (and an extended timestamp
 * where there is one) are set to `at` instead, so the same report at the same moment is the same bytes. Walks
 * the central directory (APPNOTE 4.3.12, 4.3.16) and the local headers it points at.
 */
export function stampZipEntries(zip: Uint8Array, at: Date): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let eocd = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file: no end of central directory');
  const local = new Date(at.getTime() + 8 * 3_600_000); // DOS times are local: China Standard Time
  const dosTime = (local.getUTCHours() << 11) | (local.getUTCMinutes() << 5) | (local.getUTCSeconds() >> 1);
  const dosDate = ((local.getUTCFullYear() - 1980) << 9) | ((local.getUTCMonth() + 1) << 5) | local.getUTCDate();
  const unix = Math.floor(at.getTime() / 1000);
  const stampExtra = (start: number, length: number) => {
    for (let p = start; p + 4 <= start + length; ) {
      const id = view.getUint16(p, true);
      const size = view.getUint16(p + 2, true);
      if (id === 0x5455 && size >= 5 && (out[p + 4]! & 1)) view.setUint32(p + 5, unix, true);
      p += 4 + size;
    }
  };
  const entries = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  for (let n = 0; n < entries; n++) {
    if (view.getUint32(p, true) !== 0x02014b50) throw new Error('zip central directory is damaged');
    view.setUint16(p + 12, dosTime, true);
    view.setUint16(p + 14, dosDate, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    stampExtra(p + 46 + nameLength, extraLength);
    const header = view.getUint32(p + 42, true);
    if (view.getUint32(header, true) === 0x04034b50) {
      view.setUint16(header + 10, dosTime, true);
      view.setUint16(header + 12, dosDate, true);
      stampExtra(header + 30 + view.getUint16(header + 26, true), view.getUint16(header + 28, true));
    }
    p += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

export async function renderPdf(d: ReportDocument): Promise<Uint8Array> {
  const landscape = d.def.columns.length + 1 > PORTRAIT_MAX_COLUMNS;
  const doc = await createCjkDocument({ title: `${d.def.title.zh} ${d.period.text}`, subject: d.def.title.en, author: d.issuingUnit, createdAt: d.generatedAt, landscape });
  doc.heading(d.def.title.zh, { level: 1 });
  doc.paragraph(d.def.title.en, { indent: false, align: 'center' });
  doc.keyValues(headerBlock(d));
  const rows = d.table.rows.map((r) => [r.name, ...r.cells.map((v, i) => formatFigure(v, d.def.columns[i]!.format))]);
  if (d.table.totals) rows.push(['合计', ...d.table.totals.map((v, i) => (d.def.columns[i]!.total ? formatFigure(v, d.def.columns[i]!.format) : ''))]);
  if (rows.length === 0) rows.push(['（无数据）', ...d.def.columns.map(() => '')]);
  doc.table(
    [{ header: d.def.groupHeader.zh, weight: 2.2 }, ...d.def.columns.map((c) => ({ header: c.header.zh, align: 'right' as const }))],
    rows,
  );
  doc.heading('口径说明', { level: 2 });
  for (const n of d.def.notes) {
    const column = n.column ? d.def.columns.find((c) => c.id === n.column) : null;
    doc.paragraph(`${column ? `${column.header.zh}：` : ''}${n.text.zh}`, { indent: false });
  }
  doc.paragraph(`数据来源：${d.def.source.zh}`, { indent: false });
  doc.pageNumbers();
  return doc.save();
}

export function renderReport(format: ReportFormat, d: ReportDocument): Promise<Uint8Array> {
  return format === 'xlsx' ? renderXlsx(d) : renderPdf(d);
}

/** The monthly bulletin as a PDF (the Chinese text; its English is given by the API's preview). */
export async function renderBulletinPdf(b: FilledBulletin, meta: { issuingUnit: string; generatedAt: Date }): Promise<Uint8Array> {
  const doc = await createCjkDocument({ title: b.title, author: meta.issuingUnit, createdAt: meta.generatedAt });
  doc.heading(b.title, { level: 1 });
  doc.paragraph(b.intro);
  for (const s of b.sections) {
    doc.heading(s.heading, { level: 2 });
    doc.paragraph(s.paragraph);
  }
  doc.heading(b.notable.heading, { level: 2 });
  for (const item of b.notable.items) doc.paragraph(item);
  doc.space(18);
  doc.signatureBlock([meta.issuingUnit, isoCst(meta.generatedAt.getTime()).slice(0, 10)]);
  doc.pageNumbers();
  return doc.save();
}
