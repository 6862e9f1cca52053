import type { Queryable } from '../../db/client.ts';
import type { Agency, RegionLevel, Role } from '../../engine/organisation.ts';
import type { Principal } from './principal.ts';

export interface LoginCandidate {
  id: string;
  passwordHash: string;
  active: boolean;
  unitId: string;
  regionCode: string;
}

export async function findLoginCandidate(db: Queryable, username: string): Promise<LoginCandidate | null> {
  const [row] = await db.query<{ id: string; password_hash: string; active: boolean; unit_id: string; region_code: string }>(
    `SELECT u.id, u.password_hash, u.active, u.unit_id, un.region_code
       FROM app_user u JOIN unit un ON un.id = u.unit_id WHERE u.username = $1`,
    [username],
  );
  return row
    ? { id: row.id, passwordHash: row.password_hash, active: row.active, unitId: row.unit_id, regionCode: row.region_code }
    : null;
}

export async function countRecentFailures(
  db: Queryable,
  username: string,
  clientAddress: string,
  since: Date,
): Promise<{ byAccount: number; byClient: number }> {
  const [row] = await db.query<{ by_account: number; by_client: number }>(
    `SELECT
       (SELECT count(*)::int FROM login_attempt WHERE username = $1 AND at > $3 AND NOT succeeded) AS by_account,
       (SELECT count(*)::int FROM login_attempt WHERE client_address = $2 AND at > $3 AND NOT succeeded) AS by_client`,
    [username, clientAddress, since],
  );
  return { byAccount: row?.by_account ?? 0, byClient: row?.by_client ?? 0 };
}

export async function recordLoginAttempt(
  db: Queryable,
  username: string,
  clientAddress: string,
  succeeded: boolean,
): Promise<void> {
  await db.query('INSERT INTO login_attempt (username, client_address, succeeded) VALUES ($1, $2, $3)', [
    username,
    clientAddress,
    succeeded,
  ]);
}

export async function insertSession(
  db: Queryable,
  s: { tokenHash: string; userId: string; expiresAt: Date; clientAddress: string },
): Promise<void> {
  await db.query('INSERT INTO session (token_hash, user_id, expires_at, client_address) VALUES ($1, $2, $3, $4)', [
    s.tokenHash,
    s.userId,
    s.expiresAt,
    s.clientAddress,
  ]);
}

export async function revokeSession(db: Queryable, tokenHash: string): Promise<boolean> {
  const rows = await db.query(
    'UPDATE session SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING token_hash',
    [tokenHash],
  );
  return rows.length > 0;
}

export interface SessionPrincipalRow {
  user_id: string;
  username: string;
  display_name: string;
  role: Role;
  unit_id: string;
  agency: Agency;
  unit_name: string;
  unit_name_en: string;
  unit_level: RegionLevel;
  region_code: string;
  region_name: string;
  region_name_en: string;
  region_level: RegionLevel;
  scope_prefix: string;
}

// an account with its unit and region: what a principal is made of
const PRINCIPAL_COLUMNS = `u.id AS user_id, u.username, u.display_name, u.role, u.unit_id, un.agency, un.name AS unit_name,
       un.name_en AS unit_name_en, un.level AS unit_level, un.region_code, r.name AS region_name,
       r.name_en AS region_name_en, r.level AS region_level, r.scope_prefix`;
const UNIT_AND_REGION = 'JOIN unit un ON un.id = u.unit_id JOIN region r ON r.code = un.region_code';

function toPrincipal(row: SessionPrincipalRow, sessionId: string): Principal {
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    agency: row.agency,
    unitId: row.unit_id,
    regionCode: row.region_code,
    regionPrefix: row.scope_prefix,
    sessionId,
    unit: { id: row.unit_id, name: row.unit_name, nameEn: row.unit_name_en, agency: row.agency, level: row.unit_level },
    region: { code: row.region_code, name: row.region_name, nameEn: row.region_name_en, level: row.region_level },
  };
}

/** The principal of a live session: not revoked, not expired, the account active. One query per request. */
export async function findSessionPrincipal(db: Queryable, tokenHash: string): Promise<Principal | null> {
  const [row] = await db.query<SessionPrincipalRow>(
    `SELECT ${PRINCIPAL_COLUMNS}
       FROM session s JOIN app_user u ON u.id = s.user_id ${UNIT_AND_REGION}
      WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
    [tokenHash],
    'session-principal',
  );
  return row ? toPrincipal(row, tokenHash) : null;
}

/**
 * The principals of every active account, by username, for work done on their behalf without a session (the
 * demo loader drives the services as the demo's officers); `sessionId` says where the work came from.
 */
export async function activePrincipals(db: Queryable, sessionId: string): Promise<Map<string, Principal>> {
  const rows = await db.query<SessionPrincipalRow>(`SELECT ${PRINCIPAL_COLUMNS} FROM app_user u ${UNIT_AND_REGION} WHERE u.active`);
  return new Map(rows.map((row) => [row.username, toPrincipal(row, sessionId)]));
}
