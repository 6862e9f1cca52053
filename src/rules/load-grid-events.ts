import { join } from 'node:path';
import type { GridEventRules, GridPeriod } from '../engine/grid-events/event-flow.ts';
import { type Fail, bilingual, isRecord, record, text } from '../engine/rules-data.ts';
import { RULES_DIR } from './load-rules.ts';
import { readRulesFile } from './read-rules-file.ts';

const CATEGORY_ID = /^[a-z]+(-[a-z]+)*$/;
const MAX_HOURS = 24 * 30;
const MAX_WORKING_DAYS = 60;
const MAX_PHOTOS = 100;

/** rules/governance/grid-events.yaml: the categories of grid events and the period of each center's step. */
export function loadGridEventRules(file: string = join(RULES_DIR, 'governance', 'grid-events.yaml')): GridEventRules {
  const { raw, fail } = readRulesFile(file, 'rules/governance/grid-events.yaml');
  return parseGridEventRules(raw, fail);
}

/** Validates the parsed file; `fail` names the field. */
export function parseGridEventRules(raw: unknown, fail: Fail): GridEventRules {
  const r = record(raw, 'grid-events', ['basis', 'categories', 'periods', 'photosPerEvent'], fail);
  if (!Array.isArray(r.categories) || r.categories.length === 0) fail('categories', 'must be a non-empty list');
  const seen = new Set<string>();
  const categories = (r.categories as unknown[]).map((value, i) => {
    const at = `categories[${i}]`;
    const c = record(value, at, ['id', 'zh', 'en'], fail);
    const id = text(c.id, `${at}.id`, fail);
    if (!CATEGORY_ID.test(id)) fail(`${at}.id`, `"${id}" must be kebab-case in lower case (e.g. safety-hazard)`);
    if (seen.has(id)) fail(`${at}.id`, `duplicate category "${id}"`);
    seen.add(id);
    return { id, zh: text(c.zh, `${at}.zh`, fail), en: text(c.en, `${at}.en`, fail) };
  });
  const period = (value: unknown, path: string): GridPeriod => {
    const p = record(value, path, ['hours', 'workingDays'], fail);
    const keys = Object.keys(p);
    if (keys.length !== 1) fail(path, 'must give exactly one of hours, workingDays');
    const n = p[keys[0]!];
    const max = keys[0] === 'hours' ? MAX_HOURS : MAX_WORKING_DAYS;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > max) fail(`${path}.${keys[0]}`, `must be a whole number from 1 to ${max}`);
    return keys[0] === 'hours' ? { hours: n as number } : { workingDays: n as number };
  };
  const periods = record(r.periods, 'periods', ['township', 'county', 'verify'], fail);
  const township = record(periods.township, 'periods.township', ['accept', 'handle'], fail);
  const county = record(periods.county, 'periods.county', ['assign', 'handle'], fail);
  if (!isRecord(periods.verify)) fail('periods.verify', 'must be a mapping');
  const photos = r.photosPerEvent;
  if (typeof photos !== 'number' || !Number.isInteger(photos) || photos < 1 || photos > MAX_PHOTOS) fail('photosPerEvent', `must be a whole number from 1 to ${MAX_PHOTOS}`);
  return {
    basis: bilingual(r.basis, 'basis', fail),
    categories,
    periods: {
      township: { accept: period(township.accept, 'periods.township.accept'), handle: period(township.handle, 'periods.township.handle') },
      county: { assign: period(county.assign, 'periods.county.assign'), handle: period(county.handle, 'periods.county.handle') },
      verify: period(periods.verify, 'periods.verify'),
    },
    photosPerEvent: photos as number,
  };
}
