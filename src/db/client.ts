import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';

/** What repositories need: run a statement with parameters, or a script of statements without any. */
export interface Queryable {
  /**
   * `name` marks a hot statement: PostgreSQL prepares it once per connection and reuses the plan (PGlite,
   * in process, has no use for it and ignores it).
   */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[], name?: string): Promise<T[]>;
  exec(sql: string): Promise<void>;
}

export type DbKind = 'pglite' | 'postgres';

export interface Db extends Queryable {
  readonly kind: DbKind;
  /** Answers when the database answers; throws when it does not. */
  ping(): Promise<void>;
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<R>(fn: (tx: Queryable) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}

const INT8_OID = 20;

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  constructor(private readonly pglite: PGlite) {}

  async ping(): Promise<void> {
    await this.pglite.query('SELECT 1');
  }

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const result = await this.pglite.query<T>(sql, params as unknown[]);
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    await this.pglite.exec(sql);
  }

  transaction<R>(fn: (tx: Queryable) => Promise<R>): Promise<R> {
    return this.pglite.transaction(async (tx) =>
      fn({
        query: async <T>(sql: string, params: readonly unknown[] = []) =>
          (await tx.query<T>(sql, params as unknown[])).rows,
        exec: async (sql: string) => {
          await tx.exec(sql);
        },
      }),
    );
  }

  async close(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }

  /** The whole data directory as a tarball, used to start test databases from a migrated template. */
  dumpDataDir(): Promise<Blob | File> {
    return this.pglite.dumpDataDir('none');
  }
}

class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  constructor(private readonly pool: pg.Pool) {}

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async query<T>(sql: string, params: readonly unknown[] = [], name?: string): Promise<T[]> {
    const result = await this.pool.query(name ? { name, text: sql, values: params as unknown[] } : { text: sql, values: params as unknown[] });
    return result.rows as T[];
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<R>(fn: (tx: Queryable) => Promise<R>): Promise<R> {
    const client = await this.pool.connect();
    // A connection lost while checked out (a failover, a restarted server) is reported on the client as an 'error'
    // event: without a listener it would bring the process down. The statement in flight fails on its own; the
    // client is then destroyed rather than returned to the pool.
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await fn({
        query: async <T>(sql: string, params: readonly unknown[] = [], name?: string) =>
          (await client.query(name ? { name, text: sql, values: params as unknown[] } : { text: sql, values: params as unknown[] })).rows as T[],
        exec: async (sql: string) => {
          await client.query(sql);
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (!broken) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export interface OpenDbOptions {
  /** postgres://… selects a PostgreSQL server; otherwise the embedded database lives in dataDir/pglite. */
  databaseUrl: string | null;
  dataDir?: string;
  /** In-memory embedded database (tests). */
  memory?: boolean;
  /** Start the embedded database from a dumped data directory (tests). */
  loadDataDir?: Blob | File;
  poolSize?: number;
}

export async function openDb(options: OpenDbOptions): Promise<Db> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle client losing its server (restart, failover) must not bring the process down; the pool
    // replaces it on the next query.
    pool.on('error', () => undefined);
    const db = new PostgresDb(pool);
    await db.ping();
    return db;
  }
  let dir: string | undefined;
  if (!options.memory) {
    if (!options.dataDir) throw new Error('openDb: dataDir is required for the embedded database');
    dir = join(options.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
  }
  const pglite = await PGlite.create(dir, {
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [INT8_OID]: (v: string) => Number(v) },
  });
  return new PgliteDb(pglite);
}

export function isPgliteDb(db: Db): db is Db & { dumpDataDir(): Promise<Blob | File> } {
  return db instanceof PgliteDb;
}
