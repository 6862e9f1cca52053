import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { orgCodeCheckChar, validateOrgCode } from './gb32100.ts';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const charArb = fc.constantFrom(...CHARSET);

const validCodeArb = fc
  .tuple(
    fc.array(charArb, { minLength: 2, maxLength: 2 }),
    fc.integer({ min: 0, max: 999999 }),
    fc.array(charArb, { minLength: 9, maxLength: 9 }),
  )
  .map(([head, division, body]) => {
    const first17 = head.join('') + String(division).padStart(6, '0') + body.join('');
    return first17 + orgCodeCheckChar(first17);
  });

describe('orgCodeCheckChar', () => {
  it('matches the worked example of GB 32100-2015 (91350100M000100Y43)', () => {
    // Hand check, values M=21 Y=30: 9*1 + 1*3 + 3*9 + 5*27 + 0*19 + 1*26 + 0*16 + 0*17 + 21*20 + 0*29
    //   + 0*25 + 0*13 + 1*8 + 0*24 + 0*10 + 30*30 + 4*28 = 1640; 1640 mod 31 = 28; 31 - 28 = 3.
    expect(orgCodeCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('matches a published company code (914403001922038216)', () => {
    // Hand check: 9*1 + 1*3 + 4*9 + 4*27 + 0*19 + 3*26 + 0*16 + 0*17 + 1*20 + 9*29 + 2*25 + 2*13
    //   + 0*8 + 3*24 + 8*10 + 2*30 + 1*28 = 831; 831 mod 31 = 25; 31 - 25 = 6.
    expect(orgCodeCheckChar('91440300192203821')).toBe('6');
  });

  it('maps a remainder of 0 to the character 0, not to value 31', () => {
    // 17 zeros sum to 0, and (31 - 0) mod 31 = 0.
    expect(orgCodeCheckChar('0'.repeat(17))).toBe('0');
  });

  it('rejects wrong lengths and characters outside the charset', () => {
    expect(() => orgCodeCheckChar('91350100M000100Y')).toThrow();
    expect(() => orgCodeCheckChar('91350100M000100I4')).toThrow();
  });
});

describe('validateOrgCode', () => {
  it('accepts the published examples and normalises lower case', () => {
    expect(validateOrgCode('91350100M000100Y43')).toEqual({ ok: true, value: '91350100M000100Y43' });
    expect(validateOrgCode('914403001922038216')).toEqual({ ok: true, value: '914403001922038216' });
    expect(validateOrgCode('91350100m000100y43')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });

  it('rejects the standard\'s counter-example with a wrong check character', () => {
    expect(validateOrgCode('91350100M000100Y4Z')).toEqual({ ok: false, reason: 'format' });
    expect(validateOrgCode('91350100M000100Y44')).toEqual({ ok: false, reason: 'check-digit' });
  });

  it('rejects wrong lengths', () => {
    expect(validateOrgCode('')).toEqual({ ok: false, reason: 'length' });
    expect(validateOrgCode('91350100M000100Y4')).toEqual({ ok: false, reason: 'length' });
    expect(validateOrgCode('91350100M000100Y433')).toEqual({ ok: false, reason: 'length' });
  });

  it.each(['I', 'O', 'Z', 'S', 'V', '-', ' '])('rejects the excluded character %j', (c) => {
    expect(validateOrgCode(`91350100M000100${c}43`)).toEqual({ ok: false, reason: 'format' });
  });

  it('rejects letters in the administrative division code (positions 3-8)', () => {
    const first17 = '9135A100M000100Y4';
    expect(validateOrgCode(first17 + orgCodeCheckChar(first17))).toEqual({ ok: false, reason: 'format' });
  });

  it('passes every generated valid code', () => {
    fc.assert(
      fc.property(validCodeArb, (code) => {
        expect(validateOrgCode(code)).toEqual({ ok: true, value: code });
      }),
    );
  });

  it('fails when any one character of a valid code is changed', () => {
    const arb = fc.tuple(validCodeArb, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }));
    fc.assert(
      fc.property(arb, ([code, position, delta]) => {
        const chars = [...code];
        chars[position] = CHARSET[(CHARSET.indexOf(chars[position]!) + delta) % CHARSET.length]!;
        expect(validateOrgCode(chars.join('')).ok).toBe(false);
      }),
    );
  });
});
