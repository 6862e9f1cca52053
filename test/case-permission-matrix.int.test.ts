/**
 * The case permission matrix: every role of the demo x every route of the case flow (test/case-routes.ts) x
 * where the case stands relative to the caller, with the expected answer written out BY HAND below — derived
 * from the issue and the comments of rules/permissions.yaml and rules/case-flow.yaml, never computed by the
 * permission engine, so that a wrong row in the YAML or a wrong check in a service makes a cell fail and names it.
 *
 * Placements of the case (all in county 990102 but the last):
 *   held      the caller's unit holds the case
 *   party     another unit holds it; the caller's unit was handed it over or handed it over (a party to it)
 *   county    another unit's case in the caller's county, to which the caller's unit was never party
 *   elsewhere a case in another county (990202)
 * Units that never take part in a case (committees, governance centers) have no 'held' or 'party' case: null.
 *
 * What each route's target is in a placement (the record the probe touches) is said at its probe (PROBES).
 * What a cell observes:
 *   'listed' / 'absent'   a list answered 200 and the target is / is not in it
 *   200 / 201             the request was carried out
 *   403                   refused: the role may never do this (the route's coarse check), or may read the case
 *                         but not do this to it
 *   404                   refused as not found: the caller may not even read the case
 *   409                   refused by the state of things (a unit does not borrow the dossier it holds)
 * Every refused request must leave the audit chain's head, and so everything, as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCase, insertCase, insertPerson } from '../src/modules/cases/cases.repository.ts';
import { type TestApp, bearer, createTestApp } from './app.ts';
import { type ApiAnswer, type CaseDriver, auditHead, caseDriver } from './case-fixtures.ts';
import { CASE_ROUTES } from './case-routes.ts';
import { pdfBytes } from './documents.ts';

type Placement = 'held' | 'party' | 'county' | 'elsewhere';
const PLACEMENTS: readonly Placement[] = ['held', 'party', 'county', 'elsewhere'];

type Outcome = 'listed' | 'absent' | 200 | 201 | 403 | 404 | 409;
/** One route's expected outcomes, in the order of PLACEMENTS; null where the placement does not exist. */
type Row = readonly [Outcome | null, Outcome | null, Outcome, Outcome];
type RouteKey = (typeof CASE_ROUTES)[number];

/** The side of the flow an actor's unit is on: its held and party cases differ. */
type Side = 'police' | 'procuratorate' | null;
interface ActorSpec {
  key: string;
  role: string;
  username: string;
  side: Side;
}
const ACTORS: readonly ActorSpec[] = [
  { key: 'handler', role: 'handler', username: 'police-990102-handler', side: 'police' },
  { key: 'unit-head (police)', role: 'unit-head', username: 'police-990102-unit-head', side: 'police' },
  { key: 'unit-head (procuratorate)', role: 'unit-head', username: 'procuratorate-990102-unit-head', side: 'procuratorate' },
  { key: 'supervisor', role: 'supervisor', username: 'committee-990102-supervisor', side: null },
  { key: 'mediator', role: 'mediator', username: 'governance-center-990102-mediator', side: null },
  { key: 'grid-worker', role: 'grid-worker', username: 'governance-center-990102001-grid-worker', side: null },
  { key: 'administrator', role: 'administrator', username: 'committee-990102-administrator', side: null },
  { key: 'auditor', role: 'auditor', username: 'committee-990102-auditor', side: null },
];

const L = 'listed';
const A = 'absent';
const _ = null;

/**
 * The expected matrix, by hand. Sources:
 * - the police register cases (any placement: the new case is their own);
 * - the unit holding a case writes to it (persons, measures, documents, evidence, seized property, its
 *   transitions); every unit party to it reads it whole, reveals its persons' data (audited) and reads its
 *   transfers; a unit never party to it cannot learn that it exists (404), in its county or not;
 * - what a transition needs beyond that is the flow's: a party that does not hold the case may not fire the
 *   holder's transition (403); only the receiving unit accepts or returns a hand-over (403 for the sender);
 * - a committee supervisor reads every case of the region and below, and its transfers, but writes nothing,
 *   reveals nothing, borrows nothing (403), and sees nothing of another county (404);
 * - a unit's head rotates its own unit's keys; everyone reads any unit's public keys;
 * - paper-dossier loans: a party asks the unit holding the case (a holder does not borrow its own dossier:
 *   409); the unit asked alone decides and records the return (403 for the asking unit); a unit lists the
 *   loans asked of it and by it, no others;
 * - seized property: the unit holding an item hands it over with one of its own transfers of the case — the
 *   police still hold the items of a case they handed over, the procuratorate holds none of the police's
 *   case (403); only the receiving unit receives an item; only the holder of an item disposes of it;
 * - the collaboration rate: a supervisor sees the units of the region, a handler or head their own unit only;
 * - mediators, grid workers, administrators and auditors have nothing to do with criminal cases (403), but read
 *   public keys like everyone.
 */
