/**
 * The SQL of the standard reports (rules/reports.yaml holds their columns and definitions in words): one base
 * query per report yielding, per matter or event counted, the unit it is counted for, the region it belongs to,
 * that unit's agency, a group key where the report groups by one (a state, a model), and the report's raw fields;
 * one wrapper sums them by unit, by child region, by agency or by the key, within the region and the caller's
 * scope. $1 and $2 are the period's bounds [from, to); $3 the moment "as at" for figures that are a state (the
 * period's end, or now when the period has not ended).
 *
 * Also the report history (report_issue) and the schedules (report_schedule).
 */
import type { Queryable } from '../../db/client.ts';
import { scopeToSql } from '../../db/scope-sql.ts';
import type { ReportGrouping } from '../../engine/reports/definitions.ts';
import type { Scope } from '../../engine/permissions/permissions.ts';

/** A base query: its SQL (yielding unit_id, region_code, agency, grp and the fields) and the fields it yields. */
interface BaseQuery {
  fields: readonly string[];
  sql: string;
}

/** `expr AS field` for each field, 0 for the fields a branch of a UNION does not count. */
function select(fields: readonly string[], counted: Readonly<Record<string, string>>): string {
  return fields.map((f) => `(${counted[f] ?? '0'})::int::float8 AS ${f}`).join(', ');
}

const CASE_STAGE_GROUPS: Record<string, string[]> = {
  investigation: ['registered', 'investigation', 'supplementary-investigation'],
  review: ['arrest-review', 'prosecution-review', 'trial-supplementary'],
  trial: ['first-instance', 'appeal-period', 'second-instance', 'effective', 'commutation-review'],
  execution: ['execution'],
};
/**
 * A clock running at the moment $3: started before it and running now, or stopped since (its last change, the stop,
 * after $3). A clock paused now, or paused at $3 and running now, is not told apart: the ledger would tell, the
 * report does not replay it.
 */
const RUNNING_AT_3 = "(c.started_at < $3 AND (c.state = 'running' OR (c.state = 'stopped' AND c.updated_at >= $3)))";
const inList = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');

const CASES_FIELDS = ['registered', 'investigation', 'review', 'trial', 'execution', 'closed'];
const CLOCK_FIELDS = ['started', 'running', 'due_soon', 'overdue', 'extended'];
const WARNING_FIELDS = ['opened', 'high', 'closed', 'open_at_end'];
const SUPERVISION_FIELDS = ['raised', 'closed', 'on_time', 'late', 'open_at_end', 'overdue_open'];
const DISPUTE_FIELDS = ['received', 'closed', 'resolved', 'mediated', 'mediated_agreed', 'on_time', 'visited', 'satisfied'];
const PETITION_FIELDS = ['registered', 'accepted', 'limits_stopped', 'limits_on_time', 'reviews', 'closed'];
const GRID_FIELDS = ['reported', 'escalated', 'closed', 'limits_stopped', 'limits_on_time', 'rated', 'rating_sum'];
const RISK_FIELDS = ['registered', 'rated_high', 'rated_medium', 'rated_low', 'not_proceeding', 'open_at_end', 'mitigations_done', 'mitigations_open', 'mitigations_overdue'];

