import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestDb, createTestDb } from '../../test/db.ts';
import { AppError } from '../shared/errors.ts';
import { MIGRATIONS_DIR, migrate, readMigrations } from './migrate.ts';

let t: TestDb | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

function copyMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'caselink-migrations-'));
  for (const f of readdirSync(MIGRATIONS_DIR)) writeFileSync(join(dir, f), readFileSync(join(MIGRATIONS_DIR, f)));
  return dir;
}

describe('migrate', () => {
  it('records every migration with its checksum; a second run applies nothing', async () => {
    t = await createTestDb();
    const rows = await t.db.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migration ORDER BY version');
    expect(rows).toEqual(readMigrations().map((m) => ({ version: m.version, checksum: m.checksum })));
    expect(await migrate(t.db)).toEqual({ applied: [], alreadyApplied: rows.length });
  });

  it('refuses to run when an applied migration has been changed', async () => {
    t = await createTestDb();
    const dir = copyMigrations();
    const first = readdirSync(dir).sort()[0]!;
    writeFileSync(join(dir, first), `${readFileSync(join(dir, first), 'utf8')}\n-- edited after it was applied\n`);
    const error = await migrate(t.db, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('MIGRATION_CHANGED');
    expect((error as AppError).message).toContain(first.replace(/\.sql$/, '').replace(/^0+/, ''));
  });

  it('applies a new migration, and a failing one leaves the schema as it was', async () => {
    t = await createTestDb();
    const dir = copyMigrations();
    const next = String(readMigrations().length + 1).padStart(4, '0');
    writeFileSync(join(dir, `${next}_broken.sql`), 'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n');
    await expect(migrate(t.db, dir)).rejects.toThrow();
    expect(await t.db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'")).toEqual([]);
    writeFileSync(join(dir, `${next}_broken.sql`), 'CREATE TABLE half_done (id int);\n');
    expect((await migrate(t.db, dir)).applied).toEqual([`${next}_broken`]);
  });
});
