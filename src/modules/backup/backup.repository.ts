import type { Queryable } from '../../db/client.ts';
import type { BackupMigration, BackupSequence } from '../../engine/backup/manifest.ts';

/**
 * The SQL of backup and restore. A dump is logical and the same on PGlite and PostgreSQL: each table's rows as
 * row_to_json text, read through a cursor inside one REPEATABLE READ READ ONLY transaction (one snapshot), and
 * loaded back with json_populate_recordset, so a backup of one kind restores into the other.
 */

/** Every column that holds the SM3 key of a file in the document store (FileStore.put): what a backup copies. */
export const FILE_COLUMNS: readonly { table: string; column: string }[] = [
  { table: 'case_document', column: 'sm3' },
  { table: 'supervision_attachment', column: 'sm3' },
  { table: 'mediation_agreement', column: 'pdf_sm3' },
  { table: 'grid_event_photo', column: 'sm3' },
  { table: 'report_issue', column: 'file_key' },
];

/**
 * Columns shaped like an SM3 digest that are NOT keys of stored files (a signed manifest's digest, a rules file's
 * digest, the audit chain, …). test/backup.int.test.ts checks that every digest-shaped column of the schema is in
 * one list or the other, so a new table of files cannot be forgotten by backups.
 */
export const NOT_FILE_DIGEST_COLUMNS: readonly { table: string; column: string }[] = [
  { table: 'transfer', column: 'manifest_sm3' },
  { table: 'indicator_snapshot', column: 'rules_digest' },
  { table: 'report_issue', column: 'sm3' },
  { table: 'petition', column: 'matter_key' },
  { table: 'public_filing', column: 'submission_key' },
];

const MIGRATION_TABLE = 'schema_migration';

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
}

/** Starts the one snapshot a backup (or a recount) reads: call first in the transaction. */
export async function beginSnapshot(tx: Queryable): Promise<void> {
  await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
  // row_to_json writes timestamps in the session's zone and intervals in its style: fixed, so text compares
  await tx.query("SET LOCAL TimeZone = 'UTC'");
  await tx.query("SET LOCAL IntervalStyle = 'postgres'");
  await tx.query('SET LOCAL extra_float_digits = 1');
}

export async function appliedMigrations(tx: Queryable): Promise<BackupMigration[]> {
  const [exists] = await tx.query<{ t: string | null }>(`SELECT to_regclass('public.${MIGRATION_TABLE}')::text AS t`);
  if (!exists?.t) return [];
  return tx.query<BackupMigration>(`SELECT version, name, checksum FROM ${MIGRATION_TABLE} ORDER BY version`);
}

/** The tables a backup holds: every ordinary table of the public schema but the migrations' own record. */
export async function dataTables(tx: Queryable): Promise<string[]> {
  const rows = await tx.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> $1 ORDER BY c.relname COLLATE "C"`,
    [MIGRATION_TABLE],
  );
  return rows.map((r) => r.name);
}

/** Any table at all in the public schema (a restore target must have none). */
export async function countTables(tx: Queryable): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`,
  );
  return row?.n ?? 0;
}

