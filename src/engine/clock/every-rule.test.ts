/**
 * Every shipped rule against an oracle (time-limits.md, "How a period is computed").
 *
 * The oracle is the code a careful clerk would write: walk the calendar day by day over the YAML holiday lists
 * (a Set of days off, a Set of make-up working days, Saturdays and Sundays), with month arithmetic written out
 * month by month. It uses plain `Date` in UTC on date-only values and nothing of the engine's date or calendar
 * code, so a shared mistake is unlikely.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadClock } from '../../rules/load-clock.ts';
import { computeDue, computeFromState, replayLedger } from './compute.ts';
import type { Duration, Extension, LedgerEvent, TimeLimitRule } from './types.ts';

// ---------------------------------------------------------------------------------------------------------
// The oracle

const RULES = fileURLToPath(new URL('../../../rules/', import.meta.url));
const MS_HOUR = 3_600_000;
const MS_DAY = 86_400_000;

const asIso = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
const isoOf = (d: Date) => d.toISOString().slice(0, 10);
function addDays(iso: string, n: number): string {
  const d = dateOf(iso);
  d.setUTCDate(d.getUTCDate() + n);
  return isoOf(d);
}
const pad = (n: number) => String(n).padStart(2, '0');
/** Days in month m (1-12) of year y: day 0 of the next month is this month's last day. */
const monthLength = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

const OFF = new Set<string>();
const WORK = new Set<string>();
const LOADED = new Set<number>();
for (const file of readdirSync(join(RULES, 'calendars')).filter((f) => f.endsWith('.yaml'))) {
  const y = parse(readFileSync(join(RULES, 'calendars', file), 'utf8')) as { year: number; holidays: { from: unknown; to: unknown }[]; workdays: unknown[] };
  LOADED.add(y.year);
  for (const h of y.holidays) for (let d = asIso(h.from); d <= asIso(h.to); d = addDays(d, 1)) OFF.add(d);
  for (const w of y.workdays) WORK.add(asIso(w));
}
const isWeekend = (iso: string) => [0, 6].includes(dateOf(iso).getUTCDay());
const isOff = (iso: string) => !WORK.has(iso) && (OFF.has(iso) || isWeekend(iso));
const isLoaded = (iso: string) => LOADED.has(Number(iso.slice(0, 4)));

/** Per family, as time-limits.md and the statutes say (checked against rules/clock.yaml below). */
const LAST_DAY_TO_LAST_DAY: Record<TimeLimitRule['family'], boolean> = {
  criminal: true, // SPC CPL Interpretation 202
  'public-security': false, // Civil Code 202
  civil: false,
  administrative: false,
  mediation: false,
  petition: false,
};
const HOURS_FROM_EVENT: Record<TimeLimitRule['family'], boolean> = {
  criminal: false, // CPL 105: the starting hour is not counted
  'public-security': true, // Civil Code 201 para. 2
  civil: false, // CivPL 85
  administrative: false,
  mediation: false,
  petition: true,
};

/** Month arithmetic written out: step month by month, then pick the day. */
function addMonths(iso: string, n: number, lastToLast: boolean): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  let ty = y;
  let tm = m;
  for (let i = 0; i < Math.abs(n); i++) {
    tm += Math.sign(n);
    if (tm === 13) [ty, tm] = [ty + 1, 1];
    if (tm === 0) [ty, tm] = [ty - 1, 12];
  }
  const last = monthLength(ty, tm);
  const day = lastToLast && d === monthLength(y, m) ? last : Math.min(d, last);
  return `${ty}-${pad(tm)}-${pad(day)}`;
}

interface Grant {
  ext: Extension;
  length: Duration;
}
interface OracleInput {
  rule: TimeLimitRule;
  /** YYYY-MM-DDTHH:mm, China Standard Time */
  at: string;
  custody: boolean;
  grants?: Grant[];
  pausedMs?: number;
}
interface OracleAnswer {
  due: string;
  /** The last day before any holiday rule (day periods), or the due moment (hour periods). */
  plain: string;
  provisional: boolean;
}

