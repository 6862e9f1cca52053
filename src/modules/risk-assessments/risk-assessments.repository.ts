/** SQL of stability risk assessments: the assessment, its opinions, risks, mitigations and timeline. */
import type { Queryable } from '../../db/client.ts';
import { scopeToSql } from '../../db/scope-sql.ts';
import { type NewStateTimelineEntry, type StateTimeline, type StateTimelineEntry, appendStateTimeline, listStateTimeline } from '../../db/state-timeline.ts';
import type { Scope } from '../../engine/permissions/permissions.ts';
import type { RiskAssessmentState } from '../../engine/risk-assessments/assessment-flow.ts';
import type { Decision, OpinionKind, RiskLevel } from '../../engine/risk-assessments/risk-matrix.ts';
import { iso } from '../cases/cases.repository.ts';

export interface AssessmentRecord {
  id: string;
  number: string;
  title: string;
  summary: string;
  decisionBody: string;
  ownerUnitId: string;
  ownerUnitName: string;
  ownerAgency: string;
  regionCode: string;
  regionName: string;
  peopleAffected: number;
  state: RiskAssessmentState;
  plan: string | null;
  planDueOn: string | null;
  rating: RiskLevel | null;
  decision: Decision | null;
  decisionNote: string | null;
  reviewNote: string | null;
  reassessments: number;
  registeredAt: string;
  plannedAt: string | null;
  ratedAt: string | null;
  decidedAt: string | null;
  reviewedAt: string | null;
  updatedAt: string;
  version: number;
}

type Row = {
  id: string; number: string; title: string; summary: string; decision_body: string; owner_unit_id: string; owner_unit_name: string; owner_agency: string;
  region_code: string; region_name: string; people_affected: number; state: RiskAssessmentState; plan: string | null; plan_due_day: string | null;
  rating: RiskLevel | null; decision: Decision | null; decision_note: string | null; review_note: string | null; reassessments: number;
  registered_at: Date | string; planned_at: Date | string | null; rated_at: Date | string | null; decided_at: Date | string | null; reviewed_at: Date | string | null;
  updated_at: Date | string; version: number;
};

const SELECT = `SELECT a.*, to_char(a.plan_due_on, 'YYYY-MM-DD') AS plan_due_day, u.name AS owner_unit_name, u.agency AS owner_agency, r.name AS region_name
  FROM risk_assessment a JOIN unit u ON u.id = a.owner_unit_id JOIN region r ON r.code = a.region_code`;

/** A date column, read as its text YYYY-MM-DD (to_char in the SELECT: no time zone moves it). */
const day = (v: string | null): string | null => v;

const toRecord = (r: Row): AssessmentRecord => ({
  id: r.id,
  number: r.number,
  title: r.title,
  summary: r.summary,
  decisionBody: r.decision_body,
  ownerUnitId: r.owner_unit_id,
  ownerUnitName: r.owner_unit_name,
  ownerAgency: r.owner_agency,
  regionCode: r.region_code,
  regionName: r.region_name,
  peopleAffected: r.people_affected,
  state: r.state,
  plan: r.plan,
  planDueOn: day(r.plan_due_day),
  rating: r.rating,
  decision: r.decision,
  decisionNote: r.decision_note,
  reviewNote: r.review_note,
  reassessments: r.reassessments,
  registeredAt: iso(r.registered_at),
  plannedAt: iso(r.planned_at),
  ratedAt: iso(r.rated_at),
  decidedAt: iso(r.decided_at),
  reviewedAt: iso(r.reviewed_at),
  updatedAt: iso(r.updated_at),
  version: r.version,
});

