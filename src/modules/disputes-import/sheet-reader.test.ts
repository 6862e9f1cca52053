import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { zip } from '../../../test/fixtures/documents/build.ts';
import type { SheetRow } from '../../engine/disputes-import/row-mapper.ts';
import { loadDisputeImportRules } from '../../rules/load-dispute-import.ts';
import { AppError } from '../../shared/errors.ts';
import { type ByteSource, type EncodingChoice, checkWorkbook, openSheet } from './sheet-reader.ts';

const rules = loadDisputeImportRules();
const opts = (encoding: EncodingChoice = 'auto') => ({ encoding, maxFileBytes: rules.limits.maxFileBytes, workbook: rules.workbook, maxRecordChars: 400_000 });

/** The bytes in chunks of `size`, so a character or a row may be split between two chunks. */
function chunked(bytes: Uint8Array, size = 7): ByteSource {
  return async function* () {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  };
}
async function rows(name: string, bytes: Uint8Array, encoding: EncodingChoice = 'auto'): Promise<{ encoding: string | null; format: string; rows: SheetRow[] }> {
  const sheet = await openSheet(name, chunked(bytes), opts(encoding));
  const out: SheetRow[] = [];
  for await (const r of sheet.rows()) out.push(r);
  return { encoding: sheet.encoding, format: sheet.format, rows: out };
}
async function refusal(p: Promise<unknown>): Promise<AppError> {
  const error = await p.then(() => null, (e: unknown) => e);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}
const utf8 = (s: string) => new TextEncoder().encode(s);

// 纠纷类型,张三 in GB18030 (GBK range): bytes as Windows Excel saves "CSV (逗号分隔)" on a Chinese system
const GB_HEADER = [0xbe, 0xc0, 0xb7, 0xd7, 0xc0, 0xe0, 0xd0, 0xcd];
const GB_ZHANGSAN = [0xd5, 0xc5, 0xc8, 0xfd];

describe('CSV', () => {
  it('UTF-8 with and without BOM, quoted fields with commas and line breaks; rows numbered as the sheet shows them', async () => {
    const text = '纠纷类型,纠纷简要情况\r\n邻里纠纷,"漏水,多次\n沟通"\r\n\r\n其他纠纷,😀\r\n';
    for (const bytes of [utf8(text), utf8(`\ufeff${text}`)]) {
      const r = await rows('a.csv', bytes);
      expect(r.encoding).toBe('utf-8');
      expect(r.rows).toEqual([
        { row: 1, cells: ['纠纷类型', '纠纷简要情况'] },
        { row: 2, cells: ['邻里纠纷', '漏水,多次\n沟通'] },
        { row: 3, cells: [''] },
        { row: 4, cells: ['其他纠纷', '😀'] },
      ]);
    }
  });

  it('GB18030 is detected, or taken from --encoding; a character split between chunks decodes whole', async () => {
    const bytes = new Uint8Array([...GB_HEADER, 0x2c, 0x41, 0x0a, ...GB_ZHANGSAN, 0x2c, 0x42, 0x0a]);
    for (const encoding of ['auto', 'gb18030'] as const) {
      const r = await rows('gbk.csv', bytes, encoding);
      expect(r.encoding).toBe('gb18030');
      expect(r.rows.map((x) => x.cells)).toEqual([['纠纷类型', 'A'], ['张三', 'B']]);
    }
  });

  it('GB18030 read as UTF-8 because --encoding says so is refused with the encoding named', async () => {
    const error = await refusal(rows('gbk.csv', new Uint8Array([...GB_HEADER, 0x0a]), 'utf-8'));
    expect(error.code).toBe('IMPORT_ENCODING_INVALID');
    expect(error.details).toMatchObject({ encoding: 'utf-8' });
  });

  it('tab-separated text (Excel "Unicode text", UTF-16 with BOM) is read too', async () => {
    const body = Buffer.from('纠纷类型\t申请人姓名\n邻里纠纷\t张三\n', 'utf16le');
    const r = await rows('a.txt', new Uint8Array([0xff, 0xfe, ...body]));
    expect(r.encoding).toBe('utf-16le');
    expect(r.rows.map((x) => x.cells)).toEqual([['纠纷类型', '申请人姓名'], ['邻里纠纷', '张三']]);
  });

  it('an unclosed quote is refused with the row; an empty file and binary bytes are refused', async () => {
    const unclosed = await refusal(rows('a.csv', utf8('纠纷类型\n邻里纠纷\n"没有闭合\n')));
    expect(unclosed.code).toBe('IMPORT_FILE_UNREADABLE');
    expect(unclosed.bilingual.zh).toContain('引号没有闭合');
    expect((await refusal(rows('a.csv', new Uint8Array()))).code).toBe('IMPORT_FILE_EMPTY');
    expect((await refusal(rows('a.csv', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])))).code).toBe('IMPORT_NOT_A_WORKBOOK');
  });

  it('a file over the size limit is refused', async () => {
    const sheet = await openSheet('a.csv', chunked(utf8(`a\n${'b\n'.repeat(1000)}`), 100), { ...opts(), maxFileBytes: 1024 });
    const error = await refusal((async () => {
      for await (const _ of sheet.rows());
    })());
    expect(error.code).toBe('IMPORT_FILE_TOO_LARGE');
  });
});

