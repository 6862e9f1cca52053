import { dirname } from 'node:path';
import type { Command } from 'commander';
import type { CalendarYear } from '../engine/clock/types.ts';
import { type GlobalOptions, UsageError, cliConfig } from './context.ts';

interface ImportFlags {
  sourceTitle?: string;
  sourceDocument?: string;
  year?: string;
  replace?: boolean;
  dryRun?: boolean;
}

/** The --year option as a whole number, or a usage error. */
function yearFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value)) throw new UsageError(`--year must be a four-digit year, got "${value}"`);
  return Number(value);
}

/** Reads and validates an .ics (RFC 5545) or .json calendar file; every problem is a usage error. */
async function readImport(file: string, flags: ImportFlags): Promise<CalendarYear> {
  const { readFileSync } = await import('node:fs');
  const { calendarYearFromIcs, calendarYearFromJson } = await import('../engine/clock/calendar-data.ts');
  const kind = /\.(ics|json)$/i.exec(file)?.[1]?.toLowerCase();
  if (!kind) throw new UsageError(`${file}: the file name must end in .ics or .json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const options = { year: yearFlag(flags.year), notice: { title: flags.sourceTitle, document: flags.sourceDocument } };
  try {
    if (kind === 'ics') return calendarYearFromIcs(text, file, options);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new Error(`${file}: not JSON (${(error as Error).message})`);
    }
    return calendarYearFromJson(raw, file, options);
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
}

function describeYear(calendar: CalendarYear, daysOff: number): string {
  const doc = calendar.source.document ? `（${calendar.source.document}）` : '';
  return `${calendar.year}  ${daysOff} day(s) off, ${calendar.workdays.length} make-up working day(s)  ${calendar.source.title}${doc}`;
}

export function calendarCommand(program: Command): void {
  const calendar = program.command('calendar').description('法定节假日与调休日历 / Official calendars (State Council holiday notices)');
  calendar
    .command('years')
    .description('列出已载入的年份 / List the loaded years: days off, make-up working days, notice, file')
    .option('--json', 'print one JSON array')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { calendarDirs, displayPath, loadCalendarYears } = await import('../rules/load-calendars.ts');
      const { countDaysOff } = await import('../engine/clock/calendar-data.ts');
      const { years, files } = loadCalendarYears(calendarDirs(cliConfig(cmd.optsWithGlobals<GlobalOptions>()).dataDir));
      const rows = years.map((y) => ({ year: y.year, daysOff: countDaysOff(y), workdays: y.workdays.length, source: y.source, file: displayPath(files.get(y.year)!) }));
      if (opts.json) console.log(JSON.stringify(rows));
      else if (rows.length === 0) console.log('no calendar years loaded');
      else for (const [i, row] of rows.entries()) console.log(`${describeYear(years[i]!, row.daysOff)}  ${row.file}`);
    });
  calendar
    .command('import')
    .description('从 ICS 或 JSON 文件导入一年 / Add a year from an .ics (RFC 5545) or .json file into <data>/calendars')
    .argument('<file>', 'an .ics or .json file')
    .option('--source-title <title>', 'the notice title (国务院办公厅关于YYYY年部分节假日安排的通知); an .ics may give it in X-WR-CALNAME')
    .option('--source-document <number>', 'the notice document number, e.g. 国办发明电〔2026〕N号')
    .option('--year <year>', 'the year to import (an .ics spanning several years keeps only this one)')
    .option('--replace', 'replace a year imported before')
    .option('--dry-run', 'validate and report, write nothing')
    .action(async (file: string, flags: ImportFlags, cmd: Command) => {
      const { CALENDARS_DIR, calendarDirs, displayPath, importedCalendarsDir, loadCalendarYears, writeCalendarYear } = await import(
        '../rules/load-calendars.ts'
      );
      const { countDaysOff } = await import('../engine/clock/calendar-data.ts');
      const { dataDir } = cliConfig(cmd.optsWithGlobals<GlobalOptions>());
      const year = await readImport(file, flags);
      const existing = loadCalendarYears(calendarDirs(dataDir)).files.get(year.year);
      if (existing !== undefined && dirname(existing) === CALENDARS_DIR) {
        throw new UsageError(`${year.year} ships with CaseLink in ${displayPath(existing)}; change it there, not by import`);
      }
      if (existing && !flags.replace) {
        throw new UsageError(`${year.year} is already loaded from ${displayPath(existing)}; pass --replace to replace it`);
      }
      const summary = describeYear(year, countDaysOff(year));
      if (flags.dryRun) {
        console.log(`${summary}  valid; nothing written (--dry-run)`);
        return;
      }
      const header = [`Imported by \`caselink calendar import\` from ${file} on ${new Date().toISOString()}.`];
      const path = writeCalendarYear(importedCalendarsDir(dataDir), year, header);
      console.log(`${summary}  ${existing ? 'replaced' : 'written to'} ${displayPath(path)}`);
    });
}
