/**
 * The life of a dispute (矛盾纠纷, flows.md §3) as a closed table: each action, the states it may be taken in,
 * the state it leads to, which side takes it, and the named predicates it needs besides. Pure.
 *
 *   intake --assess--> assessed --route--> routed --session--> handling --agree--> agreement
 *                                            ^  |                  |                  | request-confirmation
 *                                   (route on) +                   +--no-agreement--> no-agreement
 *                                                                                     |       v
 *                      confirmation-requested --accept-confirmation (not accepted)--> refused
 *                      confirmation-requested --decide-confirmation--> confirmed | refused
 *   agreement | confirmed --close (resolved)--> closed        no-agreement | refused --close (not resolved,
 *   referred)--> closed;  closed --visit (回访, satisfaction)--> followed-up;  closed | followed-up --rate-->
 *   same;  intake | assessed | routed | handling --withdraw--> withdrawn;  closed | followed-up --reopen
 *   (resolved, within N days)--> same (a new dispute linked to it);  any open state --follow-up (督办)--> same;
 *   any state but withdrawn --note--> same.
 */

export const DISPUTE_STATES = [
  'intake', 'assessed', 'routed', 'handling', 'agreement', 'no-agreement', 'confirmation-requested', 'confirmed', 'refused', 'closed',
  'followed-up', 'withdrawn',
] as const;
export type DisputeState = (typeof DISPUTE_STATES)[number];

