import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/client.ts';
import { sm3Hex } from '../src/shared/sm3.ts';
import { caselink } from './run-cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'caselink-report-cli-'));
const outDir = mkdtempSync(join(tmpdir(), 'caselink-report-out-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

// each run starts a process and opens the embedded database: seconds each, more on a loaded machine
describe('bin/caselink report', { timeout: 240_000 }, () => {
  it('bad input: exit 2, one line on stderr, no stack trace', async () => {
    for (const args of [
      ['cases-by-stage', '--period', '2026-13', '--region', '990000'],
      ['cases-by-stage', '--region', '990000'],
      ['cases-by-stage', '--period', '2026-10', '--region', '99'],
      ['cases-by-stage', '--period', '2026-10', '--region', '990000', '--format', 'docx'],
    ]) {
      const run = await caselink(['--data', dataDir, 'report', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('lists the reports, writes an xlsx and the bulletin PDF, printing path, size and SM3, recorded as issued by the command line', async () => {
    expect((await caselink(['--data', dataDir, 'migrate'])).code).toBe(0);
    expect((await caselink(['--data', dataDir, 'seed', 'demo', '--cases', '0'], { timeoutMs: 150_000 })).code).toBe(0);
    const list = await caselink(['--data', dataDir, 'report', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('cases-by-stage');
    expect(list.stdout).toContain('bulletin');

    const xlsx = join(outDir, 'disputes.xlsx');
    const run = await caselink(['--data', dataDir, 'report', 'disputes', '--period', '2026-10', '--region', '990000', '--format', 'xlsx', '--out', xlsx]);
    expect(run.code, run.stderr).toBe(0);
    const [path, bytes, sm3] = run.stdout.trim().split('\n');
    expect(path).toBe(xlsx);
    const file = readFileSync(xlsx);
    expect(bytes).toBe(`bytes ${file.length}`);
    expect(sm3).toBe(`sm3 ${sm3Hex(new Uint8Array(file))}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    expect(String(wb.worksheets[0]!.getCell(1, 1).value)).toContain('矛盾纠纷化解统计表');

    const pdf = await caselink(['--data', dataDir, 'report', 'bulletin', '--period', '2026-10', '--region', '990000', '--format', 'pdf', '--out', join(outDir, 'b.pdf')]);
    expect(pdf.code, pdf.stderr).toBe(0);
    expect((await PDFDocument.load(readFileSync(join(outDir, 'b.pdf')))).getPageCount()).toBeGreaterThanOrEqual(1);

    const unknown = await caselink(['--data', dataDir, 'report', 'nope', '--period', '2026-10', '--region', '990000']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('REPORT_UNKNOWN');

    // both recorded in the history as issued by the command line, with the file's digest
    const db = await openDb({ databaseUrl: null, dataDir });
    try {
      const issues = await db.query<{ report_id: string; issued_by: string; sm3: string }>('SELECT report_id, issued_by, sm3 FROM report_issue ORDER BY issued_at, report_id');
      expect(issues.map((i) => [i.report_id, i.issued_by])).toEqual([['disputes', 'cli'], ['bulletin', 'cli']]);
      expect(`sm3 ${issues[0]!.sm3}`).toBe(sm3);
    } finally {
      await db.close();
    }
  });
});
