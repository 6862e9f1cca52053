import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, readdir, rename, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Db, Queryable } from '../../db/client.ts';
import { MIGRATIONS_DIR, migrate, readMigrations } from '../../db/migrate.ts';
import {
  type BackupContent,
  type BackupFile,
  type BackupManifest,
  type BackupTable,
  backupDigest,
  buildManifest,
  checkManifest,
  compareContent,
} from '../../engine/backup/manifest.ts';
import { AppError } from '../../shared/errors.ts';
import { openPrivateKey } from '../../shared/key-vault.ts';
import { sm3Hex } from '../../shared/sm3.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';
import { type FileStore, createFilesystemStore } from '../dossiers/file-store.ts';
import {
  appliedMigrations,
  beginSnapshot,
  countTables,
  dataTables,
  finishLoad,
  insertRows,
  insertableColumns,
  prepareLoad,
  readSequences,
  readTableRows,
  referencedFiles,
  setSequence,
} from './backup.repository.ts';

/**
 * Backup and restore of one instance: the database and the document store, consistent with each other.
 *
 * The database is read in ONE snapshot (a REPEATABLE READ READ ONLY transaction): every table's rows, the sequences,
 * the migrations, and the digests of the files those rows reference. Files are content-addressed and never
 * rewritten, so copying the referenced ones after the snapshot gives exactly the files the snapshot needs; a file
 * written after it belongs to rows that are not in the backup, and is left out.
 *
 * Layout of a backup folder:
 *   manifest.json               the manifest (src/engine/backup/manifest.ts), written last
 *   tables/<table>.jsonl        one row a line (row_to_json, UTC), primary-key order
 *   files/sm3/ab/cd/<digest>    the referenced files, laid out as the filesystem store lays them out
 */

export type Log = (line: string) => void;

const MANIFEST = 'manifest.json';

/** What a folder holds, ignoring nothing; none when it does not exist. */
async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function notEmpty(what: string): AppError {
  return new AppError('BACKUP_TARGET_NOT_EMPTY', { target: what }, {
    zh: `目标位置不是空的：${what}`,
    en: `the target is not empty: ${what}`,
  });
}

function invalid(problems: string[]): AppError {
  const shown = problems.slice(0, 20).join('; ') + (problems.length > 20 ? `; and ${problems.length - 20} more` : '');
  return new AppError('BACKUP_INVALID', { problems }, {
    zh: `备份与其清单不符，未恢复任何内容：${shown}`,
    en: `the backup does not match its manifest, nothing was restored: ${shown}`,
  });
}

function mismatch(problems: string[]): AppError {
  const shown = problems.slice(0, 20).join('; ') + (problems.length > 20 ? `; and ${problems.length - 20} more` : '');
  return new AppError('RESTORE_MISMATCH', { problems }, {
    zh: `恢复后的数据与备份清单不符：${shown}`,
    en: `the restored instance does not match the backup manifest: ${shown}`,
  });
}

interface DatabaseContent {
  migrations: BackupContent['migrations'];
  tables: BackupTable[];
  sequences: BackupContent['sequences'];
  fileDigests: string[];
}

/**
 * Reads the whole database in one snapshot. `sink(table)` receives each table's text; none (a recount) only digests.
 */
async function readDatabase(db: Db, sink?: (table: string) => Promise<{ write(text: string): Promise<void>; close(): Promise<void> }>): Promise<DatabaseContent> {
  return db.transaction(async (tx) => {
    await beginSnapshot(tx);
    const migrations = await appliedMigrations(tx);
    const tables: BackupTable[] = [];
    for (const name of await dataTables(tx)) {
      const out = sink ? await sink(name) : null;
      const hash = new Sm3Stream();
      let rows = 0;
      await readTableRows(tx, name, async (text, n) => {
        hash.update(text);
        rows += n;
        await out?.write(text);
      });
      await out?.close();
      tables.push({ name, rows, sm3: hash.digest() });
    }
    // after the snapshot began: at least the values the snapshot's rows used
    const sequences = await readSequences(tx);
    const fileDigests = await referencedFiles(tx);
    return { migrations, tables, sequences, fileDigests };
  });
}

