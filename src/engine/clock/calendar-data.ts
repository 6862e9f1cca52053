/**
 * Official calendars as data: validating a year of the State Council's holiday notice
 * (国务院办公厅关于YYYY年部分节假日安排的通知), and reading or writing one from JSON or iCalendar (RFC 5545).
 * Pure: no I/O. See ../shared/spec/time-limits.md, "How a period is computed", points 4 and 5.
 */
import { isWeekend, isoDate, parseIsoDate } from './civil-date.ts';
import type { CalendarYear } from './types.ts';

export type CalendarSource = CalendarYear['source'];
type HolidayRange = CalendarYear['holidays'][number];

const MIN_YEAR = 1949;
const MAX_YEAR = 2100;
/** The name given to days off listed as bare dates, which carry no holiday name. */
export const UNNAMED_HOLIDAY = '放假';

// ---------------------------------------------------------------------------------------------- dates

const yearOf = (date: string): number => Number(date.slice(0, 4));

/** Every date of an inclusive range, in order. */
export function datesOf(range: { from: string; to: string }): string[] {
  const from = parseIsoDate(range.from)!;
  const to = parseIsoDate(range.to)!;
  const out: string[] = [];
  for (let d = from; d <= to; d++) out.push(isoDate(d));
  return out;
}

/** How many days the year's notice gives off (the days of its ranges, weekend days included). */
export function countDaysOff(calendar: CalendarYear): number {
  return calendar.holidays.reduce((n, h) => n + datesOf(h).length, 0);
}

// ----------------------------------------------------------------------------------------- validation

type Fail = (field: string, what: string) => never;

function failer(source: string): Fail {
  return (field, what) => {
    throw new Error(field ? `${source}: ${field}: ${what}` : `${source}: ${what}`);
  };
}

function asMapping(value: unknown, field: string, fail: Fail, known: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(field, 'must be a mapping');
  const m = value as Record<string, unknown>;
  for (const key of Object.keys(m)) if (!known.includes(key)) fail(`${field ? `${field}.` : ''}${key}`, 'unknown field');
  return m;
}

function asText(value: unknown, field: string, fail: Fail): string {
  if (typeof value !== 'string' || value.trim() === '') return fail(field, 'must be a non-empty text');
  if (/[\r\n]/.test(value)) return fail(field, 'must be one line');
  return value.trim();
}

function asDate(value: unknown, field: string, fail: Fail, year?: number): string {
  if (typeof value !== 'string' || parseIsoDate(value) === null) return fail(field, 'not a date (YYYY-MM-DD)');
  if (year !== undefined && yearOf(value) !== year) fail(field, `${value} is outside ${year}`);
  return value;
}

function parseSource(value: unknown, fail: Fail): CalendarSource {
  const m = asMapping(value, 'source', fail, ['title', 'document', 'published']);
  const source: CalendarSource = { title: asText(m.title, 'source.title', fail) };
  if (m.document !== undefined) source.document = asText(m.document, 'source.document', fail);
  if (m.published !== undefined) source.published = asDate(m.published, 'source.published', fail);
  return source;
}

function parseHolidays(value: unknown, year: number, fail: Fail): HolidayRange[] {
  if (!Array.isArray(value) || value.length === 0) return fail('holidays', 'must be a non-empty list');
  const ranges = value.map((item, i): HolidayRange & { at: string } => {
    const at = `holidays[${i}]`;
    const m = asMapping(item, at, fail, ['name', 'from', 'to']);
    const range = {
      at,
      name: asText(m.name, `${at}.name`, fail),
      from: asDate(m.from, `${at}.from`, fail, year),
      to: asDate(m.to, `${at}.to`, fail, year),
    };
    if (range.to < range.from) fail(`${at}.to`, `${range.to} is before from (${range.from})`);
    return range;
  });
  ranges.sort((a, b) => a.from.localeCompare(b.from));
  for (let i = 1; i < ranges.length; i++) {
    const prev = ranges[i - 1]!;
    const cur = ranges[i]!;
    if (cur.from <= prev.to) fail(cur.at, `${cur.from}..${cur.to} overlaps ${prev.at} (${prev.from}..${prev.to})`);
  }
  return ranges.map(({ name, from, to }) => ({ name, from, to }));
}

