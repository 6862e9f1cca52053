import { join } from 'node:path';
import { bilingual, oneOf, record, text } from '../engine/rules-data.ts';
import {
  DECISIONS, type Decision, OPINION_KINDS, type OpinionKind, RISK_LEVELS, type RiskAssessmentRules, type RiskLevel, type ScaleStep,
} from '../engine/risk-assessments/risk-matrix.ts';
import { RULES_DIR } from './load-rules.ts';
import { readRulesFile } from './read-rules-file.ts';

/**
 * rules/risk-assessment.yaml: the risk matrix, the rating rule, what each rating lets the decision body do, and
 * the kinds of opinion, each with its source. A bad file stops start-up naming the file and the field.
 */
export function loadRiskAssessmentRules(file: string = join(RULES_DIR, 'risk-assessment.yaml')): RiskAssessmentRules {
  const { raw, fail } = readRulesFile(file, 'rules/risk-assessment.yaml');
  const r = record(raw, 'risk-assessment', ['basis', 'matrix', 'rating', 'decisions', 'opinionKinds'], fail);

  const m = record(r.matrix, 'matrix', ['source', 'likelihood', 'impact', 'levels'], fail);
  const scale = (v: unknown, path: string): ScaleStep[] => {
    if (!Array.isArray(v) || v.length !== 5) fail(path, 'must list the five steps 1..5');
    return (v as unknown[]).map((s, i) => {
      const step = record(s, `${path}[${i}]`, ['value', 'zh', 'en'], fail);
      if (step.value !== i + 1) fail(`${path}[${i}].value`, `must be ${i + 1} (steps in order 1..5)`);
      return { value: i + 1, zh: text(step.zh, `${path}[${i}].zh`, fail), en: text(step.en, `${path}[${i}].en`, fail) };
    });
  };
  if (!Array.isArray(m.levels) || m.levels.length !== RISK_LEVELS.length) fail('matrix.levels', 'must list high, medium and low, in that order');
  const levels = (m.levels as unknown[]).map((l, i) => {
    const row = record(l, `matrix.levels[${i}]`, ['level', 'minScore'], fail);
    const level = oneOf(row.level, RISK_LEVELS, `matrix.levels[${i}].level`, fail);
    if (level !== RISK_LEVELS[i]) fail(`matrix.levels[${i}].level`, `must be ${RISK_LEVELS[i]} (high, medium, low in order)`);
    if (!Number.isInteger(row.minScore) || (row.minScore as number) < 1 || (row.minScore as number) > 25) fail(`matrix.levels[${i}].minScore`, 'must be a whole number from 1 to 25');
    return { level, minScore: row.minScore as number };
  });
  for (let i = 1; i < levels.length; i++) {
    if (levels[i]!.minScore >= levels[i - 1]!.minScore) fail(`matrix.levels[${i}].minScore`, 'must be below the level above it');
  }
  if (levels[levels.length - 1]!.minScore !== 1) fail(`matrix.levels[${levels.length - 1}].minScore`, 'the lowest level must start at 1 (every score has a level)');

  const rt = record(r.rating, 'rating', ['source', 'anyRiskAt', 'mediumRisksMakeHigh', 'opposition'], fail);
  if (!Array.isArray(rt.anyRiskAt)) fail('rating.anyRiskAt', 'must be a list of levels');
  const anyRiskAt = (rt.anyRiskAt as unknown[]).map((l, i) => oneOf(l, RISK_LEVELS, `rating.anyRiskAt[${i}]`, fail));
  const many = rt.mediumRisksMakeHigh ?? null;
  if (many !== null && (!Number.isInteger(many) || (many as number) < 2)) fail('rating.mediumRisksMakeHigh', 'must be a whole number of at least 2, or absent');
  const op = record(rt.opposition, 'rating.opposition', ['kinds', 'high', 'medium'], fail);
  if (!Array.isArray(op.kinds) || op.kinds.length === 0) fail('rating.opposition.kinds', 'must list the opinion kinds counted');
  const share = (v: unknown, path: string): number => {
    if (typeof v !== 'number' || !(v > 0) || v > 1) fail(path, 'must be a share above 0 and at most 1');
    return v as number;
  };
  const high = share(op.high, 'rating.opposition.high');
  const medium = share(op.medium, 'rating.opposition.medium');
  if (medium >= high) fail('rating.opposition.medium', 'must be below rating.opposition.high');

  const d = record(r.decisions, 'decisions', RISK_LEVELS, fail);
  const decisions = Object.fromEntries(
    RISK_LEVELS.map((level) => {
      const list = d[level];
      if (!Array.isArray(list) || list.length === 0) fail(`decisions.${level}`, 'must list the decisions this rating allows');
      const parsed = (list as unknown[]).map((x, i) => oneOf(x, DECISIONS, `decisions.${level}[${i}]`, fail));
      // 条例 art. 24: a decision whose risk is not controllable is not taken unchanged
      if (level === 'high' && parsed.some((x) => x === 'proceed' || x === 'proceed-after-mitigation')) {
        fail('decisions.high', 'a high rating may not proceed unchanged (only not-proceed or proceed-after-adjustment)');
      }
      return [level, parsed];
    }),
  ) as Record<RiskLevel, Decision[]>;

  if (!Array.isArray(r.opinionKinds)) fail('opinionKinds', 'must be a list');
  const opinionKinds = (r.opinionKinds as unknown[]).map((k, i) => {
    const kind = record(k, `opinionKinds[${i}]`, ['id', 'zh', 'en', 'source'], fail);
    return {
      id: oneOf(kind.id, OPINION_KINDS, `opinionKinds[${i}].id`, fail) as OpinionKind,
      zh: text(kind.zh, `opinionKinds[${i}].zh`, fail),
      en: text(kind.en, `opinionKinds[${i}].en`, fail),
      source: text(kind.source, `opinionKinds[${i}].source`, fail),
    };
  });
  for (const id of OPINION_KINDS) if (!opinionKinds.some((k) => k.id === id)) fail('opinionKinds', `must describe ${id}`);

  return {
    basis: bilingual(r.basis, 'basis', fail),
    matrix: { source: text(m.source, 'matrix.source', fail), likelihood: scale(m.likelihood, 'matrix.likelihood'), impact: scale(m.impact, 'matrix.impact'), levels },
    rating: {
      source: text(rt.source, 'rating.source', fail),
      anyRiskAt,
      mediumRisksMakeHigh: many as number | null,
      opposition: { kinds: (op.kinds as unknown[]).map((k, i) => oneOf(k, OPINION_KINDS, `rating.opposition.kinds[${i}]`, fail)), high, medium },
    },
    decisions,
    opinionKinds,
  };
}
