/** SQL of disputes: the dispute, its parties, its timeline and its mediation agreement. */
import type { Queryable } from '../../db/client.ts';
import { scopeToSql } from '../../db/scope-sql.ts';
import type { DisputeState, Outcome } from '../../engine/disputes/dispute-flow.ts';
import type { RiskLevel, TargetKind } from '../../engine/disputes/dispute-rules.ts';
import type { Scope } from '../../engine/permissions/permissions.ts';
import { iso } from '../cases/cases.repository.ts';

export type Channel = 'walk-in' | 'hotline' | 'online' | 'grid' | 'court-referral' | 'referral' | 'import';

export interface DisputeRecord {
  id: string;
  number: string;
  trackingCode: string;
  channel: Channel;
  state: DisputeState;
  type: string;
  riskLevel: RiskLevel;
  urgency: 'normal' | 'urgent';
  amount: number | null;
  summary: string;
  regionCode: string;
  intakeUnitId: string;
  intakeUnitName: string;
  handlingUnitId: string | null;
  handlingUnitName: string | null;
  handlingAgency: string | null;
  holderAgency: string;
  routeKind: TargetKind | null;
  routeRule: string | null;
  handlerId: string | null;
  dueAt: string | null;
  followUps: number;
  outcome: Outcome | null;
  referredTo: string | null;
  closedAt: string | null;
  visitedAt: string | null;
  visitNote: string | null;
  satisfaction: number | null;
  reopenedFrom: string | null;
  reopenedFromNumber: string | null;
  importKey: string | null;
  courtUnitId: string | null;
  /** the agreement's confirmation state (none without an agreement) */
  confirmationState: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

const SELECT = `SELECT d.*, iu.name AS intake_unit_name, hu.name AS handling_unit_name, hu.agency AS handling_agency,
       COALESCE(hu.agency, iu.agency) AS holder_agency, rf.number AS reopened_from_number, a.court_unit_id, a.confirmation_state
  FROM dispute d
  JOIN unit iu ON iu.id = d.intake_unit_id
  LEFT JOIN unit hu ON hu.id = d.handling_unit_id
  LEFT JOIN dispute rf ON rf.id = d.reopened_from
  LEFT JOIN mediation_agreement a ON a.dispute_id = d.id`;

type Row = Record<string, unknown> & { amount: string | number | null };

const toRecord = (r: Row): DisputeRecord => ({
  id: r.id as string,
  number: r.number as string,
  trackingCode: r.tracking_code as string,
  channel: r.channel as Channel,
  state: r.state as DisputeState,
  type: r.type as string,
  riskLevel: r.risk_level as RiskLevel,
  urgency: r.urgency as 'normal' | 'urgent',
  amount: r.amount === null ? null : Number(r.amount),
  summary: r.summary as string,
  regionCode: r.region_code as string,
  intakeUnitId: r.intake_unit_id as string,
  intakeUnitName: r.intake_unit_name as string,
  handlingUnitId: r.handling_unit_id as string | null,
  handlingUnitName: r.handling_unit_name as string | null,
  handlingAgency: r.handling_agency as string | null,
  holderAgency: r.holder_agency as string,
  routeKind: r.route_kind as TargetKind | null,
  routeRule: r.route_rule as string | null,
  handlerId: r.handler_id as string | null,
  dueAt: iso(r.due_at as Date | string | null),
  followUps: r.follow_ups as number,
  outcome: r.outcome as Outcome | null,
  referredTo: r.referred_to as string | null,
  closedAt: iso(r.closed_at as Date | string | null),
  visitedAt: iso(r.visited_at as Date | string | null),
  visitNote: r.visit_note as string | null,
  satisfaction: r.satisfaction as number | null,
  reopenedFrom: r.reopened_from as string | null,
  reopenedFromNumber: r.reopened_from_number as string | null,
  importKey: r.import_key as string | null,
  courtUnitId: r.court_unit_id as string | null,
  confirmationState: (r.confirmation_state as string | null) ?? null,
  createdAt: iso(r.created_at as Date | string)!,
  updatedAt: iso(r.updated_at as Date | string)!,
  version: r.version as number,
});

export async function findDispute(db: Queryable, id: string, lock = false): Promise<DisputeRecord | null> {
  const rows = await db.query<Row>(`${SELECT} WHERE d.id = $1${lock ? ' FOR UPDATE OF d' : ''}`, [id]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function findByImportKey(db: Queryable, importKey: string): Promise<DisputeRecord | null> {
  const rows = await db.query<Row>(`${SELECT} WHERE d.import_key = $1`, [importKey]);
  return rows[0] ? toRecord(rows[0]) : null;
}

/** Serialises intakes of one matter (PostgreSQL; PGlite has one connection): the keys in a fixed order. */
export async function lockMatterKeys(tx: Queryable, keys: readonly string[]): Promise<void> {
  for (const k of [...keys].sort()) await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 6))', [k]);
}

export interface EarlierRow {
  id: string;
  number: string;
  state: DisputeState;
  createdAt: string;
  outcome: Outcome | null;
  closedAt: string | null;
}

/** Disputes of the same type sharing a matter key. */
export async function findSameMatter(db: Queryable, type: string, keys: readonly string[]): Promise<EarlierRow[]> {
  const rows = await db.query<{ id: string; number: string; state: DisputeState; created_at: Date | string; outcome: Outcome | null; closed_at: Date | string | null }>(
    'SELECT id, number, state, created_at, outcome, closed_at FROM dispute WHERE type = $1 AND fingerprints && $2::text[] ORDER BY created_at DESC LIMIT 50',
    [type, keys],
  );
  return rows.map((r) => ({ id: r.id, number: r.number, state: r.state, createdAt: iso(r.created_at)!, outcome: r.outcome, closedAt: iso(r.closed_at) }));
}

export interface NewDispute
  extends Pick<DisputeRecord, 'trackingCode' | 'channel' | 'type' | 'riskLevel' | 'urgency' | 'amount' | 'summary' | 'regionCode' | 'intakeUnitId'> {
  intakeBy: string | null;
  dueAt: string | null;
  reopenedFrom: string | null;
  fingerprints: string[];
  importKey: string | null;
  at: string;
}

export async function insertDispute(tx: Queryable, n: NewDispute): Promise<{ id: string; number: string }> {
  const [row] = await tx.query<{ id: string; number: string }>(
    `INSERT INTO dispute (number, tracking_code, channel, state, type, risk_level, urgency, amount, summary, region_code, intake_unit_id, intake_by,
                          due_at, reopened_from, fingerprints, import_key, created_at, updated_at)
     VALUES ('纠' || to_char($15::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || (SELECT lpad(n::text, greatest(6, length(n::text)), '0') FROM nextval('dispute_number_seq') AS n),
             $1, $2, 'intake', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
     RETURNING id, number`,
    [n.trackingCode, n.channel, n.type, n.riskLevel, n.urgency, n.amount, n.summary, n.regionCode, n.intakeUnitId, n.intakeBy, n.dueAt, n.reopenedFrom, n.fingerprints, n.importKey, n.at],
  );
  return row!;
}

export interface PartyRow {
  id: string;
  role: 'applicant' | 'respondent';
  kind: 'person' | 'organisation';
  name: string;
  phone: string | null;
  idNumber: string | null;
  address: string | null;
}

export async function insertParties(tx: Queryable, disputeId: string, parties: readonly Omit<PartyRow, 'id'>[]): Promise<void> {
  for (const [i, p] of parties.entries()) {
    await tx.query('INSERT INTO dispute_party (dispute_id, position, role, kind, name, phone, id_number, address) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      disputeId, i, p.role, p.kind, p.name, p.phone, p.idNumber, p.address,
    ]);
  }
}

