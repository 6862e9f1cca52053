import type { Queryable } from '../../db/client.ts';

/** Of these import keys, those a dispute already carries. */
export async function findImportedKeys(db: Queryable, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.query<{ import_key: string }>('SELECT import_key FROM dispute WHERE import_key = ANY($1::text[])', [keys], 'dispute_import_keys');
  return new Set(rows.map((r) => r.import_key));
}

export interface ImportingUnit {
  id: string;
  code: string;
  agency: string;
  regionCode: string;
}

export async function findUnitByCode(db: Queryable, code: string): Promise<ImportingUnit | null> {
  const [row] = await db.query<{ id: string; code: string; agency: string; region_code: string }>('SELECT id, code, agency, region_code FROM unit WHERE code = $1', [code]);
  return row ? { id: row.id, code: row.code, agency: row.agency, regionCode: row.region_code } : null;
}

export async function findUnitById(db: Queryable, id: string): Promise<ImportingUnit | null> {
  const [row] = await db.query<{ id: string; code: string; agency: string; region_code: string }>('SELECT id, code, agency, region_code FROM unit WHERE id = $1', [id]);
  return row ? { id: row.id, code: row.code, agency: row.agency, regionCode: row.region_code } : null;
}
