/** SQL of oversight: runs, hits, settings and the queue of cases to re-evaluate. The models' own SQL is built in src/engine/warnings. */
import type { Queryable } from '../../db/client.ts';
import { scopeToSql } from '../../db/scope-sql.ts';
import type { Scope } from '../../engine/permissions/permissions.ts';
import type { ParameterValue } from '../../engine/warnings/model.ts';
import type { RunStatement } from '../../engine/warnings/evaluate.ts';
import { iso } from '../cases/cases.repository.ts';


export interface ModelSetting {
  modelId: string;
  enabled: boolean;
  parameters: Record<string, ParameterValue>;
  updatedAt: string;
}

export interface ModelRunResult {
  holding?: number;
  opened?: number;
  closed?: number;
  ms: number;
  error?: string;
}

export async function loadSettings(db: Queryable): Promise<Map<string, ModelSetting>> {
  const rows = await db.query<{ model_id: string; enabled: boolean; parameters: Record<string, ParameterValue> | string; updated_at: Date | string }>(
    'SELECT model_id, enabled, parameters, updated_at FROM warning_model_setting',
  );
  return new Map(
    rows.map((r) => [
      r.model_id,
      { modelId: r.model_id, enabled: r.enabled, parameters: typeof r.parameters === 'string' ? JSON.parse(r.parameters) : r.parameters, updatedAt: iso(r.updated_at) },
    ]),
  );
}

