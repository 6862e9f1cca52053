import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dayFromYmd, isoDate } from '../clock/civil-date.ts';
import type { Fail } from '../rules-data.ts';
import { SAFETY_INDEX_ID, parseIndicators } from './definitions.ts';
import { evaluate, parseFormula } from './expression.ts';
import { hasEnded, lastEndedPeriod, parsePeriod, previousPeriod } from './period.ts';
import { changeOf, rankScores, rankSubjects, safetyIndex, scoreValues, type Subject } from './ranking.ts';

const fail: Fail = (path, what) => {
  throw new Error(`test.yaml: ${path}: ${what}`);
};
const METRICS = ['resolved', 'received', 'overdue', 'running', 'hits', 'cases'];

describe('formulas', () => {
  it('evaluates + - * / with precedence, parentheses and unary minus', () => {
    expect(evaluate(parseFormula('resolved / received'), { resolved: 3, received: 4 })).toBe(0.75);
    expect(evaluate(parseFormula('1 - overdue / running'), { overdue: 1, running: 4 })).toBe(0.75);
    expect(evaluate(parseFormula('hits / cases * 100'), { hits: 3, cases: 200 })).toBe(1.5);
    expect(evaluate(parseFormula('(resolved + 1) * -2'), { resolved: 2 })).toBe(-6);
    expect(evaluate(parseFormula('2 + 3 * 4 - 6 / 2'), {})).toBe(11);
  });
  it('a division by zero or a missing metric is null, and null spreads', () => {
    expect(evaluate(parseFormula('resolved / received'), { resolved: 0, received: 0 })).toBeNull();
    expect(evaluate(parseFormula('1 - overdue / running'), { overdue: 0, running: 0 })).toBeNull();
    expect(evaluate(parseFormula('resolved + 1'), {})).toBeNull();
    // a name of Object.prototype is no metric
    expect(evaluate(parseFormula('constructor + 1'), {})).toBeNull();
  });
  it('refuses anything beyond arithmetic, naming where', () => {
    expect(() => parseFormula('a.b')).toThrow(/"\." at 2|malformed number/);
    expect(() => parseFormula('f(x)')).toThrow(/unexpected "\(" at 2|"\(" at 2/);
    expect(() => parseFormula('a +')).toThrow(/ends where/);
    expect(() => parseFormula('(a + b')).toThrow(/"\)" is missing/);
    expect(() => parseFormula('a b')).toThrow(/unexpected b at 3/);
    expect(() => parseFormula('process["env"]')).toThrow(/not allowed/);
    expect(() => parseFormula('')).toThrow(/ends where/);
  });
});

const indicator = (over: Record<string, unknown> = {}) => ({
  id: 'resolution',
  zh: '化解率',
  en: 'Resolution',
  formula: 'resolved / received',
  direction: 'higher-better',
  weight: 1,
  unit: { zh: '比率', en: 'share' },
  source: { table: 'dispute', policy: '平安建设考评' },
  subjects: ['unit', 'region'],
  agencies: ['police'],
  ...over,
});

describe('the indicators file', () => {
  it('rules/indicators.yaml loads, ten indicators whose weights sum to 1', () => {
    const raw = parse(readFileSync(new URL('../../../rules/indicators.yaml', import.meta.url), 'utf8'));
    const names = [...new Set((raw.indicators as { formula: string }[]).flatMap((i) => i.formula.match(/[a-z_][a-z0-9_]*/g) ?? []))];
    const set = parseIndicators(raw, names, fail);
    expect(set.indicators).toHaveLength(10);
    expect(set.indicators.reduce((s, d) => s + d.weight, 0)).toBeCloseTo(1, 9);
  });
  it('names the field of an unknown metric, a bad formula, a bad direction and weights not summing to 1', () => {
    expect(() => parseIndicators({ indicators: [indicator({ formula: 'resolved / nothing' })] }, METRICS, fail)).toThrow('test.yaml: indicators[0].formula: unknown base metric nothing');
    expect(() => parseIndicators({ indicators: [indicator({ formula: 'resolved //' })] }, METRICS, fail)).toThrow(/indicators\[0\]\.formula/);
    expect(() => parseIndicators({ indicators: [indicator({ direction: 'up' })] }, METRICS, fail)).toThrow(/indicators\[0\]\.direction/);
    expect(() => parseIndicators({ indicators: [indicator({ weight: 0.5 })] }, METRICS, fail)).toThrow(/sum to 0.5, not 1/);
    expect(() => parseIndicators({ indicators: [indicator({ scoring: { method: 'target', target: 0.5, floor: 0.9 } })] }, METRICS, fail)).toThrow(/scoring\.target/);
    expect(() => parseIndicators({ indicators: [indicator({ id: SAFETY_INDEX_ID })] }, METRICS, fail)).toThrow(/indicators\[0\]\.id/);
    expect(() => parseIndicators({ indicators: [indicator({ colour: 'red' })] }, METRICS, fail)).toThrow(/indicators\[0\]\.colour: unknown field/);
  });
});

