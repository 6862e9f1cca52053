import { describe, expect, it } from 'vitest';
import { loadRiskAssessmentRules } from '../../rules/load-risk-assessment.ts';
import { allowedDecisions, rateAssessment, riskLevel } from './risk-matrix.ts';

const rules = loadRiskAssessmentRules();

describe('the risk matrix (rules/risk-assessment.yaml)', () => {
  it('places each cell of the 5x5 grid by likelihood x impact: 15+ high, 7-14 medium, below low', () => {
    expect(riskLevel(rules, 5, 5)).toBe('high');
    expect(riskLevel(rules, 3, 5)).toBe('high');
    expect(riskLevel(rules, 4, 4)).toBe('high');
    expect(riskLevel(rules, 2, 5)).toBe('medium');
    expect(riskLevel(rules, 3, 3)).toBe('medium');
    expect(riskLevel(rules, 2, 4)).toBe('medium');
    expect(riskLevel(rules, 2, 3)).toBe('low');
    expect(riskLevel(rules, 1, 5)).toBe('low');
    expect(riskLevel(rules, 1, 1)).toBe('low');
    const counts = { high: 0, medium: 0, low: 0 };
    for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) counts[riskLevel(rules, l, i)]++;
    expect(counts).toEqual({ high: 6, medium: 7, low: 12 });
  });
});

describe('the rating rule', () => {
  const none = { risks: [], opinions: [] };
  it('is the highest level any clause gives; low when none does', () => {
    expect(rateAssessment(rules, none)).toEqual({ rating: 'low', reasons: [] });
    expect(rateAssessment(rules, { ...none, risks: [{ likelihood: 1, impact: 2 }] }).rating).toBe('low');
    expect(rateAssessment(rules, { ...none, risks: [{ likelihood: 1, impact: 2 }, { likelihood: 3, impact: 3 }] }).rating).toBe('medium');
    const high = rateAssessment(rules, { ...none, risks: [{ likelihood: 5, impact: 4 }, { likelihood: 3, impact: 3 }] });
    expect(high.rating).toBe('high');
    expect(high.reasons.map((r) => r.level)).toEqual(['high', 'medium']);
  });

  it('three medium risks together rate high', () => {
    const two = [{ likelihood: 3, impact: 3 }, { likelihood: 2, impact: 4 }];
    expect(rateAssessment(rules, { ...none, risks: two }).rating).toBe('medium');
    const three = rateAssessment(rules, { ...none, risks: [...two, { likelihood: 4, impact: 2 }] });
    expect(three.rating).toBe('high');
    expect(three.reasons.at(-1)?.zh).toBe('3 项中风险叠加');
  });

  it('counts the share against over public comment and hearings, not expert review', () => {
    const low = [{ likelihood: 1, impact: 1 }];
    const op = (kind: 'public-comment' | 'hearing' | 'expert-review', participants: number, countAgainst: number) => ({ kind, participants, countAgainst });
    expect(rateAssessment(rules, { risks: low, opinions: [op('public-comment', 100, 19)] }).rating).toBe('low');
    expect(rateAssessment(rules, { risks: low, opinions: [op('public-comment', 100, 20)] }).rating).toBe('medium');
    expect(rateAssessment(rules, { risks: low, opinions: [op('public-comment', 60, 20), op('hearing', 40, 30)] }).rating).toBe('high');
    expect(rateAssessment(rules, { risks: low, opinions: [op('expert-review', 10, 10)] }).rating).toBe('low');
    expect(rateAssessment(rules, { risks: low, opinions: [op('hearing', 0, 0)] }).rating).toBe('low');
  });

  it('a high rating never allows proceeding unchanged', () => {
    expect(allowedDecisions(rules, 'high')).toEqual(['not-proceed', 'proceed-after-adjustment']);
    expect(allowedDecisions(rules, 'medium')).not.toContain('proceed');
    expect(allowedDecisions(rules, 'low')).toContain('proceed');
  });
});
