/**
 * Hostile input against every route of the OpenAPI document the app serves: for each route, requests
 * generated from its schema (valid ones, with hostile but allowed values) and mutated ones (a wrong type, a
 * missing or unknown field, a value just outside its bounds, a path parameter that is no UUID, an unknown query
 * parameter, malformed or truncated JSON, a wrong content type). Every answer must be below 500, every 4xx the
 * error shape `{ code, message: { zh, en } }`, and no refused request may write: a digest of every table's rows
 * is compared around each batch of refused requests.
 *
 * Runs per route: RELIABILITY_RUNS (default 80 — see RELIABILITY.md for why), LONG=1 → 10,000.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, createTestApp } from '../app.ts';
import { caseDriver } from '../case-fixtures.ts';
import { DEMO_PASSWORD } from '../db-names.ts';
import { PNG_1X1, pdfBytes } from '../documents.ts';
import { HOSTILE_TEXT } from './payloads.ts';
import { type Mutation, type Schema, invalidValues, objectMutations, validArbitrary } from './schema-arbitrary.ts';

export const DEFAULT_RUNS = 80;
export function runsPerRoute(): number {
  if (process.env.RELIABILITY_RUNS) return Number(process.env.RELIABILITY_RUNS);
  return process.env.LONG === '1' ? 10_000 : DEFAULT_RUNS;
}
/** Login and logout cost an Argon2 hash each (about 0.1 s): they get a tenth of the runs. */
const SLOW_ROUTES = new Set(['POST /api/auth/login', 'POST /api/auth/logout']);
const BATCH = 25;
/**
 * The one documented write of a refused request: a well-formed but wrong login records its failure (one
 * login_attempt row and one auth.login-failed audit record — the count the per-account lock-out reads). Those
 * tables are left out of the digest for that route only; every other table must stay the same.
 */
const RECORDS_ITS_REFUSAL: Record<string, string[]> = { 'POST /api/auth/login': ['login_attempt', 'audit_record', 'audit_head'] };

interface Param {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}
export interface Route {
  method: string;
  /** OpenAPI form: /api/cases/{id} */
  path: string;
  params: Param[];
  /** JSON body schema, or 'file' for an upload, or null. */
  body: Schema | 'file' | 'sheet' | null;
  bodyRequired: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document
export function routesOf(doc: any): Route[] {
  const out: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(ops)) {
      const content = op.requestBody?.content ?? {};
      let body: Route['body'] = content['application/json']?.schema ?? null;
      if (!body && method === 'post' && path.endsWith('/imports')) body = 'sheet';
      else if (!body && method === 'post' && /\/(documents|attachments|photos)$/.test(path)) body = 'file';
      out.push({ method: method.toUpperCase(), path, params: (op.parameters ?? []) as Param[], body, bodyRequired: Boolean(op.requestBody?.required) });
    }
  }
  return out;
}

export const routeName = (r: Route) => `${r.method} ${r.path}`;
const isPublicRoute = (name: string) => name.startsWith('POST /api/public') || name === 'GET /api/public/options' || name === 'GET /api/health' || name === 'POST /api/auth/login';

/** The text fields of a body schema, as paths: `summary`, `parties[].name`, `petitioner.name`. */
export function textFields(s: Schema, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, prop] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
    const isText = prop.type === 'string' && !prop.enum && prop.format !== 'uuid';
    if (isText) out.push(`${prefix}${key}`);
    if (prop.type === 'object' && prop.properties) out.push(...textFields(prop, `${prefix}${key}.`));
    if (prop.type === 'array' && prop.items?.type === 'object') out.push(...textFields(prop.items, `${prefix}${key}[].`));
  }
  return out;
}

