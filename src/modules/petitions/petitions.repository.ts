/** SQL of petitions: the petitions, the bodies they are with, their timeline. */
import type { Queryable } from '../../db/client.ts';
import { scopeToSql } from '../../db/scope-sql.ts';
import type { Scope } from '../../engine/permissions/permissions.ts';
import type { PetitionAction, PetitionState } from '../../engine/petitions/petition-flow.ts';
import { iso } from '../cases/cases.repository.ts';

const isoOf = (v: Date | string): string => iso(v)!;

export interface PetitionRecord {
  id: string;
  number: string;
  trackingCode: string;
  channel: string;
  state: PetitionState;
  petitionerName: string;
  petitionerPhone: string | null;
  petitionerIdNumber: string | null;
  respondent: string;
  respondentUnitId: string | null;
  subject: string;
  content: string;
  regionCode: string;
  receivingUnitId: string;
  receivingUnitName: string;
  handlingUnitId: string | null;
  handlingUnitName: string | null;
  /** The unit that has the matter in hand: for one in its case's legal procedure, the unit holding the case. */
  answeringUnitId: string;
  answeringAgency: string;
  matterKey: string;
  lawRelated: boolean;
  caseId: string | null;
  caseNumber: string | null;
  caseStage: string | null;
  caseHolderUnitId: string | null;
  caseHolderUnitName: string | null;
  legalRoute: string | null;
  complexExtended: boolean;
  extensionReason: string | null;
  outcome: 'supported' | 'explained' | 'not-supported' | null;
  opinion: string | null;
  receivedAt: string;
  closedAt: string | null;
  version: number;
  /** The bodies that hold the petitioner's data now (petition_unit rows not released). */
  partyUnitIds: string[];
  /** How many petitions share its matter key, itself included (repeat petitions of one matter). */
  matterPetitions: number;
  /** The earliest due moment of the running clocks a body answers for. */
  nextDueAt: string | null;
}

// the answering unit: the case's holder once in the legal procedure, else the handling body, else the office
const ANSWERING = `CASE WHEN p.state = 'in-legal-procedure' THEN coalesce(c.holder_unit_id, p.handling_unit_id, p.receiving_unit_id) ELSE coalesce(p.handling_unit_id, p.receiving_unit_id) END`;

const SELECT = `SELECT p.*, ru.name AS receiving_unit_name, hu.name AS handling_unit_name, ${ANSWERING} AS answering_unit_id, au.agency AS answering_agency,
       c.case_number, c.stage AS case_stage, c.holder_unit_id AS case_holder_unit_id, cu.name AS case_holder_unit_name,
       ARRAY(SELECT DISTINCT pu.unit_id::text FROM petition_unit pu WHERE pu.petition_id = p.id AND pu.released_at IS NULL) AS party_unit_ids,
       (SELECT count(*)::int FROM petition m WHERE m.matter_key = p.matter_key) AS matter_petitions,
       (SELECT min(mc.due_at) FROM matter_clock mc WHERE mc.matter_kind = 'petition' AND mc.matter_id = p.id AND mc.state = 'running' AND mc.unit_id IS NOT NULL) AS next_due_at
  FROM petition p
  JOIN unit ru ON ru.id = p.receiving_unit_id
  LEFT JOIN unit hu ON hu.id = p.handling_unit_id
  LEFT JOIN criminal_case c ON c.id = p.case_id
  LEFT JOIN unit cu ON cu.id = c.holder_unit_id
  JOIN unit au ON au.id = ${ANSWERING}`;

type Row = {
  id: string; number: string; tracking_code: string; channel: string; state: PetitionState; petitioner_name: string; petitioner_phone: string | null;
  petitioner_id_number: string | null; respondent: string; respondent_unit_id: string | null; subject: string; content: string; region_code: string;
  receiving_unit_id: string; receiving_unit_name: string; handling_unit_id: string | null; handling_unit_name: string | null; answering_unit_id: string;
  answering_agency: string; matter_key: string; law_related: boolean; case_id: string | null; case_number: string | null; case_stage: string | null;
  case_holder_unit_id: string | null; case_holder_unit_name: string | null; legal_route: string | null; complex_extended: boolean;
  extension_reason: string | null; outcome: PetitionRecord['outcome']; opinion: string | null; received_at: Date | string; closed_at: Date | string | null;
  version: number; party_unit_ids: string[] | null; matter_petitions: number; next_due_at: Date | string | null;
};

