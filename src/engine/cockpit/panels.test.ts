import { describe, expect, it } from 'vitest';
import { loadCockpitRules } from '../../rules/load-cockpit.ts';
import {
  type CountRow,
  type Labels,
  type PanelContext,
  addDays,
  clockBucket,
  clocksPanel,
  governancePanel,
  listLink,
  monthWindow,
  parseCockpitRules,
  trendsPanel,
  warningsPanel,
} from './panels.ts';

const rules = loadCockpitRules();
const named = (id: string) => ({ zh: id, en: id });
const labels: Labels = { stage: named, agency: named, model: named, supervisionState: named, disputeState: named, petitionState: named };
const ctx: PanelContext = { region: '990000', children: [{ code: '990100', name: '甲市', nameEn: 'Jia' }], today: '2026-11-22', rules, labels };
const row = (figure: string, key: string, n: number, child: string | null = '990100', agency = 'police'): CountRow => ({ figure, key, agency, child, n });
const fig = (p: { figures: { id: string; value: number | null }[] }, id: string) => p.figures.find((f) => f.id === id)?.value;

describe('months and days', () => {
  it('the trend window ends with this month and crosses years', () => {
    expect(monthWindow('2026-02-10', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(monthWindow('2026-11-22', 12)[0]).toBe('2025-12');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });

  it('a clock key falls in its bucket by its due day', () => {
    expect(clockBucket('custody|2026-11-21', '2026-11-22', 3)).toEqual({ custody: true, bucket: 'overdue' });
    expect(clockBucket('free|2026-11-22', '2026-11-22', 3)).toEqual({ custody: false, bucket: 'today' });
    expect(clockBucket('free|2026-11-24', '2026-11-22', 3).bucket).toBe('soon');
    expect(clockBucket('free|2026-11-25', '2026-11-22', 3).bucket).toBe('later');
  });
});

describe('panels', () => {
  it("clocks: earlier days are overdue, today's are overdue once passed and due soon until then", () => {
    const p = clocksPanel(
      [
        { child: '990100', custody: true, bucket: 'overdue', n: 2 },
        { child: '990100', custody: false, bucket: 'today', n: 5 },
        { child: null, custody: false, bucket: 'soon', n: 1 },
        { child: null, custody: true, bucket: 'later', n: 7 },
      ],
      [{ child: '990100', custody: false, n: 3 }],
      ctx,
    );
    expect(fig(p, 'running')).toBe(15);
    expect(fig(p, 'overdue')).toBe(5);
    expect(fig(p, 'soon')).toBe(3);
    expect(fig(p, 'custody-running')).toBe(9);
    expect(fig(p, 'custody-overdue')).toBe(2);
    const overdueByRegion = p.series.find((s) => s.id === 'overdue-by-region')!.points;
    expect(overdueByRegion.map((x) => [x.key, x.value])).toEqual([['', 0], ['990100', 5]]);
    // the region's own units list as own=true of the region itself
    expect(overdueByRegion[0]!.link).toBe(listLink('clock', '990000', { due: 'overdue', own: 'true' }));
  });

  it('warnings: the top models, the rest summed as others', () => {
    const many = Array.from({ length: rules.topN + 2 }, (_, i) => row('warning.open', `m${String(i).padStart(2, '0')}`, 100 - i));
    const p = warningsPanel(many, [], ctx);
    const points = p.series[0]!.points;
    expect(points).toHaveLength(rules.topN + 1);
    expect(points.at(-1)!.value).toBe(100 - rules.topN + (100 - rules.topN - 1));
    expect(fig(p, 'open')).toBe(many.reduce((s, r) => s + r.n, 0));
  });

  it('governance: the resolution rate leaves withdrawn ones out and only counts the window; no closures is no rate', () => {
    const p = governancePanel(
      [row('dispute.closed', '2026-10|resolved', 3), row('dispute.closed', '2026-10|not-resolved-referred', 1), row('dispute.closed', '2026-10|withdrawn', 9), row('dispute.closed', '2024-01|resolved', 50)],
      ctx,
    );
    expect(fig(p, 'dispute-resolution-rate')).toBe(0.75);
    expect(fig(p, 'petition-on-time-rate')).toBeNull();
  });

  it('trends: a month without counts is 0, twelve points a line', () => {
    const p = trendsPanel([row('case.received', '2026-11', 4), row('case.received', '2025-11', 9)], ctx);
    const line = p.series.find((s) => s.id === 'case.received')!.points;
    expect(line).toHaveLength(12);
    expect(line.at(-1)!.value).toBe(4);
    expect(line[0]!.value).toBe(0);
  });
});

describe('rules/cockpit.yaml', () => {
  const fail = (path: string, what: string): never => {
    throw new Error(`${path}: ${what}`);
  };
  it('names a missing panel, an unknown one and a bad number', () => {
    const raw = { trendMonths: 12, dueSoonDays: 3, topN: 10, panels: [...rules.panels.values()].map((p) => ({ id: p.id, name: p.name, definition: p.definition })) };
    expect(() => parseCockpitRules({ ...raw, panels: raw.panels.slice(1) }, fail)).toThrow('panel "cases" is not defined');
    expect(() => parseCockpitRules({ ...raw, panels: [...raw.panels, { ...raw.panels[0], id: 'weather' }] }, fail)).toThrow('panels[9].id');
    expect(() => parseCockpitRules({ ...raw, topN: 0 }, fail)).toThrow('topN');
    expect(parseCockpitRules(raw, fail).panels.size).toBe(9);
  });
});
