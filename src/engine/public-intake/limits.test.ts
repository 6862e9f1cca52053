import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type LimitRule, limitBroken, longestWindowMinutes, parsePublicLimits } from './limits.ts';

const fail = (path: string, what: string): never => {
  throw new Error(`${path}: ${what}`);
};
const MIN = 60_000;

describe('public limits', () => {
  it('the rules file loads', () => {
    const limits = parsePublicLimits(parse(readFileSync('rules/governance/public-limits.yaml', 'utf8')), fail);
    expect(limits.submit.length).toBeGreaterThan(0);
    expect(longestWindowMinutes(limits)).toBeGreaterThanOrEqual(60);
  });

  it('a bad rule is refused naming its field', () => {
    expect(() => parsePublicLimits({ submit: [{ by: 'address', max: 0, perMinutes: 5 }], lookup: [{ by: 'code', max: 1, perMinutes: 1 }] }, fail)).toThrow('submit[0].max');
    expect(() => parsePublicLimits({ submit: [{ by: 'ip', max: 1, perMinutes: 5 }], lookup: [{ by: 'code', max: 1, perMinutes: 1 }] }, fail)).toThrow('submit[0].by');
    expect(() => parsePublicLimits({ submit: [], lookup: [] }, fail)).toThrow('submit');
    expect(() => parsePublicLimits({ submit: [{ by: 'phone', max: 1, perMinutes: 1, extra: 1 }], lookup: [{ by: 'code', max: 1, perMinutes: 1 }] }, fail)).toThrow('extra');
  });

  const rules: LimitRule<'address' | 'phone'>[] = [
    { by: 'address', max: 3, perMinutes: 60 },
    { by: 'phone', max: 2, perMinutes: 1440 },
  ];

  it('allows up to max within the window and refuses the next, until the oldest counted attempt leaves it', () => {
    const now = 10_000 * MIN;
    expect(limitBroken(rules, { address: [now - 50 * MIN, now - 10 * MIN] }, now)).toBeNull();
    const broken = limitBroken(rules, { address: [now - 50 * MIN, now - 10 * MIN, now - 1 * MIN] }, now);
    expect(broken?.rule.by).toBe('address');
    expect(broken?.retryAfterSeconds).toBe(10 * 60);
    // attempts older than the window do not count; a key not given is not counted
    expect(limitBroken(rules, { address: [now - 61 * MIN, now - 70 * MIN, now - 80 * MIN, now - 5 * MIN] }, now)).toBeNull();
    expect(limitBroken(rules, { phone: [now - 100 * MIN, now - 5 * MIN] }, now)?.rule.by).toBe('phone');
  });

  it('property: refused exactly when some rule counts max attempts in its window; waiting retryAfter frees it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 8 }), fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 4 }), (a, p) => {
        const now = 3000 * MIN;
        const attempts = { address: a.map((m) => m * MIN), phone: p.map((m) => m * MIN) };
        const broken = limitBroken(rules, attempts, now);
        const over = rules.some((r) => attempts[r.by].filter((m) => m > now - r.perMinutes * MIN && m <= now).length >= r.max);
        expect(broken !== null).toBe(over);
        if (broken) {
          const later = now + broken.retryAfterSeconds * 1000;
          const count = attempts[broken.rule.by].filter((m) => m > later - broken.rule.perMinutes * MIN && m <= later).length;
          expect(count).toBeLessThan(broken.rule.max);
        }
      }),
    );
  });
});
