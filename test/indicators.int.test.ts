/**
 * Indicators, frozen snapshots, rankings with their change, and listed remediation (issue 7 part 2), over disputes
 * written straight into the tables: who may take a snapshot, that it is frozen and never taken again, the ranking
 * of units and regions with the change since the previous month, each route's permission, the remediation flow
 * and the refusals of bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activePrincipals } from '../src/modules/auth/auth.repository.ts';
import { indicatorRules } from '../src/modules/indicators/indicators.routes.ts';
import { takeDueSnapshots } from '../src/modules/indicators/indicators.scheduler.ts';
import { actOnRemediation, remediationPage } from '../src/modules/indicators/remediation.service.ts';
import { seedDemoRankings } from '../src/seed/demo-rankings.ts';
import { type TestApp, bearer, createTestApp } from './app.ts';
import { INDICATOR_ROUTES } from './indicator-routes.ts';

let t: TestApp;
const unit: Record<string, string> = {};

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
type Answer = { status: number; body: any };
async function call(user: string, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<Answer> {
  const res = await t.app.inject({ method, url, headers: bearer(await t.login(user)), ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json() };
}

let seq = 0;
/** A dispute closed at `closedAt` by `handler`, resolved or not. */
async function dispute(handler: string, region: string, closedAt: string, resolved: boolean) {
  seq++;
  await t.db.query(
    `INSERT INTO dispute (number, tracking_code, channel, state, type, risk_level, urgency, summary, region_code, intake_unit_id, handling_unit_id, route_kind,
                          outcome, closed_at, fingerprints, created_at, updated_at)
     VALUES ($1, $2, 'walk-in', 'closed', 'neighbour', 'low', 'normal', '测试纠纷', $3, $4, $5, 'mediation-committee', $6, $7, '{}', $7::timestamptz - interval '3 days', $7)`,
    [`RANK-${seq}`, `JF0000000001${String(seq).padStart(2, '0')}`.slice(0, 14), region, unit['governance-center-990102'], unit[handler], resolved ? 'resolved' : 'not-resolved-referred', closedAt],
  );
}

const OCT = { periodKind: 'month', period: '2026-10' };
const SEP = { periodKind: 'month', period: '2026-09' };
const rankingUrl = (q: Record<string, string>) => `/api/rankings?${new URLSearchParams(q)}`;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  for (const u of await t.db.query<{ id: string; agency: string; region_code: string }>('SELECT id, agency, region_code FROM unit')) unit[`${u.agency}-${u.region_code}`] = u.id;
  // September: Qingshan's mediation committee resolves 1 of 2, Yunling's 1 of 1; October: Qingshan 2 of 2, Yunling 0 of 1
  await dispute('mediation-committee-990102', '990102', '2026-09-10T02:00:00Z', true);
  await dispute('mediation-committee-990102', '990102', '2026-09-12T02:00:00Z', false);
  await dispute('mediation-committee-990202', '990202', '2026-09-15T02:00:00Z', true);
  await dispute('mediation-committee-990102', '990102', '2026-10-10T02:00:00Z', true);
  await dispute('mediation-committee-990102', '990102', '2026-10-11T02:00:00Z', true);
  await dispute('mediation-committee-990202', '990202', '2026-10-20T02:00:00Z', false);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('indicators', () => {
  it('every account reads the definitions: ten indicators with formula, direction, source, and weights summing to 1', async () => {
    const r = await call('police-990102-handler', 'GET', '/api/indicators');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.indicators).toHaveLength(10);
    expect(r.body.rulesDigest).toMatch(/^[0-9a-f]{64}$/);
    const total = r.body.indicators.reduce((s: number, d: { weight: number }) => s + d.weight, 0);
    expect(total).toBeCloseTo(1, 9);
    expect(r.body.indicators.find((d: { id: string }) => d.id === 'dispute-resolution-rate')).toMatchObject({ formula: 'disputes_resolved / disputes_closed', direction: 'higher-better' });
  });
});