const CASE_ROLE: Record<RouteKey, Row> = {
  'GET /api/cases': [L, L, A, A],
  'POST /api/cases': [201, 201, 201, 201],
  'GET /api/cases/:id': [200, 200, 404, 404],
  'POST /api/cases/:id/persons': [201, 403, 404, 404],
  'GET /api/cases/:id/persons/:personId/personal-data': [200, 200, 404, 404],
  'POST /api/cases/:id/persons/:personId/measures': [200, 403, 404, 404],
  'POST /api/cases/:id/documents': [201, 403, 404, 404],
  'GET /api/cases/:id/documents/:documentId/content': [200, 200, 404, 404],
  'POST /api/cases/:id/evidence': [201, 403, 404, 404],
  'POST /api/cases/:id/transitions': [200, 403, 404, 404],
  'POST /api/transfers/:id/accept': [403, 200, 404, 404],
  'POST /api/transfers/:id/return': [403, 200, 404, 404],
  'GET /api/transfers/:id/verification': [200, 200, 404, 404],
  'GET /api/units/:id/keys': [200, 200, 200, 200],
  'POST /api/units/:id/keys/rotate': [403, 403, 403, 403],
  'POST /api/cases/:id/loans': [409, 201, 404, 404],
  'POST /api/loans/:id/decision': [200, 403, 404, 404],
  'POST /api/loans/:id/return': [200, 403, 404, 404],
  'GET /api/loans': [L, L, A, A],
  'POST /api/cases/:id/property': [201, 403, 404, 404],
  'POST /api/cases/:id/property/handovers': [201, 201, 404, 404],
  'POST /api/property-handovers/:id/receive': [403, 200, 404, 404],
  'POST /api/property/:id/disposal': [200, 403, 404, 404],
  'GET /api/collaboration-rate': [L, A, A, A],
};

/** Roles with nothing to do with criminal cases: every route refused by its coarse check, keys readable. */
const NO_CASES: Record<RouteKey, Row> = Object.fromEntries(
  CASE_ROUTES.map((r) => [r, r === 'GET /api/units/:id/keys' ? [_, _, 200, 200] : [_, _, 403, 403]]),
) as unknown as Record<RouteKey, Row>;

const EXPECTED: Record<string, Record<RouteKey, Row>> = {
  handler: CASE_ROLE,
  'unit-head (police)': { ...CASE_ROLE, 'POST /api/units/:id/keys/rotate': [200, 403, 403, 403] },
  'unit-head (procuratorate)': {
    ...CASE_ROLE,
    // the procuratorate registers no cases
    'POST /api/cases': [403, 403, 403, 403],
    'POST /api/units/:id/keys/rotate': [200, 403, 403, 403],
    // on the police's case it holds no item
    'POST /api/cases/:id/property/handovers': [201, 403, 404, 404],
  },
  supervisor: {
    'GET /api/cases': [_, _, L, A],
    'POST /api/cases': [_, _, 403, 403],
    'GET /api/cases/:id': [_, _, 200, 404],
    'POST /api/cases/:id/persons': [_, _, 403, 403],
    'GET /api/cases/:id/persons/:personId/personal-data': [_, _, 403, 403],
    'POST /api/cases/:id/persons/:personId/measures': [_, _, 403, 403],
    'POST /api/cases/:id/documents': [_, _, 403, 403],
    'GET /api/cases/:id/documents/:documentId/content': [_, _, 200, 404],
    'POST /api/cases/:id/evidence': [_, _, 403, 403],
    'POST /api/cases/:id/transitions': [_, _, 403, 404],
    'POST /api/transfers/:id/accept': [_, _, 403, 404],
    'POST /api/transfers/:id/return': [_, _, 403, 404],
    'GET /api/transfers/:id/verification': [_, _, 200, 404],
    'GET /api/units/:id/keys': [_, _, 200, 200],
    'POST /api/units/:id/keys/rotate': [_, _, 403, 403],
    'POST /api/cases/:id/loans': [_, _, 403, 403],
    'POST /api/loans/:id/decision': [_, _, 403, 403],
    'POST /api/loans/:id/return': [_, _, 403, 403],
    'GET /api/loans': [_, _, 403, 403],
    'POST /api/cases/:id/property': [_, _, 403, 403],
    'POST /api/cases/:id/property/handovers': [_, _, 403, 403],
    'POST /api/property-handovers/:id/receive': [_, _, 403, 403],
    'POST /api/property/:id/disposal': [_, _, 403, 403],
    'GET /api/collaboration-rate': [_, _, L, A],
  },
  mediator: NO_CASES,
  'grid-worker': NO_CASES,
  administrator: NO_CASES,
  auditor: NO_CASES,
};

