import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, createTestApp } from '../../../test/app.ts';
import { type CaseDriver, caseDriver } from '../../../test/case-fixtures.ts';

let t: TestApp;
let d: CaseDriver;

const POLICE = 'police-990102-handler';

beforeAll(async () => {
  t = await createTestApp();
  d = await caseDriver(t);
});
afterAll(() => t.close());

describe('GET /api/cases/:id/documents/:documentId/content', () => {
  it('may be framed by the case page (the dossier viewer) and by nothing else, and loads nothing itself', async () => {
    const caseId = await d.register(POLICE);
    const documentId = await d.upload(POLICE, caseId, 'dossier');
    const res = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/documents/${documentId}/content`, headers: bearer(await t.login(POLICE)) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    // every other answer keeps the app's policy: nothing frames it
    const page = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: bearer(await t.login(POLICE)) });
    expect(String(page.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });
});
