import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppDeps, loadAppDeps } from '../src/app-deps.ts';
import { loadConfig } from '../src/config/config.ts';
import { type TestDb, createTestDb } from './db.ts';
import { DEMO_PASSWORD } from './db-names.ts';

export interface TestApp extends TestDb {
  app: FastifyInstance;
  deps: AppDeps;
  /** Logs in through the API and answers the bearer token. */
  login(username: string, password?: string): Promise<string>;
}

/** The app on a fresh database, driven with app.inject (no port). */
export async function createTestApp(opts: { demo: boolean; webDir?: string } = { demo: true }): Promise<TestApp> {
  const testDb = await createTestDb(opts);
  // a fresh data folder: the clock reads only the calendars shipped in rules/, never a developer's ./data, and
  // the documents of one test file stay in its own store
  const dataDir = mkdtempSync(join(tmpdir(), 'caselink-test-'));
  const config = loadConfig({}, { webDir: opts.webDir ?? '/nonexistent', dataDir, loginMaxFailures: 5, rateLimitPerMinute: 1_000_000, masterKeyHex: TEST_MASTER_KEY });
  const deps: AppDeps = loadAppDeps(config, testDb.db);
  const app = await buildApp(deps);
  const tokens = new Map<string, string>();
  return {
    ...testDb,
    app,
    deps,
    async login(username, password = DEMO_PASSWORD) {
      const cached = tokens.get(`${username}\n${password}`);
      if (cached) return cached;
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const token = (res.json() as { token: string }).token;
      tokens.set(`${username}\n${password}`, token);
      return token;
    },
    async close() {
      await app.close();
      await testDb.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fixed master key for tests (never used outside them). */
export const TEST_MASTER_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
