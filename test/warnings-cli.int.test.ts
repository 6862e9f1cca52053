import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, caselink } from './run-cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'caselink-warnings-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('bin/caselink warnings', { timeout: 180_000 }, () => {
  it('list: every model with its id, severity and basis; --json the same as one object', async () => {
    const text = await caselink(['warnings', 'list']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^custody\.overdue\thigh\t超期羁押\t《刑事诉讼法》第105条/m);
    const json = await caselink(['warnings', 'list', '--json']);
    const out = JSON.parse(json.stdout) as { models: { id: string; basis: unknown[]; policy: unknown }[]; refused: unknown[] };
    expect(out.refused).toEqual([]);
    expect(out.models.length).toBeGreaterThanOrEqual(27);
    for (const m of out.models) expect(m.basis.length > 0 || m.policy !== null, m.id).toBe(true);
    expect(text.stdout).toContain(`共 ${out.models.length} 个模型`);
  });

  it('a reader that stops early (| head) ends the output quietly: exit 0, no stack trace', async () => {
    const child = spawn(BIN, ['warnings', 'list'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    // the reader goes away before the command writes anything
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  });

  it('run: hits per model over the database; an unknown model is a usage error', async () => {
    expect((await caselink(['--data', dataDir, 'migrate'])).code).toBe(0);
    expect((await caselink(['--data', dataDir, 'seed', 'demo', '--cases', '0'])).code).toBe(0);
    const bad = await caselink(['--data', dataDir, 'warnings', 'run', '--model', 'no.such-model']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const run = await caselink(['--data', dataDir, 'warnings', 'run', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { kind: string; models: { id: string; holding: number; error?: string }[] };
    expect(summary.kind).toBe('full');
    expect(summary.models.filter((m) => m.error)).toEqual([]);
    expect(summary.models.map((m) => m.id)).toContain('custody.overdue');
    const one = await caselink(['--data', dataDir, 'warnings', 'run', '--model', 'custody.overdue', '--model', 'case.idle']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout.split('\n').filter((l) => /^(custody\.overdue|case\.idle)\t\d+\t\d+\t\d+\t/.test(l))).toHaveLength(2);
  });
});
