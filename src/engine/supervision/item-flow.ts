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

export const isFinal = (s: ItemState) => s === 'closed';

export type Refusal = { code: 'SUPERVISION_WRONG_STATE'; allowed: readonly ItemState[] } | { code: 'SUPERVISION_WRONG_SIDE'; side: Side };

/** The state after an action, or why the action may not be taken (by this side, in this state). */
export function nextItemState(state: ItemState, action: ItemAction, side: 'committee' | 'assignee', verifiedOk = true): ItemState | Refusal {
  const rule = ITEM_FLOW[action];
  if (rule.side !== 'either' && rule.side !== side) return { code: 'SUPERVISION_WRONG_SIDE', side: rule.side };
  if (!rule.from.includes(state)) return { code: 'SUPERVISION_WRONG_STATE', allowed: rule.from };
  if (rule.to === 'same') return state;
  if (rule.to === 'verify') return verifiedOk ? 'closed' : 'rectifying';
  return rule.to;
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
