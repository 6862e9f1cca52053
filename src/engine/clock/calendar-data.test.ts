import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as yamlParse } from 'yaml';
import { CALENDARS_DIR, calendarYearToYaml, loadCalendarYears, writeCalendarYear } from '../../rules/load-calendars.ts';
import {
  calendarYearFromIcs,
  calendarYearFromJson,
  calendarYearToIcs,
  countDaysOff,
  datesOf,
  parseCalendarYear,
} from './calendar-data.ts';
import type { CalendarYear } from './types.ts';

const TITLE = '测试通知（not a real notice）';

/** A valid year to break one field at a time. */
function good(): Record<string, unknown> {
  return {
    year: 2026,
    source: { title: '国务院办公厅关于2026年部分节假日安排的通知', document: '国办发明电〔2025〕7号', published: '2025-11-04' },
    holidays: [
      { name: '春节', from: '2026-02-15', to: '2026-02-23' },
      { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
    ],
    workdays: ['2026-02-28', '2026-01-04', '2026-02-14'],
  };
}

function breakWith(patch: (raw: Record<string, unknown>) => void): Record<string, unknown> {
  const raw = good();
  patch(raw);
  return raw;
}

function holidayAt(raw: Record<string, unknown>, i: number): Record<string, unknown> {
  return (raw.holidays as Record<string, unknown>[])[i]!;
}

describe('parseCalendarYear', () => {
  it('accepts a valid year and sorts its ranges and make-up days', () => {
    const year = parseCalendarYear(good(), 'test.yaml');
    expect(year.holidays.map((h) => h.name)).toEqual(['元旦', '春节', '清明节']);
    expect(year.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28']);
    expect(countDaysOff(year)).toBe(3 + 9 + 3);
  });

  it('names the source and the field of the error', () => {
    const raw = breakWith((r) => {
      holidayAt(r, 2).to = 'April 6';
    });
    expect(() => parseCalendarYear(raw, 'rules/calendars/2026.yaml')).toThrow(
      'rules/calendars/2026.yaml: holidays[2].to: not a date (YYYY-MM-DD)',
    );
  });

  const bad: [string, (r: Record<string, unknown>) => void, string][] = [
    ['no year', (r) => Object.assign(r, { year: undefined }), 'year: must be a whole number'],
    ['year too early', (r) => Object.assign(r, { year: 1948 }), 'year: must be a whole number from 1949 to 2100'],
    ['year not whole', (r) => Object.assign(r, { year: 2026.5 }), 'year: must be a whole number'],
    ['year as text', (r) => Object.assign(r, { year: '2026' }), 'year: must be a whole number'],
    ['unknown field', (r) => Object.assign(r, { comment: 'x' }), 't: comment: unknown field'],
    ['no source', (r) => Object.assign(r, { source: undefined }), 'source: must be a mapping'],
    ['empty title', (r) => Object.assign(r, { source: { title: ' ' } }), 'source.title: must be a non-empty text'],
    ['bad published', (r) => Object.assign(r, { source: { title: 'x', published: '2025-13-01' } }), 'source.published: not a date'],
    ['unknown source field', (r) => Object.assign(r, { source: { title: 'x', url: 'y' } }), 'source.url: unknown field'],
    ['no holidays', (r) => Object.assign(r, { holidays: [] }), 'holidays: must be a non-empty list'],
    ['unknown holiday field', (r) => Object.assign(holidayAt(r, 0), { kind: 'x' }), 'holidays[0].kind: unknown field'],
    ['unnamed holiday', (r) => Object.assign(holidayAt(r, 1), { name: '' }), 'holidays[1].name: must be a non-empty text'],
    ['no such day', (r) => Object.assign(holidayAt(r, 0), { to: '2026-02-30' }), 'holidays[0].to: not a date'],
    ['a Date, not text', (r) => Object.assign(holidayAt(r, 0), { from: new Date('2026-02-15') }), 'holidays[0].from: not a date'],
    ['crossing the year', (r) => Object.assign(holidayAt(r, 1), { from: '2025-12-31' }), 'holidays[1].from: 2025-12-31 is outside 2026'],
    ['ending next year', (r) => Object.assign(holidayAt(r, 0), { to: '2027-01-01' }), 'holidays[0].to: 2027-01-01 is outside 2026'],
    ['to before from', (r) => Object.assign(holidayAt(r, 2), { to: '2026-04-03' }), 'holidays[2].to: 2026-04-03 is before from'],
    ['overlap', (r) => Object.assign(holidayAt(r, 2), { from: '2026-02-23', to: '2026-02-24' }), 'holidays[2]: 2026-02-23..2026-02-24 overlaps holidays[0]'],
    ['no workdays list', (r) => Object.assign(r, { workdays: undefined }), 'workdays: must be a list'],
    ['workday on a weekday', (r) => Object.assign(r, { workdays: ['2026-03-02'] }), 'workdays[0]: 2026-03-02 is not a Saturday or Sunday'],
    ['workday in a holiday', (r) => Object.assign(r, { workdays: ['2026-01-04', '2026-02-21'] }), 'workdays[1]: 2026-02-21 is inside the holiday 春节'],
    ['workday twice', (r) => Object.assign(r, { workdays: ['2026-01-04', '2026-01-04'] }), 'workdays[1]: 2026-01-04 is listed twice'],
    ['workday of another year', (r) => Object.assign(r, { workdays: ['2025-12-27'] }), 'workdays[0]: 2025-12-27 is outside 2026'],
  ];
  it.each(bad)('refuses %s', (_, patch, message) => {
    expect(() => parseCalendarYear(breakWith(patch), 't')).toThrow(message);
  });

  it('refuses a list or nothing at the top', () => {
    expect(() => parseCalendarYear([], 't')).toThrow('t: must be a mapping');
    expect(() => parseCalendarYear(null, 't')).toThrow('t: must be a mapping');
  });
});

describe('calendarYearFromJson', () => {
  it('reads the simple shape: consecutive bare dates become one range', () => {
    const year = calendarYearFromJson(
      { year: 2027, holidays: ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-09'], workdays: ['2027-02-13'], source: { title: TITLE } },
      'in.json',
    );
    expect(year.holidays).toEqual([
      { name: '放假', from: '2027-01-01', to: '2027-01-01' },
      { name: '放假', from: '2027-02-05', to: '2027-02-07' },
      { name: '放假', from: '2027-02-09', to: '2027-02-09' },
    ]);
    expect(year.workdays).toEqual(['2027-02-13']);
  });

  it('reads our own shape, and the command line fills or replaces the notice fields', () => {
    const raw = { ...good(), source: { title: 'old title' } };
    const year = calendarYearFromJson(raw, 'in.json', { notice: { title: TITLE, document: 'X〔2026〕1号' } });
    expect(year.source).toEqual({ title: TITLE, document: 'X〔2026〕1号' });
    const noSource = { year: 2026, holidays: ['2026-01-01'], workdays: [] };
    expect(calendarYearFromJson(noSource, 'in.json', { notice: { title: TITLE } }).source.title).toBe(TITLE);
    expect(() => calendarYearFromJson(noSource, 'in.json')).toThrow('in.json: source: must be a mapping');
  });

  it('takes the year from the command line when the file has none, and refuses a mismatch', () => {
    const raw = { holidays: ['2027-01-01'], workdays: [], source: { title: TITLE } };
    expect(calendarYearFromJson(raw, 'in.json', { year: 2027 }).year).toBe(2027);
    expect(() => calendarYearFromJson({ ...raw, year: 2026 }, 'in.json', { year: 2027 })).toThrow('in.json: year: the file says 2026');
    expect(() => calendarYearFromJson(raw, 'in.json')).toThrow('in.json: year: must be a whole number');
  });

  it('names the field of a bad date among bare dates', () => {
    const raw = { year: 2027, holidays: ['2027-01-01', 'soon'], workdays: [], source: { title: TITLE } };
    expect(() => calendarYearFromJson(raw, 'in.json')).toThrow('in.json: holidays[1]: must be a mapping');
    expect(() => calendarYearFromJson([1], 'in.json')).toThrow('in.json: must be a JSON object');
  });
});

// Test fixture only: a synthetic calendar for 2027, not a real State Council notice.
const FIXTURE_ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//CaseLink tests//synthetic fixture//ZH',
  'X-WR-CALNAME:测试用日历（合成数据，非国务院办公厅通知）Synthetic test fixture calen',
  ' dar\\, not a notice',
  'BEGIN:VTIMEZONE',
  'TZID:Asia/Shanghai',
  'BEGIN:STANDARD',
  'DTSTART:19700101T000000',
  'TZOFFSETFROM:+0800',
  'TZOFFSETTO:+0800',
  'END:STANDARD',
  'END:VTIMEZONE',
  'BEGIN:VEVENT',
  'UID:a@test',
  'DTSTART;VALUE=DATE:20270101',
  'SUMMARY:元旦',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:b@test',
  'DTSTART;VALUE=DATE:20270205',
  'DTEND;VALUE=DATE:20270212',
  'SUMMARY:春',
  '\t节',
  'BEGIN:VALARM',
  'ACTION:DISPLAY',
  'SUMMARY:ignored alarm 班',
  'TRIGGER:-PT15M',
  'END:VALARM',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:c@test',
  'DTSTART:20270213',
  'DURATION:P1D',
  'SUMMARY:春节补班',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:d@test',
  'DTSTART;VALUE=DATE:20270220',
  'DTEND;VALUE=DATE:20270221',
  'SUMMARY:make-up day',
  'X-CASELINK-KIND:workday',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('calendarYearFromIcs (RFC 5545)', () => {
  it('reads events as days off and make-up working days; DTEND exclusive, folded lines, CRLF', () => {
    const year = calendarYearFromIcs(FIXTURE_ICS, 'fixture.ics');
    expect(year).toEqual({
      year: 2027,
      source: { title: '测试用日历（合成数据，非国务院办公厅通知）Synthetic test fixture calendar, not a notice' },
      holidays: [
        { name: '元旦', from: '2027-01-01', to: '2027-01-01' },
        { name: '春节', from: '2027-02-05', to: '2027-02-11' },
      ],
      workdays: ['2027-02-13', '2027-02-20'],
    });
  });

  it('reads LF-only files and takes the title from the command line over X-WR-CALNAME', () => {
    const year = calendarYearFromIcs(FIXTURE_ICS.replaceAll('\r\n', '\n'), 'fixture.ics', { notice: { title: TITLE, document: 'D1' } });
    expect(year.source).toEqual({ title: TITLE, document: 'D1' });
  });

  it('keeps one year of a feed spanning several, clipping ranges to it, and merges per-day events', () => {
    const feed = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261231',
      'DTEND;VALUE=DATE:20270103',
      'SUMMARY:元旦(休)',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270210',
      'SUMMARY:春节(休)',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270211',
      'SUMMARY:春节(休)',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\n');
    expect(() => calendarYearFromIcs(feed, 'feed.ics', { notice: { title: TITLE } })).toThrow('feed.ics: VEVENT: events span 2026, 2027: pass the year');
    const year = calendarYearFromIcs(feed, 'feed.ics', { year: 2027, notice: { title: TITLE } });
    expect(year.holidays).toEqual([
      { name: '元旦(休)', from: '2027-01-01', to: '2027-01-02' },
      { name: '春节(休)', from: '2027-02-10', to: '2027-02-11' },
    ]);
    expect(() => calendarYearFromIcs(feed, 'feed.ics', { year: 2030, notice: { title: TITLE } })).toThrow('no event falls in 2030');
  });

  const event = (...props: string[]) => ['BEGIN:VCALENDAR', 'X-WR-CALNAME:t', 'BEGIN:VEVENT', ...props, 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
  const badIcs: [string, string, string][] = [
    ['not a calendar', 'hello', 'x.ics: line 1: not an iCalendar content line'],
    ['no BEGIN:VCALENDAR', 'BEGIN:VEVENT\r\nEND:VEVENT', 'x.ics: line 1: an iCalendar file starts with BEGIN:VCALENDAR'],
    ['unclosed', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20270101', 'BEGIN:VEVENT is never closed'],
    ['mismatched END', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR', 'line 3: END:VTODO does not close'],
    ['no events', 'BEGIN:VCALENDAR\r\nX-WR-CALNAME:t\r\nEND:VCALENDAR', 'x.ics: VEVENT: the file has no events'],
    ['no DTSTART', event('SUMMARY:元旦'), 'VEVENT[0] (line 3): has no DTSTART'],
    ['a date-time', event('DTSTART:20270101T000000Z', 'SUMMARY:元旦'), 'x.ics: VEVENT[0].DTSTART (line 4): not a date (VALUE=DATE, YYYYMMDD)'],
    ['no such day', event('DTSTART;VALUE=DATE:20270230', 'SUMMARY:元旦'), 'x.ics: VEVENT[0].DTSTART (line 4): 20270230 is not a real date'],
    ['DTEND not after DTSTART', event('DTSTART;VALUE=DATE:20270102', 'DTEND;VALUE=DATE:20270102', 'SUMMARY:元旦'), 'VEVENT[0].DTEND (line 5): must be after DTSTART'],
    ['hour duration', event('DTSTART;VALUE=DATE:20270102', 'DURATION:PT8H', 'SUMMARY:元旦'), 'VEVENT[0].DURATION (line 5): only whole days or weeks'],
    ['no SUMMARY', event('DTSTART;VALUE=DATE:20270101'), 'VEVENT[0] (line 3).SUMMARY: missing'],
    ['unknown kind', event('DTSTART;VALUE=DATE:20270101', 'SUMMARY:元旦', 'X-CASELINK-KIND:maybe'), 'VEVENT[0].X-CASELINK-KIND (line 6): must be workday or holiday'],
    ['only make-up days', event('DTSTART;VALUE=DATE:20270104', 'SUMMARY:上班'), 'x.ics: holidays: must be a non-empty list'],
  ];
  it.each(badIcs)('refuses %s, naming the field', (_, text, message) => {
    expect(() => calendarYearFromIcs(text, 'x.ics')).toThrow(message);
  });

  it('needs the notice title from X-WR-CALNAME or the caller', () => {
    const text = FIXTURE_ICS.replace(/X-WR-CALNAME:[^\r]*\r\n [^\r]*\r\n/, '');
    expect(() => calendarYearFromIcs(text, 'x.ics')).toThrow('x.ics: X-WR-CALNAME: missing');
    expect(calendarYearFromIcs(text, 'x.ics', { notice: { title: TITLE } }).source.title).toBe(TITLE);
  });

  it('applies the year rules to what it read: a make-up day on a weekday is refused', () => {
    const text = FIXTURE_ICS.replace('DTSTART:20270213', 'DTSTART:20270215');
    expect(() => calendarYearFromIcs(text, 'x.ics')).toThrow('x.ics: workdays[0]: 2027-02-15 is not a Saturday or Sunday');
  });
});

/** The "Official calendars loaded so far" table of time-limits.md, verbatim. */
const SPEC_TABLE: Record<number, { daysOff: string; workdays: string }> = {
  2025: { daysOff: 'Jan 1; Jan 28-Feb 4; Apr 4-6; May 1-5; May 31-Jun 2; Oct 1-8', workdays: 'Jan 26, Feb 8, Apr 27, Sep 28, Oct 11' },
  2026: { daysOff: 'Jan 1-3; Feb 15-23; Apr 4-6; May 1-5; Jun 19-21; Sep 25-27; Oct 1-7', workdays: 'Jan 4, Feb 14, Feb 28, May 9, Sep 20, Oct 10' },
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Jan 28-Feb 4" or "Apr 4-6" or "Jan 1" in `year` as an inclusive ISO range. */
function specRange(year: number, text: string): { from: string; to: string } {
  const m = /^(\w{3}) (\d+)(?:-(?:(\w{3}) )?(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`cannot read "${text}"`);
  const iso = (month: string, day: string) => `${year}-${String(MONTHS.indexOf(month) + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
  return { from: iso(m[1]!, m[2]!), to: iso(m[3] ?? m[1]!, m[4] ?? m[2]!) };
}

describe('the shipped calendars (rules/calendars)', () => {
  const { years, files } = loadCalendarYears([CALENDARS_DIR]);
  const byYear = new Map(years.map((y) => [y.year, y]));

  it('holds every year from 2020 to 2026, each parsing, each with its notice', () => {
    expect(years.map((y) => y.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const y of years) {
      expect(y.source.title).toBe(`国务院办公厅关于${y.year}年部分节假日安排的通知`);
      expect(y.source.published! < `${y.year}-01-01`).toBe(true);
      expect(files.get(y.year)).toBe(join(CALENDARS_DIR, `${y.year}.yaml`));
    }
  });

  it.each([2025, 2026])('%i equals the table of time-limits.md', (year) => {
    const calendar = byYear.get(year)!;
    const spec = SPEC_TABLE[year]!;
    expect(calendar.holidays.map(({ from, to }) => ({ from, to }))).toEqual(spec.daysOff.split(';').map((t) => specRange(year, t)));
    expect(calendar.workdays).toEqual(spec.workdays.split(',').map((t) => specRange(year, t).from));
  });

  it('2020 carries the Spring Festival extension (国办发明电〔2020〕1号): off to 2 February, 1 February not worked', () => {
    const y2020 = byYear.get(2020)!;
    expect(y2020.holidays.find((h) => h.name === '春节')).toEqual({ name: '春节', from: '2020-01-24', to: '2020-02-02' });
    expect(y2020.workdays).not.toContain('2020-02-01');
  });

  it.each([2020, 2021, 2022, 2023, 2024, 2025, 2026])('%i survives a round trip through iCalendar and through YAML', (year) => {
    const calendar = byYear.get(year)!;
    const ics = calendarYearToIcs(calendar);
    expect(calendarYearFromIcs(ics, `${year}.ics`)).toEqual(calendar);
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(parseCalendarYear(yamlParse(calendarYearToYaml(calendar, ['header'])), 'round-trip.yaml')).toEqual(calendar);
  });

  it('a round trip keeps text that needs escaping, and folds long lines at 75 octets', () => {
    const odd: CalendarYear = {
      year: 2027,
      source: { title: `a; b, c \\ d: e # f ${'测试'.repeat(30)}`, document: 'true' },
      holidays: [{ name: '- x, y', from: '2027-01-01', to: '2027-01-01' }],
      workdays: [],
    };
    const ics = calendarYearToIcs(odd);
    expect(ics).toContain('\r\n ');
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(calendarYearFromIcs(ics, 'odd.ics')).toEqual(odd);
    expect(parseCalendarYear(yamlParse(calendarYearToYaml(odd)), 'odd.yaml')).toEqual(odd);
  });

  it('datesOf lists every day of a range, across months', () => {
    expect(datesOf({ from: '2025-01-28', to: '2025-02-04' })).toHaveLength(8);
  });
});

describe('loadCalendarYears', () => {
  const dir = mkdtempSync(join(tmpdir(), 'caselink-calendars-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const calendar = parseCalendarYear(good(), 'good');

  it('reads a second folder, and a missing folder holds none', () => {
    const imported = join(dir, 'a');
    writeCalendarYear(imported, { ...calendar, year: 2027, holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }], workdays: [] });
    const { years, files } = loadCalendarYears([CALENDARS_DIR, imported, join(dir, 'missing')]);
    expect(years.map((y) => y.year).at(-1)).toBe(2027);
    expect(files.get(2027)).toBe(join(imported, '2027.yaml'));
  });

  it('refuses the same year in two folders, naming both files', () => {
    const twice = join(dir, 'b');
    writeCalendarYear(twice, calendar);
    expect(() => loadCalendarYears([CALENDARS_DIR, twice])).toThrow(/2026\.yaml: year 2026 is also loaded from .*rules\/calendars\/2026\.yaml/);
  });

  it('refuses a file whose name is not its year, and a file that is not YAML', () => {
    const wrong = join(dir, 'c');
    writeCalendarYear(wrong, calendar);
    writeFileSync(join(wrong, '2030.yaml'), calendarYearToYaml(calendar));
    expect(() => loadCalendarYears([wrong])).toThrow('2030.yaml: year: 2026 does not match the file name');
    const broken = join(dir, 'd');
    writeCalendarYear(broken, calendar);
    writeFileSync(join(broken, '2026.yaml'), 'year: [2026\n');
    expect(() => loadCalendarYears([broken])).toThrow(/2026\.yaml: /);
  });
});
