/**
 * The statutory clock: a period's due moment from its rule, its ledger of events and the official calendar.
 * Pure. Implements time-limits.md "How a period is computed": CPL 105 (start not counted, last day a holiday
 * unless in custody), SPC CPL Interpretation 202 and Civil Code 202 (months), CivPL 85 and Civil Code 201-203.
 */
import { AppError } from '../../shared/errors.ts';
import type { Calendar } from './calendar.ts';
import {
  cstDayOf,
  endOfCstDay,
  isoCst,
  isoDate,
  nextWholeHour,
  parseMoment,
} from './civil-date.ts';
import type { ComputationRules, FamilyComputation } from './computation.ts';
import type { Duration, Extension, LedgerEvent, LegalBasis, TimeLimitRule } from './types.ts';

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

export interface ClockContext {
  calendar: Calendar;
  computation: ComputationRules;
}

export interface GrantedExtension {
  extension: Extension;
  length: Duration;
}

/** The state of a period after its ledger, ready to be computed. */
export interface PeriodState {
  state: 'running' | 'paused' | 'stopped';
  startMs: number;
  custody: boolean;
  extensions: GrantedExtension[];
  /** Time not counted (pauses that ended), in ms; a pause still open is in openPauseMs. */
  pausedMs: number;
  openPauseMs: number | null;
  stoppedMs: number | null;
  restarts: number;
}

export interface DueResult {
  rule: string;
  state: PeriodState['state'];
  start: string;
  /** The due moment, ISO 8601 with +08:00; null while the period is paused (its end is not known). */
  due: string | null;
  dueMs: number | null;
  provisional: boolean;
  custody: boolean;
  basis: LegalBasis[];
  steps: string[];
}

const UNIT_ZH: Record<keyof Duration, string> = { hours: '小时', days: '日', workingDays: '个工作日', months: '个月' };

export function describeDuration(d: Duration): string {
  const parts: string[] = [];
  if (d.months) parts.push(`${d.months}${UNIT_ZH.months}`);
  if (d.days) parts.push(`${d.days}${UNIT_ZH.days}`);
  if (d.workingDays) parts.push(`${d.workingDays}${UNIT_ZH.workingDays}`);
  if (d.hours) parts.push(`${d.hours}${UNIT_ZH.hours}`);
  return parts.join('') || '0日';
}

const isHourly = (d: Duration) => !!d.hours && !d.days && !d.months && !d.workingDays;

/** 《Law》第N条, with a title inside a title in 〈〉 as Chinese typesetting wants it. */
export function cite(basis: LegalBasis[]): string {
  return basis.map((b) => `《${b.law.replaceAll('《', '〈').replaceAll('》', '〉')}》第${b.article}条`).join('、');
}

/** `index` is 0-based as in `replaces`; people count events from 1. */
function ledgerError(index: number, en: string, zh: string): AppError {
  return new AppError('LEDGER_INVALID', { event: index }, { en: `event ${index + 1}: ${en}`, zh: `第${index + 1}个事件：${zh}` });
}

function momentOf(at: string, index: number): number {
  const ms = parseMoment(at);
  if (ms === null) throw new AppError('DATE_INVALID', { event: index, at }, { en: `event ${index + 1}: "${at}" is not a real date and time`, zh: `第${index + 1}个事件：「${at}」不是有效的日期时刻` });
  return ms;
}

