/**
 * SQL of the indicators (issue 7 part 2): the base metrics (one query each, a count per unit over [from, to)),
 * the frozen snapshots and their values (written once: this file has no UPDATE or DELETE of them, and triggers of
 * migration 0016 refuse one), the rankings read back, and the listed remediations of regions with their timeline.
 * Other capabilities (reports, cockpit) read rankings through readRanking.
 */
import type { Queryable } from '../../db/client.ts';
import { SAFETY_INDEX_ID, type SubjectKind } from '../../engine/indicators/definitions.ts';
import type { PeriodKind } from '../../engine/indicators/period.ts';
import { type RankedValue, changeOf } from '../../engine/indicators/ranking.ts';
import type { RemediationState } from '../../engine/indicators/remediation-flow.ts';
import { METRIC_QUERIES } from '../governance-metrics/metrics.repository.ts';

type Param = 'from' | 'to' | 'days' | 'now';
interface BaseMetricQuery {
  /** yields unit_id and n: the count for each unit; $1..$k are `params` in order */
  sql: string;
  params: Param[];
}

/** A governance metric's numerator or denominator, summed per unit (rules/governance/metrics.yaml says what it counts). */
const governance = (id: string, part: 'num' | 'den'): BaseMetricQuery => ({
  sql: `SELECT b.unit_id, sum(b.${part}) AS n FROM (${METRIC_QUERIES[id]}) b GROUP BY b.unit_id`,
  params: ['from', 'to'],
});

/** When a transfer was received: its acceptance, or for a request answered without being accepted, the answer's sending (as the collaboration rate). */
const RECEIVED_AT = 'coalesce(t.received_at, (SELECT min(a.sent_at) FROM transfer a WHERE a.answers_transfer_id = t.id))';
const TRANSFERS_JUDGED = `t.sent_at >= $1 AND t.sent_at < $2 AND (${RECEIVED_AT} IS NOT NULL OR t.sent_at + make_interval(days => $3::int) <= $4::timestamptz)`;
const CLOCKS_DUE = 'c.due_at >= $1 AND c.due_at < $2 AND c.unit_id IS NOT NULL';
const GRID_STEPS = `c.matter_kind = 'grid-event' AND c.stopped_at >= $1 AND c.stopped_at < $2 AND c.unit_id IS NOT NULL`;

/** Every base metric the formulas of rules/indicators.yaml may read (the loader checks the names against these). */
export const BASE_METRICS: Record<string, BaseMetricQuery> = {
  transfers_received: {
    sql: `SELECT t.receiver_unit_id AS unit_id, count(*) AS n FROM transfer t WHERE ${TRANSFERS_JUDGED} GROUP BY t.receiver_unit_id`,
    params: ['from', 'to', 'days', 'now'],
  },
  transfers_received_in_time: {
    sql: `SELECT t.receiver_unit_id AS unit_id, count(*) AS n FROM transfer t
           WHERE ${TRANSFERS_JUDGED} AND NOT t.on_paper AND ${RECEIVED_AT} <= t.sent_at + make_interval(days => $3::int) GROUP BY t.receiver_unit_id`,
    params: ['from', 'to', 'days', 'now'],
  },
  clocks_due: { sql: `SELECT c.unit_id, count(*) AS n FROM case_clock c WHERE ${CLOCKS_DUE} GROUP BY c.unit_id`, params: ['from', 'to'] },
  clocks_overdue: {
    sql: `SELECT c.unit_id, count(*) AS n FROM case_clock c WHERE ${CLOCKS_DUE} AND c.state <> 'stopped' AND c.due_at < $3::timestamptz GROUP BY c.unit_id`,
    params: ['from', 'to', 'now'],
  },
  custody_overdue_hits: {
    sql: `SELECT h.unit_id, count(*) AS n FROM warning_hit h WHERE h.model_id = 'custody.overdue' AND h.opened_at >= $1 AND h.opened_at < $2 GROUP BY h.unit_id`,
    params: ['from', 'to'],
  },
  warnings_opened: {
    sql: 'SELECT h.unit_id, count(*) AS n FROM warning_hit h WHERE h.opened_at >= $1 AND h.opened_at < $2 GROUP BY h.unit_id',
    params: ['from', 'to'],
  },
  cases_held: {
    sql: `SELECT c.holder_unit_id AS unit_id, count(*) AS n FROM criminal_case c
           WHERE c.holder_unit_id IS NOT NULL AND c.registered_at < $2 AND (c.closed_at IS NULL OR c.closed_at >= $1) GROUP BY c.holder_unit_id`,
    params: ['from', 'to'],
  },
  supervision_closed: {
    sql: `SELECT s.assignee_unit_id AS unit_id, count(*) AS n FROM supervision_item s
           WHERE s.assignee_unit_id IS NOT NULL AND s.closed_at >= $1 AND s.closed_at < $2 GROUP BY s.assignee_unit_id`,
    params: ['from', 'to'],
  },
  supervision_closed_on_time: {
    sql: `SELECT s.assignee_unit_id AS unit_id, count(*) AS n FROM supervision_item s
           WHERE s.assignee_unit_id IS NOT NULL AND s.closed_at >= $1 AND s.closed_at < $2 AND (s.due_at IS NULL OR s.closed_at <= s.due_at) GROUP BY s.assignee_unit_id`,
    params: ['from', 'to'],
  },
  disputes_resolved: governance('dispute.resolution-rate', 'num'),
  disputes_closed: governance('dispute.resolution-rate', 'den'),
  mediations_agreed: governance('dispute.mediation-success-rate', 'num'),
  mediations_closed: governance('dispute.mediation-success-rate', 'den'),
  petition_limits_met: governance('petition.on-time-rate', 'num'),
  petition_limits_done: governance('petition.on-time-rate', 'den'),
  grid_steps_done: { sql: `SELECT c.unit_id, count(*) AS n FROM matter_clock c WHERE ${GRID_STEPS} GROUP BY c.unit_id`, params: ['from', 'to'] },
  grid_steps_on_time: {
    sql: `SELECT c.unit_id, count(*) AS n FROM matter_clock c WHERE ${GRID_STEPS} AND (c.due_at IS NULL OR c.stopped_at <= c.due_at) GROUP BY c.unit_id`,
    params: ['from', 'to'],
  },
  visits_satisfied: governance('dispute.satisfaction-rate', 'num'),
  visits_rated: governance('dispute.satisfaction-rate', 'den'),
};

