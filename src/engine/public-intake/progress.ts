/**
 * What a citizen sees of their matter with its tracking code (flows.md §4: "a petitioner sees their own
 * petition's progress with its tracking code"): the states in the words a citizen reads, the steps as state
 * changes with their days, the day the next step is due, the body that has it, the outcome. Built from plain
 * facts that carry no personal data and no body's notes — nothing here can leak what the facts do not hold. Pure.
 */
import { cstDayOf, isoDate } from '../clock/civil-date.ts';
import type { DisputeState, Outcome as DisputeOutcome } from '../disputes/dispute-flow.ts';
import type { GridEventState } from '../grid-events/event-flow.ts';
import type { PetitionState } from '../petitions/petition-flow.ts';

export type Bi = { zh: string; en: string };
export type PublicKind = 'dispute' | 'petition' | 'grid-event';
export type PetitionOutcome = 'supported' | 'explained' | 'not-supported';

export const KIND_NAMES: Record<PublicKind, Bi> = {
  dispute: { zh: '矛盾纠纷', en: 'Dispute' },
  petition: { zh: '信访事项', en: 'Petition' },
  'grid-event': { zh: '问题反映（社会治理事件）', en: 'Reported problem (governance event)' },
};

// Names as a citizen reads them; typed by each flow's states, so a state added to a flow must be named here.
const DISPUTE_STATE_NAMES: Record<DisputeState, Bi> = {
  intake: { zh: '已登记受理', en: 'Received' },
  assessed: { zh: '分析研判中', en: 'Being assessed' },
  routed: { zh: '已分流至办理机构', en: 'Passed to the handling body' },
  handling: { zh: '调解中', en: 'In mediation' },
  agreement: { zh: '已达成调解协议', en: 'Agreement reached' },
  'no-agreement': { zh: '调解未达成协议', en: 'No agreement reached' },
  'confirmation-requested': { zh: '已申请司法确认', en: 'Judicial confirmation requested' },
  confirmed: { zh: '调解协议已经司法确认', en: 'Agreement confirmed by the court' },
  refused: { zh: '司法确认申请被驳回', en: 'Judicial confirmation refused' },
  closed: { zh: '已办结', en: 'Closed' },
  'followed-up': { zh: '已办结并回访', en: 'Closed and followed up' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

const PETITION_STATE_NAMES: Record<PetitionState, Bi> = {
  received: { zh: '已登记', en: 'Registered' },
  routed: { zh: '已转送有权处理机关', en: 'Passed to the body with the power to handle it' },
  accepted: { zh: '已受理，办理中', en: 'Accepted, being handled' },
  'not-accepted': { zh: '不予受理（已书面告知理由）', en: 'Not accepted (reasons given in writing)' },
  objected: { zh: '重新确定办理机关中', en: 'The handling body is being determined again' },
  'opinion-issued': { zh: '已出具处理意见', en: 'Handling opinion issued' },
  'review-requested': { zh: '复查中', en: 'Under review' },
  'review-answered': { zh: '已出具复查意见', en: 'Review answered' },
  'rereview-requested': { zh: '复核中', en: 'Under re-review' },
  final: { zh: '已办结', en: 'Concluded' },
  'in-legal-procedure': { zh: '已导入法律程序办理', en: 'Handled in the legal procedure of its case' },
};

const GRID_EVENT_STATE_NAMES: Record<GridEventState, Bi> = {
  reported: { zh: '已上报，待受理', en: 'Reported, awaiting acceptance' },
  accepted: { zh: '已受理', en: 'Accepted' },
  escalated: { zh: '已上报县级社会治理中心', en: 'Escalated to the county center' },
  handling: { zh: '处置中', en: 'Being dealt with' },
  handled: { zh: '已处置，待核查', en: 'Dealt with, awaiting verification' },
  verified: { zh: '已核查', en: 'Verified' },
  closed: { zh: '已办结', en: 'Closed' },
  rated: { zh: '已办结并评价', en: 'Closed and rated' },
};

const OUTCOME_NAMES: Record<DisputeOutcome | PetitionOutcome, Bi> = {
  resolved: { zh: '纠纷已化解', en: 'Resolved' },
  'not-resolved-referred': { zh: '未化解，已引导通过其他途径解决', en: 'Not resolved; referred to another way of settling it' },
  withdrawn: { zh: '申请人撤回', en: 'Withdrawn by the applicant' },
  supported: { zh: '诉求予以支持', en: 'The request is supported' },
  explained: { zh: '已作解释说明', en: 'Explained (reasonable, but without a legal basis to grant it)' },
  'not-supported': { zh: '诉求不予支持', en: 'The request is not supported' },
};

const STATE_NAMES: Record<PublicKind, Readonly<Record<string, Bi>>> = { dispute: DISPUTE_STATE_NAMES, petition: PETITION_STATE_NAMES, 'grid-event': GRID_EVENT_STATE_NAMES };

/** The name of a state of a kind of matter (the raw id, twice, for a state this table does not know). */
export function stateName(kind: PublicKind, state: string): Bi {
  return STATE_NAMES[kind][state] ?? { zh: state, en: state };
}

/** The facts of one matter a progress answer is made of (read without personal data or notes). */
export interface ProgressFacts {
  kind: PublicKind;
  number: string;
  trackingCode: string;
  state: string;
  filedAt: string;
  closedAt: string | null;
  /** due moment of the next step owed by a body, if any */
  dueAt: string | null;
  handlingBody: Bi | null;
  outcome: string | null;
  /** the timeline: each entry's state before and after (entries that change no state are left out) */
  events: readonly { at: string; fromState: string | null; toState: string | null }[];
  /** a law-related petition in its case's legal procedure: the case's stage */
  caseStage: Bi | null;
}

export interface PublicProgress {
  kind: PublicKind;
  kindName: Bi;
  number: string;
  trackingCode: string;
  state: string;
  stateName: Bi;
  filedDay: string;
  closed: boolean;
  closedDay: string | null;
  dueDay: string | null;
  handlingBody: Bi | null;
  outcome: { code: string; name: Bi } | null;
  steps: { state: string; name: Bi; day: string }[];
  caseStage: Bi | null;
}

const dayOf = (iso: string) => isoDate(cstDayOf(Date.parse(iso)));

/** The progress answer: only the fields named here leave the server. */
export function publicProgress(f: ProgressFacts): PublicProgress {
  const steps = f.events
    .filter((e) => e.toState !== null && e.toState !== e.fromState)
    .map((e) => ({ state: e.toState!, name: stateName(f.kind, e.toState!), day: dayOf(e.at) }));
  return {
    kind: f.kind,
    kindName: KIND_NAMES[f.kind],
    number: f.number,
    trackingCode: f.trackingCode,
    state: f.state,
    stateName: stateName(f.kind, f.state),
    filedDay: dayOf(f.filedAt),
    closed: f.closedAt !== null,
    closedDay: f.closedAt === null ? null : dayOf(f.closedAt),
    // a closed matter owes no step
    dueDay: f.closedAt === null && f.dueAt !== null ? dayOf(f.dueAt) : null,
    handlingBody: f.handlingBody,
    outcome: f.outcome === null ? null : { code: f.outcome, name: OUTCOME_NAMES[f.outcome as DisputeOutcome] ?? { zh: f.outcome, en: f.outcome } },
    steps,
    caseStage: f.caseStage,
  };
}
