import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../shared/errors.ts';
import { type GlobalOptions, UsageError, describeError, withDb } from './context.ts';

const REGION = /^[0-9]{6}([0-9]{3})?$/;

/**
 * `caselink report <name> --period <p> --region <code> --format xlsx|pdf [--out <file>]`: issues one report (or
 * `bulletin`) over every unit of the region, writes the file, prints its path, size and SM3, and records the issue
 * in the history as issued by the command line. `caselink report list` lists the reports.
 */
export function reportCommand(program: Command): void {
  program
    .command('report')
    .description('统计报表：生成 xlsx/PDF 报表或月度通报；list 列出报表 / Issue a statistical report or the monthly bulletin; "list" lists them')
    .argument('<name>', 'a report id (see `caselink report list`), bulletin, or list')
    .option('--period <period>', 'YYYY | YYYY-Qn | YYYY-MM | YYYY-MM-DD..YYYY-MM-DD (China Standard Time)')
    .option('--region <code>', 'the region counted (GB/T 2260 code)')
    .option('--format <xlsx|pdf>', 'the file format', 'xlsx')
    .option('--out <file>', 'where to write the file (default: ./<report>_<region>_<period>.<format>)')
    .action(async (name: string, opts: { period?: string; region?: string; format: string; out?: string }, cmd: Command) => {
      const { loadAppDeps } = await import('../app-deps.ts');
      const service = await import('../modules/reports/reports.service.ts');
      const global = cmd.optsWithGlobals<GlobalOptions>();
      if (name === 'list') {
        await withDb(global, async (db, config) => {
          const rdeps = service.loadReportDeps(loadAppDeps(config, db));
          for (const r of rdeps.reportRules.reports) console.log(`${r.id.padEnd(18)}\t${r.title.zh}\t${r.title.en}`);
          console.log(`${service.BULLETIN_ID.padEnd(18)}\t月度通报（仅 PDF，按月）\tMonthly bulletin (PDF, a month)`);
        });
        return;
      }
      if (!opts.period) throw new UsageError('--period is required / 须指定 --period（YYYY、YYYY-Qn、YYYY-MM 或 YYYY-MM-DD..YYYY-MM-DD）');
      if (!opts.region || !REGION.test(opts.region)) throw new UsageError(`--region must be a region code of 6 or 9 digits, got "${opts.region ?? ''}" / --region 须为 6 位或 9 位行政区划代码`);
      if (opts.format !== 'xlsx' && opts.format !== 'pdf') throw new UsageError(`--format must be xlsx or pdf, got "${opts.format}" / --format 须为 xlsx 或 pdf`);
      try {
        service.periodOf(opts.period);
      } catch (error) {
        if (error instanceof AppError) throw new UsageError(describeError(error), { cause: error });
        throw error;
      }
      const format = opts.format;
      const period = opts.period;
      const region = opts.region;
      const { issue, bytes } = await withDb(global, async (db, config) => {
        const rdeps = service.loadReportDeps(loadAppDeps(config, db));
        try {
          const issued = await service.issueReport(rdeps, { kind: 'cli' }, { report: name, period, region, format });
          return { issue: issued, bytes: await rdeps.files.get(issued.fileKey) };
        } catch (error) {
          // a report, region or format that does not exist is the caller's mistake
          if (error instanceof AppError && error.status === 422) throw new UsageError(describeError(error), { cause: error });
          throw error;
        }
      });
      const out = resolve(opts.out ?? `${name}_${issue.regionCode}_${issue.period.replace(/\.\./g, '_')}.${format}`);
      writeFileSync(out, bytes);
      console.log(out);
      console.log(`bytes ${issue.bytes}`);
      console.log(`sm3 ${issue.sm3}`);
      console.log(`issue ${issue.id}`);
    });
}