/** The length a granted extension adds: the amount asked for, within the statute's bounds, or the maximum. */
export function grantExtension(rule: TimeLimitRule, id: string, asked?: Duration): GrantedExtension {
  const extension = rule.extensions.find((e) => e.id === id);
  if (!extension) {
    const known = rule.extensions.map((e) => e.id).join(', ') || '—';
    throw new AppError('EXTENSION_UNKNOWN', { rule: rule.id, extension: id, known }, {
      en: `${rule.id} has no extension "${id}" (it has: ${known})`,
      zh: `${rule.id} 没有「${id}」这种延长（可用：${known}）`,
    });
  }
  const keys = (Object.keys(extension.length) as (keyof Duration)[]).filter((k) => extension.length[k]);
  const askedKeys = asked ? (Object.keys(asked) as (keyof Duration)[]).filter((k) => asked[k]) : [];
  // asking for exactly the maximum is the same as asking for nothing, also for a length of two units (1.5 months)
  if (!asked || (askedKeys.length === keys.length && keys.every((k) => asked[k] === extension.length[k]))) return { extension, length: extension.length };
  const unit = keys[0];
  // "延长至三十日" ("in all"): an amount that does not exceed the period's own length is no extension
  const ruleKeys = (Object.keys(rule.length) as (keyof Duration)[]).filter((k) => rule.length[k]);
  const floor =
    extension.minimum?.[unit ?? 'days'] ?? (extension.kind === 'total' && unit !== undefined && ruleKeys.length === 1 && ruleKeys[0] === unit ? (rule.length[unit] ?? 0) + 1 : 1);
  const ok =
    keys.length === 1 &&
    unit !== undefined &&
    askedKeys.length === 1 &&
    askedKeys[0] === unit &&
    (asked[unit] ?? 0) <= (extension.length[unit] ?? 0) &&
    (asked[unit] ?? 0) >= floor;
  if (!ok) {
    const bounds = `${unit !== undefined && keys.length === 1 ? describeDuration({ [unit]: floor }) : ''}–${describeDuration(extension.length)}`;
    throw new AppError('EXTENSION_OUT_OF_RANGE', { rule: rule.id, extension: id }, {
      en: `${rule.id} ${id}: the extension must be ${bounds} (asked ${describeDuration(asked)})`,
      zh: `${rule.id} ${id}：延长应在 ${bounds} 之内（申请 ${describeDuration(asked)}）`,
    });
  }
  return { extension, length: asked };
}

/**
 * Replays a ledger: corrections replace the event they name (the original stays in the list), then the
 * events apply in time order. A restart begins the period again and drops extensions and pauses before it.
 */
export function replayLedger(rule: TimeLimitRule, events: readonly LedgerEvent[], custodyOverride?: boolean): PeriodState {
  const effective: (Exclude<LedgerEvent, { type: 'corrected' }> | null)[] = [];
  events.forEach((e, i) => {
    if (e.type !== 'corrected') {
      effective.push(e);
      return;
    }
    momentOf(e.at, i);
    const target = events[e.replaces];
    if (!Number.isInteger(e.replaces) || e.replaces >= i || !target || target.type === 'corrected') {
      throw ledgerError(i, `a correction must name an earlier event that is not itself a correction (${e.replaces})`, `更正须指向此前一个非更正事件（${e.replaces}）`);
    }
    effective[e.replaces] = e.event;
    effective.push(null);
  });
  const ordered = effective
    .map((e, i) => (e ? { e, i, ms: momentOf(e.at, i) } : null))
    .filter((x): x is { e: Exclude<LedgerEvent, { type: 'corrected' }>; i: number; ms: number } => x !== null)
    .sort((a, b) => a.ms - b.ms || a.i - b.i);
  let s: PeriodState | null = null;
  for (const { e, i, ms } of ordered) {
    if (e.type === 'started') {
      if (s) throw ledgerError(i, 'the period has started already; use "restarted"', '期限已起算，重新计算请用「重新起算」');
      s = { state: 'running', startMs: ms, custody: e.custody ?? false, extensions: [], pausedMs: 0, openPauseMs: null, stoppedMs: null, restarts: 0 };
      continue;
    }
    if (!s) throw ledgerError(i, 'the period has not started', '期限尚未起算');
    if (s.state === 'stopped') throw ledgerError(i, 'the period has stopped', '期限已停止');
    switch (e.type) {
      case 'extension-granted':
        s.extensions.push(grantExtension(rule, e.extension, e.length));
        break;
      case 'paused':
        if (s.openPauseMs !== null) throw ledgerError(i, 'already paused', '已经中止计算');
        s.openPauseMs = ms;
        s.state = 'paused';
        break;
      case 'resumed':
        if (s.openPauseMs === null) throw ledgerError(i, 'resumed without a pause', '没有中止却恢复计算');
        s.pausedMs += ms - s.openPauseMs;
        s.openPauseMs = null;
        s.state = 'running';
        break;
      case 'restarted':
        s = { ...s, state: 'running', startMs: ms, extensions: [], pausedMs: 0, openPauseMs: null, restarts: s.restarts + 1 };
        break;
      case 'custody-changed':
        s.custody = e.custody;
        break;
      case 'stopped':
        s.state = 'stopped';
        s.stoppedMs = ms;
        break;
    }
  }
  if (!s) throw ledgerError(0, 'no "started" event', '缺少「起算」事件');
  if (custodyOverride !== undefined) s.custody = custodyOverride;
  return s;
}

