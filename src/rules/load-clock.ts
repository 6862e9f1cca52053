import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Calendar } from '../engine/clock/calendar.ts';
import { parseComputationRules } from '../engine/clock/computation.ts';
import type { ClockContext } from '../engine/clock/compute.ts';
import type { TimeLimitRule } from '../engine/clock/types.ts';
import { calendarDirs, loadCalendarYears } from './load-calendars.ts';
import { RULES_DIR } from './load-rules.ts';
import { loadTimeLimitRules } from './load-time-limits.ts';

/** Everything the statutory clock computes with: the rules, the official calendar, the computation rules. */
export interface Clock extends ClockContext {
  rules: ReadonlyMap<string, TimeLimitRule>;
}

/** Loads rules/time-limits, rules/calendars plus the years imported into `<dataDir>/calendars`, and rules/clock.yaml. */
export function loadClock(dataDir: string): Clock {
  const rules = loadTimeLimitRules();
  const { years } = loadCalendarYears(calendarDirs(dataDir));
  let computationRaw: unknown;
  try {
    computationRaw = parse(readFileSync(join(RULES_DIR, 'clock.yaml'), 'utf8'));
  } catch (error) {
    throw new Error(`rules/clock.yaml: ${(error as Error).message}`);
  }
  return { rules, calendar: new Calendar(years), computation: parseComputationRules(computationRaw) };
}