const toPetition = (r: Row): PetitionRecord => ({
  id: r.id,
  number: r.number,
  trackingCode: r.tracking_code,
  channel: r.channel,
  state: r.state,
  petitionerName: r.petitioner_name,
  petitionerPhone: r.petitioner_phone,
  petitionerIdNumber: r.petitioner_id_number,
  respondent: r.respondent,
  respondentUnitId: r.respondent_unit_id,
  subject: r.subject,
  content: r.content,
  regionCode: r.region_code,
  receivingUnitId: r.receiving_unit_id,
  receivingUnitName: r.receiving_unit_name,
  handlingUnitId: r.handling_unit_id,
  handlingUnitName: r.handling_unit_name,
  answeringUnitId: r.answering_unit_id,
  answeringAgency: r.answering_agency,
  matterKey: r.matter_key,
  lawRelated: r.law_related,
  caseId: r.case_id,
  caseNumber: r.case_number,
  caseStage: r.case_stage,
  caseHolderUnitId: r.case_holder_unit_id,
  caseHolderUnitName: r.case_holder_unit_name,
  legalRoute: r.legal_route,
  complexExtended: r.complex_extended,
  extensionReason: r.extension_reason,
  outcome: r.outcome,
  opinion: r.opinion,
  receivedAt: isoOf(r.received_at),
  closedAt: iso(r.closed_at),
  version: r.version,
  partyUnitIds: r.party_unit_ids ?? [],
  matterPetitions: r.matter_petitions,
  nextDueAt: iso(r.next_due_at),
});

export async function findPetition(db: Queryable, id: string, lock = false): Promise<PetitionRecord | null> {
  const rows = await db.query<Row>(`${SELECT} WHERE p.id = $1${lock ? ' FOR UPDATE OF p' : ''}`, [id]);
  return rows[0] ? toPetition(rows[0]) : null;
}

export async function findPetitionByTrackingCode(db: Queryable, trackingCode: string): Promise<PetitionRecord | null> {
  const rows = await db.query<Row>(`${SELECT} WHERE p.tracking_code = $1`, [trackingCode]);
  return rows[0] ? toPetition(rows[0]) : null;
}

export type NewPetition = Pick<
  PetitionRecord,
  | 'trackingCode' | 'channel' | 'petitionerName' | 'petitionerPhone' | 'petitionerIdNumber' | 'respondent' | 'respondentUnitId'
  | 'subject' | 'content' | 'regionCode' | 'receivingUnitId' | 'matterKey' | 'lawRelated' | 'receivedAt'
> & { createdBy: string | null };

export async function insertPetition(tx: Queryable, n: NewPetition): Promise<{ id: string; number: string; trackingCode: string }> {
  const [row] = await tx.query<{ id: string; number: string; tracking_code: string }>(
    `INSERT INTO petition (number, tracking_code, channel, state, petitioner_name, petitioner_phone, petitioner_id_number, respondent, respondent_unit_id,
                           subject, content, region_code, receiving_unit_id, matter_key, law_related, received_at, created_by)
     VALUES ('信' || to_char($14::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || (SELECT lpad(n::text, greatest(6, length(n::text)), '0') FROM nextval('petition_number_seq') AS n),
             $1, $2, 'received', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     RETURNING id, number, tracking_code`,
    [n.trackingCode, n.channel, n.petitionerName, n.petitionerPhone, n.petitionerIdNumber, n.respondent, n.respondentUnitId, n.subject, n.content,
      n.regionCode, n.receivingUnitId, n.matterKey, n.lawRelated, n.receivedAt, n.createdBy],
  );
  return { id: row!.id, number: row!.number, trackingCode: row!.tracking_code };
}

/** The fields a step of the flow changes; those not given stay as they are. */
export interface PetitionChange {
  state: PetitionState;
  handlingUnitId?: string | null;
  caseId?: string;
  legalRoute?: string;
  lawRelated?: boolean;
  extensionReason?: string;
  outcome?: NonNullable<PetitionRecord['outcome']>;
  opinion?: string;
  closedAt?: string;
}