interface Trace {
  steps: string[] | null;
  provisional: boolean;
}

/** Adds a day-based length to a day: months first (by the family's month rule), then days, then working days. */
function addDuration(day: number, d: Duration, fam: FamilyComputation, calendar: Calendar, trace: Trace, sign = 1): number {
  let out = day;
  if (d.months) out = calendar.addMonths(out, sign * d.months, fam.lastDayToLastDay);
  if (d.days) out += sign * d.days;
  if (d.workingDays) {
    const w = calendar.addWorkingDays(out, d.workingDays);
    trace.provisional ||= w.provisional;
    out = w.day;
  }
  return out;
}

/**
 * The length a period runs with its granted extensions. "N in all" replaces the rule's length (of several,
 * the longest); the add extensions it takes in never count for less than they already gave ("extended to 5
 * days in all" after "+4 days" stays 7 days); every other add extension adds. All of it runs from the start
 * (SPC CPL Interpretation 202, Civil Code 202: adding from each interim end would make a clamped interim end,
 * 28 February, count as a month's last day, and would depend on the order of grants made together).
 */
export function effectiveLength(rule: TimeLimitRule, extensions: readonly GrantedExtension[]): { base: Duration; total: Duration; totals: GrantedExtension[]; adds: GrantedExtension[] } {
  const totals = extensions.filter((g) => g.extension.kind === 'total');
  const absorbed = new Set(totals.flatMap((g) => g.extension.absorbs ?? []));
  const adds = extensions.filter((g) => g.extension.kind === 'add' && !absorbed.has(g.extension.id));
  const longest = (a: Duration, b: Duration) => (roughDays(b) > roughDays(a) ? b : a);
  const takenIn = extensions.filter((g) => absorbed.has(g.extension.id)).reduce((sum, g) => addLengths(sum, g.length), rule.length);
  const base = totals.length ? totals.map((g) => g.length).reduce(longest, takenIn) : rule.length;
  return { base, total: adds.reduce((sum, g) => addLengths(sum, g.length), base), totals, adds };
}

const scratch = new Float64Array(4);
const lengthInto = (out: Float64Array, d: Duration) => {
  out[0]! += d.months ?? 0;
  out[1]! += d.days ?? 0;
  out[2]! += d.workingDays ?? 0;
  out[3]! += d.hours ?? 0;
};

/** A rule's extension reduced to numbers for the hot path. */
interface CompiledExtension {
  extension: Extension;
  total: boolean;
  /** This extension's bit among the rule's extensions (1 << its index). */
  bit: number;
  /** The bits of the rule's "total" extensions that take this one in (`absorbs`). */
  absorbedBy: number;
  /** Its maximum length as [months, days, workingDays, hours], and roughDays of it. */
  length: Float64Array;
  rough: number;
}

function compileExtensions(rule: TimeLimitRule): CompiledExtension[] {
  return rule.extensions.map((e, i) => {
    const length = new Float64Array(4);
    lengthInto(length, e.length);
    let absorbedBy = 0;
    rule.extensions.forEach((t, k) => {
      if (t.kind === 'total' && t.absorbs?.includes(e.id)) absorbedBy |= 1 << k;
    });
    return { extension: e, total: e.kind === 'total', bit: 1 << i, absorbedBy, length, rough: roughDays(e.length) };
  });
}

const compiledExtensionOf = (c: CompiledRule, g: GrantedExtension): CompiledExtension | undefined => {
  for (const e of c.extensions) if (e.extension === g.extension) return e;
  return undefined;
};
/** A grant of the maximum shares the extension's own length object (grantExtension), so its numbers are compiled. */
const grantRough = (g: GrantedExtension, e: CompiledExtension) => (g.length === e.extension.length ? e.rough : roughDays(g.length));
function grantInto(out: Float64Array, g: GrantedExtension, e: CompiledExtension): void {
  if (g.length !== e.extension.length) {
    lengthInto(out, g.length);
    return;
  }
  out[0]! += e.length[0]!;
  out[1]! += e.length[1]!;
  out[2]! += e.length[2]!;
  out[3]! += e.length[3]!;
}

/**
 * effectiveLength's total as [months, days, workingDays, hours], without allocating: the hot path's copy of
 * the same reading (a property test holds the two paths to one answer). Null when a grant is not one of the
 * rule's extensions (the explaining path then says so).
 */
