/**
 * Validation of the statutory time-limit rules (rules/time-limits/*.yaml). Pure: no I/O. A bad entry is
 * refused with the file, the rule (index and id) and the field, so a reviewer can find it without a debugger.
 */
import { type Fail, basisList, bilingual, isRecord, oneOf, record, text } from '../rules-data.ts';
import type { Duration, Extension, HolidayPolicy, TimeLimitRule } from './types.ts';

const FAMILIES = ['criminal', 'public-security', 'civil', 'administrative', 'mediation', 'petition'] as const;
const DIRECTIONS = ['forward', 'backward'] as const;
const HOLIDAY_POLICIES = ['next-working-day', 'next-working-day-unless-custody', 'none'] as const;
const EXTENSION_KINDS = ['add', 'total'] as const;
const DURATION_UNITS = ['hours', 'days', 'workingDays', 'months'] as const;

const RULE_ID = /^[a-z]+(\.[a-z0-9-]+)+$/;
const EXTENSION_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const EVENT = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const RULE_FIELDS = [
  'id',
  'family',
  'name',
  'startsOn',
  'direction',
  'length',
  'holiday',
  'extensions',
  'basis',
  'note',
] as const;
const EXTENSION_FIELDS = ['id', 'name', 'kind', 'length', 'minimum', 'absorbs', 'approver', 'basis'] as const;

function duration(value: unknown, path: string, fail: Fail): Duration {
  const r = record(value, path, DURATION_UNITS, fail);
  const out: Duration = {};
  for (const unit of DURATION_UNITS) {
    const n = r[unit];
    if (n === undefined) continue;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) fail(`${path}.${unit}`, 'must be a whole number >= 0');
    out[unit] = n as number;
  }
  if (Object.keys(out).length === 0) fail(path, `must give at least one of ${DURATION_UNITS.join(', ')}`);
  return out;
}

function units(d: Duration): string[] {
  return DURATION_UNITS.filter((u) => d[u] !== undefined);
}