/** A copy of `body` with the field at `path` set to `value` (every element, for a field inside an array). */
function setField(body: unknown, path: string, value: string): unknown {
  const [head, ...rest] = path.split('.');
  const obj = { ...((body ?? {}) as Record<string, unknown>) };
  if (head!.endsWith('[]')) {
    const key = head!.slice(0, -2);
    const items = Array.isArray(obj[key]) ? (obj[key] as unknown[]) : [];
    obj[key] = items.map((item) => setField(item, rest.join('.'), value));
  } else if (rest.length) {
    obj[head!] = setField(obj[head!], rest.join('.'), value);
  } else {
    obj[head!] = value;
  }
  return obj;
}

/** Where a path's `{id}` comes from: the table of the first segment. */
const ID_TABLES: Record<string, string> = {
  cases: 'criminal_case',
  users: 'app_user',
  units: 'unit',
  transfers: 'transfer',
  loans: 'paper_loan',
  'property-handovers': 'property_handover',
  property: 'seized_property',
  'supervision-items': 'supervision_item',
  disputes: 'dispute',
  petitions: 'petition',
  incidents: 'incident',
  'grid-events': 'grid_event',
  'risk-assessments': 'risk_assessment',
  remediations: 'remediation_listing',
};
const SUB_ID_TABLES: Record<string, string> = {
  personId: 'case_person',
  documentId: 'case_document',
  attachmentId: 'supervision_attachment',
  photoId: 'grid_event_photo',
  riskId: 'risk_item',
  mitigationId: 'risk_mitigation',
};

/** Accounts tried, in order, for each route: the first three the route's permission lets through are used. */
const CANDIDATES = [
  'admin',
  'committee-990102-administrator',
  'committee-990102-supervisor',
  'committee-990000-unit-head',
  'committee-990102-auditor',
  'committee-990102-unit-head',
  'police-990102-handler',
  'procuratorate-990102-handler',
  'court-990102-handler',
  'justice-bureau-990102-handler',
  'petition-office-990102-handler',
  'governance-center-990102-handler',
  'governance-center-990102-mediator',
  'governance-center-990102001-grid-worker',
  'governance-center-990102001-handler',
  'mediation-committee-990102-mediator',
  'correction-office-990102-handler',
  'prison-990102-handler',
  'detention-house-990102-handler',
  'police-990102-unit-head',
  'governance-center-990102-unit-head',
  'police-990000-handler',
  'governance-center-990000-handler',
];

interface Req {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  what: string;
}

interface Outcome {
  route: string;
  requests: number;
  accepted: number;
  refused: number;
  statuses: Record<number, number>;
  codes: Record<string, number>;
  /** Refused requests that were replayed and answered 2xx the second time: their writes are not checked. */
  unverified: number;
  failures: string[];
}

const RESULTS: Outcome[] = [];
export const results = () => RESULTS;

/** The state of every table, as one string: row count and an order-free sum of row hashes per table. */
async function digest(t: TestApp, tables: string[]): Promise<string> {
  const started = Date.now();
  try {
    return await digestOf(t, tables);
  } finally {
    digestMs += Date.now() - started;
  }
}
let digestMs = 0;
export const digestTime = () => digestMs;
async function digestOf(t: TestApp, tables: string[]): Promise<string> {
  const sql = tables.map((name) => `SELECT '${name}' AS t, count(*)::text AS n, coalesce(sum(hashtextextended(x::text, 0)::numeric), 0)::text AS h FROM "${name}" x`).join(' UNION ALL ');
  const rows = await t.db.query<{ t: string; n: string; h: string }>(sql);
  return rows.map((r) => `${r.t}:${r.n}:${r.h}`).sort().join('\n');
}

function diff(a: string, b: string): string {
  const bl = new Set(b.split('\n'));
  return a.split('\n').filter((l) => !bl.has(l)).map((l) => l.split(':')[0]).join(', ');
}