// ---------------------------------------------------------------------------------------------------------
// Fixtures: the cases of each placement, built through the API as the demo users would (one built in the
// database: in the demo every county case starts at its police, so a court case the police were never party
// to does not arise by itself)

interface CaseFx {
  id: string;
  caseNumber: string;
  holderUnit: string;
  /** A handler of the holding unit, to refresh what the probes use up. */
  holderUser: string;
  suspectId: string;
  documentId: string;
  /** A transition its holder may fire now, again and again, without moving the case. */
  transition: Record<string, unknown>;
  /** A transfer of the case the holder sent, waiting at its receiver. */
  transferId: string;
  /** An item the holder handed over on that transfer, waiting to be received. */
  handoverId: string;
}

let t: TestApp;
let d: CaseDriver;
let pdf: Buffer;
const fx = {} as {
  /** The police hold it; the procuratorate is party (it received the arrest request and answered it). */
  P: CaseFx & { answerTransferId: string };
  /** The procuratorate holds it; the police are party (they transferred it for prosecution and still hold items). */
  R: CaseFx & { prosecutionTransferId: string };
  /** The court holds it, in county 990102; neither the police nor the procuratorate of 990102 were ever party. */
  C: CaseFx;
  /** Another county's police hold it (990202). */
  X: CaseFx;
  /** Loans: the police hold LP (the procuratorate asks), the procuratorate holds LR (the police ask). */
  LP: string;
  LR: string;
  loanC: string;
  loanX: string;
};
/** Cases that wait at the police (RP) or at the procuratorate (PP) with a hand-over and items to receive. */
const pools = { RP: [] as string[], PP: [] as string[] };

const unit = (code: string) => {
  const id = d.units[code];
  if (!id) throw new Error(`no unit ${code}`);
  return id;
};

async function ok(r: Promise<ApiAnswer>, status = 200): Promise<ApiAnswer['body']> {
  const a = await r;
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a.body;
}

async function suspectOf(caseId: string): Promise<string> {
  const [row] = await t.db.query<{ id: string }>(`SELECT id FROM case_person WHERE case_id = $1 AND role IN ('suspect', 'defendant') ORDER BY created_at LIMIT 1`, [caseId]);
  return row!.id;
}

const registerItem = async (user: string, caseId: string) =>
  (await ok(d.api(user, 'POST', `/api/cases/${caseId}/property`, { description: '涉案物品', quantity: '1件', storageReceipt: 'RK-MATRIX' }), 201)).id as string;

async function handOver(user: string, caseId: string, transferId: string, propertyIds: string[]): Promise<string[]> {
  const body = await ok(d.api(user, 'POST', `/api/cases/${caseId}/property/handovers`, { transferId, propertyIds }), 201);
  return (body.handovers as { id: string }[]).map((h) => h.id);
}

async function caseNumber(id: string): Promise<string> {
  return (await findCase(t.db, id))!.caseNumber;
}

const POLICE = 'police-990102-handler';
const PROCURATOR = 'procuratorate-990102-handler';
const JUDGE = 'court-990102-handler';
const FAR_POLICE = 'police-990202-handler';

async function buildP(): Promise<typeof fx.P> {
  const id = await d.register(POLICE);
  const documentId = await d.upload(POLICE, id, 'other');
  await d.investigate(POLICE, id);
  const arrest = await d.requestArrest(POLICE, id, 'procuratorate-990102');
  await d.accept(PROCURATOR, arrest);
  const decision = await d.upload(PROCURATOR, id, 'arrest-decision');
  const answer = await ok(d.fire(PROCURATOR, id, { transition: 'approve-arrest', documentIds: [decision] }));
  const request = await d.upload(POLICE, id, 'custody-extension-request');
  const transition = { transition: 'request-custody-extension', documentIds: [request], receiverUnitId: unit('procuratorate-990100') };
  const out = await ok(d.fire(POLICE, id, transition));
  const [handoverId] = await handOver(POLICE, id, out.transfer.id, [await registerItem(POLICE, id)]);
  await registerItem(POLICE, id);
  return {
    id, caseNumber: await caseNumber(id), holderUnit: 'police-990102', holderUser: POLICE, suspectId: await suspectOf(id), documentId, transition,
    transferId: out.transfer.id, handoverId: handoverId!, answerTransferId: answer.transfer.id,
  };
}

