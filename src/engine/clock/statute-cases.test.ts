/**
 * Cases computed by hand from the statute texts in ../shared/spec/statutes/, with the shipped rules and
 * calendars. Each case quotes the article it checks and writes the arithmetic out; weekdays were looked up
 * in a calendar, days off in the State Council notices (rules/calendars/*.yaml).
 */
import { describe, expect, it } from 'vitest';
import { loadClock } from '../../rules/load-clock.ts';
import { computeDue, type DueResult } from './compute.ts';
import type { Duration, LedgerEvent } from './types.ts';

const clock = loadClock('/nonexistent');

function due(id: string, at: string, custody: boolean, extra: LedgerEvent[] = []): DueResult {
  const rule = clock.rules.get(id);
  if (!rule) throw new Error(`no rule ${id}`);
  return computeDue(rule, [{ type: 'started', at, custody }, ...extra], clock);
}
const grant = (at: string, extension: string, length?: Duration): LedgerEvent => ({ type: 'extension-granted', at, extension, ...(length ? { length } : {}) });
const endOf = (date: string) => `${date}T23:59:59+08:00`;

describe('刑事诉讼法 第105条: computing periods', () => {
  it('last day a holiday: moves past it, except in custody (art. 105 para. 4, National Day 2026)', () => {
    // 「期间的最后一日为节假日的，以节假日后的第一日为期满日期，但犯罪嫌疑人、被告人或者罪犯在押期间，应当至期满之日为止，
    //   不得因节假日而延长。」 With art. 230 「不服判决的上诉和抗诉的期限为十日」.
    // Judgment received Tue 2026-09-22; day 1 is 09-23, day 10 is Fri 2026-10-02, inside 国庆节 10-01..10-07.
    // Defendant on bail: the first day after the holiday, Thu 2026-10-08. Defendant in custody: 10-02 itself.
    expect(due('cpl.appeal.judgment', '2026-09-22T15:00', false).due).toBe(endOf('2026-10-08'));
    expect(due('cpl.appeal.judgment', '2026-09-22T15:00', true).due).toBe(endOf('2026-10-02'));
  });

  it('hours: the starting hour is not counted, and an hour period never moves (art. 105 para. 2, art. 86)', () => {
    // 「期间开始的时和日不算在期间以内。」 Art. 86: 「对被拘留的人，应当在拘留后的二十四小时以内进行讯问。」
    // Detained Thu 2026-10-01 15:30 (a holiday): counting starts 16:00; 16:00 + 24 h = 2026-10-02 16:00.
    const r = due('cpl.detention.interrogate', '2026-10-01T15:30', false);
    expect(r.due).toBe('2026-10-02T16:00:00+08:00');
    expect(r.provisional).toBe(false);
  });
});

describe('最高人民法院关于适用《刑事诉讼法》的解释 第202条: months', () => {
  it('a start on the last day of a month ends on the last day of the target month', () => {
    // 「期限起算日为本月最后一日的，至下月最后一日为一个月」. Art. 156 CPL: 「侦查羁押期限不得超过二个月」.
    // Arrested Sat 2026-02-28, the last day of February: two months end on the last day of April, Thu 2026-04-30
    // (not 04-28, the corresponding day).
    expect(due('cpl.investigation.custody', '2026-02-28T11:00', true).due).toBe(endOf('2026-04-30'));
  });

  it('no such day in the target month: its last day; a make-up Saturday is a working day', () => {
    // 「下月同日不存在的，自本月某日至下月最后一日为一个月」. Art. 172 CPL: 「应当在一个月以内作出决定」.
    // Case received Fri 2026-01-30; February 2026 has no 30th -> Sat 2026-02-28. Not in custody, but 02-28 is
    // a make-up working day (国办发明电〔2025〕7号, 2月28日（周六）上班), so the period ends that day.
    expect(due('cpl.prosecution.review', '2026-01-30T09:00', false).due).toBe(endOf('2026-02-28'));
  });

  it('half a month is always 15 days (CPL art. 220, summary procedure)', () => {
    // Interp. 202 「半个月一律按十五日计算」; CPL 220 「应当在受理后二十日以内审结；对可能判处的有期徒刑超过三年的，
    //   可以延长至一个半月」.
    // Accepted Tue 2026-03-10: 20 d -> Mon 2026-03-30. Extended to 1.5 months: 1 month -> 2026-04-10, + 15 d ->
    // Sat 2026-04-25. In custody it ends 04-25; not in custody the next working day, Mon 2026-04-27.
    expect(due('cpl.trial.summary', '2026-03-10T09:00', true).due).toBe(endOf('2026-03-30'));
    const ext = [grant('2026-03-25T09:00', 'over-3-years')];
    expect(due('cpl.trial.summary', '2026-03-10T09:00', true, ext).due).toBe(endOf('2026-04-25'));
    expect(due('cpl.trial.summary', '2026-03-10T09:00', false, ext).due).toBe(endOf('2026-04-27'));
  });
});

