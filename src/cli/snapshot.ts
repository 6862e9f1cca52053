import type { Command } from 'commander';
import { AppError } from '../shared/errors.ts';
import { type GlobalOptions, UsageError, describeError, withDb } from './context.ts';

const KINDS = ['day', 'month', 'quarter'] as const;

export function snapshotCommand(program: Command): void {
  const snapshot = program.command('snapshot').description('指标快照（晾晒排名） / Indicator snapshots of the rankings');

  snapshot
    .command('take')
    .description('生成一个已结束期间的指标快照（冻结，不可重算） / Take the frozen snapshot of an ended period')
    .requiredOption('--kind <day|month|quarter>', 'the period kind')
    .requiredOption('--period <label>', "the period: 2026-11-21 (day), 2026-10 (month), 2026-Q3 (quarter)")
    .option('--region <code>', 'the ranking region (default: the province, the root of the region tree)')
    .option('--json', 'print the snapshot as one JSON object')
    .action(async (opts: { kind: string; period: string; region?: string; json?: boolean }, cmd: Command) => {
      if (!(KINDS as readonly string[]).includes(opts.kind)) throw new UsageError(`--kind must be day, month or quarter, got "${opts.kind}" / --kind 须为 day、month 或 quarter`);
      if (opts.region !== undefined && !/^[0-9]{6}([0-9]{3})?$/.test(opts.region)) throw new UsageError(`--region must be a region code, got "${opts.region}" / --region 须为行政区划代码`);
      const { loadAppDeps } = await import('../app-deps.ts');
      const { indicatorRules } = await import('../modules/indicators/indicators.routes.ts');
      const { takeSnapshot } = await import('../modules/indicators/indicators.service.ts');
      try {
        const s = await withDb(cmd.optsWithGlobals<GlobalOptions>(), (db, config) =>
          takeSnapshot(loadAppDeps(config, db), indicatorRules(), { system: 'cli' }, { periodKind: opts.kind as (typeof KINDS)[number], period: opts.period, region: opts.region }),
        );
        if (opts.json) console.log(JSON.stringify(s));
        else console.log(`快照已生成 / snapshot taken: ${s.periodKind} ${s.period} ${s.regionCode} ${s.regionName}, ${s.values} 项数值 / values, ${s.id}`);
      } catch (error) {
        // a refusal (period not ended, already taken, no such region) is the caller's to fix: exit 2
        if (error instanceof AppError && error.status < 500) throw new UsageError(describeError(error), { cause: error });
        throw error;
      }
    });

  snapshot
    .command('list')
    .description('已生成的指标快照 / Snapshots taken')
    .option('--kind <day|month|quarter>', 'only this period kind')
    .option('--region <code>', 'only this ranking region')
    .option('--json', 'print one JSON object: items, total')
    .action(async (opts: { kind?: string; region?: string; json?: boolean }, cmd: Command) => {
      if (opts.kind !== undefined && !(KINDS as readonly string[]).includes(opts.kind)) throw new UsageError(`--kind must be day, month or quarter, got "${opts.kind}" / --kind 须为 day、month 或 quarter`);
      const { loadAppDeps } = await import('../app-deps.ts');
      const { snapshotList } = await import('../modules/indicators/indicators.service.ts');
      const result = await withDb(cmd.optsWithGlobals<GlobalOptions>(), (db, config) =>
        snapshotList(loadAppDeps(config, db), { periodKind: opts.kind as (typeof KINDS)[number] | undefined, region: opts.region, limit: 1000, offset: 0 }),
      );
      if (opts.json) {
        console.log(JSON.stringify(result));
        return;
      }
      console.log('期间类型\t期间\t地区\t生成时间\t数值\t规则摘要');
      for (const s of result.items) console.log(`${s.periodKind}\t${s.period}\t${s.regionCode} ${s.regionName}\t${s.takenAt}\t${s.values}\t${s.rulesDigest.slice(0, 12)}`);
      console.log(`共 ${result.total} 个 / ${result.total} in all`);
    });
}
