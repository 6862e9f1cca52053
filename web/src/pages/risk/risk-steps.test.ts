import { describe, expect, it } from 'vitest';
import { RISK_ASSESSMENT_ACTIONS } from '../../../../src/engine/risk-assessments/assessment-flow.ts';
import { RISK_ACTIONS } from '../../api/risk-client.ts';
import { riskEn, riskZh } from '../../i18n-risk.ts';

describe('the risk assessment pages', () => {
  it('offer every step of the server\'s flow: as a button, or on its row (edit a risk, complete a mitigation)', () => {
    expect([...RISK_ACTIONS, 'edit-risk', 'complete-mitigation'].sort()).toEqual([...RISK_ASSESSMENT_ACTIONS].sort());
  });

  it('name every step and every timeline entry in both languages', () => {
    for (const a of RISK_ASSESSMENT_ACTIONS) {
      expect(riskZh.actionName[a], a).toBeTruthy();
      expect(riskEn.actionName[a], a).toBeTruthy();
    }
    const kinds = ['registered', 'planned', 'opinion-added', 'risk-listed', 'risk-edited', 'rated', 'decided', 'reassessing', 'mitigation-added', 'mitigation-done', 'reviewed'];
    for (const k of kinds) {
      expect(riskZh.eventName[k], k).toBeTruthy();
      expect(riskEn.eventName[k], k).toBeTruthy();
    }
  });
});
