/**
 * The permission matrix: every role x every API route that touches a record x where the record stands
 * (own unit / another unit of the same region / another unit of a region below / a unit in another county),
 * with the expected answer written out by hand below. The table is derived from the sentences and
 * the comments of rules/permissions.yaml, never computed by the permission engine, so that a wrong row in
 * the YAML or a wrong engine makes a cell fail and the failing test names it.
 *
 * What a cell observes (one probe per route, see PROBES):
 *   'listed' / 'absent'   a list route answered 200 and the target record is / is not in it; for the routes
 *                         that only ever act on the caller (me, inbox, logout) 'absent' means the other's
 *                         record was neither shown nor touched
 *   200 / 201 / 204       a single-record route answered this (writes are harmless: same display name,
 *                         a new user with a unique username)
 *   403                   refused: the role may never do this (the route's coarse check), or may read the
 *                         record but not change it
 *   404                   refused as not found: the caller may not even read the record
 * Every refused request must leave the audit chain's head, and so everything, as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agency, Role } from '../src/engine/organisation.ts';
import { type TestApp, bearer, createTestApp } from './app.ts';
import { CASE_ROUTES } from './case-routes.ts';
import { DISPUTE_ROUTES } from './dispute-routes.ts';
import { DISPUTE_IMPORT_ROUTES } from './dispute-import-routes.ts';
import { COCKPIT_ROUTES, GOVERNANCE_METRIC_ROUTES } from './governance-routes.ts';
import { PETITION_ROUTES } from './petition-routes.ts';
import { RECORD_ROUTES, SUPERVISION_ROUTES, WARNING_ROUTES } from './warning-routes.ts';
import { GRID_EVENT_ROUTES } from './grid-event-routes.ts';
import { REPORT_ROUTES } from './report-routes.ts';
import { RISK_ASSESSMENT_ROUTES } from './risk-assessment-routes.ts';
import { INDICATOR_ROUTES } from './indicator-routes.ts';
import { DEMO_PASSWORD } from './db-names.ts';

type Placement = 'own unit' | 'other unit, same region' | 'other unit, region below' | 'other county';
const PLACEMENTS: readonly Placement[] = ['own unit', 'other unit, same region', 'other unit, region below', 'other county'];

type Outcome = 'listed' | 'absent' | 200 | 201 | 204 | 403 | 404;
/** One route's expected outcomes, in the order of PLACEMENTS; null where the placement does not exist. */
type Row = readonly [Outcome, Outcome, Outcome | null, Outcome];

const ROUTES = [
  'GET /api/users',
  'GET /api/users/:id',
  'PATCH /api/users/:id',
  'GET /api/users/:id/personal-data',
  'POST /api/users',
  'GET /api/units',
  'GET /api/units/:id',
  'GET /api/regions',
  'GET /api/inbox',
  'GET /api/me',
  'GET /api/audit',
  'GET /api/audit/verify',
  'POST /api/auth/logout',
] as const;
type RouteKey = (typeof ROUTES)[number];

/** Routes open without logging in: they touch no record of the permission table. */
const PUBLIC_ROUTES: Record<string, string> = {
  'GET /api/health': 'public liveness check; reads no record',
  'POST /api/auth/login': 'public; answers only about the credentials it is given',
  // the citizens' pages (issue 6 part 4): a citizen has no account; abuse limits per address, phone and code apply
  'GET /api/public/options': "public: the forms' choices (dispute types, categories, regions) are reference data of no one",
  'POST /api/public/disputes': 'public: a citizen files a dispute online; it goes only to the center picked (test/public.int.test.ts)',
  'POST /api/public/petitions': 'public: a citizen files a petition online; it goes only to the office picked (test/public.int.test.ts)',
  'POST /api/public/grid-events': 'public: a citizen reports a problem in a place to the township center (test/public.int.test.ts)',
  'POST /api/public/track': 'public: progress only with the tracking code and the phone\'s last four digits, no personal data (test/public.int.test.ts)',
};

/**
 * Routes every logged-in account may use, whatever its role, unit or region: they read reference data that
 * belongs to no unit (the statutory time-limit rules) or compute from it. Each role is checked below.
 */