describe('民法典 第200-204条 and 民事诉讼法 第85条: civil periods', () => {
  it('the corresponding day, not the month end (Civil Code 202, small claims 2 m)', () => {
    // 「按照年、月计算期间的，到期月的对应日为期间的最后一日」. CivPL 168: 「应当在立案之日起两个月内审结」.
    // Filed Sat 2026-02-28: the corresponding day two months on is Tue 2026-04-28 (a criminal period from the
    // same day would end 04-30, the case above).
    expect(due('civ.trial.small-claims', '2026-02-28T10:00', false).due).toBe(endOf('2026-04-28'));
  });

  it('no corresponding day: the month end (Civil Code 202, simplified procedure 3 m)', () => {
    // 「没有对应日的，月末日为期间的最后一日」. CivPL 164: 「应当在立案之日起三个月内审结」.
    // Filed Sun 2025-11-30: 2026-02-30 does not exist -> Sat 2026-02-28, a make-up working day: it stays.
    expect(due('civ.trial.simplified', '2025-11-30T10:00', false).due).toBe(endOf('2026-02-28'));
  });

  it('last day a holiday: the day after the holiday ends (Civil Code 203, petition handling 60 d)', () => {
    // 「期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。」 信访工作条例 34: 「应当自受理之日起60日内办结」.
    // Accepted Sun 2026-08-02: August 3..31 is 29 days, September 30 more (59), day 60 is Thu 2026-10-01, National
    // Day; the holiday ends Wed 10-07, so the period ends Thu 2026-10-08.
    expect(due('petition.handle', '2026-08-02T10:00', false).due).toBe(endOf('2026-10-08'));
  });

  it('hours run from the moment itself where the Civil Code applies (Civil Code 201 para. 2, PSAPL 83)', () => {
    // 「按照小时计算期间的，自法律规定或者当事人约定的时间开始计算。」 治安管理处罚法 83: 「询问查证的时间不得超过八小时；
    //   情况复杂…不得超过二十四小时」. Questioning from Tue 2026-03-10 09:30: 8 h -> 17:30; 24 h -> 03-11 09:30.
    // A criminal summons from the same moment (CPL 105, 119 「不得超过十二小时」) runs from 10:00: 22:00.
    expect(due('psapl.questioning', '2026-03-10T09:30', false).due).toBe('2026-03-10T17:30:00+08:00');
    expect(due('psapl.questioning', '2026-03-10T09:30', false, [grant('2026-03-10T12:00', 'complex')]).due).toBe('2026-03-11T09:30:00+08:00');
    expect(due('cpl.summons.duration', '2026-03-10T09:30', false).due).toBe('2026-03-10T22:00:00+08:00');
  });

  it("2020's Spring Festival extension: a period ending 31 January or 1 February 2020 ends 3 February (CivPL 85, CPL 105)", () => {
    // CivPL 85: 「期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期。」 CivPL 171: ruling 「十日内」.
    // 国办发明电〔2020〕1号 extended 春节 to Sun 2020-02-02; Sat 02-01, a make-up day in the first notice, became a day off.
    // Ruling served Tue 2020-01-21: day 10 is Fri 2020-01-31 (holiday) -> Mon 2020-02-03.
    expect(due('civ.appeal.ruling', '2020-01-21T10:00', false).due).toBe(endOf('2020-02-03'));
    // CPL 230 judgment 10 d, received Wed 2020-01-22: day 10 is Sat 2020-02-01 -> on bail Mon 02-03; in custody 02-01.
    expect(due('cpl.appeal.judgment', '2020-01-22T10:00', false).due).toBe(endOf('2020-02-03'));
    expect(due('cpl.appeal.judgment', '2020-01-22T10:00', true).due).toBe(endOf('2020-02-01'));
  });
});

