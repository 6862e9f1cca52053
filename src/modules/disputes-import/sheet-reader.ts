/**
 * Reading an import file row by row: CSV (UTF-8 with or without BOM, GB18030 as Chinese Excel exports it,
 * UTF-16 with BOM; comma- or tab-separated) streamed through csv-parse, and Excel .xlsx through exceljs's
 * streaming reader after its ZIP directory has been checked against the limits (a ZIP bomb, a renamed text
 * file and an old binary .xls are refused before anything is unpacked). Formulas are never evaluated: a
 * formula cell gives the result Excel saved with it.
 */
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse';
import type { CellValue } from 'exceljs';
import type { Cell, SheetRow } from '../../engine/disputes-import/row-mapper.ts';
import type { WorkbookLimits } from '../../engine/disputes-import/import-rules.ts';
import { AppError } from '../../shared/errors.ts';
import { readZipDirectory, zipEntryData } from '../dossiers/file-type.ts';

export const ENCODINGS = ['auto', 'utf-8', 'gb18030'] as const;
export type EncodingChoice = (typeof ENCODINGS)[number];

/** The bytes of an import file, read as many times as the import needs (once to check, once to store). */
export type ByteSource = () => AsyncIterable<Uint8Array>;

export interface OpenedSheet {
  format: 'csv' | 'xlsx';
  /** the character encoding a CSV was read in (null for a workbook) */
  encoding: string | null;
  rows(): AsyncGenerator<SheetRow>;
}

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const SNIFF_BYTES = 64 * 1024;

const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);

/**
 * Opens an import file by what its bytes are, not by its name: a ZIP is read as a workbook, an OLE2 file (old
 * .xls, or an encrypted workbook) is refused, anything else named .xls/.xlsx is refused as not a workbook, and
 * the rest is read as CSV text. A workbook is loaded whole (bounded by limits.maxFileBytes) to check its ZIP
 * directory; CSV is streamed.
 */
export async function openSheet(
  name: string,
  source: ByteSource,
  opts: { encoding: EncodingChoice; maxFileBytes: number; workbook: WorkbookLimits; maxRecordChars: number },
): Promise<OpenedSheet> {
  const head = await readHead(source, SNIFF_BYTES);
  if (head.length === 0) throw new AppError('IMPORT_FILE_EMPTY');
  if (startsWith(head, OLE2)) throw new AppError('IMPORT_LEGACY_XLS', { file: name });
  if (startsWith(head, ZIP)) {
    const bytes = await readAll(source, opts.maxFileBytes);
    await checkWorkbook(bytes, opts.workbook);
    return { format: 'xlsx', encoding: null, rows: () => readWorkbookRows(bytes) };
  }
  if (/\.xls[xmb]?$/i.test(name)) throw new AppError('IMPORT_NOT_A_WORKBOOK', { file: name, reason: 'not a ZIP archive' });
  const encoding = detectEncoding(head, opts.encoding);
  const delimiter = detectDelimiter(head, encoding);
  return { format: 'csv', encoding, rows: () => readCsvRows(source, encoding, delimiter, opts.maxRecordChars, opts.maxFileBytes) };
}

