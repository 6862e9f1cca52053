import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAppDeps } from '../src/app-deps.ts';
import { loadConfig } from '../src/config/config.ts';
import { DEMO_CASE_COUNT } from '../src/seed/demo-cases.ts';
import { governanceGeography } from '../src/seed/demo-governance.ts';
import { governanceSizeFor, planDemoGovernance } from '../src/seed/demo-governance-plan.ts';
import { startServer } from '../src/server.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'caselink-demo-load-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const config = loadConfig({}, { dataDir, port: 0, webDir: '/nonexistent' });

/** The demo's planned cases (the oversight part adds an imported case and may register a withdrawn one again). */
async function caseCount(server: Awaited<ReturnType<typeof startServer>>) {
  return (await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM criminal_case WHERE title NOT LIKE '【原系统迁移】%' AND title NOT LIKE '%（重新立案）'"))[0]!.n;
}
const incidentCount = async (server: Awaited<ReturnType<typeof startServer>>) => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident'))[0]!.n;
const governanceCounts = async (server: Awaited<ReturnType<typeof startServer>>) =>
  (await server.db.query<{ disputes: number; petitions: number; events: number }>(
    'SELECT (SELECT count(*)::int FROM dispute) AS disputes, (SELECT count(*)::int FROM petition) AS petitions, (SELECT count(*)::int FROM grid_event) AS events',
  ))[0]!;

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
    const progress = () =>
      again.db.query<{ next_case: number; finished_at: Date | null; governance_next: number; governance_loaded_at: Date | null }>('SELECT next_case, finished_at, governance_next, governance_loaded_at FROM demo_load');
    const [before] = await progress();
    // stopped again once the governance center has begun loading (after the cases and the oversight part)
    while ((await progress())[0]!.governance_next === 0) await new Promise((r) => setTimeout(r, 20));
    await again.close();
    const resumed = await startServer(config, { demoIfEmpty: true, demoCases: 6, logger: false, log: (l) => lines.push(l) });
    const [stopped] = await resumed.db.query<{ governance_next: number; planned_at: Date }>('SELECT governance_next, planned_at FROM demo_load');
    await resumed.demoLoaded;
    const [after] = await resumed.db.query<{ next_case: number; finished_at: Date | null; governance_next: number; governance_loaded_at: Date | null }>('SELECT next_case, finished_at, governance_next, governance_loaded_at FROM demo_load');
    expect(before!.next_case).toBeGreaterThan(0);
    expect(before!.next_case).toBeLessThan(6);
    expect(after).toMatchObject({ next_case: 6, finished_at: expect.any(Date) });
    // then the oversight part, once: incidents, a full run of the models
    const [loaded] = await resumed.db.query<{ oversight_loaded_at: Date | null }>('SELECT oversight_loaded_at FROM demo_load');
    expect(loaded!.oversight_loaded_at).toBeInstanceOf(Date);
    const incidents = await incidentCount(resumed);
    expect(incidents).toBeGreaterThan(0);
    expect((await resumed.db.query<{ n: number }>("SELECT count(*)::int AS n FROM warning_run WHERE kind = 'full'"))[0]!.n).toBeGreaterThan(0);
    // six plans, six cases: none loaded twice (an interrupted one stays as it stood)
    expect(await caseCount(resumed)).toBe(6);
    // then the governance center, in proportion to the six cases: stopped half-way, resumed, every story once
    const plan = planDemoGovernance(await governanceGeography(loadAppDeps(config, resumed.db)), { seed: 1, now: new Date(stopped!.planned_at).getTime(), size: governanceSizeFor(6, DEMO_CASE_COUNT) });
    expect(stopped!.governance_next).toBeGreaterThan(0);
    expect(stopped!.governance_next).toBeLessThan(plan.length);
    expect(after).toMatchObject({ governance_next: plan.length, governance_loaded_at: expect.any(Date) });
    // then the part for leaders: risk assessments and the ranking snapshots, once
    const [leadership] = await resumed.db.query<{ at: Date | null; assessments: number; snapshots: number }>(
      'SELECT leadership_loaded_at AS at, (SELECT count(*)::int FROM risk_assessment) AS assessments, (SELECT count(*)::int FROM indicator_snapshot) AS snapshots FROM demo_load',
    );
    expect(leadership!.at).toBeInstanceOf(Date);
    expect(leadership!.assessments).toBeGreaterThan(0);
    expect(leadership!.snapshots).toBeGreaterThan(0);
    const governance = await governanceCounts(resumed);
    expect(governance).toEqual({
      disputes: plan.reduce((n, s) => n + (s.kind === 'dispute' ? 1 + (s.again ? 1 : 0) + s.steps.filter((x) => x.step.verb === 'reopen').length : 0), 0),
      petitions: plan.reduce((n, s) => n + (s.kind === 'petition' ? s.petitions.length : 0), 0),
      events: plan.filter((s) => s.kind === 'grid-event').length,
    });
    await resumed.close();
    expect(lines.some((l) => l.startsWith('demo: going on with the criminal cases from case'))).toBe(true);
    expect(lines).toContain('demo: all criminal cases loaded');
    expect(lines.some((l) => l.startsWith('demo: going on with the governance center from story'))).toBe(true);
    // a third start has nothing left to do
    const third = await startServer(config, { demoIfEmpty: true, demoCases: 6, logger: false, log: (l) => lines.push(l) });
    await third.demoLoaded;
    expect(await caseCount(third)).toBe(6);
    expect(await incidentCount(third)).toBe(incidents);
    expect(await governanceCounts(third)).toEqual(governance);
    expect((await third.db.query<{ n: number }>('SELECT count(*)::int AS n FROM risk_assessment'))[0]!.n).toBe(leadership!.assessments);
    await third.close();
    expect(lines.filter((l) => l.startsWith('demo: oversight loaded'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('demo: governance center loaded'))).toHaveLength(1);
  });
});