/** The states' names, for messages and pages. */
export const DISPUTE_STATE_NAMES: Record<DisputeState, { zh: string; en: string }> = {
  intake: { zh: '已受理', en: 'taken in' },
  assessed: { zh: '已研判', en: 'assessed' },
  routed: { zh: '已流转', en: 'routed' },
  handling: { zh: '调解中', en: 'in mediation' },
  agreement: { zh: '已达成协议', en: 'agreed' },
  'no-agreement': { zh: '调解不成', en: 'without agreement' },
  'confirmation-requested': { zh: '司法确认中', en: 'awaiting judicial confirmation' },
  confirmed: { zh: '已司法确认', en: 'judicially confirmed' },
  refused: { zh: '未获司法确认', en: 'not confirmed' },
  closed: { zh: '已结案', en: 'closed' },
  'followed-up': { zh: '已回访', en: 'visited' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
};

export const DISPUTE_ACTIONS = [
  'assess', 'route', 'session', 'agree', 'no-agreement', 'request-confirmation', 'accept-confirmation', 'decide-confirmation', 'close',
  'withdraw', 'visit', 'rate', 'reopen', 'follow-up', 'note',
] as const;
export type DisputeAction = (typeof DISPUTE_ACTIONS)[number];

export const OUTCOMES = ['resolved', 'not-resolved-referred', 'withdrawn'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * holder: the unit holding the dispute (the handling unit once routed, the intake unit before); court: the court
 * asked to confirm the agreement; overseer: a governance center of the dispute's region that does not hold it
 * (follows up an overdue step); any: whoever may change the dispute.
 */
export type Side = 'holder' | 'court' | 'overseer' | 'any';

/** What an action needs besides its state and side; each is checked by `checkPredicate`. */
export type Predicate = 'decision-given' | 'confirmation-accepted' | 'confirmation-pending' | 'outcome-fits' | 'not-rated' | 'resolved-recently' | 'has-handling-unit';

/** The facts the predicates read: the dispute as it stands and what the action asks for. */
export interface FlowFacts {
  /** accept-confirmation / decide-confirmation: whether the court accepts / confirms. */
  decision?: boolean;
  confirmationAccepted: boolean;
  /** close: the outcome asked for. */
  outcome?: Outcome | undefined;
  /** the outcome the dispute was closed with (reopen). */
  closedOutcome: Outcome | null;
  satisfaction: number | null;
  closedAtMs: number | null;
  nowMs: number;
  reopenWithinDays: number;
  handlingUnitId: string | null;
}

interface ActionRule {
  from: readonly DisputeState[];
  /** 'same': the state does not change; 'decision': the court's answer decides; 'outcome': the outcome decides. */
  to: DisputeState | 'same' | 'decision' | 'outcome';
  side: Side;
  needs: readonly Predicate[];
  zh: string;
  en: string;
}

const OPEN: readonly DisputeState[] = ['intake', 'assessed', 'routed', 'handling', 'agreement', 'no-agreement', 'confirmation-requested', 'confirmed', 'refused'];

export const DISPUTE_FLOW: Record<DisputeAction, ActionRule> = {
  assess: { from: ['intake', 'assessed'], to: 'assessed', side: 'holder', needs: [], zh: '分析研判', en: 'Assess' },
  route: { from: ['assessed', 'routed'], to: 'routed', side: 'holder', needs: [], zh: '流转', en: 'Route' },
  session: { from: ['routed', 'handling'], to: 'handling', side: 'holder', needs: ['has-handling-unit'], zh: '调解', en: 'Hold a session' },
  agree: { from: ['handling'], to: 'agreement', side: 'holder', needs: [], zh: '达成调解协议', en: 'Record an agreement' },
  'no-agreement': { from: ['handling'], to: 'no-agreement', side: 'holder', needs: [], zh: '调解不成', en: 'Record no agreement' },
  'request-confirmation': { from: ['agreement'], to: 'confirmation-requested', side: 'holder', needs: [], zh: '申请司法确认', en: 'Request judicial confirmation' },
  'accept-confirmation': { from: ['confirmation-requested'], to: 'decision', side: 'court', needs: ['decision-given', 'confirmation-pending'], zh: '受理司法确认申请', en: 'Accept the confirmation request' },
  'decide-confirmation': { from: ['confirmation-requested'], to: 'decision', side: 'court', needs: ['decision-given', 'confirmation-accepted'], zh: '作出司法确认决定', en: 'Decide on confirmation' },
  close: { from: ['agreement', 'no-agreement', 'confirmed', 'refused'], to: 'outcome', side: 'holder', needs: ['outcome-fits'], zh: '结案', en: 'Close' },
  withdraw: { from: ['intake', 'assessed', 'routed', 'handling'], to: 'withdrawn', side: 'holder', needs: [], zh: '撤回', en: 'Withdraw' },
  visit: { from: ['closed'], to: 'followed-up', side: 'holder', needs: [], zh: '回访', en: 'Follow-up visit' },
  rate: { from: ['closed', 'followed-up'], to: 'same', side: 'holder', needs: ['not-rated'], zh: '满意度评价', en: 'Rate satisfaction' },
  reopen: { from: ['closed', 'followed-up'], to: 'same', side: 'holder', needs: ['resolved-recently'], zh: '重新受理', en: 'Reopen' },
  'follow-up': { from: OPEN, to: 'same', side: 'overseer', needs: [], zh: '督办', en: 'Follow up' },
  note: { from: [...OPEN, 'closed', 'followed-up'], to: 'same', side: 'any', needs: [], zh: '记录', en: 'Add a note' },
};

export const isFinal = (s: DisputeState): boolean => s === 'withdrawn' || s === 'followed-up';
/** Open: still to be worked on (a step has a due date, and may be overdue). */
export const isOpen = (s: DisputeState): boolean => OPEN.includes(s);
/** The outcomes a close may take from a state: resolved only with an agreement standing. */
export function outcomesFrom(s: DisputeState): readonly Outcome[] {
  if (s === 'agreement' || s === 'confirmed') return ['resolved'];
  if (s === 'no-agreement' || s === 'refused') return ['not-resolved-referred'];
  return [];
}

const DAY_MS = 86_400_000;

/** Whether a predicate holds for these facts. */
export function checkPredicate(p: Predicate, f: FlowFacts, from: DisputeState): boolean {
  switch (p) {
    case 'decision-given':
      return f.decision !== undefined;
    case 'confirmation-accepted':
      return f.confirmationAccepted;
    case 'confirmation-pending':
      return !f.confirmationAccepted;
    case 'outcome-fits':
      return f.outcome !== undefined && outcomesFrom(from).includes(f.outcome);
    case 'not-rated':
      return f.satisfaction === null;
    case 'resolved-recently':
      return f.closedOutcome === 'resolved' && f.closedAtMs !== null && f.nowMs - f.closedAtMs <= f.reopenWithinDays * DAY_MS;
    case 'has-handling-unit':
      return f.handlingUnitId !== null;
    default: {
      const never: never = p;
      return never;
    }
  }
}

export type Refusal =
  | { code: 'DISPUTE_WRONG_STATE'; allowed: readonly DisputeState[] }
  | { code: 'DISPUTE_WRONG_SIDE'; side: Side }
  | { code: 'DISPUTE_CONDITION_UNMET'; predicate: Predicate };

/** The state after an action, or why it may not be taken (by this side, in this state, with these facts). */
export function nextDisputeState(state: DisputeState, action: DisputeAction, side: Exclude<Side, 'any'>, facts: FlowFacts): DisputeState | Refusal {
  const rule = DISPUTE_FLOW[action];
  if (rule.side !== 'any' && rule.side !== side) return { code: 'DISPUTE_WRONG_SIDE', side: rule.side };
  if (!rule.from.includes(state)) return { code: 'DISPUTE_WRONG_STATE', allowed: rule.from };
  for (const p of rule.needs) if (!checkPredicate(p, facts, state)) return { code: 'DISPUTE_CONDITION_UNMET', predicate: p };
  switch (rule.to) {
    case 'same':
      return state;
    case 'decision':
      // accepting keeps the request pending (the court's clock starts); not accepting, or refusing, ends it
      if (action === 'accept-confirmation') return facts.decision ? state : 'refused';
      return facts.decision ? 'confirmed' : 'refused';
    case 'outcome':
      return 'closed';
    default:
      return rule.to;
  }
}

/** The actions a side may take now (for the page's buttons); predicates that need the caller's input count as met. */
export function availableActions(state: DisputeState, side: Exclude<Side, 'any'>, facts: FlowFacts): DisputeAction[] {
  return DISPUTE_ACTIONS.filter((a) => {
    const probe: FlowFacts = { ...facts, decision: true, outcome: outcomesFrom(state)[0] };
    return typeof nextDisputeState(state, a, side, probe) === 'string';
  });
}
