import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuditEntry, ChainVerifier, type ChainedAuditRecord, GENESIS_HASH, canonicalJson, chainEntry } from './audit-chain.ts';

const entry = (i: number): AuditEntry => ({
  actorUserId: null,
  actorUsername: `user${i}`,
  actorUnitId: null,
  regionCode: '990102',
  action: 'user.create',
  resourceKind: 'user',
  resourceId: String(i),
  clientAddress: '127.0.0.1',
  details: { b: 1, a: [i] },
});

function buildChain(n: number): ChainedAuditRecord[] {
  const out: ChainedAuditRecord[] = [];
  let prev = { seq: 0, hash: GENESIS_HASH };
  for (let i = 0; i < n; i++) {
    const r = chainEntry(entry(i), prev.seq, prev.hash, new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
    out.push(r);
    prev = r;
  }
  return out;
}

function verify(records: ChainedAuditRecord[]) {
  const v = new ChainVerifier();
  v.push(records);
  const last = records.at(-1);
  return v.finish(last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH });
}

describe('audit chain', () => {
  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });

  it('an intact chain verifies', () => {
    expect(verify(buildChain(20))).toBeNull();
  });

  it('names the first changed record, whatever field is changed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom('action', 'resourceId', 'clientAddress', 'details', 'actorUsername'),
        fc.string({ minLength: 1 }),
        (index, field, value) => {
          const chain = buildChain(10);
          const original = chain[index]![field];
          fc.pre(original !== value);
          chain[index] = { ...chain[index]!, [field]: value };
          expect(verify(chain)).toEqual({ seq: index + 1, reason: 'hash-mismatch' });
        },
      ),
    );
  });

  it('finds a removed record, a reordering, and a removed tail', () => {
    const chain = buildChain(5);
    expect(verify([chain[0]!, chain[2]!, chain[3]!])).toEqual({ seq: 2, reason: 'sequence-gap' });
    const v = new ChainVerifier();
    v.push(chain.slice(0, 3));
    expect(v.finish({ seq: 5, hash: chain[4]!.hash })).toEqual({ seq: 4, reason: 'head-mismatch' });
  });

  it('finds a record whose hash was recomputed after an edit', () => {
    const chain = buildChain(5);
    const forged = chainEntry({ ...entry(2), action: 'forged' }, 2, chain[1]!.hash, chain[2]!.at);
    chain[2] = forged;
    expect(verify(chain)).toEqual({ seq: 4, reason: 'prev-hash-mismatch' });
  });
});
