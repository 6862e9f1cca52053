/**
 * The indicators of the rankings as data (rules/indicators.yaml): each a formula over base metrics, a direction,
 * a weight in the safety index, a scoring method, a source, and whom it ranks. Parsed and checked here (formula
 * syntax, every name a base metric the repository counts, weights summing to 1). Pure.
 */
import { AGENCIES, type Agency } from '../organisation.ts';
import { type Fail, bilingual, isRecord, oneOf, record, text } from '../rules-data.ts';
import { type Expr, FormulaError, namesOf, parseFormula } from './expression.ts';

export const DIRECTIONS = ['higher-better', 'lower-better'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const SUBJECT_KINDS = ['unit', 'region'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];
/** The id the safety index's rows carry beside the indicators'. */
export const SAFETY_INDEX_ID = 'safety-index';

/**
 * min-max: across the subjects ranked, the best value scores 100 and the worst 0 (all equal: 100 each);
 * target: 100 at `target` or better, 0 at `floor` or worse, linear between (the same for every subject).
 */
export type Scoring = { method: 'min-max' } | { method: 'target'; target: number; floor: number };

export interface IndicatorDefinition {
  id: string;
  name: { zh: string; en: string };
  formula: string;
  expr: Expr;
  /** The base metrics the formula reads. */
  metrics: string[];
  direction: Direction;
  weight: number;
  unit: { zh: string; en: string };
  scoring: Scoring;
  source: { table: string; policy: string };
  subjects: SubjectKind[];
  agencies: Agency[];
}

export interface IndicatorSet {
  indicators: IndicatorDefinition[];
}

function scoringOf(value: unknown, path: string, direction: Direction, fallback: Scoring, fail: Fail): Scoring {
  if (value === undefined) return fallback;
  const s = record(value, path, ['method', 'target', 'floor'], fail);
  const method = oneOf(s.method, ['min-max', 'target'] as const, `${path}.method`, fail);
  if (method === 'min-max') return { method };
  if (typeof s.target !== 'number' || !Number.isFinite(s.target)) fail(`${path}.target`, 'must be a number');
  if (typeof s.floor !== 'number' || !Number.isFinite(s.floor)) fail(`${path}.floor`, 'must be a number');
  const target = s.target as number;
  const floor = s.floor as number;
  if (direction === 'higher-better' ? target <= floor : target >= floor) {
    fail(`${path}.target`, `must be ${direction === 'higher-better' ? 'above' : 'below'} floor (${floor}) for a ${direction} indicator`);
  }
  return { method, target, floor };
}

/** Parses the indicators file; `metrics` are the base metrics the repository counts. */
export function parseIndicators(raw: unknown, metrics: readonly string[], fail: Fail): IndicatorSet {
  const r = record(raw, 'file', ['scoring', 'indicators'], fail);
  let fallback: Scoring = { method: 'min-max' };
  if (r.scoring !== undefined) {
    const s = record(r.scoring, 'scoring', ['default'], fail);
    const method = oneOf(s.default, ['min-max'] as const, 'scoring.default', fail);
    fallback = { method };
  }
  if (!Array.isArray(r.indicators) || r.indicators.length === 0) fail('indicators', 'must be a non-empty list');
  const seen = new Set<string>();
  const indicators = (r.indicators as unknown[]).map((v, i): IndicatorDefinition => {
    const at = `indicators[${i}]`;
    const x = record(v, at, ['id', 'zh', 'en', 'formula', 'direction', 'weight', 'unit', 'scoring', 'source', 'subjects', 'agencies'], fail);
    const id = text(x.id, `${at}.id`, fail);
    if (!/^[a-z][a-z0-9-]*$/.test(id)) fail(`${at}.id`, 'must be lower-case words joined by "-"');
    if (id === SAFETY_INDEX_ID) fail(`${at}.id`, `${SAFETY_INDEX_ID} is the composite's own id`);
    if (seen.has(id)) fail(`${at}.id`, `${id} is defined twice`);
    seen.add(id);
    const formula = text(x.formula, `${at}.formula`, fail);
    let expr: Expr;
    try {
      expr = parseFormula(formula);
    } catch (error) {
      if (error instanceof FormulaError) fail(`${at}.formula`, error.message);
      throw error;
    }
    const names = namesOf(expr!);
    const unknown = names.filter((n) => !metrics.includes(n));
    if (unknown.length) fail(`${at}.formula`, `unknown base metric ${unknown.join(', ')} (counted: ${metrics.join(', ')})`);
    const direction = oneOf(x.direction, DIRECTIONS, `${at}.direction`, fail);
    if (typeof x.weight !== 'number' || !(x.weight >= 0 && x.weight <= 1)) fail(`${at}.weight`, 'must be a number from 0 to 1');
    const src = record(x.source, `${at}.source`, ['table', 'policy'], fail);
    if (!Array.isArray(x.subjects) || x.subjects.length === 0) fail(`${at}.subjects`, 'must be a non-empty list of unit | region');
    const subjects = (x.subjects as unknown[]).map((s, j) => oneOf(s, SUBJECT_KINDS, `${at}.subjects[${j}]`, fail));
    if (!Array.isArray(x.agencies) || x.agencies.length === 0) fail(`${at}.agencies`, 'must be a non-empty list of agencies');
    const agencies = (x.agencies as unknown[]).map((a, j) => oneOf(a, AGENCIES, `${at}.agencies[${j}]`, fail));
    if (!isRecord(x.unit)) fail(`${at}.unit`, 'must be { zh, en }');
    return {
      id,
      name: bilingual({ zh: x.zh, en: x.en }, at, fail),
      formula,
      expr: expr!,
      metrics: names,
      direction,
      weight: x.weight as number,
      unit: bilingual(x.unit, `${at}.unit`, fail),
      scoring: scoringOf(x.scoring, `${at}.scoring`, direction, fallback, fail),
      source: { table: text(src.table, `${at}.source.table`, fail), policy: text(src.policy, `${at}.source.policy`, fail) },
      subjects,
      agencies,
    };
  });
  const total = indicators.reduce((s, d) => s + d.weight, 0);
  if (Math.abs(total - 1) > 1e-9) fail('indicators[].weight', `the weights sum to ${Number(total.toFixed(6))}, not 1`);
  return { indicators };
}
