/**
 * The official calendar as an index: for each day of the loaded years, whether it is a working day, and
 * tables that answer "the next working day" and "the n-th working day after" in constant time. A day of a
 * year that is not loaded is judged by the weekend alone and marks the answer provisional
 * (time-limits.md, "Unknown calendar").
 */
import { addMonths, dayFromYmd, daysInMonth, isWeekend, parseIsoDate } from './civil-date.ts';
import type { CalendarYear } from './types.ts';

export interface DayAnswer {
  day: number;
  /** A day of a year whose notice is not loaded was consulted. */
  provisional: boolean;
}

export class Calendar {
  readonly years: readonly number[];
  private readonly first: number;
  private readonly off: Uint8Array;
  /** loadedDay[i]: the year of first + i is loaded. */
  private readonly loadedDay: Uint8Array;
  /** nextWork[i]: the first working day on or after first + i (index into the covered range, or -1). */
  private readonly nextWork: Int32Array;
  /** rollProvisional[i]: rolling first + i to nextWork[i] consulted a day of a year not loaded (or found none). */
  private readonly rollProvisional: Uint8Array;
  /** notLoadedBefore[i]: days of years not loaded in [first, first + i), to ask "is this whole span loaded?". */
  private readonly notLoadedBefore: Int32Array;
  /** workBefore[i]: working days in [first, first + i). */
  private readonly workBefore: Int32Array;
  /** workDays[k]: the k-th working day of the covered range (0-based), as a day number. */
  private readonly workDays: Int32Array;
  /** For month arithmetic without division: each day's month index (months since minYear-01) and day of month. */
  private readonly monthIndex: Int32Array;
  private readonly dayOfMonth: Uint8Array;
  /** monthFirst[k] and monthLength[k]: the first day number and the length of month index k. */
  private readonly monthFirst: Int32Array;
  private readonly monthLength: Uint8Array;

