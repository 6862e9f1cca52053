import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caselink } from './run-cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'caselink-rate-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// each run starts a process and opens the embedded database: seconds each, more on a loaded machine
describe('bin/caselink collaboration-rate', { timeout: 180_000 }, () => {
  it('bad input: exit 2, one line on stderr, no stack trace, before any database is opened', async () => {
    for (const args of [
      ['--from', '2026-02-30', '--to', '2026-03-31'],
      ['--from', '2026-03-31', '--to', '2026-03-01'],
      ['--from', '2026-03', '--to', '2026-03-31'],
      ['--from', '2026-03-01', '--to', '2026-03-31', '--by', 'town'],
      ['--from', '2026-03-01', '--to', '2026-03-31', '--days', '-1'],
      ['--from', '2026-03-01', '--to', '2026-03-31', '--days', '400'],
    ]) {
      const run = await caselink(['--data', dataDir, 'collaboration-rate', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    const period = await caselink(['--data', dataDir, 'collaboration-rate', '--from', '2026-03-31', '--to', '2026-03-01']);
    expect(period.stderr).toContain('PERIOD_INVALID');
    // a missing option: commander's message, then the help
    const missing = await caselink(['--data', dataDir, 'collaboration-rate', '--from', '2026-03-01']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--to');
  });

  it('per county as JSON with the definition, and as a table', async () => {
    expect((await caselink(['--data', dataDir, 'migrate'])).code).toBe(0);
    // the province alone: its 520 cases would take minutes, and this test reads the definition and the rows
    expect((await caselink(['--data', dataDir, 'seed', 'demo', '--cases', '0'])).code).toBe(0);
    const json = await caselink(['--data', dataDir, 'collaboration-rate', '--from', '2026-03-01', '--to', '2026-03-31', '--by', 'county', '--days', '5', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out).toMatchObject({ from: '2026-03-01', to: '2026-03-31', by: 'county', days: 5, total: { sent: 0, sentOnlineRate: null } });
    expect(out.definition.zh).toContain('第5个自然日');
    expect(out.items.map((r: { key: string }) => r.key)).toEqual(expect.arrayContaining(['990102', '990103', '990104', '990202', '990203', '990204']));
    const text = await caselink(['--data', dataDir, 'collaboration-rate', '--from', '2026-03-01', '--to', '2026-03-31']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('青山县公安局');
    expect(text.stdout).toContain('口径：');
  });
});