describe('extensions', () => {
  it('CPL 91: 3 days, extended by 1 to 4 days; gang suspects 30 days in all', () => {
    // 「应当在拘留后的三日以内，提请人民检察院审查批准。在特殊情况下，提请审查批准的时间可以延长一日至四日。对于流窜作案、
    //   多次作案、结伙作案的重大嫌疑分子，提请审查批准的时间可以延长至三十日。」
    // Detained Mon 2026-03-02 22:00: 3 d -> Thu 03-05; +4 d -> Mon 03-09; +1 d -> Fri 03-06; 30 d in all ->
    // 03-02 + 30 = Wed 2026-04-01.
    const at = '2026-03-02T22:00';
    expect(due('cpl.detention.request-arrest', at, true).due).toBe(endOf('2026-03-05'));
    expect(due('cpl.detention.request-arrest', at, true, [grant('2026-03-04T10:00', 'special')]).due).toBe(endOf('2026-03-09'));
    expect(due('cpl.detention.request-arrest', at, true, [grant('2026-03-04T10:00', 'special', { days: 1 })]).due).toBe(endOf('2026-03-06'));
    expect(due('cpl.detention.request-arrest', at, true, [grant('2026-03-04T10:00', 'gang')]).due).toBe(endOf('2026-04-01'));
    // five days is more than the article allows; "延长至三日" on a three-day period extends nothing
    expect(() => due('cpl.detention.request-arrest', at, true, [grant('2026-03-04T10:00', 'special', { days: 5 })])).toThrow(/1日–4日/);
    expect(() => due('cpl.detention.request-arrest', at, true, [grant('2026-03-04T10:00', 'gang', { days: 3 })])).toThrow(/4日–30日/);
  });

  it('CPL 91: special (+4 d) and then gang: thirty days in all, not thirty-four', () => {
    // 「对于流窜作案、多次作案、结伙作案的重大嫌疑分子，提请审查批准的时间可以延长至三十日。」
    // "至三十日" is the whole period: the special one to four days granted first are taken in, not added.
    // Detained Mon 2026-03-02: 30 d -> Wed 2026-04-01, whether or not `special` was granted before.
    const at = '2026-03-02T10:00';
    expect(due('cpl.detention.request-arrest', at, true, [grant('2026-03-04T10:00', 'special'), grant('2026-03-05T10:00', 'gang')]).due).toBe(endOf('2026-04-01'));
    expect(due('cpl.detention.request-arrest', at, true, [grant('2026-03-05T10:00', 'gang'), grant('2026-03-06T10:00', 'special')]).due).toBe(endOf('2026-04-01'));
  });

  it('CPL 156: two months, extended by one month, counted from the arrest', () => {
    // 「侦查羁押期限不得超过二个月。案情复杂、期限届满不能终结的案件，可以经上一级人民检察院批准延长一个月。」
    // Arrested Thu 2026-01-15: 2 m -> Sun 03-15 (in custody: stays); +1 m -> 3 m in all -> Wed 2026-04-15.
    expect(due('cpl.investigation.custody', '2026-01-15T10:00', true).due).toBe(endOf('2026-03-15'));
    expect(due('cpl.investigation.custody', '2026-01-15T10:00', true, [grant('2026-03-10T10:00', 'art156')]).due).toBe(endOf('2026-04-15'));
    // Arrested Mon 2025-12-29: 2 m -> 2026-02-29 does not exist -> Sat 02-28 (Interp. 202). Extended by a month the
    // period is three months from 29 December: Sun 2026-03-29 (in custody: stays). Taking 02-28 as if the
    // period had started on a month's last day would give 03-31, two days more custody than the article allows.
    expect(due('cpl.investigation.custody', '2025-12-29T10:00', true).due).toBe(endOf('2026-02-28'));
    expect(due('cpl.investigation.custody', '2025-12-29T10:00', true, [grant('2026-02-20T10:00', 'art156')]).due).toBe(endOf('2026-03-29'));
  });

  it('CPL 172: one month, complex cases 15 days more; Spring Festival 2026', () => {
    // 「应当在一个月以内作出决定，重大、复杂的案件，可以延长十五日」.
    // Received Thu 2026-01-15, suspect on bail: 1 m -> Sun 02-15, inside 春节 02-15..02-23 -> Tue 2026-02-24.
    // In custody: 02-15. Extended: 02-15 + 15 d = Mon 2026-03-02, a working day either way.
    expect(due('cpl.prosecution.review', '2026-01-15T10:00', false).due).toBe(endOf('2026-02-24'));
    expect(due('cpl.prosecution.review', '2026-01-15T10:00', true).due).toBe(endOf('2026-02-15'));
    for (const custody of [true, false]) {
      expect(due('cpl.prosecution.review', '2026-01-15T10:00', custody, [grant('2026-02-10T10:00', 'complex')]).due).toBe(endOf('2026-03-02'));
    }
  });

  it('CPL 208: two months, at most three; a higher court adds three', () => {
    // 「应当在受理后二个月以内宣判，至迟不得超过三个月。…经上一级人民法院批准，可以延长三个月」.
    // Accepted Tue 2026-01-20: 2 m -> Fri 03-20; 3 m in all -> Mon 04-20; + 3 m -> 6 m -> Mon 2026-07-20.
    const at = '2026-01-20T10:00';
    expect(due('cpl.trial.first-instance', at, true).due).toBe(endOf('2026-03-20'));
    expect(due('cpl.trial.first-instance', at, true, [grant('2026-03-10T10:00', 'court')]).due).toBe(endOf('2026-04-20'));
    expect(due('cpl.trial.first-instance', at, true, [grant('2026-03-10T10:00', 'court'), grant('2026-04-10T10:00', 'art208')]).due).toBe(endOf('2026-07-20'));
  });
});

