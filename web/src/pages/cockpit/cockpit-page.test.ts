import { describe, expect, it } from 'vitest';
import type { CockpitSeries } from '../../api/cockpit-client.ts';
import { chartGroups, formatValue } from './cockpit-page.tsx';

const series = (id: string, chart: CockpitSeries['chart'], keys: string[]): CockpitSeries => ({
  id,
  name: { zh: id, en: id },
  chart,
  points: keys.map((key) => ({ key, label: { zh: key, en: key }, value: 1, link: null })),
});

describe('cockpit charts', () => {
  it('draws bar series over the same regions in one chart, and keeps a treemap, a pie and other categories apart', () => {
    const groups = chartGroups([
      series('tree', 'treemap', ['a', 'b']),
      series('running', 'bar', ['a', 'b']),
      series('overdue', 'bar', ['a', 'b']),
      series('models', 'bar', ['m1']),
      series('states', 'pie', ['x']),
      series('trend-1', 'line', ['2026-10', '2026-11']),
      series('trend-2', 'line', ['2026-10', '2026-11']),
    ]);
    expect(groups.map((g) => g.map((s) => s.id))).toEqual([['tree'], ['running', 'overdue'], ['models'], ['states'], ['trend-1', 'trend-2']]);
  });

  it('shows a rate as a percentage and no value as a dash', () => {
    expect(formatValue(0.8125, 'rate')).toBe('81.3%');
    expect(formatValue(null, 'rate')).toBe('—');
    expect(formatValue(12345, 'count')).toBe('12,345');
  });
});
