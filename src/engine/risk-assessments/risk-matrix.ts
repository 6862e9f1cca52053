/**
 * The risk matrix and the rating rule of a stability risk assessment (flows.md §5), over the data of
 * rules/risk-assessment.yaml. Pure.
 */

export const RISK_LEVELS = ['high', 'medium', 'low'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const OPINION_KINDS = ['public-comment', 'hearing', 'expert-review'] as const;
export type OpinionKind = (typeof OPINION_KINDS)[number];

export const DECISIONS = ['proceed', 'proceed-after-mitigation', 'proceed-after-adjustment', 'not-proceed'] as const;
export type Decision = (typeof DECISIONS)[number];

export interface ScaleStep {
  value: number;
  zh: string;
  en: string;
}

export interface RiskAssessmentRules {
  basis: { zh: string; en: string };
  matrix: {
    source: string;
    likelihood: readonly ScaleStep[];
    impact: readonly ScaleStep[];
    /** Ordered from the highest level down; a score takes the first level whose minScore it reaches. */
    levels: readonly { level: RiskLevel; minScore: number }[];
  };
  rating: {
    source: string;
    anyRiskAt: readonly RiskLevel[];
    /** This many medium risks together rate the assessment high (null: never). */
    mediumRisksMakeHigh: number | null;
    opposition: { kinds: readonly OpinionKind[]; high: number; medium: number };
  };
  decisions: Record<RiskLevel, readonly Decision[]>;
  opinionKinds: readonly { id: OpinionKind; zh: string; en: string; source: string }[];
}

const RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };
const higher = (a: RiskLevel, b: RiskLevel): RiskLevel => (RANK[a] >= RANK[b] ? a : b);

/** The level of one risk: likelihood x impact against the matrix thresholds (条例 art. 23: 明确风险点). */
export function riskLevel(rules: Pick<RiskAssessmentRules, 'matrix'>, likelihood: number, impact: number): RiskLevel {
  const score = likelihood * impact;
  for (const l of rules.matrix.levels) if (score >= l.minScore) return l.level;
  return 'low';
}

export interface RatingFacts {
  risks: readonly { likelihood: number; impact: number }[];
  opinions: readonly { kind: OpinionKind; participants: number; countAgainst: number }[];
}

export interface Rating {
  rating: RiskLevel;
  /** Why: each clause that gave a level, in words for the record. */
  reasons: { level: RiskLevel; zh: string; en: string }[];
}

/**
 * The assessment's overall rating: the highest level any clause of the rule gives — a risk at that level, several
 * medium risks together, the share of participants against (中办发〔2012〕2号: 高/中/低风险).
 */
export function rateAssessment(rules: Pick<RiskAssessmentRules, 'matrix' | 'rating'>, facts: RatingFacts): Rating {
  const reasons: Rating['reasons'] = [];
  const levels = facts.risks.map((r) => riskLevel(rules, r.likelihood, r.impact));
  for (const at of rules.rating.anyRiskAt) {
    const n = levels.filter((l) => l === at).length;
    if (n > 0) reasons.push({ level: at, zh: `${n} 项风险为${LEVEL_NAMES[at].zh}`, en: `${n} risk(s) rated ${at}` });
  }
  const mediums = levels.filter((l) => l === 'medium').length;
  const many = rules.rating.mediumRisksMakeHigh;
  if (many !== null && mediums >= many) reasons.push({ level: 'high', zh: `${mediums} 项中风险叠加`, en: `${mediums} medium risks together` });
  const op = rules.rating.opposition;
  const counted = facts.opinions.filter((o) => op.kinds.includes(o.kind));
  const participants = counted.reduce((s, o) => s + o.participants, 0);
  if (participants > 0) {
    const share = counted.reduce((s, o) => s + o.countAgainst, 0) / participants;
    const pct = `${Math.round(share * 1000) / 10}%`;
    if (share >= op.high) reasons.push({ level: 'high', zh: `反对意见占 ${pct}`, en: `${pct} of participants against` });
    else if (share >= op.medium) reasons.push({ level: 'medium', zh: `反对意见占 ${pct}`, en: `${pct} of participants against` });
  }
  const rating = reasons.reduce<RiskLevel>((acc, r) => higher(acc, r.level), 'low');
  return { rating, reasons };
}

/** The decisions a rating allows (条例 art. 24): a high rating never proceeds unchanged. */
export function allowedDecisions(rules: Pick<RiskAssessmentRules, 'decisions'>, rating: RiskLevel): readonly Decision[] {
  return rules.decisions[rating];
}

export const LEVEL_NAMES: Record<RiskLevel, { zh: string; en: string }> = {
  high: { zh: '高风险', en: 'High' },
  medium: { zh: '中风险', en: 'Medium' },
  low: { zh: '低风险', en: 'Low' },
};

export const DECISION_NAMES: Record<Decision, { zh: string; en: string }> = {
  proceed: { zh: '实施', en: 'Proceed' },
  'proceed-after-mitigation': { zh: '落实防范措施后实施', en: 'Proceed after mitigation' },
  'proceed-after-adjustment': { zh: '调整决策后重新评估', en: 'Adjust the decision and assess again' },
  'not-proceed': { zh: '不予实施', en: 'Do not proceed' },
};
