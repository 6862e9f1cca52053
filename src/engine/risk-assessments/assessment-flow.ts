/**
 * The life of a stability risk assessment of a major decision (重大决策社会稳定风险评估, flows.md §5), as a closed
 * table: each action, the states it may be taken in, the state it leads to. Only the owner body (the unit that
 * registered it) takes steps; a committee supervisor reads. Pure.
 *
 *   registered --plan--> assessing --rate--> rated --decide--> implementing --review--> reviewed
 *                        |  ^                  |  \
 *   add-opinion,         |  +--(high: proceed-  |   +--decide not-proceed--> not-proceeding
 *   list-risk, edit-risk +     after-adjustment:|
 *   (while not rated)          assessed again)--+
 *   add-mitigation: assessing, rated, implementing; complete-mitigation: rated, implementing
 *
 * Glossary: owner body = the unit that registered the decision and runs its assessment (评估主体); decision body
 * = the body that takes the decision (决策机关), recorded by name.
 */
import { type Decision, type RiskAssessmentRules, type RiskLevel, allowedDecisions } from './risk-matrix.ts';

export const RISK_ASSESSMENT_STATES = ['registered', 'assessing', 'rated', 'implementing', 'reviewed', 'not-proceeding'] as const;
export type RiskAssessmentState = (typeof RISK_ASSESSMENT_STATES)[number];

/** The states in which the assessment's work is over (the cockpit counts the others as open). */
export const RISK_ASSESSMENT_FINAL_STATES = ['reviewed', 'not-proceeding'] as const satisfies readonly RiskAssessmentState[];

export const isFinalAssessment = (s: RiskAssessmentState): boolean => (RISK_ASSESSMENT_FINAL_STATES as readonly string[]).includes(s);
/** Not yet reviewed nor given up: counted as open on the cockpit. */
export const isOpenAssessment = (s: RiskAssessmentState): boolean => !isFinalAssessment(s);
/** Risks may be listed and changed until the assessment is rated. */
export const canEditRisks = (s: RiskAssessmentState): boolean => s === 'assessing';

export const RISK_ASSESSMENT_ACTIONS = ['plan', 'add-opinion', 'list-risk', 'edit-risk', 'rate', 'decide', 'add-mitigation', 'complete-mitigation', 'review'] as const;
export type RiskAssessmentAction = (typeof RISK_ASSESSMENT_ACTIONS)[number];

interface ActionRule {
  from: readonly RiskAssessmentState[];
  /** 'same': no change of state; 'decision': where the recorded decision leads (decisionTarget). */
  to: RiskAssessmentState | 'same' | 'decision';
  zh: string;
  en: string;
}

export const RISK_ASSESSMENT_FLOW: Record<RiskAssessmentAction, ActionRule> = {
  plan: { from: ['registered'], to: 'assessing', zh: '制定评估方案', en: 'Plan the assessment' },
  'add-opinion': { from: ['assessing'], to: 'same', zh: '登记意见', en: 'Add an opinion' },
  'list-risk': { from: ['assessing'], to: 'same', zh: '列出风险', en: 'List a risk' },
  'edit-risk': { from: ['assessing'], to: 'same', zh: '修改风险', en: 'Edit a risk' },
  rate: { from: ['assessing'], to: 'rated', zh: '评定风险等级', en: 'Rate' },
  decide: { from: ['rated'], to: 'decision', zh: '记录决策', en: 'Record the decision' },
  'add-mitigation': { from: ['assessing', 'rated', 'implementing'], to: 'same', zh: '制定防范措施', en: 'Plan a mitigation' },
  'complete-mitigation': { from: ['rated', 'implementing'], to: 'same', zh: '措施落实', en: 'Complete a mitigation' },
  review: { from: ['implementing'], to: 'reviewed', zh: '实施后评估', en: 'Review after implementation' },
};

export const RISK_ASSESSMENT_STATE_NAMES: Record<RiskAssessmentState, { zh: string; en: string }> = {
  registered: { zh: '已登记', en: 'Registered' },
  assessing: { zh: '评估中', en: 'Assessing' },
  rated: { zh: '已定级', en: 'Rated' },
  implementing: { zh: '实施中', en: 'Implementing' },
  reviewed: { zh: '已后评估', en: 'Reviewed' },
  'not-proceeding': { zh: '不予实施', en: 'Not proceeding' },
};