function parseWorkdays(value: unknown, year: number, holidays: HolidayRange[], fail: Fail): string[] {
  if (!Array.isArray(value)) return fail('workdays', 'must be a list');
  const seen = new Set<string>();
  value.forEach((item, i) => {
    const at = `workdays[${i}]`;
    const date = asDate(item, at, fail, year);
    if (!isWeekend(parseIsoDate(date)!)) fail(at, `${date} is not a Saturday or Sunday`);
    const inside = holidays.find((h) => h.from <= date && date <= h.to);
    if (inside) fail(at, `${date} is inside the holiday ${inside.name} (${inside.from}..${inside.to})`);
    if (seen.has(date)) fail(at, `${date} is listed twice`);
    seen.add(date);
  });
  return [...seen].sort();
}

/**
 * Validates one year of a State Council holiday notice (time-limits.md point 4): every date real and inside
 * the year, ranges ordered and apart, make-up working days on weekends outside the ranges. Throws an Error
 * naming `source` and the field. Returns the year with ranges and make-up days sorted.
 */
export function parseCalendarYear(raw: unknown, source: string): CalendarYear {
  const fail = failer(source);
  const m = asMapping(raw, '', fail, ['year', 'source', 'holidays', 'workdays']);
  const year = m.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    fail('year', `must be a whole number from ${MIN_YEAR} to ${MAX_YEAR}`);
  }
  const y = year as number;
  const notice = parseSource(m.source, fail);
  const holidays = parseHolidays(m.holidays, y, fail);
  const workdays = parseWorkdays(m.workdays, y, holidays, fail);
  return { year: y, source: notice, holidays, workdays };
}

// ----------------------------------------------------------------------------------------------- JSON

/** What the caller knows beside the file: the year, and notice fields that take the place of the file's own. */
export interface ImportOptions {
  year?: number;
  notice?: Partial<CalendarSource>;
}

function applySource(fileSource: unknown, override: Partial<CalendarSource>): unknown {
  const given = Object.fromEntries(Object.entries(override).filter(([, v]) => v !== undefined));
  if (Object.keys(given).length === 0) return fileSource;
  const base = typeof fileSource === 'object' && fileSource !== null ? fileSource : {};
  return { ...base, ...given };
}

/** Runs of consecutive bare dates, as unnamed ranges; anything that is not a date is left to the validator. */
function rangesFromDates(items: unknown[]): unknown[] {
  const out: unknown[] = [];
  let run: { name: string; from: string; to: string } | null = null;
  for (const item of items) {
    const day = typeof item === 'string' ? parseIsoDate(item) : null;
    if (day !== null && run && parseIsoDate(run.to)! + 1 === day) {
      run.to = item as string;
      continue;
    }
    run = day !== null ? { name: UNNAMED_HOLIDAY, from: item as string, to: item as string } : null;
    out.push(run ?? item);
  }
  return out;
}

/**
 * Reads a year from JSON: CaseLink's own shape, or the simple one whose `holidays` are bare dates
 * (consecutive dates become one range named 放假). `options.notice` fills or replaces the notice fields.
 */
export function calendarYearFromJson(raw: unknown, source: string, options: ImportOptions = {}): CalendarYear {
  const fail = failer(source);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('', 'must be a JSON object');
  const obj = raw as Record<string, unknown>;
  if (options.year !== undefined && obj.year !== undefined && obj.year !== options.year) {
    fail('year', `the file says ${JSON.stringify(obj.year)}, the command line ${options.year}`);
  }
  const year = obj.year ?? options.year;
  const holidays = Array.isArray(obj.holidays) ? rangesFromDates(obj.holidays) : obj.holidays;
  return parseCalendarYear({ ...obj, year, holidays, source: applySource(obj.source, options.notice ?? {}) }, source);
}

