import { describe, expect, it } from 'vitest';
import { lastCompletePeriod, parseReportPeriod, previousPeriod, scheduleDuePeriod } from './period.ts';
import { parseIsoDate } from '../clock/civil-date.ts';

describe('parseReportPeriod', () => {
  it('a month is [its first day 00:00 CST, the next month first day 00:00 CST)', () => {
    const p = parseReportPeriod('2026-03')!;
    expect(p).toMatchObject({ kind: 'month', text: '2026-03', fromIso: '2026-02-28T16:00:00.000Z', toIso: '2026-03-31T16:00:00.000Z' });
    expect(p.label).toEqual({ zh: '2026年3月', en: '2026-03' });
  });
  it('a leap February has 29 days', () => {
    const p = parseReportPeriod('2028-02')!;
    expect(p.toDay - p.fromDay + 1).toBe(29);
  });
  it('a quarter, a year and a range', () => {
    expect(parseReportPeriod('2026-Q4')).toMatchObject({ kind: 'quarter', fromIso: '2026-09-30T16:00:00.000Z', toIso: '2026-12-31T16:00:00.000Z', label: { zh: '2026年第四季度' } });
    expect(parseReportPeriod('2026')).toMatchObject({ kind: 'year', fromIso: '2025-12-31T16:00:00.000Z', toIso: '2026-12-31T16:00:00.000Z' });
    expect(parseReportPeriod('2026-01-05..2026-01-05')).toMatchObject({ kind: 'range', fromIso: '2026-01-04T16:00:00.000Z', toIso: '2026-01-05T16:00:00.000Z' });
  });
  it.each(['2026-13', '2026-00', '2026-Q5', '26-01', '2026-02-30..2026-03-01', '2026-03-02..2026-03-01', '2025-01-01..2026-12-31', '', 'x', '1969'])('refuses %j', (s) => {
    expect(parseReportPeriod(s)).toBeNull();
  });
});

describe('previousPeriod', () => {
  it.each([
    ['2026-01', '2025-12'],
    ['2026-07', '2026-06'],
    ['2026-Q1', '2025-Q4'],
    ['2026-Q3', '2026-Q2'],
    ['2026', '2025'],
    ['2026-03-11..2026-03-20', '2026-03-01..2026-03-10'],
  ])('%s -> %s', (a, b) => {
    expect(previousPeriod(parseReportPeriod(a)!).text).toBe(b);
  });
});

describe('lastCompletePeriod', () => {
  it('the month or quarter before the day', () => {
    expect(lastCompletePeriod('monthly', parseIsoDate('2026-01-03')!).text).toBe('2025-12');
    expect(lastCompletePeriod('monthly', parseIsoDate('2026-05-31')!).text).toBe('2026-04');
    expect(lastCompletePeriod('quarterly', parseIsoDate('2026-04-01')!).text).toBe('2026-Q1');
    expect(lastCompletePeriod('quarterly', parseIsoDate('2026-02-10')!).text).toBe('2025-Q4');
  });
});

describe('scheduleDuePeriod', () => {
  const monthly = { cadence: 'monthly' as const, dayOfMonth: 3, hour: 9, enabled: true, lastRunPeriod: null };
  const at = (iso: string) => Date.parse(iso);
  it('a monthly schedule owes last month from its day and hour (CST) on, once', () => {
    expect(scheduleDuePeriod(monthly, at('2026-11-03T00:59:59Z'))).toBeNull(); // 08:59 CST
    expect(scheduleDuePeriod(monthly, at('2026-11-03T01:00:00Z'))).toBe('2026-10'); // 09:00 CST
    expect(scheduleDuePeriod(monthly, at('2026-11-20T01:00:00Z'))).toBe('2026-10');
    expect(scheduleDuePeriod({ ...monthly, lastRunPeriod: '2026-10' }, at('2026-11-20T01:00:00Z'))).toBeNull();
    // 2 January 17:00 UTC is 3 January 01:00 CST: before 09:00, December is not owed yet
    expect(scheduleDuePeriod(monthly, at('2027-01-02T17:00:00Z'))).toBeNull();
    expect(scheduleDuePeriod(monthly, at('2027-01-03T01:00:00Z'))).toBe('2026-12');
  });
  it('a quarterly schedule owes last quarter from its day of the quarter\'s first month, and later in the quarter if missed', () => {
    const quarterly = { ...monthly, cadence: 'quarterly' as const };
    expect(scheduleDuePeriod(quarterly, at('2026-10-02T01:00:00Z'))).toBeNull();
    expect(scheduleDuePeriod(quarterly, at('2026-10-03T01:00:00Z'))).toBe('2026-Q3');
    expect(scheduleDuePeriod(quarterly, at('2026-11-01T01:00:00Z'))).toBe('2026-Q3');
    expect(scheduleDuePeriod({ ...quarterly, lastRunPeriod: '2026-Q3' }, at('2026-12-30T01:00:00Z'))).toBeNull();
  });
  it('a disabled schedule owes nothing', () => {
    expect(scheduleDuePeriod({ ...monthly, enabled: false }, at('2026-11-20T01:00:00Z'))).toBeNull();
  });
});