const REFERENCE_ROUTES: Record<string, { payload?: unknown; url: string }> = {
  'GET /api/rules/time-limits': { url: '/api/rules/time-limits' },
  'GET /api/rules/case-flow': { url: '/api/rules/case-flow' },
  'POST /api/deadlines/compute': { url: '/api/deadlines/compute', payload: { rule: 'cpl.arrest.decide', start: '2026-03-02T10:00' } },
};

/**
 * One demo account per role, in county 990102 (the grid-worker at a township of it, whose own region is
 * the township and has no region below). Targets are users; a placement's unit and region are the target's.
 * For 'own unit' the target is a colleague in the caller's unit (for me, inbox and logout: the caller).
 */
interface ActorSpec {
  role: Role;
  username: string;
  targets: Record<Placement, string | null>;
}
const ACTORS: readonly ActorSpec[] = [
  {
    role: 'handler',
    username: 'police-990102-handler',
    targets: {
      'own unit': 'police-990102-unit-head',
      'other unit, same region': 'court-990102-handler',
      'other unit, region below': 'governance-center-990102001-handler',
      'other county': 'police-990202-unit-head',
    },
  },
  {
    role: 'unit-head',
    username: 'police-990102-unit-head',
    targets: {
      'own unit': 'police-990102-handler',
      'other unit, same region': 'court-990102-handler',
      'other unit, region below': 'governance-center-990102001-handler',
      'other county': 'police-990202-handler',
    },
  },
  {
    role: 'supervisor',
    username: 'committee-990102-supervisor',
    targets: {
      'own unit': 'committee-990102-auditor',
      'other unit, same region': 'court-990102-handler',
      'other unit, region below': 'governance-center-990102001-handler',
      'other county': 'committee-990202-auditor',
    },
  },
  {
    role: 'mediator',
    username: 'governance-center-990102-mediator',
    targets: {
      'own unit': 'governance-center-990102-handler',
      'other unit, same region': 'mediation-committee-990102-mediator',
      'other unit, region below': 'governance-center-990102001-handler',
      'other county': 'governance-center-990202-handler',
    },
  },
  {
    role: 'grid-worker',
    username: 'governance-center-990102001-grid-worker',
    targets: {
      'own unit': 'governance-center-990102001-handler',
      'other unit, same region': 'mediation-committee-990102001-mediator',
      'other unit, region below': null,
      'other county': 'governance-center-990202001-handler',
    },
  },
  {
    role: 'administrator',
    username: 'committee-990102-administrator',
    targets: {
      'own unit': 'committee-990102-auditor',
      'other unit, same region': 'court-990102-handler',
      'other unit, region below': 'governance-center-990102001-handler',
      'other county': 'committee-990202-auditor',
    },
  },
  {
    role: 'auditor',
    username: 'committee-990102-auditor',
    targets: {
      'own unit': 'committee-990102-supervisor',
      'other unit, same region': 'court-990102-handler',
      'other unit, region below': 'governance-center-990102001-handler',
      'other county': 'committee-990202-supervisor',
    },
  },
];

const L = 'listed';
const A = 'absent';

/**
 * The expected matrix, by hand. Columns: own unit | other unit, same region | other unit, region below |
 * other county. Sources:
 * - everyone reads the region tree and the directory of units, anywhere (to address work to other agencies);
 * - everyone sees only their own inbox, their own session and themselves;
 * - a unit head reads the accounts of their own unit only, and changes none;
 * - a committee supervisor reads (never changes, never reveals) every account in their region and below;
 * - a committee administrator reads, creates, changes and reveals accounts in their region and below, and
 *   outside it cannot even learn that an account exists (404);
 * - a committee auditor reads the audit log of their region and below and verifies the whole chain;
 * - the audit log is the auditor's alone (separation of duties): administrators and supervisors do not read it;
 * - county A never sees county B's records.
 */
