/**
 * The cockpit's reads: sums of cockpit_count (kept by the database's triggers, migration 0018) over a region's units
 * within the caller's scope, a few precise counts of "overdue now", and the rows behind a figure. Only this file
 * writes the cockpit's SQL.
 */
import type { Queryable } from '../../db/client.ts';
import { scopeToSql } from '../../db/scope-sql.ts';
import type { Scope } from '../../engine/permissions/permissions.ts';
import type { ChildRegion, ClockBucketRow, CountRow, UnitCount } from '../../engine/cockpit/panels.ts';

export interface RegionRow {
  code: string;
  name: string;
  nameEn: string;
  level: string;
  parentCode: string | null;
  scopePrefix: string;
}

export async function readRegion(db: Queryable, code: string): Promise<RegionRow | null> {
  const r = await db.query<{ code: string; name: string; name_en: string; level: string; parent_code: string | null; scope_prefix: string }>(
    'SELECT code, name, name_en, level, parent_code, scope_prefix FROM region WHERE code = $1',
    [code],
  );
  const row = r[0];
  return row ? { code: row.code, name: row.name, nameEn: row.name_en, level: row.level, parentCode: row.parent_code, scopePrefix: row.scope_prefix } : null;
}

export async function childRegions(db: Queryable, code: string): Promise<ChildRegion[]> {
  const r = await db.query<{ code: string; name: string; name_en: string }>('SELECT code, name, name_en FROM region WHERE parent_code = $1 ORDER BY code', [code]);
  return r.map((x) => ({ code: x.code, name: x.name, nameEn: x.name_en }));
}

/** The units of a region and below that the scope covers, each with the child region it lies in (null: own level). */
function unitsIn(region: RegionRow, scope: Scope, params: unknown[]): string {
  params.push(`${region.scopePrefix}%`, region.code);
  const prefix = `$${params.length - 1}`;
  const parent = `$${params.length}`;
  const scoped = scopeToSql(scope, { unitId: 'u.id', regionCode: 'u.region_code', agency: 'u.agency' }, params);
  return `SELECT u.id, u.agency, u.name, u.name_en,
                 (SELECT ch.code FROM region ch WHERE ch.parent_code = ${parent} AND u.region_code LIKE ch.scope_prefix || '%') AS child
            FROM unit u WHERE u.region_code LIKE ${prefix} AND ${scoped}`;
}

/** cockpit_count summed by figure, key, agency and child region, for the figures asked. */
export async function countsByChild(db: Queryable, region: RegionRow, figures: readonly string[], scope: Scope): Promise<CountRow[]> {
  const params: unknown[] = [figures];
  const r = await db.query<{ figure: string; key: string; agency: string; child: string | null; n: string }>(
    `WITH u AS (${unitsIn(region, scope, params)})
     SELECT c.figure, c.key, u.agency, u.child, sum(c.n)::bigint AS n
       FROM cockpit_count c JOIN u ON u.id = c.unit_id
      WHERE c.figure = ANY($1::text[]) AND c.n <> 0
      GROUP BY c.figure, c.key, u.agency, u.child`,
    params,
  );
  return r.map((x) => ({ figure: x.figure, key: x.key, agency: x.agency, child: x.child, n: Number(x.n) }));
}

/** One figure summed per unit, largest first. */
export async function countsByUnit(db: Queryable, region: RegionRow, figure: string, scope: Scope, limit: number): Promise<UnitCount[]> {
  const params: unknown[] = [figure];
  const r = await db.query<{ id: string; name: string; name_en: string; n: string }>(
    `WITH u AS (${unitsIn(region, scope, params)})
     SELECT u.id, u.name, u.name_en, sum(c.n)::bigint AS n
       FROM cockpit_count c JOIN u ON u.id = c.unit_id
      WHERE c.figure = $1
      GROUP BY u.id, u.name, u.name_en HAVING sum(c.n) > 0
      ORDER BY n DESC, u.name LIMIT ${Math.trunc(limit)}`,
    params,
  );
  return r.map((x) => ({ unitId: x.id, name: x.name, nameEn: x.name_en, n: Number(x.n) }));
}

