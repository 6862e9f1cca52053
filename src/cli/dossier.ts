import type { Command } from 'commander';
import { type GlobalOptions, UsageError, withDb } from './context.ts';

export function dossierCommand(program: Command): void {
  const dossier = program.command('dossier').description('电子卷宗 / Electronic dossiers');
  dossier
    .command('verify')
    .description('重新校验电子签章与文书摘要并指出不符者 / Re-verify every e-seal and document digest and name any that fail')
    .argument('[case-id]', 'one case (its id); or --all')
    .option('--all', 'every case')
    .option('--json', 'print one JSON object')
    .action(async (caseId: string | undefined, opts: { all?: boolean; json?: boolean }, cmd: Command) => {
      if (!caseId === !opts.all) throw new UsageError('give a case id or --all (not both) / 请指定案件编号或 --all');
      const { loadAppDeps } = await import('../app-deps.ts');
      const { findCase } = await import('../modules/cases/cases.repository.ts');
      const { verifyDossiers } = await import('../modules/cases/verify.ts');
      const result = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db, config) => {
        if (caseId && !(await findCase(db, caseId))) throw new UsageError(`no case ${caseId} / 没有此案件`);
        return verifyDossiers(db, loadAppDeps(config, db).files, caseId ?? null);
      });
      if (opts.json) console.log(JSON.stringify(result));
      else {
        for (const f of result.failures) console.log(`FAILED transfer ${f.transferId} (case ${f.caseId})${f.documentId ? ` document ${f.documentId}` : ''}: ${f.what} — ${f.zh} / ${f.en}`);
        for (const f of result.documentFailures) console.log(`FAILED document ${f.documentId} (case ${f.caseId}): ${f.what} — ${f.zh} / ${f.en}`);
        console.log(`${result.ok ? 'dossiers intact' : 'dossiers NOT intact'}: ${result.transfers} transfer(s) and ${result.documents} document(s) verified, ${result.failures.length + result.documentFailures.length} failure(s)`);
      }
      if (!result.ok) process.exitCode = 1;
    });
}
