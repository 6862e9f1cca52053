/**
 * The server's own oversight runs (src/modules/warnings/warnings.scheduler.ts): a queued case event is picked up
 * at the next tick without anyone asking, and a stopped scheduler runs nothing more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWarningScheduler } from '../src/modules/warnings/warnings.scheduler.ts';
import { type TestApp, createTestApp } from './app.ts';
import { type Fixtures, HOUR, fixtures } from './warning-fixtures.ts';

let t: TestApp;
let f: Fixtures;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  f = await fixtures(t.db);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const queued = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM warning_queue'))[0]!.n;
const openHit = async (subject: string) =>
  (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM warning_hit WHERE model_id = 'detention.arrest-request-late' AND subject_id = $1 AND closed_at IS NULL", [subject]))[0]!.n;

async function until(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return condition();
}

describe('the warning scheduler', () => {
  it('runs the models a queued case event triggers at its next tick; once stopped, nothing more', async () => {
    await t.db.query('DELETE FROM warning_queue');
    const lines: string[] = [];
    const scheduler = startWarningScheduler({ ...t.deps, config: { ...t.deps.config, warningsQueueMs: 25, warningsFullMinutes: 0 } }, (l) => lines.push(l));
    try {
      const c = await f.case();
      const clock = await f.clock(c, { rule: 'cpl.detention.request-arrest', dueIn: -HOUR });
      await f.event(c, { ago: 0, kind: 'measure' });
      expect(await until(async () => (await openHit(clock)) === 1 && (await queued()) === 0, 20_000)).toBe(true);
    } finally {
      await scheduler.stop();
    }
    // after stop: an event stays queued
    const c2 = await f.case();
    await f.event(c2, { ago: 0, kind: 'measure' });
    await new Promise((r) => setTimeout(r, 200));
    expect(await queued()).toBe(1);
    expect(lines.filter((l) => l.includes('failed'))).toEqual([]);
  });
});
