import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/client.ts';
import { caselink } from './run-cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'caselink-cockpit-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('bin/caselink cockpit', { timeout: 180_000 }, () => {
  it('verify agrees on a fresh province, names a count changed behind the triggers (exit 1), and rebuild mends it', async () => {
    expect((await caselink(['--data', dataDir, 'migrate'])).code).toBe(0);
    expect((await caselink(['--data', dataDir, 'seed', 'demo', '--cases', '0'])).code).toBe(0);
    const ok = await caselink(['--data', dataDir, 'cockpit', 'verify', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ ok: true, differences: [] });

    // a count nobody wrote: as if a bulk load had run with the triggers off
    const db = await openDb({ databaseUrl: null, dataDir });
    await db.query(`INSERT INTO cockpit_count (figure, unit_id, key, n) SELECT 'case.open', id, 'registered', 3 FROM unit WHERE code = 'police-990102'`);
    await db.close();
    const wrong = await caselink(['--data', dataDir, 'cockpit', 'verify']);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('case.open registered');
    expect(wrong.stdout).toContain('kept 3, recounted 0');

    const rebuilt = await caselink(['--data', dataDir, 'cockpit', 'rebuild']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toMatch(/cockpit counts rebuilt: \d+ count\(s\)/);
    expect((await caselink(['--data', dataDir, 'cockpit', 'verify'])).code).toBe(0);
  });
});