export const BASE_QUERIES: Record<string, BaseQuery> = {
  // a registration is counted for the unit that registered the case; the stage and the close for the unit holding
  // it (the one that registered it once it has no holder)
  'cases-by-stage': {
    fields: CASES_FIELDS,
    sql: `SELECT k.registered_by AS unit_id, k.region_code, u.agency, NULL::text AS grp, ${select(CASES_FIELDS, { registered: '1' })}
      FROM criminal_case k JOIN unit u ON u.id = k.registered_by
      WHERE k.registered_at >= $1 AND k.registered_at < $2
      UNION ALL
      SELECT coalesce(k.holder_unit_id, k.registered_by), k.region_code, u.agency, NULL,
        ${select(CASES_FIELDS, {
          ...Object.fromEntries(Object.entries(CASE_STAGE_GROUPS).map(([k, stages]) => [k, `k.registered_at < $3 AND k.stage IN (${inList(stages)})`])),
          closed: 'k.closed_at >= $1 AND k.closed_at < $2',
        })}
      FROM criminal_case k JOIN unit u ON u.id = coalesce(k.holder_unit_id, k.registered_by)
      WHERE k.registered_at < $2 AND (k.closed_at IS NULL OR k.closed_at >= $1)`,
  },
  'custody-clocks': {
    fields: CLOCK_FIELDS,
    sql: `SELECT c.unit_id, k.region_code, u.agency, NULL::text AS grp,
        ${select(CLOCK_FIELDS, {
          started: 'c.started_at >= $1 AND c.started_at < $2',
          running: RUNNING_AT_3,
          due_soon: `${RUNNING_AT_3} AND c.due_at >= $3 AND c.due_at < $3::timestamptz + interval '3 days'`,
          overdue: `${RUNNING_AT_3} AND c.due_at < $3`,
          // containment first: most ledgers have no extension, and it is cheaper than unnesting each
          extended: `c.ledger @> '[{"type": "extension-granted"}]' AND EXISTS (SELECT 1 FROM jsonb_array_elements(c.ledger) e WHERE e->>'type' = 'extension-granted' AND (e->>'at')::timestamptz >= $1 AND (e->>'at')::timestamptz < $2)`,
        })}
      FROM case_clock c JOIN criminal_case k ON k.id = c.case_id JOIN unit u ON u.id = c.unit_id
      WHERE c.started_at < $2 AND (c.state <> 'stopped' OR c.updated_at >= $1)`,
  },
  warnings: {
    fields: WARNING_FIELDS,
    sql: `SELECT h.unit_id, h.region_code, u.agency, h.model_id AS grp,
        ${select(WARNING_FIELDS, {
          opened: 'h.opened_at >= $1 AND h.opened_at < $2',
          high: "h.opened_at >= $1 AND h.opened_at < $2 AND h.severity = 'high'",
          closed: 'h.closed_at >= $1 AND h.closed_at < $2',
          open_at_end: 'h.opened_at < $2 AND (h.closed_at IS NULL OR h.closed_at >= $2)',
        })}
      FROM warning_hit h JOIN unit u ON u.id = h.unit_id
      WHERE h.opened_at < $2 AND (h.closed_at IS NULL OR h.closed_at >= $1)`,
  },
  // an item is counted for the unit that must rectify it (the committee that raised it while unassigned)
  supervision: {
    fields: SUPERVISION_FIELDS,
    sql: `SELECT coalesce(s.assignee_unit_id, s.raised_by_unit_id) AS unit_id, s.region_code, u.agency, NULL::text AS grp,
        ${select(SUPERVISION_FIELDS, {
          raised: 's.created_at >= $1 AND s.created_at < $2',
          closed: 's.closed_at >= $1 AND s.closed_at < $2',
          on_time: 's.closed_at >= $1 AND s.closed_at < $2 AND (s.due_at IS NULL OR s.closed_at <= s.due_at)',
          late: 's.closed_at >= $1 AND s.closed_at < $2 AND s.closed_at > s.due_at',
          open_at_end: 's.created_at < $2 AND (s.closed_at IS NULL OR s.closed_at >= $2)',
          overdue_open: "s.state <> 'closed' AND s.due_at < $3",
        })}
      FROM supervision_item s JOIN unit u ON u.id = coalesce(s.assignee_unit_id, s.raised_by_unit_id)
      WHERE s.parent_id IS NULL AND s.created_at < $2 AND (s.closed_at IS NULL OR s.closed_at >= $1)`,
  },
  disputes: {
    fields: DISPUTE_FIELDS,
    sql: `SELECT coalesce(d.handling_unit_id, d.intake_unit_id) AS unit_id, d.region_code, u.agency, NULL::text AS grp,
        ${select(DISPUTE_FIELDS, {
          received: 'd.created_at >= $1 AND d.created_at < $2',
          closed: "d.closed_at >= $1 AND d.closed_at < $2 AND d.outcome <> 'withdrawn'",
          resolved: "d.closed_at >= $1 AND d.closed_at < $2 AND d.outcome = 'resolved'",
          mediated: "d.closed_at >= $1 AND d.closed_at < $2 AND d.outcome <> 'withdrawn' AND d.route_kind IN ('mediation-committee', 'court-pre-litigation')",
          mediated_agreed: "d.closed_at >= $1 AND d.closed_at < $2 AND d.outcome <> 'withdrawn' AND d.route_kind IN ('mediation-committee', 'court-pre-litigation') AND EXISTS (SELECT 1 FROM mediation_agreement a WHERE a.dispute_id = d.id)",
          on_time: "d.closed_at >= $1 AND d.closed_at < $2 AND d.outcome <> 'withdrawn' AND NOT EXISTS (SELECT 1 FROM dispute_event e WHERE e.dispute_id = d.id AND e.data->>'late' = 'true')",
          visited: 'd.visited_at >= $1 AND d.visited_at < $2 AND d.satisfaction IS NOT NULL',
          satisfied: 'd.visited_at >= $1 AND d.visited_at < $2 AND d.satisfaction >= 4',
        })}
      FROM dispute d JOIN unit u ON u.id = coalesce(d.handling_unit_id, d.intake_unit_id)
      WHERE (d.created_at >= $1 AND d.created_at < $2) OR (d.closed_at >= $1 AND d.closed_at < $2) OR (d.visited_at >= $1 AND d.visited_at < $2)`,
  },
  // petitions by the unit handling them (the receiving office while none does); the time limits by the unit
  // each clock ran for; acceptances and review requests by the petition's unit, when they happened
  petitions: {
    fields: PETITION_FIELDS,
    sql: `SELECT coalesce(p.handling_unit_id, p.receiving_unit_id) AS unit_id, p.region_code, u.agency, NULL::text AS grp,
        ${select(PETITION_FIELDS, { registered: 'p.received_at >= $1 AND p.received_at < $2', closed: 'p.closed_at >= $1 AND p.closed_at < $2' })}
      FROM petition p JOIN unit u ON u.id = coalesce(p.handling_unit_id, p.receiving_unit_id)
      WHERE (p.received_at >= $1 AND p.received_at < $2) OR (p.closed_at >= $1 AND p.closed_at < $2)
      UNION ALL
      SELECT coalesce(p.handling_unit_id, p.receiving_unit_id), p.region_code, u.agency, NULL,
        ${select(PETITION_FIELDS, { accepted: "e.kind = 'accept'", reviews: "e.kind IN ('request-review', 'request-rereview')" })}
      FROM petition_event e JOIN petition p ON p.id = e.petition_id JOIN unit u ON u.id = coalesce(p.handling_unit_id, p.receiving_unit_id)
      WHERE e.at >= $1 AND e.at < $2 AND e.kind IN ('accept', 'request-review', 'request-rereview')
      UNION ALL
      SELECT c.unit_id, p.region_code, u.agency, NULL,
        ${select(PETITION_FIELDS, { limits_stopped: '1', limits_on_time: '(c.due_at IS NULL OR c.stopped_at <= c.due_at)::int' })}
      FROM matter_clock c JOIN petition p ON p.id = c.matter_id JOIN unit u ON u.id = c.unit_id
      WHERE c.matter_kind = 'petition' AND c.stopped_at >= $1 AND c.stopped_at < $2 AND c.unit_id IS NOT NULL`, // a body's limit: a petitioner's own windows have no unit
  },
  // events by the unit answering for them: the department responsible, else the county center, else the township
  'grid-events': {
    fields: GRID_FIELDS,
    sql: `SELECT coalesce(g.responsible_unit_id, g.county_unit_id, g.township_unit_id) AS unit_id, g.region_code, u.agency, NULL::text AS grp,
        ${select(GRID_FIELDS, {
          reported: 'g.reported_at >= $1 AND g.reported_at < $2',
          escalated: 'g.escalated_at >= $1 AND g.escalated_at < $2',
          closed: 'g.closed_at >= $1 AND g.closed_at < $2',
          rated: 'g.rated_at >= $1 AND g.rated_at < $2 AND g.rating IS NOT NULL',
          rating_sum: 'CASE WHEN g.rated_at >= $1 AND g.rated_at < $2 THEN g.rating ELSE 0 END',
        })}
      FROM grid_event g JOIN unit u ON u.id = coalesce(g.responsible_unit_id, g.county_unit_id, g.township_unit_id)
      WHERE (g.reported_at >= $1 AND g.reported_at < $2) OR (g.escalated_at >= $1 AND g.escalated_at < $2)
         OR (g.closed_at >= $1 AND g.closed_at < $2) OR (g.rated_at >= $1 AND g.rated_at < $2)
      UNION ALL
      SELECT c.unit_id, g.region_code, u.agency, NULL,
        ${select(GRID_FIELDS, { limits_stopped: '1', limits_on_time: '(c.due_at IS NULL OR c.stopped_at <= c.due_at)::int' })}
      FROM matter_clock c JOIN grid_event g ON g.id = c.matter_id JOIN unit u ON u.id = c.unit_id
      WHERE c.matter_kind = 'grid-event' AND c.stopped_at >= $1 AND c.stopped_at < $2`,
  },
  // assessments and their mitigations by the owner body running the assessment
  'risk-assessments': {
    fields: RISK_FIELDS,
    sql: `SELECT a.owner_unit_id AS unit_id, a.region_code, u.agency, NULL::text AS grp,
        ${select(RISK_FIELDS, {
          registered: 'a.registered_at >= $1 AND a.registered_at < $2',
          rated_high: "a.rated_at >= $1 AND a.rated_at < $2 AND a.rating = 'high'",
          rated_medium: "a.rated_at >= $1 AND a.rated_at < $2 AND a.rating = 'medium'",
          rated_low: "a.rated_at >= $1 AND a.rated_at < $2 AND a.rating = 'low'",
          not_proceeding: "a.decided_at >= $1 AND a.decided_at < $2 AND a.decision = 'not-proceed'",
          open_at_end: "a.registered_at < $2 AND NOT (a.state IN ('reviewed', 'not-proceeding') AND coalesce(a.reviewed_at, a.decided_at) < $2)",
        })}
      FROM risk_assessment a JOIN unit u ON u.id = a.owner_unit_id
      WHERE a.registered_at < $2
      UNION ALL
      SELECT a.owner_unit_id, a.region_code, u.agency, NULL,
        ${select(RISK_FIELDS, {
          mitigations_done: 'm.done_at >= $1 AND m.done_at < $2',
          mitigations_open: 'm.created_at < $2 AND (m.done_at IS NULL OR m.done_at >= $2)',
          mitigations_overdue: "m.state = 'open' AND m.due_on < ($3::timestamptz AT TIME ZONE 'Asia/Shanghai')::date",
        })}
      FROM risk_mitigation m JOIN risk_assessment a ON a.id = m.assessment_id JOIN unit u ON u.id = a.owner_unit_id
      WHERE m.created_at < $2`,
  },
};