/** SM3 fed in pieces (node:crypto's incremental hash; the same digest as sm3Hex over the whole). */
class Sm3Stream {
  private readonly hash = createHash('sm3');
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

export interface BackupResult {
  manifest: BackupManifest;
  dir: string;
}

/** Writes a backup of the instance into `dir`, which must be absent or empty. */
export async function backup(db: Db, files: FileStore, dir: string, source: BackupManifest['source'], log: Log = () => undefined): Promise<BackupResult> {
  if ((await entries(dir)).length > 0) throw notEmpty(dir);
  await mkdir(join(dir, 'tables'), { recursive: true });
  const copy = createFilesystemStore(join(dir, 'files'));
  const createdAt = new Date();

  const content = await readDatabase(db, async (table) => {
    const handle = await open(join(dir, 'tables', `${table}.jsonl`), 'wx', 0o600);
    return {
      write: async (text) => {
        await handle.writeFile(text);
      },
      close: async () => {
        await handle.sync();
        await handle.close();
      },
    };
  });
  log(`database: ${content.tables.length} table(s), ${content.tables.reduce((n, t) => n + t.rows, 0)} row(s), read in one snapshot`);

  const copied: BackupFile[] = [];
  for (const sm3 of content.fileDigests) {
    // get() re-computes the digest: a damaged file in the store fails the backup, naming it
    const bytes = await files.get(sm3);
    const stored = await copy.put(bytes);
    copied.push({ sm3: stored.sm3, size: stored.size });
  }
  log(`document store: ${copied.length} file(s), ${copied.reduce((n, f) => n + f.size, 0)} byte(s) referenced by the snapshot`);

  const manifest = buildManifest({ migrations: content.migrations, tables: content.tables, sequences: content.sequences, files: copied }, createdAt, source);
  const temporary = join(dir, `.${MANIFEST}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(manifest, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, join(dir, MANIFEST));
  return { manifest, dir };
}

export interface VerifyBackupResult {
  ok: boolean;
  manifest: BackupManifest | null;
  problems: string[];
}

async function hashFile(path: string): Promise<{ sm3: string; lines: number } | null> {
  const hash = new Sm3Stream();
  let lines = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      for (const b of bytes) if (b === 10) lines++;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return { sm3: hash.digest(), lines };
}

/** Checks a backup folder against its manifest without restoring: every table file and every document. */
export async function verifyBackup(dir: string): Promise<VerifyBackupResult> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing (an unfinished backup?)' : 'not JSON';
    return { ok: false, manifest: null, problems: [`${MANIFEST}: ${why}`] };
  }
  const { manifest, problems } = checkManifest(raw);
  if (!manifest) return { ok: false, manifest: null, problems };
  for (const t of manifest.tables) {
    const found = await hashFile(join(dir, 'tables', `${t.name}.jsonl`));
    if (!found) problems.push(`tables/${t.name}.jsonl: missing`);
    else if (found.lines !== t.rows) problems.push(`tables/${t.name}.jsonl: ${found.lines} row(s), the manifest says ${t.rows}`);
    else if (found.sm3 !== t.sm3) problems.push(`tables/${t.name}.jsonl: SM3 does not match the manifest (changed)`);
  }
  const store = createFilesystemStore(join(dir, 'files'));
  for (const f of manifest.files) {
    const path = `files/sm3/${f.sm3.slice(0, 2)}/${f.sm3.slice(2, 4)}/${f.sm3}`;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(store.pathOf(f.sm3));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      problems.push(`${path}: missing`);
      continue;
    }
    if (sm3Hex(bytes) !== f.sm3) problems.push(`${path}: SM3 does not match (changed)`);
    else if (bytes.length !== f.size) problems.push(`${path}: ${bytes.length} byte(s), the manifest says ${f.size}`);
  }
  return { ok: problems.length === 0, manifest, problems };
}

/** What a restore target must be: a database without tables and a document store without files. */
export async function checkRestoreTarget(db: Db, files: FileStore): Promise<void> {
  const tables = await countTables(db);
  if (tables > 0) throw notEmpty(`the database holds ${tables} table(s)`);
  for await (const sm3 of files.list()) throw notEmpty(`the document store holds files (${sm3.slice(0, 12)}…)`);
}

/** An embedded-database data folder is a restore target when absent or empty (a keys/ folder, set first, allowed). */
export async function checkRestoreDataDir(dataDir: string): Promise<void> {
  const found = (await entries(dataDir)).filter((e) => e !== 'keys');
  if (found.length > 0) throw notEmpty(`${dataDir} holds ${found.slice(0, 5).join(', ')}`);
}

/** The database and files of an instance, digested as a backup of it would be (nothing written). */
export async function recount(db: Db, files: FileStore): Promise<BackupContent> {
  const content = await readDatabase(db);
  const found: BackupFile[] = [];
  for (const sm3 of content.fileDigests) {
    try {
      // get() re-computes the SM3 of the stored bytes
      found.push({ sm3, size: (await files.get(sm3)).length });
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== 'NOT_FOUND' && error.code !== 'DOCUMENT_CORRUPT')) throw error;
      found.push({ sm3, size: -1 });
    }
  }
  return { migrations: content.migrations, tables: content.tables, sequences: content.sequences, files: found };
}

/** Migrations the backup's instance had, from this code's files: refused when this code lacks or changed one. */
async function migrationsDirFor(manifest: BackupManifest): Promise<{ dir: string; newer: number; cleanup(): Promise<void> }> {
  const code = readMigrations();
  const problems: string[] = [];
  for (const m of manifest.migrations) {
    const file = code.find((c) => c.version === m.version);
    if (!file) problems.push(`migration ${m.version}_${m.name}: not in this version of CaseLink (restore with the version that made the backup)`);
    else if (file.checksum !== m.checksum || file.name !== m.name) problems.push(`migration ${m.version}_${m.name}: differs from this version's file`);
  }
  if (problems.length > 0) throw invalid(problems);
  const newer = code.length - manifest.migrations.length;
  if (newer === 0) return { dir: MIGRATIONS_DIR, newer, cleanup: async () => undefined };
  // the backup's schema first, the newer migrations after the load (they transform the restored rows as an upgrade would)
  const dir = await mkdtemp(join(tmpdir(), 'caselink-restore-migrations-'));
  const names = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort().slice(0, manifest.migrations.length);
  for (const name of names) await symlink(join(MIGRATIONS_DIR, name), join(dir, name));
  return { dir, newer, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

async function* lines(path: string): AsyncIterable<string> {
  const reader = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of reader) if (line !== '') yield line;
}

async function loadTables(tx: Queryable, dir: string, manifest: BackupManifest, batch = 500): Promise<void> {
  const present = new Set(await dataTables(tx));
  const missing = manifest.tables.filter((t) => !present.has(t.name)).map((t) => `table ${t.name}: not in the migrated schema`);
  if (missing.length > 0) throw invalid(missing);
  const tables = [...present];
  const keys = await prepareLoad(tx, tables);
  for (const t of manifest.tables) {
    const columns = await insertableColumns(tx, t.name);
    let pending: string[] = [];
    for await (const line of lines(join(dir, 'tables', `${t.name}.jsonl`))) {
      pending.push(line);
      if (pending.length >= batch) {
        await insertRows(tx, t.name, columns, pending);
        pending = [];
      }
    }
    if (pending.length > 0) await insertRows(tx, t.name, columns, pending);
  }
  for (const s of manifest.sequences) await setSequence(tx, s);
  await finishLoad(tx, tables, keys);
}

/**
 * The units' private signing keys travel sealed under the master key, which a backup does not hold (it is a
 * secret kept apart from the data). Before anything is written: the master key given to the restore must open
 * the backup's sealed keys, or the restored instance could verify old e-seals but never sign again.
 */
async function checkMasterKey(dir: string, manifest: BackupManifest, masterKey: Buffer | null): Promise<void> {
  if ((manifest.tables.find((t) => t.name === 'unit_key')?.rows ?? 0) === 0) return;
  const refuse = (why: string) => new AppError('RESTORE_MASTER_KEY', { why }, { zh: `主密钥无法打开备份中的签章私钥：${why}`, en: `the master key does not open the backup's sealed signing keys: ${why}` });
  if (!masterKey) throw refuse('no master key: set CASELINK_MASTER_KEY or put the original keys/master.key into the empty data folder first');
  for await (const line of lines(join(dir, 'tables', 'unit_key.jsonl'))) {
    const sealed = (JSON.parse(line) as { sealed_private?: unknown }).sealed_private;
    try {
      openPrivateKey(String(sealed), masterKey);
    } catch {
      throw refuse('it is another master key than the one the backed-up instance used');
    }
    return;
  }
}

export interface RestoreResult {
  manifest: BackupManifest;
  digest: string;
  rows: number;
  files: number;
  auditRecords: number;
  newerMigrations: number;
}

/**
 * Everything a restore checks before it touches the target: the backup against its manifest (every table file and
 * document), and the master key against the backup's sealed keys. Returns the verified manifest for restore().
 */
export async function checkBackupForRestore(dir: string, masterKey: Buffer | null, log: Log = () => undefined): Promise<BackupManifest> {
  const checked = await verifyBackup(dir);
  if (!checked.ok || !checked.manifest) throw invalid(checked.problems);
  const manifest = checked.manifest;
  log(`backup verified: ${manifest.tables.length} table(s), ${manifest.files.length} file(s), digest ${manifest.digest}`);
  await checkMasterKey(dir, manifest, masterKey);
  return manifest;
}

/**
 * Restores a backup checked by checkBackupForRestore into an empty instance: migrations of the backup's schema, every table in one
 * transaction, the files into the store; then recomputes the manifest over the restored instance and requires the
 * same digests, and re-verifies the audit chain. Any difference fails, naming what differs.
 */
export async function restore(db: Db, files: FileStore, dir: string, manifest: BackupManifest, log: Log = () => undefined): Promise<RestoreResult> {
  await checkRestoreTarget(db, files);

  const migrations = await migrationsDirFor(manifest);
  try {
    await migrate(db, migrations.dir);
  } finally {
    await migrations.cleanup();
  }
  await db.transaction((tx) => loadTables(tx, dir, manifest));
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
  log(`database: ${rows} row(s) loaded into ${manifest.tables.length} table(s); foreign keys checked`);

  const source = createFilesystemStore(join(dir, 'files'));
  for (const f of manifest.files) {
    const bytes = await source.get(f.sm3); // verified against its digest on read
    const stored = await files.put(bytes);
    if (stored.sm3 !== f.sm3 || stored.size !== f.size) throw mismatch([`file ${f.sm3}: stored as ${stored.sm3} (${stored.size} bytes)`]);
  }
  log(`document store: ${manifest.files.length} file(s) copied and verified`);

  const found = await recount(db, files);
  const problems = compareContent(manifest, found);
  const digest = backupDigest(found);
  if (problems.length === 0 && digest !== manifest.digest) problems.push(`overall digest ${digest} differs from the backup's ${manifest.digest}`);
  if (problems.length > 0) throw mismatch(problems);
  log(`restored instance digest ${digest}: the same as the backup's`);

  const audit = await verifyAuditChain(db);
  if (!audit.ok) throw mismatch([`audit chain broken at record ${audit.firstBroken?.seq} (${audit.firstBroken?.reason})`]);
  log(`audit chain intact: ${audit.checked} record(s) verified`);

  if (migrations.newer > 0) {
    const upgraded = await migrate(db);
    log(`upgraded: ${upgraded.applied.length} newer migration(s) applied after the restore`);
  }
  return { manifest, digest, rows, files: manifest.files.length, auditRecords: audit.checked, newerMigrations: migrations.newer };
}

/** The digest the manifest of a backup of this instance would carry now (for comparing instances). */
export async function instanceDigest(db: Db, files: FileStore): Promise<string> {
  return backupDigest(await recount(db, files));
}
