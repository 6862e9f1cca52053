/**
 * The life of a petition (信访, flows.md §4), as a closed table: each action, the states it may be taken in, the
 * state it leads to, and which body takes it. Which statutory clocks each action starts, extends or stops is data
 * (rules/governance/petition-flow.yaml, parsed here). Pure.
 *
 *   received --route (petition.route 15 d)--> routed
 *   routed --accept (written notice, petition.accept-notice 15 d)--> accepted
 *          --refuse (not accepted, with reasons)--> not-accepted                       (final)
 *          --object (outside its remit, petition.object-remit 5 wd)--> objected --route--> routed
 *   accepted --extend (complex, +30 d, the petitioner told why; once)--> accepted
 *            --issue-opinion (petition.handle 60 d)--> opinion-issued
 *   opinion-issued --request-review (petition.review.apply 30 d)--> review-requested
 *                  --answer-review (petition.review.answer 30 d)--> review-answered
 *                  --request-rereview (petition.rereview.apply 30 d)--> rereview-requested
 *                  --answer-rereview (petition.rereview.answer 30 d)--> final
 *   opinion-issued / review-answered --conclude (no further request)--> final
 *   received / routed / accepted --route-legal (a law-related petition)--> in-legal-procedure
 *          (tracked by its case: the progress shows the case's stage and holder)
 *
 * Sides: 'receiving' is the petition office that registered it; 'handling' the body it was routed to (after a
 * review request, the reviewing body); 'office' either of them.
 */
import type { Fail } from '../rules-data.ts';
import { basisList, bilingual, isRecord, oneOf, record, text } from '../rules-data.ts';
import type { LegalBasis } from '../clock/types.ts';

export const PETITION_STATES = [
  'received', 'routed', 'accepted', 'not-accepted', 'objected', 'opinion-issued', 'review-requested', 'review-answered',
  'rereview-requested', 'final', 'in-legal-procedure',
] as const;
export type PetitionState = (typeof PETITION_STATES)[number];

/** The states' names, for pages and reports. */
export const PETITION_STATE_NAMES: Record<PetitionState, { zh: string; en: string }> = {
  received: { zh: '已登记', en: 'Registered' },
  routed: { zh: '已转送交办', en: 'Routed' },
  accepted: { zh: '已受理', en: 'Accepted' },
  'not-accepted': { zh: '不予受理', en: 'Not accepted' },
  objected: { zh: '有权属异议', en: 'Objected (outside remit)' },
  'opinion-issued': { zh: '已出具处理意见', en: 'Opinion issued' },
  'review-requested': { zh: '复查中', en: 'Under review' },
  'review-answered': { zh: '已出具复查意见', en: 'Review answered' },
  'rereview-requested': { zh: '复核中', en: 'Under re-review' },
  final: { zh: '已办结', en: 'Concluded' },
  'in-legal-procedure': { zh: '已导入法律程序', en: 'In a legal procedure' },
};

export const PETITION_ACTIONS = [
  'register', 'route', 'accept', 'refuse', 'object', 'extend', 'issue-opinion', 'request-review', 'answer-review',
  'request-rereview', 'answer-rereview', 'conclude', 'route-legal',
] as const;
export type PetitionAction = (typeof PETITION_ACTIONS)[number];

export type PetitionSide = 'receiving' | 'handling' | 'office';

interface ActionRule {
  /** The states it may be taken in; none for register, which creates the petition. */
  from: readonly PetitionState[];
  /** 'same': the state does not change. */
  to: PetitionState | 'same';
  by: PetitionSide;
  zh: string;
  en: string;
}