/** ORDER BY of a table's canonical row order: its primary key (byte order for text), else the whole row's text. */
async function orderBy(tx: Queryable, table: string): Promise<string> {
  const keys = await tx.query<{ name: string; collatable: boolean }>(
    `SELECT a.attname AS name, a.attcollation <> 0 AS collatable
       FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary
      ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [`public.${table}`],
  );
  if (keys.length === 0) return `row_to_json(t)::text COLLATE "C"`;
  return keys.map((k) => `t.${ident(k.name)}${k.collatable ? ' COLLATE "C"' : ''}`).join(', ');
}

/**
 * Reads a table's rows in canonical order, `batch` at a time, each as one line of JSON text followed by a newline;
 * calls `chunk` with each batch's text. Must run inside a transaction (the cursor lives in it).
 */
export async function readTableRows(tx: Queryable, table: string, chunk: (text: string, rows: number) => Promise<void>, batch = 2000): Promise<void> {
  const cursor = `backup_${table}`;
  await tx.exec(`DECLARE ${ident(cursor)} NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM public.${ident(table)} t ORDER BY ${await orderBy(tx, table)}`);
  for (;;) {
    const rows = await tx.query<{ j: string }>(`FETCH ${batch} FROM ${ident(cursor)}`);
    if (rows.length === 0) break;
    let text = '';
    for (const r of rows) text += `${r.j}\n`;
    await chunk(text, rows.length);
    if (rows.length < batch) break;
  }
  await tx.exec(`CLOSE ${ident(cursor)}`);
}

/** Sequences of the public schema and their last values (as text; null when never used). */
export async function readSequences(tx: Queryable): Promise<BackupSequence[]> {
  return tx.query<BackupSequence>(
    `SELECT sequencename AS name, last_value::text AS "lastValue" FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename COLLATE "C"`,
  );
}

/** The distinct file digests the database references, in byte order. */
export async function referencedFiles(tx: Queryable): Promise<string[]> {
  const present: string[] = [];
  for (const { table, column } of FILE_COLUMNS) {
    const [row] = await tx.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [`public.${table}`]);
    if (row?.t) present.push(`SELECT ${ident(column)} AS sm3 FROM public.${ident(table)}`);
  }
  if (present.length === 0) return [];
  const rows = await tx.query<{ sm3: string }>(`SELECT sm3 FROM (${present.join(' UNION ')}) f GROUP BY sm3 ORDER BY sm3 COLLATE "C"`);
  return rows.map((r) => r.sm3);
}

/** Columns of the schema shaped like an SM3 digest (a CHECK of ^[0-9a-f]{64}$), as table.column. */
export async function digestShapedColumns(tx: Queryable): Promise<string[]> {
  const rows = await tx.query<{ t: string; c: string }>(
    `SELECT DISTINCT cl.relname AS t, a.attname AS c
       FROM pg_constraint k JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
      WHERE n.nspname = 'public' AND k.contype = 'c' AND pg_get_constraintdef(k.oid) LIKE '%[0-9a-f]{64}%'
      ORDER BY 1, 2`,
  );
  return rows.map((r) => `${r.t}.${r.c}`);
}

interface ForeignKey {
  table: string;
  name: string;
  definition: string;
}

/**
 * Opens a fresh, migrated database for loading: foreign keys dropped (re-added, and so re-checked, by finishLoad),
 * user triggers off (the rows arrive with what triggers once derived, e.g. the cockpit's counts), every table
 * emptied of what the migrations inserted. Inside the restore's one transaction.
 */
export async function prepareLoad(tx: Queryable, tables: string[]): Promise<ForeignKey[]> {
  const keys = await tx.query<ForeignKey>(
    `SELECT cl.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
       FROM pg_constraint k JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
      WHERE n.nspname = 'public' AND k.contype = 'f' ORDER BY 1, 2`,
  );
  for (const k of keys) await tx.exec(`ALTER TABLE public.${ident(k.table)} DROP CONSTRAINT ${ident(k.name)}`);
  for (const t of tables) await tx.exec(`ALTER TABLE public.${ident(t)} DISABLE TRIGGER USER`);
  if (tables.length > 0) await tx.exec(`TRUNCATE ${tables.map((t) => `public.${ident(t)}`).join(', ')}`);
  return keys;
}

/** The columns a load writes (generated columns are computed again). */
export async function insertableColumns(tx: Queryable, table: string): Promise<string[]> {
  const rows = await tx.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
    [`public.${table}`],
  );
  return rows.map((r) => r.name);
}

/** Inserts rows given as row_to_json lines, identity values kept. */
export async function insertRows(tx: Queryable, table: string, columns: string[], lines: string[]): Promise<void> {
  const list = columns.map(ident).join(', ');
  await tx.query(
    `INSERT INTO public.${ident(table)} (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM json_populate_recordset(NULL::public.${ident(table)}, $1::json)`,
    [`[${lines.join(',')}]`],
  );
}

export async function setSequence(tx: Queryable, sequence: BackupSequence): Promise<void> {
  const name = `public.${ident(sequence.name)}`;
  if (sequence.lastValue === null) {
    // never used in the backup: back to its start, unused (pg_sequences then shows no last value)
    await tx.query('SELECT setval($1::regclass, s.start_value, false) FROM pg_sequences s WHERE s.schemaname = $2 AND s.sequencename = $3', [name, 'public', sequence.name]);
  } else {
    await tx.query('SELECT setval($1::regclass, $2::bigint, true)', [name, sequence.lastValue]);
  }
}

/** Triggers back on and foreign keys re-added: PostgreSQL checks every loaded row against them here. */
export async function finishLoad(tx: Queryable, tables: string[], keys: ForeignKey[]): Promise<void> {
  for (const t of tables) await tx.exec(`ALTER TABLE public.${ident(t)} ENABLE TRIGGER USER`);
  for (const k of keys) await tx.exec(`ALTER TABLE public.${ident(k.table)} ADD CONSTRAINT ${ident(k.name)} ${k.definition}`);
}