async function buildR(): Promise<typeof fx.R> {
  const id = await d.register(POLICE);
  const documentId = await d.upload(POLICE, id, 'other');
  for (let i = 0; i < 3; i++) await registerItem(POLICE, id);
  await d.investigate(POLICE, id);
  const prosecution = await d.transferForProsecution(POLICE, id, 'procuratorate-990102');
  await d.accept(PROCURATOR, prosecution);
  const notice = await d.upload(PROCURATOR, id, 'legal-aid-notice');
  const transition = { transition: 'notify-legal-aid', documentIds: [notice], receiverUnitId: unit('justice-bureau-990102') };
  const out = await ok(d.fire(PROCURATOR, id, transition));
  const [handoverId] = await handOver(PROCURATOR, id, out.transfer.id, [await registerItem(PROCURATOR, id)]);
  await registerItem(PROCURATOR, id);
  return {
    id, caseNumber: await caseNumber(id), holderUnit: 'procuratorate-990102', holderUser: PROCURATOR, suspectId: await suspectOf(id), documentId, transition,
    transferId: out.transfer.id, handoverId: handoverId!, prosecutionTransferId: prosecution,
  };
}

/** A case that came to the court of 990102 from elsewhere: built in the database, then worked through the API. */
async function buildC(): Promise<CaseFx> {
  const created = await insertCase(t.db, { title: '法院受理案件', charge: '寻衅滋事', regionCode: '990102', unitId: unit('court-990102'), registeredAt: new Date().toISOString(), classified: false });
  await t.db.query(`UPDATE criminal_case SET stage = 'first-instance' WHERE id = $1`, [created.id]);
  await insertPerson(t.db, { caseId: created.id, role: 'defendant', name: '赵六', idNumber: null, phone: null });
  const documentId = await d.upload(JUDGE, created.id, 'other');
  const notice = await d.upload(JUDGE, created.id, 'legal-aid-notice');
  const transition = { transition: 'notify-legal-aid', documentIds: [notice], receiverUnitId: unit('justice-bureau-990102') };
  const out = await ok(d.fire(JUDGE, created.id, transition));
  const [handoverId] = await handOver(JUDGE, created.id, out.transfer.id, [await registerItem(JUDGE, created.id)]);
  return {
    id: created.id, caseNumber: created.caseNumber, holderUnit: 'court-990102', holderUser: JUDGE, suspectId: await suspectOf(created.id), documentId, transition,
    transferId: out.transfer.id, handoverId: handoverId!,
  };
}

async function buildX(): Promise<CaseFx> {
  const id = await d.register(FAR_POLICE);
  const documentId = await d.upload(FAR_POLICE, id, 'other');
  const item = await registerItem(FAR_POLICE, id);
  await d.investigate(FAR_POLICE, id);
  const arrest = await d.requestArrest(FAR_POLICE, id, 'procuratorate-990202');
  const [handoverId] = await handOver(FAR_POLICE, id, arrest, [item]);
  const request = await d.upload(FAR_POLICE, id, 'custody-extension-request');
  return {
    id, caseNumber: await caseNumber(id), holderUnit: 'police-990202', holderUser: FAR_POLICE, suspectId: await suspectOf(id), documentId,
    transition: { transition: 'request-custody-extension', documentIds: [request], receiverUnitId: unit('procuratorate-990200') },
    transferId: arrest, handoverId: handoverId!,
  };
}