function oracle({ rule, at, custody, grants = [], pausedMs = 0 }: OracleInput): OracleAnswer {
  const totals = grants.filter((g) => g.ext.kind === 'total');
  if (totals.length > 1) throw new Error('no shipped rule has two "in all" extensions');
  const base = totals[0]?.length ?? rule.length;
  const all = [base, ...grants.filter((g) => g.ext.kind === 'add').map((g) => g.length)];
  const sum = (k: keyof Duration) => all.reduce((s, d) => s + (d[k] ?? 0), 0);
  const startDate = at.slice(0, 10);

  if (sum('hours')) {
    // wall-clock CST handled as if it were UTC: no zone arithmetic needed
    const t = new Date(`${at}:00Z`).getTime();
    const from = HOURS_FROM_EVENT[rule.family] ? t : Math.floor(t / MS_HOUR) * MS_HOUR + MS_HOUR;
    const due = `${new Date(from + sum('hours') * MS_HOUR + pausedMs).toISOString().slice(0, 19)}+08:00`;
    return { due, plain: due, provisional: false };
  }
  const lastToLast = LAST_DAY_TO_LAST_DAY[rule.family];
  if (rule.direction === 'backward') {
    const day = addDays(addMonths(startDate, -sum('months'), lastToLast), -sum('days'));
    return { due: `${day}T23:59:59+08:00`, plain: day, provisional: false };
  }
  let provisional = false;
  let day = addDays(addMonths(startDate, sum('months'), lastToLast), sum('days'));
  for (let left = sum('workingDays'); left > 0; ) {
    day = addDays(day, 1);
    if (!isLoaded(day)) provisional = true;
    if (!isOff(day)) left--;
  }
  day = addDays(day, Math.ceil(pausedMs / MS_DAY));
  const plain = day;
  const moves = rule.holiday === 'next-working-day' || (rule.holiday === 'next-working-day-unless-custody' && !custody);
  if (moves) {
    if (!isLoaded(day)) provisional = true;
    while (isOff(day)) {
      day = addDays(day, 1);
      if (!isLoaded(day)) provisional = true;
    }
  }
  return { due: `${day}T23:59:59+08:00`, plain, provisional };
}

// ---------------------------------------------------------------------------------------------------------
// The engine, as the API calls it

const clock = loadClock('/nonexistent');
const ids = [...clock.rules.keys()].sort();

function engine(input: OracleInput, extra: LedgerEvent[] = []) {
  const events: LedgerEvent[] = [
    { type: 'started', at: input.at, custody: input.custody },
    ...(input.grants ?? []).map((g): LedgerEvent => ({ type: 'extension-granted', at: input.at, extension: g.ext.id, length: g.length })),
    ...extra,
  ];
  return computeDue(input.rule, events, clock);
}

/** Both custody flags: the engine agrees with the oracle on the due moment and on provisionality. */
function expectAsOracle(input: Omit<OracleInput, 'custody'>, extra: LedgerEvent[] = []): { custody: OracleAnswer; free: OracleAnswer } {
  const out = { custody: oracle({ ...input, custody: true }), free: oracle({ ...input, custody: false }) };
  for (const custody of [true, false]) {
    const got = engine({ ...input, custody }, extra);
    const want = custody ? out.custody : out.free;
    expect({ custody, due: got.due, provisional: got.provisional }).toEqual({ custody, due: want.due, provisional: want.provisional });
  }
  return out;
}

const kindOf = (rule: TimeLimitRule) =>
  rule.direction === 'backward' ? 'backward' : rule.length.hours ? 'hours' : rule.length.workingDays ? 'working-days' : 'days';
const isMonthRule = (rule: TimeLimitRule) => !!rule.length.months || rule.extensions.some((e) => e.length.months);

