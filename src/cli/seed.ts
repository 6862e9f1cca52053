import type { Command } from 'commander';
import { type GlobalOptions, UsageError, withDb } from './context.ts';

export function seedCommand(program: Command): void {
  const seed = program.command('seed').description('载入数据 / Load data');
  seed
    .command('demo')
    .description(
      '载入示范省（仅空库） / Load the demo province into an empty database; every account\'s password is CASELINK_DEMO_PASSWORD (default demo1234)',
    )
    .option('--seed <n>', 'seed of the generator: the same seed gives the same province', '1')
    .action(async (opts: { seed: string }, cmd: Command) => {
      const n = Number(opts.seed);
      if (!Number.isInteger(n) || n < 0 || n > 2 ** 31) throw new UsageError(`--seed must be a whole number, got "${opts.seed}"`);
      const [{ migrate }, { loadRules }, { seedDemo }] = await Promise.all([
        import('../db/migrate.ts'),
        import('../rules/load-rules.ts'),
        import('../seed/seed-demo.ts'),
      ]);
      const rules = loadRules();
      await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db, config) => {
        await migrate(db);
        const result = await seedDemo(db, rules.organisation, { seed: n, password: config.demoPassword });
        console.log(`demo province loaded: ${result.regions} regions, ${result.units} units, ${result.users} accounts`);
      });
    });
}