/** Comparable magnitude of two durations over the same units (months before days before hours). */
function compare(a: Duration, b: Duration): number {
  for (const unit of ['months', 'workingDays', 'days', 'hours'] as const) {
    const d = (a[unit] ?? 0) - (b[unit] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function sameUnits(a: Duration, b: Duration): boolean {
  return units(a).join() === units(b).join();
}

function extension(value: unknown, path: string, base: Duration, fail: Fail): Extension {
  if (!isRecord(value)) fail(path, 'must be a mapping');
  const raw = value as Record<string, unknown>;
  const at = typeof raw.id === 'string' && raw.id !== '' ? `${path} (${raw.id})` : path;
  const r = record(raw, at, EXTENSION_FIELDS, fail);
  const id = text(r.id, `${at}.id`, fail);
  if (!EXTENSION_ID.test(id)) fail(`${at}.id`, `"${id}" must be lower-case words joined by "-" (e.g. art156, over-1-year)`);
  const kind = oneOf(r.kind, EXTENSION_KINDS, `${at}.kind`, fail);
  const length = duration(r.length, `${at}.length`, fail);
  const ext: Extension = {
    id,
    name: bilingual(r.name, `${at}.name`, fail),
    kind,
    length,
    approver: text(r.approver, `${at}.approver`, fail),
    basis: basisList(r.basis, `${at}.basis`, fail),
  };
  if (r.minimum !== undefined) {
    if (kind !== 'add') fail(`${at}.minimum`, 'only an "add" extension has a minimum');
    const minimum = duration(r.minimum, `${at}.minimum`, fail);
    if (!sameUnits(minimum, length)) fail(`${at}.minimum`, `must use the units of length (${units(length).join(', ')})`);
    if (compare(minimum, length) > 0) fail(`${at}.minimum`, 'must not exceed length');
    ext.minimum = minimum;
  }
  if (r.absorbs !== undefined) {
    if (kind !== 'total') fail(`${at}.absorbs`, 'only a "total" extension takes others in');
    if (!Array.isArray(r.absorbs) || r.absorbs.length === 0 || !r.absorbs.every((x) => typeof x === 'string')) {
      fail(`${at}.absorbs`, 'must be a non-empty list of extension ids');
    }
    ext.absorbs = r.absorbs as string[];
  }
  if (kind === 'total' && sameUnits(length, base) && compare(length, base) <= 0) {
    fail(`${at}.length`, 'a "total" extension must be longer than the rule\'s length');
  }
  return ext;
}

function rule(value: unknown, index: number, fail: Fail): TimeLimitRule {
  if (!isRecord(value)) fail(`rules[${index}]`, 'must be a mapping');
  const raw = value as Record<string, unknown>;
  let at = `rules[${index}]`;
  if (typeof raw.id === 'string' && raw.id !== '') at = `rules[${index}] (${raw.id})`;
  record(raw, at, RULE_FIELDS, fail);

  const id = text(raw.id, `${at}.id`, fail);
  if (!RULE_ID.test(id)) fail(`${at}.id`, `"${id}" must look like family.part[.part] in lower case (e.g. cpl.arrest.decide)`);
  const family = oneOf(raw.family, FAMILIES, `${at}.family`, fail);
  const name = bilingual(raw.name, `${at}.name`, fail);

  const s = record(raw.startsOn, `${at}.startsOn`, ['event', 'zh'], fail);
  const event = text(s.event, `${at}.startsOn.event`, fail);
  if (!EVENT.test(event)) fail(`${at}.startsOn.event`, `"${event}" must be kebab-case (e.g. receipt-of-case)`);
  const startsOn = { event, zh: text(s.zh, `${at}.startsOn.zh`, fail) };

  const direction = oneOf(raw.direction, DIRECTIONS, `${at}.direction`, fail);
  const length = duration(raw.length, `${at}.length`, fail);
  const holiday: HolidayPolicy = oneOf(raw.holiday, HOLIDAY_POLICIES, `${at}.holiday`, fail);
  // CPL 105 and Civil Code 203 move only day and month ends; backward periods must never move later (spec 8).
  if (holiday !== 'none') {
    if (direction === 'backward') fail(`${at}.holiday`, 'must be none for a backward period');
    if (length.hours !== undefined) fail(`${at}.holiday`, 'must be none for a period counted in hours');
    if (length.workingDays !== undefined) fail(`${at}.holiday`, 'must be none for a period counted in working days');
  }

  if (!Array.isArray(raw.extensions)) fail(`${at}.extensions`, 'must be a list (write [] for none)');
  const seen = new Set<string>();
  const extensions = (raw.extensions as unknown[]).map((item, i) => {
    const ext = extension(item, `${at}.extensions[${i}]`, length, fail);
    if (seen.has(ext.id)) fail(`${at}.extensions[${i}] (${ext.id}).id`, `duplicate extension id "${ext.id}"`);
    seen.add(ext.id);
    return ext;
  });
  if (direction === 'backward' && extensions.length > 0) fail(`${at}.extensions`, 'a backward period has no extensions');
  extensions.forEach((ext, i) => {
    for (const other of ext.absorbs ?? []) {
      const target = extensions.find((e) => e.id === other);
      if (target?.kind !== 'add') fail(`${at}.extensions[${i}] (${ext.id}).absorbs`, `"${other}" is not an "add" extension of this rule`);
    }
  });

  const out: TimeLimitRule = {
    id,
    family,
    name,
    startsOn,
    direction,
    length,
    holiday,
    extensions,
    basis: basisList(raw.basis, `${at}.basis`, fail),
    // always present, undefined when absent: every rule object has one shape, which keeps the clock's hot path
    // monomorphic
    note: raw.note === undefined ? undefined : text(raw.note, `${at}.note`, fail),
  };
  return out;
}

/** Parses one rules/time-limits/*.yaml document; throws naming `source`, the rule and the field of a bad entry. */
export function parseTimeLimitRules(raw: unknown, source: string): TimeLimitRule[] {
  const fail: Fail = (path, what) => {
    throw new Error(`${source}: ${path}: ${what}`);
  };
  const top = record(raw, '(top level)', ['rules'], fail);
  if (!Array.isArray(top.rules) || top.rules.length === 0) fail('rules', 'must be a non-empty list');
  const rules = (top.rules as unknown[]).map((item, i) => rule(item, i, fail));
  const ids = new Map<string, number>();
  rules.forEach((r, i) => {
    const first = ids.get(r.id);
    if (first !== undefined) fail(`rules[${i}] (${r.id}).id`, `duplicate id, already at rules[${first}]`);
    ids.set(r.id, i);
  });
  return rules;
}

/**
 * Indexes parsed rule lists by id, refusing an id given twice; `sources` (one per list, e.g. the file names)
 * name both places in the error.
 */
export function indexRules(lists: TimeLimitRule[][], sources: readonly string[] = []): Map<string, TimeLimitRule> {
  const index = new Map<string, TimeLimitRule>();
  const from = new Map<string, number>();
  lists.forEach((list, i) => {
    for (const r of list) {
      const first = from.get(r.id);
      if (first !== undefined) {
        const name = (n: number) => sources[n] ?? `list ${n}`;
        throw new Error(`duplicate time-limit rule id "${r.id}": in ${name(first)} and in ${name(i)}`);
      }
      from.set(r.id, i);
      index.set(r.id, r);
    }
  });
  return index;
}
