/**
 * Disputes through the API (issue 6 part 1, flows.md §3): intake from the staff channels with the same matter
 * recognised, assessment, routing by the rules, sessions, a sealed agreement, judicial confirmation on the
 * court's clock, closure, the follow-up visit and rating, reopening; each refusal (wrong state, wrong side,
 * duplicate, hostile text, bad phone and ID, another region's dispute) leaves nothing behind; masking and the
 * audited read of personal data; who may use which route.
 */
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeDispute } from '../src/modules/disputes/disputes.service.ts';
import { readAuditHead } from '../src/modules/audit/audit.repository.ts';
import { residentIdCheckChar } from '../src/shared/gb11643.ts';
import { type TestApp, bearer, createTestApp } from './app.ts';
import { DISPUTE_ROUTES } from './dispute-routes.ts';

let t: TestApp;
const TOWN = 'governance-center-990102001-handler';
const GRID = 'governance-center-990102001-grid-worker';
const TOWN_MEDIATOR = 'mediation-committee-990102001-mediator';
const COUNTY_CENTER = 'governance-center-990102-handler';
const COURT = 'court-990102-handler';
const SUPERVISOR = 'committee-990102-supervisor';
const FAR_CENTER = 'governance-center-990103-handler';
const FAR_MEDIATOR = 'mediation-committee-990103001-mediator';
const POLICE = 'police-990102-handler';
const units: Record<string, string> = {};

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
async function api(user: string, method: 'GET' | 'POST', url: string, payload?: object): Promise<{ status: number; body: any; headers: Record<string, unknown>; raw: Buffer }> {
  const res = await t.app.inject({ method, url, headers: bearer(await t.login(user)), ...(payload ? { payload } : {}) });
  const json = res.headers['content-type']?.toString().includes('json') ? res.json() : null;
  return { status: res.statusCode, body: json, headers: res.headers, raw: res.rawPayload };
}

const idNumber = (first17: string) => first17 + residentIdCheckChar(first17);
let phoneSeq = 0;
const phone = () => `139${String(10_000_000 + ++phoneSeq).padStart(8, '0')}`;

function intake(over: Record<string, unknown> = {}, applicant: Record<string, unknown> = {}, respondent: Record<string, unknown> = {}) {
  return {
    channel: 'walk-in',
    type: 'neighbour',
    summary: '邻居装修噪音扰民，多次协商未果',
    regionCode: '990102001',
    parties: [
      { role: 'applicant', kind: 'person', name: '王小明', phone: phone(), ...applicant },
      { role: 'respondent', kind: 'person', name: '李大山', ...respondent },
    ],
    ...over,
  };
}

const count = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
async function nothingChanged<T>(run: () => Promise<T>): Promise<T> {
  const before = [await count('dispute'), await count('dispute_party'), await count('dispute_event'), (await readAuditHead(t.db)).seq];
  const r = await run();
  expect([await count('dispute'), await count('dispute_party'), await count('dispute_event'), (await readAuditHead(t.db)).seq]).toEqual(before);
  return r;
}
const step = (user: string, id: string, body: object) => api(user, 'POST', `/api/disputes/${id}/actions`, body);
const inbox = async (user: string) =>
  ((await api(user, 'GET', '/api/inbox')).body.items as { id: string; kind: string; dueAt: string | null; link: string }[]).filter((i) => i.id.startsWith('dispute:'));

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  for (const r of await t.db.query<{ id: string; code: string }>('SELECT id, code FROM unit')) units[r.code] = r.id;
  // logged in up front: a login is audited, and the refusals below must leave the audit chain as it was
  for (const u of [TOWN, GRID, TOWN_MEDIATOR, COUNTY_CENTER, COURT, SUPERVISOR, FAR_CENTER, FAR_MEDIATOR, POLICE]) await t.login(u);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the rules', () => {
  it('GET /api/rules/disputes publishes the taxonomy with periods and sources, and the routing rules, to every account', async () => {
    const r = await api(POLICE, 'GET', '/api/rules/disputes');
    expect(r.status).toBe(200);
    expect(r.body.types.length).toBeGreaterThanOrEqual(20);
    expect(r.body.types.find((x: { id: string }) => x.id === 'labour-wages')).toMatchObject({ handling: { unit: 'days', length: 15, source: { zh: expect.stringContaining('劳动争议调解仲裁法') } } });
    expect(r.body.routes.map((x: { id: string }) => x.id)).toContain('township-people-mediation');
    expect(r.body.matching).toMatchObject({ duplicateWithinDays: 30, reopenWithinDays: 90 });
  });
});

