/**
 * The counting of the governance center's metrics (rules/governance/metrics.yaml holds their definitions in words):
 * one base query per metric id giving, per matter counted, the unit it is counted for, the region it arose in, and
 * its numerator and denominator; one wrapper groups them by unit, by child region, or not at all, within the
 * caller's scope. Periods are [from, to) moments.
 */
import type { Queryable } from '../../db/client.ts';
import { scopeToSql } from '../../db/scope-sql.ts';
import type { Scope } from '../../engine/permissions/permissions.ts';

/** The columns each base query yields: unit_id, region_code, agency, num, den; $1 and $2 are the period's bounds. */
const NOT_WITHDRAWN_CLOSED = `d.closed_at >= $1 AND d.closed_at < $2 AND d.outcome <> 'withdrawn'`;
const DISPUTE_FROM = 'FROM dispute d JOIN unit u ON u.id = d.handling_unit_id';

export const METRIC_QUERIES: Record<string, string> = {
  'dispute.resolution-rate': `SELECT d.handling_unit_id AS unit_id, d.region_code, u.agency, (d.outcome = 'resolved')::int AS num, 1 AS den
    ${DISPUTE_FROM} WHERE ${NOT_WITHDRAWN_CLOSED}`,
  'dispute.mediation-success-rate': `SELECT d.handling_unit_id AS unit_id, d.region_code, u.agency,
      (EXISTS (SELECT 1 FROM mediation_agreement a WHERE a.dispute_id = d.id))::int AS num, 1 AS den
    ${DISPUTE_FROM} WHERE ${NOT_WITHDRAWN_CLOSED} AND d.route_kind IN ('mediation-committee', 'court-pre-litigation')`,
  'dispute.on-time-rate': `SELECT d.handling_unit_id AS unit_id, d.region_code, u.agency,
      (NOT EXISTS (SELECT 1 FROM dispute_event e WHERE e.dispute_id = d.id AND e.data->>'late' = 'true'))::int AS num, 1 AS den
    ${DISPUTE_FROM} WHERE ${NOT_WITHDRAWN_CLOSED}`,
  'dispute.average-days-to-close': `SELECT d.handling_unit_id AS unit_id, d.region_code, u.agency,
      extract(epoch FROM d.closed_at - d.created_at) / 86400.0 AS num, 1 AS den
    ${DISPUTE_FROM} WHERE ${NOT_WITHDRAWN_CLOSED}`,
  'dispute.satisfaction-rate': `SELECT d.handling_unit_id AS unit_id, d.region_code, u.agency, (d.satisfaction >= 4)::int AS num, 1 AS den
    ${DISPUTE_FROM} WHERE d.visited_at >= $1 AND d.visited_at < $2 AND d.satisfaction IS NOT NULL`,
  'dispute.average-satisfaction': `SELECT d.handling_unit_id AS unit_id, d.region_code, u.agency, d.satisfaction AS num, 1 AS den
    ${DISPUTE_FROM} WHERE d.visited_at >= $1 AND d.visited_at < $2 AND d.satisfaction IS NOT NULL`,
  'petition.on-time-rate': `SELECT c.unit_id, p.region_code, u.agency, (c.due_at IS NULL OR c.stopped_at <= c.due_at)::int AS num, 1 AS den
    FROM matter_clock c JOIN petition p ON p.id = c.matter_id JOIN unit u ON u.id = c.unit_id
    WHERE c.matter_kind = 'petition' AND c.stopped_at >= $1 AND c.stopped_at < $2
      -- the time limits a body answers for: the petitioner's own windows to ask for a review have no unit
      -- (rules/governance/petition-flow.yaml answering: petitioner)
      AND c.unit_id IS NOT NULL`,
  'grid-event.average-rating': `SELECT coalesce(g.responsible_unit_id, g.county_unit_id, g.township_unit_id) AS unit_id, g.region_code, u.agency, g.rating AS num, 1 AS den
    FROM grid_event g JOIN unit u ON u.id = coalesce(g.responsible_unit_id, g.county_unit_id, g.township_unit_id)
    WHERE g.rated_at >= $1 AND g.rated_at < $2 AND g.rating IS NOT NULL`,
};

export interface MetricRow {
  key: string | null;
  name: string | null;
  nameEn: string | null;
  numerator: number;
  denominator: number;
}

/**
 * One metric over [from, to) for the matters of `regionCode` and below (and the caller's scope), grouped by the
 * unit counted, by the child regions of `regionCode`, or as one total (key null).
 */
export async function countMetric(db: Queryable, id: string, q: { fromIso: string; toIso: string; regionCode: string; by: 'unit' | 'region' | 'total' }, scope: Scope): Promise<MetricRow[]> {
  const base = METRIC_QUERIES[id];
  if (!base) throw new Error(`no query counts metric ${id}`);
  const params: unknown[] = [q.fromIso, q.toIso];
  const region = `$${params.push(q.regionCode)}`;
  const scoped = scopeToSql(scope, { unitId: 'b.unit_id', regionCode: 'b.region_code', agency: 'b.agency' }, params);
  const within = `b.region_code LIKE (SELECT scope_prefix FROM region WHERE code = ${region}) || '%' AND ${scoped}`;
  const sums = 'sum(b.num)::float8 AS numerator, sum(b.den)::float8 AS denominator';
  const sql =
    q.by === 'unit'
      ? `WITH b AS (${base}) SELECT b.unit_id::text AS key, min(u.name) AS name, min(u.name_en) AS "nameEn", ${sums}
           FROM b JOIN unit u ON u.id = b.unit_id WHERE ${within} GROUP BY b.unit_id ORDER BY min(u.code)`
      : q.by === 'region'
        ? `WITH b AS (${base}) SELECT c.code AS key, min(c.name) AS name, min(c.name_en) AS "nameEn", ${sums}
             FROM b JOIN region c ON c.parent_code = ${region} AND b.region_code LIKE c.scope_prefix || '%'
            WHERE ${within} GROUP BY c.code ORDER BY c.code`
        : `WITH b AS (${base}) SELECT NULL AS key, NULL AS name, NULL AS "nameEn", coalesce(sum(b.num), 0)::float8 AS numerator, coalesce(sum(b.den), 0)::float8 AS denominator
             FROM b WHERE ${within}`;
  return db.query<MetricRow>(sql, params);
}

export async function regionOf(db: Queryable, code: string): Promise<{ code: string; name: string; nameEn: string; scopePrefix: string } | null> {
  const [r] = await db.query<{ code: string; name: string; nameEn: string; scopePrefix: string }>(
    'SELECT code, name, name_en AS "nameEn", scope_prefix AS "scopePrefix" FROM region WHERE code = $1',
    [code],
  );
  return r ?? null;
}