/** Running clocks by child region, custody and bucket of their due day (today's day and the due-soon bound in CST). */
export async function clockBuckets(db: Queryable, region: RegionRow, q: { today: string; soonEnd: string }, scope: Scope): Promise<ClockBucketRow[]> {
  const params: unknown[] = [q.today, q.soonEnd];
  const r = await db.query<{ child: string | null; custody: boolean; bucket: ClockBucketRow['bucket']; n: string }>(
    `WITH u AS (${unitsIn(region, scope, params)}),
          k AS (SELECT u.child, split_part(c.key, '|', 1) = 'custody' AS custody, split_part(c.key, '|', 2) AS day, c.n
                  FROM cockpit_count c JOIN u ON u.id = c.unit_id WHERE c.figure = 'clock.due' AND c.n <> 0)
     SELECT child, custody,
            CASE WHEN day < $1 THEN 'overdue' WHEN day = $1 THEN 'today' WHEN day < $2 THEN 'soon' ELSE 'later' END AS bucket,
            sum(n)::bigint AS n
       FROM k GROUP BY 1, 2, 3`,
    params,
  );
  return r.map((x) => ({ child: x.child, custody: x.custody, bucket: x.bucket, n: Number(x.n) }));
}

/** Clocks due earlier today whose due moment has passed: the one part of "overdue" the day counts cannot tell. */
export async function clocksOverdueToday(db: Queryable, region: RegionRow, q: { todayStart: string; now: string }, scope: Scope) {
  const params: unknown[] = [q.todayStart, q.now];
  const r = await db.query<{ child: string | null; custody: boolean; n: string }>(
    `WITH u AS (${unitsIn(region, scope, params)})
     SELECT u.child, split_part(f.key, '|', 1) = 'custody' AS custody, count(*)::bigint AS n
       FROM case_clock k CROSS JOIN LATERAL cockpit_facts_clock(k) f JOIN u ON u.id = f.unit_id
      WHERE k.state = 'running' AND k.due_at >= $1 AND k.due_at < $2
      GROUP BY 1, 2`,
    params,
  );
  return r.map((x) => ({ child: x.child, custody: x.custody, n: Number(x.n) }));
}

/** Supervision items not closed whose current step's due moment has passed. */
export async function supervisionOverdue(db: Queryable, region: RegionRow, now: string, scope: Scope): Promise<number> {
  const params: unknown[] = [now];
  const r = await db.query<{ n: string }>(
    `WITH u AS (${unitsIn(region, scope, params)})
     SELECT count(*)::bigint AS n FROM supervision_item s JOIN u ON u.id = coalesce(s.assignee_unit_id, s.raised_by_unit_id)
      WHERE s.state <> 'closed' AND s.due_at < $1`,
    params,
  );
  return Number(r[0]?.n ?? 0);
}

/** Open stability risk assessments of the region and below by rating (the owner body's unit within the scope). */
export async function openAssessmentsByRating(db: Queryable, region: RegionRow, finalStates: readonly string[], scope: Scope) {
  const params: unknown[] = [finalStates];
  const r = await db.query<{ rating: string | null; n: string }>(
    `WITH u AS (${unitsIn(region, scope, params)})
     SELECT a.rating, count(*)::bigint AS n FROM risk_assessment a JOIN u ON u.id = a.owner_unit_id
      WHERE NOT (a.state = ANY($1::text[])) GROUP BY a.rating ORDER BY a.rating NULLS LAST`,
    params,
  );
  return r.map((x) => ({ rating: x.rating, n: Number(x.n) }));
}

/** What the list behind a figure selects (every field optional but the kind). */
export interface ListSelection {
  kind: 'case' | 'clock' | 'warning' | 'supervision' | 'dispute' | 'petition' | 'transfer';
  /** only the region's own units, not those of the regions below */
  own?: boolean;
  stage?: string;
  agency?: string;
  model?: string;
  unit?: string;
  state?: string;
  month?: string;
  figure?: string;
  due?: 'running' | 'overdue' | 'soon';
  custody?: boolean;
}