describe('periods', () => {
  it('parses days, months and quarters and refuses what is not one', () => {
    expect(parsePeriod('month', '2026-02')).toMatchObject({ fromDay: dayFromYmd(2026, 2, 1), toDay: dayFromYmd(2026, 2, 28) });
    expect(parsePeriod('quarter', '2026-Q4')).toMatchObject({ fromDay: dayFromYmd(2026, 10, 1), toDay: dayFromYmd(2026, 12, 31) });
    expect(parsePeriod('day', '2026-11-21')).toMatchObject({ fromDay: dayFromYmd(2026, 11, 21) });
    for (const [k, l] of [['month', '2026-13'], ['month', '2026-1'], ['quarter', '2026-Q5'], ['day', '2026-02-30'], ['day', '2026-11'], ['quarter', '2026-11']] as const) expect(parsePeriod(k, l)).toBeNull();
  });
  it('the previous period and the last ended one', () => {
    expect(previousPeriod(parsePeriod('month', '2026-01')!).label).toBe('2025-12');
    expect(previousPeriod(parsePeriod('quarter', '2026-Q1')!).label).toBe('2025-Q4');
    expect(previousPeriod(parsePeriod('day', '2026-03-01')!).label).toBe('2026-02-28');
    const today = dayFromYmd(2026, 11, 22);
    expect(lastEndedPeriod('day', today).label).toBe('2026-11-21');
    expect(lastEndedPeriod('month', today).label).toBe('2026-10');
    expect(lastEndedPeriod('quarter', today).label).toBe('2026-Q3');
    expect(hasEnded(parsePeriod('month', '2026-11')!, today)).toBe(false);
    expect(hasEnded(parsePeriod('day', isoDate(today - 1))!, today)).toBe(true);
  });
});

describe('scores and ranks', () => {
  it('min-max: best 100, worst 0, per direction; all equal: 100; target: clamped between floor and target', () => {
    expect(scoreValues([0.5, 1, 0.75, null], 'higher-better', { method: 'min-max' })).toEqual([0, 100, 50, null]);
    expect(scoreValues([0.5, 1, 0.75], 'lower-better', { method: 'min-max' })).toEqual([100, 0, 50]);
    expect(scoreValues([3, 3], 'higher-better', { method: 'min-max' })).toEqual([100, 100]);
    expect(scoreValues([0.4, 0.75, 1.2], 'higher-better', { method: 'target', target: 1, floor: 0.5 })).toEqual([0, 50, 100]);
    expect(scoreValues([0, 5, 20], 'lower-better', { method: 'target', target: 0, floor: 10 })).toEqual([100, 50, 0]);
  });
  it('ranks: ties share the better rank, nulls are not ranked', () => {
    expect(rankScores([90, 100, 90, null, 50])).toEqual([2, 1, 2, null, 4]);
  });
  it('the safety index renormalises the weights over the indicators scored', () => {
    expect(safetyIndex([{ weight: 0.5, score: 100 }, { weight: 0.5, score: 50 }])).toBe(75);
    expect(safetyIndex([{ weight: 0.25, score: 100 }, { weight: 0.75, score: null }])).toBe(100);
    expect(safetyIndex([{ weight: 1, score: null }])).toBeNull();
  });
  it('ranks subjects per indicator and by the index, with the change since the previous period', () => {
    const defs = parseIndicators(
      {
        indicators: [
          indicator({ weight: 0.6 }),
          indicator({ id: 'overdue', formula: 'overdue / running', direction: 'lower-better', weight: 0.4, agencies: ['court'] }),
        ],
      },
      METRICS,
      fail,
    ).indicators;
    const subjects: Subject[] = [
      { kind: 'unit', key: 'a', name: 'A', agency: 'police', metrics: { resolved: 9, received: 10 } },
      { kind: 'unit', key: 'b', name: 'B', agency: 'police', metrics: { resolved: 5, received: 10 } },
      { kind: 'unit', key: 'c', name: 'C', agency: 'police', metrics: { resolved: 0, received: 0 } },
      { kind: 'unit', key: 'd', name: 'D', agency: 'court', metrics: { overdue: 1, running: 10 } },
    ];
    const rows = rankSubjects(defs, subjects, (key, id) => (key === 'a' && id === 'resolution' ? { rank: 2, value: 0.8 } : undefined));
    const of = (key: string, id: string) => rows.find((r) => r.subjectKey === key && r.indicatorId === id);
    expect(of('a', 'resolution')).toMatchObject({ value: 0.9, score: 100, rank: 1, previousRank: 2, base: { resolved: 9, received: 10 } });
    expect(changeOf(of('a', 'resolution')!)).toEqual({ rank: 1, value: 0.1 });
    expect(of('b', 'resolution')).toMatchObject({ value: 0.5, score: 0, rank: 2 });
    expect(of('c', 'resolution')).toMatchObject({ value: null, score: null, rank: null });
    expect(of('d', 'resolution')).toBeUndefined();
    expect(of('d', 'overdue')).toMatchObject({ value: 0.1, score: 100, rank: 1 });
    expect(of('a', SAFETY_INDEX_ID)).toMatchObject({ value: 100, rank: 1 });
    expect(of('d', SAFETY_INDEX_ID)).toMatchObject({ value: 100, rank: 1 });
    expect(of('b', SAFETY_INDEX_ID)).toMatchObject({ value: 0, rank: 3 });
    expect(of('c', SAFETY_INDEX_ID)).toMatchObject({ value: null, rank: null });
  });
});

