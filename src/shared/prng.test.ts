import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createPrng } from './prng.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('createPrng', () => {
  it('reproduces the reference mulberry32 stream', () => {
    // Values of the published JavaScript mulberry32 for seeds 1 and 42; demo data depends on them staying put.
    const one = createPrng(1);
    expect([one.nextUint32(), one.nextUint32(), one.nextUint32()]).toEqual([2693262067, 11749833, 2265367787]);
    expect(createPrng(1).next()).toBe(0.6270739405881613);
    const fortyTwo = createPrng(42);
    expect([fortyTwo.nextUint32(), fortyTwo.nextUint32()]).toEqual([2581720956, 1925393290]);
  });

  it('gives the same stream for the same seed and another for another seed', () => {
    const draw = (seed: number) => {
      const prng = createPrng(seed);
      return Array.from({ length: 20 }, () => prng.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => createPrng(1.5)).toThrow();
    expect(() => createPrng(Number.NaN)).toThrow();
  });

  it('keeps next() in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const prng = createPrng(seed);
        const values = Array.from({ length: 50 }, () => prng.next());
        expect(values.every((x) => x >= 0 && x < 1)).toBe(true);
      }),
    );
  });

  it('keeps int(min, max) within both bounds and reaches each', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 5 }), (seed, min, span) => {
        const prng = createPrng(seed);
        const values = Array.from({ length: 200 }, () => prng.int(min, min + span));
        expect(values.every((x) => Number.isInteger(x) && x >= min && x <= min + span)).toBe(true);
        expect(new Set(values).size).toBe(span + 1);
      }),
    );
  });

  it('spreads int() roughly evenly', () => {
    const prng = createPrng(1);
    const counts = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[prng.int(0, 9)]! += 1;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('refuses reversed or fractional bounds and an empty pick', () => {
    const prng = createPrng(1);
    expect(() => prng.int(5, 4)).toThrow();
    expect(() => prng.int(0, 1.5)).toThrow();
    expect(() => prng.pick([])).toThrow();
  });

  it('picks only from the list', () => {
    const prng = createPrng(3);
    const items = ['甲', '乙', '丙'] as const;
    for (let i = 0; i < 100; i++) expect(items).toContain(prng.pick(items));
  });

  it('makes UUIDs with the RFC 4122 version 4 layout, distinct and deterministic', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = createPrng(seed);
        const ids = Array.from({ length: 100 }, () => a.uuid());
        for (const id of ids) expect(id).toMatch(UUID_V4);
        expect(new Set(ids).size).toBe(ids.length);
        const b = createPrng(seed);
        expect(Array.from({ length: 100 }, () => b.uuid())).toEqual(ids);
      }),
      { numRuns: 20 },
    );
  });

  it('draws weighted, chance and between from the same stream as next()', () => {
    const a = createPrng(9);
    const b = createPrng(9);
    const items = [{ id: 'x', weight: 1 }, { id: 'y', weight: 3 }];
    const x = b.next() * 4;
    expect(a.weighted(items).id).toBe(x < 1 ? 'x' : 'y');
    expect(a.chance(0.5)).toBe(b.next() < 0.5);
    expect(a.between(10, 20)).toBe(10 + b.next() * 10);
    expect(() => a.weighted([])).toThrow();
  });
});
