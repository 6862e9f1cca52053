import { describe, expect, it } from 'vitest';
import { loadRiskAssessmentRules } from '../../rules/load-risk-assessment.ts';
import {
  type AssessmentFacts, RISK_ASSESSMENT_ACTIONS, RISK_ASSESSMENT_FINAL_STATES, RISK_ASSESSMENT_FLOW, RISK_ASSESSMENT_STATES, availableAssessmentActions,
  canEditRisks, decisionTarget, isOpenAssessment, nextAssessmentState,
} from './assessment-flow.ts';
import { DECISIONS } from './risk-matrix.ts';

const rules = loadRiskAssessmentRules();
const facts = (o: Partial<AssessmentFacts> = {}): AssessmentFacts => ({ state: 'assessing', rating: null, opinions: 1, risks: [{ id: 'r1', mitigations: 1 }], mitigations: [], ...o });

describe('the flow table', () => {
  it('is closed: every action leaves from known states, no action from a final state', () => {
    for (const a of RISK_ASSESSMENT_ACTIONS) {
      for (const s of RISK_ASSESSMENT_FLOW[a].from) expect(RISK_ASSESSMENT_STATES).toContain(s);
      for (const s of RISK_ASSESSMENT_FINAL_STATES) expect(RISK_ASSESSMENT_FLOW[a].from).not.toContain(s);
    }
    for (const s of RISK_ASSESSMENT_STATES) expect(isOpenAssessment(s)).toBe(!(RISK_ASSESSMENT_FINAL_STATES as readonly string[]).includes(s));
    for (const d of DECISIONS) expect(RISK_ASSESSMENT_STATES).toContain(decisionTarget(d));
  });

  it('walks registered -> assessing -> rated -> implementing -> reviewed', () => {
    expect(nextAssessmentState(rules, facts({ state: 'registered' }), 'plan')).toBe('assessing');
    expect(nextAssessmentState(rules, facts(), 'add-opinion')).toBe('assessing');
    expect(nextAssessmentState(rules, facts(), 'rate')).toBe('rated');
    expect(nextAssessmentState(rules, facts({ state: 'rated', rating: 'low' }), 'decide', { decision: 'proceed' })).toBe('implementing');
    expect(nextAssessmentState(rules, facts({ state: 'implementing', rating: 'low', mitigations: [{ id: 'm', state: 'done' }] }), 'review')).toBe('reviewed');
  });

  it('refuses a step in the wrong state, naming the states it is taken in', () => {
    expect(nextAssessmentState(rules, facts({ state: 'registered' }), 'list-risk')).toEqual({ code: 'RISK_ASSESSMENT_WRONG_STATE', allowed: ['assessing'] });
    expect(nextAssessmentState(rules, facts({ state: 'rated', rating: 'low' }), 'edit-risk')).toMatchObject({ code: 'RISK_ASSESSMENT_WRONG_STATE' });
    expect(nextAssessmentState(rules, facts({ state: 'reviewed', rating: 'low' }), 'add-mitigation')).toMatchObject({ code: 'RISK_ASSESSMENT_WRONG_STATE' });
    expect(canEditRisks('assessing')).toBe(true);
    expect(canEditRisks('rated')).toBe(false);
  });

  it('rates only with an opinion and a risk', () => {
    expect(nextAssessmentState(rules, facts({ opinions: 0, risks: [] }), 'rate')).toEqual({ code: 'RISK_ASSESSMENT_INCOMPLETE', missing: ['opinion', 'risk'] });
    expect(nextAssessmentState(rules, facts({ risks: [] }), 'rate')).toEqual({ code: 'RISK_ASSESSMENT_INCOMPLETE', missing: ['risk'] });
  });

  it('high: not-proceed ends it, an adjusted decision is assessed again, proceeding unchanged is refused', () => {
    const high = facts({ state: 'rated', rating: 'high' });
    expect(nextAssessmentState(rules, high, 'decide', { decision: 'not-proceed' })).toBe('not-proceeding');
    expect(nextAssessmentState(rules, high, 'decide', { decision: 'proceed-after-adjustment' })).toBe('assessing');
    expect(nextAssessmentState(rules, high, 'decide', { decision: 'proceed' })).toEqual({ code: 'RISK_DECISION_NOT_ALLOWED', rating: 'high', allowed: ['not-proceed', 'proceed-after-adjustment'] });
    expect(nextAssessmentState(rules, high, 'decide', { decision: 'proceed-after-mitigation' })).toMatchObject({ code: 'RISK_DECISION_NOT_ALLOWED' });
  });

  it('medium: proceeds only after mitigation, once every risk has a mitigation planned', () => {
    const medium = facts({ state: 'rated', rating: 'medium', risks: [{ id: 'a', mitigations: 1 }, { id: 'b', mitigations: 0 }] });
    expect(nextAssessmentState(rules, medium, 'decide', { decision: 'proceed' })).toMatchObject({ code: 'RISK_DECISION_NOT_ALLOWED', rating: 'medium' });
    expect(nextAssessmentState(rules, medium, 'decide', { decision: 'proceed-after-mitigation' })).toEqual({ code: 'RISK_MITIGATIONS_UNPLANNED', riskIds: ['b'] });
    expect(nextAssessmentState(rules, medium, 'decide', { decision: 'not-proceed' })).toBe('not-proceeding');
    expect(nextAssessmentState(rules, { ...medium, risks: [{ id: 'a', mitigations: 1 }, { id: 'b', mitigations: 2 }] }, 'decide', { decision: 'proceed-after-mitigation' })).toBe('implementing');
  });

  it('low: proceeds without mitigations', () => {
    expect(nextAssessmentState(rules, facts({ state: 'rated', rating: 'low', risks: [{ id: 'a', mitigations: 0 }] }), 'decide', { decision: 'proceed' })).toBe('implementing');
  });

  it('the review needs every mitigation done or each open one explained', () => {
    const f = facts({ state: 'implementing', rating: 'medium', mitigations: [{ id: 'm1', state: 'done' }, { id: 'm2', state: 'open' }, { id: 'm3', state: 'open' }] });
    expect(nextAssessmentState(rules, f, 'review')).toEqual({ code: 'RISK_MITIGATIONS_OPEN', mitigationIds: ['m2', 'm3'] });
    expect(nextAssessmentState(rules, f, 'review', { explained: new Set(['m2']) })).toEqual({ code: 'RISK_MITIGATIONS_OPEN', mitigationIds: ['m3'] });
    expect(nextAssessmentState(rules, f, 'review', { explained: new Set(['m2', 'm3']) })).toBe('reviewed');
  });

  it('offers the owner body the steps of the state, others none', () => {
    expect(availableAssessmentActions('registered', true)).toEqual(['plan']);
    expect(availableAssessmentActions('assessing', true)).toEqual(['add-opinion', 'list-risk', 'edit-risk', 'rate', 'add-mitigation']);
    expect(availableAssessmentActions('implementing', true)).toEqual(['add-mitigation', 'complete-mitigation', 'review']);
    expect(availableAssessmentActions('not-proceeding', true)).toEqual([]);
    expect(availableAssessmentActions('assessing', false)).toEqual([]);
  });
});
