/**
 * The abuse limits of the citizens' pages as data (rules/governance/public-limits.yaml) and the one decision
 * over them: given how many attempts each key made within each rule's window, is this one refused, and for how
 * long. Pure.
 */
import { type Fail, record } from '../rules-data.ts';

export type SubmitKey = 'address' | 'phone';
export type LookupKey = 'address' | 'code';

export interface LimitRule<K extends string> {
  by: K;
  max: number;
  perMinutes: number;
}

export interface PublicLimits {
  submit: LimitRule<SubmitKey>[];
  lookup: LimitRule<LookupKey>[];
}

/** Validates the parsed YAML; `fail` names the field. */
export function parsePublicLimits(raw: unknown, fail: Fail): PublicLimits {
  const r = record(raw, 'limits', ['submit', 'lookup'], fail);
  const rules = <K extends string>(v: unknown, path: string, keys: readonly K[]): LimitRule<K>[] => {
    if (!Array.isArray(v) || v.length === 0) fail(path, 'must be a non-empty list of rules');
    return (v as unknown[]).map((x, i) => {
      const at = `${path}[${i}]`;
      const rule = record(x, at, ['by', 'max', 'perMinutes'], fail);
      if (!keys.includes(rule.by as K)) fail(`${at}.by`, `must be one of ${keys.join(', ')}`);
      for (const f of ['max', 'perMinutes'] as const) {
        if (!Number.isInteger(rule[f]) || (rule[f] as number) < 1 || (rule[f] as number) > 100_000) fail(`${at}.${f}`, 'must be a whole number from 1 to 100000');
      }
      return { by: rule.by as K, max: rule.max as number, perMinutes: rule.perMinutes as number };
    });
  };
  return { submit: rules(r.submit, 'submit', ['address', 'phone'] as const), lookup: rules(r.lookup, 'lookup', ['address', 'code'] as const) };
}

/** The attempts a key made: their moments (ms), any order. */
export type Attempts<K extends string> = Partial<Record<K, readonly number[]>>;

/**
 * The first rule this attempt at `nowMs` would break, with the seconds until the oldest counted attempt leaves
 * its window; null when every rule allows it. A key with no value (no phone given) is not counted.
 */
export function limitBroken<K extends string>(rules: readonly LimitRule<K>[], attempts: Attempts<K>, nowMs: number): { rule: LimitRule<K>; retryAfterSeconds: number } | null {
  for (const rule of rules) {
    const moments = attempts[rule.by];
    if (!moments) continue;
    const since = nowMs - rule.perMinutes * 60_000;
    const inWindow = moments.filter((m) => m > since && m <= nowMs).sort((a, b) => a - b);
    if (inWindow.length >= rule.max) {
      const oldestCounted = inWindow[inWindow.length - rule.max]!;
      return { rule, retryAfterSeconds: Math.max(1, Math.ceil((oldestCounted + rule.perMinutes * 60_000 - nowMs) / 1000)) };
    }
  }
  return null;
}

/** The longest window of the rules (how far back attempts are read and kept). */
export const longestWindowMinutes = (limits: PublicLimits) => Math.max(...[...limits.submit, ...limits.lookup].map((r) => r.perMinutes));
