/**
 * Hostile files against every upload route (case documents, supervision attachments, grid-event photos, the
 * dispute import): zip bombs (one inflating to 4 GiB), polyglots (a PDF that is also a ZIP and an HTML page, a PNG
 * with a script, an SVG, HTML behind a JPEG or PDF magic), executables, overlong UTF-8. Each is refused with the
 * error shape and no write, or stored inert: served back only as the type its bytes were checked to be, with
 * nosniff and a policy that runs nothing. And the answers' security headers, CSRF for cookie sessions, and the
 * rate limit's 429.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppDeps } from '../src/app-deps.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/config.ts';
import { type TestApp, TEST_MASTER_KEY, bearer, createTestApp } from './app.ts';
import { caseDriver } from './case-fixtures.ts';
import { createTestDb } from './db.ts';
import { DEMO_PASSWORD } from './db-names.ts';
import { PNG_1X1, pdfBytes } from './documents.ts';
import { errorShapeProblem } from './fuzz/hostile-routes.ts';
import {
  CSV_FORMULAS,
  ELF,
  HTML_PAGE,
  JPEG_HEADER_HTML,
  OVERLONG_UTF8,
  PDF_HEADER_HTML,
  PDF_WITH_JS,
  SVG_WITH_SCRIPT,
  pdfZipHtmlPolyglot,
  pngWithScript,
  xlsxBomb,
  xlsxGigaBomb,
  xlsxManyEntries,
  xlsxZipSlip,
  zipHtmlPolyglot,
} from './fuzz/payloads.ts';

let t: TestApp;
let tables: string[];

async function digest(): Promise<string> {
  const sql = tables.map((name) => `SELECT '${name}' AS t, count(*)::text AS n, coalesce(sum(hashtextextended(x::text, 0)::numeric), 0)::text AS h FROM "${name}" x`).join(' UNION ALL ');
  return (await t.db.query<{ t: string; n: string; h: string }>(sql)).map((r) => `${r.t}:${r.n}:${r.h}`).sort().join('\n');
}

function expectErrorShape(res: LightMyRequestResponse) {
  expect(errorShapeProblem(res), res.body.slice(0, 300)).toBeNull();
}

/** Types a stored file may be served back as: what the bytes were checked to be, never markup. */
const INERT_TYPES = /^(application\/pdf|image\/png|image\/jpeg|application\/ofd)$/;

interface Upload {
  /** The route, for the report. */
  route: string;
  user: string;
  url: (name: string) => string;
  /** Where the stored file is read back, given the answer. */
  contentUrl?: (answer: { id: string }) => string;
}

const uploads: Upload[] = [];

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  tables = (await t.db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")).map((r) => r.table_name);
  const police = 'police-990102-handler';
  const caseId = await (await caseDriver(t)).register(police, { title: '恶意文件测试' });
  uploads.push({ route: 'POST /api/cases/{id}/documents', user: police, url: (name) => `/api/cases/${caseId}/documents?kind=dossier&name=${encodeURIComponent(name)}`, contentUrl: (a) => `/api/cases/${caseId}/documents/${a.id}/content` });

  // a supervision item and a grid event of the demo province, with an account that may attach to them
  const png = Buffer.from(PNG_1X1);
  const tryPairs = async (route: string, ids: string[], users: string[], url: (id: string) => string, content: (id: string, a: { id: string }) => string) => {
    for (const id of ids) {
      for (const user of users) {
        const res = await t.app.inject({ method: 'POST', url: url(id), headers: { ...bearer(await t.login(user)), 'content-type': 'image/png' }, payload: png });
        if (res.statusCode === 201) {
          uploads.push({ route, user, url: (name) => `${url(id).split('?')[0]}?name=${encodeURIComponent(name)}`, contentUrl: (a) => content(id, a) });
          return;
        }
      }
    }
    throw new Error(`no account of the demo province may upload to ${route}`);
  };
  const policeUnit = (await t.db.query<{ id: string }>("SELECT id FROM unit WHERE code = 'police-990102'"))[0]!.id;
  const item = await t.app.inject({ method: 'POST', url: '/api/supervision-items', headers: bearer(await t.login('committee-990102-supervisor')), payload: { source: 'manual', title: '恶意文件测试', description: '整改', assigneeUnitId: policeUnit } });
  if (item.statusCode !== 201) throw new Error(`supervision item: ${item.body}`);
  const accepted = await t.app.inject({ method: 'POST', url: `/api/supervision-items/${item.json().id}/actions`, headers: bearer(await t.login(police)), payload: { action: 'accept' } });
  if (accepted.statusCode !== 200) throw new Error(`supervision accept: ${accepted.body}`);
  const supervisionIds = [item.json().id as string];
  await tryPairs(
    'POST /api/supervision-items/{id}/attachments',
    supervisionIds,
    ['police-990102-handler', 'procuratorate-990102-handler', 'court-990102-handler', 'committee-990102-supervisor', 'police-990102-unit-head', 'police-990103-handler', 'committee-990100-supervisor'],
    (id) => `/api/supervision-items/${id}/attachments?name=a.png`,
    (id, a) => `/api/supervision-items/${id}/attachments/${a.id}/content`,
  );
  const worker = 'governance-center-990102001-grid-worker';
  const event = await t.app.inject({ method: 'POST', url: '/api/grid-events', headers: bearer(await t.login(worker)), payload: { category: 'safety-hazard', description: '恶意文件测试', address: '河口镇老街石桥' } });
  if (event.statusCode !== 201) throw new Error(`grid event: ${event.body}`);
  await tryPairs(
    'POST /api/grid-events/{id}/photos',
    [event.json().id as string],
    [worker],
    (id) => `/api/grid-events/${id}/photos?name=a.png`,
    (id, a) => `/api/grid-events/${id}/photos/${a.id}/content`,
  );
  uploads.push({ route: 'POST /api/disputes/imports', user: 'governance-center-990102-handler', url: (name) => `/api/disputes/imports?name=${encodeURIComponent(name)}` });
}, 300_000);
afterAll(() => t?.close());

