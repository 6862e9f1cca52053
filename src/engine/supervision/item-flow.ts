/**
 * The life of a supervision item (监督事项, flows.md §2), as a closed table: each action, the states it may be
 * taken in, the state it leads to, and which side takes it (the committee that supervises, or the unit that must
 * rectify). Pure.
 *
 *   open --assign--> assigned --accept--> rectifying --report--> reported --verify ok--> closed
 *                                             ^                        |
 *                                             +-----verify fails-------+
 *   assigned / rectifying --follow-up (督办, a new date)--> the same state; past its date the item is overdue
 *   (itself a warning: supervision.overdue)
 */
import type { Calendar } from '../clock/calendar.ts';
import { cstDayOf, endOfCstDay } from '../clock/civil-date.ts';

export const ITEM_STATES = ['open', 'assigned', 'rectifying', 'reported', 'closed'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export const ITEM_ACTIONS = ['assign', 'accept', 'follow-up', 'report', 'verify', 'comment'] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];

export type Side = 'committee' | 'assignee' | 'either';

interface ActionRule {
  from: readonly ItemState[];
  /** 'same': the state does not change; verify leads to closed or, when it fails, back to rectifying. */
  to: ItemState | 'same' | 'verify';
  side: Side;
  zh: string;
  en: string;
}

export const ITEM_FLOW: Record<ItemAction, ActionRule> = {
  assign: { from: ['open'], to: 'assigned', side: 'committee', zh: '交办', en: 'Assign' },
  accept: { from: ['assigned'], to: 'rectifying', side: 'assignee', zh: '签收', en: 'Accept' },
  'follow-up': { from: ['assigned', 'rectifying'], to: 'same', side: 'committee', zh: '督办', en: 'Follow up' },
  report: { from: ['rectifying'], to: 'reported', side: 'assignee', zh: '整改反馈', en: 'Report back' },
  verify: { from: ['reported'], to: 'verify', side: 'committee', zh: '核查', en: 'Verify' },
  comment: { from: ['open', 'assigned', 'rectifying', 'reported'], to: 'same', side: 'either', zh: '留言', en: 'Comment' },
};

/** What a user reads for each state. */
export const ITEM_STATE_NAMES: Record<ItemState, { zh: string; en: string }> = {
  open: { zh: '待交办', en: 'Open' },
  assigned: { zh: '待签收', en: 'Assigned' },
  rectifying: { zh: '整改中', en: 'Rectifying' },
  reported: { zh: '待核查', en: 'Reported back' },
  closed: { zh: '已办结', en: 'Closed' },
};

export const isFinal = (s: ItemState) => s === 'closed';

/** The facts of an item its flow reads. */
export interface ItemFacts {
  state: ItemState;
  source: string;
  parentId: string | null;
  dueAt: string | null;
}

/** The parent of a class remediation: it closes with its last item per unit and takes comments only. */
export const isClassParent = (item: Pick<ItemFacts, 'source' | 'parentId'>) => item.source === 'class' && item.parentId === null;

/** Past its date while the unit still owes an answer (assigned or rectifying): itself a warning (supervision.overdue). */
export const isOverdue = (item: Pick<ItemFacts, 'state' | 'dueAt'>, nowIso: string) =>
  item.dueAt !== null && (item.state === 'assigned' || item.state === 'rectifying') && item.dueAt < nowIso;

export type Refusal =
  | { code: 'SUPERVISION_WRONG_STATE'; allowed: readonly ItemState[] }
  | { code: 'SUPERVISION_WRONG_SIDE'; side: Side }
  | { code: 'SUPERVISION_CLASS_PARENT' };

/** The state after an action, or why the action may not be taken (by this side, in this state). */
export function nextItemState(state: ItemState, action: ItemAction, side: 'committee' | 'assignee', verifiedOk = true): ItemState | Refusal {
  const rule = ITEM_FLOW[action];
  if (rule.side !== 'either' && rule.side !== side) return { code: 'SUPERVISION_WRONG_SIDE', side: rule.side };
  if (!rule.from.includes(state)) return { code: 'SUPERVISION_WRONG_STATE', allowed: rule.from };
  if (rule.to === 'same') return state;
  if (rule.to === 'verify') return verifiedOk ? 'closed' : 'rectifying';
  return rule.to;
}

/** The state after `action` on this item by this side, or why not: nextItemState plus the class parent's rule. */
export function actOnItemFacts(item: Pick<ItemFacts, 'state' | 'source' | 'parentId'>, action: ItemAction, side: 'committee' | 'assignee', verifiedOk = true): ItemState | Refusal {
  if (isClassParent(item) && action !== 'comment') return { code: 'SUPERVISION_CLASS_PARENT' };
  return nextItemState(item.state, action, side, verifiedOk);
}

/** The actions this side may take on the item now (none for a side that is not one). */
export function availableActions(item: Pick<ItemFacts, 'state' | 'source' | 'parentId'>, side: 'committee' | 'assignee' | null): ItemAction[] {
  if (side === null) return [];
  return ITEM_ACTIONS.filter((a) => typeof actOnItemFacts(item, a, side) === 'string');
}

export interface SupervisionPeriods {
  basis: { zh: string; en: string };
  acceptWorkingDays: number;
  rectifyWorkingDays: Record<'high' | 'medium' | 'low', number>;
}

/** The end (24:00 CST) of the n-th working day after the day of `fromMs`, on the official calendar. */
export function dueAfterWorkingDays(calendar: Calendar, fromMs: number, n: number): { dueMs: number; provisional: boolean } {
  const day = cstDayOf(fromMs);
  const found = calendar.workingDayAfter(day, n);
  return { dueMs: endOfCstDay(found), provisional: calendar.workingSpanIsProvisional(day, found) };
}