/** The error shape every 4xx must have; answers what is wrong, or null. */
export function errorShapeProblem(res: LightMyRequestResponse): string | null {
  if (!String(res.headers['content-type'] ?? '').startsWith('application/json')) return `content-type ${res.headers['content-type']}`;
  let body: Record<string, unknown>;
  try {
    body = res.json();
  } catch {
    return 'body is not JSON';
  }
  if (!body || typeof body !== 'object') return 'body is not an object';
  const extra = Object.keys(body).filter((k) => !['code', 'message', 'details'].includes(k));
  if (extra.length) return `extra keys ${extra.join(',')}`;
  if (typeof body.code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(body.code)) return `code ${JSON.stringify(body.code)}`;
  const m = body.message as { zh?: unknown; en?: unknown } | undefined;
  if (!m || typeof m.zh !== 'string' || typeof m.en !== 'string' || !m.zh || !m.en) return 'message is not { zh, en }';
  if (!/[\u4e00-\u9fff]/.test(m.zh)) return 'message.zh has no Chinese';
  return null;
}

let ipCounter = 0;
const nextIp = () => {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
};

const NOT_UUIDS = ['not-a-uuid', "1' OR '1'='1", '..%2F..%2Fetc%2Fpasswd', '%00', '00000000-0000-0000-0000-00000000000g', '１２３', 'a'.repeat(201), '-1', '9'.repeat(40)];

/**
 * Defines one describe block: the routes whose index modulo `of` is `shard` (two files run in parallel on two
 * cores, each on its own database).
 */