export async function listParties(db: Queryable, disputeId: string): Promise<PartyRow[]> {
  const rows = await db.query<{ id: string; role: PartyRow['role']; kind: PartyRow['kind']; name: string; phone: string | null; id_number: string | null; address: string | null }>(
    'SELECT id, role, kind, name, phone, id_number, address FROM dispute_party WHERE dispute_id = $1 ORDER BY position',
    [disputeId],
  );
  return rows.map((r) => ({ id: r.id, role: r.role, kind: r.kind, name: r.name, phone: r.phone, idNumber: r.id_number, address: r.address }));
}

/** The changes of one step; fields left out stay. */
export interface DisputeChange {
  state?: DisputeState;
  type?: string;
  riskLevel?: RiskLevel;
  urgency?: 'normal' | 'urgent';
  amount?: number | null;
  handlingUnitId?: string;
  routeKind?: TargetKind;
  routeRule?: string | null;
  handlerId?: string | null;
  dueAt?: string | null;
  followUp?: boolean;
  outcome?: Outcome;
  referredTo?: string | null;
  closedAt?: string;
  visitedAt?: string;
  visitNote?: string | null;
  satisfaction?: number;
}

const COLUMNS: Record<Exclude<keyof DisputeChange, 'followUp'>, string> = {
  state: 'state', type: 'type', riskLevel: 'risk_level', urgency: 'urgency', amount: 'amount', handlingUnitId: 'handling_unit_id', routeKind: 'route_kind',
  routeRule: 'route_rule', handlerId: 'handler_id', dueAt: 'due_at', outcome: 'outcome', referredTo: 'referred_to', closedAt: 'closed_at', visitedAt: 'visited_at',
  visitNote: 'visit_note', satisfaction: 'satisfaction',
};