export async function updatePetition(tx: Queryable, id: string, c: PetitionChange): Promise<void> {
  const sets = ['state = $2', 'version = version + 1'];
  const params: unknown[] = [id, c.state];
  const set = (column: string, value: unknown) => sets.push(`${column} = $${params.push(value)}`);
  if (c.handlingUnitId !== undefined) set('handling_unit_id', c.handlingUnitId);
  if (c.caseId !== undefined) set('case_id', c.caseId);
  if (c.legalRoute !== undefined) set('legal_route', c.legalRoute);
  if (c.lawRelated !== undefined) set('law_related', c.lawRelated);
  if (c.extensionReason !== undefined) {
    set('extension_reason', c.extensionReason);
    sets.push('complex_extended = true');
  }
  if (c.outcome !== undefined) set('outcome', c.outcome);
  if (c.opinion !== undefined) set('opinion', c.opinion);
  if (c.closedAt !== undefined) set('closed_at', c.closedAt);
  await tx.query(`UPDATE petition SET ${sets.join(', ')} WHERE id = $1`, params);
}

export async function addPetitionUnit(tx: Queryable, u: { petitionId: string; unitId: string; role: 'receiving' | 'handling' | 'review' | 'rereview'; since: string }): Promise<void> {
  await tx.query('INSERT INTO petition_unit (petition_id, unit_id, role, since) VALUES ($1, $2, $3, $4)', [u.petitionId, u.unitId, u.role, u.since]);
}

/** The bodies whose part has ended no longer hold the petitioner's data; without `unitId`, every body but the receiving office. */
export async function releasePetitionUnits(tx: Queryable, petitionId: string, at: string, unitId?: string): Promise<void> {
  await tx.query(
    `UPDATE petition_unit SET released_at = $2 WHERE petition_id = $1 AND released_at IS NULL AND ($3::uuid IS NULL AND role <> 'receiving' OR unit_id = $3::uuid)`,
    [petitionId, at, unitId ?? null],
  );
}

export interface PetitionEvent {
  id: number;
  at: string;
  kind: PetitionAction;
  unitId: string | null;
  unitName: string | null;
  fromState: PetitionState | null;
  toState: PetitionState;
  note: string | null;
}

export async function appendPetitionEvent(
  tx: Queryable,
  e: { petitionId: string; at: string; kind: PetitionAction; unitId: string | null; userId: string | null; fromState: PetitionState | null; toState: PetitionState; note?: string | null },
): Promise<number> {
  const [row] = await tx.query<{ id: string | number }>(
    'INSERT INTO petition_event (petition_id, at, kind, unit_id, user_id, from_state, to_state, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id',
    [e.petitionId, e.at, e.kind, e.unitId, e.userId, e.fromState, e.toState, e.note ?? null],
  );
  return Number(row!.id);
}

export async function listPetitionEvents(db: Queryable, petitionId: string): Promise<PetitionEvent[]> {
  const rows = await db.query<{ id: string | number; at: Date | string; kind: PetitionAction; unit_id: string | null; unit_name: string | null; from_state: PetitionState | null; to_state: PetitionState; note: string | null }>(
    'SELECT e.*, u.name AS unit_name FROM petition_event e LEFT JOIN unit u ON u.id = e.unit_id WHERE e.petition_id = $1 ORDER BY e.at, e.id',
    [petitionId],
  );
  return rows.map((r) => ({ id: Number(r.id), at: isoOf(r.at), kind: r.kind, unitId: r.unit_id, unitName: r.unit_name, fromState: r.from_state, toState: r.to_state, note: r.note }));
}

/** How many petitions share this matter key (the repeat petitions of one matter). */
export async function countMatter(db: Queryable, matterKey: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM petition WHERE matter_key = $1', [matterKey]);
  return row!.n;
}

export interface UnitPlace {
  id: string;
  name: string;
  agency: string;
  level: string;
  regionCode: string;
  parentRegionCode: string | null;
  /** Codes of the unit's region and of every region below it start with this. */
  scopePrefix: string;
}

export async function findUnitPlace(db: Queryable, id: string): Promise<UnitPlace | null> {
  const rows = await db.query<{ id: string; name: string; agency: string; level: string; region_code: string; parent_code: string | null; scope_prefix: string }>(
    'SELECT u.id, u.name, u.agency, u.level, u.region_code, r.parent_code, r.scope_prefix FROM unit u JOIN region r ON r.code = u.region_code WHERE u.id = $1',
    [id],
  );
  const r = rows[0];
  return r ? { id: r.id, name: r.name, agency: r.agency, level: r.level, regionCode: r.region_code, parentRegionCode: r.parent_code, scopePrefix: r.scope_prefix } : null;
}

