/**
 * Properties of the statutory clock over every shipped rule (time-limits.md): random rules, starts in
 * 2025-01-01..2026-10-31, custody flags, and subsets of each rule's extensions with amounts within their bounds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadClock } from '../../rules/load-clock.ts';
import { AppError } from '../../shared/errors.ts';
import { computeDue, computeDueBatch, computeFromState, replayLedger } from './compute.ts';
import type { Duration, Extension, LedgerEvent, TimeLimitRule } from './types.ts';

const clock = loadClock('/nonexistent');
const ids = [...clock.rules.keys()].sort();
const ruleOf = (id: string) => clock.rules.get(id)!;
const RUNS = 1000;
const MS_HOUR = 3_600_000;
const MS_DAY = 86_400_000;

// Days off, independently of the engine: the YAML lists, weekends, make-up working days.
const RULES = fileURLToPath(new URL('../../../rules/', import.meta.url));
const asIso = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * MS_DAY).toISOString().slice(0, 10);
const OFF = new Set<string>();
const WORK = new Set<string>();
for (const file of readdirSync(join(RULES, 'calendars')).filter((f) => f.endsWith('.yaml'))) {
  const y = parse(readFileSync(join(RULES, 'calendars', file), 'utf8')) as { holidays: { from: unknown; to: unknown }[]; workdays: unknown[] };
  for (const h of y.holidays) for (let d = asIso(h.from); d <= asIso(h.to); d = addDays(d, 1)) OFF.add(d);
  for (const w of y.workdays) WORK.add(asIso(w));
}
const isOff = (iso: string) => !WORK.has(iso) && (OFF.has(iso) || [0, 6].includes(new Date(`${iso}T00:00:00Z`).getUTCDay()));
/** The CST calendar date of an engine due moment (…T23:59:59+08:00). */
const dayOfDue = (due: string) => due.slice(0, 10);

/** The plain expiry (no holiday rule): months written out, then days, then paused days; criminal month end to month end. */
function plainExpiry(rule: TimeLimitRule, startIso: string, lengths: Duration[], pausedDays: number): string {
  const months = lengths.reduce((s, d) => s + (d.months ?? 0), 0);
  const days = lengths.reduce((s, d) => s + (d.days ?? 0), 0);
  const [y, m, d] = startIso.split('-').map(Number) as [number, number, number];
  const monthLength = (yy: number, mm: number) => new Date(Date.UTC(yy, mm, 0)).getUTCDate();
  const ty = y + Math.floor((m - 1 + months) / 12);
  const tm = ((m - 1 + months) % 12) + 1;
  const td = rule.family === 'criminal' && d === monthLength(y, m) ? monthLength(ty, tm) : Math.min(d, monthLength(ty, tm));
  return addDays(`${ty}-${String(tm).padStart(2, '0')}-${String(td).padStart(2, '0')}`, days + pausedDays);
}

const isHourRule = (r: TimeLimitRule) => !!r.length.hours;
const isDayForward = (r: TimeLimitRule) => r.direction === 'forward' && !isHourRule(r);

// ---------------------------------------------------------------------------------------------------------
// Arbitraries

