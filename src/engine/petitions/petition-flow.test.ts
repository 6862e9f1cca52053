import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RULES_DIR } from '../../rules/load-rules.ts';
import { loadPetitionFlow } from '../../rules/load-petition-flow.ts';
import { loadTimeLimitRules } from '../../rules/load-time-limits.ts';
import {
  PETITION_ACTIONS, PETITION_FLOW, PETITION_STATES, type PetitionAction, availableActions, isFinal, matterKey, nextPetitionState, parsePetitionFlowRules,
} from './petition-flow.ts';

const RECEIVING = { receiving: true, handling: false };
const HANDLING = { receiving: false, handling: true };
const OUTSIDER = { receiving: false, handling: false };

describe('nextPetitionState (flows.md §4)', () => {
  it('the main path: received, routed, accepted, opinion, review, re-review, final', () => {
    expect(nextPetitionState('received', 'route', RECEIVING)).toBe('routed');
    expect(nextPetitionState('routed', 'accept', HANDLING)).toBe('accepted');
    expect(nextPetitionState('accepted', 'extend', HANDLING)).toBe('accepted');
    expect(nextPetitionState('accepted', 'issue-opinion', HANDLING)).toBe('opinion-issued');
    expect(nextPetitionState('opinion-issued', 'request-review', RECEIVING)).toBe('review-requested');
    expect(nextPetitionState('review-requested', 'answer-review', HANDLING)).toBe('review-answered');
    expect(nextPetitionState('review-answered', 'request-rereview', HANDLING)).toBe('rereview-requested');
    expect(nextPetitionState('rereview-requested', 'answer-rereview', HANDLING)).toBe('final');
  });

  it('not accepted, objected and routed again, concluded without review, routed into the legal procedure', () => {
    expect(nextPetitionState('routed', 'refuse', HANDLING)).toBe('not-accepted');
    expect(nextPetitionState('routed', 'object', HANDLING)).toBe('objected');
    expect(nextPetitionState('objected', 'route', RECEIVING)).toBe('routed');
    expect(nextPetitionState('opinion-issued', 'conclude', HANDLING)).toBe('final');
    expect(nextPetitionState('review-answered', 'conclude', RECEIVING)).toBe('final');
    for (const s of ['received', 'routed', 'accepted'] as const) expect(nextPetitionState(s, 'route-legal', RECEIVING)).toBe('in-legal-procedure');
  });

  it('every pair of state and action outside the table is refused as the wrong state; final states allow nothing', () => {
    for (const state of PETITION_STATES) {
      for (const action of PETITION_ACTIONS) {
        const r = nextPetitionState(state, action, { receiving: true, handling: true });
        const inTable = PETITION_FLOW[action].from.includes(state);
        expect(typeof r === 'string', `${state} ${action}`).toBe(inTable);
        if (!inTable) expect(r).toEqual({ code: 'PETITION_WRONG_STATE', allowed: PETITION_FLOW[action].from });
      }
      if (isFinal(state)) expect(availableActions(state, { receiving: true, handling: true }, { complexExtended: false }), state).toEqual([]);
    }
    expect(PETITION_FLOW.register.from).toEqual([]);
  });

  it("a side never takes the other side's step; an outsider takes none", () => {
    expect(nextPetitionState('received', 'route', HANDLING)).toEqual({ code: 'PETITION_WRONG_SIDE', by: 'receiving' });
    expect(nextPetitionState('routed', 'accept', RECEIVING)).toEqual({ code: 'PETITION_WRONG_SIDE', by: 'handling' });
    expect(nextPetitionState('review-requested', 'answer-review', RECEIVING)).toEqual({ code: 'PETITION_WRONG_SIDE', by: 'handling' });
    for (const state of PETITION_STATES) expect(availableActions(state, OUTSIDER, { complexExtended: false })).toEqual([]);
  });

  it('the complex extension is granted once', () => {
    expect(nextPetitionState('accepted', 'extend', HANDLING, { complexExtended: true })).toEqual({ code: 'PETITION_ALREADY_EXTENDED' });
    expect(availableActions('accepted', HANDLING, { complexExtended: false })).toEqual(['extend', 'issue-opinion', 'route-legal']);
    expect(availableActions('accepted', HANDLING, { complexExtended: true })).toEqual(['issue-opinion', 'route-legal']);
  });
});