describe('hostile files against every upload route', () => {
  const files: Array<[string, string, () => Promise<Buffer> | Buffer]> = [
    ['a PNG with a script chunk and HTML after its end', 'image/png', () => pngWithScript(PNG_1X1)],
    ['an SVG with scripts, declared a PNG', 'image/png', () => SVG_WITH_SCRIPT],
    ['an SVG with scripts, as octet-stream', 'application/octet-stream', () => SVG_WITH_SCRIPT],
    ['an HTML page declared a PDF', 'application/pdf', () => HTML_PAGE],
    ['HTML behind a JPEG magic', 'image/jpeg', () => JPEG_HEADER_HTML],
    ['HTML behind a PDF magic', 'application/pdf', () => PDF_HEADER_HTML],
    ['a PDF that is also a ZIP and an HTML page', 'application/pdf', async () => pdfZipHtmlPolyglot(await pdfBytes(1, 'polyglot'))],
    ['a PDF running JavaScript on open', 'application/pdf', () => PDF_WITH_JS],
    ['a ZIP that is also an HTML page, declared OFD', 'application/ofd', () => zipHtmlPolyglot()],
    ['an OFD (ZIP) inflating to 4 GiB', 'application/ofd', () => xlsxGigaBomb(4)],
    ['an ELF executable', 'application/octet-stream', () => ELF],
    ['overlong UTF-8 bytes', 'application/octet-stream', () => OVERLONG_UTF8],
    ['an empty file', 'application/pdf', () => Buffer.alloc(0)],
  ];
  const names = ['../../../etc/passwd', 'a\u202egnp.exe', '<script>alert(1)</script>.pdf', "x'; DROP TABLE case_document; --.pdf", '零宽\u200b文件.png'];

  it.each(['POST /api/cases/{id}/documents', 'POST /api/supervision-items/{id}/attachments', 'POST /api/grid-events/{id}/photos'])('%s: each is refused with no write, or stored inert', async (route) => {
    const target = uploads.find((u) => u.route === route)!;
    expect(target, `no upload target for ${route}`).toBeDefined();
    const token = await t.login(target.user);
    let i = 0;
    for (const [what, type, make] of files) {
      const name = names[i++ % names.length]!;
      const before = await digest();
      const res = await t.app.inject({ method: 'POST', url: target.url(name), headers: { ...bearer(token), 'content-type': type }, payload: await make() });
      expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
      if (res.statusCode >= 400) {
        expectErrorShape(res);
        expect(await digest(), `${what} was refused but wrote`).toBe(before);
        continue;
      }
      // accepted: only as a type the bytes were checked to be, served back inert
      const stored = res.json() as { id: string };
      const back = await t.app.inject({ method: 'GET', url: target.contentUrl!(stored), headers: bearer(await t.login(target.user)) });
      expect(back.statusCode, `${what}: ${back.body.slice(0, 200)}`).toBe(200);
      expect(String(back.headers['content-type']), what).toMatch(INERT_TYPES);
      expect(back.headers['x-content-type-options']).toBe('nosniff');
      expect(String(back.headers['content-security-policy'])).toContain("default-src 'none'");
      expect(String(back.headers['content-security-policy'])).not.toContain('script-src');
      expect(String(back.headers['content-disposition'])).toMatch(/^inline; filename\*=UTF-8''[^"\r\n/\\]*$/);
    }
  });

  it('POST /api/disputes/imports: bombs and polyglots are refused with no write, quickly and without the memory they ask for', async () => {
    const target = uploads.find((u) => u.route === 'POST /api/disputes/imports')!;
    const sheet = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const refusals: Array<[string, string, () => Buffer, RegExp]> = [
      ['an .xlsx inflating to 4 GiB, claiming 100 bytes', sheet, () => xlsxGigaBomb(4), /^IMPORT_(WORKBOOK_TOO_LARGE|NOT_A_WORKBOOK)$/],
      ['an .xlsx of 200 MB of whitespace, sizes told honestly', sheet, () => xlsxBomb(200, false), /^IMPORT_WORKBOOK_TOO_LARGE$/],
      ['an .xlsx of 200 MB of whitespace, sizes lied about', sheet, () => xlsxBomb(200, true), /^IMPORT_(WORKBOOK_TOO_LARGE|NOT_A_WORKBOOK)$/],
      ['an .xlsx of 20,000 entries', sheet, () => xlsxManyEntries(), /^IMPORT_WORKBOOK_TOO_LARGE$/],
      ['a ZIP that is also an HTML page', sheet, () => zipHtmlPolyglot(), /^IMPORT_/],
      ['an SVG declared a workbook', sheet, () => SVG_WITH_SCRIPT, /^IMPORT_/],
      ['an ELF as octet-stream', 'application/octet-stream', () => ELF, /^IMPORT_/],
    ];
    const token = await t.login(target.user);
    for (const [what, type, make, code] of refusals) {
      const body = make();
      const before = await digest();
      const rss = process.memoryUsage().rss;
      const started = Date.now();
      const res = await t.app.inject({ method: 'POST', url: target.url('bomb.xlsx'), headers: { ...bearer(token), 'content-type': type }, payload: body });
      expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, what).toBeLessThan(500);
      expectErrorShape(res);
      expect(res.json().code, what).toMatch(code);
      expect(Date.now() - started, `${what} took too long`).toBeLessThan(15_000);
      expect(process.memoryUsage().rss - rss, `${what} took too much memory`).toBeLessThan(512 * 1024 * 1024);
      expect(await digest(), `${what} was refused but wrote`).toBe(before);
    }
  });

  it('POST /api/disputes/imports: a zip-slip entry writes no file; CSV formulas and overlong UTF-8 are refused or kept as text', async () => {
    const target = uploads.find((u) => u.route === 'POST /api/disputes/imports')!;
    const token = await t.login(target.user);
    const slip = await t.app.inject({ method: 'POST', url: target.url('slip.xlsx'), headers: { ...bearer(token), 'content-type': 'application/octet-stream' }, payload: xlsxZipSlip() });
    expect(slip.statusCode, slip.body.slice(0, 300)).toBeLessThan(500);
    expect(existsSync('/tmp/caselink-zip-slip.txt')).toBe(false);
    for (const [what, body] of [['CSV formulas', CSV_FORMULAS], ['overlong UTF-8', OVERLONG_UTF8]] as const) {
      const before = await digest();
      const res = await t.app.inject({ method: 'POST', url: `${target.url('f.csv')}&dryRun=true`, headers: { ...bearer(token), 'content-type': 'text/csv' }, payload: body });
      expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
      expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
      if (res.statusCode >= 400) expectErrorShape(res);
      // a dry run writes nothing either way
      expect(await digest(), what).toBe(before);
    }
  });
});

describe('security headers', () => {
  const expectSecurityHeaders = (res: LightMyRequestResponse, what: string) => {
    const csp = String(res.headers['content-security-policy']);
    expect(csp, what).toContain("default-src 'self'");
    expect(csp, what).toContain("script-src 'self'");
    expect(csp, what).toContain("object-src 'none'");
    expect(csp, what).toContain("frame-ancestors 'none'");
    expect(csp, what).not.toContain("'unsafe-eval'");
    expect(res.headers['x-content-type-options'], what).toBe('nosniff');
    expect(res.headers['x-frame-options'], what).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy'], what).toBe('no-referrer');
    expect(res.headers['strict-transport-security'], what).toMatch(/max-age=\d+/);
    expect(res.headers['cross-origin-opener-policy'], what).toBe('same-origin');
    expect(res.headers['x-powered-by'], what).toBeUndefined();
  };

  it('on API answers: success, refusal, unknown route, and before login', async () => {
    const token = await t.login('admin');
    for (const [what, req] of [
      ['GET /api/health', { method: 'GET', url: '/api/health' }],
      ['GET /api/me', { method: 'GET', url: '/api/me', headers: bearer(token) }],
      ['a 401', { method: 'GET', url: '/api/me' }],
      ['a 400', { method: 'GET', url: '/api/cases?fuzz=1', headers: bearer(token) }],
      ['an unknown route', { method: 'GET', url: '/api/nothing-here' }],
    ] as const) {
      expectSecurityHeaders(await t.app.inject(req as never), what);
    }
  });

  it('on web answers: the page, a deep link, and a static file', async () => {
    const webDir = mkdtempSync(join(tmpdir(), 'caselink-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>CaseLink</title>');
    writeFileSync(join(webDir, 'app.js'), 'console.log(1)');
    const web = await createTestApp({ demo: false, webDir });
    try {
      for (const url of ['/', '/cases/123', '/app.js']) {
        const res = await web.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expectSecurityHeaders(res, url);
      }
    } finally {
      await web.close();
      rmSync(webDir, { recursive: true, force: true });
    }
  });
});

describe('CSRF: a cookie session', () => {
  async function cookieSession(): Promise<string> {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'committee-990102-administrator', password: DEMO_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'caselink_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(String(cookie.sameSite).toLowerCase()).toBe('strict');
    return `caselink_session=${cookie.value}`;
  }

  it('is refused an unsafe request without the anti-forgery header, writing nothing; with it, or a bearer token, it passes', async () => {
    const cookie = await cookieSession();
    const unitId = (await t.db.query<{ id: string }>("SELECT id FROM unit WHERE code = 'police-990102'"))[0]!.id;
    const body = { username: 'csrf-victim-account', displayName: '跨站', password: 'csrf-pass-12345', role: 'handler', unitId };
    for (const [what, headers, payload] of [
      ['JSON', { cookie, 'content-type': 'application/json' }, JSON.stringify(body)],
      ['a form post', { cookie, 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams(body).toString()],
      ['text/plain (a simple cross-site request)', { cookie, 'content-type': 'text/plain' }, JSON.stringify(body)],
      ['a wrong header value', { cookie, 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' }, JSON.stringify(body)],
    ] as const) {
      const before = await digest();
      const res = await t.app.inject({ method: 'POST', url: '/api/users', headers, payload });
      expect(res.statusCode, what).toBe(403);
      expectErrorShape(res);
      expect(res.json().code, what).toBe('CSRF_HEADER_MISSING');
      expect(await digest(), what).toBe(before);
    }
    for (const method of ['PATCH', 'DELETE'] as const) {
      const res = await t.app.inject({ method, url: `/api/reports/schedules/${crypto.randomUUID()}`, headers: { cookie, 'content-type': 'application/json' }, payload: '{}' });
      expect(res.json().code, method).toBe('CSRF_HEADER_MISSING');
    }
    // reads need no header
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    const ok = await t.app.inject({ method: 'POST', url: '/api/users', headers: { cookie, 'x-requested-with': 'caselink' }, payload: body });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});

describe('rate limit', () => {
  it('answers 429 RATE_LIMITED with the error shape and a Retry-After once the limit is spent', async () => {
    const db = await createTestDb({ demo: false });
    const dataDir = mkdtempSync(join(tmpdir(), 'caselink-rate-'));
    const config = loadConfig({}, { webDir: '/nonexistent', dataDir, rateLimitPerMinute: 10, masterKeyHex: TEST_MASTER_KEY });
    const app = await buildApp(loadAppDeps(config, db.db));
    try {
      const answers: number[] = [];
      for (let i = 0; i < 12; i++) answers.push((await app.inject({ method: 'GET', url: '/api/health', remoteAddress: '10.9.9.9' })).statusCode);
      expect(answers.slice(0, 10).every((s) => s === 200)).toBe(true);
      const limited = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.9.9.9', payload: { username: 'x', password: 'y' } });
      expect(limited.statusCode).toBe(429);
      expectErrorShape(limited);
      expect(limited.json().code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // another client is not affected
      expect((await app.inject({ method: 'GET', url: '/api/health', remoteAddress: '10.9.9.10' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

// Each 5xx the generated requests found, kept as a test of its own
describe('regressions found by the hostile-input run', () => {
  it('GET /api/reports/issues and POST /api/reports/issues: a period with a NUL byte is VALIDATION_FAILED, not a 500 from PostgreSQL', async () => {
    const token = await t.login('committee-990102-supervisor');
    const list = await t.app.inject({ method: 'GET', url: '/api/reports/issues?period=a%00b', headers: bearer(token) });
    expect(list.statusCode, list.body).toBe(400);
    expectErrorShape(list);
    expect(list.json().details.map((d: { field: string }) => d.field)).toContain('period');
    const before = await digest();
    const issue = await t.app.inject({ method: 'POST', url: '/api/reports/issues', headers: bearer(token), payload: { report: 'case-intake', period: '2026\u0000', format: 'xlsx' } });
    expect(issue.statusCode, issue.body).toBe(400);
    expectErrorShape(issue);
    expect(await digest()).toBe(before);
  });
});
