/**
 * Stability risk assessments through the API (issue 7 part 4, flows.md §5): registered by the owner body, planned,
 * opinions gathered, risks listed and edited, rated by the rule, the decision recorded (a high rating never going
 * on unchanged, a medium one only with every mitigation planned), mitigations completed, reviewed; refusals in the
 * wrong state; bad input never half-written; who sees and does what (RISK_ASSESSMENT_ROUTES of the permission
 * matrix); the demo's assessments made through the services.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cstDayOf, isoDate } from '../src/engine/clock/civil-date.ts';
import { RISK_ASSESSMENT_STATES } from '../src/engine/risk-assessments/assessment-flow.ts';
import { seedDemoRiskAssessments } from '../src/seed/demo-risk-assessments.ts';
import { type TestApp, bearer, createTestApp } from './app.ts';
import { RISK_ASSESSMENT_ROUTES } from './risk-assessment-routes.ts';

let t: TestApp;
const OWNER = 'governance-center-990102-handler';
const OWNER_HEAD = 'governance-center-990102-unit-head';
const COMMITTEE_HEAD = 'committee-990102-unit-head';
const SUPERVISOR = 'committee-990102-supervisor';
const CITY_SUPERVISOR = 'committee-990100-supervisor';
const FAR_SUPERVISOR = 'committee-990200-supervisor';
const POLICE = 'police-990102-handler';
const COURT = 'court-990102-handler';
const TOWN = 'governance-center-990102001-handler';
const AUDITOR = 'committee-990102-auditor';
const units: Record<string, string> = {};
const exercised = new Set<string>();

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
async function api(user: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<{ status: number; body: any }> {
  const route = url.split('?')[0]!
    .replace(/risks\/[0-9a-f-]{36}/, 'risks/:riskId')
    .replace(/mitigations\/[0-9a-f-]{36}/, 'mitigations/:mitigationId')
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id');
  exercised.add(`${method} ${route}`);
  const headers = user ? bearer(await t.login(user)) : {};
  const res = await t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.body ? res.json() : null };
}

const day = (plus: number) => isoDate(cstDayOf(Date.now()) + plus);
const count = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

const register = (user: string, over: object = {}) =>
  api(user, 'POST', '/api/risk-assessments', { title: '青山县老城区棚户区改造房屋征收补偿方案', summary: '征收改造约 40 公顷棚户区', decisionBody: '青山县人民政府', regionCode: '990102', peopleAffected: 2400, ...over });

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  for (const r of await t.db.query<{ id: string; code: string }>("SELECT id, code FROM unit WHERE region_code LIKE '99%'")) units[r.code] = r.id;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the rules', () => {
  it('every account reads the matrix and the rating rule with their sources; no one without logging in', async () => {
    for (const user of [OWNER, SUPERVISOR, COURT, AUDITOR]) {
      const r = await api(user, 'GET', '/api/rules/risk-assessment');
      expect(r.status, user).toBe(200);
      expect(r.body.basis.zh).toContain('国务院令第713号');
      expect(r.body.matrix.levels).toEqual([{ level: 'high', minScore: 15 }, { level: 'medium', minScore: 7 }, { level: 'low', minScore: 1 }]);
      expect(r.body.decisions.high).toEqual(['not-proceed', 'proceed-after-adjustment']);
      expect(r.body.opinionKinds).toHaveLength(3);
    }
    expect((await api(null, 'GET', '/api/rules/risk-assessment')).status).toBe(401);
  });
});

describe('a medium-rated decision through its whole flow', () => {
  let id = '';
  const riskIds: string[] = [];
  const mitigationIds: string[] = [];

  it('the owner body registers it: registered, its only step the plan', async () => {
    const r = await register(OWNER);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.number).toMatch(/^稳\d{4}-\d{6}$/);
    id = r.body.id;
    const page = await api(OWNER, 'GET', `/api/risk-assessments/${id}`);
    expect(page.body).toMatchObject({ state: 'registered', rating: null, ownerUnitId: units['governance-center-990102'], decisionBody: '青山县人民政府', isOwner: true, actions: ['plan'], open: true });
    expect(page.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['registered']);
  });

  it('refuses listing a risk before the plan, and rating with nothing gathered', async () => {
    const early = await api(OWNER, 'POST', `/api/risk-assessments/${id}/risks`, { title: '上访', likelihood: 3, impact: 3, mitigation: '解释' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('RISK_ASSESSMENT_WRONG_STATE');
    expect(early.body.message.zh).toContain('已登记');
    const plan = await api(OWNER, 'POST', `/api/risk-assessments/${id}/plan`, { plan: '问卷、座谈、听证、专家论证', dueOn: day(30) });
    expect(plan.status, JSON.stringify(plan.body)).toBe(200);
    expect(plan.body).toMatchObject({ state: 'assessing', planDueOn: day(30) });
    const rate = await api(OWNER, 'POST', `/api/risk-assessments/${id}/rate`, {});
    expect(rate.status).toBe(409);
    expect(rate.body).toMatchObject({ code: 'RISK_ASSESSMENT_INCOMPLETE', details: { missing: ['opinion', 'risk'] } });
  });

  it('gathers an opinion and lists two risks, each placed on the matrix; edits one while not rated', async () => {
    const op = await api(OWNER, 'POST', `/api/risk-assessments/${id}/opinions`, { kind: 'public-comment', heldOn: day(0), summary: '关注补偿标准', participants: 200, countFor: 150, countAgainst: 30 });
    expect(op.status, JSON.stringify(op.body)).toBe(200);
    expect(op.body.opinions).toMatchObject([{ kind: 'public-comment', heldOn: day(0), participants: 200, countAgainst: 30 }]);
    const r1 = await api(OWNER, 'POST', `/api/risk-assessments/${id}/risks`, { title: '对补偿标准不满引发集体上访', likelihood: 3, impact: 3, mitigation: '公开补偿标准，入户解释' });
    expect(r1.status).toBe(200);
    const r2 = await api(OWNER_HEAD, 'POST', `/api/risk-assessments/${id}/risks`, { title: '施工扰民', likelihood: 1, impact: 2, mitigation: '限定施工时段' });
    expect(r2.status).toBe(200);
    riskIds.push(...r2.body.risks.map((r: { id: string }) => r.id));
    expect(r2.body.risks.map((r: { level: string }) => r.level)).toEqual(['medium', 'low']);
    expect(r2.body.proposedRating.rating).toBe('medium');
    const edit = await api(OWNER, 'PUT', `/api/risk-assessments/${id}/risks/${riskIds[1]}`, { title: '施工噪声扰民', likelihood: 2, impact: 2, mitigation: '限定施工时段，公开投诉电话' });
    expect(edit.status).toBe(200);
    expect(edit.body.risks[1]).toMatchObject({ title: '施工噪声扰民', likelihood: 2, impact: 2, level: 'low' });
  });

  it('rates it medium by the rule, the reasons on the timeline; risks are then fixed', async () => {
    const r = await api(OWNER, 'POST', `/api/risk-assessments/${id}/rate`, {});
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'rated', rating: 'medium', allowedDecisions: ['proceed-after-mitigation', 'not-proceed'] });
    expect(r.body.timeline.at(-1)).toMatchObject({ kind: 'rated', fromState: 'assessing', toState: 'rated' });
    expect(r.body.timeline.at(-1).note).toContain('中风险');
    const edit = await api(OWNER, 'PUT', `/api/risk-assessments/${id}/risks/${riskIds[0]}`, { title: 'x', likelihood: 1, impact: 1, mitigation: 'y' });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('RISK_ASSESSMENT_WRONG_STATE');
  });

  it('a medium rating does not proceed unchanged, nor before every risk has its mitigation planned', async () => {
    const go = await api(OWNER, 'POST', `/api/risk-assessments/${id}/decision`, { decision: 'proceed' });
    expect(go.status).toBe(409);
    expect(go.body).toMatchObject({ code: 'RISK_DECISION_NOT_ALLOWED', details: { rating: 'medium' } });
    expect(go.body.message.zh).toContain('落实防范措施后实施');
    const m1 = await api(OWNER, 'POST', `/api/risk-assessments/${id}/mitigations`, { riskItemId: riskIds[0], action: '设立政策咨询点', responsibleUnitId: units['justice-bureau-990102'], dueOn: day(20) });
    expect(m1.status, JSON.stringify(m1.body)).toBe(200);
    const unplanned = await api(OWNER, 'POST', `/api/risk-assessments/${id}/decision`, { decision: 'proceed-after-mitigation' });
    expect(unplanned.status).toBe(409);
    expect(unplanned.body).toMatchObject({ code: 'RISK_MITIGATIONS_UNPLANNED', details: { riskIds: [riskIds[1]] } });
    const m2 = await api(OWNER, 'POST', `/api/risk-assessments/${id}/mitigations`, { riskItemId: riskIds[1], action: '夜间停止施工', responsibleUnitId: units['police-990102'], dueOn: day(10) });
    expect(m2.status).toBe(200);
    mitigationIds.push(...m2.body.mitigations.map((m: { id: string }) => m.id));
    expect(m2.body.mitigations[0]).toMatchObject({ state: 'open', dueOn: day(20), responsibleUnitName: expect.stringContaining('司法局') });
    const ok = await api(OWNER, 'POST', `/api/risk-assessments/${id}/decision`, { decision: 'proceed-after-mitigation', note: '县政府常务会议研究同意' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ state: 'implementing', decision: 'proceed-after-mitigation', decisionNote: '县政府常务会议研究同意', actions: ['add-mitigation', 'complete-mitigation', 'review'] });
    expect(ok.body.decidedAt).not.toBeNull();
  });

  it('tracks mitigations to done; the review needs each open one explained', async () => {
    const done = await api(OWNER, 'POST', `/api/risk-assessments/${id}/mitigations/${mitigationIds[0]}/complete`, { note: '咨询点已设立' });
    expect(done.status).toBe(200);
    expect(done.body.mitigations[0]).toMatchObject({ state: 'done', note: '咨询点已设立' });
    const again = await api(OWNER, 'POST', `/api/risk-assessments/${id}/mitigations/${mitigationIds[0]}/complete`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('RISK_MITIGATION_DONE');
    const open = await api(OWNER, 'POST', `/api/risk-assessments/${id}/review`, { note: '实施平稳' });
    expect(open.status).toBe(409);
    expect(open.body).toMatchObject({ code: 'RISK_MITIGATIONS_OPEN', details: { mitigationIds: [mitigationIds[1]] } });
    const reviewed = await api(OWNER, 'POST', `/api/risk-assessments/${id}/review`, { note: '实施平稳，未发生群体性事件', explanations: [{ mitigationId: mitigationIds[1], explanation: '工程已完工，措施不再需要' }] });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    expect(reviewed.body).toMatchObject({ state: 'reviewed', open: false, actions: [], reviewNote: '实施平稳，未发生群体性事件' });
    expect(reviewed.body.mitigations[1]).toMatchObject({ state: 'open', openExplanation: '工程已完工，措施不再需要' });
    expect(reviewed.body.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'registered', 'planned', 'opinion-added', 'risk-listed', 'risk-listed', 'risk-edited', 'rated', 'mitigation-added', 'mitigation-added', 'decided', 'mitigation-done', 'reviewed',
    ]);
    const late = await api(OWNER, 'POST', `/api/risk-assessments/${id}/mitigations`, { riskItemId: riskIds[0], action: 'x', responsibleUnitId: units['police-990102'], dueOn: day(1) });
    expect(late.status).toBe(409);
  });

  it('each step left its audit record', async () => {
    const rows = await t.db.query<{ action: string }>("SELECT action FROM audit_record WHERE resource_kind = 'risk-assessment' AND resource_id = $1 ORDER BY seq", [id]);
    expect(rows.map((r) => r.action)).toEqual([
      'risk-assessment.register', 'risk-assessment.plan', 'risk-assessment.add-opinion', 'risk-assessment.list-risk', 'risk-assessment.list-risk', 'risk-assessment.edit-risk',
      'risk-assessment.rate', 'risk-assessment.add-mitigation', 'risk-assessment.add-mitigation', 'risk-assessment.decide', 'risk-assessment.complete-mitigation', 'risk-assessment.review',
    ]);
  });
});

describe('a high rating', () => {
  let id = '';
  it('cannot proceed unchanged; not proceeding ends it', async () => {
    id = (await register(COMMITTEE_HEAD, { title: '生活垃圾焚烧发电项目选址', decisionBody: '东州市人民政府' })).body.id;
    await api(COMMITTEE_HEAD, 'POST', `/api/risk-assessments/${id}/plan`, { plan: '听证与专家论证', dueOn: day(10) });
    await api(COMMITTEE_HEAD, 'POST', `/api/risk-assessments/${id}/opinions`, { kind: 'hearing', heldOn: day(-3), summary: '周边居民强烈反对', participants: 40, countFor: 10, countAgainst: 25 });
    await api(COMMITTEE_HEAD, 'POST', `/api/risk-assessments/${id}/risks`, { title: '邻避聚集', likelihood: 2, impact: 2, mitigation: '信息公开' });
    const rated = await api(COMMITTEE_HEAD, 'POST', `/api/risk-assessments/${id}/rate`, {});
    expect(rated.body.rating).toBe('high');
    expect(rated.body.timeline.at(-1).note).toContain('反对意见占 62.5%');
    for (const decision of ['proceed', 'proceed-after-mitigation']) {
      const r = await api(COMMITTEE_HEAD, 'POST', `/api/risk-assessments/${id}/decision`, { decision });
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('RISK_DECISION_NOT_ALLOWED');
    }
    const no = await api(COMMITTEE_HEAD, 'POST', `/api/risk-assessments/${id}/decision`, { decision: 'not-proceed', note: '暂缓' });
    expect(no.body).toMatchObject({ state: 'not-proceeding', decision: 'not-proceed', open: false, actions: [] });
  });

  it('an adjusted decision is assessed again: rating cleared, risks editable, rated anew', async () => {
    const { body } = await register(OWNER, { title: '城中村拆迁安置' });
    const aid = body.id;
    await api(OWNER, 'POST', `/api/risk-assessments/${aid}/plan`, { plan: '座谈走访', dueOn: day(5) });
    await api(OWNER, 'POST', `/api/risk-assessments/${aid}/opinions`, { kind: 'expert-review', heldOn: day(0), summary: '方案可行', participants: 5, countFor: 5, countAgainst: 0 });
    const risk = await api(OWNER, 'POST', `/api/risk-assessments/${aid}/risks`, { title: '安置房延期交付引发群体上访', likelihood: 4, impact: 5, mitigation: '先建后拆' });
    const riskId = risk.body.risks[0].id;
    expect((await api(OWNER, 'POST', `/api/risk-assessments/${aid}/rate`, {})).body.rating).toBe('high');
    const noNote = await api(OWNER, 'POST', `/api/risk-assessments/${aid}/decision`, { decision: 'proceed-after-adjustment' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.details[0].field).toBe('note');
    const adjusted = await api(OWNER, 'POST', `/api/risk-assessments/${aid}/decision`, { decision: 'proceed-after-adjustment', note: '改为先建后拆、分期实施' });
    expect(adjusted.status).toBe(200);
    expect(adjusted.body).toMatchObject({ state: 'assessing', rating: null, decision: null, decidedAt: null, reassessments: 1, decisionNote: '改为先建后拆、分期实施' });
    expect(adjusted.body.timeline.at(-1)).toMatchObject({ kind: 'reassessing', fromState: 'rated', toState: 'assessing' });
    await api(OWNER, 'PUT', `/api/risk-assessments/${aid}/risks/${riskId}`, { title: '安置房延期交付引发群体上访', likelihood: 2, impact: 3, mitigation: '先建后拆，分期实施' });
    const low = await api(OWNER, 'POST', `/api/risk-assessments/${aid}/rate`, {});
    expect(low.body).toMatchObject({ state: 'rated', rating: 'low', allowedDecisions: ['proceed', 'proceed-after-mitigation', 'not-proceed'] });
    const go = await api(OWNER, 'POST', `/api/risk-assessments/${aid}/decision`, { decision: 'proceed' });
    expect(go.body).toMatchObject({ state: 'implementing', decision: 'proceed', reassessments: 1 });
    expect(go.body.decidedAt).not.toBeNull();
  });

  it('the database itself refuses a high rating with a decision to proceed', async () => {
    await expect(t.db.query("UPDATE risk_assessment SET decision = 'proceed', state = 'implementing' WHERE id = $1", [id])).rejects.toThrow(/check/i);
  });
});

describe('bad input: 400 or 422 with a bilingual message, nothing written', () => {
  let id = '';
  let riskId = '';
  beforeAll(async () => {
    id = (await register(OWNER, { title: '学区划分调整' })).body.id;
    await api(OWNER, 'POST', `/api/risk-assessments/${id}/plan`, { plan: '问卷', dueOn: day(3) });
    riskId = (await api(OWNER, 'POST', `/api/risk-assessments/${id}/risks`, { title: '家长聚集', likelihood: 2, impact: 4, mitigation: '政策解读' })).body.risks[0].id;
  });

  it('refuses a registration without its fields, in an unknown region or outside the caller\'s', async () => {
    const before = await count('risk_assessment');
    const cases: [object, number, string][] = [
      [{ title: '' }, 400, 'VALIDATION_FAILED'],
      [{ title: '   ' }, 400, 'VALIDATION_FAILED'],
      [{ peopleAffected: -1 }, 400, 'VALIDATION_FAILED'],
      [{ peopleAffected: 'many' }, 400, 'VALIDATION_FAILED'],
      [{ regionCode: 'abc' }, 400, 'VALIDATION_FAILED'],
      [{ regionCode: '990199' }, 422, 'REGION_NOT_FOUND'],
      [{ regionCode: '990202' }, 422, 'RISK_ASSESSMENT_REGION_INVALID'],
      [{ extra: 1 }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [over, status, code] of cases) {
      const r = await register(OWNER, over);
      expect(r.status, JSON.stringify(over)).toBe(status);
      expect(r.body.code).toBe(code);
      expect(r.body.message.zh).toBeTruthy();
      expect(r.body.message.en).toBeTruthy();
    }
    expect(await count('risk_assessment')).toBe(before);
  });

  it('refuses a bad risk, opinion or mitigation, and unknown risks and units', async () => {
    const risks = await count('risk_item');
    const opinions = await count('risk_opinion');
    const mitigations = await count('risk_mitigation');
    const events = await count('risk_assessment_event');
    const bad: [string, 'POST' | 'PUT', object, number, string][] = [
      ['risks', 'POST', { title: 'x', likelihood: 6, impact: 1, mitigation: 'y' }, 400, 'VALIDATION_FAILED'],
      ['risks', 'POST', { title: 'x', likelihood: 0, impact: 1, mitigation: 'y' }, 400, 'VALIDATION_FAILED'],
      ['risks', 'POST', { title: 'x', likelihood: 2.5, impact: 1, mitigation: 'y' }, 400, 'VALIDATION_FAILED'],
      ['risks', 'POST', { title: 'x', likelihood: 2, impact: 1, mitigation: ' ' }, 400, 'VALIDATION_FAILED'],
      [`risks/${crypto.randomUUID()}`, 'PUT', { title: 'x', likelihood: 2, impact: 1, mitigation: 'y' }, 404, 'RISK_ITEM_NOT_FOUND'],
      ['opinions', 'POST', { kind: 'poll', heldOn: day(0), summary: 's', participants: 1, countFor: 0, countAgainst: 0 }, 400, 'VALIDATION_FAILED'],
      ['opinions', 'POST', { kind: 'hearing', heldOn: day(0), summary: 's', participants: 10, countFor: 8, countAgainst: 5 }, 400, 'VALIDATION_FAILED'],
      ['opinions', 'POST', { kind: 'hearing', heldOn: day(2), summary: 's', participants: 10, countFor: 1, countAgainst: 1 }, 400, 'VALIDATION_FAILED'],
      ['opinions', 'POST', { kind: 'hearing', heldOn: '2025-02-30', summary: 's', participants: 10, countFor: 1, countAgainst: 1 }, 400, 'VALIDATION_FAILED'],
      ['mitigations', 'POST', { riskItemId: riskId, action: 'a', responsibleUnitId: crypto.randomUUID(), dueOn: day(3) }, 422, 'UNIT_NOT_FOUND'],
      ['mitigations', 'POST', { riskItemId: crypto.randomUUID(), action: 'a', responsibleUnitId: units['police-990102'], dueOn: day(3) }, 404, 'RISK_ITEM_NOT_FOUND'],
      ['mitigations', 'POST', { riskItemId: riskId, action: 'a', responsibleUnitId: units['police-990102'], dueOn: day(-1) }, 400, 'VALIDATION_FAILED'],
      ['plan', 'POST', { plan: 'again', dueOn: day(3) }, 409, 'RISK_ASSESSMENT_WRONG_STATE'],
      ['decision', 'POST', { decision: 'maybe' }, 400, 'VALIDATION_FAILED'],
      ['review', 'POST', { note: '' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [path, method, payload, status, code] of bad) {
      const r = await api(OWNER, method, `/api/risk-assessments/${id}/${path}`, payload);
      expect(r.status, `${path} ${JSON.stringify(payload)} ${JSON.stringify(r.body)}`).toBe(status);
      expect(r.body.code).toBe(code);
    }
    expect(await count('risk_item')).toBe(risks);
    expect(await count('risk_opinion')).toBe(opinions);
    expect(await count('risk_mitigation')).toBe(mitigations);
    expect(await count('risk_assessment_event')).toBe(events);
  });
});

describe('who sees and does what', () => {
  let id = '';
  beforeAll(async () => {
    id = (await register(OWNER, { title: '公交线路调整' })).body.id;
  });

  it('the committee supervisors of the region and above read it, take no step; others learn nothing of it', async () => {
    for (const user of [SUPERVISOR, CITY_SUPERVISOR]) {
      const page = await api(user, 'GET', `/api/risk-assessments/${id}`);
      expect(page.status, user).toBe(200);
      expect(page.body).toMatchObject({ isOwner: false, actions: [] });
      const list = await api(user, 'GET', '/api/risk-assessments?pageSize=200');
      expect(list.body.items.map((a: { id: string }) => a.id)).toContain(id);
      const plan = await api(user, 'POST', `/api/risk-assessments/${id}/plan`, { plan: 'x', dueOn: day(3) });
      expect(plan.status, user).toBe(403);
    }
    for (const user of [FAR_SUPERVISOR, POLICE, COMMITTEE_HEAD, TOWN]) {
      expect((await api(user, 'GET', `/api/risk-assessments/${id}`)).status, user).toBe(404);
      const list = await api(user, 'GET', '/api/risk-assessments?pageSize=200');
      expect(list.status, user).toBe(200);
      expect(list.body.items.map((a: { id: string }) => a.id)).not.toContain(id);
    }
    const outsider = await api(POLICE, 'POST', `/api/risk-assessments/${id}/plan`, { plan: 'x', dueOn: day(3) });
    expect(outsider.status).toBe(404);
  });

  it('a court, an auditor have no access; a township center may not register; no one without logging in', async () => {
    for (const user of [COURT, AUDITOR]) {
      expect((await api(user, 'GET', '/api/risk-assessments')).status, user).toBe(403);
      expect((await register(user)).status, user).toBe(403);
    }
    const town = await register(TOWN, { regionCode: '990102001' });
    expect(town.status).toBe(403);
    expect(town.body.message.zh).toContain('县级以上');
    expect((await api(null, 'GET', '/api/risk-assessments')).status).toBe(401);
    expect((await api(null, 'POST', `/api/risk-assessments/${id}/plan`, { plan: 'x', dueOn: day(3) })).status).toBe(401);
  });

  it('the police may register their own and see only those', async () => {
    const own = await register(POLICE, { title: '大型活动交通管制方案', decisionBody: '青山县公安局' });
    expect(own.status).toBe(201);
    const list = await api(POLICE, 'GET', '/api/risk-assessments');
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([own.body.id]);
  });

  it('lists with filters: state, rating, region, owner, open only; paged', async () => {
    const all = await api(SUPERVISOR, 'GET', '/api/risk-assessments?pageSize=200');
    expect(all.body.total).toBeGreaterThanOrEqual(6);
    const reviewed = await api(SUPERVISOR, 'GET', '/api/risk-assessments?state=reviewed');
    expect(reviewed.body.items.every((a: { state: string }) => a.state === 'reviewed')).toBe(true);
    expect(reviewed.body.total).toBe(1);
    expect(reviewed.body.items[0]).toMatchObject({ mitigationsOpen: 1, mitigationsDone: 1 });
    const high = await api(SUPERVISOR, 'GET', '/api/risk-assessments?rating=high');
    expect(high.body.items.map((a: { rating: string }) => a.rating)).toEqual(['high']);
    const open = await api(SUPERVISOR, 'GET', '/api/risk-assessments?open=true&pageSize=200');
    expect(open.body.items.every((a: { state: string }) => !['reviewed', 'not-proceeding'].includes(a.state))).toBe(true);
    expect(open.body.total).toBe(all.body.total - 2);
    const owner = await api(SUPERVISOR, 'GET', `/api/risk-assessments?owner=${units['committee-990102']}`);
    expect(owner.body.total).toBe(1);
    const region = await api(CITY_SUPERVISOR, 'GET', '/api/risk-assessments?region=990103');
    expect(region.body.total).toBe(0);
    // a city's code covers its counties (the cockpit's links give the region it is drawn for)
    const city = await api(CITY_SUPERVISOR, 'GET', '/api/risk-assessments?region=990100&pageSize=200');
    expect(city.body.total).toBe((await api(CITY_SUPERVISOR, 'GET', '/api/risk-assessments?pageSize=200')).body.total);
    expect(city.body.total).toBeGreaterThan(0);
    expect((await api(CITY_SUPERVISOR, 'GET', '/api/risk-assessments?region=990102&pageSize=200')).body.total).toBe(city.body.total);
    const page2 = await api(SUPERVISOR, 'GET', '/api/risk-assessments?pageSize=2&page=2');
    expect(page2.body.items).toHaveLength(2);
    expect((await api(SUPERVISOR, 'GET', '/api/risk-assessments?state=done')).status).toBe(400);
  });

  it('this file exercised every route of RISK_ASSESSMENT_ROUTES', () => {
    expect([...exercised].filter((r) => (RISK_ASSESSMENT_ROUTES as readonly string[]).includes(r)).sort()).toEqual([...RISK_ASSESSMENT_ROUTES].sort());
  });
});

describe('the demo assessments', () => {
  it('are made through the services over the cities and counties, in every state, the same for the same seed', async () => {
    const before = await count('risk_assessment');
    const now = new Date();
    const r = await seedDemoRiskAssessments(t.deps, { seed: 7, now, count: 24 });
    expect(r.assessments).toBe(24);
    for (const s of RISK_ASSESSMENT_STATES) expect(r.byState[s], s).toBeGreaterThan(0);
    expect(await count('risk_assessment')).toBe(before + 24);
    const rows = await t.db.query<{ region_code: string; state: string; rating: string | null; registered_at: Date }>(
      'SELECT region_code, state, rating, registered_at FROM risk_assessment ORDER BY registered_at DESC LIMIT 24',
    );
    expect(new Set(rows.map((x) => x.region_code)).size).toBeGreaterThan(3);
    expect(rows.every((x) => new Date(x.registered_at).getTime() < now.getTime())).toBe(true);
    const events = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM risk_assessment_event WHERE at >= $1", [now.toISOString()]);
    expect(events[0]!.n).toBe(0);
    const audits = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_record WHERE resource_kind = 'risk-assessment' AND action = 'risk-assessment.register' AND actor_username LIKE 'governance-center-%'");
    expect(audits[0]!.n).toBeGreaterThanOrEqual(24);
    const again = await seedDemoRiskAssessments(t.deps, { seed: 7, now, count: 24 });
    expect(again).toEqual(r);
    const made = await t.db.query<{ title: string; state: string; rating: string | null; region_code: string; people_affected: number }>(
      'SELECT title, state, rating, region_code, people_affected FROM risk_assessment ORDER BY number DESC LIMIT 48',
    );
    expect(made.slice(0, 24)).toEqual(made.slice(24));
    const other = await seedDemoRiskAssessments(t.deps, { seed: 8, now, count: 8 });
    expect(other.assessments).toBe(8);
  }, 120_000);
});
