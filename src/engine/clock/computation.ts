/** How periods are computed per family of rules (rules/clock.yaml), parsed and validated. Pure. */
import type { LegalBasis, TimeLimitRule } from './types.ts';

export interface FamilyComputation {
  hoursFrom: 'next-whole-hour' | 'event-time';
  lastDayToLastDay: boolean;
  basis: { start: LegalBasis[]; months: LegalBasis[]; holiday: LegalBasis[] };
}

export type ComputationRules = Record<TimeLimitRule['family'], FamilyComputation>;

const FAMILIES: TimeLimitRule['family'][] = ['criminal', 'public-security', 'civil', 'administrative', 'mediation', 'petition'];

export function parseComputationRules(raw: unknown, source = 'rules/clock.yaml'): ComputationRules {
  const fail = (where: string, what: string): never => {
    throw new Error(`${source}: ${where}: ${what}`);
  };
  const root = raw as { families?: Record<string, unknown> } | null;
  if (!root || typeof root !== 'object' || !root.families || typeof root.families !== 'object') fail('families', 'must be a mapping');
  const families = root!.families!;
  for (const key of Object.keys(families)) if (!FAMILIES.includes(key as TimeLimitRule['family'])) fail(`families.${key}`, 'unknown family');
  const basisList = (v: unknown, at: string): LegalBasis[] => {
    if (!Array.isArray(v) || v.length === 0) return fail(at, 'must be a non-empty list of { law, article }');
    return v.map((b, i) => {
      const o = b as Record<string, unknown>;
      if (typeof o?.law !== 'string' || !o.law || typeof o.article !== 'string' || !o.article) fail(`${at}[${i}]`, 'needs law and article (text)');
      return { law: o.law as string, article: o.article as string };
    });
  };
  const out = {} as ComputationRules;
  for (const family of FAMILIES) {
    const f = families[family] as Record<string, unknown> | undefined;
    const at = `families.${family}`;
    if (!f || typeof f !== 'object') return fail(at, 'is missing');
    if (f.hoursFrom !== 'next-whole-hour' && f.hoursFrom !== 'event-time') fail(`${at}.hoursFrom`, 'must be next-whole-hour or event-time');
    if (typeof f.lastDayToLastDay !== 'boolean') fail(`${at}.lastDayToLastDay`, 'must be true or false');
    const b = f.basis as Record<string, unknown> | undefined;
    if (!b || typeof b !== 'object') return fail(`${at}.basis`, 'must be a mapping');
    out[family] = {
      hoursFrom: f.hoursFrom as FamilyComputation['hoursFrom'],
      lastDayToLastDay: f.lastDayToLastDay as boolean,
      basis: { start: basisList(b.start, `${at}.basis.start`), months: basisList(b.months, `${at}.basis.months`), holiday: basisList(b.holiday, `${at}.basis.holiday`) },
    };
  }
  return out;
}
