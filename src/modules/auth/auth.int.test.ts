import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, createTestApp } from '../../../test/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (username: string, password: string, ip = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

describe('login', () => {
  it('answers a token, sets an HttpOnly SameSite=Strict cookie and describes the user', async () => {
    const res = await login('police-990102-handler', 'demo1234');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.user).toMatchObject({ username: 'police-990102-handler', role: 'handler', unit: { agency: 'police' }, region: { code: '990102' } });
    const cookie = res.cookies.find((c) => c.name === 'caselink_session');
    expect(cookie).toMatchObject({ value: body.token, httpOnly: true, sameSite: 'Strict', path: '/' });
  });

  it('gives a wrong password and an unknown account the same answer', async () => {
    const wrong = await login('court-990102-handler', 'not-the-password', '10.0.0.1');
    const unknown = await login('no-such-user', 'not-the-password', '10.0.0.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('limits failures per account, even with the right password afterwards', async () => {
    for (let i = 0; i < 5; i++) expect((await login('court-990103-handler', 'wrong-password', `10.1.0.${i}`)).statusCode).toBe(401);
    const blocked = await login('court-990103-handler', 'demo1234', '10.1.0.99');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('RATE_LIMITED');
    // another account is not affected
    expect((await login('court-990104-handler', 'demo1234', '10.1.0.98')).statusCode).toBe(200);
  });

  it('limits failures per client address across accounts', async () => {
    const ip = '10.2.0.1';
    for (let i = 0; i < 20; i++) expect((await login(`nobody-${i}`, 'wrong-password', ip)).statusCode).toBe(401);
    expect((await login('police-990103-handler', 'demo1234', ip)).statusCode).toBe(429);
    expect((await login('police-990103-handler', 'demo1234', '10.2.0.2')).statusCode).toBe(200);
  });

  it('refuses a deactivated account like a wrong password', async () => {
    const admin = await t.login('admin');
    const list = await t.app.inject({ method: 'GET', url: '/api/users?pageSize=500', headers: bearer(admin) });
    const target = list.json().items.find((u: { username: string }) => u.username === 'police-990104-handler');
    const off = await t.app.inject({ method: 'PATCH', url: `/api/users/${target.id}`, headers: bearer(admin), payload: { active: false } });
    expect(off.statusCode).toBe(200);
    const res = await login('police-990104-handler', 'demo1234', '10.3.0.1');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_INVALID_CREDENTIALS');
  });
});

describe('sessions', () => {
  it('a request without a session gets 401 with the error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ code: 'AUTH_REQUIRED', message: { zh: '请先登录', en: 'Please log in' } });
  });

  it('the cookie authenticates reads; unsafe cookie requests need the anti-forgery header', async () => {
    const token = (await login('committee-990102-administrator', 'demo1234', '10.4.0.1')).json().token as string;
    const cookies = { caselink_session: token };
    expect((await t.app.inject({ method: 'GET', url: '/api/me', cookies })).statusCode).toBe(200);
    const noHeader = await t.app.inject({ method: 'POST', url: '/api/auth/logout', cookies });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().code).toBe('CSRF_HEADER_MISSING');
    const withHeader = await t.app.inject({ method: 'POST', url: '/api/auth/logout', cookies, headers: { 'x-requested-with': 'caselink' } });
    expect(withHeader.statusCode).toBe(204);
  });

  it('logout revokes the token', async () => {
    const token = (await login('procuratorate-990102-handler', 'demo1234', '10.5.0.1')).json().token as string;
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('records logins, failures and logouts in the audit chain', async () => {
    const rows = await t.db.query<{ action: string }>("SELECT action FROM audit_record WHERE action LIKE 'auth.%'");
    const actions = new Set(rows.map((r) => r.action));
    expect(actions).toEqual(new Set(['auth.login', 'auth.login-failed', 'auth.logout']));
  });
});

describe('query strings', () => {
  it('a route without query parameters refuses unknown ones', async () => {
    const token = await t.login('police-990102-unit-head');
    for (const url of ['/api/inbox?unitId=x', '/api/me?debug=1', '/api/regions?all=1', '/api/health?x=1']) {
      const res = await t.app.inject({ method: 'GET', url, headers: bearer(token) });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('health and docs', () => {
  it('health names the database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.json()).toEqual({ status: 'ok', db: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite' });
  });

  it('serves the OpenAPI document with every API route in it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/health', '/api/auth/login', '/api/me', '/api/users', '/api/users/{id}', '/api/audit/verify']));
  });
});
