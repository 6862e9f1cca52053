import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, createTestApp } from '../../test/app.ts';

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
  token = await t.login('supervisor');
  // the database goes away under the running app
  await t.db.close();
});
afterAll(async () => {
  await t.app.close();
});

describe('when something fails inside', () => {
  it('a request answers 500 with the error shape and nothing of the inside', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ code: 'INTERNAL', message: { zh: '服务器内部错误', en: 'Internal server error' } });
    expect(res.body).not.toMatch(/at |pglite|postgres|closed|Error:/i);
  });

  it('health answers 503, not ok', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('SERVICE_UNAVAILABLE');
  });
});