export async function saveSetting(db: Queryable, modelId: string, enabled: boolean, parameters: Record<string, ParameterValue>, userId: string | null, at: string): Promise<void> {
  await db.query(
    `INSERT INTO warning_model_setting (model_id, enabled, parameters, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (model_id) DO UPDATE SET enabled = excluded.enabled, parameters = excluded.parameters, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [modelId, enabled, JSON.stringify(parameters), userId, at],
  );
}

export async function startRun(db: Queryable, kind: 'full' | 'incremental', at: string, caseIds: readonly string[] = []): Promise<number> {
  const [row] = await db.query<{ id: string | number }>('INSERT INTO warning_run (kind, started_at, case_ids) VALUES ($1, $2, $3::uuid[]) RETURNING id', [kind, at, caseIds]);
  return Number(row!.id);
}

export async function finishRun(db: Queryable, id: number, at: string, results: Record<string, ModelRunResult>): Promise<void> {
  await db.query('UPDATE warning_run SET finished_at = $2, results = $3 WHERE id = $1', [id, at, JSON.stringify(results)]);
}

/** Runs one model's statement; a failure is the model's, not the run's (the other models keep running). */
export async function runModelStatement(db: Queryable, statement: RunStatement, inTransaction: boolean): Promise<ModelRunResult> {
  const t0 = performance.now();
  if (inTransaction) await db.exec('SAVEPOINT warning_model');
  try {
    const [row] = await db.query<{ holding: number; opened: number; closed: number }>(statement.sql, statement.params, statement.name);
    if (inTransaction) await db.exec('RELEASE SAVEPOINT warning_model');
    return { holding: row!.holding, opened: row!.opened, closed: row!.closed, ms: Math.round((performance.now() - t0) * 10) / 10 };
  } catch (error) {
    if (inTransaction) await db.exec('ROLLBACK TO SAVEPOINT warning_model');
    return { ms: Math.round((performance.now() - t0) * 10) / 10, error: (error as Error).message };
  }
}

/** Takes up to `limit` queued case events (locked, so two servers do not take the same ones); deleted with the transaction. */
export async function takeQueued(tx: Queryable, limit: number): Promise<{ caseId: string; kind: string }[]> {
  const rows = await tx.query<{ case_id: string; kind: string }>(
    `DELETE FROM warning_queue WHERE id IN (SELECT id FROM warning_queue ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING case_id, kind`,
    [limit],
  );
  return rows.map((r) => ({ caseId: r.case_id, kind: r.kind }));
}

export interface HitRecord {
  id: string;
  modelId: string;
  subjectId: string;
  caseId: string | null;
  caseNumber: string | null;
  unitId: string;
  unitName: string;
  regionCode: string;
  regionName: string;
  severity: string;
  facts: Record<string, unknown>;
  openedAt: string;
  closedAt: string | null;
}

export interface HitFilter {
  modelId?: string;
  unitId?: string;
  regionCode?: string;
  severity?: string;
  caseId?: string;
  /** open (default), closed or all */
  state?: 'open' | 'closed' | 'all';
  limit: number;
  offset: number;
}

function hitWhere(scope: Scope | null, f: Omit<HitFilter, 'limit' | 'offset'>, params: unknown[]): string {
  const where: string[] = [];
  const state = f.state ?? 'open';
  if (state === 'open') where.push('h.closed_at IS NULL');
  if (state === 'closed') where.push('h.closed_at IS NOT NULL');
  if (f.modelId) where.push(`h.model_id = $${params.push(f.modelId)}`);
  if (f.unitId) where.push(`h.unit_id = $${params.push(f.unitId)}::uuid`);
  if (f.caseId) where.push(`h.case_id = $${params.push(f.caseId)}::uuid`);
  if (f.severity) where.push(`h.severity = $${params.push(f.severity)}`);
  // the region's own prefix (its code less the zeros of the levels below, kept with the region): 991000 is not 991%
  if (f.regionCode) where.push(`h.region_code LIKE (SELECT scope_prefix FROM region WHERE code = $${params.push(f.regionCode)}) || '%'`);
  if (scope) where.push(scopeToSql(scope, { unitId: 'h.unit_id', regionCode: 'h.region_code', agency: 'u.agency' }, params));
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

export async function listHits(db: Queryable, scope: Scope | null, f: HitFilter): Promise<{ total: number; items: HitRecord[] }> {
  const params: unknown[] = [];
  const where = hitWhere(scope, f, params);
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM warning_hit h JOIN unit u ON u.id = h.unit_id ${where}`, params);
  const rows = await db.query<{
    id: string; model_id: string; subject_id: string; case_id: string | null; case_number: string | null; unit_id: string; unit_name: string;
    region_code: string; region_name: string; severity: string; facts: Record<string, unknown> | string; opened_at: Date | string; closed_at: Date | string | null;
  }>(
    `SELECT h.id, h.model_id, h.subject_id, h.case_id, c.case_number, h.unit_id, u.name AS unit_name, h.region_code, r.name AS region_name,
            h.severity, h.facts, h.opened_at, h.closed_at
       FROM warning_hit h JOIN unit u ON u.id = h.unit_id JOIN region r ON r.code = h.region_code
       LEFT JOIN criminal_case c ON c.id = h.case_id
       ${where}
      ORDER BY h.opened_at DESC, h.id
      LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset)}`,
    params,
  );
  return {
    total: count!.n,
    items: rows.map((r) => ({
      id: r.id,
      modelId: r.model_id,
      subjectId: r.subject_id,
      caseId: r.case_id,
      caseNumber: r.case_number,
      unitId: r.unit_id,
      unitName: r.unit_name,
      regionCode: r.region_code,
      regionName: r.region_name,
      severity: r.severity,
      facts: typeof r.facts === 'string' ? JSON.parse(r.facts) : r.facts,
      openedAt: iso(r.opened_at),
      closedAt: iso(r.closed_at),
    })),
  };
}

/** Open hits counted by model, unit, region (the committee's desk) within a scope. */
export async function countOpenHits(db: Queryable, scope: Scope | null, by: 'model' | 'unit' | 'region' | 'severity'): Promise<{ key: string; name: string | null; count: number }[]> {
  const params: unknown[] = [];
  const where = hitWhere(scope, { state: 'open' }, params);
  const key = { model: 'h.model_id', unit: 'h.unit_id::text', region: 'h.region_code', severity: 'h.severity' }[by];
  const name = { model: 'NULL', unit: 'min(u.name)', region: 'min(r.name)', severity: 'NULL' }[by];
  const rows = await db.query<{ key: string; name: string | null; count: number }>(
    `SELECT ${key} AS key, ${name} AS name, count(*)::int AS count
       FROM warning_hit h JOIN unit u ON u.id = h.unit_id JOIN region r ON r.code = h.region_code ${where}
      GROUP BY ${key} ORDER BY count(*) DESC, ${key}`,
    params,
  );
  return rows;
}

/** Hits opened and closed per day over [from, to) within a scope: the trend on the desk (one pass over the hits of the window). */
export async function hitTrend(db: Queryable, scope: Scope | null, from: string, to: string, modelId?: string): Promise<{ day: string; opened: number; closed: number }[]> {
  const params: unknown[] = [from, to];
  const where = hitWhere(scope, { state: 'all', ...(modelId ? { modelId } : {}) }, params);
  const window = `(SELECT $1::date::timestamp AT TIME ZONE 'Asia/Shanghai')`;
  const windowEnd = `(SELECT $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')`;
  const rows = await db.query<{ day: string; opened: number; closed: number }>(
    `WITH h AS (
       SELECT h.opened_at, h.closed_at FROM warning_hit h JOIN unit u ON u.id = h.unit_id
        ${where ? `${where} AND` : 'WHERE'} (h.opened_at >= ${window} OR h.closed_at >= ${window}) AND h.opened_at < ${windowEnd}
     ),
     moments AS (
       SELECT (opened_at AT TIME ZONE 'Asia/Shanghai')::date AS day, 1 AS opened, 0 AS closed FROM h
       UNION ALL
       SELECT (closed_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 1 FROM h WHERE closed_at IS NOT NULL
     ),
     per_day AS (SELECT day, sum(opened)::int AS opened, sum(closed)::int AS closed FROM moments GROUP BY day)
     SELECT to_char(d.day, 'YYYY-MM-DD') AS day, coalesce(p.opened, 0) AS opened, coalesce(p.closed, 0) AS closed
       FROM generate_series($1::date, $2::date - 1, interval '1 day') AS d(day)
       LEFT JOIN per_day p ON p.day = d.day::date
      ORDER BY d.day`,
    params,
  );
  return rows;
}

export async function lastRuns(db: Queryable, limit: number): Promise<{ id: number; kind: string; startedAt: string; finishedAt: string | null; results: Record<string, ModelRunResult> }[]> {
  const rows = await db.query<{ id: string | number; kind: string; started_at: Date | string; finished_at: Date | string | null; results: Record<string, ModelRunResult> | string }>(
    'SELECT id, kind, started_at, finished_at, results FROM warning_run ORDER BY id DESC LIMIT $1',
    [limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    results: typeof r.results === 'string' ? JSON.parse(r.results) : r.results,
  }));
}