describe('the web menu', () => {
  it('every account has the rankings page; committee supervisors may take snapshots and list regions', async () => {
    const supervisor = await call('committee-990102-supervisor', 'GET', '/api/me');
    expect(supervisor.body.menu).toContain('rankings');
    expect(supervisor.body.permissions).toEqual(expect.arrayContaining(['indicator-snapshot:create', 'remediation:read', 'remediation:create', 'remediation:update']));
    const handler = await call('police-990102-handler', 'GET', '/api/me');
    expect(handler.body.menu).toContain('rankings');
    expect(handler.body.permissions).not.toContain('indicator-snapshot:create');
    expect(handler.body.permissions).not.toContain('remediation:read');
  });
});

describe('snapshots', () => {
  it('the province supervisor takes September, then October; the same period again is refused (409) and nothing is rewritten', async () => {
    const sep = await call('supervisor', 'POST', '/api/indicator-snapshots', { ...SEP, region: '990000' });
    expect(sep.status, JSON.stringify(sep.body)).toBe(201);
    expect(sep.body).toMatchObject({ periodKind: 'month', period: '2026-09', regionCode: '990000', rulesDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(sep.body.values).toBeGreaterThan(0);
    const oct = await call('supervisor', 'POST', '/api/indicator-snapshots', OCT);
    expect(oct.status, JSON.stringify(oct.body)).toBe(201);
    expect(oct.body.regionCode).toBe('990000');
    const again = await call('supervisor', 'POST', '/api/indicator-snapshots', OCT);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SNAPSHOT_TAKEN');
    const [count] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM indicator_snapshot WHERE period = '2026-10'");
    expect(count!.n).toBe(1);
    const audit = await t.db.query<{ action: string }>("SELECT action FROM audit_record WHERE action = 'indicator-snapshot.take'");
    expect(audit).toHaveLength(2);
    const list = await call('police-990102-handler', 'GET', '/api/indicator-snapshots?periodKind=month');
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { period: string }) => s.period)).toEqual(['2026-10', '2026-09']);
  });

  it('a snapshot is frozen: the database refuses to update or delete its rows', async () => {
    await expect(t.db.query("UPDATE indicator_value SET rank = 1 WHERE indicator_id = 'dispute-resolution-rate'")).rejects.toThrow(/frozen/);
    await expect(t.db.query("DELETE FROM indicator_snapshot WHERE period = '2026-09'")).rejects.toThrow(/frozen/);
    await expect(t.db.query("UPDATE indicator_snapshot SET rules_digest = repeat('0', 64)")).rejects.toThrow(/frozen/);
  });

  it('the ranking of units on one indicator, with the change since September; units with nothing to judge are not ranked', async () => {
    const r = await call('police-990102-handler', 'GET', rankingUrl({ ...OCT, region: '990000', subject: 'unit', indicator: 'dispute-resolution-rate' }));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.indicator).toMatchObject({ id: 'dispute-resolution-rate', direction: 'higher-better' });
    const [first, second, ...rest] = r.body.rows;
    expect(first).toMatchObject({ subjectKey: unit['mediation-committee-990102'], value: 1, score: 100, rank: 1, previousRank: 2, previousValue: 0.5, change: { rank: 1, value: 0.5 }, baseMetrics: { disputes_resolved: 2, disputes_closed: 2 } });
    expect(second).toMatchObject({ subjectKey: unit['mediation-committee-990202'], value: 0, score: 0, rank: 2, previousRank: 1, change: { rank: -1, value: -1 } });
    expect(rest.length).toBeGreaterThan(0);
    for (const row of rest) expect(row).toMatchObject({ value: null, rank: null });
  });

  it('the ranking of the cities on the safety index, with its weights shown', async () => {
    const r = await call('supervisor', 'GET', rankingUrl({ ...OCT, subject: 'region' }));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.indicatorId).toBe('safety-index');
    expect(r.body.indicator).toBeNull();
    expect(r.body.weights).toHaveLength(10);
    expect(r.body.weights.reduce((s: number, w: { weight: number }) => s + w.weight, 0)).toBeCloseTo(1, 9);
    expect(r.body.rows.map((x: { subjectKey: string }) => x.subjectKey).sort()).toEqual(['990100', '990200']);
    const dongzhou = r.body.rows.find((x: { subjectKey: string }) => x.subjectKey === '990100');
    const xichuan = r.body.rows.find((x: { subjectKey: string }) => x.subjectKey === '990200');
    expect(dongzhou.rank).toBe(1);
    expect(xichuan.rank).toBe(2);
    expect(dongzhou.baseMetrics['dispute-resolution-rate']).toMatchObject({ weight: 0.1, score: 100 });
    expect(dongzhou.change.rank).toBe(1);
  });

  it('who may take a snapshot: a committee supervisor of the region or above, no one else', async () => {
    const handler = await call('police-990102-handler', 'POST', '/api/indicator-snapshots', { ...OCT, region: '990102' });
    expect(handler.status).toBe(403);
    const countyAbove = await call('committee-990102-supervisor', 'POST', '/api/indicator-snapshots', { ...OCT, region: '990000' });
    expect(countyAbove.status).toBe(403);
    const county = await call('committee-990102-supervisor', 'POST', '/api/indicator-snapshots', OCT);
    expect(county.status, JSON.stringify(county.body)).toBe(201);
    expect(county.body.regionCode).toBe('990102');
    const admin = await call('committee-990102-administrator', 'POST', '/api/indicator-snapshots', { ...SEP, region: '990102' });
    expect(admin.status).toBe(403);
  });

  it('refuses bad input with stable codes and writes nothing', async () => {
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM indicator_snapshot'))[0]!.n;
    const cases: [unknown, number, string][] = [
      [{ periodKind: 'month', period: '2026-13' }, 400, 'PERIOD_LABEL_INVALID'],
      [{ periodKind: 'month', period: '2026-Q3' }, 400, 'PERIOD_LABEL_INVALID'],
      [{ periodKind: 'day', period: '2026-02-30' }, 400, 'PERIOD_LABEL_INVALID'],
      [{ periodKind: 'month', period: '2026-11' }, 422, 'PERIOD_NOT_ENDED'],
      [{ periodKind: 'quarter', period: '2026-Q4' }, 422, 'PERIOD_NOT_ENDED'],
      [{ periodKind: 'day', period: '2099-01-01' }, 422, 'PERIOD_NOT_ENDED'],
      [{ periodKind: 'month', period: '2026-08', region: '990900' }, 422, 'REGION_NOT_FOUND'],
      [{ periodKind: 'week', period: '2026-08' }, 400, 'VALIDATION_FAILED'],
      [{ periodKind: 'month', period: '2026-08', extra: 1 }, 400, 'VALIDATION_FAILED'],
      [{ periodKind: 'month', period: "2026-08'; DROP TABLE unit; --" }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [payload, status, code] of cases) {
      const r = await call('supervisor', 'POST', '/api/indicator-snapshots', payload);
      expect([r.status, r.body.code], JSON.stringify(payload)).toEqual([status, code]);
    }
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM indicator_snapshot'))[0]!.n).toBe(before);
    const none = await call('supervisor', 'GET', rankingUrl({ periodKind: 'month', period: '2025-01' }));
    expect([none.status, none.body.code]).toEqual([404, 'SNAPSHOT_NOT_FOUND']);
    const unknown = await call('supervisor', 'GET', rankingUrl({ ...OCT, indicator: 'happiness' }));
    expect([unknown.status, unknown.body.code]).toEqual([422, 'INDICATOR_UNKNOWN']);
    const badSubject = await call('supervisor', 'GET', rankingUrl({ ...OCT, subject: 'person' }));
    expect(badSubject.status).toBe(400);
  });
});