// ------------------------------------------------------------------------------------ iCalendar (read)

interface ContentLine {
  /** 1-based number of the line where the (folded) content line starts. */
  line: number;
  name: string;
  params: Record<string, string>;
  value: string;
}

/** Unfolds (RFC 5545 3.1: CRLF followed by a space or tab continues the line) and numbers the content lines. */
function unfold(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .forEach((raw, i) => {
      const last = out[out.length - 1];
      if ((raw.startsWith(' ') || raw.startsWith('\t')) && last) last.text += raw.slice(1);
      else if (raw !== '') out.push({ line: i + 1, text: raw });
    });
  return out;
}

/** Splits `NAME;PARAM=V;PARAM="V:V":VALUE` (RFC 5545 3.1), honouring quoted parameter values. */
function parseContentLine(line: number, text: string, fail: Fail): ContentLine {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let i = 0;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === ';' || ch === ':')) {
      parts.push(current);
      current = '';
      if (ch === ':') break;
      continue;
    }
    current += ch;
  }
  if (i >= text.length) return fail(`line ${line}`, `not an iCalendar content line: ${JSON.stringify(text.slice(0, 60))}`);
  const [name, ...rawParams] = parts;
  const params: Record<string, string> = {};
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { line, name: name!.toUpperCase(), params, value: text.slice(i + 1) };
}

/** TEXT values (RFC 5545 3.3.11): \\ \; \, \n. */
function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

interface IcsEvent {
  line: number;
  props: Map<string, ContentLine>;
}

interface IcsCalendar {
  props: Map<string, ContentLine>;
  events: IcsEvent[];
}

/** Groups the content lines into the calendar's own properties and its VEVENTs; other components are skipped. */
function readComponents(lines: ContentLine[], fail: Fail): IcsCalendar {
  const first = lines[0];
  if (first?.name !== 'BEGIN' || first.value.toUpperCase() !== 'VCALENDAR') {
    return fail(`line ${first?.line ?? 1}`, 'an iCalendar file starts with BEGIN:VCALENDAR');
  }
  const calendar: IcsCalendar = { props: new Map(), events: [] };
  const stack: string[] = [];
  let event: IcsEvent | null = null;
  for (const cl of lines) {
    const kind = cl.value.toUpperCase();
    if (cl.name === 'BEGIN') {
      stack.push(kind);
      if (kind === 'VEVENT' && stack.length === 2) event = { line: cl.line, props: new Map() };
    } else if (cl.name === 'END') {
      if (stack.pop() !== kind) fail(`line ${cl.line}`, `END:${cl.value} does not close the open component`);
      if (kind === 'VEVENT' && event && stack.length === 1) calendar.events.push(event);
      if (kind === 'VEVENT' && stack.length === 1) event = null;
    } else if (stack.length === 1) {
      if (!calendar.props.has(cl.name)) calendar.props.set(cl.name, cl);
    } else if (stack.length === 2 && event && !event.props.has(cl.name)) {
      event.props.set(cl.name, cl);
    }
  }
  if (stack.length > 0) fail(`line ${lines[lines.length - 1]!.line}`, `BEGIN:${stack[stack.length - 1]} is never closed`);
  return calendar;
}

/** The field name of an event's property in messages: VEVENT[1].DTSTART (line 16). */
function propField(at: string, cl: ContentLine): string {
  return `${at}.${cl.name} (line ${cl.line})`;
}

/** A DATE value (RFC 5545 3.3.4, YYYYMMDD) as an ISO date; a DATE-TIME is refused: days off are whole days. */
function icsDate(cl: ContentLine, at: string, fail: Fail): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(cl.value.trim());
  if (!m) return fail(propField(at, cl), `not a date (VALUE=DATE, YYYYMMDD): ${JSON.stringify(cl.value)}`);
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  if (parseIsoDate(iso) === null) return fail(propField(at, cl), `${cl.value} is not a real date`);
  return iso;
}

