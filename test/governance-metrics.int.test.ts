/**
 * The governance center's metrics (issue 6 part 5) over disputes written straight into the tables: what each
 * figure counts and leaves out, per unit and per region, within the caller's scope, with its definition; and the
 * refusals. Every metric's query runs (a figure with nothing counted is null, not 0).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeSigningKey } from '../src/modules/cases/unit-keys.ts';
import { type TestApp, bearer, createTestApp } from './app.ts';

let t: TestApp;
const unit: Record<string, string> = {};

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
async function metrics(user: string, query: string): Promise<{ status: number; body: any }> {
  const res = await t.app.inject({ method: 'GET', url: `/api/governance/metrics?${query}`, headers: bearer(await t.login(user)) });
  return { status: res.statusCode, body: res.json() };
}

let seq = 0;
/** A dispute closed (or withdrawn) at `closedAt`, handled by `handler`, with what the figures read. */
async function dispute(d: { handler: string; region: string; createdAt: string; closedAt: string; outcome: 'resolved' | 'not-resolved-referred' | 'withdrawn'; agreement?: boolean; late?: boolean; satisfaction?: number; visitedAt?: string }) {
  seq++;
  const state = d.outcome === 'withdrawn' ? 'withdrawn' : d.satisfaction ? 'followed-up' : 'closed';
  const [row] = await t.db.query<{ id: string }>(
    `INSERT INTO dispute (number, tracking_code, channel, state, type, risk_level, urgency, summary, region_code, intake_unit_id, handling_unit_id, route_kind,
                          outcome, closed_at, visited_at, satisfaction, fingerprints, created_at, updated_at)
     VALUES ($1, $2, 'walk-in', $3, 'neighbour', 'low', 'normal', '测试纠纷', $4, $5, $6, 'mediation-committee', $7, $8, $9, $10, '{}', $11, $11) RETURNING id`,
    [`TEST-${seq}`, `JF0000000000${String(seq).padStart(2, '0')}`.slice(0, 14), state, d.region, unit['governance-center-990102'], unit[d.handler], d.outcome, d.closedAt, d.satisfaction ? (d.visitedAt ?? d.closedAt) : null, d.satisfaction ?? null, d.createdAt],
  );
  if (d.late) {
    await t.db.query(`INSERT INTO dispute_event (dispute_id, at, kind, data, from_state, to_state) VALUES ($1, $2, 'assess', '{"late": true}', 'intake', 'assessed')`, [row!.id, d.createdAt]);
  }
  if (d.agreement) {
    await t.db.query(
      `INSERT INTO mediation_agreement (dispute_id, terms, performance, pdf_sm3, pdf_size, sealed_by_unit_id, seal_key_id, seal_signature, signed_at)
       VALUES ($1, '赔偿', '当场履行', repeat('a', 64), 1, $2, (SELECT id FROM unit_key LIMIT 1), 'sig', $3)`,
      [row!.id, unit[d.handler], d.closedAt],
    );
  }
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  for (const u of await t.db.query<{ id: string; code: string; agency: string; region_code: string }>('SELECT id, code, agency, region_code FROM unit')) unit[`${u.agency}-${u.region_code}`] = u.id;
  // a unit key for the agreements' seal reference
  await activeSigningKey(t.db, unit['mediation-committee-990102']!, t.deps.masterKey());
  const town = (await t.db.query<{ code: string }>("SELECT code FROM region WHERE parent_code = '990102' ORDER BY code LIMIT 1"))[0]!.code;
  // October 2026, Qingshan county's mediation committee: resolved with an agreement in 4 days, rated 5; not resolved
  // (late at one step) after 10 days, rated 3; one withdrawn (left out); one closed in November (outside the period)
  await dispute({ handler: 'mediation-committee-990102', region: town, createdAt: '2026-10-05T02:00:00Z', closedAt: '2026-10-09T02:00:00Z', outcome: 'resolved', agreement: true, satisfaction: 5 });
  await dispute({ handler: 'mediation-committee-990102', region: '990102', createdAt: '2026-10-10T02:00:00Z', closedAt: '2026-10-20T02:00:00Z', outcome: 'not-resolved-referred', late: true, satisfaction: 3 });
  await dispute({ handler: 'mediation-committee-990102', region: '990102', createdAt: '2026-10-10T02:00:00Z', closedAt: '2026-10-11T02:00:00Z', outcome: 'withdrawn' });
  await dispute({ handler: 'mediation-committee-990102', region: '990102', createdAt: '2026-10-28T02:00:00Z', closedAt: '2026-11-02T02:00:00Z', outcome: 'resolved' });
  // and one in Xichuan city (990200), resolved
  await dispute({ handler: 'mediation-committee-990202', region: '990202', createdAt: '2026-10-01T02:00:00Z', closedAt: '2026-10-03T02:00:00Z', outcome: 'resolved', agreement: true });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const OCTOBER = 'from=2026-10-01&to=2026-10-31';
// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
const metric = (body: any, id: string) => body.metrics.find((m: { id: string }) => m.id === id);

describe('governance metrics', () => {
  it('the province committee: every metric with its definition; the figures count what their definitions say', async () => {
    const r = await metrics('supervisor', `${OCTOBER}&region=990000&by=unit`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.metrics.map((m: { id: string }) => m.id)).toEqual([
      'dispute.resolution-rate', 'dispute.mediation-success-rate', 'dispute.on-time-rate', 'dispute.average-days-to-close',
      'dispute.satisfaction-rate', 'dispute.average-satisfaction', 'petition.on-time-rate', 'grid-event.average-rating',
    ]);
    for (const m of r.body.metrics) expect(m.definition.zh && m.definition.en).toBeTruthy();
    const qingshan = (id: string) => metric(r.body, id).groups.find((g: { key: string }) => g.key === unit['mediation-committee-990102']);
    expect(qingshan('dispute.resolution-rate')).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    expect(qingshan('dispute.mediation-success-rate')).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    expect(qingshan('dispute.on-time-rate')).toMatchObject({ numerator: 1, denominator: 2 });
    expect(qingshan('dispute.average-days-to-close')).toMatchObject({ numerator: 14, denominator: 2, value: 7 });
    expect(qingshan('dispute.satisfaction-rate')).toMatchObject({ numerator: 1, denominator: 2 });
    expect(qingshan('dispute.average-satisfaction')).toMatchObject({ value: 4 });
    expect(metric(r.body, 'dispute.resolution-rate').total).toEqual({ numerator: 2, denominator: 3, value: 2 / 3 });
    // nothing counted is no figure, not a bad one
    expect(metric(r.body, 'petition.on-time-rate').total).toEqual({ numerator: 0, denominator: 0, value: null });
  });

  it('by region: the child regions of the region asked for', async () => {
    const r = await metrics('supervisor', `${OCTOBER}&region=990000&by=region`);
    const groups = metric(r.body, 'dispute.resolution-rate').groups;
    expect(groups.map((g: { key: string; numerator: number; denominator: number }) => [g.key, g.numerator, g.denominator])).toEqual([['990100', 1, 2], ['990200', 1, 1]]);
    const county = await metrics('supervisor', `${OCTOBER}&region=990100&by=region`);
    expect(metric(county.body, 'dispute.resolution-rate').groups.map((g: { key: string }) => g.key)).toEqual(['990102']);
  });

  it("each sees what their scope covers: a city committee its city, a mediation committee itself; a police handler nothing", async () => {
    const west = await metrics('committee-990200-supervisor', `${OCTOBER}&region=990000`);
    expect(metric(west.body, 'dispute.resolution-rate').total).toMatchObject({ numerator: 1, denominator: 1 });
    const own = await metrics('mediation-committee-990102-mediator', `${OCTOBER}&region=990000`);
    expect(own.status).toBe(200);
    expect(metric(own.body, 'dispute.resolution-rate').total).toMatchObject({ numerator: 1, denominator: 2 });
    expect((await metrics('police-990102-handler', OCTOBER)).status).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/governance/metrics?${OCTOBER}` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses a period backwards, an unknown metric or region, a bad date — each with its code', async () => {
    const code = async (q: string) => (await metrics('supervisor', q)).body.code;
    expect(await code('from=2026-10-31&to=2026-10-01')).toBe('PERIOD_INVALID');
    expect(await code(`${OCTOBER}&metric=dispute.happiness`)).toBe('METRIC_UNKNOWN');
    expect(await code(`${OCTOBER}&region=123456`)).toBe('REGION_NOT_FOUND');
    expect(await code('from=2026-02-30&to=2026-03-01')).toBe('DATE_INVALID');
    expect((await metrics('supervisor', `${OCTOBER}&by=county`)).status).toBe(400);
  });
});