function effectiveNumbers(c: CompiledRule, extensions: readonly GrantedExtension[]): Float64Array | null {
  scratch[0] = c.months;
  scratch[1] = c.days;
  scratch[2] = c.workingDays;
  scratch[3] = c.hours;
  let totals = 0;
  let best: GrantedExtension | null = null;
  let bestExtension: CompiledExtension | null = null;
  let bestRough = 0;
  for (const g of extensions) {
    const e = compiledExtensionOf(c, g);
    if (!e) return null;
    if (!e.total) continue;
    totals |= e.bit;
    const rough = grantRough(g, e);
    if (!best || rough > bestRough) {
      best = g;
      bestExtension = e;
      bestRough = rough;
    }
  }
  if (best && bestExtension) {
    // the longer of the longest total and the rule's length with the adds it takes in
    let takenIn = c.rough;
    for (const g of extensions) {
      const e = compiledExtensionOf(c, g)!;
      if (!e.total && e.absorbedBy & totals) takenIn += grantRough(g, e);
    }
    if (bestRough > takenIn) {
      scratch.fill(0);
      grantInto(scratch, best, bestExtension);
    } else {
      for (const g of extensions) {
        const e = compiledExtensionOf(c, g)!;
        if (!e.total && e.absorbedBy & totals) grantInto(scratch, g, e);
      }
    }
  }
  for (const g of extensions) {
    const e = compiledExtensionOf(c, g)!;
    if (!e.total && !(e.absorbedBy & totals)) grantInto(scratch, g, e);
  }
  return scratch;
}

/** A rule with its family's computation, reduced to numbers and flags for the hot path. */
interface CompiledRule {
  backward: boolean;
  hourly: boolean;
  months: number;
  days: number;
  workingDays: number;
  hours: number;
  /** 0 never moves, 1 moves to the next working day, 2 moves unless in custody */
  holiday: 0 | 1 | 2;
  lastDayToLastDay: boolean;
  hoursFromNextWholeHour: boolean;
  /** roughDays of the rule's length. */
  rough: number;
  extensions: CompiledExtension[];
  /** The rule's own length can take the hot path (not hours mixed with days, not backward working days). */
  plain: boolean;
  /** The computation rules it was compiled with. */
  computation: ComputationRules;
}

/** Where a rule keeps its compiled form: a symbol, so it never shows in the rule's data or its JSON. */
const COMPILED = Symbol('compiled');
type WithCompiled = TimeLimitRule & { [COMPILED]?: CompiledRule };

function compiled(rule: TimeLimitRule, computation: ComputationRules): CompiledRule {
  let c = (rule as WithCompiled)[COMPILED];
  if (c?.computation !== computation) {
    const fam = computation[rule.family];
    const l = rule.length;
    c = {
      backward: rule.direction === 'backward',
      hourly: isHourly(l),
      months: l.months ?? 0,
      days: l.days ?? 0,
      workingDays: l.workingDays ?? 0,
      hours: l.hours ?? 0,
      holiday: rule.holiday === 'none' ? 0 : rule.holiday === 'next-working-day' ? 1 : 2,
      lastDayToLastDay: fam.lastDayToLastDay,
      hoursFromNextWholeHour: fam.hoursFrom === 'next-whole-hour',
      rough: roughDays(l),
      extensions: compileExtensions(rule),
      plain: !(rule.direction === 'backward' && l.workingDays) && !(l.hours && (l.days || l.months || l.workingDays)),
      computation,
    };
    Object.defineProperty(rule, COMPILED, { value: c, writable: true, enumerable: false, configurable: true });
  }
  return c;
}

/**
 * The hot path: a period without extensions and not paused now, no text. The same arithmetic as the
 * explaining path below (tests compare the two on every rule), on numbers and table look-ups only.
 */
interface PlainResult {
  dueMs: number;
  provisional: boolean;
}

