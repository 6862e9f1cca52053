/**
 * Bad input on every route that takes a body or a query: malformed JSON, empty bodies, arrays, wrong types,
 * missing and unknown fields, bodies over the limit, a wrong content type, hostile strings in every text
 * field, invalid personal numbers. Each must answer a 4xx with exactly `{ code, message: { zh, en },
 * details? }`, write nothing, and leave the server up.
 *
 * Two documented exceptions, asserted as such:
 * - a password is any printable ASCII (it is hashed, never shown nor put into SQL), so SQL and HTML
 *   metacharacters make a valid password: the account is created (or changed) and logs in with it;
 * - login answers 401 AUTH_INVALID_CREDENTIALS to any well-formed but wrong username or password, and
 *   records that failure (one login attempt, one `auth.login-failed` audit record) — nothing else.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../src/shared/gb11643.ts';
import { type TestApp, bearer, createTestApp } from './app.ts';

let t: TestApp;
let admin: string;
let auditor: string;
let unitId: string;
let target: { id: string; username: string };

const validId = (first17: string) => first17 + residentIdCheckChar(first17);
const VALID_ID = validId('99010319850612123');

/** Hostile strings every text field gets. */
const HOSTILE: ReadonlyArray<readonly [string, string]> = [
  ['SQL quote', "' OR 1=1 --"],
  ['SQL statement', '"; DROP TABLE app_user; --'],
  ['script tag', '<script>alert(1)</script>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['emoji', '😀👍'],
  ['10,000 characters', 'a'.repeat(10_000)],
  ['NUL and control characters', 'a\u0000b\u0001\u0007\u001b[31m\r\n\t'],
  ['unpaired surrogate', 'ab\ud800cd'],
];
/** The hostile strings that are printable ASCII of a valid length: valid passwords. */
const VALID_AS_PASSWORD = new Set(["' OR 1=1 --", '"; DROP TABLE app_user; --', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>']);

const INVALID_IDS: ReadonlyArray<readonly [string, string]> = [
  ['wrong check digit', VALID_ID.slice(0, 17) + (VALID_ID[17] === '0' ? '1' : '0')],
  ['impossible date (30 February)', validId('99010319990230123')],
  ['impossible date (month 13)', validId('99010319851301123')],
  ['birth date in the future', validId('99010320991231123')],
  ['17 digits', VALID_ID.slice(0, 17)],
  ['19 digits', `${VALID_ID}1`],
  ['letters', 'ABCDEFGHIJKLMNOPQR'],
  ['X in the middle', `${VALID_ID.slice(0, 10)}X${VALID_ID.slice(11)}`],
];
const INVALID_PHONES: ReadonlyArray<readonly [string, string]> = [
  ['too short', '12345'],
  ['mobile with 10 digits', '1381234567'],
  ['mobile with 12 digits', '138123456789'],
  ['mobile prefix 12', '12812345678'],
  ['letters', 'abcdefghijk'],
  ['landline without enough digits', '010-123'],
  ['hyphens inside a mobile number', '138-1234-5678'],
  ['empty', ''],
];

const WRONG_TYPES: ReadonlyArray<readonly [string, unknown]> = [
  ['a number', 42],
  ['a boolean', true],
  ['an array', ['x']],
  ['an object', { value: 'x' }],
];

// ---------------------------------------------------------------------------------------------------------
// Helpers: requests, the error shape, and "nothing written"

let ipCounter = 0;
/** A fresh client address per login request, so the per-address failure limit never interferes. */
const nextIp = () => {
  ipCounter++;
  return `10.77.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
};

interface Req {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  token?: string;
  /** An object is sent as JSON; a string is sent as it is, with `contentType`. */
  body?: unknown;
  raw?: string;
  contentType?: string;
}

function send(req: Req) {
  const headers: Record<string, string> = {};
  if (req.token) Object.assign(headers, bearer(req.token));
  let payload: string | undefined;
  if (req.raw !== undefined) payload = req.raw;
  else if (req.body !== undefined) payload = JSON.stringify(req.body);
  if (payload !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
  else if (req.contentType) headers['content-type'] = req.contentType;
  return t.app.inject({ method: req.method, url: req.url, headers, payload, remoteAddress: nextIp() });
}

/** Asserts exactly `{ code, message: { zh, en }, details? }`; VALIDATION_FAILED names its fields. */
function expectErrorShape(body: unknown, field?: string): void {
  expect(body).toBeTypeOf('object');
  const b = body as Record<string, unknown>;
  expect(Object.keys(b).filter((k) => !['code', 'message', 'details'].includes(k))).toEqual([]);
  expect(b.code).toBeTypeOf('string');
  expect(b.code).not.toBe('');
  expect(Object.keys(b.message as object).sort()).toEqual(['en', 'zh']);
  const message = b.message as { zh: unknown; en: unknown };
  for (const text of [message.zh, message.en]) {
    expect(text).toBeTypeOf('string');
    expect(text).not.toBe('');
  }
  if (b.code === 'VALIDATION_FAILED') {
    expect(Array.isArray(b.details)).toBe(true);
    expect((b.details as unknown[]).length).toBeGreaterThan(0);
  }
  if (b.details !== undefined) {
    for (const d of b.details as Record<string, unknown>[]) {
      expect(Object.keys(d).sort()).toEqual(['field', 'message']);
      expect(d.field).toBeTypeOf('string');
      expect(d.field).not.toBe('');
      expect(Object.keys(d.message as object).sort()).toEqual(['en', 'zh']);
      const m = d.message as { zh: unknown; en: unknown };
      for (const text of [m.zh, m.en]) {
        expect(text).toBeTypeOf('string');
        expect(text).not.toBe('');
      }
    }
  }
  if (field !== undefined) {
    expect((b.details as { field: string }[] | undefined)?.map((d) => d.field)).toContain(field);
  }
}

interface State {
  users: number;
  sessions: number;
  attempts: number;
  head: { seq: string; hash: string };
  target: unknown;
}
async function state(): Promise<State> {
  const [counts] = await t.db.query<{ users: number; sessions: number; attempts: number }>(
    `SELECT (SELECT count(*)::int FROM app_user) AS users, (SELECT count(*)::int FROM session) AS sessions,
            (SELECT count(*)::int FROM login_attempt) AS attempts`,
  );
  const [head] = await t.db.query<{ seq: string; hash: string }>('SELECT seq::text, hash FROM audit_head WHERE id = 1');
  const [row] = await t.db.query('SELECT * FROM app_user WHERE id = $1', [target.id]);
  return { ...counts!, head: head!, target: row };
}

interface Refusal {
  status: number;
  code: string;
  /** The field VALIDATION_FAILED (or a field-level refusal) must name. */
  field?: string;
}

/** Sends a request that must be refused, and checks the answer and that nothing was written. */
async function expectRefused(req: Req, refusal: Refusal): Promise<void> {
  const before = await state();
  const res = await send(req);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(refusal.status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json();
  expectErrorShape(body, refusal.field);
  expect(body.code).toBe(refusal.code);
  expect(await state()).toEqual(before);
}

const VALIDATION = (field: string): Refusal => ({ status: 400, code: 'VALIDATION_FAILED', field });
const BODY_IS_NOT_AN_OBJECT = VALIDATION('body');
const MALFORMED: Refusal = { status: 400, code: 'MALFORMED_JSON' };
const TOO_LARGE: Refusal = { status: 413, code: 'BODY_TOO_LARGE' };
const UNSUPPORTED: Refusal = { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' };

/** Just over the default limit of 1 MiB, as valid JSON. */
const overLimit = (field: string) => JSON.stringify({ [field]: 'a'.repeat(1024 * 1024 + 16) });

/** The body-level cases every route with a JSON body gets. */
function bodyCases(field: string): ReadonlyArray<readonly [string, Omit<Req, 'method' | 'url' | 'token'>, Refusal]> {
  return [
    ['malformed JSON (cut short)', { raw: `{"${field}": ` }, MALFORMED],
    ['malformed JSON (trailing comma)', { raw: `{"${field}": "x",}` }, MALFORMED],
    ['malformed JSON (single quotes)', { raw: `{'${field}': 'x'}` }, MALFORMED],
    ['malformed JSON (NUL byte)', { raw: '\u0000' }, MALFORMED],
    ['an empty body declared as JSON', { raw: '' }, MALFORMED],
    ['no body at all', {}, BODY_IS_NOT_AN_OBJECT],
    ['a JSON array', { raw: '[]' }, BODY_IS_NOT_AN_OBJECT],
    ['a JSON array holding the object', { raw: `[{"${field}": "x"}]` }, BODY_IS_NOT_AN_OBJECT],
    ['a JSON string', { raw: '"x"' }, BODY_IS_NOT_AN_OBJECT],
    ['a JSON number', { raw: '42' }, BODY_IS_NOT_AN_OBJECT],
    ['JSON null', { raw: 'null' }, BODY_IS_NOT_AN_OBJECT],
    ['a body over 1 MiB', { raw: overLimit(field) }, TOO_LARGE],
    ['Content-Type: text/plain', { raw: `{"${field}": "x"}`, contentType: 'text/plain' }, UNSUPPORTED],
    ['Content-Type: application/x-www-form-urlencoded', { raw: `${field}=x`, contentType: 'application/x-www-form-urlencoded' }, UNSUPPORTED],
  ];
}

const PROTO_POISON = '{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"isAdmin": true}}}';

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  auditor = await t.login('committee-990102-auditor');
  unitId = (await t.db.query<{ id: string }>("SELECT id FROM unit WHERE code = 'police-990103'"))[0]!.id;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: bearer(admin),
    payload: { username: 'bad-input-target', displayName: '靶子', password: 'target-pass-1', role: 'handler', unitId, phone: '13812345678', idNumber: VALID_ID },
  });
  if (res.statusCode !== 201) throw new Error(`setup: ${res.statusCode} ${res.body}`);
  target = res.json();
});
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------------------

describe('POST /api/auth/login', () => {
  const login = (body: unknown): Req => ({ method: 'POST', url: '/api/auth/login', body });
  const valid = { username: 'police-990103-handler', password: 'wrong-password' };

  it.each(bodyCases('username'))('%s', (_name, req, refusal) =>
    expectRefused({ method: 'POST', url: '/api/auth/login', ...req }, refusal));

  it.each(['username', 'password'].flatMap((field) => [...WRONG_TYPES, ['null', null] as const].map(([what, v]) => [field, what, v] as const)))(
    '%s as %s', (field, _what, value) => expectRefused(login({ ...valid, [field]: value }), VALIDATION(field)));

  it.each(['username', 'password'])('missing %s', (field) => {
    const body: Record<string, unknown> = { ...valid };
    delete body[field];
    return expectRefused(login(body), VALIDATION(field));
  });

  it.each(['remember', 'role'])('unknown field %s', (field) => expectRefused(login({ ...valid, [field]: 'x' }), VALIDATION(field)));

  it('prototype-poisoning keys', () => expectRefused({ method: 'POST', url: '/api/auth/login', raw: PROTO_POISON }, MALFORMED));

  it.each(['username', 'password'])('an empty %s', (field) => expectRefused(login({ ...valid, [field]: '' }), VALIDATION(field)));

  it('a 10,000-character username or password is refused by length, before any lookup', async () => {
    await expectRefused(login({ username: 'a'.repeat(10_000), password: 'x' }), VALIDATION('username'));
    await expectRefused(login({ username: 'admin', password: 'a'.repeat(10_000) }), VALIDATION('password'));
  });

  // Every other hostile string is a well-formed (if odd) credential: the same 401 as any wrong one.
  const wellFormed = HOSTILE.filter(([name]) => name !== '10,000 characters' && name !== 'NUL and control characters');
  const accounts = ['police', 'procuratorate', 'court', 'justice-bureau', 'prison', 'detention-house', 'correction-office', 'petition-office']
    .map((agency) => `${agency}-990203-handler`);

  /** Sends a wrong login and checks that only the failure itself was recorded. */
  async function expectWrongCredentials(username: string, password: string): Promise<void> {
    const before = await state();
    const res = await send(login({ username, password }));
    expect(res.statusCode, res.body).toBe(401);
    expectErrorShape(res.json());
    expect(res.json().code).toBe('AUTH_INVALID_CREDENTIALS');
    const after = await state();
    expect({ users: after.users, sessions: after.sessions, target: after.target }).toEqual({
      users: before.users, sessions: before.sessions, target: before.target,
    });
    expect(after.attempts).toBe(before.attempts + 1);
    const written = await t.db.query<{ action: string }>('SELECT action FROM audit_record WHERE seq > $1', [before.head.seq]);
    expect(written).toEqual([{ action: 'auth.login-failed' }]);
  }

  it.each(wellFormed)('username with %s: 401 AUTH_INVALID_CREDENTIALS', (_name, value) => expectWrongCredentials(value, 'demo1234'));

  it.each(wellFormed.map(([name, value], i) => [name, value, accounts[i]!] as const))(
    'password with %s for an existing account: 401 AUTH_INVALID_CREDENTIALS', (_name, value, account) => expectWrongCredentials(account, value));

  it('a password with NUL and control characters is just a wrong password', () =>
    expectWrongCredentials(accounts[7]!, 'a\u0000b\u0001\u0007\u001b[31m\r\n\t'));

  // PostgreSQL text cannot hold NUL, so such a username is stopped by the schema, before any lookup
  it('a username with NUL and control characters: 400 naming username', () =>
    expectRefused(login({ username: 'a\u0000b\u0001\u0007\u001b[31m\r\n\t', password: 'demo1234' }), VALIDATION('username')));
});

// ---------------------------------------------------------------------------------------------------------

describe('POST /api/users', () => {
  let n = 0;
  const validUser = () => ({
    username: `bad-input-new-${++n}`,
    displayName: '测试用户',
    password: 'valid-pass-1',
    role: 'handler',
    unitId,
    phone: '13912345678',
    idNumber: VALID_ID,
  });
  const create = (body: unknown): Req => ({ method: 'POST', url: '/api/users', token: admin, body });
  const FIELDS = ['username', 'displayName', 'password', 'role', 'unitId', 'phone', 'idNumber'] as const;
  const REQUIRED = ['username', 'displayName', 'password', 'role', 'unitId'] as const;

  it('the valid body the cases start from is accepted', async () => {
    const res = await send(create(validUser()));
    expect(res.statusCode, res.body).toBe(201);
  });

  it.each(bodyCases('username'))('%s', (_name, req, refusal) =>
    expectRefused({ method: 'POST', url: '/api/users', token: admin, ...req }, refusal));

  it.each(FIELDS.flatMap((field) => WRONG_TYPES.map(([what, v]) => [field, what, v] as const)))(
    '%s as %s', (field, _what, value) => expectRefused(create({ ...validUser(), [field]: value }), VALIDATION(field)));

  it.each(REQUIRED)('%s as null', (field) => expectRefused(create({ ...validUser(), [field]: null }), VALIDATION(field)));

  it.each(REQUIRED)('missing %s', (field) => {
    const body: Record<string, unknown> = validUser();
    delete body[field];
    return expectRefused(create(body), VALIDATION(field));
  });

  it.each(['id', 'active', 'passwordHash', 'regionCode', 'isAdmin'])('unknown field %s', (field) =>
    expectRefused(create({ ...validUser(), [field]: field === 'active' ? true : 'x' }), VALIDATION(field)));

  it('prototype-poisoning keys', () => expectRefused({ method: 'POST', url: '/api/users', token: admin, raw: PROTO_POISON }, MALFORMED));

  const hostileCases = FIELDS.flatMap((field) =>
    HOSTILE.filter(([, value]) => !(field === 'password' && VALID_AS_PASSWORD.has(value))).map(([name, value]) => [field, name, value] as const));
  it.each(hostileCases)('%s with %s', (field, _name, value) => expectRefused(create({ ...validUser(), [field]: value }), VALIDATION(field)));

  it.each(INVALID_IDS)('idNumber: %s', (_name, value) => expectRefused(create({ ...validUser(), idNumber: value }), VALIDATION('idNumber')));
  it.each(INVALID_PHONES)('phone: %s', (_name, value) => expectRefused(create({ ...validUser(), phone: value }), VALIDATION('phone')));

  it.each([
    ['not a UUID', 'police-990103'],
    ['a UUID with a bad character', '0000000g-0000-4000-8000-000000000000'],
  ])('unitId %s', (_name, value) => expectRefused(create({ ...validUser(), unitId: value }), VALIDATION('unitId')));

  it('unitId of no unit: 422 UNIT_NOT_FOUND naming unitId', () =>
    expectRefused(create({ ...validUser(), unitId: '00000000-0000-4000-8000-000000000000' }), { status: 422, code: 'UNIT_NOT_FOUND', field: 'unitId' }));

  it('a taken username: 409 USERNAME_TAKEN', () =>
    expectRefused(create({ ...validUser(), username: 'police-990103-handler' }), { status: 409, code: 'USERNAME_TAKEN', field: 'username' }));

  it('a role the unit does not have: 422 ROLE_NOT_OFFERED', () =>
    expectRefused(create({ ...validUser(), role: 'supervisor' }), { status: 422, code: 'ROLE_NOT_OFFERED', field: 'role' }));

  // The documented exception: metacharacters are a valid password, stored hashed, and log in as they are.
  it.each([...VALID_AS_PASSWORD])('password %s is accepted (201) and logs in as it is', async (password) => {
    const body = validUser();
    const before = await state();
    const res = await send(create({ ...body, password }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).not.toContain(password);
    expect((await state()).users).toBe(before.users + 1);
    const [row] = await t.db.query<{ password_hash: string }>('SELECT password_hash FROM app_user WHERE username = $1', [body.username]);
    expect(row!.password_hash).not.toContain(password);
    const ok = await send({ method: 'POST', url: '/api/auth/login', body: { username: body.username, password } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().user.username).toBe(body.username);
  });

  it('never answers 5xx nor creates a user for arbitrary JSON (property)', async () => {
    const before = await state();
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const res = await send({ method: 'POST', url: '/api/users', token: admin, raw: JSON.stringify(value) });
        expect(res.statusCode, `${JSON.stringify(value)} -> ${res.body}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, `${JSON.stringify(value)} -> ${res.body}`).toBeLessThan(500);
        expectErrorShape(res.json());
        expect((await state()).users).toBe(before.users);
      }),
      { numRuns: 200 },
    );
    expect(await state()).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('PATCH /api/users/:id', () => {
  const change = (body: unknown, id = target.id): Req => ({ method: 'PATCH', url: `/api/users/${id}`, token: admin, body });
  const FIELDS = ['displayName', 'role', 'active', 'password', 'phone', 'idNumber'] as const;
  const TEXT_FIELDS = ['displayName', 'role', 'password', 'phone', 'idNumber'] as const;

  it.each(bodyCases('displayName'))('%s', (_name, req, refusal) =>
    expectRefused({ method: 'PATCH', url: `/api/users/${target.id}`, token: admin, ...req }, refusal));

  it('an empty object (nothing to change)', () => expectRefused(change({}), VALIDATION('body')));

  it.each(FIELDS.flatMap((field) => WRONG_TYPES.map(([what, v]) => [field, what, v] as const)))(
    '%s as %s', (field, what, value) =>
      expectRefused(change({ [field]: field === 'active' && what === 'a boolean' ? 'true' : value }), VALIDATION(field)));

  it.each(['displayName', 'role', 'active', 'password'])('%s as null', (field) => expectRefused(change({ [field]: null }), VALIDATION(field)));

  it.each(['username', 'unitId', 'id', 'passwordHash', 'isAdmin'])('unknown field %s', (field) =>
    expectRefused(change({ displayName: '靶子', [field]: 'x' }), VALIDATION(field)));

  it('prototype-poisoning keys', () =>
    expectRefused({ method: 'PATCH', url: `/api/users/${target.id}`, token: admin, raw: PROTO_POISON }, MALFORMED));

  const hostileCases = TEXT_FIELDS.flatMap((field) =>
    HOSTILE.filter(([, value]) => !(field === 'password' && VALID_AS_PASSWORD.has(value))).map(([name, value]) => [field, name, value] as const));
  it.each(hostileCases)('%s with %s', (field, _name, value) => expectRefused(change({ [field]: value }), VALIDATION(field)));

  it.each(INVALID_IDS)('idNumber: %s', (_name, value) => expectRefused(change({ idNumber: value }), VALIDATION('idNumber')));
  it.each(INVALID_PHONES)('phone: %s', (_name, value) => expectRefused(change({ phone: value }), VALIDATION('phone')));

  it.each([
    ['not a UUID', 'not-a-uuid', VALIDATION('id')],
    ['SQL in the id', encodeURIComponent("' OR 1=1 --"), VALIDATION('id')],
    ['an emoji', encodeURIComponent('😀'), VALIDATION('id')],
    ['a UUID of no user', '00000000-0000-4000-8000-000000000000', { status: 404, code: 'NOT_FOUND' }],
    ['a 10,000-character id', 'a'.repeat(10_000), { status: 404, code: 'ROUTE_NOT_FOUND' }],
    ['a malformed percent-encoding', '%E0%A4%A', { status: 404, code: 'ROUTE_NOT_FOUND' }],
  ] as const)('id %s', (_name, id, refusal) => expectRefused(change({ displayName: '靶子' }, id), refusal));

  // The documented exception, as for creation: the password changes and logs in as it is.
  it.each([...VALID_AS_PASSWORD])('password %s is accepted (200) and logs in as it is', async (password) => {
    const res = await send(change({ password }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain(password);
    const ok = await send({ method: 'POST', url: '/api/auth/login', body: { username: 'bad-input-target', password } });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------------------

/** Percent-encodes a query value; an unpaired surrogate goes as its (invalid) three UTF-8-like bytes. */
function encodeQuery(value: string): string {
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    out += cp >= 0xd800 && cp <= 0xdfff
      ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
      : encodeURIComponent(ch);
  }
  return out;
}

/** Query-string cases: values arrive as text, so "wrong type" means text that is not the type. */
function queryCases(route: string, token: () => string, textFields: readonly string[]) {
  const get = (query: string): Req => ({ method: 'GET', url: `${route}?${query}`, token: token() });

  it('the valid query the cases start from is answered', async () => {
    const res = await send(get('page=1&pageSize=10'));
    expect(res.statusCode, res.body).toBe(200);
  });

  it.each([
    ['page', 'abc'],
    ['page', '0'],
    ['page', '-1'],
    ['page', '1.5'],
    ['page', '100001'],
    ['page', '1e3x'],
    ['pageSize', '0'],
    ['pageSize', '501'],
    ['pageSize', 'many'],
    ['pageSize', '99999999999999999999999'],
  ])('%s=%s', (field, value) => expectRefused(get(`${field}=${encodeURIComponent(value)}`), VALIDATION(field)));

  it('a repeated scalar (page=1&page=2)', () => expectRefused(get('page=1&page=2'), VALIDATION('page')));

  it.each(['foo', 'unitId[$ne]', '__proto__', 'sort'].filter((f) => !textFields.includes(f)))('unknown parameter %s', (field) =>
    expectRefused(get(`${encodeURIComponent(field)}=1`), VALIDATION(field)));

  it.each(textFields.flatMap((field) => HOSTILE.map(([name, value]) => [field, name, value] as const)))(
    '%s with %s', (field, _name, value) => expectRefused(get(`${field}=${encodeQuery(value)}`), VALIDATION(field)));
}

describe('GET /api/users', () => {
  queryCases('/api/users', () => admin, ['unitId']);
  it.each([['17 characters', 'a'.repeat(17)], ['a unit code', 'police-990103']])('unitId %s', (_name, value) =>
    expectRefused({ method: 'GET', url: `/api/users?unitId=${value}`, token: admin }, VALIDATION('unitId')));
});

describe('GET /api/units', () => {
  queryCases('/api/units', () => admin, ['agency', 'regionCode']);
  it.each([['agency', 'Police'], ['agency', 'army'], ['regionCode', '99010'], ['regionCode', '9901020011'], ['regionCode', '99010a']])(
    '%s=%s', (field, value) => expectRefused({ method: 'GET', url: `/api/units?${field}=${value}`, token: admin }, VALIDATION(field)));
});

describe('GET /api/audit', () => {
  queryCases('/api/audit', () => auditor, ['action', 'actor']);
  it.each([['action', 'USER.CREATE'], ['action', 'a'.repeat(65)], ['actor', 'Admin'], ['actor', 'ab']])(
    '%s=%s', (field, value) => expectRefused({ method: 'GET', url: `/api/audit?${field}=${value}`, token: auditor }, VALIDATION(field)));
});

// ---------------------------------------------------------------------------------------------------------

describe('afterwards', () => {
  it('the server is still up', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('ok');
  });

  it('the audit chain is intact', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: bearer(auditor) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, firstBroken: null });
  });
});