const FIRST = Date.UTC(2025, 0, 1);
const LAST_DAY = (Date.UTC(2026, 9, 31) - FIRST) / MS_DAY;
const pad = (n: number) => String(n).padStart(2, '0');
/** A CST moment N days and M minutes after 2025-01-01 00:00, as YYYY-MM-DDTHH:mm. */
const momentAt = (day: number, minute: number) =>
  `${new Date(FIRST + day * MS_DAY).toISOString().slice(0, 10)}T${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
const later = (at: string, ms: number) => new Date(Date.parse(`${at}:00Z`) + ms).toISOString().slice(0, 16);

interface Grant {
  ext: Extension;
  /** undefined: the maximum, as the API grants when no amount is given */
  length?: Duration;
}

/** An amount within the extension's bounds as the ledger may state it: its single unit from minimum (or 1) to maximum. */
function grantArb(ext: Extension): fc.Arbitrary<Grant> {
  const units = (Object.keys(ext.length) as (keyof Duration)[]).filter((k) => ext.length[k]);
  if (units.length !== 1) return fc.constant({ ext });
  const unit = units[0]!;
  const max = ext.length[unit]!;
  const min = ext.minimum?.[unit] ?? 1;
  return fc.option(fc.integer({ min, max }), { nil: undefined }).map((n) => (n === undefined ? { ext } : { ext, length: { [unit]: n } }));
}

const grantsArb = (rule: TimeLimitRule) => fc.subarray(rule.extensions).chain((exts) => fc.tuple(...exts.map(grantArb)));

interface Case {
  rule: TimeLimitRule;
  day: number;
  minute: number;
  custody: boolean;
  grants: Grant[];
}
/** Any day of the range, or (half the time) one of the last four days of a month, where month rules differ. */
const dayArb = fc.oneof(
  fc.integer({ min: 0, max: LAST_DAY }),
  fc.tuple(fc.integer({ min: 0, max: 21 }), fc.integer({ min: 0, max: 3 })).map(([month, back]) => (Date.UTC(2025, month + 1, 0) - FIRST) / MS_DAY - back),
);
const caseArb = (pool: string[] = ids): fc.Arbitrary<Case> =>
  fc.constantFrom(...pool).chain((id) =>
    fc.record({
      rule: fc.constant(ruleOf(id)),
      day: dayArb,
      minute: fc.integer({ min: 0, max: 1439 }),
      custody: fc.boolean(),
      grants: grantsArb(ruleOf(id)),
    }),
  );

const grantEvent = (at: string, g: Grant): LedgerEvent => ({ type: 'extension-granted', at, extension: g.ext.id, ...(g.length ? { length: g.length } : {}) });

/**
 * The engine's answer, or null when the ledger is refused because an "in all" amount does not lengthen the
 * period (a total of 2 days on a 3-day period is no extension, time-limits.md, CPL 91 "延长至三十日").
 */
function due(rule: TimeLimitRule, events: LedgerEvent[]): number | null {
  try {
    return computeDue(rule, events, clock).dueMs;
  } catch (error) {
    if (error instanceof AppError && error.code === 'EXTENSION_OUT_OF_RANGE') return null;
    throw error;
  }
}
function refusedOnlyForShortTotals(rule: TimeLimitRule, grants: Grant[]): boolean {
  return grants.some((g) => {
    if (g.ext.kind !== 'total' || !g.length) return false;
    const unit = Object.keys(g.length)[0] as keyof Duration;
    return (g.length[unit] ?? 0) <= (rule.length[unit] ?? 0);
  });
}

function ledger(c: Case, grants = c.grants): LedgerEvent[] {
  const at = momentAt(c.day, c.minute);
  const grantAt = later(at, isHourRule(c.rule) ? 30 * 60_000 : MS_DAY);
  return [{ type: 'started', at, custody: c.custody }, ...grants.map((g) => grantEvent(grantAt, g))];
}

// ---------------------------------------------------------------------------------------------------------

describe('properties of the clock (fast-check, every shipped rule)', () => {
  it('the hot path (no explanation) and the explaining path give the same answer', () => {
    fc.assert(
      fc.property(caseArb(), fc.integer({ min: 0, max: 12 }), (c, pausedDays) => {
        let events = ledger(c);
        if (pausedDays) {
          const p = later(momentAt(c.day, c.minute), 2 * MS_DAY);
          events = [...events, { type: 'paused', at: p }, { type: 'resumed', at: later(p, pausedDays * MS_DAY) }];
        }
        let state: ReturnType<typeof replayLedger>;
        try {
          state = replayLedger(c.rule, events);
        } catch (error) {
          if (error instanceof AppError && error.code === 'EXTENSION_OUT_OF_RANGE') return;
          throw error;
        }
        expect(computeFromState(c.rule, state, clock, null)).toEqual(computeFromState(c.rule, state, clock, []));
        if (pausedDays === 0) {
          // and the batch API gives the same answer for the same period
          const due = new Float64Array(1);
          const provisional = new Uint8Array(1);
          const batch = { rule: Uint16Array.of(0), startMs: Float64Array.of(state.startMs), custody: Uint8Array.of(state.custody ? 1 : 0), extensions: [state.extensions] };
          computeDueBatch([c.rule], batch, clock, due, provisional);
          const single = computeFromState(c.rule, state, clock, null);
          expect({ due: due[0], provisional: provisional[0] === 1 }).toEqual({ due: single.dueMs, provisional: single.provisional });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('adding an extension never moves the due moment earlier', () => {
    fc.assert(
      fc.property(
        caseArb().filter((c) => c.grants.length > 0),
        fc.nat(),
        (c, pick) => {
          const without = c.grants.filter((_, i) => i !== pick % c.grants.length);
          const before = due(c.rule, ledger(c, without));
          const after = due(c.rule, ledger(c));
          if (after === null || before === null) {
            // refused: only because an "in all" amount would shorten the period
            expect(refusedOnlyForShortTotals(c.rule, c.grants)).toBe(true);
            return;
          }
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a due day is never a day off when not in custody (rules that move past holidays)', () => {
    const pool = ids.filter((id) => isDayForward(ruleOf(id)));
    fc.assert(
      fc.property(caseArb(pool), (c) => {
        const events = ledger({ ...c, custody: false });
        if (due(c.rule, events) === null) return;
        const r = computeDue(c.rule, events, clock).due!;
        expect({ rule: c.rule.id, due: r, off: isOff(dayOfDue(r)) }).toEqual({ rule: c.rule.id, due: r, off: false });
      }),
      { numRuns: RUNS },
    );
  });

  it('custody never extends past the plain expiry, and never ends later than without custody', () => {
    fc.assert(
      fc.property(caseArb(), fc.integer({ min: 0, max: 20 }), (c, pausedDays) => {
        const rule = c.rule;
        const withPause = (custody: boolean): LedgerEvent[] => {
          const events = ledger({ ...c, custody });
          if (!pausedDays || !isDayForward(rule)) return events;
          const p = later(momentAt(c.day, c.minute), 2 * MS_DAY);
          return [...events, { type: 'paused', at: p }, { type: 'resumed', at: later(p, pausedDays * MS_DAY) }];
        };
        const inCustody = due(rule, withPause(true));
        const free = due(rule, withPause(false));
        if (inCustody === null || free === null) return;
        expect(inCustody).toBeLessThanOrEqual(free);
        // working days count the calendar itself (every-rule.test.ts checks them against the oracle)
        if (isDayForward(rule) && rule.holiday === 'next-working-day-unless-custody') {
          // CPL 105: in custody the period ends on its expiry day itself, never later
          const totals = c.grants.filter((g) => g.ext.kind === 'total');
          const base = totals.length ? (totals[0]!.length ?? totals[0]!.ext.length) : rule.length;
          // an "in all" extension takes in the add extensions it names (CPL 91: 30 days in all)
          const absorbed = new Set(totals.flatMap((g) => g.ext.absorbs ?? []));
          const adds = c.grants.filter((g) => g.ext.kind === 'add' && !absorbed.has(g.ext.id)).map((g) => g.length ?? g.ext.length);
          // and the add extensions it takes in never count for less than they gave before it
          const takenIn = c.grants.filter((g) => absorbed.has(g.ext.id)).map((g) => g.length ?? g.ext.length);
          const startDay = momentAt(c.day, c.minute).slice(0, 10);
          const withTotal = plainExpiry(rule, startDay, [base, ...adds], pausedDays);
          const withTakenIn = totals.length ? plainExpiry(rule, startDay, [rule.length, ...takenIn, ...adds], pausedDays) : withTotal;
          const plain = withTakenIn > withTotal ? withTakenIn : withTotal;
          expect({ rule: rule.id, due: dayOfDue(computeDue(rule, withPause(true), clock).due!) }).toEqual({ rule: rule.id, due: plain });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the order in which the same events are entered does not matter (same timestamps)', () => {
    // half the cases: a rule with several month extensions, all granted, from one of a month's last days,
    // where adding them one by one from interim ends would depend on their order
    const several = ids.filter((id) => ruleOf(id).extensions.filter((e) => e.kind === 'add' && e.length.months).length >= 2);
    expect(several.length).toBeGreaterThanOrEqual(3);
    const stress: fc.Arbitrary<Case> = fc.constantFrom(...several).chain((id) =>
      fc.record({
        rule: fc.constant(ruleOf(id)),
        day: dayArb,
        minute: fc.integer({ min: 0, max: 1439 }),
        custody: fc.boolean(),
        grants: fc.tuple(...ruleOf(id).extensions.map(grantArb)),
      }),
    );
    fc.assert(
      fc.property(fc.oneof(caseArb(), stress), fc.boolean(), fc.func(fc.integer()), (c, withPause, key) => {
        const start = momentAt(c.day, c.minute);
        const hours = isHourRule(c.rule);
        const grantAt = later(start, hours ? 20 * 60_000 : MS_DAY);
        const pauseAt = later(start, hours ? 40 * 60_000 : 2 * MS_DAY);
        const events: LedgerEvent[] = [
          { type: 'started', at: start, custody: c.custody },
          ...c.grants.map((g) => grantEvent(grantAt, g)),
          ...(withPause && c.rule.direction === 'forward'
            ? ([
                { type: 'paused', at: pauseAt },
                { type: 'resumed', at: later(pauseAt, hours ? 90 * 60_000 : 5 * MS_DAY) },
              ] as LedgerEvent[])
            : []),
        ];
        const shuffled = events
          .map((e, i) => ({ e, k: key(i) }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.e);
        const reversed = [...events].reverse();
        const a = due(c.rule, events);
        expect(due(c.rule, shuffled)).toBe(a);
        expect(due(c.rule, reversed)).toBe(a);
      }),
      { numRuns: RUNS },
    );
  });

  it('a ledger with a correction equals the ledger written with the corrected event in the first place', () => {
    fc.assert(
      fc.property(caseArb(), fc.nat(), fc.integer({ min: -40, max: 40 }), (c, pick, shiftDays) => {
        const right = ledger(c);
        const i = pick % right.length;
        const original = right[i]!;
        // the wrong event as first entered: another moment, another custody flag, or (for a grant) the maximum
        const wrong: LedgerEvent =
          original.type === 'started'
            ? { type: 'started', at: momentAt(Math.max(0, c.day + shiftDays), c.minute), custody: !c.custody }
            : original.type === 'extension-granted'
              ? { type: 'extension-granted', at: later(original.at, MS_HOUR), extension: original.extension }
              : original;
        const entered = [...right.slice(0, i), wrong, ...right.slice(i + 1)];
        const corrected: LedgerEvent[] = [...entered, { type: 'corrected', at: later(right.at(-1)!.at, MS_DAY), replaces: i, event: original as Exclude<LedgerEvent, { type: 'corrected' }> }];
        expect(due(c.rule, corrected)).toBe(due(c.rule, right));
      }),
      { numRuns: RUNS },
    );
  });

  it('a restart equals a fresh start at the restart moment with the later events', () => {
    fc.assert(
      fc.property(caseArb(), grantsArbForAny(), fc.integer({ min: 3, max: 120 }), fc.boolean(), (c, laterPick, restartDays, pauseAfter) => {
        const rule = c.rule;
        const hours = isHourRule(rule);
        const start = momentAt(c.day, c.minute);
        const restartAt = later(start, hours ? restartDays * 10 * 60_000 : restartDays * MS_DAY + 7 * 60_000);
        const afterGrants = laterPick(rule);
        const step = hours ? 5 * 60_000 : MS_DAY;
        const tail: LedgerEvent[] = [
          ...afterGrants.map((g) => grantEvent(later(restartAt, step), g)),
          ...(pauseAfter && rule.direction === 'forward'
            ? ([
                { type: 'paused', at: later(restartAt, 2 * step) },
                { type: 'resumed', at: later(restartAt, 4 * step) },
              ] as LedgerEvent[])
            : []),
        ];
        const before: LedgerEvent[] = [
          ...ledger(c),
          ...(rule.direction === 'forward'
            ? ([
                { type: 'paused', at: later(start, step + 60_000) },
                { type: 'resumed', at: later(start, 2 * step) },
              ] as LedgerEvent[])
            : []),
        ];
        const restarted = due(rule, [...before, { type: 'restarted', at: restartAt, reason: '重新计算' }, ...tail]);
        const fresh = due(rule, [{ type: 'started', at: restartAt, custody: c.custody }, ...tail]);
        if (restarted === null || fresh === null) {
          expect(refusedOnlyForShortTotals(rule, [...c.grants, ...afterGrants])).toBe(true);
          return;
        }
        expect(restarted).toBe(fresh);
      }),
      { numRuns: RUNS },
    );
  });
});

/** For the restart property: a deterministic subset of whatever rule the case drew, chosen by a bit mask. */
function grantsArbForAny(): fc.Arbitrary<(rule: TimeLimitRule) => Grant[]> {
  return fc.nat({ max: 255 }).map((mask) => (rule: TimeLimitRule) => rule.extensions.filter((_, i) => mask & (1 << i)).map((ext) => ({ ext })));
}