describe('rules/governance/petition-flow.yaml', () => {
  const timeLimits = loadTimeLimitRules();
  const flow = loadPetitionFlow(timeLimits);

  it("every action's clock effects name loaded rules (and the rule's own extension)", () => {
    expect(Object.keys(flow.clocks).sort()).toEqual([...PETITION_ACTIONS].sort());
    for (const action of PETITION_ACTIONS) {
      for (const e of flow.clocks[action]) {
        if (e.action === 'stop-all') continue;
        const rule = timeLimits.get(e.rule!);
        expect(rule, `${action} ${e.rule}`).toBeDefined();
        if (e.action === 'extend') expect(rule!.extensions.map((x) => x.id)).toContain(e.extension);
      }
    }
  });

  it('every petition.* rule of rules/time-limits is started by some action, and stopped by another', () => {
    const petitionRules = [...timeLimits.keys()].filter((id) => id.startsWith('petition.'));
    const started = new Set(PETITION_ACTIONS.flatMap((a) => flow.clocks[a].filter((e) => e.action === 'start').map((e) => e.rule)));
    expect([...started].sort()).toEqual(petitionRules.sort());
    // each started clock is stopped by an action that leaves the state the starting action leads to (or by stop-all)
    const stops = (a: PetitionAction, rule: string) => flow.clocks[a].some((e) => e.action === 'stop-all' || (e.action === 'stop' && e.rule === rule));
    for (const a of PETITION_ACTIONS) {
      for (const e of flow.clocks[a].filter((x) => x.action === 'start')) {
        const to = PETITION_FLOW[a].to;
        const leaving = PETITION_ACTIONS.filter((b) => to !== 'same' && PETITION_FLOW[b].from.includes(to) && PETITION_FLOW[b].to !== 'same');
        expect(leaving.length, `${a} -> ${to}`).toBeGreaterThan(0);
        for (const b of leaving) expect(stops(b, e.rule!), `${b} stops ${e.rule} (started by ${a})`).toBe(true);
      }
    }
  });

  it('channels and legal routes are bilingual; legal routes carry their basis', () => {
    expect([...flow.channels.keys()]).toEqual(['visit', 'letter', 'online', 'phone', 'referral']);
    for (const r of flow.legalRoutes.values()) expect(r.basis.length).toBeGreaterThan(0);
  });

  const raw = () => parse(readFileSync(join(RULES_DIR, 'governance', 'petition-flow.yaml'), 'utf8'));
  // biome-ignore lint/suspicious/noExplicitAny: the parsed YAML, changed field by field
  const parseWith = (change: (r: Record<string, any>) => void) => {
    const r = raw();
    change(r);
    return () => parsePetitionFlowRules(r, 'petition-flow.yaml', timeLimits);
  };

  it('a bad file is refused naming the file and the field', () => {
    expect(parseWith((r) => delete r.clocks.accept)).toThrow('petition-flow.yaml: clocks.accept: must be a list');
    expect(parseWith((r) => (r.clocks.resign = []))).toThrow(/petition-flow.yaml: clocks.resign: unknown field/);
    expect(parseWith((r) => (r.clocks.route[1].rule = 'petition.nothing'))).toThrow('petition-flow.yaml: clocks.route[1].rule: unknown time-limit rule "petition.nothing"');
    expect(parseWith((r) => (r.clocks.extend[0].extension = 'urgent'))).toThrow('petition-flow.yaml: clocks.extend[0].extension: rule "petition.handle" has no extension "urgent"');
    expect(parseWith((r) => (r.clocks.accept[0].action = 'pause'))).toThrow(/clocks.accept\[0\].action: unknown value "pause"/);
    expect(parseWith((r) => (r.clocks.conclude[0].rule = 'petition.handle'))).toThrow('clocks.conclude[0]: stop-all takes no rule or extension');
    expect(parseWith((r) => delete r.clocks.register[0].answering)).toThrow('clocks.register[0].answering: is required (one of receiving, handling, petitioner)');
    expect(parseWith((r) => (r.clocks.accept[0].answering = 'handling'))).toThrow('clocks.accept[0].answering: only start names who answers for the clock');
    expect(parseWith((r) => (r.legalRoutes.complaint.basis = []))).toThrow('legalRoutes.complaint.basis: must be a non-empty list');
    expect(parseWith((r) => (r.channels.Fax = { zh: '传真', en: 'Fax' }))).toThrow('channels.Fax: ids are lower-case words');
  });
});

describe('matterKey (重复信访)', () => {
  const base = { petitionerIdNumber: '11010519491231002X', petitionerName: '王五', petitionerPhone: '13800000000', respondent: '某县住建局', subject: '拆迁补偿' };
  it('the same petitioner, body and subject is one matter, however the text is spaced or cased', () => {
    expect(matterKey(base)).toBe(matterKey({ ...base, petitionerIdNumber: '11010519491231002x', subject: ' 拆迁 补偿 ', petitionerName: '王 五' }));
    expect(matterKey({ ...base, respondent: 'ＡＢＣ局' })).toBe(matterKey({ ...base, respondent: 'abc局' }));
  });
  it('another petitioner, body or subject is another matter', () => {
    expect(matterKey(base)).not.toBe(matterKey({ ...base, petitionerIdNumber: '110105194912310038' }));
    expect(matterKey(base)).not.toBe(matterKey({ ...base, respondent: '某县公安局' }));
    expect(matterKey(base)).not.toBe(matterKey({ ...base, subject: '工资拖欠' }));
  });
  it('without an ID number the name and phone identify the petitioner; a respondent unit id wins over its name', () => {
    const noId = { ...base, petitionerIdNumber: null };
    expect(matterKey(noId)).toBe(matterKey({ ...noId, petitionerName: '王五 ' }));
    expect(matterKey(noId)).not.toBe(matterKey({ ...noId, petitionerPhone: '13900000000' }));
    expect(matterKey({ ...base, respondentUnitId: 'u1', respondent: 'A' })).toBe(matterKey({ ...base, respondentUnitId: 'u1', respondent: 'B' }));
  });
});
