import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { Calendar } from './calendar.ts';
import { dayFromYmd, isoDate, parseIsoDate, parseMoment, weekday } from './civil-date.ts';
import { type ComputationRules, parseComputationRules } from './computation.ts';
import { computeDue, computeFromState, replayLedger } from './compute.ts';
import type { CalendarYear, Duration, LedgerEvent, TimeLimitRule } from './types.ts';

// Fixtures written from time-limits.md's table of 2025 and 2026, independently of rules/calendars.
const Y2025: CalendarYear = {
  year: 2025,
  source: { title: '国务院办公厅关于2025年部分节假日安排的通知' },
  holidays: [
    { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
    { name: '春节', from: '2025-01-28', to: '2025-02-04' },
    { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
    { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
    { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
    { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
  ],
  workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
};
const Y2026: CalendarYear = {
  year: 2026,
  source: { title: '国务院办公厅关于2026年部分节假日安排的通知' },
  holidays: [
    { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
    { name: '春节', from: '2026-02-15', to: '2026-02-23' },
    { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
    { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
    { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
    { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
    { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

const basis = (article: string) => [{ law: '刑事诉讼法', article }];
const computation: ComputationRules = parseComputationRules({
  families: Object.fromEntries(
    ['criminal', 'public-security', 'civil', 'administrative', 'mediation', 'petition'].map((f) => [
      f,
      {
        hoursFrom: f === 'criminal' || f === 'civil' ? 'next-whole-hour' : 'event-time',
        lastDayToLastDay: f === 'criminal',
        basis: { start: basis('105'), months: basis('202'), holiday: basis('105') },
      },
    ]),
  ),
});
const calendar = new Calendar([Y2025, Y2026]);
const ctx = { calendar, computation };

function rule(over: Partial<TimeLimitRule> & { length: Duration }): TimeLimitRule {
  return {
    id: 'test.rule',
    family: 'criminal',
    name: { zh: '测试', en: 'test' },
    startsOn: { event: 'event', zh: '事件' },
    direction: 'forward',
    holiday: 'next-working-day-unless-custody',
    extensions: [],
    basis: basis('1'),
    ...over,
  };
}
const due = (r: TimeLimitRule, at: string, custody = false, extra: LedgerEvent[] = []) =>
  computeDue(r, [{ type: 'started', at, custody }, ...extra], ctx);

describe('how a period is computed (time-limits.md)', () => {
  it('hours run from the next whole hour: detained 15:30, 24 h -> 16:00 the next day', () => {
    expect(due(rule({ length: { hours: 24 }, holiday: 'none' }), '2026-03-10T15:30').due).toBe('2026-03-11T16:00:00+08:00');
    // the starting hour is not counted even when the event falls on the hour
    expect(due(rule({ length: { hours: 24 }, holiday: 'none' }), '2026-03-10T15:00').due).toBe('2026-03-11T16:00:00+08:00');
    // a family whose hours run from the event itself
    expect(due(rule({ family: 'petition', length: { hours: 8 }, holiday: 'none' }), '2026-03-10T15:30').due).toBe('2026-03-10T23:30:00+08:00');
  });

  it('days run from the day after: received 1 March, 3 d -> ends 4 March at 24:00', () => {
    expect(due(rule({ length: { days: 3 } }), '2026-03-01T09:00').due).toBe('2026-03-04T23:59:59+08:00');
  });

  it('an event given in another zone is placed in China Standard Time', () => {
    // 2026-03-01T17:00Z is 2 March 01:00 in Beijing
    expect(due(rule({ length: { days: 3 } }), '2026-03-01T17:00Z').due).toBe('2026-03-05T23:59:59+08:00');
  });

  it('months: the same day of the target month; month end to month end (SPC Interpretation 202)', () => {
    const r = rule({ length: { months: 1 } });
    expect(due(r, '2026-01-15T10:00', true).due).toBe('2026-02-15T23:59:59+08:00');
    expect(due(r, '2026-01-31T10:00', true).due).toBe('2026-02-28T23:59:59+08:00');
    expect(due(r, '2026-02-28T10:00', true).due).toBe('2026-03-31T23:59:59+08:00');
    expect(due(r, '2026-04-30T10:00', true).due).toBe('2026-05-31T23:59:59+08:00');
    expect(due(rule({ length: { months: 1, days: 15 } }), '2026-03-10T10:00', true).due).toBe('2026-04-25T23:59:59+08:00');
  });

  it('civil months keep the corresponding day (Civil Code 202)', () => {
    const r = rule({ family: 'civil', holiday: 'next-working-day', length: { months: 1 } });
    expect(due(r, '2026-02-28T10:00').due).toBe('2026-03-30T23:59:59+08:00'); // 28 March is a Saturday -> Monday 30
    // 31 Jan + 1 month: February has no 31st -> its last day, Saturday 28 Feb, a make-up working day in 2026
    expect(due(r, '2026-01-31T10:00').due).toBe('2026-02-28T23:59:59+08:00');
  });

  it('a last day that is a holiday moves to the next working day, except in custody (CPL 105)', () => {
    const r = rule({ length: { days: 3 } });
    expect(due(r, '2026-09-30T10:00').due).toBe('2026-10-08T23:59:59+08:00');
    expect(due(r, '2026-09-30T10:00', true).due).toBe('2026-10-03T23:59:59+08:00');
    expect(due(r, '2026-02-13T10:00').due).toBe('2026-02-24T23:59:59+08:00'); // Spring Festival 15-23 Feb
  });

  it('a make-up working day on a weekend is a working day', () => {
    // ends Saturday 14 February 2026, a make-up working day: it stays
    expect(due(rule({ length: { days: 3 } }), '2026-02-11T10:00').due).toBe('2026-02-14T23:59:59+08:00');
    // ends Saturday 7 March 2026, an ordinary weekend: Monday 9 March
    expect(due(rule({ length: { days: 3 } }), '2026-03-04T10:00').due).toBe('2026-03-09T23:59:59+08:00');
  });

  it('working days skip holidays and count make-up days', () => {
    const r = rule({ family: 'petition', holiday: 'none', length: { workingDays: 5 } });
    // after Wed 30 Sep 2026: 8 Oct, 9 Oct, Sat 10 Oct (make-up), 12 Oct, 13 Oct
    expect(due(r, '2026-09-30T10:00').due).toBe('2026-10-13T23:59:59+08:00');
  });

  it('backward periods count back and never move for holidays', () => {
    const r = rule({ direction: 'backward', holiday: 'none', length: { days: 3 } });
    expect(due(r, '2026-10-09T09:00').due).toBe('2026-10-06T23:59:59+08:00');
  });

  it('a result touching a year with no notice loaded is provisional, and says so', () => {
    const r = rule({ length: { days: 10 } });
    const result = due(r, '2027-03-01T10:00');
    expect(result.provisional).toBe(true);
    expect(result.steps.at(-1)).toContain('暂定');
    // the roll from 31 Dec 2026 into 2027 consults 2027
    expect(due(rule({ length: { days: 1 } }), '2026-12-30T10:00').provisional).toBe(false); // Thu 31 Dec, a working day
    expect(due(rule({ length: { days: 4 } }), '2026-12-30T10:00').provisional).toBe(true); // Sun 3 Jan 2027
    // in custody the calendar is not consulted: not provisional
    expect(due(r, '2027-03-01T10:00', true).provisional).toBe(false);
    // an hour period never is
    expect(due(rule({ length: { hours: 24 }, holiday: 'none' }), '2030-01-01T10:00').provisional).toBe(false);
  });
});

describe('extensions', () => {
  const custody = rule({
    id: 'cpl.investigation.custody',
    length: { months: 2 },
    extensions: [
      { id: 'art156', name: { zh: '第156条延长', en: 'art 156' }, kind: 'add', length: { months: 1 }, approver: '上一级人民检察院批准', basis: basis('156') },
      { id: 'art158', name: { zh: '第158条延长', en: 'art 158' }, kind: 'add', length: { months: 2 }, approver: '省级人民检察院批准', basis: basis('158') },
    ],
  });
  const arrest = rule({
    length: { days: 3 },
    extensions: [
      { id: 'special', name: { zh: '特殊情况', en: 'special' }, kind: 'add', length: { days: 4 }, minimum: { days: 1 }, approver: '县级以上公安机关负责人批准', basis: basis('91') },
      { id: 'gang', name: { zh: '流窜、多次、结伙作案', en: 'gang' }, kind: 'total', length: { days: 30 }, approver: '县级以上公安机关负责人批准', basis: basis('91') },
    ],
  });

  it('add extensions apply one after another, each by the month rule', () => {
    const r = due(custody, '2026-01-15T10:00', true, [
      { type: 'extension-granted', at: '2026-03-01T10:00', extension: 'art156' },
      { type: 'extension-granted', at: '2026-04-01T10:00', extension: 'art158' },
    ]);
    expect(r.due).toBe('2026-06-15T23:59:59+08:00');
    expect(r.basis.map((b) => b.article)).toEqual(expect.arrayContaining(['156', '158', '105', '202']));
  });

  it('without an amount an extension takes its maximum; an amount must lie within the bounds', () => {
    expect(due(arrest, '2026-03-02T10:00', true, [{ type: 'extension-granted', at: '2026-03-03T10:00', extension: 'special' }]).due).toBe('2026-03-09T23:59:59+08:00');
    expect(due(arrest, '2026-03-02T10:00', true, [{ type: 'extension-granted', at: '2026-03-03T10:00', extension: 'special', length: { days: 2 } }]).due).toBe('2026-03-07T23:59:59+08:00');
    const tooLong = () => due(arrest, '2026-03-02T10:00', true, [{ type: 'extension-granted', at: '2026-03-03T10:00', extension: 'special', length: { days: 5 } }]);
    expect(tooLong).toThrow(AppError);
    expect(tooLong).toThrow(/1日–4日/);
  });

  it('an "in all" extension replaces the length', () => {
    expect(due(arrest, '2026-03-02T10:00', true, [{ type: 'extension-granted', at: '2026-03-03T10:00', extension: 'gang' }]).due).toBe('2026-04-01T23:59:59+08:00');
  });

  it('an extension the rule does not have is refused by name', () => {
    const error = (() => {
      try {
        due(arrest, '2026-03-02T10:00', true, [{ type: 'extension-granted', at: '2026-03-03T10:00', extension: 'art999' }]);
      } catch (e) {
        return e as AppError;
      }
      return null;
    })();
    expect(error?.code).toBe('EXTENSION_UNKNOWN');
    expect(error?.bilingual.en).toContain('special, gang');
  });
});

describe('the ledger', () => {
  const r = rule({ length: { days: 30 } });

  it('time paused is not counted; an open pause has no due moment', () => {
    const base = due(r, '2026-03-02T10:00', true).due;
    expect(base).toBe('2026-04-01T23:59:59+08:00');
    const paused = due(r, '2026-03-02T10:00', true, [
      { type: 'paused', at: '2026-03-05T10:00', reason: '精神病鉴定' },
      { type: 'resumed', at: '2026-03-15T10:00' },
    ]);
    expect(paused.due).toBe('2026-04-11T23:59:59+08:00');
    const open = due(r, '2026-03-02T10:00', true, [{ type: 'paused', at: '2026-03-05T10:00' }]);
    expect(open).toMatchObject({ state: 'paused', due: null });
  });

  it('a restart begins the period again and drops earlier extensions', () => {
    const withExt = rule({ length: { days: 30 }, extensions: [{ id: 'x', name: { zh: 'x', en: 'x' }, kind: 'add', length: { days: 15 }, approver: '院长', basis: basis('1') }] });
    const result = due(withExt, '2026-03-02T10:00', true, [
      { type: 'extension-granted', at: '2026-03-10T10:00', extension: 'x' },
      { type: 'restarted', at: '2026-03-20T10:00', reason: '补充侦查后重新移送' },
    ]);
    expect(result.due).toBe('2026-04-19T23:59:59+08:00');
    expect(result.steps[0]).toContain('重新起算');
  });

  it('a correction replaces the event it names and keeps the history', () => {
    const events: LedgerEvent[] = [
      { type: 'started', at: '2026-03-02T10:00', custody: true },
      { type: 'corrected', at: '2026-03-03T09:00', replaces: 0, event: { type: 'started', at: '2026-03-01T10:00', custody: true } },
    ];
    expect(computeDue(r, events, ctx).due).toBe('2026-03-31T23:59:59+08:00');
    expect(events).toHaveLength(2);
  });

  it('custody changes decide the holiday rule', () => {
    const short = rule({ length: { days: 3 } });
    const released = due(short, '2026-09-30T10:00', true, [{ type: 'custody-changed', at: '2026-10-01T09:00', custody: false }]);
    expect(released.due).toBe('2026-10-08T23:59:59+08:00');
  });

  it('refuses a ledger that does not make sense, naming the event', () => {
    const bad: [LedgerEvent[], RegExp][] = [
      [[{ type: 'paused', at: '2026-03-02T10:00' }], /not started/],
      [[{ type: 'started', at: '2026-03-02T10:00' }, { type: 'resumed', at: '2026-03-03T10:00' }], /resumed without a pause/],
      [[{ type: 'started', at: '2026-03-02T10:00' }, { type: 'started', at: '2026-03-03T10:00' }], /restarted/],
      [[{ type: 'started', at: '2026-02-30T10:00' }], /not a real date/],
      [[{ type: 'started', at: '2026-03-02T10:00' }, { type: 'corrected', at: '2026-03-03T10:00', replaces: 5, event: { type: 'stopped', at: '2026-03-03T10:00' } }], /earlier event/],
      [[{ type: 'started', at: '2026-03-02T10:00' }, { type: 'stopped', at: '2026-03-03T10:00' }, { type: 'paused', at: '2026-03-04T10:00' }], /stopped/],
    ];
    for (const [events, message] of bad) expect(() => computeDue(r, events, ctx)).toThrow(message);
  });
});

/** The code a user would write: walk day by day over a set of days off. Used as the oracle. */
function naiveDue(startDay: number, days: number, custody: boolean, off: Set<string>, work: Set<string>): number {
  let day = startDay + days;
  const isOff = (d: number) => !work.has(isoDate(d)) && (off.has(isoDate(d)) || weekday(d) === 0 || weekday(d) === 6);
  if (!custody) while (isOff(day)) day++;
  return day;
}

describe('properties', () => {
  const off = new Set<string>();
  for (const y of [Y2025, Y2026]) for (const h of y.holidays) for (let d = parseIsoDate(h.from)!; d <= parseIsoDate(h.to)!; d++) off.add(isoDate(d));
  const work = new Set([...Y2025.workdays, ...Y2026.workdays]);
  const startDay = fc.integer({ min: dayFromYmd(2025, 1, 1), max: dayFromYmd(2026, 11, 1) });

  it('day periods agree with the naive day-by-day walk', () => {
    fc.assert(
      fc.property(startDay, fc.integer({ min: 1, max: 50 }), fc.boolean(), (day, days, custody) => {
        const r = rule({ length: { days } });
        const s = replayLedger(r, [{ type: 'started', at: `${isoDate(day)}T12:00`, custody }]);
        const { dueMs } = computeFromState(r, s, ctx, null);
        const expected = naiveDue(day, days, custody, off, work);
        expect(dueMs).toBe(parseMoment(`${isoDate(expected)}T23:59:59`)!);
      }),
      { numRuns: 2000 },
    );
  });

  it('a later start never gives an earlier due moment, and custody never a later one', () => {
    fc.assert(
      fc.property(startDay, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 3 }), (day, gap, months) => {
        const r = rule({ length: { months } });
        const at = (d: number, custody: boolean) => computeFromState(r, replayLedger(r, [{ type: 'started', at: `${isoDate(d)}T08:00`, custody }]), ctx, null).dueMs!;
        expect(at(day + gap, false)).toBeGreaterThanOrEqual(at(day, false));
        expect(at(day, true)).toBeLessThanOrEqual(at(day, false));
      }),
      { numRuns: 1000 },
    );
  });
});
