/**
 * Bulk load of the synthetic province (generate.ts) through the database's COPY: on PGlite `COPY … FROM
 * '/dev/blob'` with the query's `blob` option, on PostgreSQL `COPY … FROM STDIN` (pg-copy-streams). Cases are
 * generated and written in chunks, so memory stays bounded whatever the size.
 *
 * The schema must be the one the migrations made (run migrate first). For speed, the secondary indexes and the
 * foreign keys of the loaded tables are dropped before the load and created again after it from their own
 * definitions (pg_get_indexdef, pg_get_constraintdef), under the same names: the foreign keys are then checked
 * once per table instead of once per row, and the result is the migrated schema again (the integration test
 * compares the definitions before and after). Primary keys and unique constraints stay throughout. User
 * triggers of the loaded tables (the warning queue's on case_event) are disabled during the load and enabled
 * after it: the loaded events are not queued for incremental warning runs.
 */
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type Cell, type Rows, type SyntheticProvince, TABLES, type TableName, caseSequence } from './generate.ts';

/** Where COPY goes: PGlite in process, or a PostgreSQL connection. */
export interface CopyTarget {
  readonly kind: 'pglite' | 'postgres';
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** COPY `csv` (FORMAT csv, no header) into the table's columns. */
  copy(table: TableName, csv: string): Promise<void>;
}

