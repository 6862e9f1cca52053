/**
 * The audit chain, pure: each record's hash is SM3 over its canonical form, which includes the previous
 * record's hash, so editing, removing or reordering any record breaks every hash after it.
 */
import { sm3Hex } from '../../shared/sm3.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  actorUserId: string | null;
  actorUsername: string | null;
  actorUnitId: string | null;
  /** The region the record belongs to (the actor's unit's region), for scoped reading by auditors. */
  regionCode: string | null;
  action: string;
  resourceKind: string;
  resourceId: string | null;
  clientAddress: string | null;
  /** Small, non-personal facts about the change (ids, field names); never personal data itself. */
  details: Record<string, unknown>;
}

export interface ChainedAuditRecord extends Omit<AuditEntry, 'details'> {
  seq: number;
  at: Date;
  /** Canonical JSON of the details, stored as text so the hashed bytes are the stored bytes. */
  details: string;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every depth: one text for one value. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    return v;
  });
}

export function recordHash(r: Omit<ChainedAuditRecord, 'hash'>): string {
  return sm3Hex(
    JSON.stringify([
      r.seq,
      r.at.toISOString(),
      r.actorUserId,
      r.actorUsername,
      r.actorUnitId,
      r.regionCode,
      r.action,
      r.resourceKind,
      r.resourceId,
      r.clientAddress,
      r.details,
      r.prevHash,
    ]),
  );
}

/** Links an entry to the chain after the record with (prevSeq, prevHash). */
export function chainEntry(entry: AuditEntry, prevSeq: number, prevHash: string, at: Date): ChainedAuditRecord {
  const unhashed = { ...entry, seq: prevSeq + 1, at, details: canonicalJson(entry.details), prevHash };
  return { ...unhashed, hash: recordHash(unhashed) };
}

export interface ChainBreak {
  seq: number;
  reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'sequence-gap' | 'head-mismatch';
}

/**
 * Checks records in sequence order, one batch at a time; keeps the state between batches.
 * The first break found is the answer.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  checked = 0;
  firstBreak: ChainBreak | null = null;

  push(records: Iterable<ChainedAuditRecord>): void {
    for (const r of records) {
      if (this.firstBreak) return;
      this.checked += 1;
      if (r.seq !== this.expectedSeq) {
        this.firstBreak = { seq: this.expectedSeq, reason: 'sequence-gap' };
      } else if (r.prevHash !== this.prevHash) {
        this.firstBreak = { seq: r.seq, reason: 'prev-hash-mismatch' };
      } else if (recordHash(r) !== r.hash) {
        this.firstBreak = { seq: r.seq, reason: 'hash-mismatch' };
      }
      this.expectedSeq = r.seq + 1;
      this.prevHash = r.hash;
    }
  }

  /** The head row must point at the last record: a deleted tail is found here. */
  finish(head: { seq: number; hash: string }): ChainBreak | null {
    if (!this.firstBreak && (head.seq !== this.expectedSeq - 1 || head.hash !== this.prevHash)) {
      this.firstBreak = { seq: Math.min(head.seq, this.expectedSeq), reason: 'head-mismatch' };
    }
    return this.firstBreak;
  }
}
