/**
 * Tracking codes: what a citizen quotes to follow their dispute, petition or grid event (查询码). Two letters of
 * the kind, then twelve symbols of Crockford's base 32 (no I, L, O, U: nothing to misread over the phone), the
 * last a Luhn mod 32 check symbol, so a mistyped symbol or two swapped neighbours are caught before any lookup.
 * Eleven random symbols are 55 bits: together with the last four digits of the phone and the lookup limits, a
 * code cannot be guessed.
 */
import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = ALPHABET.length;

export const TRACKING_PREFIX = { dispute: 'JF', petition: 'XF', 'grid-event': 'SJ' } as const;
export type TrackedKind = keyof typeof TRACKING_PREFIX;

/** Luhn mod N over the symbols' values: the symbol that makes the whole sum 0 mod N. */
function checkSymbol(body: string): string {
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    const v = ALPHABET.indexOf(body[i]!);
    const addend = factor * v;
    sum += Math.floor(addend / N) + (addend % N);
    factor = factor === 2 ? 1 : 2;
  }
  return ALPHABET[(N - (sum % N)) % N]!;
}

/** A new code for a matter of this kind, e.g. "JF7K3M9Q2DXT4" (random symbols from node:crypto). */
export function newTrackingCode(kind: TrackedKind, random: (n: number) => number = randomInt): string {
  let body = '';
  for (let i = 0; i < 11; i++) body += ALPHABET[random(N)];
  return `${TRACKING_PREFIX[kind]}${body}${checkSymbol(body)}`;
}

/**
 * What a user typed, as the code it stands for: case, spaces and hyphens ignored, I and L read as 1, O as 0;
 * null when it is not a well-formed code (wrong prefix, length, symbol, or check symbol).
 */
export function normalizeTrackingCode(input: string): { kind: TrackedKind; code: string } | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== 14) return null;
  const kind = (Object.keys(TRACKING_PREFIX) as TrackedKind[]).find((k) => s.startsWith(TRACKING_PREFIX[k]));
  if (!kind) return null;
  const rest = s.slice(2).replace(/[IL]/g, '1').replace(/O/g, '0');
  if (![...rest].every((c) => ALPHABET.includes(c))) return null;
  if (checkSymbol(rest.slice(0, 11)) !== rest[11]) return null;
  return { kind, code: `${TRACKING_PREFIX[kind]}${rest}` };
}

/** The code in groups of four for reading aloud and printing: "JF 7K3M 9Q2D XT4Z". */
export function formatTrackingCode(code: string): string {
  return `${code.slice(0, 2)} ${code.slice(2, 6)} ${code.slice(6, 10)} ${code.slice(10)}`;
}
