/**
 * The life of a grid event (社会治理事件, flows.md §6), as a closed table: each action, the states it may be taken
 * in, the state it leads to, and which side of the event takes it. Pure.
 *
 *   reported --accept--> accepted --handle-locally--> handling --record-handling--> handled --verify ok--> verified
 *                           |                           ^    ^                            |                      |
 *                           +--escalate--> escalated ---+    +------- verify fails -------+                    close
 *                                             (assign a department)                                              |
 *   handling, while the township handles it itself --escalate--> escalated               rated <--rate-- closed <-+
 *
 * Sides: the township center (its handlers and head), the county center of its county once escalated, the
 * responsible unit (the township center when handled locally, else the department the county center assigned),
 * and the verifier (the grid worker who reported it, or for a citizen's report any grid worker of the township
 * center), who also records the reporter's rating.
 */
import type { Calendar } from '../clock/calendar.ts';
import type { Role } from '../organisation.ts';
import { dueAfterWorkingDays } from '../supervision/item-flow.ts';

export const GRID_EVENT_STATES = ['reported', 'accepted', 'escalated', 'handling', 'handled', 'verified', 'closed', 'rated'] as const;
export type GridEventState = (typeof GRID_EVENT_STATES)[number];

export const GRID_EVENT_ACTIONS = ['accept', 'handle-locally', 'escalate', 'assign', 'record-handling', 'verify', 'close', 'rate'] as const;
export type GridEventAction = (typeof GRID_EVENT_ACTIONS)[number];

export const GRID_EVENT_SIDES = ['township-center', 'county-center', 'responsible-unit', 'verifier'] as const;
export type GridEventSide = (typeof GRID_EVENT_SIDES)[number];

/** What the flow needs to know of an event. */
export interface GridEventFacts {
  state: GridEventState;
  townshipUnitId: string;
  countyUnitId: string | null;
  responsibleUnitId: string | null;
  /** The grid worker who reported it; null for a citizen's report. */
  reportedBy: string | null;
}

/** Named predicates over an event. */
export const isFinal = (s: GridEventState): boolean => s === 'rated';
/** Closed or past it: the work on the event is over. */
export const isClosed = (s: GridEventState): boolean => s === 'closed' || s === 'rated';
export const isEscalated = (e: GridEventFacts): boolean => e.countyUnitId !== null;
/** Handled by the township center itself (not escalated). */
export const isHandledLocally = (e: GridEventFacts): boolean => !isEscalated(e) && e.responsibleUnitId === e.townshipUnitId;
/** A state in which someone owes the next step by a date (the event's due moment). */
export const hasDeadline = (s: GridEventState): boolean => s === 'reported' || s === 'accepted' || s === 'escalated' || s === 'handling' || s === 'handled';

interface ActionRule {
  from: readonly GridEventState[];
  /** 'verify': verified, or back to handling when it fails. */
  to: GridEventState | 'verify';
  side: GridEventSide;
  /** A further condition on the event, by name (the table stays closed: no condition outside it). */
  when?: { name: string; holds: (e: GridEventFacts) => boolean };
  zh: string;
  en: string;
}

export const GRID_EVENT_FLOW: Record<GridEventAction, ActionRule> = {
  accept: { from: ['reported'], to: 'accepted', side: 'township-center', zh: '受理', en: 'Accept' },
  'handle-locally': { from: ['accepted'], to: 'handling', side: 'township-center', zh: '就地处置', en: 'Handle locally' },
  // from handling too, while the township handles it itself: it may find the event beyond its means
  escalate: {
    from: ['accepted', 'handling'],
    to: 'escalated',
    side: 'township-center',
    when: { name: 'not-escalated', holds: (e) => !isEscalated(e) && (e.state === 'accepted' || isHandledLocally(e)) },
    zh: '上报县级中心',
    en: 'Escalate to the county center',
  },
  assign: { from: ['escalated'], to: 'handling', side: 'county-center', zh: '派单至责任部门', en: 'Assign to a department' },
  'record-handling': { from: ['handling'], to: 'handled', side: 'responsible-unit', zh: '办结反馈', en: 'Record handling' },
  verify: { from: ['handled'], to: 'verify', side: 'verifier', zh: '核查', en: 'Verify' },
  close: { from: ['verified'], to: 'closed', side: 'township-center', zh: '结案', en: 'Close' },
  rate: { from: ['closed'], to: 'rated', side: 'verifier', zh: '评价', en: 'Rate' },
};

export type GridEventRefusal =
  | { code: 'GRID_EVENT_WRONG_STATE'; allowed: readonly GridEventState[] }
  | { code: 'GRID_EVENT_WRONG_SIDE'; side: GridEventSide };

