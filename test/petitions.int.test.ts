/**
 * Petitions through the API (issue 6, flows.md §4): registered by a county petition office, routed, accepted,
 * extended as complex, answered with an opinion, reviewed and re-reviewed one level up each time, final; refused;
 * objected to and routed again; a law-related petition routed into its case's legal procedure and following the
 * case as it moves; every clock's due moment checked against the clock engine on the rules; each refusal; masked
 * lists and audited reads; every route role by role; the petitioner's progress without personal data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoCst } from '../src/engine/clock/civil-date.ts';
import { computeDue } from '../src/engine/clock/compute.ts';
import type { LedgerEvent } from '../src/engine/clock/types.ts';
import { petitionProgress, registerPetition } from '../src/modules/petitions/petitions.service.ts';
import { type TestApp, bearer, createTestApp } from './app.ts';
import { type CaseDriver, caseDriver } from './case-fixtures.ts';
import { residentIdCheckChar } from '../src/shared/gb11643.ts';
import { PETITION_ROUTES, PETITION_STEP_PATHS } from './petition-routes.ts';

let t: TestApp;
let cases: CaseDriver;
const units: Record<string, string> = {};

const OFFICE = 'petition-office-990102-handler';
const CITY_OFFICE = 'petition-office-990100-handler';
const FAR_OFFICE = 'petition-office-990202-handler';
const BUREAU = 'justice-bureau-990102-handler';
const CITY_BUREAU = 'justice-bureau-990100-handler';
const PROVINCE_BUREAU = 'justice-bureau-990000-handler';
const OUTSIDER = 'court-990102-handler';
const SUPERVISOR = 'committee-990102-supervisor';
const FAR_SUPERVISOR = 'committee-990202-supervisor';
const GRID_WORKER = 'governance-center-990102001-grid-worker';
const POLICE = 'police-990102-handler';
const PROCURATOR = 'procuratorate-990102-handler';

const ID_NUMBER = (() => {
  const first17 = '99010219800101123';
  return first17 + residentIdCheckChar(first17);
})();

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
async function api(user: string, method: 'GET' | 'POST', url: string, payload?: object): Promise<{ status: number; body: any }> {
  const res = await t.app.inject({ method, url, headers: bearer(await t.login(user)), ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.body ? res.json() : null };
}

/** The services' clock: each step happens at a moment the test sets (whole seconds, as the ledgers keep them). */
let nowMs = 0;
const setNow = (iso: string) => {
  nowMs = Date.parse(iso);
};

/** The due moment the clock engine computes for a rule from its ledger: what the API must answer. */
function expectedDue(ruleId: string, ledger: LedgerEvent[]): string {
  const rule = t.deps.clock.rules.get(ruleId)!;
  return new Date(computeDue(rule, ledger, t.deps.clock).dueMs!).toISOString();
}
const started = (iso: string): LedgerEvent => ({ type: 'started', at: isoCst(Date.parse(iso)) });

interface Clock { ruleId: string; state: string; dueAt: string | null; unitId: string | null }
const clock = (page: { clocks: Clock[] }, ruleId: string, state = 'running') => page.clocks.find((c) => c.ruleId === ruleId && c.state === state);

const registration = (over: Record<string, unknown> = {}) => ({
  channel: 'visit',
  petitioner: { name: '王小五', phone: '13812345678', idNumber: ID_NUMBER },
  respondent: '东州市某区住房和城乡建设局',
  subject: '房屋征收补偿款未按协议支付',
  content: '2025年签订征收补偿协议，约定三个月内支付补偿款，至今未付。',
  ...over,
});

