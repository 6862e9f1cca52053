import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { RULES_DIR } from './load-rules.ts';
import { loadGridEventRules } from './load-grid-events.ts';

const shipped = () => parse(readFileSync(join(RULES_DIR, 'governance', 'grid-events.yaml'), 'utf8'));
// biome-ignore lint/suspicious/noExplicitAny: the test edits the parsed YAML freely
function loadChanged(change: (doc: Record<string, any>) => void) {
  const doc = shipped();
  change(doc);
  const file = join(mkdtempSync(join(tmpdir(), 'grid-events-')), 'grid-events.yaml');
  writeFileSync(file, stringify(doc));
  return () => loadGridEventRules(file);
}

describe('rules/governance/grid-events.yaml', () => {
  it('loads: at least 12 categories with both names, a source, and a period for every step', () => {
    const r = loadGridEventRules();
    expect(r.categories.length).toBeGreaterThanOrEqual(12);
    expect(r.categories.map((c) => c.id)).toEqual(expect.arrayContaining(['road-facilities', 'environment-sanitation', 'safety-hazard', 'neighbourhood-dispute-lead', 'public-order']));
    expect(r.basis.en).toContain('provincial practice');
    expect(r.periods.township.accept).toEqual({ hours: 24 });
    expect(r.periods.county.handle).toEqual({ workingDays: 10 });
    expect(r.photosPerEvent).toBe(20);
  });

  it('a bad file is refused naming the file and the field', () => {
    expect(loadChanged((d) => d.categories.push({ id: 'road-facilities', zh: '重复', en: 'Again' }))).toThrow('rules/governance/grid-events.yaml: categories[15].id: duplicate category "road-facilities"');
    expect(loadChanged((d) => { d.categories[0].en = undefined; })).toThrow('rules/governance/grid-events.yaml: categories[0].en: must be a non-empty string');
    expect(loadChanged((d) => { d.periods.township.accept = { hours: 24, workingDays: 1 }; })).toThrow('periods.township.accept: must give exactly one of hours, workingDays');
    expect(loadChanged((d) => { d.periods.county.handle = { workingDays: 0 }; })).toThrow('periods.county.handle.workingDays: must be a whole number from 1 to 60');
    expect(loadChanged((d) => { d.periods.county.handle = { days: 3 }; })).toThrow('periods.county.handle.days: unknown field');
    expect(loadChanged((d) => { d.periods.verify = undefined; })).toThrow('periods.verify: must be a mapping');
    expect(loadChanged((d) => { d.basis = undefined; })).toThrow('basis: must be a mapping');
    expect(loadChanged((d) => { d.photosPerEvent = 0; })).toThrow('rules/governance/grid-events.yaml: photosPerEvent: must be a whole number from 1 to 100');
    expect(loadChanged((d) => { d.photosPerEvent = '20'; })).toThrow('photosPerEvent: must be a whole number from 1 to 100');
  });
});
