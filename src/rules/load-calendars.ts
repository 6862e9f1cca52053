/**
 * Reads and writes the official calendars (one YAML file per year of a State Council holiday notice):
 * those shipped in rules/calendars and those imported at run time into <dataDir>/calendars.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { parse } from 'yaml';
import { parseCalendarYear } from '../engine/clock/calendar-data.ts';
import type { CalendarYear } from '../engine/clock/types.ts';
import { RULES_DIR } from './load-rules.ts';

/** The calendars reviewed with the code. */
export const CALENDARS_DIR = join(RULES_DIR, 'calendars');

/** Where calendars imported at run time live, so that adding a year needs no change to the repository. */
export function importedCalendarsDir(dataDir: string): string {
  return join(dataDir, 'calendars');
}

/** The folders a running instance reads calendars from: the repository's, then the data folder's. */
export function calendarDirs(dataDir: string): string[] {
  return [CALENDARS_DIR, importedCalendarsDir(dataDir)];
}

/** A path as people read it in messages: relative to the working folder when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function readCalendarFile(path: string): CalendarYear {
  const label = displayPath(path);
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${label}: ${(error as Error).message.split('\n')[0]}`);
  }
  const calendar = parseCalendarYear(raw, label);
  const named = /^(\d{4})\.yaml$/.exec(path.split(/[\\/]/).pop()!)?.[1];
  if (named !== String(calendar.year)) {
    throw new Error(`${label}: year: ${calendar.year} does not match the file name (expected ${calendar.year}.yaml)`);
  }
  return calendar;
}

/**
 * Loads every `*.yaml` calendar of the given folders (a missing folder holds none); a year found in two
 * files is an error naming both. Returns the years in order and the file each came from.
 */
export function loadCalendarYears(dirs: string[]): { years: CalendarYear[]; files: Map<number, string> } {
  const byYear = new Map<number, CalendarYear>();
  const files = new Map<number, string>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
      const path = join(dir, name);
      const calendar = readCalendarFile(path);
      const earlier = files.get(calendar.year);
      if (earlier) {
        throw new Error(`${displayPath(path)}: year ${calendar.year} is also loaded from ${displayPath(earlier)}; keep one of them`);
      }
      byYear.set(calendar.year, calendar);
      files.set(calendar.year, path);
    }
  }
  const years = [...byYear.values()].sort((a, b) => a.year - b.year);
  return { years, files };
}

/** A text as a YAML scalar: plain when it has no YAML indicators and reads back as the same text, else quoted. */
function scalar(value: string): string {
  const plain = /^[\p{L}\p{N}][\p{L}\p{N}\p{Pd}、〔〕（）·() ]*$/u.test(value) && parse(value) === value;
  return plain ? value : JSON.stringify(value);
}

/** The calendar in the layout of rules/calendars/*.yaml, with a header saying where it came from. */
export function calendarYearToYaml(calendar: CalendarYear, header: string[] = []): string {
  const { source } = calendar;
  return [
    ...header.map((line) => `# ${line}`),
    `year: ${calendar.year}`,
    'source:',
    `  title: ${scalar(source.title)}`,
    ...(source.document ? [`  document: ${scalar(source.document)}`] : []),
    ...(source.published ? [`  published: ${source.published}`] : []),
    'holidays:',
    ...calendar.holidays.map((h) => `  - { name: ${scalar(h.name)}, from: ${h.from}, to: ${h.to} }`),
    `workdays: [${calendar.workdays.join(', ')}]`,
    '',
  ].join('\n');
}

/** Writes <dir>/<year>.yaml atomically (a temporary file renamed into place); returns its path. */
export function writeCalendarYear(dir: string, calendar: CalendarYear, header: string[] = []): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${calendar.year}.yaml`);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, calendarYearToYaml(calendar, header), 'utf8');
  renameSync(temporary, path);
  return path;
}