/** A DURATION of whole days or weeks (RFC 5545 3.3.6), in days. */
function icsDurationDays(cl: ContentLine, at: string, fail: Fail): number {
  const m = /^P(?:(\d+)W|(\d+)D)$/.exec(cl.value.trim());
  if (!m) return fail(propField(at, cl), `only whole days or weeks (P1D, P1W) are accepted, got ${JSON.stringify(cl.value)}`);
  return m[1] ? Number(m[1]) * 7 : Number(m[2]);
}

type EventKind = 'holiday' | 'workday';

interface DayEvent {
  kind: EventKind;
  name: string;
  from: string;
  to: string;
}

function eventKind(ev: IcsEvent, name: string, at: string, fail: Fail): EventKind {
  const prop = ev.props.get('X-CASELINK-KIND');
  const marked = prop?.value.trim().toLowerCase();
  if (marked === 'workday' || marked === 'holiday') return marked;
  if (prop) return fail(propField(at, prop), 'must be workday or holiday');
  return name.includes('班') ? 'workday' : 'holiday';
}

/** One VEVENT as a range of whole days; DTEND is exclusive (RFC 5545 3.6.1), a lone DTSTART is one day. */
function readEvent(ev: IcsEvent, index: number, fail: Fail): DayEvent {
  const at = `VEVENT[${index}]`;
  const start = ev.props.get('DTSTART');
  if (!start) return fail(`${at} (line ${ev.line})`, 'has no DTSTART');
  const from = icsDate(start, at, fail);
  const end = ev.props.get('DTEND');
  const duration = ev.props.get('DURATION');
  let days = 1;
  if (end) days = parseIsoDate(icsDate(end, at, fail))! - parseIsoDate(from)!;
  else if (duration) days = icsDurationDays(duration, at, fail);
  if (days < 1) fail(propField(at, end!), 'must be after DTSTART (DTEND is exclusive)');
  const summary = ev.props.get('SUMMARY');
  const name = summary ? unescapeText(summary.value).trim() : '';
  if (name === '') return fail(`${at} (line ${ev.line}).SUMMARY`, 'missing: the holiday needs a name');
  return { kind: eventKind(ev, name, at, fail), name, from, to: isoDate(parseIsoDate(from)! + days - 1) };
}

/** Keeps the part of an event inside the year, or nothing. */
function clipToYear(ev: DayEvent, year: number): DayEvent | null {
  const from = ev.from < `${year}-01-01` ? `${year}-01-01` : ev.from;
  const to = ev.to > `${year}-12-31` ? `${year}-12-31` : ev.to;
  return from <= to ? { ...ev, from, to } : null;
}

/** The one year all events fall in, when the caller did not name one. */
function inferYear(events: DayEvent[], fail: Fail): number {
  const years = new Set(events.flatMap((e) => [yearOf(e.from), yearOf(e.to)]));
  if (years.size !== 1) return fail('VEVENT', `events span ${[...years].sort().join(', ')}: pass the year to import`);
  return [...years][0]!;
}

/** Merges holiday ranges of the same name that touch or overlap (feeds that list one event per day). */
function mergeSameName(ranges: HolidayRange[]): HolidayRange[] {
  const sorted = [...ranges].sort((a, b) => a.from.localeCompare(b.from));
  const out: HolidayRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last.name === r.name && parseIsoDate(r.from)! <= parseIsoDate(last.to)! + 1) {
      if (r.to > last.to) last.to = r.to;
    } else out.push({ ...r });
  }
  return out;
}

