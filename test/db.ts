import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type Db, openDb } from '../src/db/client.ts';
import { TEMPLATE_DATABASES, adminUrl, serverUrl } from './db-names.ts';

export interface TestDb {
  db: Db;
  /** postgres://… of this test's database, or null on PGlite. */
  url: string | null;
  close(): Promise<void>;
}

/**
 * A fresh database for one test file: migrated and empty, or with the demo province (seed 1). On
 * PostgreSQL it is a new database copied from a template and dropped afterwards.
 */
export async function createTestDb(opts: { demo: boolean } = { demo: false }): Promise<TestDb> {
  const server = serverUrl();
  if (server) {
    const name = `caselink_t_${randomBytes(6).toString('hex')}`;
    const admin = await openDb({ databaseUrl: adminUrl(server) });
    await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${opts.demo ? TEMPLATE_DATABASES.demo : TEMPLATE_DATABASES.empty}`);
    const url = adminUrl(server, name);
    const db = await openDb({ databaseUrl: url, poolSize: 4 });
    return {
      db,
      url,
      close: async () => {
        await db.close();
        await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.close();
      },
    };
  }
  const file = join(inject('templateDir'), opts.demo ? 'demo.tar' : 'empty.tar');
  const db = await openDb({ databaseUrl: null, memory: true, loadDataDir: new Blob([readFileSync(file)]) });
  return { db, url: null, close: () => db.close() };
}