/** A case for loans only: its holder and the units party to it (loans need nothing else of a case). */
async function loanCase(holder: string, parties: string[]): Promise<string> {
  const created = await insertCase(t.db, { title: '调阅测试案件', charge: '寻衅滋事', regionCode: '990102', unitId: unit(holder), registeredAt: new Date().toISOString(), classified: false });
  for (const p of parties) await t.db.query('INSERT INTO case_unit (case_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [created.id, unit(p)]);
  return created.id;
}

async function insertLoan(caseId: string, requester: string, holder: string, state: 'requested' | 'lent'): Promise<string> {
  const [row] = await t.db.query<{ id: string }>(
    `INSERT INTO paper_loan (case_id, requester_unit_id, holder_unit_id, reason, pages, state, requested_at, decided_at, due_date)
     VALUES ($1, $2, $3, '矩阵测试', '全卷', $4, now(), CASE WHEN $4 = 'lent' THEN now() END, CASE WHEN $4 = 'lent' THEN current_date + 7 END) RETURNING id`,
    [caseId, unit(requester), unit(holder), state],
  );
  return row!.id;
}

/** A case the procuratorate holds, its return for supplementary investigation and two items waiting at the police. */
async function buildRP(): Promise<void> {
  const id = await d.register(POLICE);
  await d.investigate(POLICE, id);
  await d.accept(PROCURATOR, await d.transferForProsecution(POLICE, id, 'procuratorate-990102'));
  const items = [await registerItem(PROCURATOR, id), await registerItem(PROCURATOR, id)];
  const form = await d.upload(PROCURATOR, id, 'return-form');
  const back = await ok(d.fire(PROCURATOR, id, { transition: 'return-for-supplementary-investigation', documentIds: [form], receiverUnitId: unit('police-990102') }));
  await handOver(PROCURATOR, id, back.transfer.id, items);
  pools.RP.push(id);
}

/** A case the police hold, its arrest request and two items waiting at the procuratorate. */
async function buildPP(): Promise<void> {
  const id = await d.register(POLICE);
  const items = [await registerItem(POLICE, id), await registerItem(POLICE, id)];
  await d.investigate(POLICE, id);
  const arrest = await d.requestArrest(POLICE, id, 'procuratorate-990102');
  await handOver(POLICE, id, arrest, items);
  pools.PP.push(id);
}

const sideUnit = (side: 'police' | 'procuratorate') => (side === 'police' ? 'police-990102' : 'procuratorate-990102');

/** A transfer waiting at the side's unit, of a case another unit holds; built when the probes used them up. */
async function transferWaitingAt(side: 'police' | 'procuratorate'): Promise<string> {
  const pool = side === 'police' ? 'RP' : 'PP';
  const find = async () =>
    (await t.db.query<{ id: string }>(`SELECT id FROM transfer WHERE receiver_unit_id = $1 AND state = 'sent' AND case_id = ANY($2::uuid[]) ORDER BY sent_at LIMIT 1`, [unit(sideUnit(side)), pools[pool]]))[0]?.id;
  const found = await find();
  if (found) return found;
  await (side === 'police' ? buildRP() : buildPP());
  return (await find())!;
}

async function handoverWaitingAt(side: 'police' | 'procuratorate'): Promise<string> {
  const pool = side === 'police' ? 'RP' : 'PP';
  const find = async () =>
    (
      await t.db.query<{ id: string }>(
        `SELECT h.id FROM property_handover h JOIN seized_property p ON p.id = h.property_id
          WHERE h.to_unit_id = $1 AND h.received_at IS NULL AND h.cancelled_at IS NULL AND p.case_id = ANY($2::uuid[]) ORDER BY h.sent_at, h.id LIMIT 1`,
        [unit(sideUnit(side)), pools[pool]],
      )
    )[0]?.id;
  const found = await find();
  if (found) return found;
  await (side === 'police' ? buildRP() : buildPP());
  return (await find())!;
}

/** An item the unit holds on the case, ready to go; registered by the case's holder when none is left. */
async function itemHeldBy(c: CaseFx, unitCode: string): Promise<string> {
  const [row] = await t.db.query<{ id: string }>(`SELECT id FROM seized_property WHERE case_id = $1 AND holder_unit_id = $2 AND state = 'held' ORDER BY registered_at, id LIMIT 1`, [c.id, unit(unitCode)]);
  if (row) return row.id;
  if (c.holderUnit !== unitCode) throw new Error(`fixture used up: no item of ${unitCode} left on ${c.caseNumber}`);
  return registerItem(c.holderUser, c.id);
}

async function anyItemOf(caseId: string, unitCode: string): Promise<string> {
  const [row] = await t.db.query<{ id: string }>('SELECT id FROM seized_property WHERE case_id = $1 AND holder_unit_id = $2 ORDER BY registered_at, id LIMIT 1', [caseId, unit(unitCode)]);
  return row!.id;
}

async function loanOf(caseId: string, state: 'requested' | 'lent' | null): Promise<string> {
  const [row] = await t.db.query<{ id: string }>(`SELECT id FROM paper_loan WHERE case_id = $1 AND ($2::text IS NULL OR state = $2) ORDER BY requested_at, id LIMIT 1`, [caseId, state]);
  if (row) return row.id;
  const [c] = await t.db.query<{ holder: string; requester: string }>(
    `SELECT h.code AS holder, r.code AS requester FROM criminal_case c JOIN unit h ON h.id = c.holder_unit_id
       JOIN case_unit cu ON cu.case_id = c.id JOIN unit r ON r.id = cu.unit_id WHERE c.id = $1 AND cu.unit_id <> c.holder_unit_id LIMIT 1`,
    [caseId],
  );
  return insertLoan(caseId, c!.requester, c!.holder, state ?? 'requested');
}

// ---------------------------------------------------------------------------------------------------------
// Probes: each prepares its target (building or refreshing fixtures, which writes) and answers the one
// request whose outcome is the cell; the audit head is taken between the two.

interface ProbeInput {
  actor: ActorSpec;
  placement: Placement;
}
type Probe = (input: ProbeInput) => Promise<() => Promise<Outcome>>;

/** The case of a placement for an actor: held and party differ by side. */
function caseOf({ actor, placement }: ProbeInput): CaseFx {
  if (placement === 'county') return fx.C;
  if (placement === 'elsewhere') return fx.X;
  if (!actor.side) throw new Error(`${actor.key} has no ${placement} case`);
  const held = actor.side === 'police' ? fx.P : fx.R;
  const party = actor.side === 'police' ? fx.R : fx.P;
  return placement === 'held' ? held : party;
}

function loanCaseOf({ actor, placement }: ProbeInput): string {
  if (placement === 'county') return fx.loanC;
  if (placement === 'elsewhere') return fx.loanX;
  const police = actor.side === 'police';
  return (placement === 'held') === police ? fx.LP : fx.LR;
}

async function call(input: ProbeInput, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await t.app.inject({ method, url, headers: bearer(await t.login(input.actor.username)), ...(payload === undefined ? {} : { payload: payload as object }) });
  const body = res.body ? res.json() : null;
  if (res.statusCode >= 400) {
    // every refusal is the error shape, bilingual
    expect(body, `${method} ${url}`).toMatchObject({ code: expect.any(String), message: { zh: expect.any(String), en: expect.any(String) } });
  }
  return { status: res.statusCode, body };
}
const status = async (p: Promise<{ status: number }>) => (await p).status as Outcome;
const listedIn = async (p: Promise<{ status: number; body: unknown }>, present: (body: unknown) => boolean): Promise<Outcome> => {
  const r = await p;
  if (r.status !== 200) return r.status as Outcome;
  return present(r.body) ? 'listed' : 'absent';
};

const PROBES: Record<RouteKey, Probe> = {
  // target: the placement's case, looked for by its number
  'GET /api/cases': async (i) => {
    const c = caseOf(i);
    return () => listedIn(call(i, 'GET', `/api/cases?q=${encodeURIComponent(c.caseNumber)}&pageSize=500`), (b) => (b as { items: { id: string }[] }).items.some((x) => x.id === c.id));
  },
  // a case is always registered at the caller's own unit: the placement does not change the answer
  'POST /api/cases': async (i) => async () => {
    const r = await call(i, 'POST', '/api/cases', { title: '矩阵测试立案', charge: '盗窃' });
    if (r.status === 201) expect((await findCase(t.db, r.body.id))!.holderUnitId).toBe(unit(i.actor.username.replace(/-(handler|unit-head)$/, '')));
    return r.status as Outcome;
  },
  'GET /api/cases/:id': async (i) => {
    const c = caseOf(i);
    return async () => {
      const r = await call(i, 'GET', `/api/cases/${c.id}`);
      if (r.status === 200) expect(r.body.id).toBe(c.id);
      return r.status as Outcome;
    };
  },
  'POST /api/cases/:id/persons': async (i) => {
    const c = caseOf(i);
    return () => status(call(i, 'POST', `/api/cases/${c.id}/persons`, { role: 'victim', name: '王五' }));
  },
  // target: the case's suspect (or defendant)
  'GET /api/cases/:id/persons/:personId/personal-data': async (i) => {
    const c = caseOf(i);
    return () => status(call(i, 'GET', `/api/cases/${c.id}/persons/${c.suspectId}/personal-data`));
  },
  // release: every agency of the flow may release, and it needs no document
  'POST /api/cases/:id/persons/:personId/measures': async (i) => {
    const c = caseOf(i);
    return () => status(call(i, 'POST', `/api/cases/${c.id}/persons/${c.suspectId}/measures`, { measure: 'release' }));
  },
  'POST /api/cases/:id/documents': async (i) => {
    const c = caseOf(i);
    return async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${c.id}/documents?kind=other&name=matrix.pdf`,
        headers: { ...bearer(await t.login(i.actor.username)), 'content-type': 'application/pdf' },
        payload: pdf,
      });
      return res.statusCode as Outcome;
    };
  },
  'GET /api/cases/:id/documents/:documentId/content': async (i) => {
    const c = caseOf(i);
    return async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/cases/${c.id}/documents/${c.documentId}/content`, headers: bearer(await t.login(i.actor.username)) });
      if (res.statusCode === 200) expect(res.headers['content-type']).toBe('application/pdf');
      return res.statusCode as Outcome;
    };
  },
  'POST /api/cases/:id/evidence': async (i) => {
    const c = caseOf(i);
    return () => status(call(i, 'POST', `/api/cases/${c.id}/evidence`, { description: '矩阵测试证据' }));
  },
  // target: a transition the case's holder may fire now without moving the case (a custody extension request
  // to the city procuratorate; a legal-aid notice)
  'POST /api/cases/:id/transitions': async (i) => {
    const c = caseOf(i);
    return () => status(call(i, 'POST', `/api/cases/${c.id}/transitions`, c.transition));
  },
  // target: held — a transfer the caller's unit sent, waiting at its receiver; party — a transfer handed over
  // to the caller's unit; county, elsewhere — another unit's transfer of the placement's case
  'POST /api/transfers/:id/accept': async (i) => {
    const id = i.placement === 'party' ? await transferWaitingAt(i.actor.side!) : caseOf(i).transferId;
    return () => status(call(i, 'POST', `/api/transfers/${id}/accept`));
  },
  'POST /api/transfers/:id/return': async (i) => {
    const id = i.placement === 'party' ? await transferWaitingAt(i.actor.side!) : caseOf(i).transferId;
    return () => status(call(i, 'POST', `/api/transfers/${id}/return`, { reason: '矩阵测试退回' }));
  },
  // target: a transfer of the placement's case
  'GET /api/transfers/:id/verification': async (i) => {
    const c = caseOf(i);
    return () => status(call(i, 'GET', `/api/transfers/${c.transferId}/verification`));
  },
  // target: the unit holding the placement's case
  'GET /api/units/:id/keys': async (i) => {
    const c = caseOf(i);
    return () => status(call(i, 'GET', `/api/units/${unit(c.holderUnit)}/keys`));
  },
  'POST /api/units/:id/keys/rotate': async (i) => {
    const c = caseOf(i);
    return () => status(call(i, 'POST', `/api/units/${unit(c.holderUnit)}/keys/rotate`));
  },
  // target: the placement's case; a loan asked for is refused again by its holder, so that the next probe
  // may ask anew
  'POST /api/cases/:id/loans': async (i) => {
    const c = caseOf(i);
    return async () => {
      const r = await call(i, 'POST', `/api/cases/${c.id}/loans`, { reason: '矩阵测试调阅', pages: '第1卷' });
      if (r.status === 201) await ok(d.api(c.holderUser, 'POST', `/api/loans/${r.body.id}/decision`, { approve: false, reason: '矩阵测试后不予借阅' }));
      return r.status as Outcome;
    };
  },
  // target: held — a loan asked of the caller's unit, waiting; party — a loan the caller's unit asked for;
  // county, elsewhere — a loan between other units
  'POST /api/loans/:id/decision': async (i) => {
    const id = await loanOf(loanCaseOf(i), i.placement === 'held' ? 'requested' : null);
    const due = new Date(Date.now() + 8 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
    return () => status(call(i, 'POST', `/api/loans/${id}/decision`, { approve: true, dueDate: due }));
  },
  // target: as for the decision, a lent loan for the caller's unit to take back
  'POST /api/loans/:id/return': async (i) => {
    const id = await loanOf(loanCaseOf(i), i.placement === 'held' ? 'lent' : null);
    return () => status(call(i, 'POST', `/api/loans/${id}/return`));
  },
  'GET /api/loans': async (i) => {
    const id = await loanOf(loanCaseOf(i), null);
    return () => listedIn(call(i, 'GET', '/api/loans?pageSize=500'), (b) => (b as { items: { id: string }[] }).items.some((x) => x.id === id));
  },
  'POST /api/cases/:id/property': async (i) => {
    const c = caseOf(i);
    return () => status(call(i, 'POST', `/api/cases/${c.id}/property`, { description: '矩阵测试物品', quantity: '1件', storageReceipt: 'RK-M' }));
  },
  // target: held — an item the caller's unit holds, on its own waiting transfer of the case; party — the police
  // list an item they still hold on their accepted transfer for prosecution, the procuratorate a police item on
  // its arrest decision; county, elsewhere — the holder's item on the holder's transfer
  'POST /api/cases/:id/property/handovers': async (i) => {
    const c = caseOf(i);
    let transferId = c.transferId;
    let propertyId: string;
    if (i.placement === 'held') propertyId = await itemHeldBy(c, c.holderUnit);
    else if (i.placement === 'party' && i.actor.side === 'police') {
      transferId = fx.R.prosecutionTransferId;
      propertyId = await itemHeldBy(fx.R, 'police-990102');
    } else if (i.placement === 'party') {
      transferId = fx.P.answerTransferId;
      propertyId = await anyItemOf(fx.P.id, 'police-990102');
    } else propertyId = await anyItemOf(c.id, c.holderUnit);
    return () => status(call(i, 'POST', `/api/cases/${c.id}/property/handovers`, { transferId, propertyIds: [propertyId] }));
  },
  // target: held — an item the caller's unit handed over, waiting at the receiver; party — an item handed over
  // to the caller's unit; county, elsewhere — an item another unit handed over
  'POST /api/property-handovers/:id/receive': async (i) => {
    const id = i.placement === 'party' ? await handoverWaitingAt(i.actor.side!) : caseOf(i).handoverId;
    return () => status(call(i, 'POST', `/api/property-handovers/${id}/receive`, { note: '矩阵测试接收' }));
  },
  // target: held — an item the caller's unit holds; party — an item the case's holder holds (the police's on
  // the procuratorate's case, the procuratorate's… none: a police item on the police's case); county,
  // elsewhere — the holder's item
  'POST /api/property/:id/disposal': async (i) => {
    const c = caseOf(i);
    const propertyId = i.placement === 'held' ? await itemHeldBy(c, c.holderUnit) : await anyItemOf(c.id, c.holderUnit);
    return () => status(call(i, 'POST', `/api/property/${propertyId}/disposal`, { disposal: 'destroyed', documentId: c.documentId }));
  },
  // target: the unit holding the placement's case, in the per-unit figures
  'GET /api/collaboration-rate': async (i) => {
    const c = caseOf(i);
    return () => listedIn(call(i, 'GET', '/api/collaboration-rate?from=2026-01-01&to=2030-12-31'), (b) => (b as { items: { key: string }[] }).items.some((x) => x.key === unit(c.holderUnit)));
  },
};

