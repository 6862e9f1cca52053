/**
 * The small checks every rules-as-data parser makes (rules/*.yaml): each failure names the field's path, and
 * the caller's `fail` adds the file. Pure.
 */
import type { LegalBasis } from './clock/types.ts';

export type Fail = (path: string, what: string) => never;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A mapping with only the known fields. */
export function record(value: unknown, path: string, known: readonly string[], fail: Fail): Record<string, unknown> {
  if (!isRecord(value)) fail(path, 'must be a mapping');
  const r = value as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!known.includes(key)) fail(`${path}.${key}`, `unknown field (known: ${known.join(', ')})`);
  }
  return r;
}

export function text(value: unknown, path: string, fail: Fail): string {
  if (typeof value !== 'string' || value.trim() === '') fail(path, 'must be a non-empty string');
  return value as string;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string, fail: Fail): T {
  if (value === undefined) fail(path, `is required (one of ${allowed.join(', ')})`);
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(path, `unknown value ${JSON.stringify(value)} (one of ${allowed.join(', ')})`);
  }
  return value as T;
}

export function bilingual(value: unknown, path: string, fail: Fail): { zh: string; en: string } {
  const r = record(value, path, ['zh', 'en'], fail);
  return { zh: text(r.zh, `${path}.zh`, fail), en: text(r.en, `${path}.en`, fail) };
}

/** A non-empty list of { law, article }, articles written as text ("91", not 91). */
export function basisList(value: unknown, path: string, fail: Fail): LegalBasis[] {
  if (!Array.isArray(value) || value.length === 0) fail(path, 'must be a non-empty list');
  return (value as unknown[]).map((item, i) => {
    const r = record(item, `${path}[${i}]`, ['law', 'article'], fail);
    const law = text(r.law, `${path}[${i}].law`, fail);
    if (typeof r.article !== 'string' || r.article.trim() === '') {
      fail(`${path}[${i}].article`, 'must be a non-empty string (quote numbers: "91")');
    }
    return { law, article: r.article as string };
  });
}

/** A list (possibly empty). */
export function list(value: unknown, path: string, fail: Fail): unknown[] {
  if (!Array.isArray(value)) fail(path, 'must be a list');
  return value as unknown[];
}

/** A whole number above zero. */
export function positiveInt(value: unknown, path: string, fail: Fail): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) fail(path, 'must be a whole number above zero');
  return value as number;
}
