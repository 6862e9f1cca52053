import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { typeIndex } from '../../engine/disputes-import/row-mapper.ts';
import { loadDisputeImportRules } from '../../rules/load-dispute-import.ts';
import { AppError } from '../../shared/errors.ts';
import { type AcceptedRow, type ImportOptions, type ImportSink, type StoreOutcome, importDisputes } from './disputes-import.service.ts';

const rules = loadDisputeImportRules();
const types = typeIndex([{ id: 'neighbour', name: { zh: '邻里纠纷', en: 'Neighbours' } }]);

/** A sink keeping what it is given; `refuse` makes it refuse rows whose summary says so (as the intake may). */
function memorySink(): ImportSink & { stored: Map<string, AcceptedRow>; batches: number[] } {
  const stored = new Map<string, AcceptedRow>();
  const batches: number[] = [];
  return {
    stored,
    batches,
    existingKeys: async (keys) => new Set(keys.filter((k) => stored.has(k))),
    store: async (rows) => {
      batches.push(rows.length);
      return rows.map((r): StoreOutcome => {
        if (r.input.summary.includes('重复登记')) return { kind: 'refused', problems: [{ column: null, field: 'parties', message: { zh: '重复', en: 'duplicate' } }] };
        if (stored.has(r.importKey)) return { kind: 'already-imported' };
        stored.set(r.importKey, r);
        return { kind: 'accepted', id: `d${stored.size}` };
      });
    },
  };
}
const bytes = (s: string) => {
  const b = new TextEncoder().encode(s);
  return async function* () {
    yield b;
  };
};
const options = (over: Partial<ImportOptions> = {}): ImportOptions => ({ rules, types, today: new Date('2026-11-22T00:00:00Z'), dryRun: false, encoding: 'auto', ...over });

const CSV = [
  '纠纷类型,纠纷简要情况,申请人姓名,申请人电话,被申请人姓名,备注',
  '邻里纠纷,漏水,张三,13800138000,李四,',
  '邻里纠纷,噪音,王五,13900139000,赵六,',
  '邻里纠纷,<script>alert(1)</script>,王五,12345,赵六,',
  '邻里纠纷,漏水,张三,13800138000,李四,同一行又交了一次',
  '',
  '邻里纠纷,重复登记,孙七,13700137000,周八,',
].join('\n');

describe('importDisputes', () => {
  it('stores the good rows in batches and reports the rest: rejected with row and reasons, repeated, ignored columns', async () => {
    const sink = memorySink();
    const progress: [number, number][] = [];
    const report = await importDisputes('a.csv', bytes(CSV), sink, options({ rules: { ...rules, limits: { ...rules.limits, batchSize: 1 } }, onProgress: (d, t) => progress.push([d, t]) }));
    expect(report).toMatchObject({ format: 'csv', encoding: 'utf-8', dryRun: false, rows: 5, accepted: 2, alreadyImported: 1, rejected: 2, repeated: [{ row: 5, sameAs: 2 }], ignoredColumns: ['备注'] });
    expect(report.rejections.map((r) => [r.row, r.problems.map((p) => p.column)])).toEqual([
      [4, ['纠纷简要情况', '申请人电话']],
      [7, [null]],
    ]);
    expect(sink.batches).toEqual([1, 1, 1]);
    expect([...sink.stored.values()].map((r) => r.row)).toEqual([2, 3]);
    expect(progress.at(-1)).toEqual([5, 5]);
  });

  it('a second import of the same file stores nothing: every good row is already imported', async () => {
    const sink = memorySink();
    await importDisputes('a.csv', bytes(CSV), sink, options());
    const again = await importDisputes('a.csv', bytes(CSV), sink, options());
    expect(again).toMatchObject({ accepted: 0, alreadyImported: 3, rejected: 2 });
    expect(sink.stored.size).toBe(2);
  });

  it('a dry run stores nothing and tells what a real run would do', async () => {
    const sink = memorySink();
    const dry = await importDisputes('a.csv', bytes(CSV), sink, options({ dryRun: true }));
    expect(dry).toMatchObject({ dryRun: true, accepted: 3, alreadyImported: 1, rejected: 1 });
    expect(sink.stored.size).toBe(0);
    expect(sink.batches).toEqual([]);
    await importDisputes('a.csv', bytes(CSV), sink, options());
    // the row the intake refused is not stored, so a dry run still counts it: the intake's own refusals
    // (a duplicate matter) show only when rows are stored
    expect(await importDisputes('a.csv', bytes(CSV), sink, options({ dryRun: true }))).toMatchObject({ accepted: 1, alreadyImported: 3 });
  });

  it('a file refused as a whole stores nothing, even when the problem is past rows that are good', async () => {
    const sink = memorySink();
    const late = `${CSV}\n邻里纠纷,"引号没有闭合,张三,13800138000,李四\n`;
    expect(await importDisputes('a.csv', bytes(late), sink, options()).catch((e: AppError) => e.code)).toBe('IMPORT_FILE_UNREADABLE');
    const tooMany = importDisputes('a.csv', bytes(CSV), sink, options({ rules: { ...rules, limits: { ...rules.limits, maxRows: 4 } } }));
    expect(await tooMany.catch((e: AppError) => e.code)).toBe('IMPORT_TOO_MANY_ROWS');
    expect(sink.stored.size).toBe(0);
  });

  it('missing columns are named in both languages; a file with no header is empty', async () => {
    const error = await importDisputes('a.csv', bytes('\n\n纠纷类型,申请人\n邻里纠纷,张三\n'), memorySink(), options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details).toMatchObject({ row: 3, missing: [{ field: 'summary', zh: '纠纷简要情况', en: 'summary' }, { field: 'respondentName', zh: '被申请人姓名', en: 'respondent name' }] });
    expect(await importDisputes('a.csv', bytes('\n \n'), memorySink(), options()).catch((e: AppError) => e.code)).toBe('IMPORT_FILE_EMPTY');
  });

  it('a workbook imports like the CSV', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('纠纷');
    for (const line of CSV.split('\n')) ws.addRow(line.split(','));
    const buf = new Uint8Array(await wb.xlsx.writeBuffer());
    const report = await importDisputes('a.xlsx', async function* () {
      yield buf;
    }, memorySink(), options());
    expect(report).toMatchObject({ format: 'xlsx', rows: 5, accepted: 2, alreadyImported: 1, rejected: 2 });
  });
});

describe('the template beside the rules', () => {
  it('names every column by its first name and imports without a rejected row', async () => {
    const { loadDisputeRules } = await import('../../rules/load-disputes.ts');
    const { RULES_DIR } = await import('../../rules/load-rules.ts');
    const { readFileSync } = await import('node:fs');
    const template = readFileSync(`${RULES_DIR}/governance/dispute-import-template.csv`);
    const header = template.toString('utf8').replace(/^\ufeff/, '').split(/\r?\n/, 1)[0]!.split(',');
    expect(header).toEqual(rules.columns.map((c) => c.headers[0]));
    const realTypes = typeIndex(loadDisputeRules().types.values());
    const report = await importDisputes('dispute-import-template.csv', async function* () {
      yield new Uint8Array(template);
    }, memorySink(), options({ types: realTypes }));
    expect(report).toMatchObject({ rows: 2, accepted: 2, rejected: 0, ignoredColumns: [] });
  });
});