export async function findAssessment(db: Queryable, id: string, lock = false): Promise<AssessmentRecord | null> {
  const rows = await db.query<Row>(`${SELECT} WHERE a.id = $1${lock ? ' FOR UPDATE OF a' : ''}`, [id]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export interface NewAssessment {
  title: string;
  summary: string;
  decisionBody: string;
  ownerUnitId: string;
  regionCode: string;
  peopleAffected: number;
  registeredAt: string;
  createdBy: string | null;
}

export async function insertAssessment(tx: Queryable, n: NewAssessment): Promise<{ id: string; number: string }> {
  const [row] = await tx.query<{ id: string; number: string }>(
    `INSERT INTO risk_assessment (number, title, summary, decision_body, owner_unit_id, region_code, people_affected, state, registered_at, updated_at, created_by)
     VALUES ('稳' || to_char($7::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || (SELECT lpad(n::text, greatest(6, length(n::text)), '0') FROM nextval('risk_assessment_number_seq') AS n),
             $1, $2, $3, $4, $5, $6, 'registered', $7, $7, $8)
     RETURNING id, number`,
    [n.title, n.summary, n.decisionBody, n.ownerUnitId, n.regionCode, n.peopleAffected, n.registeredAt, n.createdBy],
  );
  return row!;
}

/** The columns a step may set besides the state (a closed list: no text from a request names a column). */
export interface AssessmentChange {
  state: RiskAssessmentState;
  at: string;
  plan?: string;
  planDueOn?: string;
  rating?: RiskLevel | null;
  decision?: Decision | null;
  decisionNote?: string | null;
  reviewNote?: string;
  reassessed?: boolean;
  stamp?: 'planned_at' | 'rated_at' | 'decided_at' | 'reviewed_at';
}

/** Saves a step: optimistic on the version read under the row lock. */
export async function updateAssessment(tx: Queryable, id: string, version: number, c: AssessmentChange): Promise<void> {
  const sets = ['state = $3', 'updated_at = $4', 'version = version + 1'];
  const params: unknown[] = [id, version, c.state, c.at];
  const set = (col: string, v: unknown) => sets.push(`${col} = $${params.push(v)}`);
  if (c.plan !== undefined) set('plan', c.plan);
  if (c.planDueOn !== undefined) set('plan_due_on', c.planDueOn);
  if (c.rating !== undefined) set('rating', c.rating);
  if (c.decision !== undefined) set('decision', c.decision);
  if (c.decisionNote !== undefined) set('decision_note', c.decisionNote);
  if (c.reviewNote !== undefined) set('review_note', c.reviewNote);
  if (c.reassessed) sets.push('reassessments = reassessments + 1');
  if (c.stamp) sets.push(`${c.stamp} = $4`);
  const rows = await tx.query<{ id: string }>(`UPDATE risk_assessment SET ${sets.join(', ')} WHERE id = $1 AND version = $2 RETURNING id`, params);
  if (rows.length !== 1) throw new Error(`risk_assessment ${id}: version ${version} changed under its lock`);
}

export interface OpinionRecord {
  id: string;
  kind: OpinionKind;
  heldOn: string;
  summary: string;
  participants: number;
  countFor: number;
  countAgainst: number;
  recordedAt: string;
}

export async function insertOpinion(tx: Queryable, assessmentId: string, o: Omit<OpinionRecord, 'id'> & { recordedBy: string | null }): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO risk_opinion (assessment_id, kind, held_on, summary, participants, count_for, count_against, recorded_at, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [assessmentId, o.kind, o.heldOn, o.summary, o.participants, o.countFor, o.countAgainst, o.recordedAt, o.recordedBy],
  );
  return row!.id;
}

export async function listOpinions(db: Queryable, assessmentId: string): Promise<OpinionRecord[]> {
  const rows = await db.query<{ id: string; kind: OpinionKind; held_day: string; summary: string; participants: number; count_for: number; count_against: number; recorded_at: Date | string }>(
    "SELECT *, to_char(held_on, 'YYYY-MM-DD') AS held_day FROM risk_opinion WHERE assessment_id = $1 ORDER BY held_on, recorded_at, id",
    [assessmentId],
  );
  return rows.map((r) => ({ id: r.id, kind: r.kind, heldOn: day(r.held_day)!, summary: r.summary, participants: r.participants, countFor: r.count_for, countAgainst: r.count_against, recordedAt: iso(r.recorded_at) }));
}

export interface RiskItemRecord {
  id: string;
  title: string;
  likelihood: number;
  impact: number;
  level: RiskLevel;
  mitigation: string;
  listedAt: string;
  updatedAt: string;
}

export async function insertRiskItem(tx: Queryable, assessmentId: string, r: Omit<RiskItemRecord, 'id' | 'updatedAt'>): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    'INSERT INTO risk_item (assessment_id, title, likelihood, impact, level, mitigation, listed_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id',
    [assessmentId, r.title, r.likelihood, r.impact, r.level, r.mitigation, r.listedAt],
  );
  return row!.id;
}