describe('working days and backward periods', () => {
  it('信访工作条例 art. 23: five working days across National Day 2026 and the make-up Saturday 10-10', () => {
    // 「不属于本机关、单位或者本系统职权范围的，有关机关、单位应当自收到之日起5个工作日内提出异议」.
    // Received Wed 2026-09-30. 10-01..10-07 are days off; working days: Thu 10-08 (1), Fri 10-09 (2),
    // Sat 10-10 (3, 调休上班), Sun 10-11 off, Mon 10-12 (4), Tue 10-13 (5) -> 2026-10-13.
    expect(due('petition.object-remit', '2026-09-30T10:00', false).due).toBe(endOf('2026-10-13'));
  });

  it('CPL 187: the indictment at least 10 days and notices at least 3 days before the hearing, never moved', () => {
    // 「将人民检察院的起诉书副本至迟在开庭十日以前送达被告人及其辩护人」; 「传票和通知书至迟在开庭三日以前送达」.
    // Hearing Wed 2026-10-14: 10 days before is Sun 10-04 (National Day holiday): it stays 10-04, no holiday
    // rule moves a latest day; 3 days before is Sun 10-11 (an ordinary Sunday): it stays too.
    for (const custody of [true, false]) {
      expect(due('cpl.hearing.serve-indictment', '2026-10-14T09:00', custody).due).toBe(endOf('2026-10-04'));
      expect(due('cpl.hearing.notify', '2026-10-14T09:00', custody).due).toBe(endOf('2026-10-11'));
    }
  });
});