export interface ListedRow {
  id: string;
  number: string;
  title: string;
  state: string;
  unitName: string;
  unitNameEn: string;
  at: string | null;
  link: string;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

/**
 * The rows behind a figure, newest first: the same facts functions the counts come from decide what belongs (so a
 * list always adds up to its figure), after a cheap prefilter on the base table's own columns.
 */
export async function listBehind(
  db: Queryable,
  region: RegionRow,
  s: ListSelection,
  q: { today: string; soonEnd: string; todayStart: string; now: string; limit: number; offset: number },
  scope: Scope,
): Promise<{ total: number; rows: ListedRow[] }> {
  const params: unknown[] = [];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const units = unitsIn(region, scope, params);
  const conds: string[] = [];
  if (s.own) conds.push('u.child IS NULL');
  if (s.agency) conds.push(`u.agency = ${bind(s.agency)}`);
  if (s.unit) conds.push(`u.id = ${bind(s.unit)}`);
  let from: string;
  let select: string;
  switch (s.kind) {
    case 'case': {
      const figure = s.figure === 'case.received' || s.figure === 'case.closed' ? s.figure : 'case.open';
      conds.push(`f.figure = ${bind(figure)}`);
      if (s.stage) conds.push(`f.key = ${bind(s.stage)}`);
      if (s.month) conds.push(`f.key = ${bind(s.month)}`);
      const pre = figure === 'case.open' ? 'r.closed_at IS NULL' : figure === 'case.closed' ? 'r.closed_at IS NOT NULL' : 'TRUE';
      from = `criminal_case r CROSS JOIN LATERAL cockpit_facts_case(r) f JOIN u ON u.id = f.unit_id WHERE ${pre}`;
      select = `r.id, r.case_number AS number, r.title, r.stage AS state, u.name AS unit_name, u.name_en AS unit_name_en, r.registered_at AS at, '/cases/' || r.id AS link`;
      break;
    }
    case 'clock': {
      conds.push(`f.figure = 'clock.due'`);
      if (s.custody) conds.push(`f.key LIKE 'custody|%'`);
      if (s.due === 'overdue') conds.push(`r.due_at < ${bind(q.now)}`);
      if (s.due === 'soon') conds.push(`r.due_at >= ${bind(q.now)} AND split_part(f.key, '|', 2) < ${bind(q.soonEnd)}`);
      from = `case_clock r CROSS JOIN LATERAL cockpit_facts_clock(r) f JOIN u ON u.id = f.unit_id JOIN criminal_case c ON c.id = r.case_id WHERE r.state = 'running'`;
      select = `r.id, c.case_number AS number, r.rule_id AS title, CASE WHEN f.key LIKE 'custody|%' THEN 'custody' ELSE 'running' END AS state,
                u.name AS unit_name, u.name_en AS unit_name_en, r.due_at AS at, '/cases/' || c.id AS link`;
      break;
    }
    case 'warning': {
      const figure = s.figure === 'warning.opened' ? 'warning.opened' : 'warning.open';
      conds.push(`f.figure = ${bind(figure)}`);
      if (s.model) conds.push(`f.key = ${bind(s.model)}`);
      if (s.month) conds.push(`f.key = ${bind(s.month)}`);
      from = `warning_hit r CROSS JOIN LATERAL cockpit_facts_hit(r) f JOIN u ON u.id = f.unit_id LEFT JOIN criminal_case c ON c.id = r.case_id WHERE ${figure === 'warning.open' ? 'r.closed_at IS NULL' : 'TRUE'}`;
      select = `r.id, coalesce(c.case_number, r.subject_id) AS number, r.model_id AS title, r.severity AS state, u.name AS unit_name, u.name_en AS unit_name_en,
                r.opened_at AS at, CASE WHEN c.id IS NULL THEN '/warnings?model=' || r.model_id ELSE '/cases/' || c.id END AS link`;
      break;
    }
    case 'supervision': {
      const figure = s.figure === 'supervision.raised' ? 'supervision.raised' : 'supervision.state';
      conds.push(`f.figure = ${bind(figure)}`);
      if (s.month) conds.push(`f.key = ${bind(s.month)}`);
      if (s.state === 'not-closed') conds.push(`f.key <> 'closed'`);
      else if (s.state === 'overdue') conds.push(`f.key <> 'closed' AND r.due_at < ${bind(q.now)}`);
      else if (s.state) conds.push(`f.key = ${bind(s.state)}`);
      from = `supervision_item r CROSS JOIN LATERAL cockpit_facts_item(r) f JOIN u ON u.id = f.unit_id WHERE TRUE`;
      select = `r.id, r.number, r.title, r.state, u.name AS unit_name, u.name_en AS unit_name_en, r.created_at AS at, '/supervision/' || r.id AS link`;
      break;
    }
    case 'dispute': {
      const figure = s.figure === 'dispute.received' ? 'dispute.received' : 'dispute.open';
      conds.push(`f.figure = ${bind(figure)}`);
      if (s.month) conds.push(`f.key = ${bind(s.month)}`);
      if (s.state) conds.push(`f.key = ${bind(s.state)}`);
      from = `dispute r CROSS JOIN LATERAL cockpit_facts_dispute(r) f JOIN u ON u.id = f.unit_id WHERE ${figure === 'dispute.open' ? 'r.closed_at IS NULL' : 'TRUE'}`;
      select = `r.id, r.number, r.type AS title, r.state, u.name AS unit_name, u.name_en AS unit_name_en, r.created_at AS at, '/disputes/' || r.id AS link`;
      break;
    }
    case 'petition': {
      const figure = s.figure === 'petition.received' ? 'petition.received' : 'petition.open';
      conds.push(`f.figure = ${bind(figure)}`);
      if (s.month) conds.push(`f.key = ${bind(s.month)}`);
      if (s.state) conds.push(`f.key = ${bind(s.state)}`);
      from = `petition r CROSS JOIN LATERAL cockpit_facts_petition(r) f JOIN u ON u.id = f.unit_id WHERE ${figure === 'petition.open' ? 'r.closed_at IS NULL' : 'TRUE'}`;
      select = `r.id, r.number, r.subject AS title, r.state, u.name AS unit_name, u.name_en AS unit_name_en, r.received_at AS at, '/petitions/' || r.id AS link`;
      break;
    }
    case 'transfer': {
      conds.push(`f.figure = 'transfer.sent'`);
      if (s.month) conds.push(`split_part(f.key, '|', 1) = ${bind(s.month)}`);
      from = `transfer r CROSS JOIN LATERAL cockpit_facts_transfer(r) f JOIN u ON u.id = f.unit_id JOIN criminal_case c ON c.id = r.case_id WHERE TRUE`;
      select = `r.id, c.case_number AS number, r.scenario AS title, r.state, u.name AS unit_name, u.name_en AS unit_name_en, r.sent_at AS at, '/cases/' || c.id AS link`;
      break;
    }
  }
  const where = conds.length ? ` AND ${conds.join(' AND ')}` : '';
  const limit = bind(q.limit);
  const offset = bind(q.offset);
  const r = await db.query<{ id: string; number: string; title: string; state: string; unit_name: string; unit_name_en: string; at: Date | string | null; link: string; total: string }>(
    `WITH u AS (${units})
     SELECT ${select}, count(*) OVER () AS total FROM ${from}${where}
      ORDER BY at DESC NULLS LAST, id LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return {
    total: Number(r[0]?.total ?? 0),
    rows: r.map((x) => ({ id: x.id, number: x.number, title: x.title, state: x.state, unitName: x.unit_name, unitNameEn: x.unit_name_en, at: iso(x.at), link: x.link })),
  };
}

/** Recounts every cockpit count from the base tables (after a bulk load with triggers off); the rows written. */
export async function rebuildCounts(db: Queryable): Promise<number> {
  const r = await db.query<{ n: string }>('SELECT cockpit_rebuild() AS n');
  return Number(r[0]?.n ?? 0);
}

/** The kept counts that differ from a recount (none when the triggers kept up). */
export async function verifyCounts(db: Queryable) {
  const r = await db.query<{ figure: string; unit_id: string; key: string; kept: string; recounted: string }>('SELECT * FROM cockpit_verify() ORDER BY 1, 2, 3');
  return r.map((x) => ({ figure: x.figure, unitId: x.unit_id, key: x.key, kept: Number(x.kept), recounted: Number(x.recounted) }));
}