function icsSource(props: Map<string, ContentLine>, override: Partial<CalendarSource>): Record<string, string> {
  const fromFile = (name: string) => {
    const v = props.get(name);
    return v ? unescapeText(v.value).trim() : undefined;
  };
  const source: Record<string, string> = {};
  const title = override.title ?? fromFile('X-WR-CALNAME');
  const document = override.document ?? fromFile('X-CASELINK-DOCUMENT');
  const published = override.published ?? fromFile('X-CASELINK-PUBLISHED');
  if (title !== undefined) source.title = title;
  if (document !== undefined) source.document = document;
  if (published !== undefined) source.published = published;
  return source;
}

/**
 * Reads a year from an iCalendar file (RFC 5545): each VEVENT with DATE values is a range of days off, or
 * make-up working days when its SUMMARY contains 班 or it carries X-CASELINK-KIND:workday. The notice title
 * comes from `options.notice.title` or else X-WR-CALNAME (document and date from X-CASELINK-DOCUMENT and
 * X-CASELINK-PUBLISHED). With `options.year`, events of other years are ignored and ranges clipped to the
 * year; without it, all events must fall in one year.
 */
export function calendarYearFromIcs(text: string, source: string, options: ImportOptions = {}): CalendarYear {
  const fail = failer(source);
  const lines = unfold(text).map((l) => parseContentLine(l.line, l.text, fail));
  const calendar = readComponents(lines, fail);
  if (calendar.events.length === 0) fail('VEVENT', 'the file has no events');
  const all = calendar.events.map((ev, i) => readEvent(ev, i, fail));
  const y = options.year ?? inferYear(all, fail);
  const events = all.map((e) => clipToYear(e, y)).filter((e): e is DayEvent => e !== null);
  if (events.length === 0) fail('VEVENT', `no event falls in ${y}`);
  const sourceFields = icsSource(calendar.props, options.notice ?? {});
  if (sourceFields.title === undefined) fail('X-WR-CALNAME', 'missing: give the notice title there or on the command line');
  return parseCalendarYear(
    {
      year: y,
      source: sourceFields,
      holidays: mergeSameName(events.filter((e) => e.kind === 'holiday').map(({ name, from, to }) => ({ name, from, to }))),
      workdays: [...new Set(events.filter((e) => e.kind === 'workday').flatMap(datesOf))],
    },
    source,
  );
}

// ----------------------------------------------------------------------------------- iCalendar (write)

function utf8Length(ch: string): number {
  const cp = ch.codePointAt(0)!;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** Folds a content line at 75 octets (RFC 5545 3.1) without splitting a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = utf8Length(ch);
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with one space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

function escapeText(value: string): string {
  return value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
}

function icsDay(date: string): string {
  return date.replaceAll('-', '');
}

function icsEvent(uid: string, stamp: string, from: string, toInclusive: string, summary: string, kind: EventKind): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${icsDay(from)}`,
    `DTEND;VALUE=DATE:${icsDay(isoDate(parseIsoDate(toInclusive)! + 1))}`,
    `SUMMARY:${escapeText(summary)}`,
    `X-CASELINK-KIND:${kind}`,
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ];
}

/** Writes a year as an iCalendar file (RFC 5545) that calendarYearFromIcs reads back unchanged. */
export function calendarYearToIcs(calendar: CalendarYear): string {
  const { year, source } = calendar;
  const stamp = `${icsDay(source.published ?? `${year}-01-01`)}T000000Z`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//CaseLink//Official calendar//ZH',
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${escapeText(source.title)}`,
    ...(source.document ? [`X-CASELINK-DOCUMENT:${escapeText(source.document)}`] : []),
    ...(source.published ? [`X-CASELINK-PUBLISHED:${source.published}`] : []),
    ...calendar.holidays.flatMap((h, i) => icsEvent(`${year}-holiday-${i + 1}@caselink`, stamp, h.from, h.to, h.name, 'holiday')),
    ...calendar.workdays.flatMap((d) => icsEvent(`${year}-workday-${d}@caselink`, stamp, d, d, '调休上班', 'workday')),
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
