/**
 * The period of a report, written as YYYY | YYYY-Qn | YYYY-MM | YYYY-MM-DD..YYYY-MM-DD (both days included), as
 * a half-open span of moments [from, to) in China Standard Time: the first day's 00:00 to the 00:00 after the last
 * day. Pure.
 */
import { CST_OFFSET_MINUTES, cstDayOf, dayFromYmd, daysInMonth, isoDate, parseIsoDate, ymdFromDay } from '../clock/civil-date.ts';

export type PeriodKind = 'year' | 'quarter' | 'month' | 'range';

export interface ReportPeriod {
  /** the period as written, normalised (e.g. 2026-03) */
  text: string;
  kind: PeriodKind;
  /** first and last CST day (day numbers), both included */
  fromDay: number;
  toDay: number;
  /** [fromIso, toIso): UTC instants of the first day's 00:00 CST and of the 00:00 CST after the last day */
  fromIso: string;
  toIso: string;
  label: { zh: string; en: string };
}

const MS_PER_DAY = 86_400_000;
const OFFSET_MS = CST_OFFSET_MINUTES * 60_000;
/** Longest free range: a report is for a year at most. */
export const MAX_RANGE_DAYS = 366;

/** 00:00 CST of a day, as a UTC ISO instant. */
export function startOfCstDayIso(day: number): string {
  return new Date(day * MS_PER_DAY - OFFSET_MS).toISOString();
}

function build(text: string, kind: PeriodKind, fromDay: number, toDay: number, label: { zh: string; en: string }): ReportPeriod {
  return { text, kind, fromDay, toDay, fromIso: startOfCstDayIso(fromDay), toIso: startOfCstDayIso(toDay + 1), label };
}

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const RANGE = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

function month(y: number, m: number): ReportPeriod {
  const mm = String(m).padStart(2, '0');
  return build(`${y}-${mm}`, 'month', dayFromYmd(y, m, 1), dayFromYmd(y, m, daysInMonth(y, m)), { zh: `${y}年${m}月`, en: `${y}-${mm}` });
}

function quarter(y: number, q: number): ReportPeriod {
  const first = (q - 1) * 3 + 1;
  return build(`${y}-Q${q}`, 'quarter', dayFromYmd(y, first, 1), dayFromYmd(y, first + 2, daysInMonth(y, first + 2)), { zh: `${y}年第${'一二三四'[q - 1]}季度`, en: `${y} Q${q}` });
}

function year(y: number): ReportPeriod {
  return build(String(y), 'year', dayFromYmd(y, 1, 1), dayFromYmd(y, 12, 31), { zh: `${y}年`, en: String(y) });
}

function range(fromDay: number, toDay: number): ReportPeriod {
  const a = isoDate(fromDay);
  const b = isoDate(toDay);
  return build(`${a}..${b}`, 'range', fromDay, toDay, { zh: `${a}至${b}`, en: `${a} to ${b}` });
}

/** The period a text names, or null when it is not one (a month 13, a range backwards or longer than a year). */
export function parseReportPeriod(input: string): ReportPeriod | null {
  const s = input.trim();
  let m = YEAR.exec(s);
  if (m) return Number(m[1]) >= 1970 ? year(Number(m[1])) : null;
  m = QUARTER.exec(s);
  if (m) return Number(m[1]) >= 1970 ? quarter(Number(m[1]), Number(m[2])) : null;
  m = MONTH.exec(s);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return y >= 1970 && mo >= 1 && mo <= 12 ? month(y, mo) : null;
  }
  m = RANGE.exec(s);
  if (m) {
    const a = parseIsoDate(m[1]!);
    const b = parseIsoDate(m[2]!);
    if (a === null || b === null || a > b || b - a + 1 > MAX_RANGE_DAYS || a < 0) return null;
    return range(a, b);
  }
  return null;
}

/** The period of the same kind just before (a range: the same number of days just before it). */
export function previousPeriod(p: ReportPeriod): ReportPeriod {
  const { y, m } = ymdFromDay(p.fromDay);
  switch (p.kind) {
    case 'year':
      return year(y - 1);
    case 'quarter': {
      const q = Math.floor((m - 1) / 3) + 1;
      return q === 1 ? quarter(y - 1, 4) : quarter(y, q - 1);
    }
    case 'month':
      return m === 1 ? month(y - 1, 12) : month(y, m - 1);
    case 'range': {
      const length = p.toDay - p.fromDay + 1;
      return range(p.fromDay - length, p.fromDay - 1);
    }
  }
}

/** The last whole month or quarter before the CST day `today` (what a schedule issues on its run). */
export function lastCompletePeriod(cadence: 'monthly' | 'quarterly', today: number): ReportPeriod {
  const { y, m } = ymdFromDay(today);
  if (cadence === 'monthly') return m === 1 ? month(y - 1, 12) : month(y, m - 1);
  const q = Math.floor((m - 1) / 3) + 1;
  return q === 1 ? quarter(y - 1, 4) : quarter(y, q - 1);
}

/**
 * The period a schedule owes at the moment `nowMs`, or null: a monthly schedule the last month once its day and hour
 * (CST) of this month have come; a quarterly one the last quarter once its day and hour of the quarter's first month
 * have come (or any time later in the quarter, when a run was missed); null when that period is the last one issued.
 */
export function scheduleDuePeriod(
  s: { cadence: 'monthly' | 'quarterly'; dayOfMonth: number; hour: number; enabled: boolean; lastRunPeriod: string | null },
  nowMs: number,
): string | null {
  if (!s.enabled) return null;
  const today = cstDayOf(nowMs);
  const { m, d } = ymdFromDay(today);
  const hour = Math.floor(((nowMs + OFFSET_MS) % MS_PER_DAY) / 3_600_000);
  const laterInQuarter = s.cadence === 'quarterly' && (m - 1) % 3 !== 0;
  const reached = d > s.dayOfMonth || (d === s.dayOfMonth && hour >= s.hour);
  if (!laterInQuarter && !reached) return null;
  const owed = lastCompletePeriod(s.cadence, today).text;
  return owed === s.lastRunPeriod ? null : owed;
}
