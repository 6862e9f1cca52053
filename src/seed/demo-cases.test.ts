import { describe, expect, it } from 'vitest';
import { loadCaseFlow } from '../rules/load-case-flow.ts';
import { loadClock } from '../rules/load-clock.ts';
import { loadEvidenceChecklists } from '../rules/load-evidence-checklists.ts';
import { loadRules } from '../rules/load-rules.ts';
import { validateResidentId } from '../shared/gb11643.ts';
import { DEMO_CASE_COUNT, DEMO_WINDOW_DAYS, type DemoCasePlan, planDemoCases } from './demo-cases.ts';
import { buildDemoProvince } from './demo-province.ts';

const clock = loadClock('/nonexistent');
const rules = { clock, caseFlow: loadCaseFlow(new Set(clock.rules.keys())), evidenceChecklists: loadEvidenceChecklists() };
const province = buildDemoProvince(loadRules().organisation, 1);
const now = Date.parse('2026-06-30T02:00:00Z');
const plans = planDemoCases(province, rules, { seed: 1, now });
const DAY = 86_400_000;

const stepsOf = (p: DemoCasePlan, op: string) => p.steps.filter((s) => s.op === op);
const fired = (p: DemoCasePlan) => p.steps.flatMap((s) => (s.op === 'fire' ? [s.transition] : []));

describe('the demo cases', () => {
  it('are the same for the same seed and moment, and others for another seed', () => {
    expect(planDemoCases(province, rules, { seed: 1, now })).toEqual(plans);
    const other = planDemoCases(buildDemoProvince(loadRules().organisation, 2), rules, { seed: 2, now });
    expect(other.map((p) => p.title)).not.toEqual(plans.map((p) => p.title));
  });

  it(`are at least 500, in order of registration, every step before now and within ${DEMO_WINDOW_DAYS} days (commutations earlier)`, () => {
    expect(plans.length).toBe(DEMO_CASE_COUNT);
    expect(DEMO_CASE_COUNT).toBeGreaterThanOrEqual(500);
    plans.forEach((p, i) => {
      expect(p.index).toBe(i);
      expect(p.steps[0]!.op).toBe('register');
      if (i > 0) expect(p.steps[0]!.at).toBeGreaterThanOrEqual(plans[i - 1]!.steps[0]!.at);
      for (let j = 1; j < p.steps.length; j++) expect(p.steps[j]!.at, `${p.variant} step ${j}`).toBeGreaterThanOrEqual(p.steps[j - 1]!.at);
      expect(p.steps[p.steps.length - 1]!.at).toBeLessThan(now);
      const oldest = p.variant === 'proposal' || p.variant === 'commutation-ruled' ? 760 : DEMO_WINDOW_DAYS;
      expect(p.steps[0]!.at, p.variant).toBeGreaterThanOrEqual(now - oldest * DAY);
    });
  });

  it('leave cases at every stage of the flow, in every county, over the six checklist charges and others', () => {
    expect(new Set(plans.map((p) => p.stage))).toEqual(new Set(rules.caseFlow.stages.keys()));
    expect(new Set(plans.map((p) => p.county))).toEqual(new Set(province.regions.filter((r) => r.level === 'county').map((r) => r.code)));
    const charges = new Set(plans.map((p) => p.charge));
    for (const id of rules.evidenceChecklists.keys()) expect(charges).toContain(id);
    expect([...charges].filter((c) => !rules.evidenceChecklists.has(c)).length).toBeGreaterThanOrEqual(3);
  });

  it('go through returns (once and twice), arrest refusals, non-prosecution, withdrawal, termination, appeals, protests, execution and commutation', () => {
    const all = plans.flatMap(fired);
    for (const t of ['refuse-arrest', 'approve-custody-extension', 'decide-not-to-prosecute', 'withdraw-case', 'terminate-proceedings', 'forward-appeal', 'lodge-protest', 'second-instance-judgment', 'request-trial-supplementary-investigation', 'deliver-for-execution', 'propose-commutation', 'rule-on-commutation', 'release-on-completion', 'notify-legal-aid', 'renew-measure']) {
      expect(all, t).toContain(t);
    }
    const returns = plans.map((p) => fired(p).filter((t) => t === 'return-for-supplementary-investigation').length);
    expect(returns).toContain(1);
    expect(returns).toContain(2);
    expect(Math.max(...returns)).toBe(2);
    // waiting to be received, and returned unreceived
    expect(plans.filter((p) => p.variant.endsWith('in-transit')).length).toBeGreaterThanOrEqual(4);
    expect(plans.filter((p) => stepsOf(p, 'return').length > 0).length).toBeGreaterThanOrEqual(4);
    // on paper: classified, or over the page limit; and evidence overrides by unit heads
    expect(plans.filter((p) => p.classified).length).toBeGreaterThanOrEqual(2);
    expect(plans.filter((p) => stepsOf(p, 'upload-over-limit').length > 0).length).toBeGreaterThanOrEqual(2);
    const overrides = plans.flatMap((p) => p.steps.filter((s) => s.op === 'fire' && s.override));
    expect(overrides.length).toBeGreaterThanOrEqual(5);
    for (const s of overrides) expect(s.user).toMatch(/-unit-head$/);
  });

  it('aim most running clocks far from due, some nearly due, a few overdue', () => {
    const outlook = (o: string) => plans.filter((p) => p.outlook === o).length;
    expect(outlook('far')).toBeGreaterThan(plans.length / 2);
    expect(outlook('near')).toBeGreaterThanOrEqual(20);
    expect(outlook('overdue') / plans.length).toBeGreaterThanOrEqual(0.03);
    expect(outlook('overdue') / plans.length).toBeLessThanOrEqual(0.1);
  });

  it('name transitions and documents of the flow, attaching what each transition requires', () => {
    for (const p of plans) {
      const uploaded = new Set<string>();
      for (const s of p.steps) {
        if (s.op !== 'fire' && s.op !== 'measure') continue;
        for (const kind of s.upload) expect(rules.caseFlow.documents.has(kind), kind).toBe(true);
        for (const k of s.upload) uploaded.add(k);
        if (s.op === 'measure') continue;
        const t = rules.caseFlow.transitions.get(s.transition)!;
        for (const kind of s.reuse) expect(uploaded, `${p.variant}: ${kind} sent again before it was made`).toContain(kind);
        expect([...s.upload, ...s.reuse].sort(), `${p.variant}: ${s.transition}`).toEqual(expect.arrayContaining(t.requires));
      }
    }
  });

  it('have one to three suspects with valid demo ID numbers, unique names in a case, and victims where there are', () => {
    for (const p of plans) {
      const suspects = p.persons.filter((x) => x.role === 'suspect');
      expect(suspects.length).toBeGreaterThanOrEqual(1);
      expect(suspects.length).toBeLessThanOrEqual(3);
      expect(new Set(p.persons.map((x) => x.name)).size).toBe(p.persons.length);
      for (const x of p.persons) {
        if (x.idNumber) {
          expect(validateResidentId(x.idNumber, new Date(now)).ok, x.idNumber).toBe(true);
          expect(x.idNumber.slice(0, 2)).toBe('99');
        }
        if (x.phone) expect(x.phone).toMatch(/^1[3-9]\d{9}$/);
      }
      expect(p.title).toContain(suspects[0]!.name);
    }
    expect(plans.filter((p) => p.persons.some((x) => x.role === 'victim')).length).toBeGreaterThan(plans.length / 3);
  });
});
