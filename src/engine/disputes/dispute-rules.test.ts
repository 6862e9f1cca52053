import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES_DIR } from '../../rules/load-rules.ts';
import { loadDisputeRules } from '../../rules/load-disputes.ts';
import { Calendar } from '../clock/calendar.ts';
import { dayFromYmd, endOfCstDay } from '../clock/civil-date.ts';
import { fillTemplate } from './dispute-rules.ts';
import { handlingDue, stepDue } from './periods.ts';

const FILES = ['dispute-types.yaml', 'dispute-routing.yaml', 'mediation-agreement.yaml'];

/** The shipped files copied, one of them changed. */
function withChange(file: string, change: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dispute-rules-'));
  for (const f of FILES) {
    const text = readFileSync(join(RULES_DIR, 'governance', f), 'utf8');
    writeFileSync(join(dir, f), f === file ? change(text) : text);
  }
  return dir;
}

describe('loadDisputeRules (rules/governance)', () => {
  const rules = loadDisputeRules();

  it('the shipped taxonomy: at least 20 types, each with a handling period and its source', () => {
    expect(rules.types.size).toBeGreaterThanOrEqual(20);
    for (const id of ['family', 'neighbour', 'labour-wages', 'land-contract', 'property-management', 'medical', 'consumer', 'traffic-accident', 'construction', 'environment']) {
      expect(rules.types.has(id), id).toBe(true);
    }
    expect(rules.types.get('labour-wages')!.handling).toMatchObject({ unit: 'days', length: 15, source: { zh: expect.stringContaining('劳动争议调解仲裁法') } });
    expect(rules.types.get('medical')!.handling).toMatchObject({ unit: 'workingDays', length: 30 });
    expect(rules.matching).toMatchObject({ duplicateWithinDays: 30, reopenWithinDays: 90 });
  });

  it('a bad file stops loading with the file and the field named', () => {
    expect(() => loadDisputeRules(withChange('dispute-types.yaml', (t) => t.replace('risk: medium, handling: { days: 30, source: people-mediation } }', 'risk: severe, handling: { days: 30, source: people-mediation } }'))))
      .toThrow(/^rules\/governance\/dispute-types.yaml: types\[0\] \(family\)\.risk: unknown value "severe"/);
    expect(() => loadDisputeRules(withChange('dispute-types.yaml', (t) => t.replace('handling: { days: 15, source: labour-mediation }', 'handling: { days: 15, source: nowhere }'))))
      .toThrow(/types\[3\] \(labour-wages\)\.handling\.source: unknown source "nowhere"/);
    expect(() => loadDisputeRules(withChange('dispute-routing.yaml', (t) => t.replace('target: { kind: arbitration, agency: governance-center, level: county }', 'target: { kind: arbitration, agency: court, level: county }'))))
      .toThrow(/^rules\/governance\/dispute-routing.yaml: routes\[0\] \(labour-arbitration\)\.target\.agency: court does not stand for arbitration/);
    expect(() => loadDisputeRules(withChange('dispute-routing.yaml', (t) => t.replace('types: [medical]', 'types: [medicine]'))))
      .toThrow(/routes\[2\] \(medical-county-committee\)\.types\[0\]: "medicine" is not a type/);
    expect(() => loadDisputeRules(withChange('mediation-agreement.yaml', (t) => t.replace('{number}', '{numbr}'))))
      .toThrow(/^rules\/governance\/mediation-agreement.yaml: parts\.header\.zh: unknown placeholder \{numbr\}/);
  });

  it('fills a template’s placeholders and leaves unknown ones visible', () => {
    expect(fillTemplate('编号：{number}，{other}', { number: '纠2026-000001' })).toBe('编号：纠2026-000001，{other}');
  });
});

describe('due dates of the steps', () => {
  // 2026: Oct 1-7 National Day off, Oct 10 (Saturday) a make-up working day; 30 working days after Sep 1: 21 in
  // September, then Oct 8, 9, 10 (make-up), 12-16 and 19
  const calendar = new Calendar([{ year: 2026, source: { title: 'test' }, holidays: [{ name: '国庆节', from: '2026-10-01', to: '2026-10-07' }], workdays: ['2026-10-10'] }]);
  const rules = loadDisputeRules();
  const at = (y: number, m: number, d: number) => endOfCstDay(dayFromYmd(y, m, d)) - 10 * 3_600_000;

  it('a 30-day handling period ending in the National Day holiday moves to the next working day', () => {
    // routed 2026-09-03: day 30 is 2026-10-03 (off) -> 2026-10-08
    expect(new Date(handlingDue(calendar, at(2026, 9, 3), rules.types.get('neighbour')!.handling).dueMs).toISOString()).toBe('2026-10-08T15:59:59.000Z');
  });

  it('a medical dispute counts 30 working days', () => {
    const due = handlingDue(calendar, at(2026, 9, 1), rules.types.get('medical')!.handling);
    expect(new Date(due.dueMs).toISOString().slice(0, 10)).toBe('2026-10-19');
  });

  it('intake is due for assessment after the assess working days; the court’s part runs on its own clock', () => {
    const due = stepDue(calendar, 'intake', at(2026, 9, 30), rules.steps, rules.types.get('neighbour')!.handling, null);
    expect(new Date(due!).toISOString().slice(0, 10)).toBe('2026-10-09');
    expect(stepDue(calendar, 'confirmation-requested', at(2026, 9, 30), rules.steps, rules.types.get('neighbour')!.handling, null)).toBeNull();
  });
});