/** Writes the due moment into `out` (reused by batch callers, so nothing is allocated per period). */
function computePlain(
  c: CompiledRule,
  startMs: number,
  custody: boolean,
  pausedMs: number,
  calendar: Calendar,
  months: number,
  days: number,
  workingDays: number,
  hours: number,
  out: PlainResult,
): PlainResult {
  out.provisional = false;
  if (c.hourly) {
    if (c.backward) out.dueMs = startMs - hours * MS_PER_HOUR;
    else out.dueMs = (c.hoursFromNextWholeHour ? nextWholeHour(startMs) : startMs) + hours * MS_PER_HOUR + pausedMs;
    return out;
  }
  let day = cstDayOf(startMs);
  if (c.backward) {
    if (months) day = calendar.addMonths(day, -months, c.lastDayToLastDay);
    out.dueMs = endOfCstDay(day - days);
    return out;
  }
  if (months) day = calendar.addMonths(day, months, c.lastDayToLastDay);
  day += days;
  if (workingDays) {
    const from = day;
    day = calendar.workingDayAfter(from, workingDays);
    out.provisional = calendar.workingSpanIsProvisional(from, day);
  }
  if (pausedMs > 0) day += Math.ceil(pausedMs / MS_PER_DAY);
  if (c.holiday === 1 || (c.holiday === 2 && !custody)) {
    if (calendar.rollIsProvisional(day)) out.provisional = true;
    day = calendar.rollToWorkingDay(day);
  }
  out.dueMs = endOfCstDay(day);
  return out;
}

/** Many periods without extensions at once (full oversight runs, lists, the benchmark). */
export interface DueBatch {
  /** Index into `rules` of each period's rule. */
  rule: Uint16Array | Uint32Array;
  startMs: Float64Array;
  /** 1 when the person is in custody. */
  custody: Uint8Array;
  /** The extensions granted to each period, where any were (absent or empty: none). */
  extensions?: readonly (GrantedExtension[] | undefined)[];
}

/**
 * The due moment of each running, unpaused period of a batch, written into `due` (ms) and `provisional` (1 or
 * 0): the hot path without an object per period. The same arithmetic as computeFromState (tests hold them equal);
 * the rare period it cannot take (hours mixed with days) goes through computeFromState.
 */
export function computeDueBatch(rules: readonly TimeLimitRule[], batch: DueBatch, ctx: ClockContext, due: Float64Array, provisional: Uint8Array): void {
  const compiledRules = rules.map((r) => compiled(r, ctx.computation));
  const out: PlainResult = { dueMs: 0, provisional: false };
  for (let i = 0; i < batch.startMs.length; i++) {
    const c = compiledRules[batch.rule[i]!]!;
    const custody = batch.custody[i] === 1;
    const ext = batch.extensions?.[i];
    if (!ext?.length) {
      if (c.plain) computePlain(c, batch.startMs[i]!, custody, 0, ctx.calendar, c.months, c.days, c.workingDays, c.hours, out);
      else fromState(rules[batch.rule[i]!]!, batch.startMs[i]!, custody, [], ctx, out);
    } else if (!computeExtended(c, ext, batch.startMs[i]!, custody, 0, ctx.calendar, out)) {
      fromState(rules[batch.rule[i]!]!, batch.startMs[i]!, custody, ext, ctx, out);
    }
    due[i] = out.dueMs;
    provisional[i] = out.provisional ? 1 : 0;
  }
}

/** A running period through computeFromState, its answer written into `out`: the batch's rare way. */
function fromState(rule: TimeLimitRule, startMs: number, custody: boolean, extensions: GrantedExtension[], ctx: ClockContext, out: PlainResult): void {
  const state: PeriodState = { state: 'running', startMs, custody, extensions, pausedMs: 0, openPauseMs: null, stoppedMs: null, restarts: 0 };
  const r = computeFromState(rule, state, ctx, null);
  out.dueMs = r.dueMs!;
  out.provisional = r.provisional;
}

/**
 * A period with extensions on the hot path: their effective length (effectiveNumbers) computed as a plain
 * period when the rule and the result allow it (not hours mixed with days). False when it cannot: the caller
 * takes the explaining path.
 */
function computeExtended(
  c: CompiledRule,
  extensions: readonly GrantedExtension[],
  startMs: number,
  custody: boolean,
  pausedMs: number,
  calendar: Calendar,
  out: PlainResult,
): boolean {
  if (!c.plain) return false;
  const n = effectiveNumbers(c, extensions);
  if (!n) return false;
  const months = n[0]!;
  const days = n[1]!;
  const workingDays = n[2]!;
  const hours = n[3]!;
  if (c.hourly !== (hours > 0 && !months && !days && !workingDays) || (hours && (months || days || workingDays))) return false;
  computePlain(c, startMs, custody, pausedMs, calendar, months, days, workingDays, hours, out);
  return true;
}

