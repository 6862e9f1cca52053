import { describe, expect, it } from 'vitest';
import { cstToday, percent, previousMonths, thisMonth, thisYear } from './collaboration-period.ts';

describe('periods of the collaboration rate, in China Standard Time', () => {
  it('last month is the whole previous calendar month, across a year end and a leap February', () => {
    expect(previousMonths(new Date('2026-03-15T04:00:00Z'))).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(previousMonths(new Date('2024-03-01T04:00:00Z'))).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(previousMonths(new Date('2026-01-10T04:00:00Z'))).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(previousMonths(new Date('2026-02-10T04:00:00Z'), 3)).toEqual({ from: '2025-11-01', to: '2026-01-31' });
  });

  it('counts the day in Beijing, not in the browser: 1 April 00:30 CST is still 31 March in UTC', () => {
    const now = new Date('2026-03-31T16:30:00Z');
    expect(cstToday(now)).toEqual({ year: 2026, month: 4, day: 1 });
    expect(previousMonths(now)).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(thisMonth(now)).toEqual({ from: '2026-04-01', to: '2026-04-01' });
    expect(thisYear(now)).toEqual({ from: '2026-01-01', to: '2026-04-01' });
  });

  it('shows a share as a percentage with one decimal, none when it cannot be computed', () => {
    expect(percent(0.6667)).toBe(66.7);
    expect(percent(1)).toBe(100);
    expect(percent(null)).toBeNull();
  });
});