describe('a dispute through its whole life, with judicial confirmation', () => {
  let id = '';
  const applicantPhone = '13912340001';
  const body = () => intake({}, { phone: applicantPhone, idNumber: idNumber('99010219800101123') }, { phone: '13812340002' });

  it('the township center takes it in: a number, a tracking code, due for assessment', async () => {
    const r = await api(TOWN, 'POST', '/api/disputes', body());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.number).toMatch(/^纠\d{4}-\d{6}$/);
    expect(r.body.trackingCode).toMatch(/^JF[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(r.body).toMatchObject({ created: true, reopenedFrom: null });
    id = r.body.id;
    const page = await api(TOWN, 'GET', `/api/disputes/${id}`);
    expect(page.body).toMatchObject({ state: 'intake', channel: 'walk-in', riskLevel: 'low', side: 'holder', personalData: 'whole', typeName: { zh: '邻里纠纷' } });
    expect(page.body.dueAt > new Date().toISOString()).toBe(true);
    expect(page.body.actions).toEqual(['assess', 'withdraw', 'note']);
  });

  it('the same matter entered again (the same applicant by phone, the same respondent, the same type) is refused, nothing stored', async () => {
    const again = await nothingChanged(() => api(TOWN, 'POST', '/api/disputes', intake({ summary: '同一件事又来登记' }, { phone: applicantPhone, name: '王晓明' }, { phone: '13812340002' })));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DISPUTE_DUPLICATE');
    expect(again.body.message.zh).toContain('未重复登记');
    // the refusal names the open registration, by number and id, so the desk can link it
    expect(again.body.details).toEqual({ id, number: expect.stringMatching(/^纠\d{4}-\d{6}$/) });
    // by ID number instead of phone, at the county center: the same matter
    const byId = await nothingChanged(() => api(COUNTY_CENTER, 'POST', '/api/disputes', intake({}, { phone: undefined, idNumber: idNumber('99010219800101123') }, { phone: '13812340002' })));
    expect(byId.body.code).toBe('DISPUTE_DUPLICATE');
  });

  it('wrong state and wrong side are refused, nothing changes', async () => {
    const route = await nothingChanged(() => step(TOWN, id, { action: 'route' }));
    expect(route.status).toBe(409);
    expect(route.body).toMatchObject({ code: 'DISPUTE_WRONG_STATE', details: { state: 'intake', allowed: ['assessed', 'routed'] } });
    expect(route.body.message).toEqual({ zh: '纠纷当前已受理，不能流转', en: 'The dispute is taken in: "Route" is not possible now' });
    const follow = await nothingChanged(() => step(TOWN, id, { action: 'follow-up', note: '催办' }));
    expect(follow.status).toBe(403);
  });

  it('assessed, then routed by the rules to the township mediation committee with the handling period of the type', async () => {
    const a = await step(TOWN, id, { action: 'assess', riskLevel: 'medium', urgency: 'urgent', amount: 3000, note: '双方情绪激动' });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body).toMatchObject({ state: 'assessed', riskLevel: 'medium', urgency: 'urgent', amount: 3000 });
    const r = await step(TOWN, id, { action: 'route' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ state: 'routed', handlingUnitId: units['mediation-committee-990102001'], routeKind: 'mediation-committee', routeRule: 'township-people-mediation' });
    // 30 days from today (then rolled past days off): at least 30 days ahead
    expect(Date.parse(r.body.dueAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    // the township center no longer holds it: it oversees it (follow-up, note)
    const seen = await api(TOWN, 'GET', `/api/disputes/${id}`);
    expect(seen.body).toMatchObject({ side: 'overseer', actions: ['follow-up', 'note'] });
    // the work inbox: the committee now has a session to hold; the township center has nothing waiting
    expect((await inbox(TOWN_MEDIATOR)).find((i) => i.id === `dispute:${id}`)).toMatchObject({ kind: 'dispute-session', link: `/disputes/${id}`, dueAt: r.body.dueAt });
    expect((await inbox(TOWN)).map((i) => i.id)).not.toContain(`dispute:${id}`);
    expect(await inbox(POLICE)).toEqual([]);
  });

  it('the overseeing center follows up; the mediator holds sessions and records the agreement as a sealed PDF', async () => {
    const f = await step(COUNTY_CENTER, id, { action: 'follow-up', note: '请加快调解' });
    expect(f.status, JSON.stringify(f.body)).toBe(200);
    expect(f.body.followUps).toBe(1);
    expect((await step(TOWN_MEDIATOR, id, { action: 'session' })).status).toBe(400);
    const s = await step(TOWN_MEDIATOR, id, { action: 'session', note: '第一次调解：双方到场，各自陈述 🙂' });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body.state).toBe('handling');
    const g = await step(TOWN_MEDIATOR, id, { action: 'agree', terms: '被申请人于每日 12:00-14:00、20:00 以后不进行装修作业；赔偿申请人 500 元。', performance: '赔偿款于 2026 年 12 月 1 日前当面支付' });
    expect(g.status, JSON.stringify(g.body)).toBe(200);
    expect(g.body.state).toBe('agreement');
    expect(g.body.agreement).toMatchObject({ confirmationState: 'none', sealedByUnitId: units['mediation-committee-990102001'], seal: { valid: true } });
    expect(g.body.clocks).toEqual([expect.objectContaining({ ruleId: 'civ.judicial-confirmation.apply', state: 'running' })]);
    const pdf = await api(TOWN_MEDIATOR, 'GET', `/api/disputes/${id}/agreement`);
    expect(pdf.status).toBe(200);
    expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');
    // laid out in Chinese: the CJK font travels in the file
    const doc = await PDFDocument.load(pdf.raw);
    const embedded = doc.context.enumerateIndirectObjects().filter(([, o]) => o instanceof PDFDict && o.has(PDFName.of('FontFile2')));
    expect(embedded.length).toBeGreaterThan(0);
    expect(pdf.headers['x-content-sm3']).toBe(g.body.agreement.pdfSm3);
    // the committee supervisor reads the dispute masked, and may not take the PDF with its names
    expect((await api(SUPERVISOR, 'GET', `/api/disputes/${id}/agreement`)).status).toBe(403);
  });

  it('confirmation is requested of the county court; it decides only after accepting, on the civ.judicial-confirmation.decide clock', async () => {
    const wrongCourt = await step(TOWN_MEDIATOR, id, { action: 'request-confirmation', courtUnitId: units['court-990103'] });
    expect(wrongCourt.body.code).toBe('DISPUTE_COURT_INVALID');
    const q = await step(TOWN_MEDIATOR, id, { action: 'request-confirmation', courtUnitId: units['court-990102'] });
    expect(q.status, JSON.stringify(q.body)).toBe(200);
    expect(q.body).toMatchObject({ state: 'confirmation-requested', dueAt: null, agreement: { confirmationState: 'requested', courtUnitId: units['court-990102'] } });
    expect(q.body.clocks.find((c: { ruleId: string }) => c.ruleId === 'civ.judicial-confirmation.apply').state).toBe('stopped');
    expect((await inbox(COURT)).find((i) => i.id === `dispute:${id}`)?.kind).toBe('dispute-accept-confirmation');
    expect((await inbox(TOWN_MEDIATOR)).map((i) => i.id)).not.toContain(`dispute:${id}`);
    const early = await nothingChanged(() => step(COURT, id, { action: 'decide-confirmation', decision: true }));
    expect(early.body).toMatchObject({ code: 'DISPUTE_CONDITION_UNMET', details: { predicate: 'confirmation-accepted' } });
    expect((await step(TOWN_MEDIATOR, id, { action: 'decide-confirmation', decision: true })).status).toBe(403);
    // accepted on Friday 2026-09-18: 15 days end on 2026-10-03, in the National Day holiday -> Thursday 2026-10-08
    const realNow = t.deps.now;
    t.deps.now = () => new Date('2026-09-18T02:00:00Z');
    try {
      const acc = await step(COURT, id, { action: 'accept-confirmation', decision: true });
      expect(acc.status, JSON.stringify(acc.body)).toBe(200);
      const decide = acc.body.clocks.find((c: { ruleId: string }) => c.ruleId === 'civ.judicial-confirmation.decide');
      expect(decide).toMatchObject({ state: 'running', unitId: units['court-990102'] });
      expect(acc.body.actions).toEqual(['decide-confirmation', 'note']);
      const twice = await nothingChanged(() => step(COURT, id, { action: 'accept-confirmation', decision: true }));
      expect(twice.body).toMatchObject({ code: 'DISPUTE_CONDITION_UNMET', details: { predicate: 'confirmation-pending' } });
      expect(new Date(Date.parse(decide.dueAt) + 8 * 3_600_000 - 1).toISOString().slice(0, 10)).toBe('2026-10-08');
    } finally {
      t.deps.now = realNow;
    }
    const d = await step(COURT, id, { action: 'decide-confirmation', decision: true, note: '调解协议合法有效，予以确认' });
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    expect(d.body).toMatchObject({ state: 'confirmed', agreement: { confirmationState: 'confirmed' } });
    expect(d.body.clocks.find((c: { ruleId: string }) => c.ruleId === 'civ.judicial-confirmation.decide').state).toBe('stopped');
  });

  it('closed as resolved (not as referred), visited with a rating, rated only once', async () => {
    const wrong = await step(TOWN_MEDIATOR, id, { action: 'close', outcome: 'not-resolved-referred', referredTo: '诉讼' });
    expect(wrong.body).toMatchObject({ code: 'DISPUTE_CONDITION_UNMET', details: { predicate: 'outcome-fits' } });
    const c = await step(TOWN_MEDIATOR, id, { action: 'close', outcome: 'resolved' });
    expect(c.body).toMatchObject({ state: 'closed', outcome: 'resolved' });
    expect(c.body.closedAt).not.toBeNull();
    expect((await step(TOWN_MEDIATOR, id, { action: 'visit', note: '电话回访', satisfaction: 6 })).status).toBe(400);
    const v = await step(TOWN_MEDIATOR, id, { action: 'visit', note: '电话回访：双方已履行', satisfaction: 5 });
    expect(v.body).toMatchObject({ state: 'followed-up', satisfaction: 5, dueAt: null });
    const again = await step(TOWN_MEDIATOR, id, { action: 'rate', satisfaction: 3 });
    expect(again.body).toMatchObject({ code: 'DISPUTE_CONDITION_UNMET', details: { predicate: 'not-rated' } });
    const kinds = v.body.events.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['intake', 'assess', 'route', 'follow-up', 'session', 'agree', 'request-confirmation', 'accept-confirmation', 'decide-confirmation', 'close', 'visit']);
  });

  it('reported again within the reopen window: a new dispute linked to the resolved one', async () => {
    const r = await api(TOWN, 'POST', '/api/disputes', intake({ summary: '装修噪音又出现' }, { phone: applicantPhone }, { phone: '13812340002' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.reopenedFrom).toEqual({ id, number: expect.stringMatching(/^纠/) });
    const old = await api(TOWN_MEDIATOR, 'GET', `/api/disputes/${id}`);
    expect(old.body.events.at(-1)).toMatchObject({ kind: 'reopened-as', data: { id: r.body.id } });
    const fresh = await api(TOWN, 'GET', `/api/disputes/${r.body.id}`);
    expect(fresh.body).toMatchObject({ reopenedFrom: id, state: 'intake' });
  });

  it('another county and the police do not see it; the supervisor sees it masked', async () => {
    expect((await api(FAR_CENTER, 'GET', `/api/disputes/${id}`)).status).toBe(404);
    expect((await api(FAR_MEDIATOR, 'GET', `/api/disputes/${id}`)).status).toBe(404);
    expect((await step(FAR_CENTER, id, { action: 'note', note: '看看' })).status).toBe(404);
    expect((await api(POLICE, 'GET', `/api/disputes/${id}`)).status).toBe(403);
    const far = await api(FAR_CENTER, 'GET', '/api/disputes');
    expect(far.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    const before = (await readAuditHead(t.db)).seq;
    const page = await api(SUPERVISOR, 'GET', `/api/disputes/${id}`);
    expect(page.body).toMatchObject({ personalData: 'masked', side: null, actions: [] });
    expect(page.body.parties[0]).toMatchObject({ name: '王**', phone: '139****0001' });
    expect(page.body.parties[0].idNumber).toMatch(/^990102\*+\d{3}[\dX]$/);
    expect((await readAuditHead(t.db)).seq).toBe(before);
    const list = await api(SUPERVISOR, 'GET', '/api/disputes?state=followed-up');
    expect(list.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({ firstApplicant: '王**' });
    // by the assessed risk level: this one under its own, not under another; an unknown level is refused
    const risk = page.body.riskLevel as string;
    const other = risk === 'high' ? 'low' : 'high';
    const ids = async (q: string) => ((await api(SUPERVISOR, 'GET', `/api/disputes?${q}`)).body.items as { id: string }[]).map((i) => i.id);
    expect(await ids(`risk=${risk}&pageSize=500`)).toContain(id);
    expect(await ids(`risk=${other}&pageSize=500`)).not.toContain(id);
    expect((await api(SUPERVISOR, 'GET', '/api/disputes?risk=extreme')).status).toBe(400);
  });

  it('the mediator reads the parties whole, and that read is audited', async () => {
    const before = (await readAuditHead(t.db)).seq;
    const page = await api(TOWN_MEDIATOR, 'GET', `/api/disputes/${id}`);
    expect(page.body.parties[0]).toMatchObject({ name: '王小明', phone: applicantPhone });
    const [rec] = await t.db.query<{ action: string; resource_id: string }>('SELECT action, resource_id FROM audit_record WHERE seq > $1 ORDER BY seq', [before]);
    expect(rec).toMatchObject({ action: 'dispute.read-personal-data', resource_id: id });
  });
});

describe('routing by the rules and by hand', () => {
  it('a high-risk wage dispute goes to arbitration at the county center', async () => {
    const r = await api(TOWN, 'POST', '/api/disputes', intake({ type: 'labour-wages', summary: '拖欠 12 名工人工资' }, {}, { kind: 'organisation', name: '东州某建筑公司' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await step(TOWN, r.body.id, { action: 'assess', riskLevel: 'high' });
    const routed = await step(TOWN, r.body.id, { action: 'route' });
    expect(routed.body).toMatchObject({ handlingUnitId: units['governance-center-990102'], routeKind: 'arbitration', routeRule: 'labour-arbitration' });
    // a wage dispute's handling period is 15 days (劳动争议调解仲裁法 art. 14)
    expect(Date.parse(routed.body.dueAt) - Date.now()).toBeLessThan(26 * 86_400_000);
  });

  it('by hand: a unit that does not stand for the kind, or does not cover the region, is refused', async () => {
    const r = await api(TOWN, 'POST', '/api/disputes', intake({ type: 'consumer' }));
    await step(TOWN, r.body.id, { action: 'assess' });
    const police = await nothingChanged(() => step(TOWN, r.body.id, { action: 'route', unitId: units['police-990102'] }));
    expect(police.body.code).toBe('DISPUTE_TARGET_INVALID');
    const far = await step(TOWN, r.body.id, { action: 'route', unitId: units['mediation-committee-990103001'] });
    expect(far.body.code).toBe('DISPUTE_TARGET_INVALID');
    const legalAid = await step(TOWN, r.body.id, { action: 'route', unitId: units['justice-bureau-990102'], kind: 'legal-aid', note: '申请人符合法律援助条件' });
    expect(legalAid.body).toMatchObject({ state: 'routed', routeKind: 'legal-aid', routeRule: null, handlingUnitId: units['justice-bureau-990102'] });
  });
});

describe('a step left after its due moment', () => {
  it('is marked late on the timeline (what the on-time figure of the metrics counts)', async () => {
    const r = await api(TOWN, 'POST', '/api/disputes', intake({ type: 'private-lending' }));
    await t.db.query("UPDATE dispute SET due_at = now() - interval '1 hour' WHERE id = $1", [r.body.id]);
    await step(TOWN, r.body.id, { action: 'assess' });
    await step(TOWN, r.body.id, { action: 'route' });
    const page = await api(TOWN, 'GET', `/api/disputes/${r.body.id}`);
    const late = page.body.events.filter((e: { data?: { late?: boolean } }) => e.data?.late === true).map((e: { kind: string }) => e.kind);
    expect(late).toEqual(['assess']);
  });
});

describe('other endings', () => {
  it('no agreement: closed only as not resolved, with where the parties were referred', async () => {
    const r = await api(TOWN, 'POST', '/api/disputes', intake({ type: 'property-management' }));
    await step(TOWN, r.body.id, { action: 'assess' });
    await step(TOWN, r.body.id, { action: 'route' });
    await step(TOWN_MEDIATOR, r.body.id, { action: 'session', note: '调解' });
    expect((await step(TOWN_MEDIATOR, r.body.id, { action: 'no-agreement' })).status).toBe(400);
    await step(TOWN_MEDIATOR, r.body.id, { action: 'no-agreement', note: '被申请人拒绝调解' });
    const noWhere = await step(TOWN_MEDIATOR, r.body.id, { action: 'close', outcome: 'not-resolved-referred' });
    expect(noWhere.status).toBe(400);
    const c = await step(TOWN_MEDIATOR, r.body.id, { action: 'close', outcome: 'not-resolved-referred', referredTo: '告知可向人民法院起诉' });
    expect(c.body).toMatchObject({ state: 'closed', outcome: 'not-resolved-referred' });
    // not resolved: cannot be reopened
    const reopen = await step(TOWN_MEDIATOR, r.body.id, { action: 'reopen', note: '再次反映' });
    expect(reopen.body).toMatchObject({ code: 'DISPUTE_CONDITION_UNMET', details: { predicate: 'resolved-recently' } });
  });

  it('withdrawn by the applicant; a resolved one reopened by hand', async () => {
    const w = await api(TOWN, 'POST', '/api/disputes', intake({ type: 'tenancy' }));
    const done = await step(TOWN, w.body.id, { action: 'withdraw', note: '申请人撤回' });
    expect(done.body).toMatchObject({ state: 'withdrawn', outcome: 'withdrawn', actions: [] });

    const r = await api(TOWN, 'POST', '/api/disputes', intake({ type: 'school' }));
    await step(TOWN, r.body.id, { action: 'assess' });
    await step(TOWN, r.body.id, { action: 'route' });
    await step(TOWN_MEDIATOR, r.body.id, { action: 'session', note: '调解' });
    await step(TOWN_MEDIATOR, r.body.id, { action: 'agree', terms: '赔礼道歉', performance: '当场履行' });
    await step(TOWN_MEDIATOR, r.body.id, { action: 'close', outcome: 'resolved' });
    const again = await step(TOWN_MEDIATOR, r.body.id, { action: 'reopen', note: '当事人再次反映' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.reopened).toMatchObject({ created: true, reopenedFrom: { id: r.body.id } });
    // open again already: a second reopening is refused, and leaves nothing behind
    const twice = await nothingChanged(() => step(TOWN_MEDIATOR, r.body.id, { action: 'reopen', note: '又一次反映' }));
    expect(twice.body).toMatchObject({ code: 'DISPUTE_DUPLICATE', details: { number: again.body.reopened.number } });
  });

  it('overdue at its step: listed as overdue', async () => {
    const r = await api(TOWN, 'POST', '/api/disputes', intake({ type: 'insurance' }));
    const realNow = t.deps.now;
    t.deps.now = () => new Date(Date.now() + 20 * 86_400_000);
    try {
      const list = await api(COUNTY_CENTER, 'GET', '/api/disputes?overdue=true&pageSize=500');
      expect(list.body.items.find((i: { id: string }) => i.id === r.body.id)).toMatchObject({ overdue: true, state: 'intake' });
    } finally {
      t.deps.now = realNow;
    }
    const now = await api(COUNTY_CENTER, 'GET', '/api/disputes?overdue=true&pageSize=500');
    expect(now.body.items.map((i: { id: string }) => i.id)).not.toContain(r.body.id);
  });
});

describe('bad input: clear bilingual errors, nothing stored', () => {
  it('script tags, 100,000 characters, control characters, wrong phone and ID are refused with the field named', async () => {
    const cases: Array<[object, number, string]> = [
      [intake({ summary: '<script>alert(1)</script>' }), 400, 'summary'],
      [intake({ summary: '纠'.repeat(100_000) }), 400, 'summary'],
      [intake({ summary: '噪音\u0007扰民' }), 400, 'summary'],
      [intake({}, { phone: '12345' }), 400, 'parties/0/phone'],
      [intake({}, { idNumber: '990102198001011230' }), 400, 'parties[0].idNumber'],
      [intake({}, { name: '<b>王</b>' }), 400, 'parties[0].name'],
    ];
    for (const [payload, status, field] of cases) {
      const r = await nothingChanged(() => api(TOWN, 'POST', '/api/disputes', payload));
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(status);
      expect(r.body.code).toBe('VALIDATION_FAILED');
      expect(r.body.message.zh.length).toBeGreaterThan(0);
      expect(JSON.stringify(r.body.details)).toContain(field.includes('/') ? field.split('/')[0]! : field);
    }
  });

  it('the same submission sent twice at once is stored once', async () => {
    const body = intake({ type: 'contract', summary: '货款纠纷' });
    const before = await count('dispute');
    const answers = await Promise.all([api(TOWN, 'POST', '/api/disputes', body), api(TOWN, 'POST', '/api/disputes', body)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(await count('dispute')).toBe(before + 1);
  });

  it('emoji are kept as they were written', async () => {
    const r = await api(TOWN, 'POST', '/api/disputes', intake({ type: 'consumer', summary: '买到的手机屏幕碎了😭📱' }, {}, { kind: 'organisation', name: '某某数码店🏪' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const page = await api(TOWN, 'GET', `/api/disputes/${r.body.id}`);
    expect(page.body.summary).toBe('买到的手机屏幕碎了😭📱');
    expect(page.body.parties[1].name).toBe('某某数码店🏪');
  });

  it('an unknown type, a region outside the unit, a channel not the role\'s', async () => {
    expect((await nothingChanged(() => api(TOWN, 'POST', '/api/disputes', intake({ type: 'dragons' })))).body.code).toBe('DISPUTE_TYPE_UNKNOWN');
    expect((await nothingChanged(() => api(TOWN, 'POST', '/api/disputes', intake({ regionCode: '990103001' })))).body.code).toBe('DISPUTE_REGION_INVALID');
    expect((await nothingChanged(() => api(GRID, 'POST', '/api/disputes', intake())))).toMatchObject({ status: 422, body: { code: 'DISPUTE_CHANNEL_INVALID' } });
    expect((await nothingChanged(() => api(COURT, 'POST', '/api/disputes', intake())))).toMatchObject({ status: 422, body: { code: 'DISPUTE_CHANNEL_INVALID' } });
  });

  it('the same import key twice is one dispute', async () => {
    const a = await intakeDispute(t.deps, { system: { unitId: units['governance-center-990102001']!, username: 'import', clientAddress: null } }, { ...intake({ channel: 'import', importKey: 'sheet-1:row-7' }) } as never);
    const b = await nothingChanged(() => intakeDispute(t.deps, { system: { unitId: units['governance-center-990102001']!, username: 'import', clientAddress: null } }, { ...intake({ channel: 'import', importKey: 'sheet-1:row-7' }) } as never));
    expect(a.created).toBe(true);
    expect(b).toEqual({ ...a, created: false });
    // the exported function checks what the API schema would
    const bad = await intakeDispute(t.deps, { system: { unitId: units['governance-center-990102001']!, username: 'import', clientAddress: null } }, { ...intake({ channel: 'online', summary: 'x\u0000' }) } as never).catch((e) => e);
    expect(bad.code).toBe('VALIDATION_FAILED');
  });
});

describe('who may use which route (DISPUTE_ROUTES)', () => {
  let id = '';
  beforeAll(async () => {
    const r = await api(GRID, 'POST', '/api/disputes', intake({ channel: 'grid', type: 'village-affairs' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    id = r.body.id;
  });

  it('each route answers the roles it is for, and refuses the others', async () => {
    const url = (route: string) => route.split(' ')[1]!.replace(':id', id);
    const probes: Record<(typeof DISPUTE_ROUTES)[number], { ok: string[]; refused: Array<[string, number]>; body?: object }> = {
      'GET /api/rules/disputes': { ok: [POLICE, GRID, SUPERVISOR], refused: [] },
      'GET /api/disputes': { ok: [TOWN, TOWN_MEDIATOR, COURT, SUPERVISOR, COUNTY_CENTER], refused: [[POLICE, 403], [GRID, 403]] },
      'POST /api/disputes': { ok: [], refused: [[POLICE, 403], [SUPERVISOR, 403]], body: intake() },
      'GET /api/disputes/:id': { ok: [TOWN, COUNTY_CENTER, SUPERVISOR], refused: [[POLICE, 403], [GRID, 403], [FAR_CENTER, 404], [TOWN_MEDIATOR, 404]] },
      'POST /api/disputes/:id/actions': { ok: [TOWN], refused: [[SUPERVISOR, 403], [POLICE, 403], [FAR_CENTER, 404], [TOWN_MEDIATOR, 404]], body: { action: 'note', note: '记录' } },
      'GET /api/disputes/:id/agreement': { ok: [], refused: [[SUPERVISOR, 403], [POLICE, 403], [FAR_MEDIATOR, 404]] },
    };
    expect(Object.keys(probes).sort()).toEqual([...DISPUTE_ROUTES].sort());
    for (const [route, probe] of Object.entries(probes)) {
      const method = route.split(' ')[0] as 'GET' | 'POST';
      for (const user of probe.ok) {
        const r = await api(user, method, url(route), probe.body);
        expect({ route, user, status: r.status }).toEqual({ route, user, status: 200 });
      }
      for (const [user, status] of probe.refused) {
        const r = await nothingChanged(() => api(user, method, url(route), probe.body));
        expect({ route, user, status: r.status }).toEqual({ route, user, status });
      }
    }
    // intake: the grid worker (above), a court's pre-litigation referral, a mediation committee's walk-in
    expect((await api(COURT, 'POST', '/api/disputes', intake({ channel: 'court-referral', type: 'pre-litigation-civil', regionCode: '990102' }))).status).toBe(201);
    expect((await api(TOWN_MEDIATOR, 'POST', '/api/disputes', intake({ type: 'family' }))).status).toBe(201);
    // the agreement's PDF: none yet for this dispute
    expect((await api(TOWN, 'GET', `/api/disputes/${id}/agreement`)).status).toBe(404);
  });
});
