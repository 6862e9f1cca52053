import type { FastifyInstance } from 'fastify';
import { loadAppDeps } from './app-deps.ts';
import { buildApp } from './app.ts';
import type { Config } from './config/config.ts';
import { type Db, openDb } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { loadRules } from './rules/load-rules.ts';
import { isDatabaseEmpty, seedDemo } from './seed/seed-demo.ts';

export function openConfiguredDb(config: Config): Promise<Db> {
  return openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
}

export interface StartOptions {
  /** Load the demo province when the database holds no units yet (what `npm start` does). */
  demoIfEmpty: boolean;
  logger?: boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  url: string;
  close(): Promise<void>;
}

/** Opens the database, migrates it, seeds the demo when asked, and listens. */
export async function startServer(config: Config, options: StartOptions): Promise<RunningServer> {
  const rules = loadRules();
  const db = await openConfiguredDb(config);
  try {
    await migrate(db);
    if (options.demoIfEmpty && (await isDatabaseEmpty(db))) {
      await seedDemo(db, rules.organisation, { seed: 1, password: config.demoPassword });
    }
    const app = await buildApp(loadAppDeps(config, db), { logger: options.logger ?? true });
    const url = await app.listen({ host: config.host, port: config.port });
    return {
      app,
      db,
      url,
      close: async () => {
        await app.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
