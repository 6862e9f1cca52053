import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppDeps } from '../src/app-deps.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/config.ts';
import { openDb } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadRules } from '../src/rules/load-rules.ts';
import { seedDemo } from '../src/seed/seed-demo.ts';
import { bearer } from './app.ts';
import { DEMO_PASSWORD } from './db-names.ts';
import { pdfBytes } from './documents.ts';
import { caselink } from './run-cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'caselink-dossier-cli-'));
// the CLI reads the master key from <data>/keys/master.key, as the server in beforeAll did
const env: Record<string, string> = {};
delete process.env.CASELINK_MASTER_KEY;
let caseId = '';
let dossierSm3 = '';

/** A case with a signed arrest request, made through the API on an embedded database in `dataDir`. */
beforeAll(async () => {
  const db = await openDb({ databaseUrl: null, dataDir });
  try {
    await migrate(db);
    await seedDemo(db, loadRules().organisation, { seed: 1, password: DEMO_PASSWORD });
    const app = await buildApp(loadAppDeps(loadConfig({}, { dataDir, webDir: '/nonexistent' }), db));
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'police-990102-handler', password: DEMO_PASSWORD } });
    const h = bearer(login.json().token);
    const created = await app.inject({ method: 'POST', url: '/api/cases', headers: h, payload: { title: '命令行校验用例', charge: 'theft' } });
    caseId = created.json().id;
    const upload = async (kind: string) => {
      const res = await app.inject({ method: 'POST', url: `/api/cases/${caseId}/documents?kind=${kind}&name=${kind}.pdf`, headers: { ...h, 'content-type': 'application/pdf' }, payload: Buffer.from(await pdfBytes(1, kind)) });
      return res.json() as { id: string; sm3: string };
    };
    const reg = await upload('registration-decision');
    await app.inject({ method: 'POST', url: `/api/cases/${caseId}/transitions`, headers: h, payload: { transition: 'start-investigation', documentIds: [reg.id] } });
    const form = await upload('arrest-request-form');
    const dossier = await upload('dossier');
    dossierSm3 = dossier.sm3;
    const [unit] = await db.query<{ id: string }>(`SELECT id FROM unit WHERE code = 'procuratorate-990102'`);
    const sent = await app.inject({ method: 'POST', url: `/api/cases/${caseId}/transitions`, headers: h, payload: { transition: 'request-arrest', documentIds: [form.id, dossier.id], receiverUnitId: unit!.id } });
    expect(sent.statusCode, sent.body).toBe(200);
    await app.close();
  } finally {
    await db.close();
  }
}, 180_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('bin/caselink dossier verify and keys rotate', { timeout: 180_000 }, () => {
  it('verifies one case and all cases; rotating a key keeps them verifiable', async () => {
    const one = await caselink(['--data', dataDir, 'dossier', 'verify', caseId], { env });
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('dossiers intact: 1 transfer(s) and 3 document(s) verified, 0 failure(s)');
    const rotated = await caselink(['--data', dataDir, 'keys', 'rotate', 'police-990102', '--json'], { env });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(JSON.parse(rotated.stdout)).toMatchObject({ unit: 'police-990102', retired: { unitId: expect.any(String) } });
    const all = await caselink(['--data', dataDir, 'dossier', 'verify', '--all', '--json'], { env });
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({ ok: true, transfers: 1, failures: [] });
  });

  it('bad input: exit 2 and one line', async () => {
    for (const args of [['dossier', 'verify'], ['dossier', 'verify', caseId, '--all'], ['dossier', 'verify', 'not-a-case'], ['keys', 'rotate', 'no-such-unit']]) {
      const run = await caselink(['--data', dataDir, ...args], { env });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('names the document whose stored bytes were damaged, and exits 1 (run last: it damages the store)', async () => {
    const path = join(dataDir, 'documents', 'sm3', dossierSm3.slice(0, 2), dossierSm3.slice(2, 4), dossierSm3);
    writeFileSync(path, 'not the signed bytes');
    const run = await caselink(['--data', dataDir, 'dossier', 'verify', '--all'], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAILED transfer .* file-damaged/);
    expect(run.stdout).toMatch(/FAILED document .* file-damaged/);
    expect(run.stdout).toContain('dossiers NOT intact');
  });
});