export async function updateDispute(tx: Queryable, id: string, change: DisputeChange, at: string): Promise<void> {
  const params: unknown[] = [id, at];
  const sets = ['updated_at = $2', 'version = version + 1'];
  for (const [key, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
    if (change[key] === undefined) continue;
    params.push(change[key]);
    sets.push(`${column} = $${params.length}`);
  }
  if (change.followUp) sets.push('follow_ups = follow_ups + 1');
  await tx.query(`UPDATE dispute SET ${sets.join(', ')} WHERE id = $1`, params);
}

export interface EventRow {
  id: number;
  at: string;
  kind: string;
  unitId: string | null;
  unitName: string | null;
  userId: string | null;
  note: string | null;
  data: Record<string, unknown>;
  fromState: string | null;
  toState: string | null;
}

export async function appendEvent(
  tx: Queryable,
  e: { disputeId: string; at: string; kind: string; unitId: string | null; userId: string | null; note?: string | null; data?: Record<string, unknown>; fromState?: string | null; toState?: string | null },
): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    'INSERT INTO dispute_event (dispute_id, at, kind, unit_id, user_id, note, data, from_state, to_state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id',
    [e.disputeId, e.at, e.kind, e.unitId, e.userId, e.note ?? null, JSON.stringify(e.data ?? {}), e.fromState ?? null, e.toState ?? null],
  );
  return Number(row!.id);
}

export async function listEvents(db: Queryable, disputeId: string): Promise<EventRow[]> {
  const rows = await db.query<{ id: number; at: Date | string; kind: string; unit_id: string | null; unit_name: string | null; user_id: string | null; note: string | null; data: unknown; from_state: string | null; to_state: string | null }>(
    'SELECT e.*, u.name AS unit_name FROM dispute_event e LEFT JOIN unit u ON u.id = e.unit_id WHERE e.dispute_id = $1 ORDER BY e.id',
    [disputeId],
  );
  return rows.map((r) => ({
    id: Number(r.id), at: iso(r.at)!, kind: r.kind, unitId: r.unit_id, unitName: r.unit_name, userId: r.user_id, note: r.note,
    data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>, fromState: r.from_state, toState: r.to_state,
  }));
}

