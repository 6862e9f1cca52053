// A small seeded pseudo-random generator for deterministic demo and test data. Not for anything secret:
// tokens, salts and keys come from node:crypto.

/** A seeded stream of pseudo-random values; the same seed always gives the same stream. */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An unsigned 32-bit integer. */
  nextUint32(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One element of a non-empty list, each drawn in proportion to its weight. */
  weighted<T extends { weight: number }>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A float in [min, max). */
  between(min: number, max: number): number;
  /** A UUID with the version 4 layout of RFC 4122 §4.4, its 122 random bits taken from this stream. */
  uuid(): string;
}

const TWO_POW_32 = 0x1_0000_0000;

/** mulberry32 (Tommy Ettinger, public domain): 32-bit state, period 2^32, good enough for synthetic data. */
export function createPrng(seed: number): Prng {
  if (!Number.isSafeInteger(seed)) throw new Error(`createPrng: seed must be an integer, got ${seed}`);
  let state = seed | 0;

  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => nextUint32() / TWO_POW_32;

  const int = (min: number, max: number): number => {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
      throw new Error(`Prng.int: need integers min <= max, got ${min}, ${max}`);
    }
    return min + Math.floor(next() * (max - min + 1));
  };

  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('Prng.pick: empty list');
    return items[int(0, items.length - 1)]!;
  };

  const weighted = <T extends { weight: number }>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('Prng.weighted: empty list');
    let x = next() * items.reduce((n, t) => n + t.weight, 0);
    for (const item of items) {
      x -= item.weight;
      if (x < 0) return item;
    }
    return items[items.length - 1]!;
  };
  const chance = (p: number): boolean => next() < p;
  const between = (min: number, max: number): number => min + next() * (max - min);

  const uuid = (): string => {
    const bytes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const word = nextUint32();
      bytes.push(word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff);
    }
    bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10xx (RFC 4122)
    const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };

  return { next, nextUint32, int, pick, weighted, chance, between, uuid };
}
