import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/caselink', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'caselink-calendar-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function caselink(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    delete env.CASELINK_DATA;
    execFile(BIN, ['--data', dataDir, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

// TEST FIXTURE ONLY: a synthetic calendar for 2027, made up for this test. It is NOT a State Council notice
// and its dates are not the real 2027 holidays.
const FIXTURE_2027 = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//CaseLink tests//synthetic fixture//ZH',
  'X-WR-CALNAME:测试用合成日历（非国务院办公厅通知）Synthetic test fixture\\, not a rea',
  ' l notice',
  'BEGIN:VEVENT',
  'UID:fixture-1@caselink.test',
  'DTSTAMP:20260101T000000Z',
  'DTSTART;VALUE=DATE:20270101',
  'DTEND;VALUE=DATE:20270104',
  'SUMMARY:元旦（测试）',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:fixture-2@caselink.test',
  'DTSTAMP:20260101T000000Z',
  'DTSTART;VALUE=DATE:20270206',
  'DTEND;VALUE=DATE:20270213',
  'SUMMARY:春节（测试）',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:fixture-3@caselink.test',
  'DTSTAMP:20260101T000000Z',
  'DTSTART;VALUE=DATE:20270220',
  'SUMMARY:调休上班（测试）',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const fixtureFile = join(dataDir, 'fixture-2027.ics');
const malformedFile = join(dataDir, 'malformed.ics');

describe('bin/caselink calendar', { timeout: 120_000 }, () => {
  it('prints help for each calendar command', async () => {
    for (const args of [['calendar', '--help'], ['calendar', 'years', '--help'], ['calendar', 'import', '--help']]) {
      const run = await caselink(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toContain('Usage: caselink calendar');
    }
  });

  it('years lists the shipped years 2020-2026 with their notices', async () => {
    const text = await caselink(['calendar', 'years']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('2026  33 day(s) off, 6 make-up working day(s)  国务院办公厅关于2026年部分节假日安排的通知');
    const json = await caselink(['calendar', 'years', '--json']);
    const rows = JSON.parse(json.stdout) as { year: number; file: string; source: { title: string } }[];
    expect(rows.map((r) => r.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(rows[0]!.file).toBe('rules/calendars/2020.yaml');
  });

  it('import adds 2027 from an ICS file into <data>/calendars, and years shows it', async () => {
    writeFileSync(fixtureFile, FIXTURE_2027);
    const dry = await caselink(['calendar', 'import', fixtureFile, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('--dry-run');
    expect(existsSync(join(dataDir, 'calendars', '2027.yaml'))).toBe(false);

    const run = await caselink(['calendar', 'import', fixtureFile, '--source-document', '测试〔2026〕0号']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('2027  10 day(s) off, 1 make-up working day(s)');
    const written = readFileSync(join(dataDir, 'calendars', '2027.yaml'), 'utf8');
    expect(written).toContain('document: 测试〔2026〕0号');
    expect(written).toContain('workdays: [2027-02-20]');

    const rows = JSON.parse((await caselink(['calendar', 'years', '--json'])).stdout) as { year: number; file: string; source: { title: string } }[];
    const y2027 = rows.find((r) => r.year === 2027)!;
    expect(y2027.source.title).toBe('测试用合成日历（非国务院办公厅通知）Synthetic test fixture, not a real notice');
    expect(y2027.file).toBe(join(dataDir, 'calendars', '2027.yaml'));
  });

  it('importing a loaded year again is refused with exit 2, and accepted with --replace', async () => {
    const again = await caselink(['calendar', 'import', fixtureFile]);
    expect(again.code).toBe(2);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toContain('2027 is already loaded');
    const replaced = await caselink(['calendar', 'import', fixtureFile, '--replace', '--source-title', '测试用合成日历（替换）']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stdout).toContain('replaced');
    expect(readFileSync(join(dataDir, 'calendars', '2027.yaml'), 'utf8')).toContain('title: 测试用合成日历（替换）');
  });

  it('a year shipped with CaseLink cannot be imported over', async () => {
    const file = join(dataDir, 'fixture-2026.ics');
    writeFileSync(file, FIXTURE_2027.replaceAll(';VALUE=DATE:2027', ';VALUE=DATE:2026').replace('20260220', '20260221'));
    const run = await caselink(['calendar', 'import', file, '--replace']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('2026 ships with CaseLink in rules/calendars/2026.yaml');
  });

  it('a malformed ICS is refused with exit 2 and one line naming the problem', async () => {
    writeFileSync(malformedFile, FIXTURE_2027.replace('DTSTART;VALUE=DATE:20270206', 'DTSTART;VALUE=DATE:2027-02-06'));
    const run = await caselink(['calendar', 'import', malformedFile, '--replace']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('malformed.ics: VEVENT[1].DTSTART (line 16): not a date (VALUE=DATE, YYYYMMDD): "2027-02-06"');
    const missing = await caselink(['calendar', 'import', join(dataDir, 'no-such.ics')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const wrongKind = await caselink(['calendar', 'import', join(dataDir, 'calendars', '2027.yaml')]);
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toContain('must end in .ics or .json');
  });

  it('import reads the simple JSON shape', async () => {
    const file = join(dataDir, 'fixture-2028.json');
    // TEST FIXTURE ONLY: synthetic dates, not a real notice
    writeFileSync(file, JSON.stringify({ year: 2028, holidays: ['2028-01-01', '2028-01-02', '2028-01-03'], workdays: [] }));
    const noTitle = await caselink(['calendar', 'import', file]);
    expect(noTitle.code).toBe(2);
    expect(noTitle.stderr).toContain('source');
    const run = await caselink(['calendar', 'import', file, '--source-title', '测试用合成日历 2028']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('2028  3 day(s) off, 0 make-up working day(s)  测试用合成日历 2028');
  });
});