export const PETITION_FLOW: Record<PetitionAction, ActionRule> = {
  register: { from: [], to: 'received', by: 'receiving', zh: '登记', en: 'Register' },
  route: { from: ['received', 'objected'], to: 'routed', by: 'receiving', zh: '转送、交办', en: 'Route' },
  accept: { from: ['routed'], to: 'accepted', by: 'handling', zh: '受理并书面告知', en: 'Accept' },
  refuse: { from: ['routed'], to: 'not-accepted', by: 'handling', zh: '不予受理并说明理由', en: 'Refuse' },
  object: { from: ['routed'], to: 'objected', by: 'handling', zh: '提出不属于职权范围的异议', en: 'Object as outside its remit' },
  extend: { from: ['accepted'], to: 'same', by: 'handling', zh: '情况复杂延长办理期限', en: 'Extend the handling period' },
  'issue-opinion': { from: ['accepted'], to: 'opinion-issued', by: 'handling', zh: '出具信访处理意见书', en: 'Issue the handling opinion' },
  'request-review': { from: ['opinion-issued'], to: 'review-requested', by: 'office', zh: '登记复查请求', en: 'Record a review request' },
  'answer-review': { from: ['review-requested'], to: 'review-answered', by: 'handling', zh: '出具复查意见', en: 'Answer the review' },
  'request-rereview': { from: ['review-answered'], to: 'rereview-requested', by: 'office', zh: '登记复核请求', en: 'Record a re-review request' },
  'answer-rereview': { from: ['rereview-requested'], to: 'final', by: 'handling', zh: '出具复核意见', en: 'Answer the re-review' },
  conclude: { from: ['opinion-issued', 'review-answered'], to: 'final', by: 'office', zh: '办结（不再请求复查、复核）', en: 'Conclude' },
  'route-legal': { from: ['received', 'routed', 'accepted'], to: 'in-legal-procedure', by: 'office', zh: '导入法律程序', en: 'Route into the legal procedure' },
};

/** No action leads out of these states. */
export const isFinal = (s: PetitionState): boolean => s === 'final' || s === 'not-accepted' || s === 'in-legal-procedure';
/** The complex-matter extension (信访工作条例 34) is granted once, while the matter is being handled. */
export const canExtend = (s: PetitionState, complexExtended: boolean): boolean => s === 'accepted' && !complexExtended;

export type PetitionRefusal =
  | { code: 'PETITION_WRONG_STATE'; allowed: readonly PetitionState[] }
  | { code: 'PETITION_WRONG_SIDE'; by: PetitionSide }
  | { code: 'PETITION_ALREADY_EXTENDED' };

/** Where the caller stands towards the petition. */
export interface CallerSides {
  receiving: boolean;
  handling: boolean;
}

/** The state after an action, or why the action may not be taken (by this caller, in this state). */
export function nextPetitionState(state: PetitionState, action: PetitionAction, sides: CallerSides, facts: { complexExtended: boolean } = { complexExtended: false }): PetitionState | PetitionRefusal {
  const rule = PETITION_FLOW[action];
  if (!rule.from.includes(state)) return { code: 'PETITION_WRONG_STATE', allowed: rule.from };
  const mayAct = rule.by === 'office' ? sides.receiving || sides.handling : sides[rule.by];
  if (!mayAct) return { code: 'PETITION_WRONG_SIDE', by: rule.by };
  if (action === 'extend' && !canExtend(state, facts.complexExtended)) return { code: 'PETITION_ALREADY_EXTENDED' };
  return rule.to === 'same' ? state : rule.to;
}

/** The actions a caller may take now (for the petition's page). */
export function availableActions(state: PetitionState, sides: CallerSides, facts: { complexExtended: boolean }): PetitionAction[] {
  return PETITION_ACTIONS.filter((a) => a !== 'register' && typeof nextPetitionState(state, a, sides, facts) === 'string');
}

// --- the data: clock effects per action, channels, legal routes ----------------------------------------------

export interface PetitionClockEffect {
  action: 'start' | 'stop' | 'extend' | 'stop-all';
  /** A rule id of rules/time-limits; absent only for stop-all. */
  rule?: string;
  /** extend: the rule's extension id. */
  extension?: string;
  /**
   * start: who must act before the clock runs out — the receiving office, the handling body, or the petitioner
   * (a period to ask for a review is theirs: no body answers for it).
   */
  answering?: 'receiving' | 'handling' | 'petitioner';
}

export interface NamedOption {
  id: string;
  zh: string;
  en: string;
}

export interface LegalRoute extends NamedOption {
  basis: LegalBasis[];
}

