import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import type { AppDeps } from '../src/app-deps.ts';
import { loadConfig } from '../src/config/config.ts';
import { loadClock } from '../src/rules/load-clock.ts';
import { loadRules } from '../src/rules/load-rules.ts';
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
  const rules = loadRules();
  // no data folder: the clock reads only the calendars shipped in rules/, never a developer's ./data
  const config = loadConfig({}, { webDir: opts.webDir ?? '/nonexistent', dataDir: '/nonexistent/caselink-test-data', loginMaxFailures: 5, rateLimitPerMinute: 1_000_000 });
  const deps: AppDeps = { db: testDb.db, config, permissions: rules.permissions, rolesFor: rules.rolesFor, clock: loadClock(config.dataDir) };
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
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
