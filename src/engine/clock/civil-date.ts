/**
 * Dates as whole day numbers (days since 1970-01-01) in China Standard Time (UTC+8, no daylight saving):
 * integer arithmetic only, so the clock runs at millions of computations a second.
 */

export const CST_OFFSET_MINUTES = 8 * 60;
const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
const CST_OFFSET_MS = CST_OFFSET_MINUTES * 60_000;

export interface Ymd {
  y: number;
  m: number; // 1-12
  d: number; // 1-31
}

/** Day number of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function dayFromYmd(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function ymdFromDay(day: number): Ymd {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

/**
 * `months` months after `day`: to the same day of the target month; where it has no such day, its last day.
 * With `lastDayToLastDay` (SPC CPL Interpretation art. 202), a start on a month's last day ends on the
 * target month's last day; without it (Civil Code art. 202) only the missing-day rule applies.
 */
export function addMonths(day: number, months: number, lastDayToLastDay: boolean): number {
  const { y, m, d } = ymdFromDay(day);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  const last = daysInMonth(ty, tm);
  const startsOnLast = d === daysInMonth(y, m);
  return dayFromYmd(ty, tm, lastDayToLastDay && startsOnLast ? last : Math.min(d, last));
}

/** Instant (ms since the epoch, UTC) -> China Standard Time day number and minute of the day. */
export function cstDayOf(ms: number): number {
  return Math.floor((ms + CST_OFFSET_MS) / MS_PER_DAY);
}

/** The first whole hour after the hour in which `ms` falls (CPL 105: the starting hour is not counted). */
export function nextWholeHour(ms: number): number {
  return Math.floor((ms + CST_OFFSET_MS) / MS_PER_HOUR) * MS_PER_HOUR - CST_OFFSET_MS + MS_PER_HOUR;
}

/** The last second of a CST day (24:00 is written 23:59:59), as ms since the epoch. */
export function endOfCstDay(day: number): number {
  return (day + 1) * MS_PER_DAY - CST_OFFSET_MS - 1000;
}

export function isoDate(day: number): string {
  const { y, m, d } = ymdFromDay(day);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** ISO 8601 with the +08:00 offset, to the second. */
export function isoCst(ms: number): string {
  const local = ms + CST_OFFSET_MS;
  const day = Math.floor(local / MS_PER_DAY);
  const rest = local - day * MS_PER_DAY;
  const h = Math.floor(rest / MS_PER_HOUR);
  const min = Math.floor((rest % MS_PER_HOUR) / 60_000);
  const s = Math.floor((rest % 60_000) / 1000);
  return `${isoDate(day)}T${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}:${String(s).padStart(2, '0')}+08:00`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/;

/** Parses YYYY-MM-DD into a day number, or null when it is not a real date. */
export function parseIsoDate(s: string): number | null {
  const m = DATE.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return dayFromYmd(y, mo, d);
}

/**
 * Parses YYYY-MM-DDTHH:mm[:ss][offset] into ms since the epoch; without an offset the time is China Standard
 * Time. Null when it is not a real moment (month 13, 25 o'clock, 30 February).
 */
export function parseMoment(s: string): number | null {
  const m = LOCAL.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || se > 59) return null;
  const zone = m[7];
  let offsetMin = CST_OFFSET_MINUTES;
  if (zone === 'Z') offsetMin = 0;
  else if (zone) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const [zh, zm] = zone.slice(1).split(':').map(Number) as [number, number];
    if (zh > 14 || zm > 59) return null;
    offsetMin = sign * (zh * 60 + zm);
  }
  return dayFromYmd(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + se) * 1000 - offsetMin * 60_000;
}
