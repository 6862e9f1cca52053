/**
 * The periods of the snapshots, in China Standard Time civil days: a day '2026-11-21', a month '2026-11', a
 * quarter '2026-Q4'. A snapshot is taken of a period that has ended (the figures of a running period would
 * still change, and a snapshot is never taken again), so the latest takeable day is yesterday. Pure.
 */
import { dayFromYmd, daysInMonth, isoDate, parseIsoDate, ymdFromDay } from '../clock/civil-date.ts';

export const PERIOD_KINDS = ['day', 'month', 'quarter'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  /** the canonical label */
  label: string;
  /** first and last civil day, both included */
  fromDay: number;
  toDay: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

function monthPeriod(y: number, m: number): Period {
  return { kind: 'month', label: `${y}-${pad(m)}`, fromDay: dayFromYmd(y, m, 1), toDay: dayFromYmd(y, m, daysInMonth(y, m)) };
}

function quarterPeriod(y: number, q: number): Period {
  const first = (q - 1) * 3 + 1;
  return { kind: 'quarter', label: `${y}-Q${q}`, fromDay: dayFromYmd(y, first, 1), toDay: dayFromYmd(y, first + 2, daysInMonth(y, first + 2)) };
}

/** The period a label names, or null when the label is not of its kind's form or names no real day. */
export function parsePeriod(kind: PeriodKind, label: string): Period | null {
  if (kind === 'day') {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(label) ? parseIsoDate(label) : null;
    return day === null ? null : { kind, label, fromDay: day, toDay: day };
  }
  if (kind === 'month') {
    const m = /^(\d{4})-(\d{2})$/.exec(label);
    if (!m) return null;
    const month = Number(m[2]);
    return month >= 1 && month <= 12 && Number(m[1]) >= 1970 ? monthPeriod(Number(m[1]), month) : null;
  }
  const q = /^(\d{4})-Q([1-4])$/.exec(label);
  return q && Number(q[1]) >= 1970 ? quarterPeriod(Number(q[1]), Number(q[2])) : null;
}

/** The period before (yesterday's day, last month, last quarter). */
export function previousPeriod(p: Period): Period {
  if (p.kind === 'day') return { kind: 'day', label: isoDate(p.fromDay - 1), fromDay: p.fromDay - 1, toDay: p.fromDay - 1 };
  return periodContaining(p.kind, p.fromDay - 1);
}

/** The period of a kind that contains a civil day. */
export function periodContaining(kind: PeriodKind, day: number): Period {
  if (kind === 'day') return { kind, label: isoDate(day), fromDay: day, toDay: day };
  const { y, m } = ymdFromDay(day);
  return kind === 'month' ? monthPeriod(y, m) : quarterPeriod(y, Math.floor((m - 1) / 3) + 1);
}

/** Has the period ended by `today` (a civil day)? Only then may it be taken. */
export function hasEnded(p: Period, today: number): boolean {
  return p.toDay < today;
}

/** The last ended period of a kind on `today`: yesterday, last month, last quarter (what the scheduler takes). */
export function lastEndedPeriod(kind: PeriodKind, today: number): Period {
  return kind === 'day' ? periodContaining('day', today - 1) : previousPeriod(periodContaining(kind, today));
}
