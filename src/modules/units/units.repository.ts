import type { Queryable } from '../../db/client.ts';
import { scopeToSql } from '../../db/scope-sql.ts';
import type { Agency, RegionLevel } from '../../engine/organisation.ts';
import type { Scope } from '../../engine/permissions/permissions.ts';

export interface UnitRecord {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  agency: Agency;
  level: RegionLevel;
  regionCode: string;
  orgCode: string | null;
}

interface UnitRow {
  id: string;
  code: string;
  name: string;
  name_en: string;
  agency: Agency;
  level: RegionLevel;
  region_code: string;
  org_code: string | null;
}

const toUnit = (r: UnitRow): UnitRecord => ({
  id: r.id,
  code: r.code,
  name: r.name,
  nameEn: r.name_en,
  agency: r.agency,
  level: r.level,
  regionCode: r.region_code,
  orgCode: r.org_code,
});

export async function findUnitById(db: Queryable, id: string): Promise<UnitRecord | null> {
  const [row] = await db.query<UnitRow>('SELECT * FROM unit WHERE id = $1', [id]);
  return row ? toUnit(row) : null;
}

export async function countUnits(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM unit');
  return row?.n ?? 0;
}

export async function findUnitByCode(db: Queryable, code: string): Promise<UnitRecord | null> {
  const [row] = await db.query<UnitRow>('SELECT * FROM unit WHERE code = $1', [code]);
  return row ? toUnit(row) : null;
}

export interface UnitFilter {
  agency?: Agency;
  /** This region and every region below it. */
  regionCode?: string;
  limit: number;
  offset: number;
}

export async function listUnits(db: Queryable, scope: Scope, f: UnitFilter): Promise<{ items: UnitRecord[]; total: number }> {
  const params: unknown[] = [];
  const where = [scopeToSql(scope, { unitId: 'u.id', regionCode: 'u.region_code', agency: 'u.agency' }, params)];
  if (f.agency) {
    params.push(f.agency);
    where.push(`u.agency = $${params.length}`);
  }
  if (f.regionCode) {
    params.push(f.regionCode);
    where.push(`u.region_code LIKE (SELECT scope_prefix FROM region WHERE code = $${params.length}) || '%'`);
  }
  const whereSql = where.join(' AND ');
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM unit u WHERE ${whereSql}`, params);
  const rows = await db.query<UnitRow>(
    `SELECT u.* FROM unit u WHERE ${whereSql} ORDER BY u.region_code, u.code
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { items: rows.map(toUnit), total: count?.n ?? 0 };
}

export async function insertUnit(db: Queryable, u: Omit<UnitRecord, 'id'> & { id?: string }): Promise<void> {
  await db.query(
    `INSERT INTO unit (id, code, name, name_en, agency, level, region_code, org_code)
     VALUES (COALESCE($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8)`,
    [u.id ?? null, u.code, u.name, u.nameEn, u.agency, u.level, u.regionCode, u.orgCode],
  );
}
