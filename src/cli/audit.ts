import type { Command } from 'commander';
import { type GlobalOptions, withDb } from './context.ts';

export function auditCommand(program: Command): void {
  const audit = program.command('audit').description('审计日志 / Audit log');
  audit
    .command('verify')
    .description('重算 SM3 链并指出第一条被篡改的记录 / Recompute the SM3 chain and name the first broken record')
    .option('--json', 'print one JSON object')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { verifyAuditChain } = await import('../modules/audit/audit.service.ts');
      const result = await withDb(cmd.optsWithGlobals<GlobalOptions>(), (db) => verifyAuditChain(db));
      if (opts.json) console.log(JSON.stringify(result));
      else if (result.ok) console.log(`audit chain intact: ${result.checked} record(s) verified`);
      else console.log(`audit chain BROKEN at record ${result.firstBroken!.seq} (${result.firstBroken!.reason}); ${result.checked} record(s) read`);
      if (!result.ok) process.exitCode = 1;
    });
}
