import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/client.ts';
import { createTestDb } from './db.ts';
import { caselink } from './run-cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'caselink-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// each command starts a process and opens the embedded database: seconds each, more on a loaded machine
describe('bin/caselink', { timeout: 180_000 }, () => {
  it('prints help for every command and exits 0', async () => {
    for (const args of [['--help'], ['serve', '--help'], ['migrate', '--help'], ['seed', 'demo', '--help'], ['users', 'add', '--help'], ['audit', 'verify', '--help'], ['dossier', 'verify', '--help'], ['keys', 'rotate', '--help']]) {
      const run = await caselink(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toContain('Usage: caselink');
    }
  });

  it('an unknown command or a bad option exits 2', async () => {
    expect((await caselink(['no-such-command'])).code).toBe(2);
    const badSeed = await caselink(['--data', dataDir, 'seed', 'demo', '--seed', 'many']);
    expect(badSeed.code).toBe(2);
    expect(badSeed.stderr.trim().split('\n')).toHaveLength(1);
    expect(badSeed.stderr).toContain('--seed');
    const badCases = await caselink(['--data', dataDir, 'seed', 'demo', '--cases', 'many']);
    expect(badCases.code).toBe(2);
    expect(badCases.stderr).toContain('--cases');
  });

  it('migrate creates the schema once; a new instance has no accounts', async () => {
    const first = await caselink(['--data', dataDir, 'migrate']);
    expect(first.code, first.stderr).toBe(0);
    // every migration file, in order, named
    const files = readdirSync(new URL('../src/db/migrations', import.meta.url)).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, '')).sort();
    expect(first.stdout).toContain(`applied ${files.length} migration(s): ${files.join(', ')}`);
    const again = await caselink(['--data', dataDir, 'migrate']);
    expect(again.stdout).toMatch(/schema up to date/);
  });

  it('users add refuses an unknown unit with exit 2 and one line', async () => {
    const run = await caselink(['--data', dataDir, 'users', 'add', '--username', 'first.admin', '--display-name', '管理员', '--role', 'administrator', '--unit', 'committee-990000']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('committee-990000');
  });

  it('seed demo loads the province and cases; users add then makes an account with the password from stdin', async () => {
    // a few cases keep it short: test/demo-cases.int.test.ts loads the whole demo
    // the province, 12 cases, the oversight part and a governance center in proportion (its first agreement PDF loads the font)
    const seeded = await caselink(['--data', dataDir, 'seed', 'demo', '--cases', '12'], { env: { CASELINK_DEMO_PASSWORD: 'another-demo-pass' }, timeoutMs: 150_000 });
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toMatch(/demo province loaded: \d+ regions, \d+ units, \d+ accounts/);
    expect(seeded.stdout).toMatch(/demo cases loaded: 12 cases/);
    const add = await caselink(
      ['--data', dataDir, 'users', 'add', '--username', 'first.admin', '--display-name', '管理员', '--role', 'administrator', '--unit', 'committee-990000', '--password-stdin'],
      { stdin: 'Correct-horse-9\n' },
    );
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/created first\.admin \(administrator, 示范省委政法委\)/);
    expect(add.stdout).not.toContain('Correct-horse-9');
    const dup = await caselink(
      ['--data', dataDir, 'users', 'add', '--username', 'first.admin', '--display-name', '管理员', '--role', 'administrator', '--unit', 'committee-990000'],
    );
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('USERNAME_TAKEN');
    const bad = await caselink(
      ['--data', dataDir, 'users', 'add', '--username', 'x.y', '--display-name', '<b>x</b>', '--role', 'administrator', '--unit', 'committee-990000', '--id-number', '990102198506121230'],
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('displayName');
  });

  it('seed demo refuses a database that already holds units', async () => {
    const run = await caselink(['--data', dataDir, 'seed', 'demo']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('empty');
  });

  it('audit verify passes on an intact chain, as text and as JSON', async () => {
    const text = await caselink(['--data', dataDir, 'audit', 'verify']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/audit chain intact: \d+ record\(s\) verified/);
    const json = JSON.parse((await caselink(['--data', dataDir, 'audit', 'verify', '--json'])).stdout);
    expect(json).toMatchObject({ ok: true, firstBroken: null });
    expect(json.checked).toBeGreaterThanOrEqual(2);
  });

  it('audit verify names the first broken record and exits 1 (run last: it breaks the chain)', async () => {
    // tamper with the command's own embedded database, behind the trigger, as a database owner could
    const db = await openDb({ databaseUrl: null, dataDir });
    try {
      await db.exec('ALTER TABLE audit_record DISABLE TRIGGER audit_record_no_update_delete');
      await db.query("UPDATE audit_record SET action = 'forged' WHERE seq = 2");
    } finally {
      await db.close();
    }
    const run = await caselink(['--data', dataDir, 'audit', 'verify']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('BROKEN at record 2 (hash-mismatch)');
  });

  it('DATABASE_URL selects a PostgreSQL server', async () => {
    const t = await createTestDb({ demo: true });
    try {
      if (!t.url) {
        // the embedded lane has no server: the command must refuse a malformed URL with exit 2
        const run = await caselink(['audit', 'verify'], { env: { DATABASE_URL: 'mysql://nowhere' } });
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('DATABASE_URL');
        return;
      }
      const run = await caselink(['audit', 'verify', '--json'], { env: { DATABASE_URL: t.url } });
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: true });
    } finally {
      await t.close();
    }
  });
});
