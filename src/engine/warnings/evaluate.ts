/**
 * The statements that run a model inside the database: one statement records the hits that begin, leaves those
 * that go on, and closes those that end (so a hit is recorded once per subject while its condition holds), for
 * the whole province or for one case's subjects. Pure: text and parameter lists only.
 */
import type { ParameterValue, WarningModel } from './model.ts';
import { parameterValues } from './model.ts';

export interface RunStatement {
  sql: string;
  params: unknown[];
  /**
   * The same text for the same model and form (whole province or one case) whatever the moment and parameters:
   * a name under which PostgreSQL prepares it once per connection and reuses its plan.
   */
  name?: string;
}

/** A short, stable name for a statement's text (PostgreSQL's identifier limit is 63 bytes). */
function statementName(kind: string, modelId: string, sql: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < sql.length; i++) h = Math.imul(h ^ sql.charCodeAt(i), 0x01000193);
  return `wm_${kind}_${(h >>> 0).toString(36)}_${modelId.replace(/[^a-z0-9]/g, '_')}`.slice(0, 63);
}

export interface RunContext {
  runId: number;
  /** The moment of evaluation: :now of the model and the time of the hits it opens or closes. */
  now: Date;
  settings: Record<string, ParameterValue>;
}

/** Records the model's hits; caseId limits it to one case's subjects (incremental runs). Returns holding, opened, closed. */
export function runStatement(model: WarningModel, ctx: RunContext, caseId: string | null = null): RunStatement {
  const params = parameterValues(model, ctx.settings, ctx.now);
  const next = (v: unknown) => `$${params.push(v)}`;
  const modelId = next(model.id);
  const at = next(ctx.now.toISOString());
  const run = next(ctx.runId);
  const severity = next(model.severity);
  const forCase = caseId === null ? null : next(caseId);
  const sql = `WITH cur AS (
  SELECT DISTINCT ON (m.subject_id) m.subject_id::text AS subject_id, m.case_id::uuid AS case_id, m.unit_id::uuid AS unit_id, m.facts::jsonb AS facts
  FROM (${model.query.sql}) m
  WHERE m.unit_id IS NOT NULL${forCase ? ` AND m.case_id = ${forCase}::uuid` : ''}
), opened AS (
  INSERT INTO warning_hit (model_id, subject_id, case_id, unit_id, region_code, severity, facts, opened_at, opened_run)
  SELECT ${modelId}::text, cur.subject_id, cur.case_id, cur.unit_id, u.region_code, ${severity}::text, cur.facts, ${at}::timestamptz, ${run}::bigint
  FROM cur JOIN unit u ON u.id = cur.unit_id
  ON CONFLICT (model_id, subject_id) WHERE closed_at IS NULL DO NOTHING
  RETURNING 1
), closed AS (
  UPDATE warning_hit h SET closed_at = greatest(${at}::timestamptz, h.opened_at), closed_run = ${run}::bigint
  WHERE h.model_id = ${modelId}::text AND h.closed_at IS NULL${forCase ? ` AND h.case_id = ${forCase}::uuid` : ''}
    AND NOT EXISTS (SELECT 1 FROM cur WHERE cur.subject_id = h.subject_id)
  RETURNING 1
)
SELECT (SELECT count(*) FROM cur)::int AS holding, (SELECT count(*) FROM opened)::int AS opened, (SELECT count(*) FROM closed)::int AS closed`;
  return { sql, params, name: statementName(forCase ? 'case' : 'all', model.id, sql) };
}

/** The model's hits as of a moment, without recording anything: what a backtest counts, per unit. */
export function probeStatement(model: WarningModel, at: Date, settings: Record<string, ParameterValue>): RunStatement {
  const params = parameterValues(model, settings, at);
  return {
    sql: `SELECT DISTINCT m.unit_id::text AS unit_id, m.subject_id::text AS subject_id FROM (${model.query.sql}) m WHERE m.unit_id IS NOT NULL`,
    params,
  };
}