/**
 * The due moment of a period in a given state. With `steps` null no text is built: the fast path for
 * computing many periods (lists, warnings, the benchmark).
 */
export function computeFromState(rule: TimeLimitRule, s: PeriodState, ctx: ClockContext, steps: string[] | null): { dueMs: number | null; provisional: boolean } {
  if (steps === null && s.openPauseMs === null) {
    const c = compiled(rule, ctx.computation);
    const out: PlainResult = { dueMs: 0, provisional: false };
    if (s.extensions.length === 0) {
      if (c.plain) return computePlain(c, s.startMs, s.custody, s.pausedMs, ctx.calendar, c.months, c.days, c.workingDays, c.hours, out);
    } else if (computeExtended(c, s.extensions, s.startMs, s.custody, s.pausedMs, ctx.calendar, out)) return out;
  }
  const fam = ctx.computation[rule.family];
  const trace: Trace = { steps, provisional: false };
  const { base, total, totals, adds } = effectiveLength(rule, s.extensions);
  if (steps && totals.length) steps.push(`延长后期限共计${describeDuration(base)}（${totals.map((g) => `${g.extension.name.zh}，${g.extension.approver}`).join('；')}）。`);
  if (s.openPauseMs !== null) {
    steps?.push(`自${isoCst(s.openPauseMs)}起中止计算，恢复计算前届满时刻不能确定。`);
    return { dueMs: null, provisional: false };
  }

  if (rule.direction === 'backward') {
    const eventDay = cstDayOf(s.startMs);
    if (isHourly(base)) {
      const dueMs = s.startMs - (base.hours ?? 0) * MS_PER_HOUR;
      steps?.push(`应在${isoCst(s.startMs)}之前至少${describeDuration(base)}，最迟为${isoCst(dueMs)}。`);
      return { dueMs, provisional: false };
    }
    const day = addDuration(eventDay, base, fam, ctx.calendar, trace, -1);
    steps?.push(`应在${isoDate(eventDay)}之前至少${describeDuration(base)}：最迟为${isoDate(day)}；向前计算的期限不因节假日顺延。`);
    return { dueMs: endOfCstDay(day), provisional: trace.provisional };
  }

  if (isHourly(base) && adds.every((g) => isHourly(g.length))) {
    const from = fam.hoursFrom === 'next-whole-hour' ? nextWholeHour(s.startMs) : s.startMs;
    if (steps) {
      steps.push(
        fam.hoursFrom === 'next-whole-hour'
          ? `${isoCst(s.startMs)}发生「${rule.startsOn.zh}」；依${cite(fam.basis.start)}，开始的时不计入，自${isoCst(from)}起算。`
          : `自${isoCst(s.startMs)}「${rule.startsOn.zh}」时起算（${cite(fam.basis.start)}）。`,
      );
      steps.push(`期限${describeDuration(base)}（${cite(rule.basis)}）。`);
    }
    let dueMs = from + (base.hours ?? 0) * MS_PER_HOUR;
    for (const g of adds) {
      dueMs += (g.length.hours ?? 0) * MS_PER_HOUR;
      steps?.push(`延长${describeDuration(g.length)}（${g.extension.name.zh}，${g.extension.approver}）。`);
    }
    if (s.pausedMs > 0) {
      dueMs += s.pausedMs;
      steps?.push(`中止计算的${Math.round(s.pausedMs / 60_000)}分钟不计入期限。`);
    }
    steps?.push(`届满时刻：${isoCst(dueMs)}。`);
    return { dueMs, provisional: false };
  }
  if (isHourly(base) || adds.some((g) => isHourly(g.length))) {
    throw new AppError('LEDGER_INVALID', { rule: rule.id }, { en: `${rule.id}: hours cannot be mixed with days or months`, zh: `${rule.id}：小时不能与日、月混合计算` });
  }

  const startDay = cstDayOf(s.startMs);
  steps?.push(`${isoCst(s.startMs)}发生「${rule.startsOn.zh}」；依${cite(fam.basis.start)}，开始之日不计入，自次日起算。`);
  let day = addDuration(startDay, base, fam, ctx.calendar, trace);
  if (steps) {
    const monthNote = base.months ? `；按月计算依${cite(fam.basis.months)}` : '';
    steps.push(`期限${describeDuration(base)}（${cite(rule.basis)}${monthNote}），至${isoDate(day)}。`);
  }
  if (adds.length) {
    // the extensions lengthen the one period, which still runs from its start (see effectiveLength)
    for (const g of adds) steps?.push(`延长${describeDuration(g.length)}（${g.extension.name.zh}，${g.extension.approver}，${cite(g.extension.basis)}）。`);
    day = addDuration(startDay, total, fam, ctx.calendar, trace);
    steps?.push(`延长后期限共计${describeDuration(total)}，自起算日计算至${isoDate(day)}。`);
  }
  if (s.pausedMs > 0) {
    const pausedDays = Math.ceil(s.pausedMs / MS_PER_DAY);
    day += pausedDays;
    steps?.push(`中止计算的${pausedDays}日不计入期限，至${isoDate(day)}。`);
  }
  const rolls = rule.holiday === 'next-working-day' || (rule.holiday === 'next-working-day-unless-custody' && !s.custody);
  if (rolls) {
    const check = ctx.calendar.isWorkingDay(day);
    trace.provisional ||= check.provisional;
    if (!check.working) {
      const next = ctx.calendar.nextWorkingDayOnOrAfter(day);
      trace.provisional ||= next.provisional;
      steps?.push(`期限最后一日${isoDate(day)}为节假日，依${cite(fam.basis.holiday)}，以节假日后的第一日${isoDate(next.day)}为期满日期。`);
      day = next.day;
    }
  } else if (steps && rule.holiday === 'next-working-day-unless-custody' && !ctx.calendar.isWorkingDay(day).working) {
    // the answer does not depend on the calendar here, so it is not provisional whatever year it falls in
    steps.push(`期限最后一日${isoDate(day)}为节假日，但当事人在押，依${cite(fam.basis.holiday)}，至期满之日为止，不因节假日延长。`);
  }
  const dueMs = endOfCstDay(day);
  if (steps) {
    steps.push(`届满时刻：${isoDate(day)} 24:00（北京时间，记为${isoCst(dueMs)}）。`);
    if (trace.provisional) steps.push('注意：计算涉及尚未载入国务院节假日安排的年份，结果为暂定，须在该年安排公布后复核。');
  }
  return { dueMs, provisional: trace.provisional };
}

