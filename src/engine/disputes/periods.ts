/**
 * When a dispute's current step is due (flows.md §3 "overdue at any step -> follow up"): the step periods and
 * each type's handling period of rules/governance/dispute-types.yaml on the official calendar. Pure.
 */
import type { Calendar } from '../clock/calendar.ts';
import { cstDayOf, endOfCstDay } from '../clock/civil-date.ts';
import type { DisputeState } from './dispute-flow.ts';
import type { HandlingPeriod, StepPeriods } from './dispute-rules.ts';

export interface Due {
  dueMs: number;
  provisional: boolean;
}

/** The end (24:00 CST) of the n-th working day after the day of fromMs. */
export function afterWorkingDays(calendar: Calendar, fromMs: number, n: number): Due {
  const day = cstDayOf(fromMs);
  const found = calendar.workingDayAfter(day, n);
  return { dueMs: endOfCstDay(found), provisional: calendar.workingSpanIsProvisional(day, found) };
}

/**
 * A handling period from the day of routing: calendar days counted from the next day, a last day off moving to
 * the next working day (Civil Code 201, 203); or working days.
 */
export function handlingDue(calendar: Calendar, fromMs: number, period: HandlingPeriod): Due {
  if (period.unit === 'workingDays') return afterWorkingDays(calendar, fromMs, period.length);
  const last = cstDayOf(fromMs) + period.length;
  return { dueMs: endOfCstDay(calendar.rollToWorkingDay(last)), provisional: calendar.rollIsProvisional(last) };
}

/**
 * The due moment of the step a dispute enters, or null where none runs (the court's decision runs on the
 * statutory clock civ.judicial-confirmation.decide; a final state has no step).
 */
export function stepDue(calendar: Calendar, state: DisputeState, atMs: number, steps: StepPeriods, handling: HandlingPeriod, currentDueMs: number | null): number | null {
  switch (state) {
    case 'intake':
      return afterWorkingDays(calendar, atMs, steps.assess).dueMs;
    case 'assessed':
      return afterWorkingDays(calendar, atMs, steps.route).dueMs;
    case 'routed':
      return handlingDue(calendar, atMs, handling).dueMs;
    case 'handling':
      // sessions do not move the handling period set at routing
      return currentDueMs ?? handlingDue(calendar, atMs, handling).dueMs;
    case 'agreement':
    case 'no-agreement':
    case 'confirmed':
    case 'refused':
      return afterWorkingDays(calendar, atMs, steps.close).dueMs;
    case 'closed':
      return afterWorkingDays(calendar, atMs, steps.visit).dueMs;
    case 'confirmation-requested':
    case 'followed-up':
    case 'withdrawn':
      return null;
    default: {
      const never: never = state;
      return never;
    }
  }
}