export async function updateRiskItem(tx: Queryable, id: string, r: Pick<RiskItemRecord, 'title' | 'likelihood' | 'impact' | 'level' | 'mitigation' | 'updatedAt'>): Promise<void> {
  await tx.query('UPDATE risk_item SET title = $2, likelihood = $3, impact = $4, level = $5, mitigation = $6, updated_at = $7 WHERE id = $1', [id, r.title, r.likelihood, r.impact, r.level, r.mitigation, r.updatedAt]);
}

export async function listRiskItems(db: Queryable, assessmentId: string): Promise<RiskItemRecord[]> {
  const rows = await db.query<{ id: string; title: string; likelihood: number; impact: number; level: RiskLevel; mitigation: string; listed_at: Date | string; updated_at: Date | string }>(
    'SELECT * FROM risk_item WHERE assessment_id = $1 ORDER BY listed_at, id',
    [assessmentId],
  );
  return rows.map((r) => ({ id: r.id, title: r.title, likelihood: Number(r.likelihood), impact: Number(r.impact), level: r.level, mitigation: r.mitigation, listedAt: iso(r.listed_at), updatedAt: iso(r.updated_at) }));
}

export interface MitigationRecord {
  id: string;
  riskItemId: string;
  action: string;
  responsibleUnitId: string;
  responsibleUnitName: string;
  dueOn: string;
  state: 'open' | 'done';
  doneAt: string | null;
  note: string | null;
  openExplanation: string | null;
  createdAt: string;
}