export async function regionExists(db: Queryable, code: string): Promise<boolean> {
  return (await db.query<{ code: string }>('SELECT code FROM region WHERE code = $1', [code])).length > 0;
}

export interface CaseByNumber {
  id: string;
  caseNumber: string;
  stage: string;
  regionCode: string;
  holderUnitId: string | null;
  partyUnitIds: string[];
}

export async function findCaseByNumber(db: Queryable, caseNumber: string): Promise<CaseByNumber | null> {
  const rows = await db.query<{ id: string; case_number: string; stage: string; region_code: string; holder_unit_id: string | null; party_unit_ids: string[] | null }>(
    `SELECT c.id, c.case_number, c.stage, c.region_code, c.holder_unit_id,
            ARRAY(SELECT cu.unit_id::text FROM case_unit cu WHERE cu.case_id = c.id) AS party_unit_ids
       FROM criminal_case c WHERE c.case_number = $1`,
    [caseNumber],
  );
  const r = rows[0];
  return r ? { id: r.id, caseNumber: r.case_number, stage: r.stage, regionCode: r.region_code, holderUnitId: r.holder_unit_id, partyUnitIds: r.party_unit_ids ?? [] } : null;
}

export interface ProgressClock {
  ruleId: string;
  state: 'running' | 'paused' | 'stopped';
  dueAt: string | null;
  startedAt: string;
}

/** The petition's clocks without the units that answer for them (for the petitioner's progress page). */
export async function progressClocks(db: Queryable, petitionId: string): Promise<ProgressClock[]> {
  const rows = await db.query<{ rule_id: string; state: ProgressClock['state']; due_at: Date | string | null; started_at: Date | string }>(
    "SELECT rule_id, state, due_at, started_at FROM matter_clock WHERE matter_kind = 'petition' AND matter_id = $1 ORDER BY started_at, rule_id, id",
    [petitionId],
  );
  return rows.map((r) => ({ ruleId: r.rule_id, state: r.state, dueAt: iso(r.due_at), startedAt: isoOf(r.started_at) }));
}

export interface PetitionFilter {
  state?: PetitionState;
  /** Only those still open (not final, not refused). */
  open?: boolean;
  channel?: string;
  lawRelated?: boolean;
  /** The petitions of the same matter as this petition (itself included). */
  sameMatterAs?: string;
  caseId?: string;
  handlingUnitId?: string;
  limit: number;
  offset: number;
}

export async function listPetitions(db: Queryable, scope: Scope, f: PetitionFilter): Promise<{ total: number; items: PetitionRecord[] }> {
  const params: unknown[] = [];
  const where = [
    scopeToSql(
      scope,
      {
        unitId: ANSWERING,
        regionCode: 'p.region_code',
        agency: 'au.agency',
        partyUnit: (u) => `(EXISTS (SELECT 1 FROM petition_unit pu WHERE pu.petition_id = p.id AND pu.unit_id = ${u} AND pu.released_at IS NULL))`,
      },
      params,
    ),
  ];
  if (f.state) where.push(`p.state = $${params.push(f.state)}`);
  if (f.open) where.push(`p.state NOT IN ('final', 'not-accepted', 'in-legal-procedure')`);
  if (f.channel) where.push(`p.channel = $${params.push(f.channel)}`);
  if (f.lawRelated !== undefined) where.push(`p.law_related = $${params.push(f.lawRelated)}`);
  if (f.sameMatterAs) where.push(`p.matter_key = (SELECT m.matter_key FROM petition m WHERE m.id = $${params.push(f.sameMatterAs)}::uuid)`);
  if (f.caseId) where.push(`p.case_id = $${params.push(f.caseId)}::uuid`);
  if (f.handlingUnitId) where.push(`p.handling_unit_id = $${params.push(f.handlingUnitId)}::uuid`);
  const sqlWhere = `WHERE ${where.join(' AND ')}`;
  const from = `FROM petition p LEFT JOIN criminal_case c ON c.id = p.case_id JOIN unit au ON au.id = ${ANSWERING}`;
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${from} ${sqlWhere}`, params);
  const rows = await db.query<Row>(`${SELECT} ${sqlWhere} ORDER BY p.received_at DESC, p.id LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset)}`, params);
  return { total: count!.n, items: rows.map(toPetition) };
}