export interface ReportQuery {
  fromIso: string;
  toIso: string;
  asAtIso: string;
  regionCode: string;
  by: ReportGrouping;
}

/** One group's raw sums: its key (unit id, region code, agency, state or model id), names where SQL has them. */
export interface RawRow {
  key: string;
  name: string | null;
  nameEn: string | null;
  values: Record<string, number>;
}

/**
 * Sums one base query over [from, to) for the matters of `regionCode` and below within the scope (null: every
 * unit, for the command line and the scheduler), grouped as the report says.
 */
export async function sumReport(db: Queryable, base: BaseQuery, q: ReportQuery, scope: Scope | null): Promise<RawRow[]> {
  const params: unknown[] = [q.fromIso, q.toIso, q.asAtIso];
  const region = `$${params.push(q.regionCode)}`;
  const scoped = scope ? scopeToSql(scope, { unitId: 'b.unit_id', regionCode: 'b.region_code', agency: 'b.agency' }, params) : 'TRUE';
  // every base query is given all three bounds; one that does not use "as at" still names its type
  const within = `b.region_code LIKE (SELECT scope_prefix FROM region WHERE code = ${region}) || '%' AND ${scoped} AND $3::timestamptz IS NOT NULL`;
  const sums = base.fields.map((f) => `sum(b.${f})::float8 AS ${f}`).join(', ');
  const sql = {
    unit: `WITH b AS (${base.sql}) SELECT b.unit_id::text AS key, min(u.name) AS name, min(u.name_en) AS name_en, ${sums}
             FROM b JOIN unit u ON u.id = b.unit_id WHERE ${within} GROUP BY b.unit_id ORDER BY min(u.code)`,
    // the region's own records (its own level's units) stay in a row of the region itself
    region: `WITH b AS (${base.sql}) SELECT coalesce(c.code, ${region}) AS key, min(coalesce(c.name, r.name)) AS name, min(coalesce(c.name_en, r.name_en)) AS name_en, ${sums}
             FROM b JOIN region r ON r.code = ${region} LEFT JOIN region c ON c.parent_code = ${region} AND b.region_code LIKE c.scope_prefix || '%'
            WHERE ${within} GROUP BY coalesce(c.code, ${region}) ORDER BY 1`,
    agency: `WITH b AS (${base.sql}) SELECT b.agency AS key, NULL AS name, NULL AS name_en, ${sums} FROM b WHERE ${within} GROUP BY b.agency ORDER BY b.agency`,
    state: `WITH b AS (${base.sql}) SELECT b.grp AS key, NULL AS name, NULL AS name_en, ${sums} FROM b WHERE ${within} GROUP BY b.grp ORDER BY b.grp`,
    model: `WITH b AS (${base.sql}) SELECT b.grp AS key, NULL AS name, NULL AS name_en, ${sums} FROM b WHERE ${within} GROUP BY b.grp ORDER BY b.grp`,
  }[q.by];
  const rows = await db.query<Record<string, unknown>>(sql, params);
  return rows.map((r) => ({
    key: String(r.key),
    name: (r.name as string | null) ?? null,
    nameEn: (r.name_en as string | null) ?? null,
    values: Object.fromEntries(base.fields.map((f) => [f, Number(r[f] ?? 0)])),
  }));
}

