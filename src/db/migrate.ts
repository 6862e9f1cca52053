import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../shared/errors.ts';
import { sm3Hex } from '../shared/sm3.ts';
import type { Db } from './client.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads NNNN_name.sql files in version order; a gap or a duplicate version is refused. */
export function readMigrations(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const migrations = files.map((file) => {
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new Error(`migration file name must be NNNN_name.sql: ${file}`);
    const sql = readFileSync(join(dir, file), 'utf8');
    return { version: Number(match[1]), name: match[2]!, sql, checksum: sm3Hex(sql) };
  });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration versions must run 1, 2, 3… without gaps: ${m.version}_${m.name}`);
  });
  return migrations;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

const LOCK_KEY = 7_261_403; // any constant; serialises concurrent migrators on one database

/**
 * Applies the pending migrations in one transaction, after checking that every applied one is unchanged.
 * Two servers starting at once on one PostgreSQL database serialise on an advisory lock.
 */
export async function migrate(db: Db, dir: string = MIGRATIONS_DIR): Promise<MigrateResult> {
  const migrations = readMigrations(dir);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      checksum   text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = await tx.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migration ORDER BY version',
    );
    for (const row of applied) {
      const file = migrations.find((m) => m.version === row.version);
      if (!file) {
        throw new AppError('MIGRATION_CHANGED', { version: row.version, name: row.name }, {
          zh: `数据库已执行迁移 ${row.version}_${row.name}，但代码中没有该文件`,
          en: `the database has migration ${row.version}_${row.name}, which the code does not have`,
        });
      }
      if (file.checksum !== row.checksum) {
        throw new AppError('MIGRATION_CHANGED', { version: row.version, name: row.name }, {
          zh: `已执行的迁移 ${row.version}_${row.name} 被修改（校验值不符）`,
          en: `applied migration ${row.version}_${row.name} has been changed (checksum mismatch)`,
        });
      }
    }
    const done = new Set(applied.map((r) => r.version));
    const names: string[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migration (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      names.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
    }
    return { applied: names, alreadyApplied: applied.length };
  });
}
