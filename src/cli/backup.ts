import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config/config.ts';
import { type GlobalOptions, cliConfig, withDb } from './context.ts';

async function fileStoreOf(config: Config) {
  const { join } = await import('node:path');
  const { createFilesystemStore, createS3Store } = await import('../modules/dossiers/file-store.ts');
  return config.s3 ? createS3Store(config.s3) : createFilesystemStore(join(config.dataDir, 'documents'));
}

export function backupCommand(program: Command): void {
  const backup = program
    .command('backup')
    .description('备份数据库与文书存储（一致快照） / Back up the database and the document store, consistent with each other')
    .argument('<dir>', 'an absent or empty folder to write the backup into')
    .option('--json', 'print the manifest as one JSON object')
    .action(async (dir: string, opts: { json?: boolean }, cmd: Command) => {
      const { backup: run } = await import('../modules/backup/backup.service.ts');
      const log = opts.json ? () => undefined : (line: string) => console.log(line);
      const result = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db, config) =>
        run(db, await fileStoreOf(config), resolve(dir), { database: db.kind, files: config.s3 ? 's3' : 'filesystem' }, log),
      );
      if (opts.json) console.log(JSON.stringify(result.manifest));
      else console.log(`backup written to ${result.dir}: digest ${result.manifest.digest}`);
    });
  backup
    .command('verify')
    .description('不恢复而核对备份与其清单 / Check a backup against its manifest without restoring it')
    .argument('<dir>', 'the backup folder')
    .option('--json', 'print one JSON object')
    .action(async (dir: string, _opts: unknown, cmd: Command) => {
      // --json after `verify` is taken by `backup`, which has the same option: read either
      const opts = cmd.optsWithGlobals<{ json?: boolean }>();
      const { verifyBackup } = await import('../modules/backup/backup.service.ts');
      const result = await verifyBackup(resolve(dir));
      if (opts.json) console.log(JSON.stringify({ ok: result.ok, digest: result.manifest?.digest ?? null, problems: result.problems }));
      else {
        for (const p of result.problems) console.log(`FAILED ${p}`);
        console.log(
          result.ok
            ? `backup intact: ${result.manifest!.tables.length} table(s), ${result.manifest!.files.length} file(s), digest ${result.manifest!.digest}`
            : `backup NOT intact: ${result.problems.length} problem(s)`,
        );
      }
      if (!result.ok) process.exitCode = 1;
    });

  program
    .command('restore')
    .description('将备份恢复到空实例并校验摘要与审计链 / Restore a backup into an empty instance, then verify its digests and the audit chain')
    .argument('<dir>', 'the backup folder')
    .option('--json', 'print one JSON object')
    .action(async (dir: string, opts: { json?: boolean }, cmd: Command) => {
      const { checkBackupForRestore, checkRestoreDataDir, restore } = await import('../modules/backup/backup.service.ts');
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const config = cliConfig(global);
      // the embedded database lives in the data folder: it must be fresh before opening creates anything there
      if (!config.databaseUrl) await checkRestoreDataDir(config.dataDir);
      // the master key is read, never created: CASELINK_MASTER_KEY, or keys/master.key put into the data folder first
      const { existsSync } = await import('node:fs');
      const { join } = await import('node:path');
      const { loadMasterKey } = await import('../shared/key-vault.ts');
      const masterKey = config.masterKeyHex !== undefined || existsSync(join(config.dataDir, 'keys', 'master.key')) ? loadMasterKey(process.env, config.dataDir) : null;
      const log = opts.json ? () => undefined : (line: string) => console.log(line);
      const manifest = await checkBackupForRestore(resolve(dir), masterKey, log);
      const result = await withDb(global, async (db) => restore(db, await fileStoreOf(config), resolve(dir), manifest, log));
      if (opts.json) console.log(JSON.stringify({ ok: true, digest: result.digest, rows: result.rows, files: result.files, auditRecords: result.auditRecords }));
      else console.log(`restore complete: digest ${result.digest}`);
    });
}