/** The plain GROUP BY of one report's main figure on its base table, for the benchmark to compare with. */
export const PLAIN_GROUP_BY: Record<string, string> = {
  'cases-by-stage': 'SELECT holder_unit_id, count(*) FROM criminal_case WHERE registered_at >= $1 AND registered_at < $2 GROUP BY holder_unit_id',
  'custody-clocks': "SELECT unit_id, count(*) FROM case_clock WHERE started_at < $2 AND (state <> 'stopped' OR updated_at >= $1) GROUP BY unit_id",
  warnings: 'SELECT model_id, count(*) FROM warning_hit WHERE opened_at >= $1 AND opened_at < $2 GROUP BY model_id',
  supervision: 'SELECT assignee_unit_id, count(*) FROM supervision_item WHERE created_at >= $1 AND created_at < $2 GROUP BY assignee_unit_id',
  disputes: 'SELECT handling_unit_id, count(*) FROM dispute WHERE created_at >= $1 AND created_at < $2 GROUP BY handling_unit_id',
  petitions: 'SELECT receiving_unit_id, count(*) FROM petition WHERE received_at >= $1 AND received_at < $2 GROUP BY receiving_unit_id',
  'grid-events': 'SELECT township_unit_id, count(*) FROM grid_event WHERE reported_at >= $1 AND reported_at < $2 GROUP BY township_unit_id',
  collaboration: 'SELECT sender_unit_id, count(*) FROM transfer WHERE sent_at >= $1 AND sent_at < $2 GROUP BY sender_unit_id',
  'risk-assessments': 'SELECT owner_unit_id, count(*) FROM risk_assessment WHERE registered_at >= $1 AND registered_at < $2 GROUP BY owner_unit_id',
  rankings: "SELECT v.subject_key, v.rank FROM indicator_value v JOIN indicator_snapshot s ON s.id = v.snapshot_id WHERE v.indicator_id = 'safety-index' AND s.period_kind = 'quarter' AND s.taken_at >= $1 AND s.taken_at < $2",
};