export interface AgreementRow {
  id: string;
  terms: string;
  performance: string;
  pdfSm3: string;
  pdfSize: number;
  sealedByUnitId: string;
  sealKeyId: string;
  sealSignature: string;
  signedAt: string;
  confirmationState: 'none' | 'requested' | 'accepted' | 'confirmed' | 'refused' | 'not-accepted';
  courtUnitId: string | null;
  courtUnitName: string | null;
  requestedAt: string | null;
  acceptedAt: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export async function insertAgreement(
  tx: Queryable,
  a: { disputeId: string; terms: string; performance: string; pdfSm3: string; pdfSize: number; sealedByUnitId: string; sealKeyId: string; sealSignature: string; signedAt: string },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO mediation_agreement (dispute_id, terms, performance, pdf_sm3, pdf_size, sealed_by_unit_id, seal_key_id, seal_signature, signed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [a.disputeId, a.terms, a.performance, a.pdfSm3, a.pdfSize, a.sealedByUnitId, a.sealKeyId, a.sealSignature, a.signedAt],
  );
  return row!.id;
}

export async function findAgreement(db: Queryable, disputeId: string): Promise<AgreementRow | null> {
  const [r] = await db.query<Record<string, unknown>>(
    'SELECT a.*, u.name AS court_unit_name FROM mediation_agreement a LEFT JOIN unit u ON u.id = a.court_unit_id WHERE a.dispute_id = $1',
    [disputeId],
  );
  if (!r) return null;
  const t = (v: unknown) => iso(v as Date | string | null);
  return {
    id: r.id as string, terms: r.terms as string, performance: r.performance as string, pdfSm3: r.pdf_sm3 as string, pdfSize: r.pdf_size as number,
    sealedByUnitId: r.sealed_by_unit_id as string, sealKeyId: r.seal_key_id as string, sealSignature: r.seal_signature as string, signedAt: t(r.signed_at)!,
    confirmationState: r.confirmation_state as AgreementRow['confirmationState'], courtUnitId: r.court_unit_id as string | null, courtUnitName: r.court_unit_name as string | null,
    requestedAt: t(r.requested_at), acceptedAt: t(r.accepted_at), decidedAt: t(r.decided_at), decisionNote: r.decision_note as string | null,
  };
}

export async function updateConfirmation(
  tx: Queryable,
  disputeId: string,
  c: { state: AgreementRow['confirmationState']; courtUnitId?: string; requestedAt?: string; acceptedAt?: string; decidedAt?: string; decisionNote?: string | null },
): Promise<void> {
  await tx.query(
    `UPDATE mediation_agreement SET confirmation_state = $2, court_unit_id = COALESCE($3, court_unit_id), requested_at = COALESCE($4, requested_at),
            accepted_at = COALESCE($5, accepted_at), decided_at = COALESCE($6, decided_at), decision_note = COALESCE($7, decision_note)
      WHERE dispute_id = $1`,
    [disputeId, c.state, c.courtUnitId ?? null, c.requestedAt ?? null, c.acceptedAt ?? null, c.decidedAt ?? null, c.decisionNote ?? null],
  );
}

export interface UnitRow {
  id: string;
  code: string;
  name: string;
  agency: string;
  level: string;
  regionCode: string;
}

export async function findUnit(db: Queryable, id: string): Promise<UnitRow | null> {
  const [u] = await db.query<{ id: string; code: string; name: string; agency: string; level: string; region_code: string }>(
    'SELECT u.id, u.code, u.name, u.agency, r.level, u.region_code FROM unit u JOIN region r ON r.code = u.region_code WHERE u.id = $1',
    [id],
  );
  return u ? { id: u.id, code: u.code, name: u.name, agency: u.agency, level: u.level, regionCode: u.region_code } : null;
}

export async function regionExists(db: Queryable, code: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM region WHERE code = $1', [code])).length > 0;
}

/** Units of these agencies with their open load (disputes they handle that are not closed, visited or withdrawn). */
export async function candidateUnits(db: Queryable, agencies: readonly string[]): Promise<(UnitRow & { openLoad: number })[]> {
  const rows = await db.query<{ id: string; code: string; name: string; agency: string; level: string; region_code: string; open_load: number }>(
    `SELECT u.id, u.code, u.name, u.agency, r.level, u.region_code,
            (SELECT count(*)::int FROM dispute d WHERE d.handling_unit_id = u.id AND d.state NOT IN ('closed', 'followed-up', 'withdrawn')) AS open_load
       FROM unit u JOIN region r ON r.code = u.region_code
      WHERE u.agency = ANY($1::text[])`,
    [agencies],
  );
  return rows.map((u) => ({ id: u.id, code: u.code, name: u.name, agency: u.agency, level: u.level, regionCode: u.region_code, openLoad: u.open_load }));
}

export interface DisputeFilter {
  state?: DisputeState | 'open' | undefined;
  type?: string | undefined;
  riskLevel?: string | undefined;
  unitId?: string | undefined;
  regionPrefix?: string | undefined;
  mine?: string | undefined;
  overdueAt?: string | undefined;
  limit: number;
  offset: number;
}

const OPEN_STATES = ['intake', 'assessed', 'routed', 'handling', 'agreement', 'no-agreement', 'confirmation-requested', 'confirmed', 'refused'];

export async function listDisputes(db: Queryable, scope: Scope, f: DisputeFilter): Promise<{ total: number; items: (DisputeRecord & { firstApplicant: string | null; firstRespondent: string | null })[] }> {
  const params: unknown[] = [];
  const where = [
    scopeToSql(scope, {
      unitId: 'COALESCE(d.handling_unit_id, d.intake_unit_id)',
      regionCode: 'd.region_code',
      agency: 'COALESCE(hu.agency, iu.agency)',
      partyUnit: (p) => `(d.intake_unit_id = ${p} OR d.handling_unit_id = ${p} OR a.court_unit_id = ${p})`,
    }, params),
  ];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.state === 'open') where.push(`d.state = ANY(${bind(OPEN_STATES)}::text[])`);
  else if (f.state) where.push(`d.state = ${bind(f.state)}`);
  if (f.type) where.push(`d.type = ${bind(f.type)}`);
  if (f.riskLevel) where.push(`d.risk_level = ${bind(f.riskLevel)}`);
  if (f.unitId) {
    const p = bind(f.unitId);
    where.push(`(d.handling_unit_id = ${p} OR d.intake_unit_id = ${p})`);
  }
  if (f.regionPrefix) where.push(`d.region_code LIKE ${bind(`${f.regionPrefix}%`)}`);
  if (f.mine) {
    const p = bind(f.mine);
    where.push(`(d.handler_id = ${p} OR d.intake_by = ${p})`);
  }
  if (f.overdueAt) where.push(`d.due_at < ${bind(f.overdueAt)} AND d.state = ANY(${bind(OPEN_STATES)}::text[])`);
  const clause = where.join(' AND ');
  const [count] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM dispute d JOIN unit iu ON iu.id = d.intake_unit_id LEFT JOIN unit hu ON hu.id = d.handling_unit_id
       LEFT JOIN mediation_agreement a ON a.dispute_id = d.id WHERE ${clause}`,
    params,
  );
  const rows = await db.query<Row>(
    `SELECT * FROM (${SELECT}) d0 WHERE d0.id IN (
        SELECT d.id FROM dispute d JOIN unit iu ON iu.id = d.intake_unit_id LEFT JOIN unit hu ON hu.id = d.handling_unit_id
          LEFT JOIN mediation_agreement a ON a.dispute_id = d.id WHERE ${clause})
      ORDER BY d0.created_at DESC, d0.number DESC LIMIT ${bind(f.limit)} OFFSET ${bind(f.offset)}`,
    params,
  );
  const ids = rows.map((r) => r.id as string);
  const parties = ids.length === 0 ? [] : await db.query<{ dispute_id: string; role: string; name: string }>(
    'SELECT DISTINCT ON (dispute_id, role) dispute_id, role, name FROM dispute_party WHERE dispute_id = ANY($1::uuid[]) ORDER BY dispute_id, role, position',
    [ids],
  );
  const first = (id: string, role: string) => parties.find((p) => p.dispute_id === id && p.role === role)?.name ?? null;
  return { total: count!.n, items: rows.map((r) => ({ ...toRecord(r), firstApplicant: first(r.id as string, 'applicant'), firstRespondent: first(r.id as string, 'respondent') })) };
}

/**
 * The disputes whose next step is the unit's: those it holds (open, or closed and not yet visited), and those
 * whose agreement it is asked to confirm; the soonest due first.
 */
export async function disputesAwaiting(db: Queryable, unitId: string, limit: number): Promise<DisputeRecord[]> {
  const rows = await db.query<Row>(
    `${SELECT}
      WHERE (COALESCE(d.handling_unit_id, d.intake_unit_id) = $1 AND d.state = ANY($2::text[]))
         OR (a.court_unit_id = $1 AND d.state = 'confirmation-requested')
      ORDER BY d.due_at NULLS LAST, d.created_at LIMIT $3`,
    [unitId, [...OPEN_STATES.filter((s) => s !== 'confirmation-requested'), 'closed'], limit],
  );
  return rows.map(toRecord);
}
