import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/client.ts';
import { FILE_COLUMNS, NOT_FILE_DIGEST_COLUMNS, digestShapedColumns, referencedFiles } from '../src/modules/backup/backup.repository.ts';
import { createFilesystemStore } from '../src/modules/dossiers/file-store.ts';
import { adminUrl, serverUrl } from './db-names.ts';
import { caselink } from './run-cli.ts';

/**
 * bin/caselink backup / backup verify / restore, as an operator runs them: a demo province with a few cases and
 * their documents, backed up, restored into a fresh instance with the same digest; damaged backups and non-empty
 * targets refused. On the embedded database, and on PostgreSQL when TEST_DATABASE_URL is set.
 */
const root = mkdtempSync(join(tmpdir(), 'caselink-backup-'));
const source = join(root, 'source');
const backupDir = join(root, 'backup');
const restored = join(root, 'restored');
const server = serverUrl();
const databases: string[] = [];
const env: Record<string, Record<string, string>> = {};
delete process.env.CASELINK_MASTER_KEY;

/** A fresh database on the test server for one instance (none on the embedded database). */
async function instance(name: string): Promise<Record<string, string>> {
  if (!server) return {};
  const db = `caselink_backup_${name}_${randomBytes(4).toString('hex')}`;
  const admin = await openDb({ databaseUrl: adminUrl(server) });
  await admin.exec(`CREATE DATABASE ${db}`);
  await admin.close();
  databases.push(db);
  return { DATABASE_URL: adminUrl(server, db) };
}

const openSource = () => openDb({ databaseUrl: env.source!.DATABASE_URL ?? null, dataDir: source });

/** Only the master key in an otherwise absent data folder: how docs/operations.md says to prepare a restore. */
function withMasterKey(dir: string): void {
  mkdirSync(join(dir, 'keys'), { recursive: true, mode: 0o700 });
  cpSync(join(source, 'keys', 'master.key'), join(dir, 'keys', 'master.key'));
}

beforeAll(async () => {
  env.source = await instance('source');
  const seeded = await caselink(['--data', source, 'seed', 'demo', '--cases', '3'], { env: env.source, timeoutMs: 240_000 });
  expect(seeded.code, seeded.stderr).toBe(0);
  expect(seeded.stdout).toMatch(/demo cases loaded: 3 cases/);
}, 300_000);

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  if (server && databases.length > 0) {
    const admin = await openDb({ databaseUrl: adminUrl(server) });
    for (const db of databases) await admin.exec(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.close();
  }
});

