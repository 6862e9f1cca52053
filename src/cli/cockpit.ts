import type { Command } from 'commander';
import { type GlobalOptions, withDb } from './context.ts';

export function cockpitCommand(program: Command): void {
  const cockpit = program.command('cockpit').description('驾驶舱计数 / The cockpit\'s kept counts');
  cockpit
    .command('verify')
    .description('将触发器维护的计数与基础表重新计数比对，列出不一致之处 / Compare the counts the triggers keep with a recount of the base tables and list any difference')
    .option('--json', 'print one JSON object')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { verifyCounts } = await import('../modules/cockpit/cockpit.repository.ts');
      const differences = await withDb(cmd.optsWithGlobals<GlobalOptions>(), (db) => verifyCounts(db));
      if (opts.json) console.log(JSON.stringify({ ok: differences.length === 0, differences }));
      else if (differences.length === 0) console.log('cockpit counts agree with a recount of the base tables');
      else {
        console.log(`cockpit counts DIFFER from a recount in ${differences.length} place(s):`);
        for (const d of differences.slice(0, 50)) console.log(`  ${d.figure} ${d.key} unit ${d.unitId}: kept ${d.kept}, recounted ${d.recounted}`);
      }
      if (differences.length > 0) process.exitCode = 1;
    });
  cockpit
    .command('rebuild')
    .description('从基础表重新计数（批量导入关闭触发器之后） / Recount everything from the base tables (after a bulk load with triggers off)')
    .action(async (_opts: unknown, cmd: Command) => {
      const { rebuildCounts } = await import('../modules/cockpit/cockpit.repository.ts');
      const started = Date.now();
      const rows = await withDb(cmd.optsWithGlobals<GlobalOptions>(), (db) => rebuildCounts(db));
      console.log(`cockpit counts rebuilt: ${rows} count(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
}
