import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app.ts';
import { type CaseDriver, auditHead, caseDriver } from '../../../test/case-fixtures.ts';

let t: TestApp;
let d: CaseDriver;

const POLICE = 'police-990102-handler';
const PROCURATOR = 'procuratorate-990102-handler';
const OTHER_POLICE = 'police-990202-handler';
const JUDGE = 'court-990102-handler';

beforeAll(async () => {
  t = await createTestApp();
  d = await caseDriver(t);
  // logged in once beforehand: a login is audited
  for (const u of [POLICE, PROCURATOR, OTHER_POLICE, JUDGE, 'police-990102-unit-head', 'committee-990102-supervisor']) await t.login(u);
});
afterAll(() => t.close());

const DAY = 86_400_000;
const todayCst = (ms = Date.now()) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/** A case the police hold, with the procuratorate party to it (an arrest request sent to it). */
async function caseWithProcuratorateParty(): Promise<string> {
  const id = await d.register(POLICE);
  await d.investigate(POLICE, id);
  await d.requestArrest(POLICE, id, 'procuratorate-990102');
  return id;
}

async function timelineKinds(caseId: string): Promise<string[]> {
  return (await d.api(POLICE, 'GET', `/api/cases/${caseId}`)).body.timeline.map((e: { kind: string }) => e.kind);
}

