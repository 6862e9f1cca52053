import type { Queryable } from '../../db/client.ts';
import { type RegionLevel, regionScopePrefix } from '../../engine/organisation.ts';

export interface RegionRecord {
  code: string;
  name: string;
  nameEn: string;
  level: RegionLevel;
  parentCode: string | null;
}

export async function listRegions(db: Queryable): Promise<RegionRecord[]> {
  const rows = await db.query<{ code: string; name: string; name_en: string; level: RegionLevel; parent_code: string | null }>(
    'SELECT code, name, name_en, level, parent_code FROM region ORDER BY code',
  );
  return rows.map((r) => ({ code: r.code, name: r.name, nameEn: r.name_en, level: r.level, parentCode: r.parent_code }));
}

/** Inserts regions parents first (the caller orders them). */
export async function insertRegion(db: Queryable, r: RegionRecord): Promise<void> {
  await db.query(
    'INSERT INTO region (code, name, name_en, level, parent_code, scope_prefix) VALUES ($1, $2, $3, $4, $5, $6)',
    [r.code, r.name, r.nameEn, r.level, r.parentCode, regionScopePrefix(r.code, r.level)],
  );
}