export function pgliteTarget(db: PGlite): CopyTarget {
  return {
    kind: 'pglite',
    query: async <T>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows,
    copy: async (table, csv) => {
      await db.query(`COPY ${table} (${TABLES[table].join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([csv]) });
    },
  };
}

export function postgresTarget(client: pg.Client): CopyTarget {
  return {
    kind: 'postgres',
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
    copy: (table, csv) =>
      new Promise<void>((resolve, reject) => {
        const stream = client.query(copyFrom(`COPY ${table} (${TABLES[table].join(', ')}) FROM STDIN WITH (FORMAT csv)`));
        stream.on('finish', () => resolve());
        stream.on('error', reject);
        stream.end(csv);
      }),
  };
}

/** One CSV field: NULL as an empty unquoted field, text always quoted, arrays as PostgreSQL array literals. */
function field(v: Cell): string {
  if (typeof v === 'string') return v.includes('"') ? `"${v.replaceAll('"', '""')}"` : `"${v}"`;
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  // uuid[]: elements are bare uuids, no quoting inside the literal needed
  return `"{${v.join(',')}}"`;
}

/** The rows of one table as CSV (FORMAT csv): what COPY reads, and what the determinism test compares. */
export function toCsv(rows: readonly Cell[][]): string {
  const lines = new Array<string>(rows.length + 1);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    let line = field(row[0]!);
    for (let i = 1; i < row.length; i++) line += `,${field(row[i]!)}`;
    lines[r] = line;
  }
  lines[rows.length] = '';
  return lines.join('\n');
}

interface SchemaObjects {
  indexes: { table: string; name: string; def: string }[];
  foreignKeys: { table: string; name: string; def: string }[];
  triggers: { table: string; name: string; def: string }[];
}

const LOADED = Object.keys(TABLES);

/** The secondary indexes (not backing a constraint), foreign keys and user triggers of the loaded tables, with their definitions. */
export async function schemaObjects(db: Pick<CopyTarget, 'query'>): Promise<SchemaObjects> {
  const indexes = await db.query<{ table: string; name: string; def: string }>(
    `SELECT t.relname AS table, i.relname AS name, pg_get_indexdef(x.indexrelid) AS def
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND t.relname = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
      ORDER BY t.relname, i.relname`,
    [LOADED],
  );
  const foreignKeys = await db.query<{ table: string; name: string; def: string }>(
    `SELECT t.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS def
       FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND k.contype = 'f' AND t.relname = ANY($1)
      ORDER BY t.relname, k.conname`,
    [LOADED],
  );
  const triggers = await db.query<{ table: string; name: string; def: string }>(
    `SELECT t.relname AS table, g.tgname AS name, pg_get_triggerdef(g.oid) || ' ' || g.tgenabled::text AS def
       FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND NOT g.tgisinternal AND t.relname = ANY($1)
      ORDER BY t.relname, g.tgname`,
    [LOADED],
  );
  return { indexes, foreignKeys, triggers };
}

/** A chunk of rows as CSV, table by table, with its row counts. */
export interface CsvChunk {
  csv: Partial<Record<TableName, string>>;
  counts: Partial<Record<TableName, number>>;
}

export function rowsToChunk(rows: Rows): CsvChunk {
  const chunk: CsvChunk = { csv: {}, counts: {} };
  for (const table of Object.keys(TABLES) as TableName[]) {
    if (rows[table].length === 0) continue;
    chunk.csv[table] = toCsv(rows[table]);
    chunk.counts[table] = rows[table].length;
  }
  return chunk;
}

/** Where the rows come from: this thread (tests), or worker threads (workers.ts) while this one copies. */
export interface ChunkSource {
  readonly cases: number;
  unitKeys(): Promise<CsvChunk>;
  registrations(from: number, to: number): Promise<Float64Array>;
  /** Tells the source every case's number; before any chunk. */
  setSequence(sequence: Uint32Array): Promise<void>;
  chunk(from: number, to: number): Promise<CsvChunk>;
  close(): Promise<void>;
}

export function inProcessSource(province: SyntheticProvince): ChunkSource {
  let sequence: Uint32Array | null = null;
  return {
    cases: province.cases,
    unitKeys: async () => rowsToChunk(province.unitKeys()),
    registrations: async (from, to) => province.registrations(from, to),
    setSequence: async (s) => {
      sequence = s;
    },
    chunk: async (from, to) => {
      if (!sequence) throw new Error('setSequence first');
      return rowsToChunk(province.generate(from, to, sequence));
    },
    close: async () => undefined,
  };
}

export interface LoadProgress {
  cases: number;
  total: number;
  rows: number;
  seconds: number;
}

export interface LoadResult {
  rows: Record<TableName, number>;
  totalRows: number;
  seconds: { plan: number; load: number; indexes: number; cockpit: number; analyze: number; total: number };
}

export interface LoadOptions {
  /** Cases per chunk (default 500): each chunk is generated, then copied, table by table. */
  chunk?: number;
  /** Chunks generated ahead of the one being copied (default 2; with worker threads, about their number). */
  ahead?: number;
  onProgress?: (p: LoadProgress) => void;
}

/**
 * Loads the province into a migrated database holding the organisation and no case: unit keys, then the cases
 * chunk by chunk in case-index order (so that case_event ids, assigned by the database, are the same every
 * time); then the indexes and foreign keys again, the case-number sequence past the last number, ANALYZE.
 */
export async function loadProvince(target: CopyTarget, source: ChunkSource, opts: LoadOptions = {}): Promise<LoadResult> {
  const started = performance.now();
  const [{ n }] = (await target.query<{ n: number | string }>('SELECT count(*) AS n FROM criminal_case')) as [{ n: number | string }];
  if (Number(n) > 0) throw new Error('the database already holds criminal cases: the synthetic province loads only into one without any');
  const [{ k }] = (await target.query<{ k: number | string }>('SELECT count(*) AS k FROM unit_key')) as [{ k: number | string }];
  if (Number(k) > 0) throw new Error('the database already holds unit keys: the synthetic province loads only into a fresh one');

  const chunk = opts.chunk ?? 500;
  const ranges: [number, number][] = [];
  for (let from = 0; from < source.cases; from += chunk) ranges.push([from, Math.min(source.cases, from + chunk)]);

  // pass 1: registration moments, for case numbers in registration order
  const registeredAt = new Float64Array(source.cases);
  const parts = await Promise.all(ranges.map(([from, to]) => source.registrations(from, to)));
  for (const [i, [from]] of ranges.entries()) registeredAt.set(parts[i]!, from);
  await source.setSequence(caseSequence(registeredAt));
  const planned = performance.now();

  const schema = await schemaObjects(target);
  for (const fk of schema.foreignKeys) await target.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
  for (const ix of schema.indexes) await target.query(`DROP INDEX ${ix.name}`);
  // user triggers (the warning queue's on case_event) are off during the load: a generated province is evaluated
  // by full warning runs, not by queuing each of its millions of events for an incremental one
  for (const t of schema.triggers) await target.query(`ALTER TABLE ${t.table} DISABLE TRIGGER ${t.name}`);

  const counts = Object.fromEntries(LOADED.map((t) => [t, 0])) as Record<TableName, number>;
  const write = async (c: CsvChunk) => {
    for (const table of LOADED as TableName[]) {
      const csv = c.csv[table];
      if (!csv) continue;
      await target.copy(table, csv);
      counts[table] += c.counts[table] ?? 0;
    }
  };
  const sum = () => Object.values(counts).reduce((a, b) => a + b, 0);
  await write(await source.unitKeys());

  // chunks are asked for ahead and copied in order
  const ahead = Math.max(1, opts.ahead ?? 2);
  const inFlight: Promise<CsvChunk>[] = [];
  let next = 0;
  const ask = () => {
    while (inFlight.length < ahead && next < ranges.length) {
      const [from, to] = ranges[next++]!;
      inFlight.push(source.chunk(from, to));
    }
  };
  ask();
  for (const [, to] of ranges) {
    const c = await inFlight.shift()!;
    ask();
    await write(c);
    opts.onProgress?.({ cases: to, total: source.cases, rows: sum(), seconds: (performance.now() - started) / 1000 });
  }
  const loaded = performance.now();

  for (const ix of schema.indexes) await target.query(ix.def);
  for (const fk of schema.foreignKeys) await target.query(`ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.def}`);
  for (const t of schema.triggers) await target.query(`ALTER TABLE ${t.table} ENABLE TRIGGER ${t.name}`);
  await target.query(`SELECT setval('criminal_case_number_seq', $1)`, [source.cases]);
  const indexed = performance.now();
  // the cockpit's counts, which its triggers would have kept row by row: one recount of the loaded tables
  await target.query('SELECT cockpit_rebuild()');
  const counted = performance.now();
  await target.query('ANALYZE');
  const done = performance.now();
  return {
    rows: counts,
    totalRows: sum(),
    seconds: { plan: (planned - started) / 1000, load: (loaded - planned) / 1000, indexes: (indexed - loaded) / 1000, cockpit: (counted - indexed) / 1000, analyze: (done - counted) / 1000, total: (done - started) / 1000 },
  };
}
