import { describe, expect, it } from 'vitest';
import { caselink } from './run-cli.ts';

describe('bin/caselink deadline', { timeout: 120_000 }, () => {
  it('--json prints one object with rule, due, provisional, basis and steps', async () => {
    const run = await caselink(['deadline', 'cpl.detention.request-arrest', '--start', '2026-09-28T10:00', '--extend', 'special=2d', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ rule: 'cpl.detention.request-arrest', due: '2026-10-08T23:59:59+08:00', provisional: false });
    expect(out.basis).toEqual(expect.arrayContaining([{ law: '刑事诉讼法', article: '91' }, { law: '刑事诉讼法', article: '105' }]));
    expect(out.steps.some((s: string) => s.includes('节假日'))).toBe(true);
  });

  it('an extension without an amount takes its maximum; custody keeps a holiday expiry', async () => {
    const run = await caselink(['deadline', 'cpl.detention.request-arrest', '--start', '2026-09-28T10:00', '--custody', '--extend', 'special', '--json']);
    expect(JSON.parse(run.stdout).due).toBe('2026-10-05T23:59:59+08:00');
  });

  it('without --json explains in Chinese', async () => {
    const run = await caselink(['deadline', 'cpl.investigation.custody', '--start', '2026-01-15T10:00', '--custody', '--extend', 'art156']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('届满：2026-04-15T23:59:59+08:00');
    expect(run.stdout).toContain('计算过程');
    expect(run.stdout).toContain('《刑事诉讼法》第105条');
  });

  it('an unknown rule, an impossible date or an extension the rule lacks: exit 2, one line, no stack trace', async () => {
    for (const args of [
      ['deadline', 'cpl.no.such', '--start', '2026-03-02T10:00'],
      ['deadline', 'cpl.arrest.decide', '--start', '2026-02-30T10:00'],
      ['deadline', 'cpl.arrest.decide', '--start', '2026-03-02T10:00', '--extend', 'art156'],
      ['deadline', 'cpl.detention.request-arrest', '--start', '2026-03-02T10:00', '--extend', 'special=9d'],
    ]) {
      const run = await caselink(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    const missing = await caselink(['deadline', 'cpl.arrest.decide']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--start');
  });
});