/** Every date of 2025 and 2026, and the first start (at hh:30) for which `accept` holds. */
const DATES: string[] = [];
for (let d = '2025-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) DATES.push(d);
function findStart(accept: (at: string) => boolean, dates = DATES): string {
  for (const d of dates) {
    const at = `${d}T10:30`;
    if (accept(at)) return at;
  }
  throw new Error('no start found');
}
const in2025or2026 = (iso: string) => iso >= '2025-01-01' && iso <= '2026-12-31';
const plainOf = (rule: TimeLimitRule, at: string, grants: Grant[] = []) => oracle({ rule, at, custody: true, grants }).plain;
const unit = (d: Duration) => (Object.keys(d) as (keyof Duration)[]).filter((k) => d[k]);
const shortDuration = (d: Duration) => unit(d).map((k) => `${d[k]}${k}`).join('+');

// ---------------------------------------------------------------------------------------------------------

describe('the oracle reads the same computation rules as the engine', () => {
  it('rules/clock.yaml says per family what the oracle assumes (time-limits.md, steps 1 and 2)', () => {
    const yaml = parse(readFileSync(join(RULES, 'clock.yaml'), 'utf8')) as { families: Record<string, { hoursFrom: string; lastDayToLastDay: boolean }> };
    for (const family of Object.keys(LAST_DAY_TO_LAST_DAY) as TimeLimitRule['family'][]) {
      expect({ family, lastDayToLastDay: yaml.families[family]?.lastDayToLastDay }).toEqual({ family, lastDayToLastDay: LAST_DAY_TO_LAST_DAY[family] });
      expect({ family, hoursFrom: yaml.families[family]?.hoursFrom }).toEqual({ family, hoursFrom: HOURS_FROM_EVENT[family] ? 'event-time' : 'next-whole-hour' });
    }
  });

  it('the oracle calendar has the spec table of 2025 and 2026 (time-limits.md)', () => {
    expect(LOADED).toEqual(new Set([2020, 2021, 2022, 2023, 2024, 2025, 2026]));
    for (const d of ['2025-01-28', '2025-02-04', '2025-10-08', '2026-02-15', '2026-02-23', '2026-06-19', '2026-09-25', '2026-10-07']) expect(isOff(d)).toBe(true);
    for (const d of ['2025-01-26', '2025-02-08', '2025-10-11', '2026-01-04', '2026-02-14', '2026-02-28', '2026-10-10']) expect({ d, off: isOff(d) }).toEqual({ d, off: false });
    expect(isOff('2027-01-01')).toBe(false); // not loaded: a Friday, judged by the weekend alone
  });

  it('58 rules, all ids of time-limits.md', () => {
    expect(ids).toHaveLength(58);
  });
});

describe.each(ids)('%s', (id) => {
  const rule = clock.rules.get(id)!;
  const kind = kindOf(rule);

  if (kind === 'hours') {
    it('an hour period ending on a day off does not move; the starting hour is not counted, or is, per family', () => {
      // 2026-10-01 09:30, National Day: the end falls within the holiday either way
      const at = '2026-10-01T09:30';
      const { custody, free } = expectAsOracle({ rule, at });
      expect(custody.due).toBe(free.due);
      const hours = rule.length.hours!;
      const fromMinute = HOURS_FROM_EVENT[rule.family] ? 30 : 60;
      expect(new Date(`${custody.due.slice(0, 19)}Z`).getTime() - new Date(`${at}:00Z`).getTime()).toBe((hours * 60 + fromMinute - 30) * 60_000);
      expect(isOff(custody.due.slice(0, 10))).toBe(true);
    });
  }

  if (kind === 'backward') {
    it('the latest day of a backward period is never moved for a holiday or weekend (time-limits.md step 8)', () => {
      const at = findStart((a) => OFF.has(plainOf(rule, a)) && !isWeekend(plainOf(rule, a)));
      const { custody, free } = expectAsOracle({ rule, at });
      expect(custody.due).toBe(free.due);
      expect(custody.due.slice(0, 10)).toBe(addDays(at.slice(0, 10), -rule.length.days!));
      expect(isOff(custody.due.slice(0, 10))).toBe(true);
      const weekend = findStart((a) => isWeekend(plainOf(rule, a)) && !OFF.has(plainOf(rule, a)) && !WORK.has(plainOf(rule, a)));
      expectAsOracle({ rule, at: weekend });
    });
  }

  if (kind === 'working-days') {
    it('working days skip a long holiday and count a make-up working day', () => {
      // a start just before each long holiday of 2025 and 2026
      for (const at of ['2025-01-27T10:30', '2025-09-30T10:30', '2026-02-13T10:30', '2026-09-30T10:30']) {
        const { custody, free } = expectAsOracle({ rule, at });
        expect(custody.due).toBe(free.due);
        expect(isOff(custody.due.slice(0, 10))).toBe(false);
      }
      // 2026-09-30 + 5 working days: 10-08, 10-09, Saturday 10-10 (make-up), 10-12, 10-13
      if (rule.length.workingDays === 5) expect(engine({ rule, at: '2026-09-30T10:30', custody: false }).due).toBe('2026-10-13T23:59:59+08:00');
    });
  }

  if (kind === 'days') {
    it('a last day on an official holiday in 2025/2026, in custody and not', () => {
      const at = findStart((a) => {
        const p = plainOf(rule, a);
        return in2025or2026(p) && OFF.has(p) && !isWeekend(p);
      });
      const { custody, free } = expectAsOracle({ rule, at });
      expect(isOff(custody.plain)).toBe(true);
      expect(isOff(free.due.slice(0, 10))).toBe(false);
      if (rule.holiday === 'next-working-day-unless-custody') {
        // CPL 105: the two differ; in custody the period ends on the holiday itself
        expect(custody.due).toBe(`${custody.plain}T23:59:59+08:00`);
        expect(free.due > custody.due).toBe(true);
      } else {
        // Civil Code 203, CivPL 85: custody makes no difference
        expect(rule.holiday).toBe('next-working-day');
        expect(custody.due).toBe(free.due);
      }
    });

    it('a last day on an ordinary weekend in 2025/2026, in custody and not', () => {
      const at = findStart((a) => {
        const p = plainOf(rule, a);
        return in2025or2026(p) && isWeekend(p) && !OFF.has(p) && !WORK.has(p);
      });
      const { custody, free } = expectAsOracle({ rule, at });
      expect(isOff(free.due.slice(0, 10))).toBe(false);
      expect(free.due > `${free.plain}T23:59:59+08:00`).toBe(true);
      expect(custody.due.slice(0, 10)).toBe(rule.holiday === 'next-working-day' ? free.due.slice(0, 10) : custody.plain);
    });

    it('a last day on a make-up working day (a weekend day) does not move', () => {
      const at = findStart((a) => WORK.has(plainOf(rule, a)));
      const { custody, free } = expectAsOracle({ rule, at });
      expect(isWeekend(custody.plain)).toBe(true);
      expect(custody.due).toBe(`${custody.plain}T23:59:59+08:00`);
      expect(free.due).toBe(custody.due);
    });

    it('every start of 2025 and 2026 agrees with the oracle (custody on odd days, not on even days)', () => {
      // the fast path that lists and warnings use; computeDue shares it and is checked case by case above
      const wrong: string[] = [];
      DATES.forEach((d, i) => {
        const input = { rule, at: `${d}T23:30`, custody: i % 2 === 1 };
        const got = computeFromState(rule, replayLedger(rule, [{ type: 'started', at: input.at, custody: input.custody }]), clock, null);
        const want = oracle(input);
        const gotDue = got.dueMs === null ? null : `${new Date(got.dueMs + 8 * MS_HOUR).toISOString().slice(0, 19)}+08:00`;
        if (gotDue !== want.due || got.provisional !== want.provisional) wrong.push(`${input.at} custody=${input.custody}: ${gotDue} ${got.provisional}, oracle ${want.due} ${want.provisional}`);
      });
      expect(wrong.slice(0, 5)).toEqual([]);
    });
  }

  if (isMonthRule(rule) && rule.length.months) {
    it.each(['2026-01-31', '2026-04-30', '2026-02-28', '2025-08-31', '2025-02-28', '2025-12-31'])('a start on the month end %s follows the family month rule', (date) => {
      const at = `${date}T10:30`;
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      expect(d).toBe(monthLength(y, m));
      const { custody, free } = expectAsOracle({ rule, at });
      const [ty, tm, td] = custody.plain.split('-').map(Number) as [number, number, number];
      expect((ty - y) * 12 + tm - m).toBe(rule.length.months);
      if (rule.family === 'criminal') {
        // SPC Interpretation 202: 期限起算日为本月最后一日的，至下月最后一日为一个月
        expect(td).toBe(monthLength(ty, tm));
      } else {
        // Civil Code 202: 到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日
        expect(td).toBe(Math.min(d, monthLength(ty, tm)));
      }
      if (rule.holiday !== 'next-working-day-unless-custody') expect(custody.due).toBe(free.due);
    });
  }

  for (const ext of rule.extensions) {
    const amounts: Duration[] = [ext.length];
    if (ext.minimum) amounts.push(ext.minimum);
    it.each(amounts.map((a) => [shortDuration(a), a] as const))(`extension ${ext.id} (${ext.kind}) of %s, ending on a day off`, (_label, length) => {
      const grants = [{ ext, length }];
      const offDay = (a: string) => {
        const p = plainOf(rule, a, grants);
        return kind === 'hours' ? isOff(p.slice(0, 10)) : in2025or2026(p) && isOff(p);
      };
      const at = findStart(offDay);
      const { custody, free } = expectAsOracle({ rule, at, grants });
      // the extension lengthens the period: later than without it
      expect(custody.due > oracle({ rule, at, custody: true }).due).toBe(true);
      if (kind === 'days' && rule.holiday !== 'none') expect(isOff(free.due.slice(0, 10))).toBe(false);
    });
  }

  if (isMonthRule(rule) && rule.length.months) {
    // month-end starts with each extension: the extended period is counted from the start, months and days
    // summed (so 29 December + 2 months + 1 month is 29 March, not the last day of March)
    const monthEnds = ['2025-12-29', '2025-12-30', '2025-12-31', '2025-07-31', '2026-01-31'];
    for (const ext of rule.extensions) {
      it.each(monthEnds)(`extension ${ext.id} at its maximum from %s`, (date) => {
        expectAsOracle({ rule, at: `${date}T10:30`, grants: [{ ext, length: ext.length }] });
      });
    }
  }

  it('a period reaching into 2027, whose notice is not loaded, is provisional where it consults the calendar', () => {
    const at =
      kind === 'backward' || kind === 'hours'
        ? '2027-03-06T09:30'
        : findStart((a) => plainOf(rule, a) >= '2027-01-01' && (kind === 'working-days' || isWeekend(plainOf(rule, a))), DATES.slice(365));
    const { custody, free } = expectAsOracle({ rule, at });
    const consults = kind === 'working-days' || (kind === 'days' && rule.holiday !== 'none');
    expect(free.provisional).toBe(consults);
    if (consults) expect(engine({ rule, at, custody: false }).steps.at(-1)).toContain('暂定');
    // in custody the CPL 105 exception means no holiday is consulted for the last day
    if (rule.holiday === 'next-working-day-unless-custody') expect(custody.provisional).toBe(false);
  });

  it('pauses, restarts and corrections', () => {
    const at = '2026-03-02T10:30';
    const dayLike = kind !== 'hours';
    const maxGrants = rule.extensions.filter((e) => e.kind === 'add').map((ext) => ({ ext, length: ext.length }));
    if (kind !== 'backward') {
      // time paused (CPL 149, 206; PSAPL 99: appraisal) is not counted: whole days, or minutes for hour periods
      const [p, r] = dayLike ? ['2026-03-03T10:30', '2026-03-06T10:30'] : ['2026-03-02T11:15', '2026-03-02T13:15'];
      const pausedMs = dayLike ? 3 * MS_DAY : 2 * MS_HOUR;
      const pauses: LedgerEvent[] = [
        { type: 'paused', at: p, reason: '鉴定' },
        { type: 'resumed', at: r },
      ];
      expectAsOracle({ rule, at, grants: maxGrants, pausedMs }, pauses);
      const open = engine({ rule, at, custody: true }, [pauses[0]!]);
      expect(open).toMatchObject({ state: 'paused', due: null, dueMs: null });
    }
    // a restart (CPL 160, 175, 205, 208) equals a fresh start at the restart, dropping earlier extensions
    const restartAt = '2026-04-28T16:10';
    for (const custody of [true, false]) {
      const got = engine({ rule, at, custody, grants: maxGrants }, [{ type: 'restarted', at: restartAt, reason: '重新计算' }]);
      expect(got.due).toBe(oracle({ rule, at: restartAt, custody }).due);
      expect(got.steps[0]).toContain('重新起算');
    }
    // a correction of the start (a wrong date entered) equals the ledger written right in the first place
    const wrongThenRight: LedgerEvent[] = [
      { type: 'started', at: '2026-09-12T08:00', custody: false },
      { type: 'corrected', at: '2026-09-13T08:00', replaces: 0, event: { type: 'started', at: '2026-09-28T20:45', custody: false } },
    ];
    expect(computeDue(rule, wrongThenRight, clock).due).toBe(oracle({ rule, at: '2026-09-28T20:45', custody: false }).due);
    // a correction of an extension's amount
    const ranged = rule.extensions.find((e) => e.minimum);
    if (ranged) {
      const events: LedgerEvent[] = [
        { type: 'started', at, custody: false },
        { type: 'extension-granted', at: '2026-03-03T09:00', extension: ranged.id, length: ranged.length },
        { type: 'corrected', at: '2026-03-04T09:00', replaces: 1, event: { type: 'extension-granted', at: '2026-03-03T09:00', extension: ranged.id, length: ranged.minimum } },
      ];
      expect(computeDue(rule, events, clock).due).toBe(oracle({ rule, at, custody: false, grants: [{ ext: ranged, length: ranged.minimum! }] }).due);
    }
  });
});