export async function regionByCode(db: Queryable, code: string): Promise<{ code: string; name: string; nameEn: string; scopePrefix: string; level: string } | null> {
  const [r] = await db.query<{ code: string; name: string; nameEn: string; scopePrefix: string; level: string }>(
    'SELECT code, name, name_en AS "nameEn", scope_prefix AS "scopePrefix", level FROM region WHERE code = $1',
    [code],
  );
  return r ?? null;
}

// ---- the history of issued reports ----

export interface ReportIssueRow {
  id: string;
  reportId: string;
  period: string;
  regionCode: string;
  regionName: string;
  format: 'xlsx' | 'pdf';
  fileKey: string;
  sm3: string;
  bytes: number;
  issuedAt: string;
  issuedBy: string;
  issuedByUserId: string | null;
  scheduleId: string | null;
}

const ISSUE_COLUMNS = `i.id, i.report_id AS "reportId", i.period, i.region_code AS "regionCode", r.name AS "regionName", i.format,
  i.file_key AS "fileKey", i.sm3, i.bytes, i.issued_at AS "issuedAt", i.issued_by AS "issuedBy", i.issued_by_user_id AS "issuedByUserId", i.schedule_id AS "scheduleId"`;

function issueOf(r: ReportIssueRow): ReportIssueRow {
  return { ...r, bytes: Number(r.bytes), issuedAt: new Date(r.issuedAt).toISOString() };
}

