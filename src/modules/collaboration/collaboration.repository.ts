/** SQL of the collaboration rate: it only gathers units and transfers; the arithmetic is src/engine/collaboration/rate.ts. */
import type { Queryable } from '../../db/client.ts';
import { scopeToSql } from '../../db/scope-sql.ts';
import type { RateUnit, TransferFact } from '../../engine/collaboration/rate.ts';
import type { Scope } from '../../engine/permissions/permissions.ts';

/**
 * The units of these agencies within the scope (null: every unit), each with the county it is counted under: a
 * township's unit under its county, a unit at county level or above under its own region.
 */
export async function rateUnits(db: Queryable, scope: Scope | null, agencies: readonly string[]): Promise<RateUnit[]> {
  const params: unknown[] = [agencies];
  const where = ['u.agency = ANY($1::text[])'];
  if (scope) where.push(scopeToSql(scope, { unitId: 'u.id', regionCode: 'u.region_code', agency: 'u.agency' }, params));
  const rows = await db.query<{ id: string; name: string; name_en: string; agency: string; region_code: string; county_code: string; county_name: string; county_name_en: string }>(
    `SELECT u.id, u.name, u.name_en, u.agency, u.region_code, c.code AS county_code, c.name AS county_name, c.name_en AS county_name_en
       FROM unit u JOIN region r ON r.code = u.region_code
            JOIN region c ON c.code = CASE WHEN r.level = 'township' THEN r.parent_code ELSE r.code END
      WHERE ${where.join(' AND ')}
      ORDER BY u.region_code, u.code`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    nameEn: r.name_en,
    agency: r.agency,
    regionCode: r.region_code,
    countyCode: r.county_code,
    countyName: r.county_name,
    countyNameEn: r.county_name_en,
  }));
}

/**
 * Transfers sent in [from, toExclusive) by or to one of the units, with when each was received: its acceptance,
 * or for a request answered without being accepted, the answer's sending.
 */
export async function rateTransfers(db: Queryable, from: string, toExclusive: string, unitIds: readonly string[]): Promise<TransferFact[]> {
  if (unitIds.length === 0) return [];
  const rows = await db.query<{ sender_unit_id: string; receiver_unit_id: string; sent_at: Date | string; on_paper: boolean; state: TransferFact['state']; received_at: Date | string | null }>(
    `SELECT t.sender_unit_id, t.receiver_unit_id, t.sent_at, t.on_paper, t.state,
            coalesce(t.received_at, (SELECT min(a.sent_at) FROM transfer a WHERE a.answers_transfer_id = t.id)) AS received_at
       FROM transfer t
      WHERE t.sent_at >= $1 AND t.sent_at < $2 AND (t.sender_unit_id = ANY($3::uuid[]) OR t.receiver_unit_id = ANY($3::uuid[]))`,
    [from, toExclusive, unitIds],
  );
  return rows.map((r) => ({
    senderUnitId: r.sender_unit_id,
    receiverUnitId: r.receiver_unit_id,
    sentAt: new Date(r.sent_at).toISOString(),
    onPaper: r.on_paper,
    state: r.state,
    receivedAt: r.received_at === null ? null : new Date(r.received_at).toISOString(),
  }));
}
