// Periods of the collaboration rate page as the server counts them: whole days in China Standard Time, YYYY-MM-DD,
// both ends included.

export interface Period {
  from: string;
  to: string;
}

const CST_OFFSET_MS = 8 * 3_600_000;

/** Today's date in China Standard Time, whatever the browser's time zone. */
export function cstToday(now: Date): { year: number; month: number; day: number } {
  const d = new Date(now.getTime() + CST_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const iso = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** The number of days of a month (1-12). */
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The `months` whole calendar months before the current one (CST): 1 is last month. */
export function previousMonths(now: Date, months = 1): Period {
  const { year, month } = cstToday(now);
  const index = year * 12 + (month - 1); // the current month, counted from year 0
  const first = index - months;
  const last = index - 1;
  const at = (i: number) => ({ y: Math.floor(i / 12), m: (i % 12) + 1 });
  const a = at(first);
  const b = at(last);
  return { from: iso(a.y, a.m, 1), to: iso(b.y, b.m, daysIn(b.y, b.m)) };
}

/** From the first of the current month (CST) to today. */
export function thisMonth(now: Date): Period {
  const { year, month, day } = cstToday(now);
  return { from: iso(year, month, 1), to: iso(year, month, day) };
}

/** From 1 January (CST) to today. */
export function thisYear(now: Date): Period {
  const { year, month, day } = cstToday(now);
  return { from: iso(year, 1, 1), to: iso(year, month, day) };
}

/** A share of the answer (0..1, or null when its denominator is zero) as a percentage with one decimal. */
export function percent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}
