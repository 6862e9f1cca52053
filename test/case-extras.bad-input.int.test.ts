/**
 * Bad input on the routes of paper-dossier loans, seized property and the collaboration rate: malformed and
 * mistyped bodies, unknown fields, random JSON over the routes' field names, bad query strings, ids that are not
 * UUIDs. Every answer is a 4xx in the one error shape, and nothing is written (the loans, the property, its
 * hand-overs, the timeline and the audit chain stay as they were).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, createTestApp } from './app.ts';
import { type CaseDriver, caseDriver } from './case-fixtures.ts';

let t: TestApp;
let d: CaseDriver;
const POLICE = 'police-990102-handler';
const PROCURATOR = 'procuratorate-990102-handler';
const ids = {} as { caseId: string; transferId: string; loanId: string; propertyId: string; handoverId: string; documentId: string };

beforeAll(async () => {
  t = await createTestApp();
  d = await caseDriver(t);
  for (const u of [POLICE, PROCURATOR, 'supervisor']) await t.login(u);
  ids.caseId = await d.register(POLICE);
  ids.documentId = await d.upload(POLICE, ids.caseId, 'other');
  ids.propertyId = (await d.api(POLICE, 'POST', `/api/cases/${ids.caseId}/property`, { description: '手机', quantity: '1部', storageReceipt: 'RK-1' })).body.id;
  const spare = (await d.api(POLICE, 'POST', `/api/cases/${ids.caseId}/property`, { description: '钱包', quantity: '1个', storageReceipt: 'RK-2' })).body.id;
  await d.investigate(POLICE, ids.caseId);
  ids.transferId = await d.requestArrest(POLICE, ids.caseId, 'procuratorate-990102');
  ids.handoverId = (await d.api(POLICE, 'POST', `/api/cases/${ids.caseId}/property/handovers`, { transferId: ids.transferId, propertyIds: [spare] })).body.handovers[0].id;
  ids.loanId = (await d.api(PROCURATOR, 'POST', `/api/cases/${ids.caseId}/loans`, { reason: '核对', pages: '全卷' })).body.id;
});
afterAll(() => t.close());

async function snapshot() {
  const [row] = await t.db.query(
    `SELECT (SELECT string_agg(id::text || state || coalesce(due_date::text, '') || coalesce(refusal_reason, ''), ',' ORDER BY id) FROM paper_loan) AS loans,
            (SELECT string_agg(id::text || state || holder_unit_id::text, ',' ORDER BY id) FROM seized_property) AS property,
            (SELECT string_agg(id::text || coalesce(received_at::text, '') || coalesce(cancelled_at::text, ''), ',' ORDER BY id) FROM property_handover) AS handovers,
            (SELECT count(*)::int FROM case_event) AS events, (SELECT seq::text || hash FROM audit_head) AS head`,
  );
  return row;
}

function expectErrorShape(status: number, body: Record<string, unknown>, what: string): void {
  expect(status, what).toBeGreaterThanOrEqual(400);
  expect(status, what).toBeLessThan(500);
  expect(Object.keys(body).filter((k) => !['code', 'message', 'details'].includes(k)), what).toEqual([]);
  expect(body.code, what).toMatch(/^[A-Z_]+$/);
  expect(body.message, what).toEqual({ zh: expect.stringMatching(/./), en: expect.stringMatching(/./) });
}

interface BodyRoute {
  url: () => string;
  user: string;
  fields: string[];
}
const ROUTES: Record<string, BodyRoute> = {
  'POST /api/cases/:id/loans': { url: () => `/api/cases/${ids.caseId}/loans`, user: PROCURATOR, fields: ['reason', 'pages'] },
  'POST /api/loans/:id/decision': { url: () => `/api/loans/${ids.loanId}/decision`, user: POLICE, fields: ['approve', 'dueDate', 'reason'] },
  'POST /api/cases/:id/property': { url: () => `/api/cases/${ids.caseId}/property`, user: POLICE, fields: ['description', 'quantity', 'storageReceipt', 'photoDocumentIds'] },
  'POST /api/cases/:id/property/handovers': { url: () => `/api/cases/${ids.caseId}/property/handovers`, user: POLICE, fields: ['transferId', 'propertyIds'] },
  'POST /api/property-handovers/:id/receive': { url: () => `/api/property-handovers/${ids.handoverId}/receive`, user: PROCURATOR, fields: ['note'] },
  'POST /api/property/:id/disposal': { url: () => `/api/property/${ids.propertyId}/disposal`, user: POLICE, fields: ['disposal', 'documentId'] },
};

async function post(route: BodyRoute, payload: string | object, contentType = 'application/json') {
  const res = await t.app.inject({
    method: 'POST',
    url: route.url(),
    headers: { ...bearer(await t.login(route.user)), 'content-type': contentType },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
}

describe('loans, property and the collaboration rate refuse bad input and write nothing', () => {
  it.each(Object.entries(ROUTES))('%s: malformed, non-object, mistyped and unknown fields', async (name, route) => {
    const before = await snapshot();
    const bodies: (string | object)[] = ['{', '{"a":', 'null', '[]', '"text"', '42', 'true', '[{}]', { unknown: 1 }];
    for (const f of route.fields) for (const wrong of [42, true, null, ['x'], { v: 'x' }, '']) bodies.push({ [f]: wrong });
    for (const body of bodies) {
      const r = await post(route, body);
      expectErrorShape(r.status, r.body, `${name} ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    }
    const text = await post(route, 'reason=x', 'text/plain');
    expectErrorShape(text.status, text.body, `${name} text/plain`);
    expect(await snapshot()).toEqual(before);
  });

  it.each(Object.entries(ROUTES))('%s: random JSON over the field names is a 4xx with the error shape', async (name, route) => {
    const before = await snapshot();
    // values that are never valid for any of these fields (no field takes a number, null, an object or an
    // array of non-UUIDs), so that no run can succeed and write
    const wrong = fc.oneof(fc.integer(), fc.double(), fc.constant(null), fc.dictionary(fc.string(), fc.string()), fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 3 }));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...route.fields, 'extra'), wrong, { minKeys: 1 }), async (body) => {
        const r = await post(route, body);
        expectErrorShape(r.status, r.body, `${name} ${JSON.stringify(body)}`);
      }),
      { numRuns: 25 },
    );
    expect(await snapshot()).toEqual(before);
  });

  it('ids that are not UUIDs, and UUIDs of nothing', async () => {
    const before = await snapshot();
    const nothing = '00000000-0000-4000-8000-000000000000';
    const cases: [string, string, object | undefined, number, string][] = [
      [PROCURATOR, '/api/cases/x/loans', { reason: '核对', pages: '全卷' }, 400, 'VALIDATION_FAILED'],
      [POLICE, '/api/loans/x/decision', { approve: false, reason: '不' }, 400, 'VALIDATION_FAILED'],
      [POLICE, '/api/loans/x/return', undefined, 400, 'VALIDATION_FAILED'],
      [POLICE, `/api/loans/${nothing}/return`, undefined, 404, 'LOAN_NOT_FOUND'],
      [POLICE, '/api/property/%27%20OR%201=1/disposal', { disposal: 'destroyed', documentId: ids.documentId }, 400, 'VALIDATION_FAILED'],
      [PROCURATOR, '/api/property-handovers/1/receive', {}, 400, 'VALIDATION_FAILED'],
      [POLICE, `/api/cases/${ids.caseId}/property/handovers`, { transferId: ids.transferId, propertyIds: ['x'] }, 400, 'VALIDATION_FAILED'],
      [POLICE, `/api/cases/${ids.caseId}/property/handovers`, { transferId: ids.transferId, propertyIds: [nothing] }, 404, 'PROPERTY_NOT_FOUND'],
      [POLICE, `/api/cases/${ids.caseId}/property`, { description: '手机', quantity: '1部', storageReceipt: 'RK', photoDocumentIds: ['x'] }, 400, 'VALIDATION_FAILED'],
      [POLICE, `/api/property/${ids.propertyId}/disposal`, { disposal: 'destroyed', documentId: nothing }, 422, 'DOCUMENT_NOT_IN_CASE'],
    ];
    for (const [user, url, payload, status, code] of cases) {
      const r = await d.api(user, 'POST', url, payload);
      expect([r.status, r.body.code], url).toEqual([status, code]);
      expectErrorShape(r.status, r.body, url);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('bad query strings on the lists', async () => {
    const queries = [
      '/api/loans?direction=both',
      '/api/loans?state=',
      '/api/loans?page=0',
      '/api/loans?pageSize=100000',
      '/api/loans?caseId=x',
      '/api/collaboration-rate',
      '/api/collaboration-rate?from=2026-03-01&to=2026-03-31&by=',
      '/api/collaboration-rate?from=%27%20OR%201=1&to=2026-03-31',
      '/api/collaboration-rate?from=2026-03-01&to=2026-03-31&days=abc',
      '/api/collaboration-rate?from=0000-00-00&to=2026-03-31',
      '/api/collaboration-rate?from=2026-03-01&to=2026-03-31&from=2026-03-02',
    ];
    for (const url of queries) {
      const r = await d.api(url.startsWith('/api/loans') ? POLICE : 'supervisor', 'GET', url);
      expectErrorShape(r.status, r.body, url);
    }
  });
});