describe('a year whose notice is not loaded', () => {
  it('a result in 2027 is provisional and says so (time-limits.md step 5; CPL 230)', () => {
    // Judgment received Mon 2026-12-28: 10 d -> Thu 2027-01-07. No 2027 notice is loaded, so whether 01-07 is a
    // working day cannot be known: provisional. In custody the holiday rule is not applied, so it is not.
    const free = due('cpl.appeal.judgment', '2026-12-28T10:00', false);
    expect(free).toMatchObject({ due: endOf('2027-01-07'), provisional: true });
    expect(free.steps.at(-1)).toContain('暂定');
    expect(due('cpl.appeal.judgment', '2026-12-28T10:00', true)).toMatchObject({ due: endOf('2027-01-07'), provisional: false });
    // CivPL 171 judgment 15 d from Thu 2026-12-17 -> Fri 2027-01-01: almost surely 元旦, but it is not silently
    // taken as a working day: the answer is marked provisional.
    expect(due('civ.appeal.judgment', '2026-12-17T10:00', false)).toMatchObject({ due: endOf('2027-01-01'), provisional: true });
  });
});

describe('the ledger: time not counted, restarts, corrections', () => {
  it('CPL 149: the time of a psychiatric appraisal is not counted', () => {
    // 「对犯罪嫌疑人作精神病鉴定的期间不计入办案期限。」
    // Arrested Tue 2026-03-10: 2 m -> Sun 05-10. Appraisal 04-01 09:00 to 04-21 09:00 = 20 days not counted ->
    // 05-10 + 20 = Sat 2026-05-30 (in custody: stays).
    const events: LedgerEvent[] = [
      { type: 'paused', at: '2026-04-01T09:00', reason: '精神病鉴定' },
      { type: 'resumed', at: '2026-04-21T09:00' },
    ];
    expect(due('cpl.investigation.custody', '2026-03-10T10:00', true).due).toBe(endOf('2026-05-10'));
    expect(due('cpl.investigation.custody', '2026-03-10T10:00', true, events).due).toBe(endOf('2026-05-30'));
  });

  it('CPL 160: another major crime found: the custody period runs again from the finding', () => {
    // 「发现犯罪嫌疑人另有重要罪行的，自发现之日起依照本法第一百五十六条的规定重新计算侦查羁押期限。」
    // Arrested 2026-03-10, extended (art. 156), found 2026-04-20: 2 m from 04-20 -> Sat 2026-06-20 (端午节
    // 06-19..06-21; in custody: stays). The earlier extension no longer applies.
    const r = due('cpl.investigation.custody', '2026-03-10T10:00', true, [
      grant('2026-04-01T10:00', 'art156'),
      { type: 'restarted', at: '2026-04-20T15:00', reason: '发现另有重要罪行' },
    ]);
    expect(r.due).toBe(endOf('2026-06-20'));
    expect(r.steps[0]).toContain('重新起算');
  });

  it('a wrong start is corrected, not rewritten: the period runs from the corrected moment (CPL 230)', () => {
    // Judgment entered as received 2026-09-12, corrected to Tue 2026-09-22: 10 d from 09-22 -> Fri 10-02 -> on
    // bail Thu 2026-10-08 (as the first case); the mistaken entry stays in the ledger.
    const events: LedgerEvent[] = [
      { type: 'started', at: '2026-09-12T15:00', custody: false },
      { type: 'corrected', at: '2026-09-25T09:00', replaces: 0, event: { type: 'started', at: '2026-09-22T15:00', custody: false } },
    ];
    expect(computeDue(clock.rules.get('cpl.appeal.judgment')!, events, clock).due).toBe(endOf('2026-10-08'));
    expect(events).toHaveLength(2);
  });
});
