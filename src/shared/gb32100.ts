// Unified social credit code for legal persons and other organisations (统一社会信用代码), GB 32100-2015.
// Layout (clause 4): 1 registration department code, 1 organisation type code, 6-digit administrative
// division code (GB/T 2260), 9-character organisation identifier (GB 11714), 1 check character.

export type OrgCodeRejection = 'length' | 'format' | 'check-digit';

export type OrgCodeValidation =
  | { ok: true; value: string }
  | { ok: false; reason: OrgCodeRejection };

const LENGTH = 18;
// GB 32100-2015 charset table: the 31 characters used, in value order 0..30 (I, O, Z, S, V are left out).
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// GB 32100-2015 check-character formula, weights Wi = 3^(i-1) mod 31 for positions 1..17.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const MODULUS = 31;

const CHAR = `[${CHARSET}]`;
// Positions 1 and 2 are checked only against the charset, not against the standard's code tables, so a
// department or type code added by a later amendment is still accepted.
const SHAPE = new RegExp(`^${CHAR}{2}\\d{6}${CHAR}{10}$`);

/** Check character for the first 17 characters, GB 32100-2015 check-character formula (MOD 31). */
export function orgCodeCheckChar(first17: string): string {
  if (first17.length !== LENGTH - 1) {
    throw new Error(`orgCodeCheckChar: expected 17 characters, got "${first17}"`);
  }
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) {
    const value = CHARSET.indexOf(first17[i]!);
    if (value < 0) throw new Error(`orgCodeCheckChar: "${first17[i]}" is not in the GB 32100 charset`);
    sum += value * WEIGHTS[i]!;
  }
  return CHARSET[(MODULUS - (sum % MODULUS)) % MODULUS]!;
}

/** Validates an 18-character unified social credit code per GB 32100-2015 clause 4; lower case is normalised. */
export function validateOrgCode(s: string): OrgCodeValidation {
  if (s.length !== LENGTH) return { ok: false, reason: 'length' };
  const value = s.toUpperCase();
  if (!SHAPE.test(value)) return { ok: false, reason: 'format' };
  if (orgCodeCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, reason: 'check-digit' };
  return { ok: true, value };
}
