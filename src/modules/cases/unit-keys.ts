/**
 * The units' SM2 signing keys (e-seals): generated on a unit's first signature, the private key sealed at rest
 * under the master key; a rotation retires the active key and keeps it, so every old signature still verifies
 * against the key it names.
 */
import type { Queryable } from '../../db/client.ts';
import { openPrivateKey, sealPrivateKey } from '../../shared/key-vault.ts';
import { generateSm2KeyPair, sm2Sign, sm2Verify } from '../../shared/sm2.ts';
import { iso } from './cases.repository.ts';

export interface UnitKey {
  id: string;
  unitId: string;
  publicKey: string;
  createdAt: string;
  retiredAt: string | null;
}

interface KeyRow {
  id: string;
  unit_id: string;
  public_key: string;
  sealed_private: string;
  created_at: Date | string;
  retired_at: Date | string | null;
}

const toKey = (r: KeyRow): UnitKey => ({ id: r.id, unitId: r.unit_id, publicKey: r.public_key, createdAt: iso(r.created_at)!, retiredAt: iso(r.retired_at) });

async function insertKey(tx: Queryable, unitId: string, masterKey: Buffer): Promise<void> {
  const pair = generateSm2KeyPair();
  // ON CONFLICT: another transaction created the unit's first key at the same moment; theirs is kept
  await tx.query(
    `INSERT INTO unit_key (unit_id, public_key, sealed_private) VALUES ($1, $2, $3)
     ON CONFLICT (unit_id) WHERE retired_at IS NULL DO NOTHING`,
    [unitId, pair.publicKeyHex.toLowerCase(), sealPrivateKey(pair.privateKeyHex, masterKey)],
  );
}

/** The unit's active key with its private half opened; created on first use. */
export async function activeSigningKey(tx: Queryable, unitId: string, masterKey: Buffer): Promise<UnitKey & { privateKey: string }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const [row] = await tx.query<KeyRow>('SELECT * FROM unit_key WHERE unit_id = $1 AND retired_at IS NULL', [unitId], 'unit-key-active');
    if (row) return { ...toKey(row), privateKey: openPrivateKey(row.sealed_private, masterKey) };
    await insertKey(tx, unitId, masterKey);
  }
  throw new Error(`unit ${unitId}: no active signing key after creating one`);
}

/** Retires the unit's active key (if any) and creates a new one; answers the new key. */
export async function rotateUnitKey(tx: Queryable, unitId: string, masterKey: Buffer): Promise<{ retired: UnitKey | null; active: UnitKey }> {
  const [old] = await tx.query<KeyRow>('UPDATE unit_key SET retired_at = now() WHERE unit_id = $1 AND retired_at IS NULL RETURNING *', [unitId]);
  await insertKey(tx, unitId, masterKey);
  const [row] = await tx.query<KeyRow>('SELECT * FROM unit_key WHERE unit_id = $1 AND retired_at IS NULL', [unitId]);
  return { retired: old ? toKey(old) : null, active: toKey(row!) };
}

export async function unitKeys(db: Queryable, unitId: string): Promise<UnitKey[]> {
  const rows = await db.query<KeyRow>('SELECT * FROM unit_key WHERE unit_id = $1 ORDER BY created_at', [unitId]);
  return rows.map(toKey);
}

/** The SM2 signature (DER hex, standard user ID) over the 32 bytes of an SM3 digest given as hex. */
export function signDigest(privateKey: string, sm3HexDigest: string): string {
  return sm2Sign(privateKey, Buffer.from(sm3HexDigest, 'hex'));
}

export function verifyDigestSignature(publicKey: string, sm3HexDigest: string, signature: string): boolean {
  return sm2Verify(publicKey, Buffer.from(sm3HexDigest, 'hex'), signature);
}