export async function insertReportIssue(tx: Queryable, i: Omit<ReportIssueRow, 'id' | 'regionName'>): Promise<ReportIssueRow> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO report_issue (report_id, period, region_code, format, file_key, sm3, bytes, issued_at, issued_by, issued_by_user_id, schedule_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [i.reportId, i.period, i.regionCode, i.format, i.fileKey, i.sm3, i.bytes, i.issuedAt, i.issuedBy, i.issuedByUserId, i.scheduleId],
  );
  return (await findReportIssue(tx, row!.id))!;
}

export async function findReportIssue(db: Queryable, id: string): Promise<ReportIssueRow | null> {
  const [r] = await db.query<ReportIssueRow>(`SELECT ${ISSUE_COLUMNS} FROM report_issue i JOIN region r ON r.code = i.region_code WHERE i.id = $1`, [id]);
  return r ? issueOf(r) : null;
}

export interface IssueFilter {
  reportIds: readonly string[];
  /** the regions whose issues are listed: codes starting with one of these prefixes */
  regionPrefixes: readonly string[] | null;
  /** issues of regions elsewhere that this user issued (a unit head's own unit figures) */
  userId: string | null;
  reportId?: string | undefined;
  period?: string | undefined;
  format?: string | undefined;
  limit: number;
  offset: number;
}