/** Where a recorded decision leads: adjusting a high-rated decision sends it back to be assessed again. */
export function decisionTarget(decision: Decision): RiskAssessmentState {
  switch (decision) {
    case 'proceed':
    case 'proceed-after-mitigation':
      return 'implementing';
    case 'proceed-after-adjustment':
      return 'assessing';
    case 'not-proceed':
      return 'not-proceeding';
    default: {
      const never: never = decision;
      throw new Error(`unknown decision ${String(never)}`);
    }
  }
}

/** The facts of an assessment the flow's guards read. */
export interface AssessmentFacts {
  state: RiskAssessmentState;
  rating: RiskLevel | null;
  opinions: number;
  risks: readonly { id: string; mitigations: number }[];
  mitigations: readonly { id: string; state: 'open' | 'done' }[];
}

export type FlowRefusal =
  | { code: 'RISK_ASSESSMENT_WRONG_STATE'; allowed: readonly RiskAssessmentState[] }
  | { code: 'RISK_ASSESSMENT_INCOMPLETE'; missing: ('opinion' | 'risk')[] }
  | { code: 'RISK_DECISION_NOT_ALLOWED'; rating: RiskLevel; allowed: readonly Decision[] }
  | { code: 'RISK_MITIGATIONS_UNPLANNED'; riskIds: string[] }
  | { code: 'RISK_MITIGATIONS_OPEN'; mitigationIds: string[] };

/** Every listed risk has at least one mitigation planned (required before a medium-rated decision). */
export const allRisksMitigated = (f: Pick<AssessmentFacts, 'risks'>): boolean => f.risks.every((r) => r.mitigations > 0);

/** The open mitigations not explained (a review needs each done or explained). */
export const unexplainedOpenMitigations = (f: Pick<AssessmentFacts, 'mitigations'>, explained: ReadonlySet<string>): string[] =>
  f.mitigations.filter((m) => m.state === 'open' && !explained.has(m.id)).map((m) => m.id);

export interface ActionInput {
  decision?: Decision;
  /** review: the open mitigations with an explanation */
  explained?: ReadonlySet<string>;
}

/** The state after an action, or why not (state, the rating rule, missing opinions, risks or mitigations). */
export function nextAssessmentState(
  rules: Pick<RiskAssessmentRules, 'decisions'>, facts: AssessmentFacts, action: RiskAssessmentAction, input: ActionInput = {},
): RiskAssessmentState | FlowRefusal {
  const rule = RISK_ASSESSMENT_FLOW[action];
  if (!rule.from.includes(facts.state)) return { code: 'RISK_ASSESSMENT_WRONG_STATE', allowed: rule.from };
  if (action === 'rate') {
    const missing: ('opinion' | 'risk')[] = [];
    if (facts.opinions === 0) missing.push('opinion');
    if (facts.risks.length === 0) missing.push('risk');
    if (missing.length > 0) return { code: 'RISK_ASSESSMENT_INCOMPLETE', missing };
  }
  if (action === 'decide') {
    const rating = facts.rating!;
    const decision = input.decision!;
    const allowed = allowedDecisions(rules, rating);
    if (!allowed.includes(decision)) return { code: 'RISK_DECISION_NOT_ALLOWED', rating, allowed };
    // medium: proceed only once every risk has its mitigation planned (中风险: 采取防范化解措施后决策)
    if (decisionTarget(decision) === 'implementing' && (rating === 'medium' || decision === 'proceed-after-mitigation') && !allRisksMitigated(facts)) {
      return { code: 'RISK_MITIGATIONS_UNPLANNED', riskIds: facts.risks.filter((r) => r.mitigations === 0).map((r) => r.id) };
    }
    return decisionTarget(decision);
  }
  if (action === 'review') {
    const open = unexplainedOpenMitigations(facts, input.explained ?? new Set());
    if (open.length > 0) return { code: 'RISK_MITIGATIONS_OPEN', mitigationIds: open };
  }
  if (rule.to === 'same') return facts.state;
  if (rule.to === 'decision') throw new Error('unreachable: decide is handled above');
  return rule.to;
}

/** The actions the owner body may take now (state only: the guards answer when the step is tried). */
export function availableAssessmentActions(state: RiskAssessmentState, isOwner: boolean): RiskAssessmentAction[] {
  if (!isOwner) return [];
  return RISK_ASSESSMENT_ACTIONS.filter((a) => RISK_ASSESSMENT_FLOW[a].from.includes(state));
}