export async function insertMitigation(
  tx: Queryable, assessmentId: string, m: Pick<MitigationRecord, 'riskItemId' | 'action' | 'responsibleUnitId' | 'dueOn' | 'createdAt'>,
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO risk_mitigation (assessment_id, risk_item_id, action, responsible_unit_id, due_on, state, created_at) VALUES ($1, $2, $3, $4, $5, 'open', $6) RETURNING id`,
    [assessmentId, m.riskItemId, m.action, m.responsibleUnitId, m.dueOn, m.createdAt],
  );
  return row!.id;
}

export async function completeMitigation(tx: Queryable, id: string, doneAt: string, note: string | null): Promise<void> {
  await tx.query("UPDATE risk_mitigation SET state = 'done', done_at = $2, note = $3 WHERE id = $1 AND state = 'open'", [id, doneAt, note]);
}

export async function explainOpenMitigation(tx: Queryable, id: string, explanation: string): Promise<void> {
  await tx.query("UPDATE risk_mitigation SET open_explanation = $2 WHERE id = $1 AND state = 'open'", [id, explanation]);
}

export async function listMitigations(db: Queryable, assessmentId: string): Promise<MitigationRecord[]> {
  const rows = await db.query<{
    id: string; risk_item_id: string; action: string; responsible_unit_id: string; responsible_unit_name: string; due_day: string; state: 'open' | 'done';
    done_at: Date | string | null; note: string | null; open_explanation: string | null; created_at: Date | string;
  }>(
    `SELECT m.*, to_char(m.due_on, 'YYYY-MM-DD') AS due_day, u.name AS responsible_unit_name FROM risk_mitigation m JOIN unit u ON u.id = m.responsible_unit_id
      WHERE m.assessment_id = $1 ORDER BY m.created_at, m.id`,
    [assessmentId],
  );
  return rows.map((r) => ({
    id: r.id, riskItemId: r.risk_item_id, action: r.action, responsibleUnitId: r.responsible_unit_id, responsibleUnitName: r.responsible_unit_name,
    dueOn: day(r.due_day)!, state: r.state, doneAt: iso(r.done_at), note: r.note, openExplanation: r.open_explanation, createdAt: iso(r.created_at),
  }));
}

const TIMELINE: StateTimeline = { table: 'risk_assessment_event', owner: 'assessment_id' };

export const appendTimeline = (tx: Queryable, assessmentId: string, e: NewStateTimelineEntry): Promise<number> => appendStateTimeline(tx, TIMELINE, assessmentId, e);
export const listTimeline = (db: Queryable, assessmentId: string): Promise<StateTimelineEntry[]> => listStateTimeline(db, TIMELINE, assessmentId);

export interface AssessmentFilter {
  state?: RiskAssessmentState;
  rating?: RiskLevel;
  regionCode?: string;
  ownerUnitId?: string;
  openOnly?: boolean;
  limit: number;
  offset: number;
}

export async function listAssessments(db: Queryable, scope: Scope, f: AssessmentFilter): Promise<{ total: number; items: AssessmentRecord[] }> {
  const params: unknown[] = [];
  const where = [scopeToSql(scope, { unitId: 'a.owner_unit_id', regionCode: 'a.region_code', agency: 'u.agency' }, params)];
  if (f.state) where.push(`a.state = $${params.push(f.state)}`);
  if (f.rating) where.push(`a.rating = $${params.push(f.rating)}`);
  // the region and every region below it (a province's or a city's code covers its cities and counties)
  if (f.regionCode) where.push(`a.region_code LIKE (SELECT coalesce(max(scope_prefix), $${params.push(f.regionCode)}) FROM region WHERE code = $${params.length}) || '%'`);
  if (f.ownerUnitId) where.push(`a.owner_unit_id = $${params.push(f.ownerUnitId)}`);
  if (f.openOnly) where.push("a.state NOT IN ('reviewed', 'not-proceeding')");
  const sqlWhere = `WHERE ${where.join(' AND ')}`;
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM risk_assessment a JOIN unit u ON u.id = a.owner_unit_id ${sqlWhere}`, params);
  const rows = await db.query<Row>(
    `${SELECT} ${sqlWhere} ORDER BY (a.state IN ('reviewed', 'not-proceeding')), a.registered_at DESC, a.id LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset)}`,
    params,
  );
  return { total: count!.n, items: rows.map(toRecord) };
}

/** Counts of mitigations per assessment for a list page. */
export async function mitigationCounts(db: Queryable, ids: readonly string[]): Promise<Map<string, { open: number; done: number }>> {
  const out = new Map<string, { open: number; done: number }>();
  if (ids.length === 0) return out;
  const rows = await db.query<{ assessment_id: string; open: number; done: number }>(
    `SELECT assessment_id, count(*) FILTER (WHERE state = 'open')::int AS open, count(*) FILTER (WHERE state = 'done')::int AS done
       FROM risk_mitigation WHERE assessment_id = ANY($1::uuid[]) GROUP BY assessment_id`,
    [ids],
  );
  for (const r of rows) out.set(r.assessment_id, { open: r.open, done: r.done });
  return out;
}

export async function findUnit(db: Queryable, id: string): Promise<{ id: string; regionCode: string; agency: string; name: string } | null> {
  const [u] = await db.query<{ id: string; region_code: string; agency: string; name: string }>('SELECT id, region_code, agency, name FROM unit WHERE id = $1', [id]);
  return u ? { id: u.id, regionCode: u.region_code, agency: u.agency, name: u.name } : null;
}

export async function regionExists(db: Queryable, code: string): Promise<boolean> {
  const rows = await db.query<{ code: string }>('SELECT code FROM region WHERE code = $1', [code]);
  return rows.length === 1;
}