beforeAll(async () => {
  t = await createTestApp();
  d = await caseDriver(t);
  pdf = Buffer.from(await pdfBytes(1, 'case permission matrix'));
  // every account logs in once beforehand: a login is audited
  for (const u of [...ACTORS.map((a) => a.username), PROCURATOR, JUDGE, FAR_POLICE, 'procuratorate-990202-handler']) await t.login(u);
  fx.P = await buildP();
  fx.R = await buildR();
  fx.C = await buildC();
  fx.X = await buildX();
  fx.LP = await loanCase('police-990102', ['procuratorate-990102']);
  fx.LR = await loanCase('procuratorate-990102', ['police-990102']);
  await insertLoan(fx.LP, 'procuratorate-990102', 'police-990102', 'requested');
  await insertLoan(fx.LR, 'police-990102', 'procuratorate-990102', 'requested');
  fx.loanC = fx.C.id;
  await insertLoan(fx.C.id, 'justice-bureau-990102', 'court-990102', 'requested');
  fx.loanX = fx.X.id;
  await insertLoan(fx.X.id, 'procuratorate-990202', 'police-990202', 'lent');
}, 300_000);
afterAll(() => t.close());

describe.each(ACTORS)('$key ($username)', (spec) => {
  const cells = CASE_ROUTES.flatMap((route) =>
    PLACEMENTS.flatMap((placement, i) => {
      const expected = EXPECTED[spec.key]![route][i]!;
      const exists = spec.side !== null || (placement !== 'held' && placement !== 'party');
      if ((expected === null) === exists) throw new Error(`${spec.key} ${route} ${placement}: the table and the placements disagree`);
      return expected === null ? [] : [{ route, placement, expected }];
    }),
  );

  it.each(cells)('$route · $placement → $expected', async ({ route, placement, expected }) => {
    const run = await PROBES[route]({ actor: spec, placement });
    const head = await auditHead(t);
    const observed = await run();
    expect(observed).toBe(expected);
    if (observed === 403 || observed === 404 || observed === 409) expect(await auditHead(t), 'a refused request writes nothing').toEqual(head);
  });
});

