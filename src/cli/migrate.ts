import type { Command } from 'commander';
import { type GlobalOptions, withDb } from './context.ts';

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('创建或升级数据库结构 / Create or upgrade the database schema (no demo data, no accounts)')
    .action(async (_opts: unknown, cmd: Command) => {
      const { migrate } = await import('../db/migrate.ts');
      await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) => {
        const result = await migrate(db);
        console.log(
          result.applied.length
            ? `applied ${result.applied.length} migration(s): ${result.applied.join(', ')}`
            : `schema up to date (${result.alreadyApplied} migration(s))`,
        );
      });
    });
}
