/**
 * The calendar index's constant-time answers against a day-by-day walk over isWorkingDay, on the shipped
 * years with one left out (2022), so that spans cross a year not loaded in the middle as well as at the ends.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDirs, loadCalendarYears } from '../../rules/load-calendars.ts';
import { Calendar } from './calendar.ts';
import { dayFromYmd } from './civil-date.ts';

const { years } = loadCalendarYears(calendarDirs('/nonexistent'));
const calendar = new Calendar(years.filter((y) => y.year !== 2022));
// from well before the tables (minYear - 2) to well after them (maxYear + 3): the fallbacks too
const FIRST = dayFromYmd(2014, 1, 1);
const LAST = dayFromYmd(2032, 12, 31);

/** The n-th working day after `day`, and whether any day consulted is of a year not loaded. */
function walkWorkingDays(day: number, n: number): { day: number; provisional: boolean } {
  let d = day;
  let provisional = false;
  for (let left = n; left > 0; ) {
    d++;
    const w = calendar.isWorkingDay(d);
    provisional ||= w.provisional;
    if (w.working) left--;
  }
  return { day: d, provisional };
}

function walkRoll(day: number): { day: number; provisional: boolean } {
  let d = day;
  let provisional = false;
  for (;;) {
    const w = calendar.isWorkingDay(d);
    provisional ||= w.provisional;
    if (w.working) return { day: d, provisional };
    d++;
  }
}

describe('Calendar index', () => {
  it('2022 is left out, the others are loaded', () => {
    expect(calendar.years).not.toContain(2022);
    expect(calendar.years).toContain(2021);
    expect(calendar.years).toContain(2023);
  });

  it('workingDayAfter and workingSpanIsProvisional agree with a day-by-day walk (and with addWorkingDays)', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST, max: LAST }), fc.integer({ min: 1, max: 400 }), (day, n) => {
        const walked = walkWorkingDays(day, n);
        const found = calendar.workingDayAfter(day, n);
        expect({ day: found, provisional: calendar.workingSpanIsProvisional(day, found) }).toEqual(walked);
        expect(calendar.addWorkingDays(day, n)).toEqual(walked);
      }),
      { numRuns: 3000 },
    );
  });

  it('rollToWorkingDay and rollIsProvisional agree with a day-by-day walk (and with nextWorkingDayOnOrAfter)', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST, max: LAST }), (day) => {
        const walked = walkRoll(day);
        expect({ day: calendar.rollToWorkingDay(day), provisional: calendar.rollIsProvisional(day) }).toEqual(walked);
        expect(calendar.nextWorkingDayOnOrAfter(day)).toEqual(walked);
      }),
      { numRuns: 3000 },
    );
  });

  it('a span of working days inside loaded years is not provisional; one through 2022 is', () => {
    const day = dayFromYmd(2021, 12, 20);
    const within = calendar.workingDayAfter(dayFromYmd(2021, 3, 1), 20);
    expect(calendar.workingSpanIsProvisional(dayFromYmd(2021, 3, 1), within)).toBe(false);
    const across = calendar.workingDayAfter(day, 300);
    expect(across).toBeGreaterThan(dayFromYmd(2023, 1, 1));
    expect(calendar.workingSpanIsProvisional(day, across)).toBe(true);
  });
});
