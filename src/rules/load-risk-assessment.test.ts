import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadRiskAssessmentRules } from './load-risk-assessment.ts';
import { RULES_DIR } from './load-rules.ts';

const shipped = () => parse(readFileSync(join(RULES_DIR, 'risk-assessment.yaml'), 'utf8'));
// biome-ignore lint/suspicious/noExplicitAny: the test edits the parsed YAML freely
function loadChanged(change: (doc: Record<string, any>) => void) {
  const doc = shipped();
  change(doc);
  const file = join(mkdtempSync(join(tmpdir(), 'risk-assessment-')), 'risk-assessment.yaml');
  writeFileSync(file, stringify(doc));
  return () => loadRiskAssessmentRules(file);
}

describe('rules/risk-assessment.yaml', () => {
  it('loads the matrix, the rating rule, the decisions and the opinion kinds with their sources', () => {
    const r = loadRiskAssessmentRules();
    expect(r.basis.zh).toContain('国务院令第713号');
    expect(r.basis.zh).toContain('第二十二条至第二十四条');
    expect(r.basis.en).toContain('province');
    expect(r.matrix.levels).toEqual([{ level: 'high', minScore: 15 }, { level: 'medium', minScore: 7 }, { level: 'low', minScore: 1 }]);
    expect(r.matrix.likelihood.map((s) => s.value)).toEqual([1, 2, 3, 4, 5]);
    expect(r.opinionKinds.map((k) => k.id)).toEqual(['public-comment', 'hearing', 'expert-review']);
    for (const k of r.opinionKinds) expect(k.source).toContain('重大行政决策程序暂行条例');
  });

  it('a bad file is refused naming the file and the field', () => {
    expect(loadChanged((d) => { d.matrix.levels[1].minScore = 20; })).toThrow('rules/risk-assessment.yaml: matrix.levels[1].minScore: must be below the level above it');
    expect(loadChanged((d) => { d.matrix.levels[2].minScore = 2; })).toThrow('matrix.levels[2].minScore: the lowest level must start at 1');
    expect(loadChanged((d) => { d.matrix.levels[0].level = 'severe'; })).toThrow('matrix.levels[0].level: unknown value "severe"');
    expect(loadChanged((d) => { d.matrix.impact.pop(); })).toThrow('matrix.impact: must list the five steps 1..5');
    expect(loadChanged((d) => { d.decisions.high.push('proceed'); })).toThrow('rules/risk-assessment.yaml: decisions.high: a high rating may not proceed unchanged');
    expect(loadChanged((d) => { d.decisions.low = ['go']; })).toThrow('decisions.low[0]: unknown value "go"');
    expect(loadChanged((d) => { d.rating.opposition.medium = 0.6; })).toThrow('rating.opposition.medium: must be below rating.opposition.high');
    expect(loadChanged((d) => { d.rating.opposition.high = 2; })).toThrow('rating.opposition.high: must be a share above 0 and at most 1');
    expect(loadChanged((d) => { d.opinionKinds.pop(); })).toThrow('opinionKinds: must describe expert-review');
    expect(loadChanged((d) => { d.opinionKinds[0].source = ''; })).toThrow('opinionKinds[0].source: must be a non-empty string');
    expect(loadChanged((d) => { d.extra = 1; })).toThrow('risk-assessment.extra: unknown field');
    expect(loadChanged((d) => { d.basis = undefined; })).toThrow('basis: must be a mapping');
  });
});
