import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../src/modules/disputes-import/disputes-import.service.ts';
import { caselink } from './run-cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'caselink-disputes-import-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const UNIT = 'governance-center-990102';

const file = (name: string, content: string | Uint8Array) => {
  const path = join(dataDir, name);
  writeFileSync(path, content);
  return path;
};
const importJson = async (path: string, ...more: string[]) => {
  const run = await caselink(['--data', dataDir, 'disputes', 'import', path, '--unit', UNIT, '--json', ...more]);
  return { ...run, report: run.stdout ? (JSON.parse(run.stdout) as ImportReport) : null };
};

// a sheet as a user might send it: BOM, a column the import does not know, hostile rows, a repeated row
const SHEET = `\ufeff${[
  '来源编号,纠纷类型,纠纷简要情况,申请人姓名,申请人电话,申请人身份证号,被申请人姓名,涉及金额（元）,备注',
  'A-1,邻里纠纷,楼上漏水 💧 多次沟通无果,张三,13800138000,,李四,1200,',
  'A-2,物业管理纠纷,物业费争议,王五,,11010519491231002X,某物业公司,"3,000.50",',
  'A-3,邻里纠纷,<script>alert(1)</script>,赵六,12345,,孙七,,',
  `A-4,邻里纠纷,${'长'.repeat(100_000)},周八,13700137000,,吴九,,`,
  'A-5,不存在的类型,描述,郑十,13600136000,110105194912310021,冯十一,,',
  'A-1,邻里纠纷,楼上漏水 💧 多次沟通无果,张三,13800138000,,李四,1200,再交一次',
].join('\r\n')}\r\n`;

describe('bin/caselink disputes import', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    expect((await caselink(['--data', dataDir, 'migrate'])).code).toBe(0);
    const seed = await caselink(['--data', dataDir, 'seed', 'demo', '--cases', '0']);
    expect(seed.code, seed.stderr).toBe(0);
  }, 300_000);

  it('--dry-run reports what an import would do and stores nothing; the import then stores the good rows once', async () => {
    const path = file('disputes.csv', SHEET);
    const dry = await importJson(path, '--dry-run');
    expect(dry.code, dry.stderr).toBe(1); // rows were rejected
    expect(dry.report).toMatchObject({ dryRun: true, format: 'csv', encoding: 'utf-8', rows: 6, accepted: 2, alreadyImported: 1, rejected: 3, ignoredColumns: ['备注'] });

    const first = await importJson(path);
    expect(first.report).toMatchObject({ dryRun: false, rows: 6, accepted: 2, alreadyImported: 1, rejected: 3, repeated: [{ row: 7, sameAs: 2 }] });
    const reasons = Object.fromEntries(first.report!.rejections.map((r) => [r.row, r.problems.map((p) => `${p.column}: ${p.message.en}`)]));
    expect(reasons).toEqual({
      4: ['纠纷简要情况: must not contain HTML tags or scripts', expect.stringMatching(/^申请人电话: invalid phone number/)],
      5: ['纠纷简要情况: must be at most 5000 characters (has 100000)'],
      6: [expect.stringMatching(/^纠纷类型: is not a known dispute type/), expect.stringMatching(/^申请人身份证号: invalid resident ID number/)],
    });
    for (const r of first.report!.rejections) for (const p of r.problems) expect(p.message.zh).toMatch(/\p{Script=Han}/u);

    const again = await importJson(path);
    expect(again.report).toMatchObject({ accepted: 0, alreadyImported: 3, rejected: 3 });
    const dryAfter = await importJson(path, '--dry-run');
    expect(dryAfter.report).toMatchObject({ accepted: 0, alreadyImported: 3 });
  });

  it('the text report names each rejected row and reason in both languages; progress goes to stderr', async () => {
    const path = file('small.csv', '纠纷类型,纠纷简要情况,申请人姓名,申请人电话,被申请人姓名\n邻里纠纷,噪音扰民,陈一,13500135000,林二\n邻里纠纷,噪音,陈三,1350013500,林四\n');
    const run = await caselink(['--data', dataDir, 'disputes', 'import', path, '--unit', UNIT]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('新登记 accepted: 1');
    expect(run.stdout).toMatch(/^第 3 行 row 3: 申请人电话: 电话号码格式无效.* \/ invalid phone number/m);
    expect(run.stderr).toContain('已处理 2 / 2 行 rows');
    const clean = await caselink(['--data', dataDir, 'disputes', 'import', path, '--unit', UNIT]);
    expect(clean.stdout).toContain('已导入 already imported: 1');
  });

  it('a file refused as a whole: one line in Chinese and English, nothing stored', async () => {
    const renamed = await caselink(['--data', dataDir, 'disputes', 'import', file('renamed.xlsx', '纠纷类型,申请人\n邻里纠纷,张三\n'), '--unit', UNIT]);
    expect(renamed.code).toBe(1);
    expect(renamed.stderr.trim().split('\n')).toHaveLength(1);
    expect(renamed.stderr).toMatch(/IMPORT_NOT_A_WORKBOOK: 文件不是有效的 Excel 工作簿.* \/ The file is not a valid Excel workbook/);
    const columns = await caselink(['--data', dataDir, 'disputes', 'import', file('cols.csv', '纠纷类型,申请人姓名\n邻里纠纷,张三\n'), '--unit', UNIT]);
    expect(columns.code).toBe(1);
    expect(columns.stderr).toContain('IMPORT_COLUMNS_MISSING');
  });

  it('usage errors exit 2: an unknown unit, a unit that takes no disputes, a missing file, a bad --encoding', async () => {
    const path = file('u.csv', '纠纷类型\n');
    for (const args of [
      ['disputes', 'import', path, '--unit', 'no-such-unit'],
      ['disputes', 'import', path, '--unit', 'police-990102'],
      ['disputes', 'import', join(dataDir, 'missing.csv'), '--unit', UNIT],
      ['disputes', 'import', path, '--unit', UNIT, '--encoding', 'latin1'],
      ['disputes', 'import', path],
    ]) {
      const run = await caselink(['--data', dataDir, ...args]);
      expect(run.code, args.join(' ')).toBe(2);
    }
  });
});
