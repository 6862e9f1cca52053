import type { Queryable } from '../../db/client.ts';
import { scopeToSql } from '../../db/scope-sql.ts';
import type { Agency, RegionLevel, Role } from '../../engine/organisation.ts';
import type { Scope } from '../../engine/permissions/permissions.ts';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  unitName: string;
  unitNameEn: string;
  agency: Agency;
  unitLevel: RegionLevel;
  regionCode: string;
  phone: string | null;
  idNumber: string | null;
  active: boolean;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  unit_id: string;
  unit_name: string;
  unit_name_en: string;
  agency: Agency;
  unit_level: RegionLevel;
  region_code: string;
  phone: string | null;
  id_number: string | null;
  active: boolean;
}

const SELECT_USER = `SELECT u.id, u.username, u.display_name, u.role, u.unit_id, un.name AS unit_name,
    un.name_en AS unit_name_en, un.agency, un.level AS unit_level, un.region_code, u.phone, u.id_number, u.active
  FROM app_user u JOIN unit un ON un.id = u.unit_id`;

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  unitId: r.unit_id,
  unitName: r.unit_name,
  unitNameEn: r.unit_name_en,
  agency: r.agency,
  unitLevel: r.unit_level,
  regionCode: r.region_code,
  phone: r.phone,
  idNumber: r.id_number,
  active: r.active,
});

export async function findUserById(db: Queryable, id: string): Promise<UserRecord | null> {
  const [row] = await db.query<UserRow>(`${SELECT_USER} WHERE u.id = $1`, [id]);
  return row ? toUser(row) : null;
}

export async function listUsers(
  db: Queryable,
  scope: Scope,
  filter: { unitId?: string; limit: number; offset: number },
): Promise<{ items: UserRecord[]; total: number }> {
  const params: unknown[] = [];
  const where = [scopeToSql(scope, { unitId: 'u.unit_id', regionCode: 'un.region_code', agency: 'un.agency' }, params)];
  if (filter.unitId) {
    params.push(filter.unitId);
    where.push(`u.unit_id = $${params.length}`);
  }
  const whereSql = where.join(' AND ');
  const [count] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM app_user u JOIN unit un ON un.id = u.unit_id WHERE ${whereSql}`,
    params,
  );
  const rows = await db.query<UserRow>(
    `${SELECT_USER} WHERE ${whereSql} ORDER BY un.region_code, un.code, u.username
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, filter.limit, filter.offset],
  );
  return { items: rows.map(toUser), total: count?.n ?? 0 };
}

export interface NewUser {
  id?: string;
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  unitId: string;
  phone: string | null;
  idNumber: string | null;
}

/** Inserts a user; answers null when the username is taken (no exception escapes for a duplicate). */
export async function insertUser(db: Queryable, u: NewUser): Promise<string | null> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO app_user (id, username, display_name, password_hash, role, unit_id, phone, id_number)
     VALUES (COALESCE($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (username) DO NOTHING RETURNING id`,
    [u.id ?? null, u.username, u.displayName, u.passwordHash, u.role, u.unitId, u.phone, u.idNumber],
  );
  return rows[0]?.id ?? null;
}

export interface UserPatch {
  displayName?: string;
  role?: Role;
  active?: boolean;
  phone?: string | null;
  idNumber?: string | null;
  passwordHash?: string;
}

const PATCH_COLUMNS: Record<keyof UserPatch, string> = {
  displayName: 'display_name',
  role: 'role',
  active: 'active',
  phone: 'phone',
  idNumber: 'id_number',
  passwordHash: 'password_hash',
};

export async function updateUser(db: Queryable, id: string, patch: UserPatch): Promise<void> {
  const params: unknown[] = [id];
  const sets = (Object.keys(patch) as (keyof UserPatch)[])
    .filter((k) => patch[k] !== undefined)
    .map((k) => {
      params.push(patch[k]);
      return `${PATCH_COLUMNS[k]} = $${params.length}`;
    });
  if (sets.length === 0) return;
  await db.query(`UPDATE app_user SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
}

/** Ends every session of a user (deactivation, password change). */
export async function revokeUserSessions(db: Queryable, userId: string): Promise<void> {
  await db.query('UPDATE session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
}