describe(`bin/caselink backup and restore (${server ? 'PostgreSQL' : 'embedded database'})`, { timeout: 240_000 }, () => {
  it('knows every column that holds a stored file, and the store holds no file the database does not reference', async () => {
    const db = await openSource();
    try {
      const known = new Set([...FILE_COLUMNS, ...NOT_FILE_DIGEST_COLUMNS].map((c) => `${c.table}.${c.column}`));
      // a new digest-shaped column must be put in one list or the other (src/modules/backup/backup.repository.ts)
      const shaped = await digestShapedColumns(db);
      expect(shaped.filter((c) => !known.has(c))).toEqual([]);
      expect(shaped).toEqual(expect.arrayContaining(FILE_COLUMNS.map((c) => `${c.table}.${c.column}`)));
      const referenced = await referencedFiles(db);
      const stored: string[] = [];
      for await (const sm3 of createFilesystemStore(join(source, 'documents')).list()) stored.push(sm3);
      expect(referenced.length).toBeGreaterThan(3);
      expect(stored.sort()).toEqual([...referenced].sort());
    } finally {
      await db.close();
    }
  });

  it('backs up, verifies, restores into a fresh instance with the same digest; audit and dossiers verify there', async () => {
    const made = await caselink(['--data', source, 'backup', backupDir, '--json'], { env: env.source });
    expect(made.code, made.stderr).toBe(0);
    const manifest = JSON.parse(made.stdout);
    expect(manifest).toMatchObject({ format: 'caselink-backup', version: 1, source: { database: server ? 'postgres' : 'pglite', files: 'filesystem' } });
    expect(JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')).digest).toBe(manifest.digest);
    const tables = new Map<string, number>(manifest.tables.map((t: { name: string; rows: number }) => [t.name, t.rows]));
    expect(tables.get('criminal_case')).toBeGreaterThanOrEqual(3);
    expect(tables.get('case_document')).toBeGreaterThan(0);
    expect(tables.get('audit_record')).toBeGreaterThan(0);
    expect(tables.has('schema_migration')).toBe(false);
    expect(manifest.migrations.length).toBeGreaterThan(10);
    expect(manifest.files.length).toBeGreaterThan(3);

    const verified = await caselink(['backup', 'verify', backupDir]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain(`backup intact: ${manifest.tables.length} table(s), ${manifest.files.length} file(s), digest ${manifest.digest}`);

    env.restored = await instance('restored');
    withMasterKey(restored);
    const run = await caselink(['--data', restored, 'restore', backupDir], { env: env.restored, timeoutMs: 180_000 });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`restored instance digest ${manifest.digest}: the same as the backup's`);
    expect(run.stdout).toMatch(/audit chain intact: \d+ record\(s\) verified/);

    const audit = await caselink(['--data', restored, 'audit', 'verify', '--json'], { env: env.restored });
    expect(audit.code, audit.stderr).toBe(0);
    expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true, checked: tables.get('audit_record') });
    const dossiers = await caselink(['--data', restored, 'dossier', 'verify', '--all', '--json'], { env: env.restored });
    expect(dossiers.code, dossiers.stderr).toBe(0);
    expect(JSON.parse(dossiers.stdout)).toMatchObject({ ok: true, failures: [], documentFailures: [] });
    expect(JSON.parse(dossiers.stdout).transfers).toBeGreaterThan(0);

    // the restored instance backs up to the very same digest
    const again = await caselink(['--data', restored, 'backup', join(root, 'backup-of-restored'), '--json'], { env: env.restored });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).digest).toBe(manifest.digest);
  });

  it('refuses a non-empty target: a backup folder, a data folder, a database that holds tables', async () => {
    const intoBackup = await caselink(['--data', source, 'backup', backupDir], { env: env.source });
    expect(intoBackup.code).toBe(1);
    expect(intoBackup.stderr).toContain('BACKUP_TARGET_NOT_EMPTY');
    // the restored instance is not empty any more
    const intoRestored = await caselink(['--data', restored, 'restore', backupDir], { env: env.restored });
    expect(intoRestored.code).toBe(1);
    expect(intoRestored.stderr).toContain('BACKUP_TARGET_NOT_EMPTY');
    if (server) {
      // a fresh data folder but a database with tables: refused before anything is written
      const fresh = join(root, 'fresh-folder');
      withMasterKey(fresh);
      const run = await caselink(['--data', fresh, 'restore', backupDir], { env: env.restored });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/BACKUP_TARGET_NOT_EMPTY.*the database holds \d+ table/);
      expect(readdirSync(join(fresh))).toEqual(['keys']);
    }
    const noKey = join(root, 'no-key');
    const keyless = await caselink(['--data', noKey, 'restore', backupDir], { env: await instance('nokey') });
    expect(keyless.code).toBe(1);
    expect(keyless.stderr).toContain('RESTORE_MASTER_KEY');
    expect(existsSync(noKey)).toBe(false);
  });

  it('refuses a tampered backup, naming the damaged file, and writes nothing', async () => {
    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8'));
    const damagedFile = join(root, 'damaged-file');
    cpSync(backupDir, damagedFile, { recursive: true });
    const sm3: string = manifest.files[0].sm3;
    const path = join(damagedFile, 'files', 'sm3', sm3.slice(0, 2), sm3.slice(2, 4), sm3);
    const bytes = readFileSync(path);
    bytes[bytes.length >> 1]! ^= 0xff;
    writeFileSync(path, bytes);
    const verify = await caselink(['backup', 'verify', damagedFile]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`FAILED files/sm3/${sm3.slice(0, 2)}/${sm3.slice(2, 4)}/${sm3}: SM3 does not match (changed)`);
    expect(verify.stdout).toContain('backup NOT intact: 1 problem(s)');

    // one row edited in a table file (a case's title): refused, the table named
    const damagedRow = join(root, 'damaged-row');
    cpSync(backupDir, damagedRow, { recursive: true });
    const table = join(damagedRow, 'tables', 'criminal_case.jsonl');
    writeFileSync(table, readFileSync(table, 'utf8').replace(/"title":"/, '"title":"X'));

    for (const [dir, what] of [
      [damagedFile, `files/sm3/${sm3.slice(0, 2)}/${sm3.slice(2, 4)}/${sm3}`],
      [damagedRow, 'tables/criminal_case.jsonl'],
    ] as const) {
      const target = join(root, `target-of-${dir.split('/').pop()}`);
      withMasterKey(target);
      const run = await caselink(['--data', target, 'restore', dir], { env: await instance('tampered') });
      expect(run.code, dir).toBe(1);
      expect(run.stderr).toContain('BACKUP_INVALID');
      expect(run.stderr).toContain(what);
      expect(readdirSync(target)).toEqual(['keys']);
    }

    // a manifest edited to hide a change no longer matches its own digest
    const editedManifest = join(root, 'edited-manifest');
    cpSync(backupDir, editedManifest, { recursive: true });
    writeFileSync(join(editedManifest, 'manifest.json'), JSON.stringify({ ...manifest, files: manifest.files.slice(1) }));
    const edited = await caselink(['backup', 'verify', editedManifest, '--json']);
    expect(edited.code).toBe(1);
    expect(JSON.parse(edited.stdout).problems).toEqual([expect.stringContaining('is not the digest of its content')]);
  });
});