const EXPECTED: Record<Role, Record<RouteKey, Row>> = {
  handler: {
    'GET /api/users':                  [403, 403, 403, 403],
    'GET /api/users/:id':              [403, 403, 403, 403],
    'PATCH /api/users/:id':            [403, 403, 403, 403],
    'GET /api/users/:id/personal-data': [403, 403, 403, 403],
    'POST /api/users':                 [403, 403, 403, 403],
    'GET /api/units':                  [L, L, L, L],
    'GET /api/units/:id':              [200, 200, 200, 200],
    'GET /api/regions':                [L, L, L, L],
    'GET /api/inbox':                  [200, A, A, A],
    'GET /api/me':                     [200, A, A, A],
    'GET /api/audit':                  [403, 403, 403, 403],
    'GET /api/audit/verify':           [403, 403, 403, 403],
    'POST /api/auth/logout':           [204, A, A, A],
  },
  'unit-head': {
    'GET /api/users':                  [L, A, A, A],
    'GET /api/users/:id':              [200, 404, 404, 404],
    'PATCH /api/users/:id':            [403, 403, 403, 403],
    'GET /api/users/:id/personal-data': [403, 403, 403, 403],
    'POST /api/users':                 [403, 403, 403, 403],
    'GET /api/units':                  [L, L, L, L],
    'GET /api/units/:id':              [200, 200, 200, 200],
    'GET /api/regions':                [L, L, L, L],
    'GET /api/inbox':                  [200, A, A, A],
    'GET /api/me':                     [200, A, A, A],
    'GET /api/audit':                  [403, 403, 403, 403],
    'GET /api/audit/verify':           [403, 403, 403, 403],
    'POST /api/auth/logout':           [204, A, A, A],
  },
  supervisor: {
    'GET /api/users':                  [L, L, L, A],
    'GET /api/users/:id':              [200, 200, 200, 404],
    'PATCH /api/users/:id':            [403, 403, 403, 403],
    'GET /api/users/:id/personal-data': [403, 403, 403, 403],
    'POST /api/users':                 [403, 403, 403, 403],
    'GET /api/units':                  [L, L, L, L],
    'GET /api/units/:id':              [200, 200, 200, 200],
    'GET /api/regions':                [L, L, L, L],
    'GET /api/inbox':                  [200, A, A, A],
    'GET /api/me':                     [200, A, A, A],
    'GET /api/audit':                  [403, 403, 403, 403],
    'GET /api/audit/verify':           [403, 403, 403, 403],
    'POST /api/auth/logout':           [204, A, A, A],
  },
  mediator: {
    'GET /api/users':                  [403, 403, 403, 403],
    'GET /api/users/:id':              [403, 403, 403, 403],
    'PATCH /api/users/:id':            [403, 403, 403, 403],
    'GET /api/users/:id/personal-data': [403, 403, 403, 403],
    'POST /api/users':                 [403, 403, 403, 403],
    'GET /api/units':                  [L, L, L, L],
    'GET /api/units/:id':              [200, 200, 200, 200],
    'GET /api/regions':                [L, L, L, L],
    'GET /api/inbox':                  [200, A, A, A],
    'GET /api/me':                     [200, A, A, A],
    'GET /api/audit':                  [403, 403, 403, 403],
    'GET /api/audit/verify':           [403, 403, 403, 403],
    'POST /api/auth/logout':           [204, A, A, A],
  },
  'grid-worker': {
    'GET /api/users':                  [403, 403, null, 403],
    'GET /api/users/:id':              [403, 403, null, 403],
    'PATCH /api/users/:id':            [403, 403, null, 403],
    'GET /api/users/:id/personal-data': [403, 403, null, 403],
    'POST /api/users':                 [403, 403, null, 403],
    'GET /api/units':                  [L, L, null, L],
    'GET /api/units/:id':              [200, 200, null, 200],
    'GET /api/regions':                [L, L, null, L],
    'GET /api/inbox':                  [200, A, null, A],
    'GET /api/me':                     [200, A, null, A],
    'GET /api/audit':                  [403, 403, null, 403],
    'GET /api/audit/verify':           [403, 403, null, 403],
    'POST /api/auth/logout':           [204, A, null, A],
  },
  administrator: {
    'GET /api/users':                  [L, L, L, A],
    'GET /api/users/:id':              [200, 200, 200, 404],
    'PATCH /api/users/:id':            [200, 200, 200, 404],
    'GET /api/users/:id/personal-data': [200, 200, 200, 404],
    'POST /api/users':                 [201, 201, 201, 404],
    'GET /api/units':                  [L, L, L, L],
    'GET /api/units/:id':              [200, 200, 200, 200],
    'GET /api/regions':                [L, L, L, L],
    'GET /api/inbox':                  [200, A, A, A],
    'GET /api/me':                     [200, A, A, A],
    'GET /api/audit':                  [403, 403, 403, 403],
    'GET /api/audit/verify':           [403, 403, 403, 403],
    'POST /api/auth/logout':           [204, A, A, A],
  },
  auditor: {
    'GET /api/users':                  [403, 403, 403, 403],
    'GET /api/users/:id':              [403, 403, 403, 403],
    'PATCH /api/users/:id':            [403, 403, 403, 403],
    'GET /api/users/:id/personal-data': [403, 403, 403, 403],
    'POST /api/users':                 [403, 403, 403, 403],
    'GET /api/units':                  [L, L, L, L],
    'GET /api/units/:id':              [200, 200, 200, 200],
    'GET /api/regions':                [L, L, L, L],
    'GET /api/inbox':                  [200, A, A, A],
    'GET /api/me':                     [200, A, A, A],
    'GET /api/audit':                  [L, L, L, A],
    'GET /api/audit/verify':           [200, 200, 200, 200],
    'POST /api/auth/logout':           [204, A, A, A],
  },
};

