import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { figureOf, parseMetricDefinitions } from './metrics.ts';

const fail = (path: string, what: string): never => {
  throw new Error(`${path}: ${what}`);
};
const one = { id: 'a.rate', zh: '甲', en: 'A', subject: 'dispute', kind: 'rate', direction: 'higher-better', definition: { zh: '定义', en: 'definition' } };

describe('governance metric definitions', () => {
  it('the rules file defines exactly the metrics it is checked against', () => {
    const raw = parse(readFileSync('rules/governance/metrics.yaml', 'utf8'));
    const ids = (raw.metrics as { id: string }[]).map((m) => m.id);
    expect(parseMetricDefinitions(raw, ids, fail).map((m) => m.id)).toEqual(ids);
  });

  it('refuses a metric nobody counts, one counted but not defined, a duplicate, a bad field — naming it', () => {
    expect(() => parseMetricDefinitions({ metrics: [one] }, [], fail)).toThrow('metrics[0].id: no query counts a.rate');
    expect(() => parseMetricDefinitions({ metrics: [one] }, ['a.rate', 'b.rate'], fail)).toThrow('b.rate is counted but has no definition');
    expect(() => parseMetricDefinitions({ metrics: [one, one] }, ['a.rate'], fail)).toThrow('metrics[1].id');
    expect(() => parseMetricDefinitions({ metrics: [{ ...one, kind: 'ratio' }] }, ['a.rate'], fail)).toThrow('metrics[0].kind');
    expect(() => parseMetricDefinitions({ metrics: [{ ...one, definition: { zh: '定义' } }] }, ['a.rate'], fail)).toThrow('metrics[0].definition.en');
  });

  it('a figure with nothing counted is null, not 0', () => {
    expect(figureOf({ numerator: 0, denominator: 0 })).toBeNull();
    expect(figureOf({ numerator: 1, denominator: 4 })).toBe(0.25);
  });
});