export interface MetricWindow {
  fromIso: string;
  toIso: string;
  /** N of "received within N days" */
  days: number;
  /** the moment the snapshot is taken (clocks still running then are overdue; transfers younger than N days not judged) */
  nowIso: string;
}

/** The base metrics named, per unit id (a unit with nothing counted is absent: read it as 0). */
export async function countBaseMetrics(db: Queryable, names: readonly string[], w: MetricWindow): Promise<Map<string, Record<string, number>>> {
  const byUnit = new Map<string, Record<string, number>>();
  const values: Record<Param, unknown> = { from: w.fromIso, to: w.toIso, days: w.days, now: w.nowIso };
  for (const name of names) {
    const q = BASE_METRICS[name];
    if (!q) throw new Error(`no query counts base metric ${name}`);
    const rows = await db.query<{ unit_id: string; n: string | number }>(q.sql, q.params.map((p) => values[p]));
    for (const r of rows) {
      if (r.unit_id === null) continue;
      const m = byUnit.get(r.unit_id) ?? {};
      m[name] = Number(r.n);
      byUnit.set(r.unit_id, m);
    }
  }
  return byUnit;
}

export interface RegionRow {
  code: string;
  name: string;
  nameEn: string;
  level: string;
  parentCode: string | null;
  scopePrefix: string;
}

const REGION_COLUMNS = 'code, name, name_en AS "nameEn", level, parent_code AS "parentCode", scope_prefix AS "scopePrefix"';

export async function findRegion(db: Queryable, code: string): Promise<RegionRow | null> {
  const [r] = await db.query<RegionRow>(`SELECT ${REGION_COLUMNS} FROM region WHERE code = $1`, [code]);
  return r ?? null;
}

export async function childRegions(db: Queryable, code: string): Promise<RegionRow[]> {
  return db.query<RegionRow>(`SELECT ${REGION_COLUMNS} FROM region WHERE parent_code = $1 ORDER BY code`, [code]);
}

export async function regionsByCodes(db: Queryable, codes: readonly string[]): Promise<RegionRow[]> {
  return db.query<RegionRow>(`SELECT ${REGION_COLUMNS} FROM region WHERE code = ANY($1::text[])`, [codes]);
}

/** The root of the region tree (the province). */
export async function rootRegion(db: Queryable): Promise<RegionRow | null> {
  const [r] = await db.query<RegionRow>(`SELECT ${REGION_COLUMNS} FROM region WHERE parent_code IS NULL ORDER BY code LIMIT 1`);
  return r ?? null;
}

/** The units of a region and below. */
export async function unitsWithin(db: Queryable, scopePrefix: string): Promise<{ id: string; name: string; agency: string; regionCode: string }[]> {
  return db.query<{ id: string; name: string; agency: string; regionCode: string }>(
    `SELECT id, name, agency, region_code AS "regionCode" FROM unit WHERE region_code LIKE $1 || '%' ORDER BY region_code, code`,
    [scopePrefix],
  );
}

