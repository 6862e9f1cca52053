import type { Command } from 'commander';
import { type GlobalOptions, UsageError, countOption, withDb } from './context.ts';

export function seedCommand(program: Command): void {
  const seed = program.command('seed').description('载入数据 / Load data');
  seed
    .command('demo')
    .description(
      '载入示范省及其刑事案件、监督数据和社会治理中心数据（仅空库） / Load the demo province, its criminal cases, oversight facts and governance center (disputes, petitions, grid events) into an empty database; every account\'s password is CASELINK_DEMO_PASSWORD (default demo1234)',
    )
    .option('--seed <n>', 'seed of the generator: the same seed gives the same province and cases', '1')
    .option('--cases <n>', 'how many criminal cases, loaded through the case services (0: the province only)', '520')
    .action(async (opts: { seed: string; cases: string }, cmd: Command) => {
      const n = Number(opts.seed);
      if (!Number.isInteger(n) || n < 0 || n > 2 ** 31) throw new UsageError(`--seed must be a whole number, got "${opts.seed}"`);
      const cases = countOption('--cases', opts.cases);
      const [{ migrate }, { loadRules }, { seedDemo }, { loadAppDeps }, { demoProgress, seedDemoCases }, { seedDemoOversight }, { governanceProgress, seedDemoGovernance }, { governanceSizeFor }, { DEMO_CASE_COUNT }] = await Promise.all([
        import('../db/migrate.ts'),
        import('../rules/load-rules.ts'),
        import('../seed/seed-demo.ts'),
        import('../app-deps.ts'),
        import('../seed/seed-demo-cases.ts'),
        import('../seed/demo-oversight.ts'),
        import('../seed/demo-governance.ts'),
        import('../seed/demo-governance-plan.ts'),
        import('../seed/demo-cases.ts'),
      ]);
      const { describeLeadership, seedDemoLeadership } = await import('../seed/demo-leadership.ts');
      const rules = loadRules();
      await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db, config) => {
        await migrate(db);
        const result = await seedDemo(db, rules.organisation, { seed: n, password: config.demoPassword });
        console.log(`demo province loaded: ${result.regions} regions, ${result.units} units, ${result.users} accounts`);
        if (cases === 0) return;
        const deps = loadAppDeps(config, db);
        const now = new Date();
        const loaded = await seedDemoCases(deps, rules.organisation, { seed: n, now, count: cases, onProgress: demoProgress((line) => console.log(line)) });
        console.log(`demo cases loaded: ${loaded.cases} cases (${loaded.steps} steps through the case services) in ${Math.round(loaded.ms / 1000)} s`);
        const oversight = await seedDemoOversight(deps, { now });
        console.log(`demo oversight loaded: ${oversight.incidents} incidents, ${oversight.records} case records, ${oversight.loans} loans, ${oversight.items} supervision items; ${oversight.run.models.filter((m) => (m.holding ?? 0) > 0).length} warning models with hits`);
        // the governance center, in proportion to the cases (520 and more: the full 2,000 disputes and more)
        const governance = await seedDemoGovernance(deps, { seed: n, now, size: governanceSizeFor(cases, DEMO_CASE_COUNT), onProgress: governanceProgress((line) => console.log(line)) });
        console.log(`demo governance center loaded: ${governance.disputes} disputes, ${governance.petitions} petitions, ${governance.gridEvents} grid events (${governance.agreements} sealed agreements, ${governance.photos} photos) in ${Math.round(governance.ms / 1000)} s; ${governance.run?.models.filter((m) => (m.holding ?? 0) > 0).length ?? 0} warning models with hits`);
        console.log(`demo leadership loaded: ${describeLeadership(await seedDemoLeadership(deps, { seed: n, now }))}`);
      });
    });
}