interface Target {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  agency: Agency;
  regionCode: string;
}

let t: TestApp;
const targets = new Map<string, Target>();
let created = 0;

async function loadTargets(usernames: string[]): Promise<void> {
  const rows = await t.db.query<{
    id: string; username: string; display_name: string; role: Role; unit_id: string; agency: Agency; region_code: string;
  }>(
    `SELECT u.id, u.username, u.display_name, u.role, u.unit_id, un.agency, un.region_code
       FROM app_user u JOIN unit un ON un.id = u.unit_id WHERE u.username = ANY($1::text[])`,
    [usernames],
  );
  for (const r of rows) {
    targets.set(r.username, {
      id: r.id, username: r.username, displayName: r.display_name, role: r.role, unitId: r.unit_id, agency: r.agency, regionCode: r.region_code,
    });
  }
  const missing = usernames.filter((u) => !targets.has(u));
  if (missing.length > 0) throw new Error(`demo accounts missing: ${missing.join(', ')}`);
}

const user = (username: string): Target => {
  const found = targets.get(username);
  if (!found) throw new Error(`no such demo account ${username}`);
  return found;
};

/** A new session that no other test shares (logout ends it). */
async function freshToken(username: string): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  expect(res.statusCode, `login ${username}: ${res.body}`).toBe(200);
  return (res.json() as { token: string }).token;
}

const auditHead = async () => (await t.db.query<{ seq: string; hash: string }>('SELECT seq::text, hash FROM audit_head WHERE id = 1'))[0];
const userCount = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user'))[0]!.n;
const userRow = async (id: string) => (await t.db.query('SELECT * FROM app_user WHERE id = $1', [id]))[0];

const mentions = (body: string, target: Target) => body.includes(target.id) || body.includes(target.username);

/** How a list answer reads: the refusal's status, or whether the record is in it. */
function listed(res: { statusCode: number; body: string }, present: (body: unknown) => boolean): Outcome {
  if (res.statusCode !== 200) return res.statusCode as Outcome;
  return present(JSON.parse(res.body)) ? 'listed' : 'absent';
}

interface ProbeInput {
  actor: Target;
  token: string;
  target: Target;
  placement: Placement;
}
type Probe = (p: ProbeInput) => Promise<Outcome>;