async function register(over: Record<string, unknown> = {}, user = OFFICE): Promise<{ id: string; number: string; trackingCode: string; matterPetitions: number }> {
  const r = await api(user, 'POST', '/api/petitions', registration(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function ok(user: string, id: string, path: string, payload: object = {}) {
  const r = await api(user, 'POST', `/api/petitions/${id}/${path}`, payload);
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

const page = async (user: string, id: string) => {
  const r = await api(user, 'GET', `/api/petitions/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

const petitionCount = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM petition'))[0]!.n;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  cases = await caseDriver(t);
  Object.assign(units, cases.units);
  nowMs = Date.now();
  t.deps.now = () => new Date(nowMs);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('a petition through its whole flow, with every clock as the rules compute it', () => {
  let id = '';
  let trackingCode = '';
  // 10 September 2026, 10:00 CST; the notice period then runs into the National Day holiday (rules/calendars/2026.yaml)
  const RECEIVED = '2026-09-10T02:00:00.000Z';
  const ROUTED = '2026-09-18T02:00:00.000Z';
  const ACCEPTED = '2026-09-24T02:00:00.000Z';
  const EXTENDED = '2026-10-20T02:00:00.000Z';
  const OPINION = '2026-12-01T02:00:00.000Z';
  const REVIEW = '2026-12-10T02:00:00.000Z';
  const REVIEWED = '2026-12-28T02:00:00.000Z';
  const REREVIEW = '2027-01-05T02:00:00.000Z';
  const REREVIEWED = '2027-01-20T02:00:00.000Z';

  it('the county petition office registers it: a number, a tracking code, the route clock (15 days) running at the office', async () => {
    setNow(RECEIVED);
    const r = await register();
    expect(r.number).toMatch(/^信2026-\d{6}$/);
    expect(r.trackingCode).toMatch(/^XF[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(r.matterPetitions).toBe(1);
    id = r.id;
    trackingCode = r.trackingCode;
    const p = await page(OFFICE, id);
    expect(p).toMatchObject({ state: 'received', channel: 'visit', receivingUnitId: units['petition-office-990102'], handlingUnitId: null, side: 'receiving', trackingCode });
    expect(p.actions).toEqual(['route', 'route-legal']);
    expect(clock(p, 'petition.route')).toMatchObject({ dueAt: expectedDue('petition.route', [started(RECEIVED)]), unitId: units['petition-office-990102'] });
    expect(p.events.map((e: { kind: string }) => e.kind)).toEqual(['register']);
  });

  it('routed to the county justice bureau: the route clock stops; the notice (15 days, past the holiday) and objection (5 working days) clocks start at the bureau', async () => {
    setNow(ROUTED);
    const r = await ok(OFFICE, id, 'route', { handlingUnitId: units['justice-bureau-990102'], note: '属地管理，转县司法局办理' });
    expect(r).toMatchObject({ id, state: 'routed' });
    const p = await page(BUREAU, id);
    expect(p).toMatchObject({ state: 'routed', handlingUnitId: units['justice-bureau-990102'], side: 'handling' });
    expect(p.actions).toEqual(['accept', 'refuse', 'object', 'route-legal']);
    expect(clock(p, 'petition.route', 'stopped')).toBeDefined();
    expect(clock(p, 'petition.route')).toBeUndefined();
    const notice = clock(p, 'petition.accept-notice')!;
    expect(notice).toMatchObject({ dueAt: expectedDue('petition.accept-notice', [started(ROUTED)]), unitId: units['justice-bureau-990102'] });
    // 3 October falls in the holiday: the last day moves to the next working day
    expect(notice.dueAt! > '2026-10-03T16:00:00.000Z').toBe(true);
    expect(clock(p, 'petition.object-remit')).toMatchObject({ dueAt: expectedDue('petition.object-remit', [started(ROUTED)]) });
    expect(p.nextDueAt).toBe([notice.dueAt, clock(p, 'petition.object-remit')!.dueAt].sort()[0]);
  });

  it('the bureau accepts with a written notice: both receipt clocks stop, the handling clock (60 days) starts', async () => {
    setNow(ACCEPTED);
    await ok(BUREAU, id, 'accept', { note: '已书面告知信访人受理' });
    const p = await page(BUREAU, id);
    expect(p.state).toBe('accepted');
    expect(clock(p, 'petition.accept-notice')).toBeUndefined();
    expect(clock(p, 'petition.object-remit')).toBeUndefined();
    expect(clock(p, 'petition.handle')).toMatchObject({ dueAt: expectedDue('petition.handle', [started(ACCEPTED)]) });
    expect(p.actions).toEqual(['extend', 'issue-opinion', 'route-legal']);
  });

  it('complex: extended once by 30 days with the reason told; a second extension is refused', async () => {
    setNow(EXTENDED);
    expect((await api(BUREAU, 'POST', `/api/petitions/${id}/extend`, {})).status).toBe(400);
    await ok(BUREAU, id, 'extend', { reason: '涉及多个部门，需调取历年补偿档案' });
    const p = await page(BUREAU, id);
    expect(p).toMatchObject({ state: 'accepted', complexExtended: true, extensionReason: '涉及多个部门，需调取历年补偿档案' });
    const due = expectedDue('petition.handle', [started(ACCEPTED), { type: 'extension-granted', at: isoCst(Date.parse(EXTENDED)), extension: 'complex' }]);
    expect(clock(p, 'petition.handle')!.dueAt).toBe(due);
    expect(due > expectedDue('petition.handle', [started(ACCEPTED)])).toBe(true);
    const again = await api(BUREAU, 'POST', `/api/petitions/${id}/extend`, { reason: '再次延长' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PETITION_ALREADY_EXTENDED');
  });

  it('the written opinion: the handling clock stops, the petitioner has 30 days to ask for a review (no body answers for it)', async () => {
    setNow(OPINION);
    const bad = await api(BUREAU, 'POST', `/api/petitions/${id}/opinion`, { outcome: 'maybe', opinion: 'x' });
    expect(bad.status).toBe(400);
    await ok(BUREAU, id, 'opinion', { outcome: 'not-supported', opinion: '经核查，补偿款已按协议分期支付，诉求不予支持。' });
    const p = await page(BUREAU, id);
    expect(p).toMatchObject({ state: 'opinion-issued', outcome: 'not-supported' });
    expect(clock(p, 'petition.handle')).toBeUndefined();
    expect(clock(p, 'petition.review.apply')).toMatchObject({ dueAt: expectedDue('petition.review.apply', [started(OPINION)]), unitId: null });
    expect(p.nextDueAt).toBeNull();
  });

  it('a review goes to the body one level up only: the city bureau answers within 30 days', async () => {
    setNow(REVIEW);
    for (const unit of ['justice-bureau-990202', 'justice-bureau-990000', 'justice-bureau-990102']) {
      const r = await api(OFFICE, 'POST', `/api/petitions/${id}/review-request`, { reviewUnitId: units[unit] });
      expect(r.status, unit).toBe(422);
      expect(r.body.code).toBe('PETITION_UNIT_INVALID');
    }
    await ok(OFFICE, id, 'review-request', { reviewUnitId: units['justice-bureau-990100'], note: '信访人不服处理意见，请求复查' });
    const p = await page(CITY_BUREAU, id);
    expect(p).toMatchObject({ state: 'review-requested', handlingUnitId: units['justice-bureau-990100'], side: 'handling' });
    expect(clock(p, 'petition.review.apply')).toBeUndefined();
    expect(clock(p, 'petition.review.answer')).toMatchObject({ dueAt: expectedDue('petition.review.answer', [started(REVIEW)]), unitId: units['justice-bureau-990100'] });
    // the county bureau no longer answers: the review is the city's
    const county = await api(BUREAU, 'POST', `/api/petitions/${id}/review-answer`, { outcome: 'supported', opinion: '自行复查' });
    expect(county.status).toBe(403);
  });

  it('review answered, re-review asked of the province and answered: final, every clock stopped', async () => {
    setNow(REVIEWED);
    await ok(CITY_BUREAU, id, 'review-answer', { outcome: 'explained', opinion: '维持原处理意见，并向信访人解释补偿款支付情况。' });
    let p = await page(CITY_BUREAU, id);
    expect(p.state).toBe('review-answered');
    expect(clock(p, 'petition.rereview.apply')).toMatchObject({ dueAt: expectedDue('petition.rereview.apply', [started(REVIEWED)]), unitId: null });
    setNow(REREVIEW);
    const wrong = await api(CITY_BUREAU, 'POST', `/api/petitions/${id}/rereview-request`, { rereviewUnitId: units['justice-bureau-990100'] });
    expect(wrong.status).toBe(422);
    await ok(CITY_BUREAU, id, 'rereview-request', { rereviewUnitId: units['justice-bureau-990000'] });
    p = await page(PROVINCE_BUREAU, id);
    expect(clock(p, 'petition.rereview.answer')).toMatchObject({ dueAt: expectedDue('petition.rereview.answer', [started(REREVIEW)]), unitId: units['justice-bureau-990000'] });
    setNow(REREVIEWED);
    await ok(PROVINCE_BUREAU, id, 'rereview-answer', { outcome: 'explained', opinion: '复核维持。' });
    p = await page(PROVINCE_BUREAU, id);
    expect(p).toMatchObject({ state: 'final', closedAt: REREVIEWED, actions: [] });
    expect(p.clocks.every((c: Clock) => c.state === 'stopped')).toBe(true);
    expect(p.clocks.map((c: Clock) => c.ruleId)).toEqual([
      'petition.route', 'petition.accept-notice', 'petition.object-remit', 'petition.handle', 'petition.review.apply', 'petition.review.answer',
      'petition.rereview.apply', 'petition.rereview.answer',
    ]);
    expect(p.events.map((e: { kind: string }) => e.kind)).toEqual([
      'register', 'route', 'accept', 'extend', 'issue-opinion', 'request-review', 'answer-review', 'request-rereview', 'answer-rereview',
    ]);
    const late = await api(PROVINCE_BUREAU, 'POST', `/api/petitions/${id}/conclude`, {});
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'PETITION_WRONG_STATE', details: { state: 'final', allowed: ['opinion-issued', 'review-answered'] } });
  });

  it("every body it was with still reads the petitioner whole; each such read is audited", async () => {
    const before = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_record WHERE action = 'petition.petitioner.reveal' AND resource_id = $1", [id]))[0]!.n;
    for (const user of [OFFICE, BUREAU, CITY_BUREAU, PROVINCE_BUREAU]) {
      const p = await page(user, id);
      expect(p.petitioner, user).toEqual({ name: '王小五', phone: '13812345678', idNumber: ID_NUMBER, masked: false });
    }
    const after = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_record WHERE action = 'petition.petitioner.reveal' AND resource_id = $1", [id]))[0]!.n;
    expect(after - before).toBe(4);
  });

  it("the petitioner's progress by tracking code: states, days and due days, the body it went to — no personal data, no notes", async () => {
    // as the petitioner types it: lower case, in groups
    const typed = `${trackingCode.slice(0, 2)} ${trackingCode.slice(2, 6)}-${trackingCode.slice(6)}`.toLowerCase();
    const progress = await petitionProgress(t.db, typed, t.deps);
    expect(progress).toMatchObject({ trackingCode, state: 'final', receivedDay: '2026-09-10', handlingUnitName: expect.stringContaining('司法厅'), case: null });
    expect(progress!.steps.map((s) => s.action)).toEqual(['register', 'route', 'accept', 'extend', 'issue-opinion', 'request-review', 'answer-review', 'request-rereview', 'answer-rereview']);
    expect(progress!.clocks[0]).toMatchObject({ ruleId: 'petition.route', name: { zh: '信访部门登记并转送、交办信访事项' }, state: 'stopped' });
    const text = JSON.stringify(progress);
    for (const secret of ['王小五', '13812345678', ID_NUMBER, '补偿款', '属地管理', units['justice-bureau-990102']!]) expect(text).not.toContain(secret);
    expect(await petitionProgress(t.db, 'XF0000000000')).toBeNull();
    expect(await petitionProgress(t.db, `JF${trackingCode.slice(2)}`)).toBeNull();
    expect(await petitionProgress(t.db, trackingCode, undefined, { phoneLast4: '5678' })).not.toBeNull();
    expect(await petitionProgress(t.db, trackingCode, undefined, { phoneLast4: '0000' })).toBeNull();
  });
});

describe('not accepted, objected to and routed again', () => {
  it('refused with reasons (a reason is required): not accepted, its clocks stopped, closed', async () => {
    setNow('2026-03-02T02:00:00.000Z');
    const { id } = await register({ subject: '要求追究某干部责任' });
    await ok(OFFICE, id, 'route', { handlingUnitId: units['justice-bureau-990102'] });
    expect((await api(BUREAU, 'POST', `/api/petitions/${id}/refuse`, { reason: '' })).status).toBe(400);
    await ok(BUREAU, id, 'refuse', { reason: '属于纪检监察机关受理的检举控告类事项，已告知信访人向有权机关提出' });
    const p = await page(BUREAU, id);
    expect(p).toMatchObject({ state: 'not-accepted', closedAt: '2026-03-02T02:00:00.000Z', actions: [] });
    expect(p.clocks.filter((c: Clock) => c.state !== 'stopped').map((c: Clock) => c.ruleId)).toEqual([]);
  });

  it('objected as outside its remit: back at the office, the objecting body no longer sees it, the route clock runs again; routed to another body', async () => {
    setNow('2026-03-02T02:00:00.000Z');
    const { id } = await register({ subject: '劳动报酬拖欠' });
    await ok(OFFICE, id, 'route', { handlingUnitId: units['court-990102'] });
    setNow('2026-03-04T02:00:00.000Z');
    await ok(OUTSIDER, id, 'object', { reason: '不属于法院职权范围，应由劳动保障监察部门处理' });
    const p = await page(OFFICE, id);
    expect(p).toMatchObject({ state: 'objected', handlingUnitId: null, actions: ['route'] });
    expect(clock(p, 'petition.route')).toMatchObject({ dueAt: expectedDue('petition.route', [started('2026-03-04T02:00:00.000Z')]) });
    expect((await api(OUTSIDER, 'GET', `/api/petitions/${id}`)).status).toBe(404);
    await ok(OFFICE, id, 'route', { handlingUnitId: units['justice-bureau-990102'] });
    expect((await page(BUREAU, id)).state).toBe('routed');
  });

  it('an opinion the petitioner accepts is concluded by the handling body: final', async () => {
    const { id } = await register({ subject: '申请法律援助被拒' });
    await ok(OFFICE, id, 'route', { handlingUnitId: units['justice-bureau-990102'] });
    await ok(BUREAU, id, 'accept');
    await ok(BUREAU, id, 'opinion', { outcome: 'supported', opinion: '予以法律援助。' });
    await ok(BUREAU, id, 'conclude', { note: '信访人表示满意' });
    const p = await page(OFFICE, id);
    expect(p.state).toBe('final');
    expect(p.clocks.every((c: Clock) => c.state === 'stopped')).toBe(true);
  });
});

describe('refusals', () => {
  let id = '';
  beforeAll(async () => {
    setNow('2026-04-01T02:00:00.000Z');
    id = (await register({ subject: '拒绝测试' })).id;
  });

  it('a step in the wrong state is 409 and changes nothing', async () => {
    const r = await api(OFFICE, 'POST', `/api/petitions/${id}/opinion`, { outcome: 'supported', opinion: '未受理先出意见' });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'PETITION_WRONG_STATE', details: { state: 'received', action: 'issue-opinion', allowed: ['accepted'] } });
    expect((await page(OFFICE, id)).version).toBe(1);
  });

  it("one side may not take the other's step (403); a body it is not with gets 404; routing outside the region or to itself is refused", async () => {
    await ok(OFFICE, id, 'route', { handlingUnitId: units['justice-bureau-990102'] });
    const office = await api(OFFICE, 'POST', `/api/petitions/${id}/accept`, {});
    expect(office.status).toBe(403);
    expect(office.body.details).toMatchObject({ by: 'handling' });
    expect((await api(BUREAU, 'POST', `/api/petitions/${id}/route`, { handlingUnitId: units['court-990102'] })).status).toBe(409);
    expect((await api(OUTSIDER, 'POST', `/api/petitions/${id}/accept`, {})).status).toBe(404);
    expect((await api(POLICE, 'GET', `/api/petitions/${id}`)).status).toBe(404);
    const other = await register({ subject: '路由测试' });
    for (const unit of ['justice-bureau-990202', 'petition-office-990102']) {
      const r = await api(OFFICE, 'POST', `/api/petitions/${other.id}/route`, { handlingUnitId: units[unit] });
      expect(r.status, unit).toBe(422);
      expect(r.body.code).toBe('PETITION_UNIT_INVALID');
    }
    const unknown = await api(OFFICE, 'POST', `/api/petitions/${other.id}/route`, { handlingUnitId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.body.code).toBe('UNIT_NOT_FOUND');
    expect((await api(OFFICE, 'GET', '/api/petitions/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('bad registrations are refused before anything is written', async () => {
    const before = await petitionCount();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ channel: 'fax' }, 422, 'PETITION_OPTION_UNKNOWN'],
      [{ channel: 'Visit!' }, 400, 'VALIDATION_FAILED'],
      [{ petitioner: { name: '王小五', idNumber: '990102198001011230' } }, 400, 'VALIDATION_FAILED'],
      [{ petitioner: { name: '王小五', phone: '12345' } }, 400, 'VALIDATION_FAILED'],
      [{ petitioner: { name: '' } }, 400, 'VALIDATION_FAILED'],
      [{ subject: '' }, 400, 'VALIDATION_FAILED'],
      [{ regionCode: '990202' }, 400, 'VALIDATION_FAILED'],
      [{ regionCode: '990109' }, 400, 'VALIDATION_FAILED'],
      [{ respondentUnitId: '00000000-0000-4000-8000-000000000000' }, 422, 'UNIT_NOT_FOUND'],
      [{ extra: 1 }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [over, status, code] of cases) {
      const r = await api(OFFICE, 'POST', '/api/petitions', registration(over));
      expect(r.status, JSON.stringify(over)).toBe(status);
      expect(r.body.code, JSON.stringify(over)).toBe(code);
    }
    const unknownLegal = await api(OFFICE, 'POST', `/api/petitions/${id}/legal-procedure`, { caseNumber: 'X', legalRoute: 'appeal-to-heaven' });
    expect(unknownLegal).toMatchObject({ status: 422, body: { code: 'PETITION_OPTION_UNKNOWN' } });
    expect(await petitionCount()).toBe(before);
  });

  it('only a petition office registers (403 for others); the public form registers with the office it was sent to', async () => {
    expect((await api(BUREAU, 'POST', '/api/petitions', registration())).status).toBe(403);
    expect((await api(SUPERVISOR, 'POST', '/api/petitions', registration())).status).toBe(403);
    const viaForm = await registerPetition(t.deps, { receivingUnitId: units['petition-office-990102']!, clientAddress: '203.0.113.9' }, { ...registration({ channel: 'online' }), subject: '网上信访' } as never);
    expect((await page(OFFICE, viaForm.id)).channel).toBe('online');
    await expect(registerPetition(t.deps, { receivingUnitId: units['court-990102']!, clientAddress: null }, registration() as never)).rejects.toMatchObject({ code: 'PETITION_UNIT_INVALID' });
  });
});

describe('a law-related petition follows its case', () => {
  let id = '';
  let caseId = '';
  let caseNumber = '';
  let trackingCode = '';

  beforeAll(async () => {
    setNow(new Date().toISOString());
    caseId = await cases.register(POLICE, { title: '信访关联案件' });
    caseNumber = (await cases.api(POLICE, 'GET', `/api/cases/${caseId}`)).body.caseNumber;
    const r = await register({ subject: '对公安机关立案后久侦不结不服', respondent: '某县公安局', respondentUnitId: units['police-990102'], lawRelated: true });
    id = r.id;
    trackingCode = r.trackingCode;
  });

  it('an unknown case, a case of another county, an unknown legal route are refused', async () => {
    const unknown = await api(OFFICE, 'POST', `/api/petitions/${id}/legal-procedure`, { caseNumber: 'NOPE-1', legalRoute: 'complaint' });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'CASE_NOT_FOUND' } });
    const far = await cases.register('police-990202-handler', { title: '外县案件' });
    const farNumber = (await cases.api('police-990202-handler', 'GET', `/api/cases/${far}`)).body.caseNumber;
    const r = await api(OFFICE, 'POST', `/api/petitions/${id}/legal-procedure`, { caseNumber: farNumber, legalRoute: 'complaint' });
    expect(r).toMatchObject({ status: 404, body: { code: 'CASE_NOT_FOUND' } });
    expect((await page(OFFICE, id)).state).toBe('received');
  });

  it('routed into the legal procedure of its case: the petition clocks stop; the holder of the case handles it and reads the petitioner', async () => {
    await ok(OFFICE, id, 'legal-procedure', { caseNumber, legalRoute: 'case-procedure', note: '涉法涉诉，导入公安机关法律程序' });
    const p = await page(OFFICE, id);
    expect(p).toMatchObject({ state: 'in-legal-procedure', lawRelated: true, legalRoute: 'case-procedure', caseNumber, case: { id: caseId, stage: 'registered', holderUnitId: units['police-990102'] }, actions: [] });
    expect(p.case.stageName.zh).toBeTruthy();
    expect(p.clocks.every((c: Clock) => c.state === 'stopped')).toBe(true);
    const police = await page(POLICE, id);
    expect(police.petitioner.masked).toBe(false);
    const listed = await api(POLICE, 'GET', '/api/petitions');
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(id);
  });

  it('the case moves on: the petition shows its new stage and holder, and the new holder handles it', async () => {
    await cases.investigate(POLICE, caseId);
    expect((await page(OFFICE, id)).case.stage).toBe('investigation');
    const transfer = await cases.transferForProsecution(POLICE, caseId, 'procuratorate-990102');
    await cases.accept(PROCURATOR, transfer);
    const p = await page(OFFICE, id);
    expect(p.case).toMatchObject({ stage: 'prosecution-review', holderUnitId: units['procuratorate-990102'] });
    expect((await page(PROCURATOR, id)).petitioner.masked).toBe(false);
    expect((await api(POLICE, 'GET', `/api/petitions/${id}`)).status).toBe(404);
    const progress = await petitionProgress(t.db, trackingCode, t.deps);
    expect(progress).toMatchObject({ state: 'in-legal-procedure', lawRelated: true, case: { caseNumber, stage: 'prosecution-review', holderUnitName: expect.stringContaining('人民检察院') } });
    expect(progress!.case!.stageName).not.toBeNull();
    expect(JSON.stringify(progress)).not.toContain('王小五');
    const filtered = await api(OFFICE, 'GET', `/api/petitions?case=${caseId}`);
    expect(filtered.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
  });
});

describe('lists: masked, scoped, repeat petitions of one matter', () => {
  let first = '';
  beforeAll(async () => {
    setNow('2026-05-06T02:00:00.000Z');
    const a = await register({ subject: '重复信访测试事项' });
    first = a.id;
    const b = await register({ subject: '重复信访 测试事项 ', petitioner: { name: '王小五', idNumber: ID_NUMBER.toLowerCase() } });
    expect(b.matterPetitions).toBe(2);
  });

  it('the office lists its petitions with the petitioner masked; the matter filter gives the repeat petitions', async () => {
    const r = await api(OFFICE, 'GET', `/api/petitions?sameMatterAs=${first}`);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(2);
    for (const item of r.body.items) {
      expect(item).toMatchObject({ petitionerName: '王**', matterPetitions: 2, state: 'received' });
      expect(item.petitionerIdNumber).toMatch(/^990102\*{8}\d{3}[\dX]$/);
    }
    expect(JSON.stringify(r.body)).not.toContain('13812345678');
    // the key itself is never served: a hash of an ID number could be searched back from its masked form
    expect(r.body.items[0]).not.toHaveProperty('matterKey');
    expect(await page(SUPERVISOR, first)).not.toHaveProperty('matterKey');
    const open = await api(OFFICE, 'GET', '/api/petitions?open=true&pageSize=500');
    expect(open.body.items.every((i: { state: string }) => !['final', 'not-accepted', 'in-legal-procedure'].includes(i.state))).toBe(true);
    const page2 = await api(OFFICE, 'GET', '/api/petitions?pageSize=1&page=2');
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.total).toBeGreaterThan(1);
  });

  it('the city office and the county committee read them masked (no audit of a reveal); the far committee and far office see none', async () => {
    for (const user of [CITY_OFFICE, SUPERVISOR]) {
      const p = await page(user, first);
      expect(p.petitioner, user).toMatchObject({ name: '王**', masked: true });
      expect(p.trackingCode).toBeNull();
      expect(p.side).toBeNull();
      expect(p.actions).toEqual([]);
      const list = await api(user, 'GET', '/api/petitions?pageSize=500');
      expect(list.body.items.map((i: { id: string }) => i.id)).toContain(first);
    }
    for (const user of [FAR_SUPERVISOR, FAR_OFFICE, OUTSIDER]) {
      expect((await api(user, 'GET', `/api/petitions/${first}`)).status, user).toBe(404);
      const list = await api(user, 'GET', '/api/petitions?pageSize=500');
      expect(list.body.items.map((i: { id: string }) => i.id), user).not.toContain(first);
    }
  });
});

describe('bad input: a 4xx with the error shape, or stored as written; never a 500, never half a petition', () => {
  const HOSTILE = ["' OR 1=1 --", '<script>alert(1)</script>', '😀👍', 'a'.repeat(30_000), 'a\u0000b\u0007', 'ab\ud800cd', '   '];

  it('hostile strings in every text field of a registration', async () => {
    setNow(new Date().toISOString());
    for (const field of ['respondent', 'subject', 'content', 'name'] as const) {
      for (const value of HOSTILE) {
        const before = await petitionCount();
        const body = field === 'name' ? registration({ petitioner: { name: value } }) : registration({ [field]: value });
        const r = await api(OFFICE, 'POST', '/api/petitions', body);
        expect([201, 400], `${field} ${JSON.stringify(value.slice(0, 20))}`).toContain(r.status);
        if (r.status === 400) {
          expect(Object.keys(r.body).sort()).toEqual(['code', 'details', 'message']);
          expect(await petitionCount()).toBe(before);
        } else {
          const p = await page(OFFICE, r.body.id);
          expect(field === 'name' ? p.petitioner.name : p[field]).toBe(value.trim() === value || field === 'content' ? value : value.trim());
        }
      }
    }
  });

  it('wrong shapes, types and ids on the list, the page and the steps', async () => {
    const { id } = await register({ subject: '形状测试' });
    const raw = async (url: string, payload: string, type = 'application/json') =>
      t.app.inject({ method: 'POST', url, headers: { ...bearer(await t.login(OFFICE)), 'content-type': type }, payload });
    for (const payload of ['{', '[]', '"text"', 'null', '{"handlingUnitId": 42}', '{"handlingUnitId": "x"}', '{"handlingUnitId": null}']) {
      const r = await raw(`/api/petitions/${id}/route`, payload);
      expect(r.statusCode, payload).toBe(400);
      expect(['MALFORMED_JSON', 'VALIDATION_FAILED']).toContain(r.json().code);
    }
    expect((await raw(`/api/petitions/${id}/route`, 'handlingUnitId=x', 'application/x-www-form-urlencoded')).statusCode).toBe(415);
    for (const url of ['/api/petitions/not-a-uuid', '/api/petitions?page=0', '/api/petitions?sameMatterAs=xyz', '/api/petitions?state=lost', '/api/petitions?pageSize=100000', '/api/petitions?extra=1']) {
      const r = await api(OFFICE, 'GET', url);
      expect(r.status, url).toBe(400);
    }
    for (const [path, body] of [
      ['opinion', { outcome: 'supported' }], ['opinion', { outcome: 'supported', opinion: 7 }], ['extend', { reason: ['a'] }],
      ['review-request', { reviewUnitId: 'x' }], ['legal-procedure', { caseNumber: '', legalRoute: 'complaint' }], ['legal-procedure', { caseNumber: 'A', legalRoute: 'Complaint' }],
      ['accept', { note: 'x', more: 1 }],
    ] as const) {
      const r = await api(OFFICE, 'POST', `/api/petitions/${id}/${path}`, body);
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(400);
    }
    expect((await page(OFFICE, id)).version).toBe(1);
  });
});

describe('every petition route, role by role', () => {
  let id = '';
  beforeAll(async () => {
    setNow(new Date().toISOString());
    id = (await register({ subject: '权限矩阵测试' })).id;
    await ok(OFFICE, id, 'route', { handlingUnitId: units['justice-bureau-990102'] });
  });

  it('the routes are the ones PETITION_ROUTES lists', async () => {
    const paths = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json().paths as Record<string, Record<string, unknown>>;
    const served = Object.entries(paths)
      .filter(([path]) => path.startsWith('/api/petitions'))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(served.sort()).toEqual([...PETITION_ROUTES].sort());
  });

  it('list: read rows only (a grid worker and a mediator may never; an unrelated body sees nothing)', async () => {
    const expected: [string, number, boolean][] = [
      [OFFICE, 200, true], [CITY_OFFICE, 200, true], [BUREAU, 200, true], [SUPERVISOR, 200, true],
      [OUTSIDER, 200, false], [FAR_OFFICE, 200, false], [FAR_SUPERVISOR, 200, false], [GRID_WORKER, 403, false], ['governance-center-990102-mediator', 403, false],
    ];
    for (const [user, status, listed] of expected) {
      const r = await api(user, 'GET', '/api/petitions?pageSize=500');
      expect(r.status, user).toBe(status);
      if (status === 200) expect(r.body.items.map((i: { id: string }) => i.id).includes(id), user).toBe(listed);
    }
  });

  it('one page: 200 for those who may read it (whole for the office and the body, masked for others), 404 for other bodies, 403 for roles that never read', async () => {
    const expected: [string, number, boolean | null][] = [
      [OFFICE, 200, false], ['petition-office-990102-unit-head', 200, false], [BUREAU, 200, false], ['justice-bureau-990102-unit-head', 200, false],
      [CITY_OFFICE, 200, true], [SUPERVISOR, 200, true], [OUTSIDER, 404, null], [FAR_OFFICE, 404, null], [FAR_SUPERVISOR, 404, null], [GRID_WORKER, 403, null],
    ];
    for (const [user, status, masked] of expected) {
      const r = await api(user, 'GET', `/api/petitions/${id}`);
      expect(r.status, user).toBe(status);
      if (masked !== null) expect(r.body.petitioner.masked, user).toBe(masked);
    }
  });

  it('register: 201 for the petition office only', async () => {
    expect((await api('petition-office-990102-unit-head', 'POST', '/api/petitions', registration({ subject: '负责人登记' }))).status).toBe(201);
    for (const user of [BUREAU, SUPERVISOR, OUTSIDER, GRID_WORKER, 'committee-990102-unit-head']) {
      expect((await api(user, 'POST', '/api/petitions', registration())).status, user).toBe(403);
    }
  });

  it('every step: 403 for roles that never act on petitions, 404 for bodies it is not with, and the flow decides for the office and the body', async () => {
    const users = [SUPERVISOR, GRID_WORKER, 'committee-990102-auditor', OUTSIDER, FAR_OFFICE, 'justice-bureau-990202-handler', CITY_OFFICE, OFFICE, BUREAU];
    for (const user of users) await t.login(user); // a login is audited: before counting
    const before = await t.db.query<{ seq: string }>('SELECT seq::text FROM audit_head');
    for (const path of PETITION_STEP_PATHS) {
      const url = `/api/petitions/${id}/${path}`;
      for (const user of [SUPERVISOR, GRID_WORKER, 'committee-990102-auditor']) expect((await api(user, 'POST', url, {})).status, `${user} ${path}`).toBe(403);
      for (const user of [OUTSIDER, FAR_OFFICE, 'justice-bureau-990202-handler']) expect((await api(user, 'POST', url, bodyFor(path))).status, `${user} ${path}`).toBe(404);
    }
    // the city office may read but not act
    expect((await api(CITY_OFFICE, 'POST', `/api/petitions/${id}/accept`, {})).status).toBe(403);
    // the registering office and the handling body: the flow's table answers (routed: accept, refuse, object are the body's)
    const BODY_STEPS = ['accept', 'refuse', 'object'];
    for (const path of PETITION_STEP_PATHS) {
      const office = await api(OFFICE, 'POST', `/api/petitions/${id}/${path}`, bodyFor(path));
      expect(office.status, `office ${path}`).toBe(BODY_STEPS.includes(path) ? 403 : path === 'legal-procedure' ? 404 : 409);
      if (BODY_STEPS.includes(path)) continue;
      const body = await api(BUREAU, 'POST', `/api/petitions/${id}/${path}`, bodyFor(path));
      expect(body.status, `body ${path}`).toBe(path === 'legal-procedure' ? 404 : 409);
    }
    expect((await api(BUREAU, 'POST', `/api/petitions/${id}/accept`, {})).status).toBe(200);
    const after = await t.db.query<{ seq: string }>('SELECT seq::text FROM audit_head');
    // the refusals left the audit chain as it was; the one step that went through wrote one record
    expect(Number(after[0]!.seq) - Number(before[0]!.seq)).toBe(1);
  });
});

/** A valid body for each step route (so that a refusal is about who asks, not what is sent). */
function bodyFor(path: (typeof PETITION_STEP_PATHS)[number]): object {
  switch (path) {
    case 'route':
      return { handlingUnitId: units['court-990102'] };
    case 'refuse':
    case 'object':
    case 'extend':
      return { reason: '理由' };
    case 'opinion':
    case 'review-answer':
    case 'rereview-answer':
      return { outcome: 'supported', opinion: '意见' };
    case 'review-request':
      return { reviewUnitId: units['justice-bureau-990100'] };
    case 'rereview-request':
      return { rereviewUnitId: units['justice-bureau-990000'] };
    case 'legal-procedure':
      return { caseNumber: 'NO-SUCH-CASE', legalRoute: 'complaint' };
    default:
      return {};
  }
}