describe('listed remediation', () => {
  let id: string;
  it('the province lists Xichuan with goals and a deadline; a second listing of it is refused', async () => {
    const body = {
      regionCode: '990200',
      problem: '矛盾纠纷化解率连续两月排名末位',
      goals: [{ indicatorId: 'dispute-resolution-rate', target: 0.9 }, { text: '建立纠纷化解周调度机制' }],
      deadline: '2027-03-31',
    };
    const r = await call('supervisor', 'POST', '/api/remediations', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    id = r.body.id;
    expect(r.body).toMatchObject({ regionCode: '990200', state: 'listed', deadline: '2027-03-31', overdue: false, listedByUnitName: expect.any(String) });
    // Xichuan's latest value in a snapshot (October, as a region of the province) is 0: the goal is not met
    expect(r.body.goals[0]).toMatchObject({ indicatorId: 'dispute-resolution-rate', target: 0.9, latest: { value: 0, period: '2026-10' }, met: false });
    expect(r.body.goals[1]).toMatchObject({ text: '建立纠纷化解周调度机制', met: null });
    expect(r.body.actions).toEqual(['progress', 'lift']);
    expect(r.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['listed']);
    const again = await call('supervisor', 'POST', '/api/remediations', body);
    expect([again.status, again.body.code]).toEqual([409, 'REMEDIATION_ALREADY_LISTED']);
  });

  it('only a committee supervisor of a region above lists; the listed region records progress but does not lift', async () => {
    const own = await call('committee-990200-supervisor', 'POST', '/api/remediations', { regionCode: '990200', problem: '自查', goals: [{ text: '整改' }], deadline: '2027-01-31' });
    expect(own.status).toBe(403);
    const sibling = await call('committee-990102-supervisor', 'POST', '/api/remediations', { regionCode: '990103', problem: '相邻县', goals: [{ text: '整改' }], deadline: '2027-01-31' });
    expect(sibling.status).toBe(403);
    const handler = await call('police-990102-handler', 'POST', '/api/remediations', { regionCode: '990102', problem: '无权', goals: [{ text: '整改' }], deadline: '2027-01-31' });
    expect(handler.status).toBe(403);
    const progress = await call('committee-990200-supervisor', 'POST', `/api/remediations/${id}/actions`, { action: 'progress', note: '已建立周调度机制，化解率回升', values: [{ goal: 0, value: 0.6 }] });
    expect(progress.status, JSON.stringify(progress.body)).toBe(200);
    expect(progress.body.state).toBe('in-progress');
    expect(progress.body.actions).toEqual(['progress']);
    const lift = await call('committee-990200-supervisor', 'POST', `/api/remediations/${id}/actions`, { action: 'lift', note: '自行摘牌', goalsMet: true });
    expect(lift.status).toBe(403);
    const outsider = await call('committee-990102-supervisor', 'GET', `/api/remediations/${id}`);
    expect(outsider.status).toBe(404);
    const handlerRead = await call('police-990102-handler', 'GET', '/api/remediations');
    expect(handlerRead.status).toBe(403);
  });

  it('extending before the deadline is refused; the province lifts it; a lifted listing takes no more steps', async () => {
    const extend = await call('supervisor', 'POST', `/api/remediations/${id}/actions`, { action: 'extend', note: '延期', deadline: '2027-06-30' });
    expect([extend.status, extend.body.code]).toEqual([409, 'REMEDIATION_WRONG_STATE']);
    const badGoal = await call('committee-990200-supervisor', 'POST', `/api/remediations/${id}/actions`, { action: 'progress', note: '第三项', values: [{ goal: 5, value: 1 }] });
    expect(badGoal.status).toBe(400);
    const lift = await call('supervisor', 'POST', `/api/remediations/${id}/actions`, { action: 'lift', note: '经验收，化解机制已建立，化解率尚未达标但明显好转', goalsMet: false });
    expect(lift.status, JSON.stringify(lift.body)).toBe(200);
    expect(lift.body).toMatchObject({ state: 'lifted', goalsMet: false, liftReason: expect.stringContaining('经验收'), actions: [] });
    expect(lift.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['listed', 'progress', 'lifted']);
    const after = await call('supervisor', 'POST', `/api/remediations/${id}/actions`, { action: 'progress', note: '再报' });
    expect([after.status, after.body.code]).toEqual([409, 'REMEDIATION_WRONG_STATE']);
    const list = await call('supervisor', 'GET', '/api/remediations?state=lifted');
    expect(list.body.items.map((l: { id: string }) => l.id)).toContain(id);
    const audit = await t.db.query<{ action: string }>("SELECT action FROM audit_record WHERE resource_kind = 'remediation' ORDER BY seq");
    expect(audit.map((a) => a.action)).toEqual(['remediation.list', 'remediation.progress', 'remediation.lift']);
  });

  it('a listing whose deadline has passed is overdue and may be extended (逾期已延期), only to a later day', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const listed = await call('supervisor', 'POST', '/api/remediations', { regionCode: '990103', problem: '期限管理薄弱', goals: [{ indicatorId: 'clock-on-time-rate', target: 0.98 }], deadline: today });
    expect(listed.status, JSON.stringify(listed.body)).toBe(201);
    const principals = await activePrincipals(t.db, 'test');
    const ctx = { principal: principals.get('supervisor')!, clientAddress: 'test' };
    const later = { ...t.deps, now: () => new Date(Date.now() + 10 * 86_400_000) };
    const page = await remediationPage(later, indicatorRules(), ctx, listed.body.id);
    expect(page).toMatchObject({ overdue: true, actions: ['progress', 'extend', 'lift'] });
    const newDeadline = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    await expect(actOnRemediation(later, indicatorRules(), ctx, listed.body.id, { action: 'extend', note: '延期', deadline: today })).rejects.toMatchObject({ code: 'DATE_INVALID' });
    const extended = await actOnRemediation(later, indicatorRules(), ctx, listed.body.id, { action: 'extend', note: '客观原因，延期一个月', deadline: newDeadline });
    expect(extended).toMatchObject({ state: 'overdue-extended', deadline: newDeadline, overdue: false });
    expect(extended.timeline.at(-1)).toMatchObject({ kind: 'extended', data: { from: today, to: newDeadline }, fromState: 'listed', toState: 'overdue-extended' });
  });

  it('hostile text: control characters, lone surrogates and overlong notes refused; SQL and markup kept verbatim as text', async () => {
    const [listing] = await t.db.query<{ id: string }>("SELECT id FROM remediation_listing WHERE region_code = '990103' AND state <> 'lifted'");
    const url = `/api/remediations/${listing!.id}/actions`;
    const events = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM remediation_event WHERE listing_id = $1', [listing!.id]))[0]!.n;
    const before = await events();
    for (const note of ['a\u0000b', 'ab\ud800cd', 'a'.repeat(2001), '']) {
      const r = await call('supervisor', 'POST', url, { action: 'progress', note });
      expect([r.status, r.body.code], JSON.stringify(note.slice(0, 20))).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect(await events()).toBe(before);
    for (const note of ["' OR 1=1 --", '<script>alert(1)</script>']) {
      const r = await call('supervisor', 'POST', url, { action: 'progress', note });
      expect(r.status).toBe(200);
      // (the timeline is in time order; the extension above was recorded ten days ahead)
      expect(r.body.timeline.filter((e: { kind: string; note: string }) => e.kind === 'progress' && e.note === note)).toHaveLength(1);
    }
  });

  it('refuses bad listings: past deadline, unknown indicator, a goal without target, no goals, unknown region', async () => {
    const base = { regionCode: '990100', problem: '问题', goals: [{ text: '整改' }], deadline: '2027-01-31' };
    const cases: [unknown, number][] = [
      [{ ...base, deadline: '2020-01-01' }, 400],
      [{ ...base, deadline: '2027-02-30' }, 400],
      [{ ...base, goals: [{ indicatorId: 'happiness', target: 1 }] }, 400],
      [{ ...base, goals: [{ indicatorId: 'dispute-resolution-rate' }] }, 400],
      [{ ...base, goals: [{}] }, 400],
      [{ ...base, goals: [] }, 400],
      [{ ...base, regionCode: '990900' }, 422],
      [{ ...base, problem: '' }, 400],
    ];
    for (const [payload, status] of cases) {
      const r = await call('supervisor', 'POST', '/api/remediations', payload);
      expect(r.status, JSON.stringify(payload)).toBe(status);
    }
    expect((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM remediation_listing WHERE region_code = '990100'"))[0]!.n).toBe(0);
    const missing = await call('supervisor', 'GET', '/api/remediations/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
  });
});

describe('permissions of every route', () => {
  it('each route answers the roles it lets in and refuses the others', async () => {
    const probes: Record<(typeof INDICATOR_ROUTES)[number], { method: 'GET' | 'POST'; url: string; payload?: unknown; allowed: string[]; refused: string[] }> = {
      'GET /api/indicators': { method: 'GET', url: '/api/indicators', allowed: ['police-990102-handler', 'governance-center-990102-mediator', 'supervisor'], refused: [] },
      'GET /api/indicator-snapshots': { method: 'GET', url: '/api/indicator-snapshots', allowed: ['committee-990102-auditor', 'supervisor'], refused: [] },
      'POST /api/indicator-snapshots': { method: 'POST', url: '/api/indicator-snapshots', payload: { periodKind: 'day', period: '2026-11-01', region: '990102' }, allowed: ['committee-990102-supervisor'], refused: ['police-990102-unit-head', 'committee-990102-auditor', 'governance-center-990102-mediator'] },
      'GET /api/rankings': { method: 'GET', url: rankingUrl(OCT), allowed: ['supervisor', 'governance-center-990102-mediator'], refused: [] },
      'GET /api/remediations': { method: 'GET', url: '/api/remediations', allowed: ['supervisor', 'committee-990102-supervisor'], refused: ['police-990102-unit-head', 'committee-990102-administrator'] },
      'POST /api/remediations': { method: 'POST', url: '/api/remediations', payload: { regionCode: '990102001', problem: '网格事件超时', goals: [{ indicatorId: 'grid-event-on-time-rate', target: 0.9 }], deadline: '2027-02-28' }, allowed: ['committee-990102-supervisor'], refused: ['police-990102-unit-head', 'governance-center-990102-mediator'] },
      'GET /api/remediations/:id': { method: 'GET', url: '/api/remediations/:id', allowed: ['committee-990102-supervisor', 'supervisor'], refused: ['police-990102-handler'] },
      'POST /api/remediations/:id/actions': { method: 'POST', url: '/api/remediations/:id/actions', payload: { action: 'progress', note: '进展' }, allowed: ['committee-990102-supervisor'], refused: ['police-990102-handler', 'committee-990102-auditor'] },
    };
    let listing = '';
    for (const route of INDICATOR_ROUTES) {
      const p = probes[route];
      for (const user of p.refused) {
        const r = await call(user, p.method, p.url.replace(':id', listing || '00000000-0000-4000-8000-000000000000'), p.payload);
        expect(r.status, `${route} as ${user}`).toBe(403);
      }
      for (const user of p.allowed) {
        const r = await call(user, p.method, p.url.replace(':id', listing), p.payload);
        expect(r.status, `${route} as ${user}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
        if (route === 'POST /api/remediations') listing = r.body.id;
      }
    }
  });
});

describe('the scheduler', () => {
  it('takes yesterday, last month and last quarter for the province unless taken; a second tick takes nothing', async () => {
    const deps = { ...t.deps, now: () => new Date('2026-11-22T04:00:00Z') };
    // October was taken by hand above
    expect(await takeDueSnapshots(deps)).toEqual(['day 2026-11-21', 'quarter 2026-Q3']);
    expect(await takeDueSnapshots(deps)).toEqual([]);
    const [row] = await t.db.query<{ taken_by: string | null }>("SELECT taken_by FROM indicator_snapshot WHERE period = '2026-Q3'");
    expect(row!.taken_by).toBeNull();
  });
});

describe('demo rankings', () => {
  it('seedDemoRankings takes the last 12 months and 4 quarters for the province and lists two regions with progress; again it skips what exists', async () => {
    const now = new Date('2026-11-22T04:00:00Z');
    const first = await seedDemoRankings(t.deps, { now });
    // September and October 2026 were taken above, and 2026-Q3 by the scheduler
    expect(first).toMatchObject({ months: 10, quarters: 3, listings: 2 });
    const snapshots = await t.db.query<{ period: string }>("SELECT period FROM indicator_snapshot WHERE region_code = '990000' AND period_kind = 'quarter' ORDER BY period");
    expect(snapshots.map((s) => s.period)).toEqual(['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']);
    const listings = await t.db.query<{ region_code: string; n: number }>(
      "SELECT l.region_code, (SELECT count(*)::int FROM remediation_event e WHERE e.listing_id = l.id AND e.kind = 'progress') AS n FROM remediation_listing l WHERE l.state <> 'lifted' AND l.listed_by IS NOT NULL AND l.region_code IN (SELECT code FROM region WHERE parent_code = '990000')",
    );
    expect(listings.length).toBeGreaterThanOrEqual(1);
    const again = await seedDemoRankings(t.deps, { now });
    expect(again).toMatchObject({ months: 0, quarters: 0 });
  }, 120_000);
});
