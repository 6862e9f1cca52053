import type { Queryable } from '../../db/client.ts';
import { type ChainBreak, ChainVerifier } from './audit-chain.ts';
import { readAuditBatch, readAuditHead } from './audit.repository.ts';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: ChainBreak | null;
}

/** Recomputes the whole chain in batches and names the first broken record. */
export async function verifyAuditChain(db: Queryable, batchSize = 5000): Promise<VerifyResult> {
  // Read the head first: records appended while we walk lie beyond it and are left for the next run.
  const head = await readAuditHead(db);
  const verifier = new ChainVerifier();
  let after = 0;
  while (after < head.seq) {
    const batch = await readAuditBatch(db, after, Math.min(batchSize, head.seq - after));
    if (batch.length === 0) break;
    verifier.push(batch);
    after = batch.at(-1)!.seq;
    if (verifier.firstBreak) break;
  }
  const firstBroken = verifier.finish(head);
  return { ok: firstBroken === null, checked: verifier.checked, firstBroken };
}
