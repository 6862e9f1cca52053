/**
 * The demo province's governance center (issue 6 part 7), loaded as `npm start` loads it after the criminal cases
 * and the oversight part: through the services, at a fixed "now". At least 2,000 disputes, 300 petitions and 500
 * grid events, in every state of their flows, in every county and township; what the governance warning models
 * watch staged in several counties; the audit chain whole. A few of the demo's cases are loaded first, for the
 * law-related petitions about them. Many minutes on a loaded 2-core machine: it is the one test of the whole load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISPUTE_STATES } from '../src/engine/disputes/dispute-flow.ts';
import { GRID_EVENT_STATES } from '../src/engine/grid-events/event-flow.ts';
import { PETITION_STATES } from '../src/engine/petitions/petition-flow.ts';
import { verifyAuditChain } from '../src/modules/audit/audit.service.ts';
import { runFull } from '../src/modules/warnings/warnings.service.ts';
import { loadRules } from '../src/rules/load-rules.ts';
import { type DemoGovernanceResult, seedDemoGovernance } from '../src/seed/demo-governance.ts';
import { DEMO_GOVERNANCE_SIZE } from '../src/seed/demo-governance-plan.ts';
import { seedDemoCases } from '../src/seed/seed-demo-cases.ts';
import { type TestApp, bearer, createTestApp } from './app.ts';

const NOW = new Date('2026-06-30T02:00:00Z');
let t: TestApp;
let result: DemoGovernanceResult;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  await seedDemoCases(t.deps, loadRules().organisation, { seed: 1, now: NOW, count: 12 });
  result = await seedDemoGovernance(t.deps, { seed: 1, now: NOW, size: DEMO_GOVERNANCE_SIZE });
  const slowest = Object.entries(result.calls).sort((a, b) => b[1].ms - a[1].ms).slice(0, 8);
  console.log(`demo governance: ${result.stories} stories, ${result.steps} service calls in ${Math.round(result.ms / 1000)} s; slowest: ${slowest.map(([k, v]) => `${k} ${v.count}x ${Math.round(v.ms / v.count)} ms`).join(', ')}`);
}, 60 * 60_000);
afterAll(() => t?.close());

const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(sql, params))[0]!.n;
const states = async (table: string) => new Map((await t.db.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM ${table} GROUP BY state`)).map((r) => [r.state, r.n]));

describe('the demo governance center', { timeout: 10 * 60_000 }, () => {
  it('has at least 2,000 disputes, 300 petitions and 500 grid events, in every county and township', async () => {
    expect(await count('SELECT count(*)::int AS n FROM dispute')).toBeGreaterThanOrEqual(2000);
    expect(await count('SELECT count(*)::int AS n FROM petition')).toBeGreaterThanOrEqual(300);
    expect(await count('SELECT count(*)::int AS n FROM grid_event')).toBeGreaterThanOrEqual(500);
    const townships = await count("SELECT count(*)::int AS n FROM region WHERE level = 'township'");
    for (const table of ['dispute', 'petition', 'grid_event']) {
      expect(await count(`SELECT count(DISTINCT region_code)::int AS n FROM ${table} WHERE length(region_code) = 9`), table).toBe(townships);
    }
    // every channel, most of the 24 types
    expect(await count('SELECT count(DISTINCT channel)::int AS n FROM dispute')).toBe(7);
    expect(await count('SELECT count(DISTINCT type)::int AS n FROM dispute')).toBeGreaterThanOrEqual(20);
    // all before the demo's moment, over two years
    expect(await count('SELECT count(*)::int AS n FROM dispute WHERE created_at >= $1', [NOW.toISOString()])).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM dispute WHERE created_at < $1', [new Date(NOW.getTime() - 600 * 86_400_000).toISOString()])).toBeGreaterThan(100);
    // the supervisor's list shows them, masked
    const list = await t.app.inject({ method: 'GET', url: '/api/disputes?pageSize=5', headers: bearer(await t.login('supervisor')) });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBeGreaterThanOrEqual(2000);
    expect(list.json().items[0].firstApplicant).toMatch(/\*/);
  });

  it('reaches every state of the three flows', async () => {
    const disputes = await states('dispute');
    const petitions = await states('petition');
    const events = await states('grid_event');
    console.log('disputes', JSON.stringify(Object.fromEntries(disputes)), 'petitions', JSON.stringify(Object.fromEntries(petitions)), 'grid events', JSON.stringify(Object.fromEntries(events)));
    expect([...disputes.keys()].sort()).toEqual([...DISPUTE_STATES].sort());
    expect([...petitions.keys()].sort()).toEqual([...PETITION_STATES].sort());
    expect([...events.keys()].sort()).toEqual([...GRID_EVENT_STATES].sort());
    // most work is done; what is open is recent
    expect((disputes.get('followed-up') ?? 0) + (disputes.get('closed') ?? 0) + (disputes.get('withdrawn') ?? 0)).toBeGreaterThan(1500);
  });

  it('has sealed agreements (a few hundred), judicial confirmations decided and pending, sessions, visits and ratings', async () => {
    const agreements = await count('SELECT count(*)::int AS n FROM mediation_agreement');
    expect(agreements).toBe(result.agreements);
    expect(agreements).toBeGreaterThan(200);
    expect(await count('SELECT count(DISTINCT pdf_sm3)::int AS n FROM mediation_agreement')).toBe(agreements);
    const confirmation = new Map((await t.db.query<{ s: string; n: number }>('SELECT confirmation_state AS s, count(*)::int AS n FROM mediation_agreement GROUP BY 1')).map((r) => [r.s, r.n]));
    for (const s of ['none', 'requested', 'accepted', 'confirmed', 'refused', 'not-accepted']) expect(confirmation.get(s), s).toBeGreaterThan(0);
    expect(await count("SELECT count(*)::int AS n FROM dispute_event WHERE kind = 'session'")).toBeGreaterThan(1000);
    expect(await count('SELECT count(*)::int AS n FROM dispute WHERE satisfaction IS NOT NULL')).toBeGreaterThan(200);
    expect(await count('SELECT count(*)::int AS n FROM dispute WHERE follow_ups > 0')).toBeGreaterThan(0);
  });

  it('stages what the governance models watch, in several counties', async () => {
    const at = NOW.toISOString();
    const open = "d.state NOT IN ('closed', 'followed-up', 'withdrawn')";
    // dispute.overdue: past the due moment of its step — a minority of the open ones
    const overdue = await t.db.query<{ county: string; n: number }>(`SELECT substring(region_code, 1, 6) AS county, count(*)::int AS n FROM dispute d WHERE ${open} AND due_at < $1 GROUP BY 1`, [at]);
    expect(overdue.length).toBeGreaterThanOrEqual(3);
    const openCount = await count(`SELECT count(*)::int AS n FROM dispute d WHERE ${open}`);
    expect(overdue.reduce((n, r) => n + r.n, 0) / openCount).toBeLessThan(0.25);
    // dispute.reopened: closed as resolved, registered again within 90 days, the new one open
    const reopened = await t.db.query<{ county: string }>(
      `SELECT DISTINCT substring(d.region_code, 1, 6) AS county FROM dispute d JOIN dispute o ON o.id = d.reopened_from
        WHERE ${open} AND o.outcome = 'resolved' AND d.created_at - o.closed_at <= interval '90 days'`,
    );
    expect(reopened.length).toBeGreaterThanOrEqual(3);
    // mediation.confirmation-late: the court's decision clock running past due
    const late = await t.db.query<{ county: string }>(
      `SELECT DISTINCT substring(d.region_code, 1, 6) AS county FROM matter_clock c JOIN dispute d ON d.id = c.matter_id
        WHERE c.matter_kind = 'dispute' AND c.rule_id = 'civ.judicial-confirmation.decide' AND c.state = 'running' AND c.due_at < $1`,
      [at],
    );
    expect(late.length).toBeGreaterThanOrEqual(3);
    // petition.overdue: a body's time limit running past due
    const petitionLate = await t.db.query<{ rule_id: string }>(
      `SELECT DISTINCT rule_id FROM matter_clock WHERE matter_kind = 'petition' AND state = 'running' AND due_at < $1
          AND rule_id IN ('petition.route', 'petition.accept-notice', 'petition.object-remit', 'petition.handle', 'petition.review.answer', 'petition.rereview.answer')`,
      [at],
    );
    expect(petitionLate.map((r) => r.rule_id).sort()).toEqual(expect.arrayContaining(['petition.accept-notice', 'petition.handle', 'petition.route']));
    // petition.unresolved-matter: the same matter three times or more, no opinion on any
    const matters = await t.db.query<{ county: string }>(
      `SELECT DISTINCT substring(min(region_code), 1, 6) AS county FROM petition GROUP BY matter_key HAVING count(*) >= 3 AND count(opinion) = 0`,
    );
    expect(matters.length).toBeGreaterThanOrEqual(3);
    // repeat petitions answered, and law-related ones routed into the procedure of a demo case
    expect(await count('SELECT count(*)::int AS n FROM (SELECT matter_key FROM petition GROUP BY 1 HAVING count(*) >= 2 AND count(opinion) > 0) m')).toBeGreaterThan(0);
    expect(await count("SELECT count(*)::int AS n FROM petition WHERE state = 'in-legal-procedure' AND case_id IS NOT NULL AND law_related")).toBeGreaterThan(0);
  });

  it('has grid events escalated and assigned, verified after a failed check, with photos of the place', async () => {
    expect(await count('SELECT count(*)::int AS n FROM grid_event WHERE county_unit_id IS NOT NULL AND responsible_unit_id IS NOT NULL')).toBeGreaterThan(50);
    expect(await count("SELECT count(*)::int AS n FROM grid_event_event WHERE kind = 'verify-failed'")).toBeGreaterThan(0);
    expect(await count("SELECT count(*)::int AS n FROM grid_event WHERE reporter_kind = 'citizen'")).toBeGreaterThan(50);
    expect(await count('SELECT count(*)::int AS n FROM grid_event_photo')).toBe(result.photos);
    expect(result.photos).toBeGreaterThan(10);
  });

  it('the governance warning models in the catalogue each hold hits', async () => {
    const governance = ['dispute.overdue', 'dispute.reopened', 'petition.overdue', 'petition.unresolved-matter', 'mediation.confirmation-late'];
    const present = governance.filter((id) => t.deps.warningModels.models.has(id));
    console.log(`governance warning models in the catalogue: ${present.join(', ') || 'none yet'}`);
    const run = await runFull({ ...t.deps, now: () => NOW });
    for (const id of present) expect(run.models.find((m) => m.id === id)?.holding ?? 0, id).toBeGreaterThan(0);
    // every model of the catalogue ran without error over the loaded demo
    expect(run.models.length).toBeGreaterThan(30);
  });

  it("the cockpit's counts, kept by the database's triggers through every step, equal a recount", async () => {
    expect(await t.db.query('SELECT * FROM cockpit_verify()')).toEqual([]);
    const [row] = await t.db.query<{ n: number }>('SELECT count(DISTINCT figure)::int AS n FROM cockpit_count WHERE n > 0');
    expect(row!.n).toBeGreaterThanOrEqual(10);
  });

  it('the audit chain verifies', async () => {
    const audit = await verifyAuditChain(t.db);
    expect(audit.firstBroken).toBeNull();
    expect(audit.checked).toBeGreaterThan(result.steps);
  });
});