describe('properties', () => {
  const score = fc.option(fc.integer({ min: 0, max: 100 }), { nil: null });
  it('ranks are a permutation of 1..n up to ties: each rank is 1 + the number of strictly better scores', () => {
    fc.assert(
      fc.property(fc.array(score, { maxLength: 30 }), (scores) => {
        const ranks = rankScores(scores);
        const ranked = scores.map((s, i) => ({ s, r: ranks[i] })).filter((x) => x.s !== null);
        const sorted = [...ranked].sort((a, b) => b.s! - a.s!);
        sorted.forEach((x, i) => {
          // a rank is never worse than the position, and equals it for the first of a tie
          expect(x.r).toBeLessThanOrEqual(i + 1);
          if (i === 0 || sorted[i - 1]!.s !== x.s) expect(x.r).toBe(i + 1);
          else expect(x.r).toBe(sorted[i - 1]!.r);
        });
        expect(scores.every((s, i) => (s === null) === (ranks[i] === null))).toBe(true);
      }),
    );
  });
  it('scores are 0..100 and follow the direction: a better value never scores less', () => {
    const values = fc.array(fc.option(fc.double({ min: -1000, max: 1000, noNaN: true }), { nil: null }), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(values, fc.constantFrom('higher-better' as const, 'lower-better' as const), fc.boolean(), (vs, direction, target) => {
        const scoring = target ? { method: 'target' as const, target: direction === 'higher-better' ? 10 : -10, floor: direction === 'higher-better' ? -10 : 10 } : { method: 'min-max' as const };
        const scores = scoreValues(vs, direction, scoring);
        for (let i = 0; i < vs.length; i++) {
          if (vs[i] === null) {
            expect(scores[i]).toBeNull();
            continue;
          }
          expect(scores[i]).toBeGreaterThanOrEqual(0);
          expect(scores[i]).toBeLessThanOrEqual(100);
          for (let j = 0; j < vs.length; j++) {
            if (vs[j] === null) continue;
            const iBetter = direction === 'higher-better' ? vs[i]! >= vs[j]! : vs[i]! <= vs[j]!;
            if (iBetter) expect(scores[i]!).toBeGreaterThanOrEqual(scores[j]! - 1e-6);
          }
        }
      }),
    );
  });
  it('the safety index lies between the lowest and highest score used, and equals the weighted sum when the weights sum to 1', () => {
    const part = fc.record({ weight: fc.double({ min: 0.01, max: 1, noNaN: true }), score: fc.double({ min: 0, max: 100, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 10 }), (parts) => {
        const total = parts.reduce((s, p) => s + p.weight, 0);
        const normal = parts.map((p) => ({ weight: p.weight / total, score: p.score }));
        const index = safetyIndex(normal)!;
        const scores = parts.map((p) => p.score);
        expect(index).toBeGreaterThanOrEqual(Math.min(...scores) - 1e-6);
        expect(index).toBeLessThanOrEqual(Math.max(...scores) + 1e-6);
        expect(index).toBeCloseTo(normal.reduce((s, p) => s + p.weight * p.score, 0), 5);
        expect(safetyIndex(parts)).toBeCloseTo(index, 5);
      }),
    );
  });
});

describe('remediation flow', () => {
  it('progress moves a listing in progress; extend only after the deadline; lift from any open state; lifted is final', async () => {
    const { nextRemediationState, REMEDIATION_STATES } = await import('./remediation-flow.ts');
    expect(nextRemediationState('listed', 'progress', false)).toBe('in-progress');
    expect(nextRemediationState('in-progress', 'progress', false)).toBe('in-progress');
    expect(nextRemediationState('overdue-extended', 'progress', false)).toBe('overdue-extended');
    expect(nextRemediationState('in-progress', 'extend', false)).toBeNull();
    expect(nextRemediationState('in-progress', 'extend', true)).toBe('overdue-extended');
    for (const s of REMEDIATION_STATES.filter((x) => x !== 'lifted')) expect(nextRemediationState(s, 'lift', false)).toBe('lifted');
    for (const a of ['progress', 'extend', 'lift'] as const) expect(nextRemediationState('lifted', a, true)).toBeNull();
  });
});
