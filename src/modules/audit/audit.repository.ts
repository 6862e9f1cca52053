import type { Queryable } from '../../db/client.ts';
import { scopeToSql } from '../../db/scope-sql.ts';
import type { Scope } from '../../engine/permissions/permissions.ts';
import { type AuditEntry, type ChainedAuditRecord, chainEntry } from './audit-chain.ts';

interface AuditRow {
  seq: number;
  at: Date;
  actor_user_id: string | null;
  actor_username: string | null;
  actor_unit_id: string | null;
  region_code: string | null;
  action: string;
  resource_kind: string;
  resource_id: string | null;
  client_address: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

const toRecord = (r: AuditRow): ChainedAuditRecord => ({
  seq: r.seq,
  at: r.at,
  actorUserId: r.actor_user_id,
  actorUsername: r.actor_username,
  actorUnitId: r.actor_unit_id,
  regionCode: r.region_code,
  action: r.action,
  resourceKind: r.resource_kind,
  resourceId: r.resource_id,
  clientAddress: r.client_address,
  details: r.details,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/**
 * Appends entries to the chain inside the caller's transaction, so that the audit record commits or rolls
 * back with the change it records. The head row's lock orders concurrent appends.
 */
export async function appendAudit(tx: Queryable, ...entries: AuditEntry[]): Promise<ChainedAuditRecord[]> {
  const [head] = await tx.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
  );
  if (!head) throw new Error('audit_head row is missing');
  const at = new Date();
  // Work done by the system (command line, a failed login of no account) belongs to the whole instance:
  // it is filed under the top of the region tree, so the top-level auditors read it.
  let root: string | null | undefined;
  const regionOf = async (entry: AuditEntry): Promise<string | null> => {
    if (entry.regionCode !== null) return entry.regionCode;
    if (root === undefined) {
      root = (await tx.query<{ code: string }>('SELECT code FROM region WHERE parent_code IS NULL ORDER BY code LIMIT 1'))[0]?.code ?? null;
    }
    return root;
  };
  let prev = head;
  const written: ChainedAuditRecord[] = [];
  for (const entry of entries) {
    const r = chainEntry({ ...entry, regionCode: await regionOf(entry) }, prev.seq, prev.hash, at);
    await tx.query(
      `INSERT INTO audit_record (seq, at, actor_user_id, actor_username, actor_unit_id, region_code, action,
         resource_kind, resource_id, client_address, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [r.seq, r.at, r.actorUserId, r.actorUsername, r.actorUnitId, r.regionCode, r.action, r.resourceKind,
        r.resourceId, r.clientAddress, r.details, r.prevHash, r.hash],
    );
    written.push(r);
    prev = r;
  }
  await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [prev.seq, prev.hash]);
  return written;
}

export async function readAuditHead(db: Queryable): Promise<{ seq: number; hash: string }> {
  const [head] = await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  if (!head) throw new Error('audit_head row is missing');
  return head;
}

/** Records with seq > afterSeq in order, at most `limit`: the verifier walks the chain in batches. */
export async function readAuditBatch(db: Queryable, afterSeq: number, limit: number): Promise<ChainedAuditRecord[]> {
  const rows = await db.query<AuditRow>('SELECT * FROM audit_record WHERE seq > $1 ORDER BY seq LIMIT $2', [
    afterSeq,
    limit,
  ]);
  return rows.map(toRecord);
}

export interface AuditListFilter {
  action?: string;
  actorUsername?: string;
  limit: number;
  offset: number;
}

export async function listAudit(
  db: Queryable,
  scope: Scope,
  filter: AuditListFilter,
): Promise<{ items: ChainedAuditRecord[]; total: number }> {
  const params: unknown[] = [];
  const where = [scopeToSql(scope, { unitId: 'actor_unit_id', regionCode: 'region_code' }, params)];
  if (filter.action) {
    params.push(filter.action);
    where.push(`action = $${params.length}`);
  }
  if (filter.actorUsername) {
    params.push(filter.actorUsername);
    where.push(`actor_username = $${params.length}`);
  }
  const whereSql = where.join(' AND ');
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_record WHERE ${whereSql}`, params);
  const rows = await db.query<AuditRow>(
    `SELECT * FROM audit_record WHERE ${whereSql} ORDER BY seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, filter.limit, filter.offset],
  );
  return { items: rows.map(toRecord), total: count?.n ?? 0 };
}