const PROBES: Record<RouteKey, Probe> = {
  'GET /api/users': async ({ token, target }) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/users?unitId=${target.unitId}&pageSize=500`, headers: bearer(token) });
    return listed(res, (b) => (b as { items: { id: string }[] }).items.some((u) => u.id === target.id));
  },

  'GET /api/users/:id': async ({ token, target }) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/users/${target.id}`, headers: bearer(token) });
    if (res.statusCode === 200) {
      expect(res.json()).toMatchObject({ id: target.id, username: target.username, unitId: target.unitId });
    }
    return res.statusCode as Outcome;
  },

  'PATCH /api/users/:id': async ({ token, target }) => {
    const before = await userRow(target.id);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${target.id}`,
      headers: bearer(token),
      payload: { displayName: target.displayName },
    });
    if (res.statusCode === 200) expect(res.json()).toMatchObject({ id: target.id, displayName: target.displayName });
    else expect(await userRow(target.id)).toEqual(before);
    return res.statusCode as Outcome;
  },

  'GET /api/users/:id/personal-data': async ({ token, target }) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/users/${target.id}/personal-data`, headers: bearer(token) });
    if (res.statusCode === 200) expect(Object.keys(res.json()).sort()).toEqual(['idNumber', 'phone']);
    return res.statusCode as Outcome;
  },

  'POST /api/users': async ({ token, target }) => {
    const count = await userCount();
    const username = `matrix-new-${++created}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(token),
      payload: { username, displayName: '矩阵测试', password: 'matrix-pass-1', role: target.role, unitId: target.unitId },
    });
    if (res.statusCode === 201) {
      expect(res.json()).toMatchObject({ username, unitId: target.unitId, role: target.role });
      expect(await userCount()).toBe(count + 1);
    } else {
      expect(await userCount()).toBe(count);
    }
    return res.statusCode as Outcome;
  },

  'GET /api/units': async ({ token, target }) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/units?regionCode=${target.regionCode}&agency=${target.agency}&pageSize=500`,
      headers: bearer(token),
    });
    return listed(res, (b) => (b as { items: { id: string }[] }).items.some((u) => u.id === target.unitId));
  },

  'GET /api/units/:id': async ({ token, target }) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/units/${target.unitId}`, headers: bearer(token) });
    if (res.statusCode === 200) expect(res.json()).toMatchObject({ id: target.unitId, agency: target.agency, regionCode: target.regionCode });
    return res.statusCode as Outcome;
  },

  'GET /api/regions': async ({ token, target }) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/regions', headers: bearer(token) });
    return listed(res, (b) => (b as { items: { code: string }[] }).items.some((r) => r.code === target.regionCode));
  },

  // The inbox is always the caller's own: for 'own unit' the answer itself is the cell; elsewhere the
  // other's work must not show up in it.
  'GET /api/inbox': async ({ token, target, placement }) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/inbox', headers: bearer(token) });
    if (placement === 'own unit' || res.statusCode !== 200) return res.statusCode as Outcome;
    return mentions(res.body, target) ? 'listed' : 'absent';
  },

  'GET /api/me': async ({ actor, token, target, placement }) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    if (res.statusCode === 200) expect(res.json()).toMatchObject({ id: actor.id, username: actor.username });
    if (placement === 'own unit' || res.statusCode !== 200) return res.statusCode as Outcome;
    return mentions(res.body, target) ? 'listed' : 'absent';
  },

  // Audit records stand where their actor's unit and region stand; every target has logged in (beforeAll),
  // so each has records of its own.
  'GET /api/audit': async ({ token, target }) => {
    const [{ n }] = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_record WHERE actor_username = $1', [
      target.username,
    ])) as [{ n: number }];
    expect(n, `precondition: ${target.username} has audit records`).toBeGreaterThan(0);
    const res = await t.app.inject({ method: 'GET', url: `/api/audit?actor=${target.username}&pageSize=500`, headers: bearer(token) });
    return listed(res, (b) => (b as { items: { actorUsername: string }[] }).items.some((r) => r.actorUsername === target.username));
  },

  // The chain is verified whole: the placement does not change the answer.
  'GET /api/audit/verify': async ({ token }) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: bearer(token) });
    if (res.statusCode === 200) expect(res.json()).toMatchObject({ ok: true, firstBroken: null });
    return res.statusCode as Outcome;
  },

  // Logout ends the caller's own session; another user's session must survive it.
  'POST /api/auth/logout': async ({ actor, target, placement }) => {
    const mine = await freshToken(actor.username);
    if (placement === 'own unit') {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(mine) });
      if (res.statusCode === 204) {
        expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(mine) })).statusCode).toBe(401);
      }
      return res.statusCode as Outcome;
    }
    const theirs = await freshToken(target.username);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(mine) });
    if (res.statusCode !== 204) return res.statusCode as Outcome;
    const still = await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(theirs) });
    return still.statusCode === 200 && still.json().username === target.username ? 'absent' : 'listed';
  },
};

beforeAll(async () => {
  t = await createTestApp();
  const names = new Set<string>(['admin', 'supervisor']);
  for (const a of ACTORS) {
    names.add(a.username);
    for (const u of Object.values(a.targets)) if (u) names.add(u);
  }
  await loadTargets([...names]);
  // Every target logs in once, so that the audit log holds records of every placement.
  for (const name of names) await t.login(name);
});
afterAll(() => t.close());

describe.each(ACTORS)('$role ($username)', (spec) => {
  const cells = ROUTES.flatMap((route) =>
    PLACEMENTS.flatMap((placement, i) => {
      const expected = EXPECTED[spec.role][route][i];
      const target = spec.targets[placement];
      if ((expected === null) !== (target === null)) throw new Error(`${spec.role} ${route} ${placement}: table and targets disagree`);
      return expected === null ? [] : [{ route, placement, expected, target: target! }];
    }),
  );

  it.each(cells)('$route · $placement → $expected', async ({ route, placement, expected, target }) => {
    const actor = user(spec.username);
    const token = await t.login(spec.username);
    const head = await auditHead();
    const observed = await PROBES[route]({ actor, token, target: user(target), placement });
    expect(observed).toBe(expected);
    if (observed === 403 || observed === 404) expect(await auditHead(), 'a refused request writes nothing').toEqual(head);
  });
});

describe('the issue, sentence by sentence', () => {
  async function allUsersVisibleTo(username: string): Promise<{ items: { id: string; regionCode: string }[]; total: number }> {
    const token = await t.login(username);
    const items: { id: string; regionCode: string }[] = [];
    let total = 0;
    for (let page = 1; ; page++) {
      const res = await t.app.inject({ method: 'GET', url: `/api/users?pageSize=500&page=${page}`, headers: bearer(token) });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: { id: string; regionCode: string }[]; total: number };
      total = body.total;
      items.push(...body.items);
      if (body.items.length < 500) break;
    }
    return { items, total };
  }

  it('the province supervisor reads the users of every county', async () => {
    const { items, total } = await allUsersVisibleTo('supervisor');
    const [{ n }] = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user')) as [{ n: number }];
    expect(total).toBe(n);
    expect(items).toHaveLength(n);
    const regions = new Set(items.map((u) => u.regionCode.slice(0, 6)));
    for (const county of ['990102', '990103', '990104', '990202', '990203', '990204']) expect(regions).toContain(county);
    const token = await t.login('supervisor');
    for (const name of ['court-990202-handler', 'police-990102-handler', 'governance-center-990202001-grid-worker']) {
      await loadTargets([name]);
      expect((await t.app.inject({ method: 'GET', url: `/api/users/${user(name).id}`, headers: bearer(token) })).statusCode).toBe(200);
    }
  });

  it('a county-990102 supervisor sees exactly the users of 990102 and below, none of 990202', async () => {
    const { items, total } = await allUsersVisibleTo('committee-990102-supervisor');
    const [{ n }] = (await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM app_user u JOIN unit un ON un.id = u.unit_id WHERE un.region_code LIKE '990102%'",
    )) as [{ n: number }];
    expect(total).toBe(n);
    expect(items.filter((u) => !u.regionCode.startsWith('990102'))).toEqual([]);
    await loadTargets(['court-990202-handler']);
    const token = await t.login('committee-990102-supervisor');
    const res = await t.app.inject({ method: 'GET', url: `/api/users/${user('court-990202-handler').id}`, headers: bearer(token) });
    expect(res.statusCode).toBe(404);
  });

  it('a police handler gets 403 on GET /api/users', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/users', headers: bearer(await t.login('police-990102-handler')) });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ code: 'FORBIDDEN', message: { zh: expect.any(String), en: expect.any(String) } });
  });

  it.each([
    ['committee-990102-administrator', 'police-990202-handler'],
    ['committee-990202-administrator', 'police-990102-handler'],
  ])("%s cannot read, change or reveal %s (another county's account)", async (adminName, victimName) => {
    await loadTargets([adminName, victimName]);
    const token = await t.login(adminName);
    const victim = user(victimName);
    const before = await userRow(victim.id);
    const head = await auditHead();
    const read = await t.app.inject({ method: 'GET', url: `/api/users/${victim.id}`, headers: bearer(token) });
    const change = await t.app.inject({
      method: 'PATCH', url: `/api/users/${victim.id}`, headers: bearer(token), payload: { displayName: '改名', active: false },
    });
    const reveal = await t.app.inject({ method: 'GET', url: `/api/users/${victim.id}/personal-data`, headers: bearer(token) });
    const list = await t.app.inject({ method: 'GET', url: `/api/users?unitId=${victim.unitId}`, headers: bearer(token) });
    for (const res of [read, change, reveal]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ items: [], total: 0 });
    expect(await userRow(victim.id)).toEqual(before);
    // the (allowed, empty) list is audited; the three refusals are not
    const written = await t.db.query<{ action: string }>('SELECT action FROM audit_record WHERE seq > $1 ORDER BY seq', [head!.seq]);
    expect(written.map((r) => r.action)).toEqual(['user.list']);
    // and the victim still logs in as before
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: victimName, password: DEMO_PASSWORD } })).statusCode).toBe(200);
  });
});

describe('reference routes', () => {
  it.each(ACTORS.map((a) => [a.role, a.username] as const))('%s may use every reference route', async (_role, username) => {
    const token = await t.login(username);
    for (const [key, probe] of Object.entries(REFERENCE_ROUTES)) {
      const method = key.split(' ')[0] as 'GET' | 'POST';
      const res = await t.app.inject({ method, url: probe.url, headers: bearer(token), ...(probe.payload ? { payload: probe.payload } : {}) });
      expect(res.statusCode, key).toBe(200);
    }
  });

  it('without a login they answer 401', async () => {
    for (const [key, probe] of Object.entries(REFERENCE_ROUTES)) {
      const method = key.split(' ')[0] as 'GET' | 'POST';
      const res = await t.app.inject({ method, url: probe.url, ...(probe.payload ? { payload: probe.payload } : {}) });
      expect(res.statusCode, key).toBe(401);
    }
  });
});

describe('coverage', () => {
  const covered = [...ROUTES, ...Object.keys(PUBLIC_ROUTES), ...Object.keys(REFERENCE_ROUTES), ...CASE_ROUTES, ...WARNING_ROUTES, ...SUPERVISION_ROUTES, ...DISPUTE_ROUTES, ...DISPUTE_IMPORT_ROUTES, ...RECORD_ROUTES, ...PETITION_ROUTES, ...GRID_EVENT_ROUTES, ...GOVERNANCE_METRIC_ROUTES, ...COCKPIT_ROUTES, ...INDICATOR_ROUTES, ...RISK_ASSESSMENT_ROUTES, ...REPORT_ROUTES].sort();

  it('every route in the OpenAPI document has a row in the matrix (or is a named public route)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
      .sort();
    expect(documented).toEqual(covered);
  });

  it('every API route the app serves (hidden from the docs or not) has a row in the matrix', () => {
    // printRoutes draws a tree: each line is indentation, a branch, a path segment and (METHODS)
    const served = new Set<string>();
    const stack: string[] = [];
    for (const line of t.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
      if (!m) continue;
      const depth = m[1]!.length / 4;
      const path = (stack[depth - 1] ?? '') + m[2]!;
      stack[depth] = path;
      stack.length = depth + 1;
      for (const method of (m[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
        // HEAD is Fastify's automatic twin of GET; the swagger UI serves only documentation
        if (method !== 'HEAD' && path.startsWith('/api/') && !path.startsWith('/api/docs')) served.add(`${method} ${path}`);
      }
    }
    expect([...served].sort()).toEqual(covered);
  });

  it('the expected table has a row for every role and route, and every role has an account', () => {
    for (const a of ACTORS) expect(Object.keys(EXPECTED[a.role]).sort()).toEqual([...ROUTES].sort());
    expect(ACTORS.map((a) => a.role).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(new Set(ACTORS.map((a) => a.role)).size).toBe(7);
  });
});
