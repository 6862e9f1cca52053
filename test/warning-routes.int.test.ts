/**
 * Who may call the oversight routes (issue 5), role by role, and what each sees of the hits: a committee
 * supervisor the region's and below, a case-handling unit the hits it must answer for. The user-record matrix
 * (permission-matrix.int.test.ts) counts WARNING_ROUTES as covered here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFull } from '../src/modules/warnings/warnings.service.ts';
import { type TestApp, bearer, createTestApp } from './app.ts';
import { HOUR, fixtures } from './warning-fixtures.ts';
import { SUPERVISION_ROUTES, WARNING_ROUTES } from './warning-routes.ts';
import { PNG_1X1 } from './documents.ts';

type Route = (typeof WARNING_ROUTES)[number];

const USERS = [
  'supervisor',
  'committee-990102-supervisor',
  'police-990102-handler',
  'police-990102-unit-head',
  'procuratorate-990102-handler',
  'committee-990102-administrator',
  'committee-990102-auditor',
  'governance-center-990102-mediator',
] as const;

// the expected status per user, in the order of USERS
const EXPECTED: Record<Route, number[]> = {
  'GET /api/warnings/models': [200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/warnings/models/:id': [200, 200, 200, 200, 200, 200, 200, 200],
  'PUT /api/warnings/models/:id/setting': [200, 403, 403, 403, 403, 403, 403, 403],
  'POST /api/warnings/runs': [200, 200, 403, 403, 403, 403, 403, 403],
  'POST /api/warnings/models/:id/backtest': [200, 200, 403, 403, 403, 403, 403, 403],
  'GET /api/warnings/hits': [200, 200, 200, 200, 200, 403, 403, 403],
  'GET /api/warnings/summary': [200, 200, 200, 200, 200, 403, 403, 403],
};

const REQUESTS: Record<Route, { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: object }> = {
  'GET /api/warnings/models': { method: 'GET', url: '/api/warnings/models' },
  'GET /api/warnings/models/:id': { method: 'GET', url: '/api/warnings/models/custody.expiring' },
  'PUT /api/warnings/models/:id/setting': { method: 'PUT', url: '/api/warnings/models/custody.expiring/setting', payload: { parameters: { days: 3 } } },
  'POST /api/warnings/runs': { method: 'POST', url: '/api/warnings/runs', payload: { models: ['arrest.decision-late'] } },
  'POST /api/warnings/models/:id/backtest': { method: 'POST', url: '/api/warnings/models/arrest.decision-late/backtest', payload: { from: '2026-01-01', to: '2026-01-03' } },
  'GET /api/warnings/hits': { method: 'GET', url: '/api/warnings/hits' },
  'GET /api/warnings/summary': { method: 'GET', url: '/api/warnings/summary' },
};

type SupervisionRoute = (typeof SUPERVISION_ROUTES)[number];
const SUPERVISION_EXPECTED: Record<SupervisionRoute, number[]> = {
  'GET /api/supervision-items': [200, 200, 200, 200, 200, 403, 403, 403],
  'POST /api/supervision-items': [201, 201, 403, 403, 403, 403, 403, 403],
  'POST /api/supervision-items/class': [201, 201, 403, 403, 403, 403, 403, 403],
  'GET /api/supervision-items/:id': [200, 200, 200, 200, 404, 403, 403, 403],
  'POST /api/supervision-items/:id/actions': [200, 200, 200, 200, 404, 403, 403, 403],
  'POST /api/supervision-items/:id/attachments': [201, 201, 201, 201, 404, 403, 403, 403],
  'GET /api/supervision-items/:id/attachments/:attachmentId/content': [200, 200, 200, 200, 404, 403, 403, 403],
};

let t: TestApp;
const hits = { near: '', far: '', procuratorate: '' };
const item = { id: '', attachment: '' };
const unitIds: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  const f = await fixtures(t.db);
  Object.assign(unitIds, f.units);
  // three overdue arrest decisions: one answered for by the county's police, one by a police far away, one by the county's procuratorate
  hits.near = await f.clock(await f.case(), { rule: 'cpl.arrest.decide', dueIn: -HOUR, unit: 'police-990102' });
  hits.far = await f.clock(await f.case({ holder: 'police-990202', registeredBy: 'police-990202' }), { rule: 'cpl.arrest.decide', dueIn: -HOUR, unit: 'police-990202' });
  hits.procuratorate = await f.clock(await f.case(), { rule: 'cpl.arrest.decide', dueIn: -HOUR, unit: 'procuratorate-990102' });
  await runFull(t.deps, ['arrest.decision-late']);
  // an item the county committee assigned to the county's police, with one attachment
  const raised = await t.app.inject({
    method: 'POST', url: '/api/supervision-items', headers: bearer(await t.login('committee-990102-supervisor')),
    payload: { source: 'manual', title: '权限测试', description: '权限测试', assigneeUnitId: f.units['police-990102'] },
  });
  item.id = raised.json().id;
  const file = await t.app.inject({
    method: 'POST', url: `/api/supervision-items/${item.id}/attachments?name=a.png`,
    headers: { ...bearer(await t.login('committee-990102-supervisor')), 'content-type': 'image/png' }, payload: Buffer.from(PNG_1X1),
  });
  item.attachment = file.json().id;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('who may call each oversight route', () => {
  for (const route of WARNING_ROUTES) {
    USERS.forEach((user, i) => {
      it(`${route} as ${user}: ${EXPECTED[route][i]}`, async () => {
        const r = REQUESTS[route];
        const res = await t.app.inject({ method: r.method, url: r.url, headers: bearer(await t.login(user)), ...(r.payload ? { payload: r.payload } : {}) });
        expect(res.statusCode, res.body).toBe(EXPECTED[route][i]);
      });
    });
  }
});

describe('who may call each supervision route', () => {
  const request = (route: SupervisionRoute): { method: 'GET' | 'POST'; url: string; payload?: object | Buffer; contentType?: string } => {
    switch (route) {
      case 'GET /api/supervision-items': return { method: 'GET', url: '/api/supervision-items' };
      case 'POST /api/supervision-items': return { method: 'POST', url: '/api/supervision-items', payload: { source: 'manual', title: '测试', description: '测试', assigneeUnitId: unitIds['police-990102'] } };
      case 'POST /api/supervision-items/class': return { method: 'POST', url: '/api/supervision-items/class', payload: { modelId: 'arrest.decision-late', description: '类案' } };
      case 'GET /api/supervision-items/:id': return { method: 'GET', url: `/api/supervision-items/${item.id}` };
      case 'POST /api/supervision-items/:id/actions': return { method: 'POST', url: `/api/supervision-items/${item.id}/actions`, payload: { action: 'comment', note: '留言' } };
      case 'POST /api/supervision-items/:id/attachments': return { method: 'POST', url: `/api/supervision-items/${item.id}/attachments?name=b.png`, payload: Buffer.from(PNG_1X1), contentType: 'image/png' };
      case 'GET /api/supervision-items/:id/attachments/:attachmentId/content': return { method: 'GET', url: `/api/supervision-items/${item.id}/attachments/${item.attachment}/content` };
    }
  };
  for (const route of SUPERVISION_ROUTES) {
    USERS.forEach((user, i) => {
      it(`${route} as ${user}: ${SUPERVISION_EXPECTED[route][i]}`, async () => {
        const r = request(route);
        const headers = { ...bearer(await t.login(user)), ...(r.contentType ? { 'content-type': r.contentType } : {}) };
        const res = await t.app.inject({ method: r.method, url: r.url, headers, ...(r.payload ? { payload: r.payload } : {}) });
        expect(res.statusCode, res.body.slice(0, 300)).toBe(SUPERVISION_EXPECTED[route][i]);
      });
    });
  }
});

describe('what each sees of the hits', () => {
  const subjects = async (user: string) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/warnings/hits?model=arrest.decision-late&pageSize=500', headers: bearer(await t.login(user)) });
    expect(res.statusCode).toBe(200);
    return new Set((res.json().items as { subjectId: string }[]).map((h) => h.subjectId));
  };

  it('the province committee sees all three', async () => {
    const s = await subjects('supervisor');
    for (const id of Object.values(hits)) expect(s.has(id)).toBe(true);
  });

  it("the county committee sees its county's two, not the far one", async () => {
    const s = await subjects('committee-990102-supervisor');
    expect([s.has(hits.near), s.has(hits.procuratorate), s.has(hits.far)]).toEqual([true, true, false]);
  });

  it('a police handler sees only the hit of its own unit', async () => {
    const s = await subjects('police-990102-handler');
    expect([s.has(hits.near), s.has(hits.procuratorate), s.has(hits.far)]).toEqual([true, false, false]);
  });

  it('a region filter keeps the hits answered for within that region', async () => {
    const inRegion = async (code: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/warnings/hits?model=arrest.decision-late&region=${code}&pageSize=500`, headers: bearer(await t.login('supervisor')) });
      expect(res.statusCode, res.body).toBe(200);
      const s = new Set((res.json().items as { subjectId: string }[]).map((h) => h.subjectId));
      return [s.has(hits.near), s.has(hits.procuratorate), s.has(hits.far)];
    };
    expect(await inRegion('990100')).toEqual([true, true, false]);
    expect(await inRegion('990202')).toEqual([false, false, true]);
    expect(await inRegion('990000')).toEqual([true, true, true]);
  });

  it('the summary counts what the caller may see', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/warnings/summary', headers: bearer(await t.login('procuratorate-990102-handler')) });
    const byModel = res.json().byModel as { modelId: string; count: number }[];
    expect(byModel.find((m) => m.modelId === 'arrest.decision-late')?.count).toBe(1);
    // the 30 days of the trend end today (China Standard Time), with today's hit in it
    const trend = res.json().trend as { day: string; opened: number }[];
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(trend).toHaveLength(30);
    expect(trend.at(-1)).toEqual({ day: today, opened: 1, closed: 0 });
  });
});

describe('settings and backtest', () => {
  it('the province sets a parameter within its bounds; a bad one is refused with the field named', async () => {
    const put = async (payload: object) =>
      t.app.inject({ method: 'PUT', url: '/api/warnings/models/custody.expiring/setting', headers: bearer(await t.login('supervisor')), payload });
    const ok = await put({ parameters: { days: 5 } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().parameters.find((p: { name: string }) => p.name === 'days').value).toBe(5);
    for (const [payload, field] of [
      [{ parameters: { days: 0 } }, 'parameters.days'],
      [{ parameters: { days: 'five' } }, 'parameters.days'],
      [{ parameters: { weeks: 1 } }, 'parameters.weeks'],
      [{ parameters: { custody_rules: [] } }, 'parameters.custody_rules'],
    ] as const) {
      const r = await put(payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(JSON.stringify(r.json().details)).toContain(field);
    }
    expect((await put({ enabled: false })).json().enabled).toBe(false);
    // a switched-off model is left out of full runs
    const run = await t.app.inject({ method: 'POST', url: '/api/warnings/runs', headers: bearer(await t.login('supervisor')), payload: {} });
    expect(run.json().models.map((m: { id: string }) => m.id)).not.toContain('custody.expiring');
    expect((await put({ enabled: true })).json().enabled).toBe(true);
    const unknown = await t.app.inject({ method: 'PUT', url: '/api/warnings/models/no.such/setting', headers: bearer(await t.login('supervisor')), payload: {} });
    expect(unknown.statusCode).toBe(404);
  });

  it('a backtest counts per unit the subjects the model would have hit, as of each day', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const r = await t.app.inject({
      method: 'POST', url: '/api/warnings/models/arrest.decision-late/backtest', headers: bearer(await t.login('supervisor')),
      payload: { from: today, to: today },
    });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.samples).toBe(1);
    const byUnit = Object.fromEntries(body.items.map((i: { unitId: string; hits: number }) => [i.unitId, i.hits]));
    expect(byUnit[unitIds['police-990102']!]).toBe(1);
    expect(byUnit[unitIds['police-990202']!]).toBe(1);
    // a month ago none of the three had run out
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const past = await t.app.inject({ method: 'POST', url: '/api/warnings/models/arrest.decision-late/backtest', headers: bearer(await t.login('supervisor')), payload: { from: monthAgo, to: monthAgo } });
    expect(past.json().total).toBe(0);
    const long = await t.app.inject({ method: 'POST', url: '/api/warnings/models/arrest.decision-late/backtest', headers: bearer(await t.login('supervisor')), payload: { from: '2020-01-01', to: '2026-01-01' } });
    expect(long.json().code).toBe('PERIOD_TOO_LONG');
    const bad = await t.app.inject({ method: 'POST', url: '/api/warnings/models/arrest.decision-late/backtest', headers: bearer(await t.login('supervisor')), payload: { from: '2026-02-30', to: '2026-03-01' } });
    expect(bad.statusCode).toBe(400);
  });
});

describe('a model that fails on the records', () => {
  it('is reported as the model failing (422, not 500) in a backtest, and in a full run the other models still run', async () => {
    // a sentence whose term is not a number (written past the service's check): sentence.disparity's cast fails
    const f = await fixtures(t.db);
    const c = await f.case();
    await f.record(c, { kind: 'sentence', data: { penalty: 'fixed-term', months: 'twelve' } });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const r = await t.app.inject({
      method: 'POST', url: '/api/warnings/models/sentence.disparity/backtest', headers: bearer(await t.login('supervisor')),
      payload: { from: today, to: today },
    });
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().code).toBe('WARNING_MODEL_FAILED');
    const run = await runFull(t.deps, ['sentence.disparity', 'arrest.decision-late']);
    expect(run.models.find((m) => m.id === 'sentence.disparity')?.error).toBeTruthy();
    expect(run.models.find((m) => m.id === 'arrest.decision-late')).toMatchObject({ holding: expect.any(Number) });
    await t.db.query('DELETE FROM case_record WHERE case_id = $1', [c]);
  });
});
