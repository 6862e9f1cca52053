import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caselink } from './run-cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'caselink-snapshot-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// each run starts a process and opens the embedded database: seconds each, more on a loaded machine
describe('bin/caselink snapshot', { timeout: 240_000 }, () => {
  it('bad input: exit 2, one line on stderr, before any database is opened', async () => {
    for (const args of [['take', '--kind', 'week', '--period', '2026-10'], ['take', '--kind', 'month', '--period', '2026-10', '--region', 'x'], ['list', '--kind', 'year']]) {
      const run = await caselink(['--data', dataDir, 'snapshot', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('takes a month for the province, refuses it again and a period not ended, and lists it', async () => {
    expect((await caselink(['--data', dataDir, 'migrate'])).code).toBe(0);
    expect((await caselink(['--data', dataDir, 'seed', 'demo', '--cases', '0'])).code).toBe(0);
    const take = await caselink(['--data', dataDir, 'snapshot', 'take', '--kind', 'month', '--period', '2026-10', '--json']);
    expect(take.code, take.stderr).toBe(0);
    expect(JSON.parse(take.stdout)).toMatchObject({ periodKind: 'month', period: '2026-10', regionCode: '990000', takenBy: null });
    const again = await caselink(['--data', dataDir, 'snapshot', 'take', '--kind', 'month', '--period', '2026-10']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('SNAPSHOT_TAKEN');
    const county = await caselink(['--data', dataDir, 'snapshot', 'take', '--kind', 'quarter', '--period', '2026-Q3', '--region', '990102']);
    expect(county.code, county.stderr).toBe(0);
    expect(county.stdout).toContain('990102');
    const future = await caselink(['--data', dataDir, 'snapshot', 'take', '--kind', 'quarter', '--period', '2099-Q1']);
    expect(future.code).toBe(2);
    expect(future.stderr).toContain('PERIOD_NOT_ENDED');
    const list = await caselink(['--data', dataDir, 'snapshot', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).items.map((s: { period: string }) => s.period).sort()).toEqual(['2026-10', '2026-Q3']);
    const table = await caselink(['--data', dataDir, 'snapshot', 'list', '--kind', 'month']);
    expect(table.stdout).toContain('2026-10');
    expect(table.stdout).toContain('共 1 个');
  });
});
