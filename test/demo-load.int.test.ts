import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { startServer } from '../src/server.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'caselink-demo-load-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const config = loadConfig({}, { dataDir, port: 0, webDir: '/nonexistent' });

/** The demo's planned cases (the oversight part adds an imported case and may register a withdrawn one again). */
async function caseCount(server: Awaited<ReturnType<typeof startServer>>) {
  return (await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM criminal_case WHERE title NOT LIKE '【原系统迁移】%' AND title NOT LIKE '%（重新立案）'"))[0]!.n;
}
const incidentCount = async (server: Awaited<ReturnType<typeof startServer>>) => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident'))[0]!.n;

describe('the demo cases load in the background and go on after a restart', { timeout: 300_000 }, () => {
  it('answers before the cases are loaded; a stop half-way is resumed without loading a case twice', async () => {
    const lines: string[] = [];
    const first = await startServer(config, { demoIfEmpty: true, demoCases: 6, logger: false, log: (l) => lines.push(l) });
    // the server already answers while the cases load
    const health = await fetch(`${first.url}/api/health`);
    expect(health.status).toBe(200);
    // stop it after its first case at the latest
    while ((await caseCount(first)) === 0) await new Promise((r) => setTimeout(r, 50));
    await first.close();
    const again = await startServer(config, { demoIfEmpty: true, demoCases: 6, logger: false, log: (l) => lines.push(l) });
    const progress = () => again.db.query<{ next_case: number; finished_at: Date | null }>('SELECT next_case, finished_at FROM demo_load');
    const [before] = await progress();
    await again.demoLoaded;
    const [after] = await progress();
    expect(before!.next_case).toBeGreaterThan(0);
    expect(before!.next_case).toBeLessThan(6);
    expect(after).toMatchObject({ next_case: 6, finished_at: expect.any(Date) });
    // then the oversight part, once: incidents, a full run of the models
    const [loaded] = await again.db.query<{ oversight_loaded_at: Date | null }>('SELECT oversight_loaded_at FROM demo_load');
    expect(loaded!.oversight_loaded_at).toBeInstanceOf(Date);
    const incidents = await incidentCount(again);
    expect(incidents).toBeGreaterThan(0);
    expect((await again.db.query<{ n: number }>("SELECT count(*)::int AS n FROM warning_run WHERE kind = 'full'"))[0]!.n).toBeGreaterThan(0);
    // six plans, six cases: none loaded twice (an interrupted one stays as it stood)
    expect(await caseCount(again)).toBe(6);
    await again.close();
    expect(lines.some((l) => l.startsWith('demo: going on with the criminal cases from case'))).toBe(true);
    expect(lines).toContain('demo: all criminal cases loaded');
    // a third start has nothing left to do
    const third = await startServer(config, { demoIfEmpty: true, demoCases: 6, logger: false, log: (l) => lines.push(l) });
    await third.demoLoaded;
    expect(await caseCount(third)).toBe(6);
    expect(await incidentCount(third)).toBe(incidents);
    await third.close();
    expect(lines.filter((l) => l.startsWith('demo: oversight loaded'))).toHaveLength(1);
  });
});