export interface SnapshotRecord {
  id: string;
  periodKind: PeriodKind;
  period: string;
  regionCode: string;
  regionName: string;
  takenAt: string;
  takenBy: string | null;
  /** the unit of the account that took it (null: the scheduler or the command line) */
  takenByUnit: string | null;
  rulesDigest: string;
  definitions: unknown;
  values: number;
}

const SNAPSHOT_SELECT = `SELECT s.id, s.period_kind AS "periodKind", s.period, s.region_code AS "regionCode", r.name AS "regionName",
    s.taken_at AS "takenAt", s.taken_by AS "takenBy", tu.name AS "takenByUnit", s.rules_digest AS "rulesDigest", s.definitions,
    (SELECT count(*)::int FROM indicator_value v WHERE v.snapshot_id = s.id) AS values
  FROM indicator_snapshot s JOIN region r ON r.code = s.region_code LEFT JOIN app_user u ON u.id = s.taken_by LEFT JOIN unit tu ON tu.id = u.unit_id`;

const toSnapshot = (r: SnapshotRecord): SnapshotRecord => ({ ...r, takenAt: new Date(r.takenAt).toISOString() });

export async function findSnapshot(db: Queryable, q: { periodKind: PeriodKind; period: string; regionCode: string }): Promise<SnapshotRecord | null> {
  const [r] = await db.query<SnapshotRecord>(`${SNAPSHOT_SELECT} WHERE s.period_kind = $1 AND s.period = $2 AND s.region_code = $3`, [q.periodKind, q.period, q.regionCode]);
  return r ? toSnapshot(r) : null;
}

