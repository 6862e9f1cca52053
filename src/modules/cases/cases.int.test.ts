import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, createTestApp } from '../../../test/app.ts';
import { pdfBytes } from '../../../test/documents.ts';
import { residentIdCheckChar } from '../../shared/gb11643.ts';

let t: TestApp;
const tokens: Record<string, string> = {};
const units: Record<string, string> = {};

const POLICE = 'police-990102-handler';
const POLICE_HEAD = 'police-990102-unit-head';
const PROCURATOR = 'procuratorate-990102-handler';
const JUDGE = 'court-990102-handler';
const JUDGE_HEAD = 'court-990102-unit-head';
const OTHER_POLICE = 'police-990103-handler';

beforeAll(async () => {
  t = await createTestApp();
  for (const u of [POLICE, POLICE_HEAD, PROCURATOR, JUDGE, JUDGE_HEAD, OTHER_POLICE, 'supervisor', 'admin']) tokens[u] = await t.login(u);
  for (const r of await t.db.query<{ id: string; code: string }>('SELECT id, code FROM unit')) units[r.code] = r.id;
});
afterAll(() => t.close());

const idNumber = (first17: string) => first17 + residentIdCheckChar(first17);

async function api(user: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await t.app.inject({ method, url, headers: bearer(tokens[user]!), ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.body ? res.json() : null };
}

let docCounter = 0;
async function upload(user: string, caseId: string, kind: string, pages = 1) {
  const bytes = await pdfBytes(pages, `${kind} #${++docCounter}`);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/documents?kind=${kind}&name=${encodeURIComponent(`${kind}.pdf`)}`,
    headers: { ...bearer(tokens[user]!), 'content-type': 'application/pdf' },
    payload: Buffer.from(bytes),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function uploadAll(user: string, caseId: string, kinds: string[]) {
  const ids: string[] = [];
  for (const k of kinds) ids.push(await upload(user, caseId, k));
  return ids;
}

async function fire(user: string, caseId: string, body: Record<string, unknown>) {
  return api(user, 'POST', `/api/cases/${caseId}/transitions`, body);
}

async function page(user: string, caseId: string) {
  const r = await api(user, 'GET', `/api/cases/${caseId}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

const auditHead = async () => (await t.db.query<{ seq: number }>('SELECT seq::int AS seq FROM audit_head'))[0]!.seq;

async function newCase(charge = 'theft') {
  const r = await api(POLICE, 'POST', '/api/cases', {
    title: '示范区某超市盗窃案',
    charge,
    persons: [
      { role: 'suspect', name: '张三丰', idNumber: idNumber('99010219900101123'), phone: '13912345678' },
      { role: 'victim', name: '李四', phone: '13800001111' },
    ],
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; caseNumber: string };
}

/** Registered -> detention -> investigation -> arrest request accepted -> arrest approved. */
async function toInvestigationWithArrest(caseId: string) {
  const suspect = (await page(POLICE, caseId)).persons.find((p: { role: string }) => p.role === 'suspect');
  const warrant = await upload(POLICE, caseId, 'detention-warrant');
  const detained = await api(POLICE, "POST", `/api/cases/${caseId}/persons/${suspect.id}/measures`, { measure: "detention", documentIds: [warrant] });
  expect(detained.status, JSON.stringify(detained.body)).toBe(200);
  const reg = await upload(POLICE, caseId, 'registration-decision');
  expect((await fire(POLICE, caseId, { transition: 'start-investigation', documentIds: [reg] })).status).toBe(200);
  const arrestDocs = await uploadAll(POLICE, caseId, ['arrest-request-form', 'dossier']);
  const sent = await fire(POLICE, caseId, { transition: 'request-arrest', documentIds: arrestDocs, receiverUnitId: units['procuratorate-990102'] });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const accepted = await api(PROCURATOR, 'POST', `/api/transfers/${sent.body.transfer.id}/accept`);
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  const decision = await upload(PROCURATOR, caseId, 'arrest-decision');
  const approved = await fire(PROCURATOR, caseId, { transition: 'approve-arrest', documentIds: [decision] });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return { suspect, approved: approved.body };
}

describe('registering a case', () => {
  it('registers with masked persons, audits it, and only parties and the supervisor see it', async () => {
    const before = await auditHead();
    const c = await newCase();
    expect(c.caseNumber).toMatch(/^\(\d{4}\)990102刑立\d{6}号$/);
    expect(await auditHead()).toBe(before + 1);
    const p = await page(POLICE, c.id);
    expect(p).toMatchObject({ stage: 'registered', youHold: true, holderUnitId: units['police-990102'] });
    const suspect = p.persons.find((x: { role: string }) => x.role === 'suspect');
    expect(suspect.name).not.toBe('张三丰');
    expect(suspect.idNumber).toMatch(/\*{4}/);
    expect(suspect.phone).toBe('139****5678');
    expect(p.transitions.map((x: { id: string }) => x.id)).toContain('start-investigation');
    // another county's police: not found, not forbidden, so the case's existence does not leak
    expect((await api(OTHER_POLICE, 'GET', `/api/cases/${c.id}`)).status).toBe(404);
    expect((await api('supervisor', 'GET', `/api/cases/${c.id}`)).status).toBe(200);
    const list = await api(OTHER_POLICE, 'GET', '/api/cases');
    expect(list.body.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
    // reveal: whole data, one audit record
    const head = await auditHead();
    const revealed = await api(POLICE, 'GET', `/api/cases/${c.id}/persons/${suspect.id}/personal-data`);
    expect(revealed.body).toMatchObject({ name: '张三丰', phone: '13912345678' });
    expect(await auditHead()).toBe(head + 1);
    expect((await api('supervisor', 'GET', `/api/cases/${c.id}/persons/${suspect.id}/personal-data`)).status).toBe(403);
  });

  it('refuses a registration by a procuratorate and an unknown field', async () => {
    expect((await api(PROCURATOR, 'POST', '/api/cases', { title: 'x', charge: 'theft' })).status).toBe(403);
    const r = await api(POLICE, 'POST', '/api/cases', { title: 'x', charge: 'theft', stage: 'closed' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('the flow, person by person clocks', () => {
  it('detention starts the person\'s clocks; an arrest request is signed, verified, accepted; approval starts custody', async () => {
    const c = await newCase();
    const { suspect } = await toInvestigationWithArrest(c.id);
    const p = await page(POLICE, c.id);
    expect(p).toMatchObject({ stage: 'investigation', holderUnitId: units['police-990102'] });
    const person = p.persons.find((x: { id: string }) => x.id === suspect.id);
    expect(person).toMatchObject({ measure: 'arrest', inCustody: true });
    const running = p.clocks.filter((k: { state: string }) => k.state === 'running').map((k: { rule: string }) => k.rule);
    expect(running).toContain('cpl.investigation.custody');
    const stopped = p.clocks.filter((k: { state: string }) => k.state === 'stopped').map((k: { rule: string }) => k.rule);
    expect(stopped).toEqual(expect.arrayContaining(['cpl.detention.request-arrest', 'cpl.arrest.decide']));
    const custody = p.clocks.find((k: { rule: string }) => k.rule === 'cpl.investigation.custody');
    expect(custody.personId).toBe(suspect.id);
    expect(custody.basis).toContain('156');
    expect(custody.daysLeft).toBeGreaterThan(55);
    // the transfer and the answer are both signed and verify
    for (const tr of p.transfers) {
      const v = await api(POLICE, 'GET', `/api/transfers/${tr.id}/verification`);
      expect(v.body).toMatchObject({ ok: true, failures: [] });
    }
    expect(p.transfers.map((x: { scenario: string; state: string }) => `${x.scenario}:${x.state}`)).toEqual(['arrest-request:answered', 'arrest-request:sent']);
    // the procuratorate, having received it, still reads the case but no longer holds it
    const seen = await page(PROCURATOR, c.id);
    expect(seen.youHold).toBe(false);
  });

  it('refuses the wrong stage, the wrong agency and missing documents with what is wrong, and writes nothing', async () => {
    const c = await newCase();
    const before = await auditHead();
    const wrongStage = await fire(POLICE, c.id, { transition: 'indict' });
    expect(wrongStage.status).toBe(409);
    expect(wrongStage.body.code).toBe('FLOW_WRONG_STAGE');
    const missing = await fire(POLICE, c.id, { transition: 'start-investigation' });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ code: 'FLOW_DOCUMENTS_MISSING', details: { missing: ['registration-decision'] } });
    expect(missing.body.message.zh).toContain('立案决定书');
    const unknown = await fire(POLICE, c.id, { transition: 'fly-to-the-moon' });
    expect(unknown.body.code).toBe('FLOW_TRANSITION_UNKNOWN');
    // the supervisor reads but the flow refuses its writes
    const byCommittee = await fire('supervisor', c.id, { transition: 'start-investigation' });
    expect(byCommittee.body.code).toBe('FLOW_NOT_ALLOWED');
    expect(await auditHead()).toBe(before);
    expect((await page(POLICE, c.id)).stage).toBe('registered');
  });

  it('a hand-over to a unit of the wrong agency or to itself is refused', async () => {
    const c = await newCase();
    const reg = await upload(POLICE, c.id, 'registration-decision');
    await fire(POLICE, c.id, { transition: 'start-investigation', documentIds: [reg] });
    const docs = await uploadAll(POLICE, c.id, ['arrest-request-form', 'dossier']);
    const toCourt = await fire(POLICE, c.id, { transition: 'request-arrest', documentIds: docs, receiverUnitId: units['court-990102'] });
    expect(toCourt.body.code).toBe('FLOW_RECEIVER_INVALID');
    const none = await fire(POLICE, c.id, { transition: 'request-arrest', documentIds: docs });
    expect(none.body.code).toBe('FLOW_RECEIVER_INVALID');
  });
});

describe('custody extension: a request to the procuratorate one level up, answered by it', () => {
  it('the city procuratorate approves; the custody clock of the person is extended by the statutory month', async () => {
    const c = await newCase();
    const { suspect } = await toInvestigationWithArrest(c.id);
    const before = (await page(POLICE, c.id)).clocks.find((k: { rule: string }) => k.rule === 'cpl.investigation.custody');
    const request = await upload(POLICE, c.id, 'custody-extension-request');
    // the same level is refused: the request goes one level up
    const sameLevel = await fire(POLICE, c.id, { transition: 'request-custody-extension', documentIds: [request], receiverUnitId: units['procuratorate-990102'] });
    expect(sameLevel.body.code).toBe('FLOW_RECEIVER_INVALID');
    const elsewhere = await fire(POLICE, c.id, { transition: 'request-custody-extension', documentIds: [request], receiverUnitId: units['procuratorate-990200'] });
    expect(elsewhere.body.code).toBe('FLOW_RECEIVER_INVALID');
    const sent = await fire(POLICE, c.id, { transition: 'request-custody-extension', documentIds: [request], receiverUnitId: units['procuratorate-990100'], personIds: [suspect.id] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    // the case does not move: the police still hold it while the request waits
    expect((await page(POLICE, c.id)).youHold).toBe(true);
    tokens['procuratorate-990100-handler'] ??= await t.login('procuratorate-990100-handler');
    // the county procuratorate, not the receiver, cannot answer
    const notReceiver = await fire(PROCURATOR, c.id, { transition: 'approve-custody-extension' });
    expect(notReceiver.body.code).toBe('FLOW_NOT_ALLOWED');
    const city = 'procuratorate-990100-handler';
    const decision = await api(city, 'GET', `/api/cases/${c.id}`);
    expect(decision.body.transitions.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining(['approve-custody-extension', 'refuse-custody-extension']));
    // the deciding procuratorate does not hold the case but, as the receiver of the request, adds its decision
    const decisionDoc = await upload(city, c.id, 'custody-extension-decision');
    // a unit that is neither holder nor awaited receiver cannot add documents
    expect((await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/documents?kind=other&name=x.pdf`, headers: { ...bearer(tokens[JUDGE]!), 'content-type': 'application/pdf' }, payload: Buffer.from(await pdfBytes(1)) })).statusCode).toBe(404);
    const approved = await fire(city, c.id, { transition: 'approve-custody-extension', documentIds: [decisionDoc], personIds: [suspect.id], extension: 'art156' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const after = (await page(POLICE, c.id)).clocks.find((k: { rule: string }) => k.rule === 'cpl.investigation.custody');
    expect(after.events).toBe(before.events + 1);
    expect(Date.parse(after.dueAt) - Date.parse(before.dueAt)).toBeGreaterThan(27 * 86_400_000);
    expect(after.daysLeft).toBeGreaterThan(before.daysLeft + 27);
  });
});

describe('transfers: races, retries, tampering', () => {
  it('one transfer for one idempotency key; two acceptances at once: one wins, the other is told', async () => {
    const c = await newCase();
    const reg = await upload(POLICE, c.id, 'registration-decision');
    await fire(POLICE, c.id, { transition: 'start-investigation', documentIds: [reg] });
    const docs = await uploadAll(POLICE, c.id, ['arrest-request-form', 'dossier']);
    const body = { transition: 'request-arrest', documentIds: docs, receiverUnitId: units['procuratorate-990102'], idempotencyKey: `key-${c.id}` };
    const [a, b] = await Promise.all([fire(POLICE, c.id, body), fire(POLICE, c.id, body)]);
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(b.status, JSON.stringify(b.body)).toBe(200);
    expect(a.body.transfer.id).toBe(b.body.transfer.id);
    expect([a.body.transfer.replayed, b.body.transfer.replayed].sort()).toEqual([false, true]);
    const count = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM transfer WHERE case_id = $1', [c.id]);
    expect(count[0]!.n).toBe(1);
    // the same key for another transition is refused
    const reused = await fire(POLICE, c.id, { ...body, transition: 'transfer-for-prosecution' });
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // while in transit, the sender cannot fire anything else
    const busy = await fire(POLICE, c.id, { transition: 'withdraw-case' });
    expect(busy.body.code).toBe('FLOW_IN_TRANSIT');

    tokens['procuratorate-990102-unit-head'] ??= await t.login('procuratorate-990102-unit-head');
    const id = a.body.transfer.id;
    const [x, y] = await Promise.all([
      api(PROCURATOR, 'POST', `/api/transfers/${id}/accept`),
      api('procuratorate-990102-unit-head', 'POST', `/api/transfers/${id}/accept`),
    ]);
    expect([x.status, y.status].sort(), JSON.stringify([x.body, y.body])).toEqual([200, 409]);
    expect([x.body.code, y.body.code]).toContain('TRANSFER_ALREADY_HANDLED');
    const p = await page(PROCURATOR, c.id);
    expect(p).toMatchObject({ stage: 'arrest-review', holderUnitId: units['procuratorate-990102'] });
    expect(p.clocks.filter((k: { rule: string }) => k.rule === 'cpl.arrest.decide')).toHaveLength(1);
    // only the receiving unit may accept
    expect((await api(OTHER_POLICE, 'POST', `/api/transfers/${id}/accept`)).status).toBe(404);
  });

  it('a document changed after signing fails verification, says which, and cannot be accepted', async () => {
    const c = await newCase();
    const reg = await upload(POLICE, c.id, 'registration-decision');
    await fire(POLICE, c.id, { transition: 'start-investigation', documentIds: [reg] });
    const docs = await uploadAll(POLICE, c.id, ['arrest-request-form', 'dossier']);
    const sent = await fire(POLICE, c.id, { transition: 'request-arrest', documentIds: docs, receiverUnitId: units['procuratorate-990102'] });
    // someone with database access swaps the dossier's digest for another file's
    const other = await upload(POLICE, c.id, 'other');
    await t.db.query('UPDATE case_document SET sm3 = (SELECT sm3 FROM case_document WHERE id = $2) WHERE id = $1', [docs[1], other]);
    const v = await api(PROCURATOR, 'GET', `/api/transfers/${sent.body.transfer.id}/verification`);
    expect(v.body.ok).toBe(false);
    expect(v.body.failures).toEqual([expect.objectContaining({ what: 'document-changed', documentId: docs[1] })]);
    const head = await auditHead();
    const refused = await api(PROCURATOR, 'POST', `/api/transfers/${sent.body.transfer.id}/accept`);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('SIGNATURE_INVALID');
    // the failure is on the timeline and in the audit log; the case did not move
    expect(await auditHead()).toBe(head + 1);
    const p = await page(POLICE, c.id);
    expect(p.stage).toBe('investigation');
    expect(p.timeline.map((e: { kind: string }) => e.kind)).toContain('verification-failed');
    // a forged signature is caught too
    await t.db.query(`UPDATE transfer SET signature = regexp_replace(signature, '.{4}$', '0000') WHERE id = $1`, [sent.body.transfer.id]);
    const v2 = await api(PROCURATOR, 'GET', `/api/transfers/${sent.body.transfer.id}/verification`);
    expect(v2.body.failures.map((f: { what: string }) => f.what)).toContain('signature');
  });

  it('the receiver may return a transfer unreceived: the case stays with the sender', async () => {
    const c = await newCase();
    const reg = await upload(POLICE, c.id, 'registration-decision');
    await fire(POLICE, c.id, { transition: 'start-investigation', documentIds: [reg] });
    const docs = await uploadAll(POLICE, c.id, ['arrest-request-form', 'dossier']);
    const sent = await fire(POLICE, c.id, { transition: 'request-arrest', documentIds: docs, receiverUnitId: units['procuratorate-990102'] });
    const ret = await api(PROCURATOR, 'POST', `/api/transfers/${sent.body.transfer.id}/return`, { reason: '材料不全，缺少讯问笔录' });
    expect(ret.status).toBe(200);
    const p = await page(POLICE, c.id);
    expect(p).toMatchObject({ stage: 'investigation', youHold: true });
    expect(p.transfers[0]).toMatchObject({ state: 'returned', returnReason: '材料不全，缺少讯问笔录' });
    expect((await api(PROCURATOR, 'POST', `/api/transfers/${sent.body.transfer.id}/accept`)).body.code).toBe('TRANSFER_ALREADY_HANDLED');
  });
});

describe('evidence, returns for supplementary investigation, and on to judgment', () => {
  it('missing evidence blocks the transfer for prosecution; a unit head overrides with a reason; two returns at most; indictment makes defendants', async () => {
    const c = await newCase();
    await toInvestigationWithArrest(c.id);
    const docs = await uploadAll(POLICE, c.id, ['transfer-form', 'dossier', 'evidence-list', 'seized-property-list']);
    const blocked = await fire(POLICE, c.id, { transition: 'transfer-for-prosecution', documentIds: docs, receiverUnitId: units['procuratorate-990102'] });
    expect(blocked.status).toBe(422);
    expect(blocked.body.code).toBe('FLOW_EVIDENCE_MISSING');
    expect(blocked.body.details.missing).toContain('victim-statement');
    // a handler cannot override; a unit head can, with the reason recorded
    const handlerOverride = await fire(POLICE, c.id, { transition: 'transfer-for-prosecution', documentIds: docs, receiverUnitId: units['procuratorate-990102'], override: { reason: '鉴定意见尚未出具，先行移送' } });
    expect(handlerOverride.body.code).toBe('FLOW_EVIDENCE_MISSING');
    // record every unconditional item but one, then let the head override the last
    const p0 = await page(POLICE, c.id);
    for (const item of p0.evidence.missing.slice(1)) {
      expect((await api(POLICE, 'POST', `/api/cases/${c.id}/evidence`, { checklistItem: item, description: `材料：${item}` })).status).toBe(201);
    }
    const p1 = await page(POLICE, c.id);
    expect(p1.evidence.missing).toHaveLength(1);
    const sent = await fire(POLICE_HEAD, c.id, { transition: 'transfer-for-prosecution', documentIds: docs, receiverUnitId: units['procuratorate-990102'], override: { reason: '鉴定意见尚未出具，先行移送' } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect((await api(PROCURATOR, 'POST', `/api/transfers/${sent.body.transfer.id}/accept`)).status).toBe(200);
    let p = await page(PROCURATOR, c.id);
    expect(p.stage).toBe('prosecution-review');
    expect(p.timeline.map((e: { kind: string }) => e.kind)).toContain('evidence-override');
    expect(p.clocks.find((k: { rule: string; state: string }) => k.rule === 'cpl.investigation.custody').state).toBe('stopped');
    expect(p.clocks.find((k: { rule: string; state: string }) => k.rule === 'cpl.prosecution.review').state).toBe('running');

    // two returns for supplementary investigation, each restarting the review on resubmission; a third is refused
    for (let round = 1; round <= 2; round++) {
      const form = await upload(PROCURATOR, c.id, 'return-form');
      const ret = await fire(PROCURATOR, c.id, { transition: 'return-for-supplementary-investigation', documentIds: [form], receiverUnitId: units['police-990102'] });
      expect(ret.status, JSON.stringify(ret.body)).toBe(200);
      expect((await api(POLICE, 'POST', `/api/transfers/${ret.body.transfer.id}/accept`)).status).toBe(200);
      expect((await page(POLICE, c.id)).stage).toBe('supplementary-investigation');
      const back = await uploadAll(POLICE, c.id, ['supplementary-report', 'dossier']);
      const resent = await fire(POLICE, c.id, { transition: 'resubmit-after-supplementary-investigation', documentIds: back, receiverUnitId: units['procuratorate-990102'] });
      expect(resent.status, JSON.stringify(resent.body)).toBe(200);
      expect((await api(PROCURATOR, 'POST', `/api/transfers/${resent.body.transfer.id}/accept`)).status).toBe(200);
    }
    p = await page(PROCURATOR, c.id);
    expect(p.counters['supplementary-returns']).toBe(2);
    const reviews = p.clocks.filter((k: { rule: string }) => k.rule === 'cpl.prosecution.review');
    expect(reviews.filter((k: { state: string }) => k.state === 'running')).toHaveLength(1);
    const form = await upload(PROCURATOR, c.id, 'return-form');
    const third = await fire(PROCURATOR, c.id, { transition: 'return-for-supplementary-investigation', documentIds: [form], receiverUnitId: units['police-990102'] });
    expect(third.body.code).toBe('FLOW_LIMIT_REACHED');

    const indictDocs = await uploadAll(PROCURATOR, c.id, ['indictment', 'dossier', 'seized-property-list']);
    const indicted = await fire(PROCURATOR, c.id, { transition: 'indict', documentIds: indictDocs, receiverUnitId: units['court-990102'] });
    expect(indicted.status, JSON.stringify(indicted.body)).toBe(200);
    expect((await api(JUDGE, 'POST', `/api/transfers/${indicted.body.transfer.id}/accept`)).status).toBe(200);
    p = await page(JUDGE, c.id);
    expect(p).toMatchObject({ stage: 'first-instance', holderUnitId: units['court-990102'] });
    expect(p.persons.map((x: { role: string }) => x.role).sort()).toEqual(['defendant', 'victim']);
    expect(p.clocks.find((k: { rule: string; state: string }) => k.rule === 'cpl.trial.first-instance').state).toBe('running');

    // a suspended trial (CPL 206): the head of the court suspends it, the period pauses, and runs on when it resumes
    const trialClock = async () => (await page(JUDGE, c.id)).clocks.find((k: { rule: string }) => k.rule === 'cpl.trial.first-instance').state;
    const ruling = await upload(JUDGE, c.id, 'suspension-ruling');
    expect((await fire(JUDGE, c.id, { transition: 'suspend-trial', documentIds: [ruling] })).body.code).toBe('FLOW_NOT_ALLOWED');
    expect((await fire(JUDGE_HEAD, c.id, { transition: 'suspend-trial', documentIds: [ruling] })).status).toBe(200);
    expect(await trialClock()).toBe('paused');
    const resumption = await upload(JUDGE, c.id, 'resumption-decision');
    expect((await fire(JUDGE, c.id, { transition: 'resume-trial', documentIds: [resumption] })).status).toBe(200);
    expect(await trialClock()).toBe('running');
    expect((await page(JUDGE, c.id)).stage).toBe('first-instance');

    const judgment = await upload(JUDGE, c.id, 'judgment');
    const pronounced = await fire(JUDGE, c.id, { transition: 'pronounce-judgment', documentIds: [judgment], receiverUnitId: units['procuratorate-990102'] });
    expect(pronounced.status, JSON.stringify(pronounced.body)).toBe(200);
    expect((await api(PROCURATOR, 'POST', `/api/transfers/${pronounced.body.transfer.id}/accept`)).status).toBe(200);
    p = await page(JUDGE, c.id);
    expect(p).toMatchObject({ stage: 'appeal-period', youHold: true });
    expect((await fire(JUDGE, c.id, { transition: 'judgment-takes-effect' })).status).toBe(200);
    p = await page(JUDGE, c.id);
    expect(p.stage).toBe('effective');
    expect(p.persons.map((x: { role: string }) => x.role).sort()).toEqual(['convict', 'victim']);
  });
});

describe('dossier limits', () => {
  it('refuses a file whose bytes do not match its declared type', async () => {
    const c = await newCase();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${c.id}/documents?kind=dossier&name=a.png`,
      headers: { ...bearer(tokens[POLICE]!), 'content-type': 'image/png' },
      payload: Buffer.from(await pdfBytes(1)),
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('DOCUMENT_TYPE_MISMATCH');
    const text = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${c.id}/documents?kind=dossier&name=a.pdf`,
      headers: { ...bearer(tokens[POLICE]!), 'content-type': 'application/pdf' },
      payload: Buffer.from('<script>alert(1)</script>'),
    });
    expect(text.json().code).toBe('DOCUMENT_TYPE_UNSUPPORTED');
    expect((await page(POLICE, c.id)).documents).toHaveLength(0);
  });

  it('a dossier over the online page limit is refused and the case recorded as on paper; a classified case never goes online', async () => {
    const c = await newCase();
    const limit = t.deps.config.dossierOnlinePageLimit;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${c.id}/documents?kind=dossier&name=big.pdf`,
      headers: { ...bearer(tokens[POLICE]!), 'content-type': 'application/pdf' },
      payload: Buffer.from(await pdfBytes(limit + 1)),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'DOSSIER_OVER_PAGE_LIMIT', details: { limit } });
    const p = await page(POLICE, c.id);
    expect(p).toMatchObject({ onPaper: true, onPaperReason: 'page-limit', documents: [] });
    // the flow goes on, on paper: the hand-over is recorded and signed without documents
    expect((await fire(POLICE, c.id, { transition: 'start-investigation' })).status).toBe(200);

    const secret = await api(POLICE, 'POST', '/api/cases', { title: '涉密案件', charge: 'drug-trafficking', classified: true });
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${secret.body.id}/documents?kind=dossier&name=a.pdf`,
      headers: { ...bearer(tokens[POLICE]!), 'content-type': 'application/pdf' },
      payload: Buffer.from(await pdfBytes(1)),
    });
    expect(up.json().code).toBe('CASE_ON_PAPER');
    // still visible to oversight
    const list = await api('supervisor', 'GET', '/api/cases?q=涉密');
    expect(list.body.items.find((x: { id: string }) => x.id === secret.body.id)).toMatchObject({ onPaper: true });
  });
});

describe('unit keys', () => {
  it('a rotation keeps old signatures verifiable', async () => {
    const c = await newCase();
    await toInvestigationWithArrest(c.id);
    tokens[POLICE_HEAD] ??= await t.login(POLICE_HEAD);
    const rotated = await api(POLICE_HEAD, 'POST', `/api/units/${units['police-990102']}/keys/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.retired).not.toBeNull();
    const keys = await api(POLICE, 'GET', `/api/units/${units['police-990102']}/keys`);
    expect(keys.body.items.length).toBeGreaterThanOrEqual(2);
    for (const tr of (await page(POLICE, c.id)).transfers) {
      expect((await api(POLICE, 'GET', `/api/transfers/${tr.id}/verification`)).body.ok).toBe(true);
    }
    // a handler may not rotate; nor may another unit's head
    expect((await api(POLICE, 'POST', `/api/units/${units['police-990102']}/keys/rotate`)).status).toBe(403);
    // the private keys are stored sealed, never in clear
    const sealed = await t.db.query<{ sealed_private: string }>('SELECT sealed_private FROM unit_key LIMIT 1');
    expect(sealed[0]!.sealed_private).toMatch(/^v1:/);
  });
});

describe('afterwards', () => {
  it('the audit chain still verifies after every refusal, race and tampering above', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: bearer(await t.login('committee-990000-auditor')) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true });
  });
});