/** The encoding of CSV bytes: a BOM decides; else valid UTF-8 is UTF-8 and anything else GB18030. */
export function detectEncoding(head: Uint8Array, choice: EncodingChoice): string {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(head, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
  if (head.includes(0)) throw new AppError('IMPORT_NOT_A_WORKBOOK', { reason: 'binary content (NUL bytes) in a file read as CSV' });
  if (choice !== 'auto') return choice;
  try {
    // stream: true lets the sample end inside a character
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

function detectDelimiter(head: Uint8Array, encoding: string): string {
  const text = new TextDecoder(encoding).decode(head.subarray(0, 4096));
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
}

async function* decode(source: ByteSource, encoding: string, maxFileBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  let total = 0;
  try {
    for await (const chunk of source()) {
      total += chunk.length;
      if (total > maxFileBytes) throw new AppError('IMPORT_FILE_TOO_LARGE', { maxFileBytes });
      yield decoder.decode(chunk, { stream: true });
    }
    yield decoder.decode();
  } catch (error) {
    if (error instanceof TypeError) throw new AppError('IMPORT_ENCODING_INVALID', { encoding, atByte: total });
    throw error;
  }
}

const CSV_REASONS: Record<string, { zh: string; en: string }> = {
  CSV_QUOTE_NOT_CLOSED: { zh: '引号没有闭合', en: 'a quote is not closed' },
  CSV_MAX_RECORD_SIZE: { zh: '一行的内容过长', en: 'a row is too long' },
};

async function* readCsvRows(source: ByteSource, encoding: string, delimiter: string, maxRecordChars: number, maxFileBytes: number): AsyncGenerator<SheetRow> {
  const parser = parseCsv({ bom: true, delimiter, relax_column_count: true, relax_quotes: true, max_record_size: maxRecordChars });
  const input = Readable.from(decode(source, encoding, maxFileBytes), { objectMode: true });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      yield { row, cells: record };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code ?? 'CSV';
    const reason = CSV_REASONS[code] ?? { zh: 'CSV 格式错误', en: 'malformed CSV' };
    throw new AppError('IMPORT_FILE_UNREADABLE', { row: row + 1, reason: code }, {
      zh: `无法按 CSV 格式读取文件：第 ${row + 1} 行附近${reason.zh}`,
      en: `The file cannot be read as CSV: ${reason.en} near row ${row + 1}`,
    });
  } finally {
    input.destroy();
  }
}

const RATIO_FLOOR_BYTES = 1024 * 1024;

/**
 * Refuses a ZIP that is not a workbook or that would unpack to more than the limits allow. Every entry is
 * inflated here, counting bytes and keeping none, and must come to no more than its declared size, so a
 * directory that lies about sizes is caught as well.
 */
export async function checkWorkbook(bytes: Uint8Array, limits: WorkbookLimits): Promise<void> {
  const directory = readZipDirectory(bytes);
  if (directory === null) throw new AppError('IMPORT_NOT_A_WORKBOOK', { reason: 'damaged ZIP archive' });
  const tooLarge = (reason: string, detail: Record<string, unknown>) => new AppError('IMPORT_WORKBOOK_TOO_LARGE', { reason, ...detail });
  if (directory.entries.length > limits.maxEntries) throw tooLarge('entries', { entries: directory.entries.length, maxEntries: limits.maxEntries });
  const names = new Set(directory.entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) throw new AppError('IMPORT_NOT_A_WORKBOOK', { reason: 'a ZIP archive without an Excel workbook in it' });
  let total = 0;
  for (const entry of directory.entries) {
    total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > RATIO_FLOOR_BYTES && ratio > limits.maxRatio) throw tooLarge('ratio', { entry: entry.name, ratio: Math.round(ratio), maxRatio: limits.maxRatio });
  }
  if (total > limits.maxUncompressedBytes) throw tooLarge('size', { uncompressedBytes: total, maxUncompressedBytes: limits.maxUncompressedBytes });
  for (const entry of directory.entries) {
    if ((entry.flags & 1) !== 0) throw new AppError('IMPORT_LEGACY_XLS', { reason: 'encrypted entry', entry: entry.name });
    const data = zipEntryData(bytes, directory, entry);
    if (data === null) throw new AppError('IMPORT_NOT_A_WORKBOOK', { reason: 'entry outside the archive', entry: entry.name });
    if (entry.method === 0) continue;
    if (entry.method !== 8) throw new AppError('IMPORT_NOT_A_WORKBOOK', { reason: `compression method ${entry.method}`, entry: entry.name });
    const size = await inflatedSize(data, entry.uncompressedSize);
    if (size === null) throw new AppError('IMPORT_NOT_A_WORKBOOK', { reason: 'entry does not inflate', entry: entry.name });
    if (size > entry.uncompressedSize) throw tooLarge('declared size exceeded', { entry: entry.name, declared: entry.uncompressedSize });
  }
}

/** The inflated size of raw deflate data, stopping as soon as it passes `limit` (null when it is not deflate). */
function inflatedSize(data: Uint8Array, limit: number): Promise<number | null> {
  return new Promise((resolve) => {
    const inflate = createInflateRaw();
    let n = 0;
    inflate.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > limit) {
        inflate.destroy();
        resolve(n);
      }
    });
    inflate.on('end', () => resolve(n));
    inflate.on('error', () => resolve(null));
    inflate.end(data);
  });
}

async function* readWorkbookRows(bytes: Uint8Array): AsyncGenerator<SheetRow> {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  try {
    // the first worksheet only: a template's notes or lists on later sheets are not data
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        const values = row.values as CellValue[];
        const cells: Cell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(toCell(values[i]));
        yield { row: row.number, cells };
      }
      return;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('IMPORT_NOT_A_WORKBOOK', { reason: (error as Error).message?.slice(0, 200) ?? 'unreadable workbook' });
  }
}

function toCell(value: CellValue | undefined): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return toCell((value as { result?: CellValue }).result as CellValue);
  if ('hyperlink' in value) return String((value as { text?: unknown }).text ?? '');
  return null;
}

async function readHead(source: ByteSource, n: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let have = 0;
  for await (const chunk of source()) {
    parts.push(chunk);
    have += chunk.length;
    if (have >= n) break;
  }
  return Buffer.concat(parts).subarray(0, n);
}

async function readAll(source: ByteSource, max: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let have = 0;
  for await (const chunk of source()) {
    have += chunk.length;
    if (have > max) throw new AppError('IMPORT_FILE_TOO_LARGE', { maxFileBytes: max });
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}