export async function listSnapshots(db: Queryable, q: { periodKind?: PeriodKind | undefined; regionCode?: string | undefined; limit: number; offset: number }): Promise<{ items: SnapshotRecord[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.periodKind) where.push(`s.period_kind = $${params.push(q.periodKind)}`);
  if (q.regionCode) where.push(`s.region_code = $${params.push(q.regionCode)}`);
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM indicator_snapshot s ${cond}`, params);
  const items = await db.query<SnapshotRecord>(
    `${SNAPSHOT_SELECT} ${cond} ORDER BY s.period_kind, s.period DESC, s.region_code LIMIT $${params.push(q.limit)} OFFSET $${params.push(q.offset)}`,
    params,
  );
  return { items: items.map(toSnapshot), total: count!.n };
}

/** The previous snapshot's ranks and values, by subject key and indicator id. */
export async function snapshotValues(db: Queryable, snapshotId: string): Promise<Map<string, { rank: number | null; value: number | null }>> {
  const rows = await db.query<{ subject_key: string; indicator_id: string; rank: number | null; value: string | null }>(
    'SELECT subject_key, indicator_id, rank, value FROM indicator_value WHERE snapshot_id = $1',
    [snapshotId],
  );
  return new Map(rows.map((r) => [`${r.subject_key}\n${r.indicator_id}`, { rank: r.rank, value: r.value === null ? null : Number(r.value) }]));
}

/** Writes a snapshot and all its values (inside the caller's transaction); the unique key refuses a second one. */
export async function insertSnapshot(
  tx: Queryable,
  s: { periodKind: PeriodKind; period: string; regionCode: string; takenAt: string; takenBy: string | null; rulesDigest: string; definitions: unknown },
  values: readonly RankedValue[],
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO indicator_snapshot (period_kind, period, region_code, taken_at, taken_by, rules_digest, definitions)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [s.periodKind, s.period, s.regionCode, s.takenAt, s.takenBy, s.rulesDigest, JSON.stringify(s.definitions)],
  );
  const id = row!.id;
  // in batches: one statement per 200 values
  for (let i = 0; i < values.length; i += 200) {
    const batch = values.slice(i, i + 200);
    const params: unknown[] = [id];
    const tuples = batch.map((v) => {
      const at = params.length;
      params.push(v.subjectKind, v.subjectKey, v.subjectName, v.indicatorId, v.value, v.score, v.rank, v.previousRank, v.previousValue, JSON.stringify(v.base));
      return `($1, ${Array.from({ length: 10 }, (_, k) => `$${at + k + 1}`).join(', ')})`;
    });
    await tx.query(
      `INSERT INTO indicator_value (snapshot_id, subject_kind, subject_key, subject_name, indicator_id, value, score, rank, previous_rank, previous_value, base_metrics)
       VALUES ${tuples.join(', ')}`,
      params,
    );
  }
  return id;
}

export interface RankingRow {
  subjectKind: SubjectKind;
  subjectKey: string;
  subjectName: string;
  indicatorId: string;
  value: number | null;
  score: number | null;
  rank: number | null;
  previousRank: number | null;
  previousValue: number | null;
  /** rank: positive = moved up since the previous period; value: this value minus the previous one */
  change: { rank: number | null; value: number | null };
  baseMetrics: Record<string, unknown>;
}

const num = (v: string | number | null) => (v === null ? null : Number(v));

/**
 * The ranking of one snapshot (a period kind, a period, a ranking region), for units or regions, on one indicator
 * or on the safety index (the default): ranked rows first by rank, then the subjects with nothing to judge.
 * Null when no snapshot of that period was taken. For the reports and the cockpit as well as the rankings page.
 */
export async function readRanking(
  db: Queryable,
  q: { periodKind: PeriodKind; period: string; regionCode: string; subjectKind: SubjectKind; indicatorId?: string | undefined },
): Promise<{ snapshot: SnapshotRecord; rows: RankingRow[] } | null> {
  const snapshot = await findSnapshot(db, q);
  if (!snapshot) return null;
  const rows = await db.query<{
    subject_kind: SubjectKind; subject_key: string; subject_name: string; indicator_id: string; value: string | null; score: string | null;
    rank: number | null; previous_rank: number | null; previous_value: string | null; base_metrics: Record<string, unknown>;
  }>(
    `SELECT subject_kind, subject_key, subject_name, indicator_id, value, score, rank, previous_rank, previous_value, base_metrics
       FROM indicator_value WHERE snapshot_id = $1 AND subject_kind = $2 AND indicator_id = $3
      ORDER BY rank NULLS LAST, subject_name, subject_key`,
    [snapshot.id, q.subjectKind, q.indicatorId ?? SAFETY_INDEX_ID],
  );
  return {
    snapshot,
    rows: rows.map((r) => {
      const v = { value: num(r.value), score: num(r.score), rank: r.rank, previousRank: r.previous_rank, previousValue: num(r.previous_value) };
      return { subjectKind: r.subject_kind, subjectKey: r.subject_key, subjectName: r.subject_name, indicatorId: r.indicator_id, ...v, change: changeOf(v), baseMetrics: r.base_metrics };
    }),
  };
}

/** A region's latest value of each indicator as a region subject (in its parent's ranking snapshots), for remediation goals. */
export async function latestRegionValues(db: Queryable, regionCode: string): Promise<Map<string, { value: number | null; period: string; periodKind: string }>> {
  const rows = await db.query<{ indicator_id: string; value: string | null; period: string; period_kind: string }>(
    `SELECT DISTINCT ON (v.indicator_id) v.indicator_id, v.value, s.period, s.period_kind
       FROM indicator_value v JOIN indicator_snapshot s ON s.id = v.snapshot_id
      WHERE v.subject_kind = 'region' AND v.subject_key = $1
      ORDER BY v.indicator_id, s.taken_at DESC`,
    [regionCode],
  );
  return new Map(rows.map((r) => [r.indicator_id, { value: num(r.value), period: r.period, periodKind: r.period_kind }]));
}

// ---- listed remediation (挂牌整治)

export interface RemediationGoal {
  indicatorId?: string | undefined;
  text?: string | undefined;
  target?: number | undefined;
}

export type { RemediationState };

export interface RemediationRecord {
  id: string;
  regionCode: string;
  regionName: string;
  problem: string;
  goals: RemediationGoal[];
  listedAt: string;
  deadline: string;
  state: RemediationState;
  listedByUnitId: string;
  listedByUnitName: string;
  snapshotId: string | null;
  liftedAt: string | null;
  goalsMet: boolean | null;
  liftReason: string | null;
  version: number;
}

const REMEDIATION_SELECT = `SELECT l.id, l.region_code AS "regionCode", r.name AS "regionName", l.problem, l.goals, l.listed_at AS "listedAt",
    to_char(l.deadline, 'YYYY-MM-DD') AS deadline, l.state, l.listed_by_unit AS "listedByUnitId", u.name AS "listedByUnitName",
    l.snapshot_id AS "snapshotId", l.lifted_at AS "liftedAt", l.goals_met AS "goalsMet", l.lift_reason AS "liftReason", l.version
  FROM remediation_listing l JOIN region r ON r.code = l.region_code JOIN unit u ON u.id = l.listed_by_unit`;

const toRemediation = (r: RemediationRecord): RemediationRecord => ({
  ...r,
  listedAt: new Date(r.listedAt).toISOString(),
  liftedAt: r.liftedAt === null ? null : new Date(r.liftedAt).toISOString(),
});

export async function findRemediation(db: Queryable, id: string, lock = false): Promise<RemediationRecord | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [r] = await db.query<RemediationRecord>(`${REMEDIATION_SELECT} WHERE l.id = $1${lock ? ' FOR UPDATE OF l' : ''}`, [id]);
  return r ? toRemediation(r) : null;
}

export async function openRemediationOf(db: Queryable, regionCode: string): Promise<RemediationRecord | null> {
  const [r] = await db.query<RemediationRecord>(`${REMEDIATION_SELECT} WHERE l.region_code = $1 AND l.state <> 'lifted'`, [regionCode]);
  return r ? toRemediation(r) : null;
}

/** The listings of regions under `scopePrefix` (the caller's region and below), newest first. */
export async function listRemediations(db: Queryable, q: { scopePrefix: string; regionPrefix?: string | undefined; state?: RemediationState | undefined; limit: number; offset: number }): Promise<{ items: RemediationRecord[]; total: number }> {
  const params: unknown[] = [`${q.scopePrefix}%`];
  const where = ['l.region_code LIKE $1'];
  if (q.regionPrefix) where.push(`l.region_code LIKE $${params.push(`${q.regionPrefix}%`)}`);
  if (q.state) where.push(`l.state = $${params.push(q.state)}`);
  const cond = `WHERE ${where.join(' AND ')}`;
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM remediation_listing l ${cond}`, params);
  const rows = await db.query<RemediationRecord>(`${REMEDIATION_SELECT} ${cond} ORDER BY l.listed_at DESC, l.id LIMIT $${params.push(q.limit)} OFFSET $${params.push(q.offset)}`, params);
  return { items: rows.map(toRemediation), total: count!.n };
}