/** The state after an action taken by a caller acting on `sides`, or why it may not be taken. */
export function nextGridEventState(event: GridEventFacts, action: GridEventAction, sides: ReadonlySet<GridEventSide>, verifiedOk = true): GridEventState | GridEventRefusal {
  const rule = GRID_EVENT_FLOW[action];
  if (!sides.has(rule.side)) return { code: 'GRID_EVENT_WRONG_SIDE', side: rule.side };
  if (!rule.from.includes(event.state) || (rule.when && !rule.when.holds(event))) return { code: 'GRID_EVENT_WRONG_STATE', allowed: rule.from };
  if (rule.to === 'verify') return verifiedOk ? 'verified' : 'handling';
  return rule.to;
}

/** The actions a caller on these sides may take now. */
export function availableActions(event: GridEventFacts, sides: ReadonlySet<GridEventSide>): GridEventAction[] {
  return GRID_EVENT_ACTIONS.filter((a) => typeof nextGridEventState(event, a, sides) === 'string');
}

/** Who is asking, as far as the sides go. */
export interface GridEventCaller {
  userId: string;
  unitId: string;
  role: Role;
}

const STAFF: ReadonlySet<Role> = new Set(['handler', 'unit-head']);

/**
 * The sides a caller acts on: a center's or a department's handlers and head act for their unit; the reporting
 * grid worker verifies their own report, and any grid worker of the township center a citizen's report.
 */
export function sidesOf(caller: GridEventCaller, e: GridEventFacts): Set<GridEventSide> {
  const sides = new Set<GridEventSide>();
  if (STAFF.has(caller.role)) {
    if (caller.unitId === e.townshipUnitId) sides.add('township-center');
    if (e.countyUnitId !== null && caller.unitId === e.countyUnitId) sides.add('county-center');
  }
  // a mediation committee's mediators handle the disputes it is given
  if ((STAFF.has(caller.role) || caller.role === 'mediator') && e.responsibleUnitId !== null && caller.unitId === e.responsibleUnitId) sides.add('responsible-unit');
  if (caller.role === 'grid-worker' && (e.reportedBy === null ? caller.unitId === e.townshipUnitId : caller.userId === e.reportedBy)) sides.add('verifier');
  return sides;
}

/** A unit as the escalation rule sees it. */
export interface UnitPlace {
  id: string;
  agency: string;
  regionCode: string;
}

/** Escalation: a township's event goes to the governance center of its county (the township region's parent). */
export function countyCenterFor(countyCode: string, units: readonly UnitPlace[]): UnitPlace | null {
  return units.find((u) => u.agency === 'governance-center' && u.regionCode === countyCode) ?? null;
}

/** The county center assigns any unit of its county (the county or a township of it) except itself. */
export function isDepartmentOfCounty(countyCode: string, countyCenterId: string, unit: UnitPlace): boolean {
  return unit.id !== countyCenterId && unit.agency !== 'committee' && unit.regionCode.startsWith(countyCode);
}

/** A period of a step: hours from the moment, or working days on the official calendar. */
export type GridPeriod = { hours: number } | { workingDays: number };

export interface GridEventRules {
  basis: { zh: string; en: string };
  categories: readonly { id: string; zh: string; en: string }[];
  periods: {
    township: { accept: GridPeriod; handle: GridPeriod };
    county: { assign: GridPeriod; handle: GridPeriod };
    verify: GridPeriod;
  };
  /** The most photos one event holds. */
  photosPerEvent: number;
}

/** The period that starts when an event enters `state` (handling: at the level of the unit handling it). */
export function periodFor(rules: GridEventRules, state: GridEventState, escalated: boolean): GridPeriod | null {
  const p = rules.periods;
  switch (state) {
    case 'reported':
      return p.township.accept;
    case 'accepted':
      return p.township.handle;
    case 'escalated':
      return p.county.assign;
    case 'handling':
      return escalated ? p.county.handle : p.township.handle;
    case 'handled':
      return p.verify;
    default:
      return null;
  }
}

const HOUR_MS = 3_600_000;

/** The due moment of a period started at `fromMs`: hours from the moment itself; working days end at 24:00 CST. */
export function dueOfPeriod(calendar: Calendar, period: GridPeriod, fromMs: number): { dueMs: number; provisional: boolean } {
  if ('hours' in period) return { dueMs: fromMs + period.hours * HOUR_MS, provisional: false };
  return dueAfterWorkingDays(calendar, fromMs, period.workingDays);
}

/** Overdue: someone owes the next step and its due moment has passed. */
export function isOverdue(state: GridEventState, dueAt: string | null, now: string): boolean {
  return hasDeadline(state) && dueAt !== null && dueAt < now;
}
