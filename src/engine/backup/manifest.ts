import { sm3Hex } from '../../shared/sm3.ts';

/**
 * The manifest of a backup (bin/caselink backup): what the database snapshot held, table by table, and which
 * document-store files it referenced, each with an SM3 digest (GB/T 32905-2016), and one digest over all of it.
 * A restore recomputes the same manifest over the restored instance and compares; nothing here does I/O.
 */
export const BACKUP_FORMAT = 'caselink-backup';
export const BACKUP_VERSION = 1;

export interface BackupMigration {
  version: number;
  name: string;
  checksum: string;
}

/** One table: its rows, each as PostgreSQL's row_to_json text (UTC), one a line, in primary-key order. */
export interface BackupTable {
  name: string;
  rows: number;
  /** SM3 over the table file's bytes: every row's JSON followed by a newline. */
  sm3: string;
}

export interface BackupSequence {
  name: string;
  /** As text: a bigint does not fit a JSON number. Null: never used. */
  lastValue: string | null;
}

export interface BackupFile {
  sm3: string;
  size: number;
}

/** What the overall digest covers: the content, not when or from what kind of instance it was taken. */
export interface BackupContent {
  migrations: BackupMigration[];
  tables: BackupTable[];
  sequences: BackupSequence[];
  files: BackupFile[];
}

export interface BackupManifest extends BackupContent {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  createdAt: string;
  source: { database: 'pglite' | 'postgres'; files: 'filesystem' | 's3' };
  /** SM3 over canonicalJson of the content (backupDigest). */
  digest: string;
}

/** JSON with object keys sorted at every level and no white space: the same value gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Orders each list the one way the digest expects (tables, sequences by name; files by digest). */
export function normaliseContent(content: BackupContent): BackupContent {
  const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    migrations: content.migrations.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })).sort((a, b) => a.version - b.version),
    tables: content.tables.map((t) => ({ name: t.name, rows: t.rows, sm3: t.sm3 })).sort(byName),
    sequences: content.sequences.map((s) => ({ name: s.name, lastValue: s.lastValue })).sort(byName),
    files: content.files.map((f) => ({ sm3: f.sm3, size: f.size })).sort((a, b) => (a.sm3 < b.sm3 ? -1 : a.sm3 > b.sm3 ? 1 : 0)),
  };
}

/** The one SM3 digest over all records and files of a backup or of an instance. */
export function backupDigest(content: BackupContent): string {
  return sm3Hex(canonicalJson(normaliseContent(content)));
}

export function buildManifest(content: BackupContent, createdAt: Date, source: BackupManifest['source']): BackupManifest {
  const normal = normaliseContent(content);
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: createdAt.toISOString(), source, ...normal, digest: backupDigest(normal) };
}

/**
 * Every difference between what a backup recorded and what was found (in the backup folder or in a restored
 * instance), one readable line each; none when they agree.
 */
export function compareContent(expected: BackupContent, actual: BackupContent): string[] {
  const problems: string[] = [];
  const want = normaliseContent(expected);
  const got = normaliseContent(actual);
  if (canonicalJson(want.migrations) !== canonicalJson(got.migrations)) {
    problems.push(`migrations: backup has ${want.migrations.map((m) => m.version).join(',') || 'none'}, found ${got.migrations.map((m) => m.version).join(',') || 'none'} (or changed checksums)`);
  }
  const keyed = <T>(list: T[], key: (t: T) => string) => new Map(list.map((t) => [key(t), t]));
  const tables = keyed(got.tables, (t) => t.name);
  for (const t of want.tables) {
    const found = tables.get(t.name);
    if (!found) problems.push(`table ${t.name}: missing`);
    else if (found.rows !== t.rows) problems.push(`table ${t.name}: ${t.rows} row(s) in the backup, ${found.rows} found`);
    else if (found.sm3 !== t.sm3) problems.push(`table ${t.name}: rows differ (SM3 ${t.sm3.slice(0, 12)}… expected, ${found.sm3.slice(0, 12)}… found)`);
    tables.delete(t.name);
  }
  for (const name of tables.keys()) problems.push(`table ${name}: not in the backup`);
  const sequences = keyed(got.sequences, (s) => s.name);
  for (const s of want.sequences) {
    const found = sequences.get(s.name);
    if (!found) problems.push(`sequence ${s.name}: missing`);
    else if (found.lastValue !== s.lastValue) problems.push(`sequence ${s.name}: ${s.lastValue ?? 'unused'} expected, ${found.lastValue ?? 'unused'} found`);
    sequences.delete(s.name);
  }
  for (const name of sequences.keys()) problems.push(`sequence ${name}: not in the backup`);
  const files = keyed(got.files, (f) => f.sm3);
  for (const f of want.files) {
    const found = files.get(f.sm3);
    if (!found) problems.push(`file ${f.sm3}: missing`);
    else if (found.size !== f.size) problems.push(`file ${f.sm3}: ${f.size} byte(s) expected, ${found.size} found`);
    files.delete(f.sm3);
  }
  for (const sm3 of files.keys()) problems.push(`file ${sm3}: referenced but not in the backup`);
  return problems;
}

/**
 * Checks a manifest read from disk: its shape, and that its digest is the digest of its content (a manifest edited
 * to match tampered data no longer matches its own digest unless the editor recomputed it too). Problems, one a line.
 */
export function checkManifest(value: unknown): { manifest: BackupManifest | null; problems: string[] } {
  const m = value as Partial<BackupManifest> | null;
  if (m === null || typeof m !== 'object' || m.format !== BACKUP_FORMAT) return { manifest: null, problems: ['manifest.json: not a CaseLink backup manifest'] };
  if (m.version !== BACKUP_VERSION) return { manifest: null, problems: [`manifest.json: version ${String(m.version)} is not supported (only ${BACKUP_VERSION})`] };
  const problems: string[] = [];
  const digest = /^[0-9a-f]{64}$/;
  const listOk =
    Array.isArray(m.migrations) &&
    m.migrations.every((x) => Number.isInteger(x?.version) && typeof x?.name === 'string' && typeof x?.checksum === 'string') &&
    Array.isArray(m.tables) &&
    m.tables.every((x) => typeof x?.name === 'string' && /^[a-z_][a-z0-9_]*$/.test(x.name) && Number.isInteger(x.rows) && x.rows >= 0 && digest.test(x.sm3)) &&
    Array.isArray(m.sequences) &&
    m.sequences.every((x) => typeof x?.name === 'string' && /^[a-z_][a-z0-9_]*$/.test(x.name) && (x.lastValue === null || /^-?\d+$/.test(String(x.lastValue)))) &&
    Array.isArray(m.files) &&
    m.files.every((x) => digest.test(x?.sm3) && Number.isInteger(x.size) && x.size >= 0);
  if (!listOk) return { manifest: null, problems: ['manifest.json: malformed (migrations, tables, sequences or files)'] };
  const content = { migrations: m.migrations!, tables: m.tables!, sequences: m.sequences!, files: m.files! };
  if (backupDigest(content) !== m.digest) problems.push(`manifest.json: overall digest ${String(m.digest).slice(0, 12)}… is not the digest of its content (${backupDigest(content).slice(0, 12)}…)`);
  return { manifest: m as BackupManifest, problems };
}