async function workbook(rowsIn: unknown[][], sheets = 1): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('纠纷');
  for (const r of rowsIn) ws.addRow(r);
  for (let i = 1; i < sheets; i++) wb.addWorksheet(`说明${i}`).addRow(['不是数据']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('Excel', () => {
  it('reads the first sheet: text, numbers, rich text and a formula by its saved result, never evaluated', async () => {
    const bytes = await workbook(
      [
        ['纠纷类型', '涉及金额（元）', '纠纷简要情况'],
        ['邻里纠纷', 1200.5, { richText: [{ text: '漏水' }, { text: '纠纷' }] }],
        [],
        ['其他纠纷', { formula: 'SUM(1,2)', result: 3 }, { formula: 'HYPERLINK("http://x","点击")', result: '点击' }],
      ],
      2,
    );
    const r = await rows('a.xlsx', bytes);
    expect(r.format).toBe('xlsx');
    expect(r.rows).toEqual([
      { row: 1, cells: ['纠纷类型', '涉及金额（元）', '纠纷简要情况'] },
      { row: 2, cells: ['邻里纠纷', 1200.5, '漏水纠纷'] },
      { row: 4, cells: ['其他纠纷', 3, '点击'] },
    ]);
  });

  it('by content, not by name: a workbook named .csv is read as one, a text file named .xlsx is refused', async () => {
    expect((await rows('a.csv', await workbook([['纠纷类型']]))).format).toBe('xlsx');
    const renamed = await refusal(rows('a.xlsx', utf8('纠纷类型,申请人\n')));
    expect(renamed.code).toBe('IMPORT_NOT_A_WORKBOOK');
    expect(renamed.bilingual.en).toContain('not a valid Excel workbook');
  });

  it('an old binary .xls (OLE2) is refused with how to save it', async () => {
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const error = await refusal(rows('old.xls', ole));
    expect(error.code).toBe('IMPORT_LEGACY_XLS');
    expect(error.bilingual.zh).toContain('另存为 .xlsx');
  });

  it('a ZIP that is not a workbook, and a damaged one, are refused', async () => {
    expect((await refusal(rows('a.xlsx', zip([{ name: 'word/document.xml', data: '<w/>' }])))).code).toBe('IMPORT_NOT_A_WORKBOOK');
    const good = await workbook([['纠纷类型']]);
    expect((await refusal(rows('a.xlsx', good.subarray(0, good.length - 30)))).code).toBe('IMPORT_NOT_A_WORKBOOK');
  });

  it('a ZIP bomb is refused before anything is unpacked: by ratio, by total size, by entries, and by a size that lies', async () => {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    const base = [{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/workbook.xml', data: '<workbook/>' }];
    const limits = { ...rules.workbook };
    const bomb = zip([...base, { name: 'xl/worksheets/sheet1.xml', data: zeros }]);
    expect(deflateRawSync(zeros).length).toBeLessThan(zeros.length / limits.maxRatio);
    const byRatio = await refusal(checkWorkbook(bomb, limits));
    expect(byRatio).toMatchObject({ code: 'IMPORT_WORKBOOK_TOO_LARGE', details: { reason: 'ratio' } });
    expect((await refusal(checkWorkbook(bomb, { ...limits, maxRatio: 1100, maxUncompressedBytes: 4 * 1024 * 1024 }))).details).toMatchObject({ reason: 'size' });
    const many = zip([...base, ...Array.from({ length: 20 }, (_, i) => ({ name: `xl/x${i}.xml`, data: '<x/>' }))]);
    expect((await refusal(checkWorkbook(many, { ...limits, maxEntries: 10 }))).details).toMatchObject({ reason: 'entries' });
    const liar = zip([...base, { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(512 * 1024), declaredSize: 1000 }]);
    expect((await refusal(checkWorkbook(liar, limits))).details).toMatchObject({ reason: 'declared size exceeded' });
    // and through openSheet, as the importer calls it
    expect((await refusal(rows('bomb.xlsx', bomb))).code).toBe('IMPORT_WORKBOOK_TOO_LARGE');
  });
});