export function defineHostileRoutes(shard: number, of: number): void {
  let t: TestApp;
  let tables: string[];
  let routes: Route[];
  const idPools = new Map<string, string[]>();
  const tokens = new Map<string, string>();
  const usersOf = new Map<string, string[]>();
  /** Keys that are no UUID: the warning models' ids. */
  const nonUuidKeys = new Map<string, string[]>();
  let pdf: Uint8Array;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    await t.app.ready();
    routes = routesOf(t.app.swagger()).filter((_, i) => i % of === shard);
    tables = (await t.db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")).map((r) => r.table_name);
    // a few cases in the demo province (it has none), one under investigation and one sent to the procuratorate,
    // so that case, person, document and transfer ids reach the handlers' deeper checks
    const cases = await caseDriver(t);
    const police = 'police-990102-handler';
    for (let i = 0; i < 3; i++) {
      const id = await cases.register(police, { title: `对抗输入 ${i}` });
      if (i > 0) await cases.investigate(police, id);
      if (i === 2) await cases.requestArrest(police, id, 'procuratorate-990102');
    }
    const candidateIds = (await t.db.query<{ id: string }>('SELECT id FROM app_user WHERE username = ANY($1)', [CANDIDATES])).map((r) => r.id);
    for (const table of new Set([...Object.values(ID_TABLES), ...Object.values(SUB_ID_TABLES), 'report_issue', 'report_schedule'])) {
      const rows = await t.db.query<{ id: string }>(`SELECT id::text FROM "${table}" ${table === 'app_user' ? 'WHERE NOT (id = ANY($1))' : ''} ORDER BY id LIMIT 40`, table === 'app_user' ? [candidateIds] : []);
      idPools.set(table, rows.map((r) => r.id));
    }
    pdf = await pdfBytes(1, 'hostile input');
    nonUuidKeys.set('id', [...t.deps.warningModels.models.keys()]);
  }, 300_000);
  afterAll(async () => {
    // the figures RELIABILITY.md quotes: requests, refusals and answers per route
    mkdirSync('test-results', { recursive: true });
    const total = RESULTS.reduce((n, r) => n + r.requests, 0);
    writeFileSync(`test-results/hostile-input-${shard + 1}-of-${of}.json`, JSON.stringify({ runsPerRoute: runsPerRoute(), routes: RESULTS.length, requests: total, results: RESULTS }, null, 1));
    await t?.close();
  });

  async function tokenOf(username: string): Promise<string> {
    let token = tokens.get(username);
    if (!token) {
      token = await t.login(username);
      tokens.set(username, token);
    }
    return token;
  }

  function fillPath(route: Route, values: Record<string, string>): string {
    return route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
  }

  function idFor(route: Route, param: Param, rnd: () => number): string {
    if (param.schema.format !== 'uuid') {
      // non-UUID keys: a warning model id, a cockpit panel
      const enumValues = param.schema.enum ?? param.schema.anyOf?.flatMap((s: Schema) => s.enum ?? []);
      if (enumValues?.length) return String(enumValues[Math.floor(rnd() * enumValues.length)]);
      const known = nonUuidKeys.get(param.name) ?? [];
      if (known.length && rnd() < 0.7) return known[Math.floor(rnd() * known.length)]!;
      return String(fc.sample(validArbitrary(param.schema), { numRuns: 1, seed: Math.floor(rnd() * 1e9) })[0]);
    }
    const segments = route.path.split('/');
    let table = SUB_ID_TABLES[param.name];
    if (!table) {
      const first = segments[2]!;
      table = first === 'reports' ? (segments[3] === 'issues' ? 'report_issue' : 'report_schedule') : ID_TABLES[first];
    }
    const pool = (table && idPools.get(table)) || [];
    if (pool.length && rnd() < 0.8) return pool[Math.floor(rnd() * pool.length)]!;
    return crypto.randomUUID();
  }

  /** Finds up to three accounts the route's permission lets through (an unknown query parameter is then refused as invalid). */
  async function usersFor(route: Route): Promise<string[]> {
    const cached = usersOf.get(routeName(route));
    if (cached) return cached;
    const found: string[] = [];
    const rnd = Math.random;
    const values = Object.fromEntries(route.params.filter((p) => p.in === 'path').map((p) => [p.name, idFor(route, p, rnd)]));
    for (const username of CANDIDATES) {
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: `${fillPath(route, values)}?fuzzProbe=1`,
        headers: { ...bearer(await tokenOf(username)), 'content-type': 'application/json' },
        payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : '{}',
      });
      if (res.statusCode === 401) throw new Error(`probe ${routeName(route)} as ${username}: 401`);
      if (res.json().code !== 'FORBIDDEN') found.push(username);
      if (found.length === 3) break;
    }
    usersOf.set(routeName(route), found);
    return found;
  }

  /** The requests of one route: half valid by its schema, half mutated. Deterministic for a seed. */
  function requestsFor(route: Route, count: number, seed: number, users: string[]): Array<Omit<Req, 'headers'> & { user: string | null; contentType?: string }> {
    const rng = fc.sample(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { numRuns: count * 8 + 16, seed });
    let k = 0;
    const rnd = () => rng[k++ % rng.length]!;
    const queryParams = route.params.filter((p) => p.in === 'query');
    const pathParams = route.params.filter((p) => p.in === 'path');
    const querySchema: Schema = { type: 'object', additionalProperties: false, properties: Object.fromEntries(queryParams.map((p) => [p.name, p.schema])), required: queryParams.filter((p) => p.required).map((p) => p.name) };
    const validQueries = fc.sample(validArbitrary(querySchema), { numRuns: count, seed: seed + 1 }) as Record<string, unknown>[];
    const validBodies = route.body && typeof route.body === 'object' ? fc.sample(validArbitrary(route.body), { numRuns: count, seed: seed + 2 }) : [];
    const out: Array<Omit<Req, 'headers'> & { user: string | null; contentType?: string }> = [];
    for (let i = 0; i < count; i++) {
      const user = users.length ? users[i % users.length]! : null;
      const pathValues = Object.fromEntries(pathParams.map((p) => [p.name, idFor(route, p, rnd)]));
      let query: Record<string, unknown> = validQueries[i] ?? {};
      let body: unknown = validBodies[i];
      let raw: string | Buffer | undefined;
      let contentType: string | undefined = route.body && typeof route.body === 'object' ? 'application/json' : undefined;
      let what = 'valid';
      if (route.body === 'file') {
        raw = [Buffer.from(PNG_1X1), Buffer.from(pdf), Buffer.from(HOSTILE_TEXT[i % HOSTILE_TEXT.length]![1])][i % 3]!;
        contentType = ['image/png', 'application/pdf', 'application/octet-stream'][i % 3];
      } else if (route.body === 'sheet') {
        raw = Buffer.from(`申请人,被申请人,纠纷类型,摘要\n${HOSTILE_TEXT[i % HOSTILE_TEXT.length]![1].replaceAll(',', ' ')},b,neighbour,x\n`);
        contentType = 'text/csv';
      }
      if (i % 2 === 1) {
        // a mutation: pick one kind
        const kinds: Array<() => void> = [];
        if (pathParams.length) {
          kinds.push(() => {
            const p = pathParams[Math.floor(rnd() * pathParams.length)]!;
            const bad = NOT_UUIDS[Math.floor(rnd() * NOT_UUIDS.length)]!;
            pathValues[p.name] = decodeURIComponent(bad.includes('%') ? bad : encodeURIComponent(bad));
            what = `path ${p.name} = ${JSON.stringify(bad).slice(0, 40)}`;
          });
        }
        kinds.push(() => {
          query = { ...query, fuzzUnknown: 'x' };
          what = 'unknown query parameter';
        });
        const queryMutations = objectMutations(querySchema, query as Record<string, unknown>).filter((m) => !m.what.startsWith('an unknown field named'));
        // query values travel as text: only mutations that stay wrong as text
        const textual = queryMutations.filter((m) => !/wrong type \((boolean|object|array)\)|: null$/.test(m.what));
        if (textual.length) {
          kinds.push(() => {
            const m = textual[Math.floor(rnd() * textual.length)]!;
            query = m.value as Record<string, unknown>;
            what = `query ${m.what}`;
          });
        }
        if (route.body && typeof route.body === 'object') {
          const bodySchema = route.body;
          const valid = (body ?? {}) as Record<string, unknown>;
          const mutations: Mutation[] = bodySchema.type === 'object' ? objectMutations(bodySchema, valid) : invalidValues(bodySchema);
          if (mutations.length) {
            for (let w = 0; w < 3; w++) {
              kinds.push(() => {
                const m = mutations[Math.floor(rnd() * mutations.length)]!;
                body = m.value;
                what = `body ${m.what}`;
              });
            }
          }
          const json = JSON.stringify(valid);
          kinds.push(() => {
            const cut = Math.floor(rnd() * Math.max(1, json.length - 1));
            raw = json.slice(0, cut);
            what = `truncated JSON at ${cut}`;
          });
          kinds.push(() => {
            raw = ['', 'null', '[]', '"x"', '42', '{"a":}', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}'][Math.floor(rnd() * 9)]!;
            what = `body ${JSON.stringify(raw)}`;
          });
          kinds.push(() => {
            contentType = ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16'][Math.floor(rnd() * 5)];
            raw = json;
            what = `content type ${contentType}`;
          });
        } else if (route.body === 'file' || route.body === 'sheet') {
          kinds.push(() => {
            contentType = ['application/json', 'text/html', 'image/svg+xml', 'multipart/form-data; boundary=x'][Math.floor(rnd() * 4)];
            raw = contentType === 'application/json' ? '{"file":"x"}' : '<svg onload=alert(1)>';
            what = `upload as ${contentType}`;
          });
          kinds.push(() => {
            raw = Buffer.alloc(0);
            what = 'empty upload';
          });
        } else if (route.method !== 'GET') {
          kinds.push(() => {
            body = { fuzzUnexpectedBody: true };
            contentType = 'application/json';
            what = 'a body where none is taken';
          });
        }
        kinds[Math.floor(rnd() * kinds.length)]!();
      }
      const qs = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) if (value !== undefined) qs.append(key, typeof value === 'string' ? value : JSON.stringify(value));
      const search = qs.toString();
      let payload: string | Buffer | undefined = raw;
      if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
      if (payload === undefined && contentType === 'application/json' && route.method !== 'GET' && route.method !== 'DELETE') payload = '{}';
      out.push({ method: route.method, url: `${fillPath(route, pathValues)}${search ? `?${search}` : ''}`, payload, contentType, user, what });
    }
    return out;
  }

  type GeneratedRequest = ReturnType<typeof requestsFor>[number];

  /** Sends the requests in batches: no 5xx, the error shape on 4xx, and a digest of every table around refusals. */
  async function runRequests(name: string, requests: GeneratedRequest[], outcome: Outcome, checked: string[]): Promise<void> {
    for (let b = 0; b < requests.length; b += BATCH) {
      const batch = requests.slice(b, b + BATCH);
      // sessions first (logging in writes): logout ends the session it is sent with, so it gets one each
      const tokensOf = async () => Promise.all(batch.map(async (req) => (req.user ? (name === 'POST /api/auth/logout' ? await freshToken(req.user) : await tokenOf(req.user)) : null)));
      const batchTokens = await tokensOf();
      const before = await digest(t, checked);
      const refused: typeof batch = [];
      let acceptedInBatch = 0;
      for (const [k, req] of batch.entries()) {
        const res = await send(req, batchTokens[k]!);
        outcome.requests++;
        outcome.statuses[res.statusCode] = (outcome.statuses[res.statusCode] ?? 0) + 1;
        if (res.statusCode >= 500) {
          outcome.failures.push(`${res.statusCode} on ${req.what}: ${req.method} ${req.url.slice(0, 200)} ${String(req.payload ?? '').slice(0, 300)} → ${res.body.slice(0, 300)}`);
          continue;
        }
        if (res.statusCode >= 400) {
          outcome.refused++;
          refused.push(req);
          const problem = errorShapeProblem(res);
          if (problem) outcome.failures.push(`${res.statusCode} without the error shape (${problem}) on ${req.what}: ${req.method} ${req.url.slice(0, 200)}`);
          else {
            const code = res.json().code as string;
            if (process.env.FUZZ_DEBUG && req.what === 'valid' && code === 'VALIDATION_FAILED') console.log('VALID->400', name, JSON.stringify(res.json().details).slice(0, 300), String(req.payload).slice(0, 200), req.url.slice(0, 150));
            outcome.codes[code] = (outcome.codes[code] ?? 0) + 1;
            if (code === 'AUTH_REQUIRED' && req.user) outcome.failures.push(`401 for a logged-in account on ${req.what}: the session was lost`);
          }
        } else {
          outcome.accepted++;
          acceptedInBatch++;
          // what was taken comes back as data, never as a page a browser would run
          if (res.body.length > 0 && /html|xml|javascript/.test(String(res.headers['content-type']))) outcome.failures.push(`${res.statusCode} answered as ${res.headers['content-type']} on ${req.what}`);
          if (res.headers['x-content-type-options'] !== 'nosniff') outcome.failures.push(`${res.statusCode} without nosniff on ${req.what}`);
        }
      }
      if (acceptedInBatch === 0) {
        const after = await digest(t, checked);
        if (after !== before) outcome.failures.push(`a batch of ${batch.length} refused requests changed ${diff(before, after)}: ${batch.map((r) => r.what).join(' | ').slice(0, 400)}`);
      } else if (refused.length > 0) {
        // some were accepted and wrote: replay the refused ones alone, between two digests
        const replayTokens = await tokensOf();
        const replayBefore = await digest(t, checked);
        let stillRefused = true;
        for (const req of refused) {
          const res = await send(req, replayTokens[batch.indexOf(req)]!);
          if (res.statusCode >= 500) outcome.failures.push(`${res.statusCode} on replay of ${req.what}: ${res.body.slice(0, 300)}`);
          if (res.statusCode < 400) {
            stillRefused = false;
            outcome.unverified += 1;
          }
        }
        const replayAfter = await digest(t, checked);
        if (stillRefused && replayAfter !== replayBefore) outcome.failures.push(`replayed refused requests changed ${diff(replayBefore, replayAfter)}: ${refused.map((r) => r.what).join(' | ').slice(0, 400)}`);
      }
    }
  }

  describe(`hostile input, generated from the OpenAPI document (shard ${shard + 1} of ${of})`, () => {
    it('covers its share of the routes', () => {
      expect(routes.length).toBeGreaterThan(50);
    });

    // the routes are known only after the app is built: one test walks them all and reports each
    it('no 5xx, the error shape on every 4xx, and no write from a refused request — on every route', async () => {
      const runs = runsPerRoute();
      const seed = Number(process.env.FUZZ_SEED ?? 20261122);
      const allFailures: string[] = [];
      for (const route of routes) {
        const name = routeName(route);
        const count = SLOW_ROUTES.has(name) ? Math.max(10, Math.ceil(runs / 10)) : runs;
        const isPublic = isPublicRoute(name);
        const users = isPublic ? [] : await usersFor(route);
        if (!isPublic && users.length === 0) {
          allFailures.push(`${name}: no demo account passes its permission`);
          continue;
        }
        const started = Date.now();
        const outcome: Outcome = { route: name, requests: 0, accepted: 0, refused: 0, statuses: {}, codes: {}, unverified: 0, failures: [] };
        const checked = tables.filter((table) => !RECORDS_ITS_REFUSAL[name]?.includes(table));
        const requests = requestsFor(route, count, seed + routes.indexOf(route), users);
        await runRequests(name, requests, outcome, checked);
        RESULTS.push(outcome);
        if (process.env.FUZZ_DEBUG) console.log(name, Date.now() - started, 'ms', JSON.stringify(outcome.statuses));
        allFailures.push(...outcome.failures.slice(0, 5).map((f) => `${name}: ${f}`));
      }
      if (process.env.FUZZ_DEBUG) console.log("digest ms", digestTime());
      expect(allFailures).toEqual([]);
    }, 3_600_000);
  });

  describe(`every hostile string in every text field (shard ${shard + 1} of ${of})`, () => {
    it('refused with the error shape and no write, or taken as inert text', async () => {
      const allFailures: string[] = [];
      let fields = 0;
      for (const route of routes) {
        const name = routeName(route);
        if (!route.body || typeof route.body !== 'object' || SLOW_ROUTES.has(name)) continue;
        const bodySchema = route.body;
        const users = isPublicRoute(name) ? [] : await usersFor(route);
        if (!isPublicRoute(name) && users.length === 0) continue;
        const base = requestsFor(route, 1, 7, users)[0]!;
        const valid = JSON.parse(String(base.payload ?? '{}'));
        const outcome: Outcome = { route: `${name} (text fields)`, requests: 0, accepted: 0, refused: 0, statuses: {}, codes: {}, unverified: 0, failures: [] };
        const requests: GeneratedRequest[] = [];
        for (const field of textFields(bodySchema)) {
          fields++;
          HOSTILE_TEXT.forEach(([what, text], i) => {
            requests.push({ ...base, user: users.length ? users[i % users.length]! : null, payload: JSON.stringify(setField(valid, field, text)), what: `${field} = ${what}` });
          });
        }
        await runRequests(name, requests, outcome, tables);
        RESULTS.push(outcome);
        allFailures.push(...outcome.failures.slice(0, 5).map((f) => `${name}: ${f}`));
      }
      expect(fields).toBeGreaterThan(20);
      expect(allFailures).toEqual([]);
    }, 3_600_000);
  });

  /** A session of its own (t.login caches, and logout ends the session it is sent with). */
  async function freshToken(username: string): Promise<string> {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD }, remoteAddress: nextIp() });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    return (res.json() as { token: string }).token;
  }

  function send(req: Omit<Req, 'headers'> & { contentType?: string }, token: string | null) {
    const headers: Record<string, string> = {};
    if (token) Object.assign(headers, bearer(token));
    if (req.contentType && req.payload !== undefined) headers['content-type'] = req.contentType;
    return t.app.inject({ method: req.method as 'GET', url: req.url, headers, payload: req.payload, remoteAddress: nextIp() });
  }
}
