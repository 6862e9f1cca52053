import type { Command } from 'commander';
import { AppError } from '../shared/errors.ts';
import { type GlobalOptions, UsageError, describeError, withDb } from './context.ts';

const DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

function parseDays(v: string): number {
  const n = Number(v);
  if (!/^[0-9]+$/.test(v) || n > 365) throw new UsageError(`--days must be a whole number from 0 to 365, got "${v}" / --days 须为 0 至 365 的整数`);
  return n;
}

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

export function collaborationRateCommand(program: Command): void {
  program
    .command('collaboration-rate')
    .description('协同率：在线移送率与按时在线接收率 / Collaboration rate: sent online, and received online within N days')
    .requiredOption('--from <date>', 'first day of the period, YYYY-MM-DD (China Standard Time)')
    .requiredOption('--to <date>', 'last day of the period, YYYY-MM-DD (China Standard Time)')
    .option('--by <unit|county>', 'one row per unit or per county', 'unit')
    .option('--days <n>', 'N of "received within N days" (default CASELINK_COLLABORATION_DAYS, 3)', parseDays)
    .option('--json', 'print one JSON object: definition, total, items')
    .action(async (opts: { from: string; to: string; by: string; days?: number; json?: boolean }, cmd: Command) => {
      if (opts.by !== 'unit' && opts.by !== 'county') throw new UsageError(`--by must be unit or county, got "${opts.by}" / --by 须为 unit 或 county`);
      for (const [name, v] of [['--from', opts.from], ['--to', opts.to]] as const) {
        if (!DAY.test(v)) throw new UsageError(`${name} must be a date YYYY-MM-DD, got "${v}" / ${name} 须为 YYYY-MM-DD 日期`);
      }
      const { parsePeriod, collaborationRate } = await import('../modules/collaboration/collaboration.service.ts');
      try {
        parsePeriod(opts.from, opts.to);
      } catch (error) {
        if (error instanceof AppError) throw new UsageError(describeError(error), { cause: error });
        throw error;
      }
      const { loadAppDeps } = await import('../app-deps.ts');
      const query = { from: opts.from, to: opts.to, by: opts.by as 'unit' | 'county', ...(opts.days === undefined ? {} : { days: opts.days }) };
      const result = await withDb(cmd.optsWithGlobals<GlobalOptions>(), (db, config) => collaborationRate(loadAppDeps(config, db), null, query));
      if (opts.json) {
        console.log(JSON.stringify(result));
        return;
      }
      console.log(`协同率 ${result.from} 至 ${result.to}（${result.by === 'unit' ? '按单位' : '按县'}，接收时限 ${result.days} 日）`);
      console.log(`${'单位/地区'.padEnd(20)}\t在线移送\t在线移送率\t按时接收\t按时接收率\t待接收`);
      for (const r of [...result.items, { name: '合计', ...result.total }]) {
        console.log(`${r.name.padEnd(20)}\t${r.sentOnline}/${r.sent}\t${percent(r.sentOnlineRate)}\t${r.receivedInTime}/${r.received}\t${percent(r.receivedInTimeRate)}\t${r.receivedPending}`);
      }
      console.log(`口径：${result.definition.zh}`);
    });
}