describe('paper-dossier loans', () => {
  it('a party asks, the holder lends with a due date and records the return: each step on the timeline, in the audit log and in the lists', async () => {
    const caseId = await caseWithProcuratorateParty();
    const head = Number((await auditHead(t)).seq);
    const asked = await d.api(PROCURATOR, 'POST', `/api/cases/${caseId}/loans`, { reason: '审查逮捕需核对原始讯问笔录', pages: '第1卷第20-35页' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const loanId = asked.body.id;
    expect(Number((await auditHead(t)).seq)).toBe(head + 1);

    // the holder sees it in its inbox and its incoming list; the asking unit in its outgoing list
    const inbox = await d.api(POLICE, 'GET', '/api/inbox');
    expect(inbox.body.items).toContainEqual(expect.objectContaining({ id: `loan:${loanId}`, kind: 'loan-to-decide', link: `/cases/${caseId}?loan=${loanId}` }));
    const incoming = await d.api(POLICE, 'GET', '/api/loans?direction=incoming&state=requested');
    expect(incoming.body.items.map((l: { id: string }) => l.id)).toContain(loanId);
    expect((await d.api(POLICE, 'GET', '/api/loans?direction=outgoing')).body.items.map((l: { id: string }) => l.id)).not.toContain(loanId);
    const outgoing = await d.api(PROCURATOR, 'GET', '/api/loans?direction=outgoing');
    expect(outgoing.body.items.find((l: { id: string }) => l.id === loanId)).toMatchObject({
      caseId, state: 'requested', pages: '第1卷第20-35页', holderUnitId: d.units['police-990102'], requesterUnitId: d.units['procuratorate-990102'], overdue: false,
    });

    const due = todayCst(Date.now() + 7 * DAY);
    const lent = await d.api(POLICE, 'POST', `/api/loans/${loanId}/decision`, { approve: true, dueDate: due });
    expect(lent.status, JSON.stringify(lent.body)).toBe(200);
    expect(lent.body).toMatchObject({ id: loanId, state: 'lent', dueDate: due, refusalReason: null });
    expect((await d.api(POLICE, 'GET', '/api/inbox')).body.items.map((i: { id: string }) => i.id)).not.toContain(`loan:${loanId}`);

    const back = await d.api(POLICE, 'POST', `/api/loans/${loanId}/return`);
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ state: 'returned', returnedAt: expect.any(String) });
    expect(Number((await auditHead(t)).seq)).toBe(head + 3);
    const actions = await t.db.query<{ action: string }>('SELECT action FROM audit_record WHERE seq > $1 ORDER BY seq', [head]);
    expect(actions.map((a) => a.action)).toEqual(['case.loan.request', 'case.loan.lend', 'case.loan.return']);

    expect(await timelineKinds(caseId)).toEqual(expect.arrayContaining(['loan-requested', 'loan-lent', 'loan-returned']));
    const page = (await d.api(PROCURATOR, 'GET', `/api/cases/${caseId}`)).body;
    expect(page.loans).toEqual([expect.objectContaining({ id: loanId, state: 'returned', dueDate: due, requesterUnitName: expect.any(String) })]);

    // over: the unit may ask again
    expect((await d.api(PROCURATOR, 'POST', `/api/cases/${caseId}/loans`, { reason: '再次核对', pages: '第2卷' })).status).toBe(201);
  });

  it('the holder refuses with a reason; a refused loan cannot be decided again or returned', async () => {
    const caseId = await caseWithProcuratorateParty();
    const loanId = (await d.api(PROCURATOR, 'POST', `/api/cases/${caseId}/loans`, { reason: '核对', pages: '全卷' })).body.id;
    const refused = await d.api(POLICE, 'POST', `/api/loans/${loanId}/decision`, { approve: false, reason: '卷宗正在鉴定，暂不能借出' });
    expect(refused.status, JSON.stringify(refused.body)).toBe(200);
    expect(refused.body).toMatchObject({ state: 'refused', refusalReason: '卷宗正在鉴定，暂不能借出', dueDate: null });
    const head = await auditHead(t);
    const again = await d.api(POLICE, 'POST', `/api/loans/${loanId}/decision`, { approve: true, dueDate: todayCst() });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'LOAN_ALREADY_DECIDED', message: { zh: expect.any(String), en: expect.any(String) }, details: { state: 'refused' } });
    const ret = await d.api(POLICE, 'POST', `/api/loans/${loanId}/return`);
    expect(ret.status).toBe(409);
    expect(ret.body.code).toBe('LOAN_NOT_LENT');
    expect(await auditHead(t)).toEqual(head);
    expect(await timelineKinds(caseId)).toContain('loan-refused');
  });

  it('refuses bad input, the wrong state and the wrong unit with stable codes, and writes nothing', async () => {
    const caseId = await caseWithProcuratorateParty();
    const head = await auditHead(t);
    const cases: [string, string, string, unknown, number, string][] = [
      // the holder does not borrow its own dossier
      [POLICE, 'POST', `/api/cases/${caseId}/loans`, { reason: '核对', pages: '全卷' }, 409, 'LOAN_OWN_CASE'],
      // another county: the case does not exist for it
      [OTHER_POLICE, 'POST', `/api/cases/${caseId}/loans`, { reason: '核对', pages: '全卷' }, 404, 'CASE_NOT_FOUND'],
      // a court never party to the case
      [JUDGE, 'POST', `/api/cases/${caseId}/loans`, { reason: '核对', pages: '全卷' }, 404, 'CASE_NOT_FOUND'],
      // a supervisor reads cases but borrows nothing
      ['committee-990102-supervisor', 'POST', `/api/cases/${caseId}/loans`, { reason: '核对', pages: '全卷' }, 403, 'FORBIDDEN'],
      [PROCURATOR, 'POST', `/api/cases/${caseId}/loans`, { reason: '', pages: '全卷' }, 400, 'VALIDATION_FAILED'],
      [PROCURATOR, 'POST', `/api/cases/${caseId}/loans`, { reason: '核对' }, 400, 'VALIDATION_FAILED'],
      [PROCURATOR, 'POST', `/api/cases/${caseId}/loans`, { reason: '核对', pages: 'a\u0000b' }, 400, 'VALIDATION_FAILED'],
      [PROCURATOR, 'POST', `/api/cases/${caseId}/loans`, { reason: '核对', pages: '全卷', state: 'lent' }, 400, 'VALIDATION_FAILED'],
      [PROCURATOR, 'POST', '/api/cases/not-a-uuid/loans', { reason: '核对', pages: '全卷' }, 400, 'VALIDATION_FAILED'],
      [PROCURATOR, 'POST', '/api/cases/00000000-0000-4000-8000-000000000000/loans', { reason: '核对', pages: '全卷' }, 404, 'CASE_NOT_FOUND'],
      [POLICE, 'GET', '/api/loans?direction=sideways', undefined, 400, 'VALIDATION_FAILED'],
      [POLICE, 'GET', '/api/loans?state=lost', undefined, 400, 'VALIDATION_FAILED'],
      ['committee-990102-supervisor', 'GET', '/api/loans', undefined, 403, 'FORBIDDEN'],
    ];
    for (const [user, method, url, payload, status, code] of cases) {
      const r = await d.api(user, method as 'GET' | 'POST', url, payload);
      expect([r.status, r.body.code], `${user} ${method} ${url} ${JSON.stringify(payload)}`).toEqual([status, code]);
      expect(r.body.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
    }
    expect(await auditHead(t)).toEqual(head);

    const loanId = (await d.api(PROCURATOR, 'POST', `/api/cases/${caseId}/loans`, { reason: '核对', pages: '全卷' })).body.id;
    const head2 = await auditHead(t);
    const tomorrow = todayCst(Date.now() + DAY);
    const decisions: [string, string, unknown, number, string][] = [
      [PROCURATOR, `/api/cases/${caseId}/loans`, { reason: '又一次', pages: '全卷' }, 409, 'LOAN_ALREADY_OPEN'],
      // the asking unit cannot decide on its own request; an outsider does not see the loan at all
      [PROCURATOR, `/api/loans/${loanId}/decision`, { approve: true, dueDate: tomorrow }, 403, 'LOAN_NOT_HOLDER'],
      [OTHER_POLICE, `/api/loans/${loanId}/decision`, { approve: true, dueDate: tomorrow }, 404, 'LOAN_NOT_FOUND'],
      [JUDGE, `/api/loans/${loanId}/decision`, { approve: true, dueDate: tomorrow }, 404, 'LOAN_NOT_FOUND'],
      [OTHER_POLICE, `/api/loans/${loanId}/return`, undefined, 404, 'LOAN_NOT_FOUND'],
      [PROCURATOR, `/api/loans/${loanId}/return`, undefined, 403, 'LOAN_NOT_HOLDER'],
      [POLICE, '/api/loans/00000000-0000-4000-8000-000000000000/decision', { approve: false, reason: '不同意' }, 404, 'LOAN_NOT_FOUND'],
      [POLICE, `/api/loans/${loanId}/decision`, { approve: true }, 400, 'VALIDATION_FAILED'],
      [POLICE, `/api/loans/${loanId}/decision`, { approve: true, dueDate: tomorrow, reason: '同意' }, 400, 'VALIDATION_FAILED'],
      [POLICE, `/api/loans/${loanId}/decision`, { approve: false }, 400, 'VALIDATION_FAILED'],
      [POLICE, `/api/loans/${loanId}/decision`, { approve: false, reason: '不同意', dueDate: tomorrow }, 400, 'VALIDATION_FAILED'],
      [POLICE, `/api/loans/${loanId}/decision`, { approve: 'yes', dueDate: tomorrow }, 400, 'VALIDATION_FAILED'],
      [POLICE, `/api/loans/${loanId}/decision`, { approve: true, dueDate: '2026-02-30' }, 400, 'DATE_INVALID'],
      [POLICE, `/api/loans/${loanId}/decision`, { approve: true, dueDate: '20260301' }, 400, 'VALIDATION_FAILED'],
      [POLICE, `/api/loans/${loanId}/decision`, { approve: true, dueDate: todayCst(Date.now() - DAY) }, 422, 'LOAN_DUE_DATE_PAST'],
      [POLICE, `/api/loans/${loanId}/return`, undefined, 409, 'LOAN_NOT_LENT'],
    ];
    for (const [user, url, payload, status, code] of decisions) {
      const r = await d.api(user, 'POST', url, payload);
      expect([r.status, r.body.code], `${user} ${url} ${JSON.stringify(payload)}`).toEqual([status, code]);
    }
    expect(await auditHead(t)).toEqual(head2);
    const [row] = await t.db.query<{ state: string }>('SELECT state FROM paper_loan WHERE id = $1', [loanId]);
    expect(row!.state).toBe('requested');
    // today is not in the past
    expect((await d.api(POLICE, 'POST', `/api/loans/${loanId}/decision`, { approve: true, dueDate: todayCst() })).status).toBe(200);
  });

  it('two decisions at once: one wins, the other is told', async () => {
    const caseId = await caseWithProcuratorateParty();
    const loanId = (await d.api(PROCURATOR, 'POST', `/api/cases/${caseId}/loans`, { reason: '核对', pages: '全卷' })).body.id;
    const [a, b] = await Promise.all([
      d.api(POLICE, 'POST', `/api/loans/${loanId}/decision`, { approve: true, dueDate: todayCst(Date.now() + DAY) }),
      d.api('police-990102-unit-head', 'POST', `/api/loans/${loanId}/decision`, { approve: false, reason: '不同意' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1 AND kind IN ('loan-lent', 'loan-refused')`, [caseId]))[0]!.n).toBe(1);
  });

  it('a lent dossier past its due date shows in both units\' inboxes and is marked overdue', async () => {
    const caseId = await caseWithProcuratorateParty();
    const loanId = (await d.api(PROCURATOR, 'POST', `/api/cases/${caseId}/loans`, { reason: '核对', pages: '全卷' })).body.id;
    const due = todayCst();
    expect((await d.api(POLICE, 'POST', `/api/loans/${loanId}/decision`, { approve: true, dueDate: due })).status).toBe(200);
    const ids = async (user: string) => (await d.api(user, 'GET', '/api/inbox')).body.items.filter((i: { id: string }) => i.id === `loan:${loanId}`);
    expect(await ids(POLICE)).toEqual([]);
    const realNow = t.deps.now;
    t.deps.now = () => new Date(Date.now() + 2 * DAY);
    try {
      expect(await ids(POLICE)).toEqual([expect.objectContaining({ kind: 'loan-overdue', title: expect.stringContaining(due) })]);
      expect(await ids(PROCURATOR)).toEqual([expect.objectContaining({ kind: 'loan-to-return' })]);
      const listed = (await d.api(PROCURATOR, 'GET', '/api/loans?state=lent')).body.items.find((l: { id: string }) => l.id === loanId);
      expect(listed.overdue).toBe(true);
      const back = await d.api(POLICE, 'POST', `/api/loans/${loanId}/return`);
      expect(back.status).toBe(200);
      const [event] = await t.db.query<{ details: { late: boolean } }>(`SELECT details FROM case_event WHERE case_id = $1 AND kind = 'loan-returned'`, [caseId]);
      expect(event!.details.late).toBe(true);
      expect(await ids(POLICE)).toEqual([]);
    } finally {
      t.deps.now = realNow;
    }
  });
});