describe('coverage', () => {
  it('every route of test/case-routes.ts has a probe and a row for every actor, and nothing else does', () => {
    const routes = [...CASE_ROUTES].sort();
    expect(Object.keys(PROBES).sort()).toEqual(routes);
    for (const a of ACTORS) expect(Object.keys(EXPECTED[a.key]!).sort(), a.key).toEqual(routes);
  });

  it('every role of the demo has an actor, the unit head at the police and at the procuratorate', () => {
    expect([...new Set(ACTORS.map((a) => a.role))].sort()).toEqual(['administrator', 'auditor', 'grid-worker', 'handler', 'mediator', 'supervisor', 'unit-head']);
    expect(ACTORS.filter((a) => a.role === 'unit-head').map((a) => a.side).sort()).toEqual(['police', 'procuratorate']);
    expect(Object.keys(EXPECTED).sort()).toEqual(ACTORS.map((a) => a.key).sort());
  });

  it('every case route the app serves is in test/case-routes.ts', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    const paths = res.json().paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    // a case's structured records are checked with the incidents (records-incidents.int.test.ts, RECORD_ROUTES)
    const caseLike = documented.filter((r) => /\/api\/(cases|transfers|loans|property|property-handovers|collaboration-rate)\b|\/keys/.test(r) && !r.endsWith('/records'));
    expect(caseLike.sort()).toEqual([...CASE_ROUTES].sort());
  });

  it('after every cell the audit chain still verifies', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: bearer(await t.login('committee-990102-auditor')) });
    expect(res.json()).toMatchObject({ ok: true });
  });
});