export interface PetitionFlowRules {
  basis: LegalBasis[];
  clocks: Record<PetitionAction, PetitionClockEffect[]>;
  channels: Map<string, NamedOption>;
  legalRoutes: Map<string, LegalRoute>;
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const EFFECT_ACTIONS = ['start', 'stop', 'extend', 'stop-all'] as const;
const ANSWERING = ['receiving', 'handling', 'petitioner'] as const;

function options(value: unknown, path: string, fail: Fail, withBasis: boolean): Map<string, NamedOption & { basis?: LegalBasis[] }> {
  if (!isRecord(value) || Object.keys(value).length === 0) fail(path, 'must be a non-empty mapping');
  const out = new Map<string, NamedOption & { basis?: LegalBasis[] }>();
  for (const [id, v] of Object.entries(value as Record<string, unknown>)) {
    if (!ID.test(id)) fail(`${path}.${id}`, 'ids are lower-case words joined by "-"');
    const r = record(v, `${path}.${id}`, withBasis ? ['zh', 'en', 'basis'] : ['zh', 'en'], fail);
    const name = bilingual({ zh: r.zh, en: r.en }, `${path}.${id}`, fail);
    out.set(id, { id, ...name, ...(withBasis ? { basis: basisList(r.basis, `${path}.${id}.basis`, fail) } : {}) });
  }
  return out;
}

/**
 * Parses rules/governance/petition-flow.yaml: every action of PETITION_FLOW has its clock effects (an empty list
 * when none), each naming a loaded time-limit rule (and, for extend, one of that rule's extensions).
 */
export function parsePetitionFlowRules(raw: unknown, source: string, timeLimits: ReadonlyMap<string, { extensions: readonly { id: string }[] }>): PetitionFlowRules {
  const fail: Fail = (path, what) => {
    throw new Error(`${source}: ${path}: ${what}`);
  };
  const r = record(raw, 'petition-flow', ['basis', 'clocks', 'channels', 'legalRoutes'], fail);
  const clocksRaw = record(r.clocks, 'clocks', PETITION_ACTIONS, fail);
  const clocks = {} as Record<PetitionAction, PetitionClockEffect[]>;
  for (const action of PETITION_ACTIONS) {
    const path = `clocks.${action}`;
    const list = clocksRaw[action];
    if (!Array.isArray(list)) fail(path, 'must be a list (empty when the action touches no clock)');
    clocks[action] = (list as unknown[]).map((v, i) => {
      const at = `${path}[${i}]`;
      const e = record(v, at, ['action', 'rule', 'extension', 'answering'], fail);
      const kind = oneOf(e.action, EFFECT_ACTIONS, `${at}.action`, fail);
      if (kind !== 'start' && e.answering !== undefined) fail(`${at}.answering`, 'only start names who answers for the clock');
      if (kind === 'stop-all') {
        if (e.rule !== undefined || e.extension !== undefined) fail(at, 'stop-all takes no rule or extension');
        return { action: kind };
      }
      const rule = text(e.rule, `${at}.rule`, fail);
      const loaded = timeLimits.get(rule);
      if (!loaded) fail(`${at}.rule`, `unknown time-limit rule "${rule}"`);
      if (kind === 'extend') {
        const ext = text(e.extension, `${at}.extension`, fail);
        if (!loaded!.extensions.some((x) => x.id === ext)) fail(`${at}.extension`, `rule "${rule}" has no extension "${ext}"`);
        return { action: kind, rule, extension: ext };
      }
      if (e.extension !== undefined) fail(`${at}.extension`, 'only extend names an extension');
      if (kind === 'start') return { action: kind, rule, answering: oneOf(e.answering, ANSWERING, `${at}.answering`, fail) };
      return { action: kind, rule };
    });
  }
  return {
    basis: basisList(r.basis, 'basis', fail),
    clocks,
    channels: options(r.channels, 'channels', fail, false),
    legalRoutes: options(r.legalRoutes, 'legalRoutes', fail, true) as Map<string, LegalRoute>,
  };
}

// --- the matter key ---------------------------------------------------------------------------------------------

export interface MatterKeyInput {
  /** The petitioner: their ID number when given, else their name and phone. */
  petitionerIdNumber?: string | null;
  petitionerName: string;
  petitionerPhone?: string | null;
  /** The body the petition is about (被反映的机关、单位): its unit id when known, else its name as written. */
  respondentUnitId?: string | null;
  respondent: string;
  subject: string;
}

/** Text compared as people write it: full-width folded (NFKC), case and white space ignored. */
const fold = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/**
 * The key of a matter (重复信访: the same petitioner about the same body on the same subject): two petitions of one
 * matter have the same key. A canonical string, hashed by the caller before it is stored.
 */
export function matterKey(m: MatterKeyInput): string {
  const who = m.petitionerIdNumber?.trim() ? `id:${m.petitionerIdNumber.trim().toUpperCase()}` : `np:${fold(m.petitionerName)}|${fold(m.petitionerPhone ?? '')}`;
  const body = m.respondentUnitId ? `unit:${m.respondentUnitId}` : `name:${fold(m.respondent)}`;
  return [who, body, `subject:${fold(m.subject)}`].join('\u0000');
}
