import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadCaseFlow } from '../../rules/load-case-flow.ts';
import { loadTimeLimitRules } from '../../rules/load-time-limits.ts';
import { type CaseSnapshot, type FlowActor, FlowRefusal, checkTransition, parseCaseFlow } from './flow.ts';

const ruleIds = new Set(loadTimeLimitRules().keys());
const flow = loadCaseFlow(ruleIds);

const police: FlowActor = { agency: 'police', role: 'handler', unitId: 'police-990102' };
const policeHead: FlowActor = { ...police, role: 'unit-head' };
const procuratorate: FlowActor = { agency: 'procuratorate', role: 'handler', unitId: 'procuratorate-990102' };
const court: FlowActor = { agency: 'court', role: 'handler', unitId: 'court-990102' };
const prison: FlowActor = { agency: 'prison', role: 'handler', unitId: 'prison-990102' };

const at = (stage: string, holderUnitId: string | null, more: Partial<CaseSnapshot> = {}): CaseSnapshot => ({ stage, holderUnitId, pending: [], counters: {}, ...more });
const all = (t: string) => ({ documents: new Set(flow.transitions.get(t)!.requires) });

function refusal(fn: () => unknown): FlowRefusal {
  try {
    fn();
  } catch (e) {
    if (e instanceof FlowRefusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the shipped case flow', () => {
  it('names every collaboration scenario of flows.md §1', () => {
    expect([...flow.scenarios.keys()].sort()).toEqual(
      [
        'arrest-request', 'custody-extension', 'prosecution-transfer', 'supplementary-return', 'indictment', 'non-prosecution',
        'trial-supplementary', 'appeal-forward', 'protest', 'judgment-service', 'execution-delivery', 'commutation-proposal',
        'commutation-objection', 'bail-transfer', 'property-transfer', 'paper-loan', 'legal-aid-notice',
      ].sort(),
    );
  });

  it('names every document, stage, scenario, transition and measure in Chinese and English', () => {
    for (const [kind, entries] of Object.entries({ documents: flow.documents, stages: flow.stages, scenarios: flow.scenarios, transitions: flow.transitions, measures: flow.measures })) {
      for (const [id, named] of entries) {
        expect(named.zh, `${kind}.${id}.zh`).toMatch(/\p{Script=Han}/u);
        expect(named.en, `${kind}.${id}.en`).toMatch(/^[A-Z][\x20-\x7e’]*$/);
      }
    }
  });

  it('carries a case from registration to release, each step by the agency holding it', () => {
    const path: [string, FlowActor, string][] = [
      ['start-investigation', police, 'investigation'],
      ['request-arrest', police, 'arrest-review'],
      ['approve-arrest', procuratorate, 'investigation'],
      ['transfer-for-prosecution', police, 'prosecution-review'],
      ['return-for-supplementary-investigation', procuratorate, 'supplementary-investigation'],
      ['resubmit-after-supplementary-investigation', police, 'prosecution-review'],
      ['indict', procuratorate, 'first-instance'],
      ['pronounce-judgment', court, 'appeal-period'],
      ['judgment-takes-effect', court, 'effective'],
      ['deliver-for-execution', court, 'execution'],
      ['release-on-completion', prison, 'closed'],
    ];
    let stage = 'registered';
    for (const [transition, actor, next] of path) {
      const t = checkTransition(flow, at(stage, actor.unitId), transition, actor, all(transition));
      expect(t.to, transition).toBe(next);
      stage = next;
    }
  });

  it('drives the statutory clocks: the review period restarts after supplementary investigation (CPL 175)', () => {
    const resubmit = flow.transitions.get('resubmit-after-supplementary-investigation')!;
    expect(resubmit.clocks).toContainEqual({ action: 'restart', rule: 'cpl.prosecution.review', subject: 'case' });
    const approve = flow.transitions.get('approve-arrest')!;
    expect(approve.clocks).toContainEqual({ action: 'start', rule: 'cpl.investigation.custody', subject: 'persons' });
    expect(flow.measures.get('detention')!.clocks.map((c) => c.rule)).toContain('cpl.detention.request-arrest');
  });

  it('a suspended trial is not counted (CPL 206): the court head suspends, the court resumes, the case stays where it is', () => {
    const trial = ['cpl.trial.first-instance', 'cpl.trial.summary', 'cpl.trial.second-instance'];
    const head: FlowActor = { ...court, role: 'unit-head' };
    for (const stage of ['first-instance', 'second-instance']) {
      const suspend = checkTransition(flow, at(stage, court.unitId), 'suspend-trial', head, all('suspend-trial'));
      expect(suspend.to).toBeUndefined();
      expect(suspend.clocks).toEqual(trial.map((rule) => ({ action: 'pause', rule, subject: 'case' })));
      const resume = checkTransition(flow, at(stage, court.unitId), 'resume-trial', court, all('resume-trial'));
      expect(resume.clocks).toEqual(trial.map((rule) => ({ action: 'resume', rule, subject: 'case' })));
    }
    expect(refusal(() => checkTransition(flow, at('first-instance', court.unitId), 'suspend-trial', court, all('suspend-trial'))).code).toBe('FLOW_NOT_ALLOWED');
    expect(refusal(() => checkTransition(flow, at('appeal-period', court.unitId), 'suspend-trial', head, all('suspend-trial'))).code).toBe('FLOW_WRONG_STAGE');
  });

  it('an appeal passed on by the higher court starts the three days to forward it (Interp 382); forwarding stops them', () => {
    const received = checkTransition(flow, at('appeal-period', court.unitId), 'receive-appeal-from-higher-court', court, all('receive-appeal-from-higher-court'));
    expect(received.to).toBeUndefined();
    expect(received.clocks).toEqual([{ action: 'start', rule: 'cpl.appeal.forward', subject: 'case' }]);
    expect(flow.transitions.get('forward-appeal')!.clocks).toContainEqual({ action: 'stop', rule: 'cpl.appeal.forward', subject: 'case' });
  });
});

  it('every 24-hour duty that detention or arrest starts has the act that discharges it, by the police holding the case', () => {
    const started = [...flow.measures.get('detention')!.clocks, ...flow.transitions.get('approve-arrest')!.clocks]
      .filter((c) => c.action === 'start' && c.rule !== 'cpl.detention.request-arrest' && c.rule !== 'cpl.investigation.custody')
      .map((c) => c.rule!);
    expect(started.sort()).toEqual(['cpl.arrest.interrogate', 'cpl.arrest.notify-family', 'cpl.detention.interrogate', 'cpl.detention.notify-family', 'cpl.detention.to-detention-house']);
    for (const rule of started) {
      const acts = [...flow.transitions.values()].filter((t) => t.clocks.some((c) => c.action === 'stop' && c.rule === rule && c.subject === 'persons'));
      expect(acts.length, rule).toBeGreaterThan(0);
      for (const act of acts) {
        expect(act.to, act.id).toBeUndefined();
        expect(checkTransition(flow, at('investigation', police.unitId), act.id, police, all(act.id)).id).toBe(act.id);
      }
    }
  });

describe('checkTransition refuses, naming what is wrong', () => {
  it('a transition from the wrong stage', () => {
    const r = refusal(() => checkTransition(flow, at('investigation', police.unitId), 'indict', procuratorate, all('indict')));
    expect(r.code).toBe('FLOW_WRONG_STAGE');
    expect(r.zh).toContain('侦查');
    expect(r.details).toMatchObject({ stage: 'investigation', allowed: ['prosecution-review'] });
  });

  it('the wrong agency, the wrong role, or a unit that does not hold the case', () => {
    expect(refusal(() => checkTransition(flow, at('prosecution-review', procuratorate.unitId), 'indict', police, all('indict'))).code).toBe('FLOW_NOT_ALLOWED');
    expect(refusal(() => checkTransition(flow, at('investigation', police.unitId), 'withdraw-case', police, all('withdraw-case'))).code).toBe('FLOW_NOT_ALLOWED');
    const elsewhere = { ...procuratorate, unitId: 'procuratorate-990202' };
    expect(refusal(() => checkTransition(flow, at('prosecution-review', procuratorate.unitId), 'indict', elsewhere, all('indict'))).details).toEqual({ holder: procuratorate.unitId });
  });

  it('an answer only from the unit the hand-over went to', () => {
    const higher: FlowActor = { agency: 'procuratorate', role: 'handler', unitId: 'procuratorate-990100' };
    const snapshot = at('investigation', police.unitId, { pending: [{ scenario: 'custody-extension', receiverUnitId: higher.unitId }] });
    expect(checkTransition(flow, snapshot, 'approve-custody-extension', higher, all('approve-custody-extension')).clocks).toContainEqual({ action: 'extend', rule: 'cpl.investigation.custody', subject: 'persons' });
    expect(refusal(() => checkTransition(flow, snapshot, 'approve-custody-extension', procuratorate, all('approve-custody-extension'))).code).toBe('FLOW_NOT_ALLOWED');
  });

  it('missing documents, each named', () => {
    const r = refusal(() => checkTransition(flow, at('investigation', police.unitId), 'transfer-for-prosecution', police, { documents: new Set(['transfer-form', 'dossier']) }));
    expect(r.code).toBe('FLOW_DOCUMENTS_MISSING');
    expect(r.details).toEqual({ missing: ['evidence-list', 'seized-property-list'] });
    expect(r.zh).toContain('证据材料清单');
    expect(r.en).toContain('List of seized property');
  });

  it('a third return for supplementary investigation (CPL 175: at most two)', () => {
    const twice = at('prosecution-review', procuratorate.unitId, { counters: { 'supplementary-returns': 2 } });
    expect(refusal(() => checkTransition(flow, twice, 'return-for-supplementary-investigation', procuratorate, all('return-for-supplementary-investigation'))).code).toBe('FLOW_LIMIT_REACHED');
    const once = at('prosecution-review', procuratorate.unitId, { counters: { 'supplementary-returns': 1 } });
    expect(checkTransition(flow, once, 'return-for-supplementary-investigation', procuratorate, all('return-for-supplementary-investigation')).to).toBe('supplementary-investigation');
  });

  it('missing evidence blocks the transfer, unless a unit head overrides with a reason', () => {
    const missingEvidence = [{ id: 'value-appraisal', name: { zh: '价格认定书', en: 'Value appraisal' } }];
    const base = at('investigation', police.unitId);
    const req = { ...all('transfer-for-prosecution'), missingEvidence };
    const r = refusal(() => checkTransition(flow, base, 'transfer-for-prosecution', police, req));
    expect(r.code).toBe('FLOW_EVIDENCE_MISSING');
    expect(r.details).toEqual({ missing: ['value-appraisal'] });
    expect(refusal(() => checkTransition(flow, base, 'transfer-for-prosecution', police, { ...req, override: { reason: '鉴定意见已在办理中，另行补送' } })).code).toBe('FLOW_EVIDENCE_MISSING');
    expect(refusal(() => checkTransition(flow, base, 'transfer-for-prosecution', policeHead, { ...req, override: { reason: ' ' } })).code).toBe('FLOW_EVIDENCE_MISSING');
    expect(checkTransition(flow, base, 'transfer-for-prosecution', policeHead, { ...req, override: { reason: '鉴定意见已在办理中，另行补送' } }).to).toBe('prosecution-review');
  });

  it('an unknown transition', () => {
    expect(refusal(() => checkTransition(flow, at('investigation', police.unitId), 'teleport', police, { documents: new Set() })).code).toBe('FLOW_TRANSITION_UNKNOWN');
  });
});

describe('parseCaseFlow names the file and field of a bad definition', () => {
  const raw = () => parse(readFileSync(new URL('../../../rules/case-flow.yaml', import.meta.url), 'utf8')) as Record<string, Record<string, Record<string, unknown>>>;
  const bad = (edit: (r: ReturnType<typeof raw>) => void) => () => {
    const r = raw();
    edit(r);
    return parseCaseFlow(r, 'rules/case-flow.yaml', ruleIds);
  };
  it('each broken reference', () => {
    expect(bad((r) => { r.transitions!.indict!.to = 'heaven'; })).toThrow('rules/case-flow.yaml: transitions.indict.to: unknown stage "heaven"');
    expect(bad((r) => { r.transitions!.indict!.requires = ['indictment', 'bribe']; })).toThrow('transitions.indict.requires[1]: unknown "bribe"');
    expect(bad((r) => { r.transitions!.indict!.clocks = [{ action: 'start', rule: 'cpl.no-such', subject: 'case' }]; })).toThrow('transitions.indict.clocks[0].rule: no time-limit rule "cpl.no-such"');
    expect(bad((r) => { r.transitions!.indict!.by = { agency: ['police'], roles: ['handler'], actor: 'holder' }; })).toThrow('transitions.indict.by.agency');
    expect(bad((r) => { r.transitions!.indict!.colour = 'red'; })).toThrow('transitions.indict.colour: unknown field');
    expect(bad((r) => { r.scenarios!['arrest-request']!.answers = ['indict']; })).toThrow('scenarios.arrest-request.answers: transition "indict" does not answer arrest-request');
    expect(bad((r) => { r.stages!.investigation!.holder = ['police', 'army']; })).toThrow('stages.investigation.holder[1]: unknown "army"');
  });

  it('a transition, scenario or measure without its English name', () => {
    expect(bad((r) => { delete r.transitions!.indict!.en; })).toThrow('rules/case-flow.yaml: transitions.indict.en: must be a non-empty string');
    expect(bad((r) => { delete r.scenarios!['arrest-request']!.en; })).toThrow('rules/case-flow.yaml: scenarios.arrest-request.en: must be a non-empty string');
    expect(bad((r) => { r.measures!.bail!.en = ' '; })).toThrow('rules/case-flow.yaml: measures.bail.en: must be a non-empty string');
  });
});