export async function insertRemediation(
  tx: Queryable,
  l: { regionCode: string; problem: string; goals: RemediationGoal[]; listedAt: string; deadline: string; listedByUnitId: string; listedBy: string | null; snapshotId: string | null },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO remediation_listing (region_code, problem, goals, listed_at, deadline, state, listed_by_unit, listed_by, snapshot_id)
     VALUES ($1, $2, $3, $4, $5, 'listed', $6, $7, $8) RETURNING id`,
    [l.regionCode, l.problem, JSON.stringify(l.goals), l.listedAt, l.deadline, l.listedByUnitId, l.listedBy, l.snapshotId],
  );
  return row!.id;
}

/** Moves a listing to its next state (optimistic: the version read must still be the row's). */
export async function updateRemediation(
  tx: Queryable,
  id: string,
  version: number,
  change: { state: RemediationState; deadline?: string; liftedAt?: string; goalsMet?: boolean; liftReason?: string },
): Promise<boolean> {
  const rows = await tx.query<{ id: string }>(
    `UPDATE remediation_listing SET state = $3, deadline = coalesce($4::date, deadline), lifted_at = coalesce($5::timestamptz, lifted_at),
            goals_met = coalesce($6::boolean, goals_met), lift_reason = coalesce($7, lift_reason), version = version + 1
      WHERE id = $1 AND version = $2 RETURNING id`,
    [id, version, change.state, change.deadline ?? null, change.liftedAt ?? null, change.goalsMet ?? null, change.liftReason ?? null],
  );
  return rows.length === 1;
}

export interface RemediationEvent {
  at: string;
  kind: 'listed' | 'progress' | 'extended' | 'lifted';
  unitId: string | null;
  unitName: string | null;
  note: string;
  data: Record<string, unknown>;
  fromState: string | null;
  toState: string;
}

export async function insertRemediationEvent(
  tx: Queryable,
  e: { listingId: string; at: string; kind: RemediationEvent['kind']; unitId: string | null; userId: string | null; note: string; data: Record<string, unknown>; fromState: string | null; toState: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO remediation_event (listing_id, at, kind, unit_id, user_id, note, data, from_state, to_state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [e.listingId, e.at, e.kind, e.unitId, e.userId, e.note, JSON.stringify(e.data), e.fromState, e.toState],
  );
}

export async function remediationTimeline(db: Queryable, listingId: string): Promise<RemediationEvent[]> {
  const rows = await db.query<RemediationEvent>(
    `SELECT e.at, e.kind, e.unit_id AS "unitId", u.name AS "unitName", e.note, e.data, e.from_state AS "fromState", e.to_state AS "toState"
       FROM remediation_event e LEFT JOIN unit u ON u.id = e.unit_id
      WHERE e.listing_id = $1 ORDER BY e.at, e.id`,
    [listingId],
  );
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}
