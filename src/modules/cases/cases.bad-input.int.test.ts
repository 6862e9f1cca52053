/**
 * Bad input on the case flow's routes: malformed and mistyped bodies, unknown fields, hostile strings,
 * random JSON, wrong content types for uploads. Every answer is a 4xx in the one error shape, and nothing is
 * written (the case tables and the audit chain stay as they were).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, createTestApp } from '../../../test/app.ts';
import { pdfBytes } from '../../../test/documents.ts';

let t: TestApp;
let police: string;
let caseId: string;
let personId: string;
let transferId: string;
let procurator: string;

beforeAll(async () => {
  t = await createTestApp();
  police = await t.login('police-990102-handler');
  procurator = await t.login('procuratorate-990102-handler');
  const created = await t.app.inject({ method: 'POST', url: '/api/cases', headers: bearer(police), payload: { title: '坏输入测试', charge: 'fraud', persons: [{ role: 'suspect', name: '王五' }] } });
  caseId = created.json().id;
  const page = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: bearer(police) });
  personId = page.json().persons[0].id;
  const upload = async (kind: string) =>
    (await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/documents?kind=${kind}&name=${kind}.pdf`, headers: { ...bearer(police), 'content-type': 'application/pdf' }, payload: Buffer.from(await pdfBytes(1, kind)) })).json().id as string;
  const reg = await upload('registration-decision');
  await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/transitions`, headers: bearer(police), payload: { transition: 'start-investigation', documentIds: [reg] } });
  const docs = [await upload('arrest-request-form'), await upload('dossier')];
  const [unit] = await t.db.query<{ id: string }>(`SELECT id FROM unit WHERE code = 'procuratorate-990102'`);
  const sent = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/transitions`, headers: bearer(police), payload: { transition: 'request-arrest', documentIds: docs, receiverUnitId: unit!.id } });
  transferId = sent.json().transfer.id;
});
afterAll(() => t.close());

async function snapshot() {
  const [row] = await t.db.query(
    `SELECT (SELECT count(*)::int FROM criminal_case) AS cases, (SELECT count(*)::int FROM case_person) AS persons,
            (SELECT count(*)::int FROM case_document) AS documents, (SELECT count(*)::int FROM transfer) AS transfers,
            (SELECT count(*)::int FROM case_clock) AS clocks, (SELECT count(*)::int FROM evidence_item) AS evidence,
            (SELECT count(*)::int FROM case_event) AS events, (SELECT string_agg(state, ',' ORDER BY id) FROM transfer) AS transfer_states,
            (SELECT string_agg(stage || version, ',' ORDER BY id) FROM criminal_case) AS stages,
            (SELECT seq::text || hash FROM audit_head) AS head`,
  );
  return row;
}

function expectErrorShape(status: number, body: Record<string, unknown>): void {
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
  expect(Object.keys(body).filter((k) => !['code', 'message', 'details'].includes(k))).toEqual([]);
  expect(body.code).toMatch(/^[A-Z_]+$/);
  const m = body.message as { zh: string; en: string };
  expect(m.zh.length).toBeGreaterThan(0);
  expect(m.en.length).toBeGreaterThan(0);
}

const routes = () => [
  { name: 'register', url: '/api/cases', token: police, fields: ['title', 'charge', 'classified', 'registeredAt', 'persons'] },
  { name: 'add person', url: `/api/cases/${caseId}/persons`, token: police, fields: ['role', 'name', 'idNumber', 'phone'] },
  { name: 'measure', url: `/api/cases/${caseId}/persons/${personId}/measures`, token: police, fields: ['measure', 'documentIds'] },
  { name: 'evidence', url: `/api/cases/${caseId}/evidence`, token: police, fields: ['checklistItem', 'description', 'documentId'] },
  { name: 'transition', url: `/api/cases/${caseId}/transitions`, token: police, fields: ['transition', 'documentIds', 'receiverUnitId', 'personIds', 'extension', 'override', 'idempotencyKey', 'note'] },
  { name: 'return', url: `/api/transfers/${transferId}/return`, token: procurator, fields: ['reason'] },
];

const HOSTILE = ["' OR 1=1 --", '<script>alert(1)</script>', 'a\u0000b', 'ab\ud800cd', '\u001b[31m', 'x'.repeat(10_000), '../../etc/passwd', '%00', '{{7*7}}'];

describe('case routes refuse bad bodies and write nothing', () => {
  it('malformed, non-object, and mistyped bodies', async () => {
    const before = await snapshot();
    for (const r of routes()) {
      for (const raw of ['{"a": ', '[]', 'null', '42', '"x"', '{"__proto__": {"x": 1}}', '{}']) {
        const res = await t.app.inject({ method: 'POST', url: r.url, headers: { ...bearer(r.token), 'content-type': 'application/json' }, payload: raw });
        expectErrorShape(res.statusCode, res.json());
      }
      const text = await t.app.inject({ method: 'POST', url: r.url, headers: { ...bearer(r.token), 'content-type': 'text/plain' }, payload: '{}' });
      expect(text.statusCode, r.name).toBe(415);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('hostile strings in every field are refused or, where the field takes free text, never reach a 5xx', async () => {
    for (const r of routes()) {
      for (const field of r.fields) {
        for (const value of HOSTILE) {
          const before = await snapshot();
          const res = await t.app.inject({ method: 'POST', url: r.url, headers: bearer(r.token), payload: { [field]: value } });
          expect(res.statusCode, `${r.name}.${field} = ${JSON.stringify(value).slice(0, 40)}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expectErrorShape(res.statusCode, res.json());
            expect(await snapshot()).toEqual(before);
          }
        }
      }
    }
  });

  it('random JSON objects over the routes\' field names: 4xx with the error shape, nothing written', async () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.uuid(), fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 2 }));
    for (const r of routes()) {
      const before = await snapshot();
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.constantFrom(...r.fields, 'extra'), value, { minKeys: 1, maxKeys: 4 }), async (body) => {
          const res = await t.app.inject({ method: 'POST', url: r.url, headers: bearer(r.token), payload: body });
          // a random body may by chance be valid for a free-text route; it must never be a 5xx
          expect(res.statusCode, `${r.name} ${JSON.stringify(body).slice(0, 300)}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode >= 400) expectErrorShape(res.statusCode, res.json());
        }),
        { numRuns: 60, seed: 20261122 },
      );
      // the register and evidence routes can accept a random but valid body; the others must have refused all
      if (!['register', 'add person', 'evidence', 'return'].includes(r.name)) expect(await snapshot()).toEqual(before);
    }
  });

  it('uploads: an unknown content type, an empty body, JSON instead of a file, an unknown kind, a bad volume', async () => {
    const before = await snapshot();
    const base = `/api/cases/${caseId}/documents`;
    const cases: [string, Record<string, string>, Buffer | string, number, string][] = [
      [`${base}?kind=dossier&name=a.pdf`, { 'content-type': 'text/html' }, '<html></html>', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [`${base}?kind=dossier&name=a.pdf`, { 'content-type': 'application/pdf' }, Buffer.alloc(0), 415, 'DOCUMENT_TYPE_UNSUPPORTED'],
      [`${base}?kind=dossier&name=a.pdf`, { 'content-type': 'application/json' }, '{"a":1}', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [`${base}?kind=no-such-kind&name=a.pdf`, { 'content-type': 'application/pdf' }, Buffer.from(await pdfBytes(1)), 422, 'DOCUMENT_KIND_UNKNOWN'],
      [`${base}?kind=dossier&name=a.pdf&volume=0`, { 'content-type': 'application/pdf' }, Buffer.from(await pdfBytes(1)), 400, 'VALIDATION_FAILED'],
      [`${base}?kind=dossier`, { 'content-type': 'application/pdf' }, Buffer.from(await pdfBytes(1)), 400, 'VALIDATION_FAILED'],
      [`${base}?kind=dossier&name=a.exe`, { 'content-type': 'application/pdf' }, Buffer.from(await pdfBytes(1)), 415, 'DOCUMENT_TYPE_MISMATCH'],
    ];
    for (const [url, headers, payload, status, code] of cases) {
      const res = await t.app.inject({ method: 'POST', url, headers: { ...bearer(police), ...headers }, payload });
      expect(res.statusCode, `${url} ${res.body}`).toBe(status);
      expect(res.json().code).toBe(code);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('ids that are not UUIDs, and UUIDs of nothing', async () => {
    for (const url of ['/api/cases/not-a-uuid', `/api/cases/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, `/api/transfers/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/verification`]) {
      const res = await t.app.inject({ method: 'GET', url, headers: bearer(police) });
      expectErrorShape(res.statusCode, res.json());
    }
  });
});
