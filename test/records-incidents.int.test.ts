/**
 * Structured case records and incidents through the API (issue 5: the facts oversight's models read): who may
 * record what, the checks against rules/case-records.yaml, what became of an incident, and the custody due moment
 * an extension request keeps. RECORD_ROUTES are counted as covered by the user-record matrix here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCustodyDue } from '../src/modules/cases/cases.repository.ts';
import { type TestApp, bearer, createTestApp } from './app.ts';
import { COURT, DAY, type Fixtures, HOUR, fixtures } from './warning-fixtures.ts';

let t: TestApp;
let f: Fixtures;
const JUDGE = 'court-990102-handler';
const POLICE = 'police-990102-handler';
const SUPERVISOR = 'committee-990102-supervisor';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
async function api(user: string, method: 'GET' | 'POST', url: string, payload?: object): Promise<{ status: number; body: any }> {
  const res = await t.app.inject({ method, url, headers: bearer(await t.login(user)), ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.body ? res.json() : null };
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  f = await fixtures(t.db);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('case records', () => {
  it('the kinds and incident categories are published', async () => {
    const r = await api(POLICE, 'GET', '/api/rules/case-records');
    expect(r.status).toBe(200);
    expect(r.body.kinds.map((k: { id: string }) => k.id)).toEqual(['sentence', 'blood-alcohol', 'appraisal', 'merit-finding', 'commutation-proposal']);
    expect(r.body.incidentCategories.map((c: { id: string }) => c.id)).toContain('theft');
  });

  it('the court holding a case records a sentence; it is on the timeline and listed', async () => {
    const c = await f.case({ holder: COURT, stage: 'first-instance' });
    const person = await f.person(c);
    const r = await api(JUDGE, 'POST', `/api/cases/${c}/records`, { kind: 'sentence', personId: person, data: { penalty: 'fixed-term', months: 30, circumstances: ['confession', 'restitution'] } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const list = await api(JUDGE, 'GET', `/api/cases/${c}/records`);
    expect(list.body.items).toEqual([expect.objectContaining({ id: r.body.id, kind: 'sentence', personId: person, data: { penalty: 'fixed-term', months: 30, circumstances: ['confession', 'restitution'] } })]);
    const [event] = await t.db.query<{ kind: string }>("SELECT kind FROM case_event WHERE case_id = $1 AND kind = 'record-added'", [c]);
    expect(event?.kind).toBe('record-added');
    // it queues the case for the models that read records
    const [queued] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM warning_queue WHERE case_id = $1 AND kind = 'record-added'", [c]);
    expect(queued!.n).toBe(1);
  });

  it('refuses with the field named: unknown kind, wrong agency, missing person, bad values, unknown fields', async () => {
    const c = await f.case({ holder: COURT, stage: 'first-instance' });
    const person = await f.person(c);
    expect((await api(JUDGE, 'POST', `/api/cases/${c}/records`, { kind: 'horoscope', data: {} })).body.code).toBe('RECORD_KIND_UNKNOWN');
    const police = await api(POLICE, 'POST', `/api/cases/${c}/records`, { kind: 'sentence', personId: person, data: { penalty: 'fixed-term', months: 3 } });
    expect(police.status).toBe(403);
    const cases: [object, string][] = [
      [{ kind: 'sentence', data: { penalty: 'fixed-term', months: 3 } }, 'personId'],
      [{ kind: 'sentence', personId: person, data: { penalty: 'hanging', months: 3 } }, 'data.penalty'],
      [{ kind: 'sentence', personId: person, data: { penalty: 'fixed-term', months: 3.5 } }, 'data.months'],
      [{ kind: 'sentence', personId: person, data: { penalty: 'fixed-term', months: 999 } }, 'data.months'],
      [{ kind: 'sentence', personId: person, data: { penalty: 'fixed-term', circumstances: ['bribe'] } }, 'data.circumstances'],
      [{ kind: 'sentence', personId: person, data: { penalty: 'fixed-term', colour: 'red' } }, 'data.colour'],
      [{ kind: 'appraisal', personId: person, data: { appraisal_kind: 'price', requested_on: '2026-01-05' } }, 'personId'],
      [{ kind: 'appraisal', data: { appraisal_kind: 'price', requested_on: '2026-02-30' } }, 'data.requested_on'],
    ];
    for (const [body, field] of cases) {
      const r = await api(JUDGE, 'POST', `/api/cases/${c}/records`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.details.map((d: { field: string }) => d.field), JSON.stringify(body)).toContain(field);
    }
    const [none] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_record WHERE case_id = $1', [c]);
    expect(none!.n).toBe(0);
    // a case elsewhere: not found
    const far = await f.case({ holder: 'court-990202', registeredBy: 'police-990202' });
    expect((await api(JUDGE, 'POST', `/api/cases/${far}/records`, { kind: 'appraisal', data: { appraisal_kind: 'price', requested_on: '2026-01-05' } })).status).toBe(404);
  });
});

describe('incidents', () => {
  it('received by the police, decided once, read by the county committee', async () => {
    const r = await api(POLICE, 'POST', '/api/incidents', { category: 'theft', amount: 3200, summary: '电动车被盗' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ outcome: 'pending', category: 'theft', amount: 3200, caseIds: [] });
    expect(r.body.number).toMatch(/^警\d{14}$/);
    expect((await api(POLICE, 'POST', `/api/incidents/${r.body.id}/outcome`, { outcome: 'declined' })).status).toBe(400);
    expect((await api(POLICE, 'POST', `/api/incidents/${r.body.id}/outcome`, { outcome: 'registered' })).status).toBe(400);
    const c = await f.case();
    const registered = await api(POLICE, 'POST', `/api/incidents/${r.body.id}/outcome`, { outcome: 'registered', caseId: c });
    expect(registered.body).toMatchObject({ outcome: 'registered', caseIds: [c] });
    expect((await api(POLICE, 'POST', `/api/incidents/${r.body.id}/outcome`, { outcome: 'declined', note: '改为不立案' })).status).toBe(409);
    // the same facts registered again after a withdrawal: a second case of the incident
    const again = await f.case();
    expect((await api(POLICE, 'POST', `/api/incidents/${r.body.id}/outcome`, { outcome: 'registered', caseId: again })).body.caseIds).toEqual([c, again]);
    const list = await api(SUPERVISOR, 'GET', '/api/incidents?outcome=registered');
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(r.body.id);
    expect((await api('police-990202-handler', 'GET', `/api/incidents/${r.body.id}`)).status).toBe(404);
    expect((await api(JUDGE, 'POST', '/api/incidents', { category: 'theft', summary: 'x' })).status).toBe(403);
  });

  it('refuses an unknown category, a negative amount, a moment in the future', async () => {
    expect((await api(POLICE, 'POST', '/api/incidents', { category: 'ufo', summary: 'x' })).body.code).toBe('INCIDENT_CATEGORY_UNKNOWN');
    expect((await api(POLICE, 'POST', '/api/incidents', { category: 'theft', amount: -1, summary: 'x' })).status).toBe(400);
    expect((await api(POLICE, 'POST', '/api/incidents', { category: 'theft', summary: 'x', reportedAt: '2099-01-01T00:00:00Z' })).status).toBe(400);
    expect((await api(POLICE, 'POST', '/api/incidents', { category: 'theft', summary: '<script>x</script>\u0000' })).status).toBe(400);
  });
});

describe('an extension request keeps the due moment of the custody it extends', () => {
  it('the earliest running clock of the persons it concerns', async () => {
    const c = await f.case();
    const a = await f.person(c, { measure: 'arrest', inCustody: true });
    const b = await f.person(c, { measure: 'arrest', inCustody: true });
    await f.clock(c, { rule: 'cpl.investigation.custody', person: a, dueIn: 5 * DAY });
    await f.clock(c, { rule: 'cpl.investigation.custody', person: b, dueIn: 2 * DAY });
    await f.clock(c, { rule: 'cpl.investigation.custody', person: b, dueIn: HOUR, state: 'stopped' });
    const onlyA = await f.transfer(c, { scenario: 'custody-extension' });
    const both = await f.transfer(c, { scenario: 'custody-extension' });
    await recordCustodyDue(t.db, onlyA, c, ['cpl.investigation.custody'], [a]);
    await recordCustodyDue(t.db, both, c, ['cpl.investigation.custody'], []);
    const rows = await t.db.query<{ id: string; custody_due_at: Date }>('SELECT id, custody_due_at FROM transfer WHERE id = ANY($1::uuid[])', [[onlyA, both]]);
    const due = Object.fromEntries(rows.map((r) => [r.id, new Date(r.custody_due_at).getTime()]));
    expect(due[both]! < due[onlyA]!).toBe(true);
    expect(Math.round((due[onlyA]! - Date.now()) / DAY)).toBe(5);
    expect(Math.round((due[both]! - Date.now()) / DAY)).toBe(2);
  });
});

describe('numbers past a million keep every digit', () => {
  it('case, incident and supervision item numbers are not cut to six digits', async () => {
    await t.db.query("SELECT setval('criminal_case_number_seq', 999999), setval('incident_number_seq', 999999), setval('supervision_item_number_seq', 999999)");
    const c = await api(POLICE, 'POST', '/api/cases', { title: '百万号测试案', charge: 'theft' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body.caseNumber).toMatch(/刑立1000000号$/);
    const i = await api(POLICE, 'POST', '/api/incidents', { category: 'theft', summary: '百万号测试' });
    expect(i.body.number).toMatch(/^警\d{8}1000000$/);
    const item = await api(SUPERVISOR, 'POST', '/api/supervision-items', { source: 'manual', title: '百万号', description: 'x', assigneeUnitId: f.units['police-990102'] });
    expect(item.body.number).toMatch(/^督\d{4}-1000000$/);
  });
});