export async function listReportIssues(db: Queryable, f: IssueFilter): Promise<{ items: ReportIssueRow[]; total: number }> {
  const params: unknown[] = [f.reportIds];
  const where = ['i.report_id = ANY($1::text[])'];
  const visible: string[] = [];
  if (f.regionPrefixes === null) visible.push('TRUE');
  else if (f.regionPrefixes.length) visible.push(`i.region_code LIKE ANY($${params.push(f.regionPrefixes.map((p) => `${p}%`))}::text[])`);
  if (f.userId) visible.push(`i.issued_by_user_id = $${params.push(f.userId)}`);
  where.push(visible.length ? `(${visible.join(' OR ')})` : 'FALSE');
  if (f.reportId) where.push(`i.report_id = $${params.push(f.reportId)}`);
  if (f.period) where.push(`i.period = $${params.push(f.period)}`);
  if (f.format) where.push(`i.format = $${params.push(f.format)}`);
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM report_issue i WHERE ${where.join(' AND ')}`, params);
  const items = await db.query<ReportIssueRow>(
    `SELECT ${ISSUE_COLUMNS} FROM report_issue i JOIN region r ON r.code = i.region_code WHERE ${where.join(' AND ')}
      ORDER BY i.issued_at DESC, i.id LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset)}`,
    params,
  );
  return { items: items.map(issueOf), total: count!.n };
}

// ---- schedules ----

export interface ReportScheduleRow {
  id: string;
  reportId: string;
  regionCode: string;
  format: 'xlsx' | 'pdf';
  cadence: 'monthly' | 'quarterly';
  dayOfMonth: number;
  hour: number;
  enabled: boolean;
  lastRunPeriod: string | null;
  createdBy: string;
  createdAt: string;
  version: number;
}

const SCHEDULE_COLUMNS = `id, report_id AS "reportId", region_code AS "regionCode", format, cadence, day_of_month AS "dayOfMonth", hour, enabled,
  last_run_period AS "lastRunPeriod", created_by AS "createdBy", created_at AS "createdAt", version`;
const scheduleOf = (r: ReportScheduleRow): ReportScheduleRow => ({ ...r, createdAt: new Date(r.createdAt).toISOString() });

export async function insertSchedule(tx: Queryable, s: Omit<ReportScheduleRow, 'id' | 'lastRunPeriod' | 'createdAt' | 'version'>, at: string): Promise<ReportScheduleRow> {
  const [r] = await tx.query<ReportScheduleRow>(
    `INSERT INTO report_schedule (report_id, region_code, format, cadence, day_of_month, hour, enabled, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${SCHEDULE_COLUMNS}`,
    [s.reportId, s.regionCode, s.format, s.cadence, s.dayOfMonth, s.hour, s.enabled, s.createdBy, at],
  );
  return scheduleOf(r!);
}

export async function findSchedule(db: Queryable, id: string, forUpdate = false): Promise<ReportScheduleRow | null> {
  const [r] = await db.query<ReportScheduleRow>(`SELECT ${SCHEDULE_COLUMNS} FROM report_schedule WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return r ? scheduleOf(r) : null;
}

export async function listSchedules(db: Queryable, regionPrefixes: readonly string[] | null): Promise<ReportScheduleRow[]> {
  if (regionPrefixes === null) return (await db.query<ReportScheduleRow>(`SELECT ${SCHEDULE_COLUMNS} FROM report_schedule ORDER BY created_at, id`)).map(scheduleOf);
  if (regionPrefixes.length === 0) return [];
  const rows = await db.query<ReportScheduleRow>(
    `SELECT ${SCHEDULE_COLUMNS} FROM report_schedule WHERE region_code LIKE ANY($1::text[]) ORDER BY created_at, id`,
    [regionPrefixes.map((p) => `${p}%`)],
  );
  return rows.map(scheduleOf);
}

export async function updateSchedule(tx: Queryable, id: string, s: Pick<ReportScheduleRow, 'format' | 'cadence' | 'dayOfMonth' | 'hour' | 'enabled'>): Promise<ReportScheduleRow> {
  const [r] = await tx.query<ReportScheduleRow>(
    `UPDATE report_schedule SET format = $2, cadence = $3, day_of_month = $4, hour = $5, enabled = $6, version = version + 1 WHERE id = $1 RETURNING ${SCHEDULE_COLUMNS}`,
    [id, s.format, s.cadence, s.dayOfMonth, s.hour, s.enabled],
  );
  return scheduleOf(r!);
}

export async function deleteSchedule(tx: Queryable, id: string): Promise<void> {
  await tx.query('DELETE FROM report_schedule WHERE id = $1', [id]);
}

/** Marks a period as issued by a schedule, only if no other run did: false when it already was (idempotent). */
export async function claimSchedulePeriod(tx: Queryable, id: string, period: string): Promise<boolean> {
  const rows = await tx.query<{ id: string }>(
    'UPDATE report_schedule SET last_run_period = $2 WHERE id = $1 AND last_run_period IS DISTINCT FROM $2 AND enabled RETURNING id',
    [id, period],
  );
  return rows.length === 1;
}
