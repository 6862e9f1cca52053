import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TRACKING_PREFIX, type TrackedKind, formatTrackingCode, newTrackingCode, normalizeTrackingCode } from './tracking-code.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const kinds = Object.keys(TRACKING_PREFIX) as TrackedKind[];
const seeded = (values: number[]) => {
  let i = 0;
  return (n: number) => values[i++ % values.length]! % n;
};
const arbCode = fc.tuple(fc.constantFrom(...kinds), fc.array(fc.nat(31), { minLength: 11, maxLength: 11 })).map(([kind, v]) => ({ kind, code: newTrackingCode(kind, seeded(v)) }));

describe('tracking codes', () => {
  it('a new code is well formed, of its kind, and reads back as itself however it is typed', () => {
    fc.assert(
      fc.property(arbCode, ({ kind, code }) => {
        expect(code).toMatch(new RegExp(`^${TRACKING_PREFIX[kind]}[${ALPHABET}]{12}$`));
        expect(normalizeTrackingCode(code)).toEqual({ kind, code });
        expect(normalizeTrackingCode(formatTrackingCode(code).toLowerCase())).toEqual({ kind, code });
        expect(normalizeTrackingCode(code.replace(/1/g, 'l').replace(/0/g, 'O'))).toEqual({ kind, code });
      }),
    );
  });

  it('any one symbol mistyped is caught', () => {
    fc.assert(
      fc.property(arbCode, fc.nat(11), fc.nat(30), ({ code }, at, shift) => {
        const i = 2 + at;
        const wrong = ALPHABET[(ALPHABET.indexOf(code[i]!) + 1 + shift) % 32]!;
        expect(normalizeTrackingCode(code.slice(0, i) + wrong + code.slice(i + 1))).toBeNull();
      }),
    );
  });

  it('two different neighbours swapped are caught', () => {
    fc.assert(
      fc.property(arbCode, fc.nat(10), ({ code }, at) => {
        const i = 2 + at;
        fc.pre(code[i] !== code[i + 1]);
        // Luhn mod N misses only the swap of the two symbols whose values are 0 and N-1 apart
        fc.pre(!(['0', 'Z'].includes(code[i]!) && ['0', 'Z'].includes(code[i + 1]!)));
        expect(normalizeTrackingCode(code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2))).toBeNull();
      }),
    );
  });

  it('refuses what is not a code', () => {
    for (const s of ['', 'JF', 'XX7K3M9Q2DXT4Z', 'JF7K3M9Q2DXT4', 'JF7K3M9Q2DXT4ZZ', 'JF7K3M9Q2DXU4Z', '<script>', 'JF 7K3M 9Q2D XT4*']) expect(normalizeTrackingCode(s)).toBeNull();
  });
});