  constructor(calendarYears: readonly CalendarYear[]) {
    const years = [...new Set(calendarYears.map((c) => c.year))].sort((a, b) => a - b);
    this.years = years;
    // Cover the loaded years and a few either side, so that periods running past the last loaded year (a
    // year's bail, extended) stay in the tables: days of those years are judged by the weekend alone and
    // marked provisional, exactly as the fallback outside the tables does.
    const minYear = (years[0] ?? 2000) - 2;
    const maxYear = (years.at(-1) ?? 2000) + 3;
    this.first = dayFromYmd(minYear, 1, 1);
    const end = dayFromYmd(maxYear + 1, 1, 1);
    const size = end - this.first;
    this.off = new Uint8Array(size);
    for (let i = 0; i < size; i++) this.off[i] = isWeekend(this.first + i) ? 1 : 0;
    this.loadedDay = new Uint8Array(size);
    for (const c of calendarYears) {
      this.loadedDay.fill(1, dayFromYmd(c.year, 1, 1) - this.first, dayFromYmd(c.year + 1, 1, 1) - this.first);
      for (const h of c.holidays) {
        const from = parseIsoDate(h.from);
        const to = parseIsoDate(h.to);
        if (from === null || to === null) throw new Error(`calendar ${c.year}: bad holiday range ${h.from}..${h.to}`);
        for (let d = from; d <= to; d++) this.off[d - this.first] = 1;
      }
      for (const w of c.workdays) {
        const d = parseIsoDate(w);
        if (d === null) throw new Error(`calendar ${c.year}: bad make-up working day ${w}`);
        this.off[d - this.first] = 0;
      }
    }
    this.nextWork = new Int32Array(size);
    let next = -1;
    for (let i = size - 1; i >= 0; i--) {
      if (!this.off[i]) next = this.first + i;
      this.nextWork[i] = next;
    }
    this.rollProvisional = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const n = this.nextWork[i]!;
      this.rollProvisional[i] = this.loadedDay[i] === 1 && n !== -1 && this.loadedDay[n - this.first] === 1 ? 0 : 1;
    }
    this.notLoadedBefore = new Int32Array(size + 1);
    for (let i = 0; i < size; i++) this.notLoadedBefore[i + 1] = this.notLoadedBefore[i]! + (this.loadedDay[i] ? 0 : 1);
    this.workBefore = new Int32Array(size + 1);
    const work: number[] = [];
    for (let i = 0; i < size; i++) {
      this.workBefore[i + 1] = this.workBefore[i]! + (this.off[i] ? 0 : 1);
      if (!this.off[i]) work.push(this.first + i);
    }
    this.workDays = Int32Array.from(work);
    const months = (maxYear - minYear + 1) * 12;
    this.monthFirst = new Int32Array(months);
    this.monthLength = new Uint8Array(months);
    this.monthIndex = new Int32Array(size);
    this.dayOfMonth = new Uint8Array(size);
    for (let k = 0; k < months; k++) {
      const y = minYear + Math.floor(k / 12);
      const m = (k % 12) + 1;
      this.monthFirst[k] = dayFromYmd(y, m, 1);
      this.monthLength[k] = daysInMonth(y, m);
      for (let d = 1; d <= this.monthLength[k]!; d++) {
        const i = this.monthFirst[k]! + d - 1 - this.first;
        this.monthIndex[i] = k;
        this.dayOfMonth[i] = d;
      }
    }
  }

  /** civil-date's addMonths by table look-up inside the covered years (the clock's hot path), the same answer. */
  addMonths(day: number, months: number, lastDayToLastDay: boolean): number {
    const i = day - this.first;
    if (i < 0 || i >= this.monthIndex.length) return addMonths(day, months, lastDayToLastDay);
    const k = this.monthIndex[i]!;
    const target = k + months;
    if (target < 0 || target >= this.monthFirst.length) return addMonths(day, months, lastDayToLastDay);
    const d = this.dayOfMonth[i]!;
    const last = this.monthLength[target]!;
    const dom = lastDayToLastDay && d === this.monthLength[k] ? last : d < last ? d : last;
    return this.monthFirst[target]! + dom - 1;
  }

  /**
   * The day a period ending on `day` ends when a day off moves it to the next working day, without
   * allocating: the hot path of the clock. Whether it was provisional: rollIsProvisional(day).
   */
  rollToWorkingDay(day: number): number {
    const i = day - this.first;
    if (i >= 0 && i < this.off.length) {
      const found = this.nextWork[i]!;
      if (found !== -1) return found;
    }
    return this.nextWorkingDayOnOrAfter(day).day;
  }

  /** Whether rollToWorkingDay(day) consulted a day of a year not loaded (either end's year): one table look-up. */
  rollIsProvisional(day: number): boolean {
    const i = day - this.first;
    if (i >= 0 && i < this.off.length && this.nextWork[i] !== -1) return this.rollProvisional[i] === 1;
    return true;
  }

  /**
   * The n-th working day after `day` (n >= 1) without allocating: addWorkingDays's day, for the hot path.
   * Whether it is provisional: workingSpanIsProvisional(day, the answer).
   */
  workingDayAfter(day: number, n: number): number {
    const i = day - this.first;
    if (i >= 0 && i < this.off.length) {
      const k = this.workBefore[i + 1]! + n - 1;
      if (k < this.workDays.length) return this.workDays[k]!;
    }
    return this.addWorkingDays(day, n).day;
  }

  /** Counting working days from after `day` to `found` consulted a day of a year not loaded. */
  workingSpanIsProvisional(day: number, found: number): boolean {
    const a = day + 1 - this.first;
    const b = found + 1 - this.first;
    if (a < 0 || b > this.off.length || a > b) return true;
    return this.notLoadedBefore[b]! - this.notLoadedBefore[a]! > 0;
  }

  private inRange(day: number): boolean {
    return day >= this.first && day - this.first < this.off.length;
  }

  /** Is the notice of this day's year loaded? (Table look-up; false outside the covered years.) */
  isLoadedDay(day: number): boolean {
    return this.inRange(day) && this.loadedDay[day - this.first] === 1;
  }

  isWorkingDay(day: number): DayAnswer & { working: boolean } {
    if (this.inRange(day)) return { day, working: this.off[day - this.first] === 0, provisional: !this.isLoadedDay(day) };
    return { day, working: !isWeekend(day), provisional: true };
  }

  /** The first working day on or after `day`; every day passed over counts toward provisionality. */
  nextWorkingDayOnOrAfter(day: number): DayAnswer {
    if (this.inRange(day)) {
      const found = this.nextWork[day - this.first]!;
      if (found !== -1) return { day: found, provisional: this.rollProvisional[day - this.first] === 1 };
    }
    let d = day;
    while (isWeekend(d)) d++;
    return { day: d, provisional: true };
  }

  /** The n-th working day after `day` (the day itself not counted), n >= 1. */
  addWorkingDays(day: number, n: number): DayAnswer {
    if (this.inRange(day)) {
      const k = this.workBefore[day - this.first + 1]! + n - 1;
      if (k < this.workDays.length) {
        const found = this.workDays[k]!;
        // every day between was consulted: provisional unless all of them are of loaded years
        return { day: found, provisional: this.workingSpanIsProvisional(day, found) };
      }
    }
    let d = day;
    let provisional = false;
    for (let left = n; left > 0; ) {
      d++;
      const w = this.isWorkingDay(d);
      provisional ||= w.provisional;
      if (w.working) left--;
    }
    return { day: d, provisional };
  }
}