function addLengths(a: Duration, b: Duration): Duration {
  const out: Duration = {};
  for (const k of ['months', 'days', 'workingDays', 'hours'] as const) if (a[k] || b[k]) out[k] = (a[k] ?? 0) + (b[k] ?? 0);
  return out;
}

/** Rough length in days, only to choose the longest of several "in all" extensions. */
function roughDays(d: Duration): number {
  return (d.months ?? 0) * 31 + (d.days ?? 0) + (d.workingDays ?? 0) * 1.4 + (d.hours ?? 0) / 24;
}

function basisOf(rule: TimeLimitRule, s: PeriodState, fam: FamilyComputation): LegalBasis[] {
  const all = [...rule.basis, ...fam.basis.start];
  if (rule.length.months || s.extensions.some((g) => g.length.months)) all.push(...fam.basis.months);
  if (rule.holiday !== 'none') all.push(...fam.basis.holiday);
  for (const g of s.extensions) all.push(...g.extension.basis);
  const seen = new Set<string>();
  return all.filter((b) => {
    const key = `${b.law}\u0000${b.article}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The full answer for one period: due moment, provisional flag, the articles applied and the steps in Chinese. */
export function computeDue(rule: TimeLimitRule, events: readonly LedgerEvent[], ctx: ClockContext, opts: { custody?: boolean } = {}): DueResult {
  const s = replayLedger(rule, events, opts.custody);
  const steps: string[] = [];
  if (s.restarts > 0) steps.push(`期限已重新起算${s.restarts}次，以最后一次重新起算为准。`);
  const { dueMs, provisional } = computeFromState(rule, s, ctx, steps);
  if (s.state === 'stopped' && s.stoppedMs !== null) steps.push(`期限已于${isoCst(s.stoppedMs)}停止（办结或转入下一阶段）。`);
  return {
    rule: rule.id,
    state: s.state,
    start: isoCst(s.startMs),
    due: dueMs === null ? null : isoCst(dueMs),
    dueMs,
    provisional,
    custody: s.custody,
    basis: basisOf(rule, s, ctx.computation[rule.family]),
    steps,
  };
}
