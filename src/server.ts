import type { FastifyInstance } from 'fastify';
import { loadAppDeps } from './app-deps.ts';
import { buildApp } from './app.ts';
import type { Config } from './config/config.ts';
import { type Db, openDb } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import type { FileStore, FilesystemStore } from './modules/dossiers/file-store.ts';
import { loadRules } from './rules/load-rules.ts';
import { DEMO_CASE_COUNT } from './seed/demo-cases.ts';
import { isDatabaseEmpty, seedDemo } from './seed/seed-demo.ts';
import { planDemoLoad, startDemoLoad } from './seed/demo-load.ts';
import { startWarningScheduler } from './modules/warnings/warnings.scheduler.ts';
import { startSnapshotScheduler } from './modules/indicators/indicators.scheduler.ts';
import { startReportScheduler } from './modules/reports/reports.scheduler.ts';

export function openConfiguredDb(config: Config): Promise<Db> {
  return openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
}

export interface StartOptions {
  /** Load the demo province when the database holds no units yet (what `npm start` does). */
  demoIfEmpty: boolean;
  /** With demoIfEmpty: how many criminal cases the demo loads through the case services (0: none). */
  demoCases?: number;
  logger?: boolean;
  /** Where a long start says how far it is (the demo's cases). */
  log?: (line: string) => void;
}

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  url: string;
  /** Resolves when the demo's criminal cases have loaded (at once when there are none to load). */
  demoLoaded: Promise<void>;
  /** How many temporary files of interrupted uploads the start removed from the filesystem store. */
  swept: Promise<number>;
  close(): Promise<void>;
}

function sweepTemporaryFiles(files: FileStore, app: FastifyInstance): Promise<number> {
  if (!('removeStaleTemporaryFiles' in files)) return Promise.resolve(0);
  return (files as FilesystemStore).removeStaleTemporaryFiles().then(
    (n) => {
      if (n > 0) app.log.info(`removed ${n} temporary file(s) left in the document store by interrupted uploads`);
      return n;
    },
    (error: unknown) => {
      app.log.warn(`could not sweep the document store's temporary files: ${String(error)}`);
      return 0;
    },
  );
}

/** Opens the database, migrates it, seeds the demo when asked, listens, then loads the demo's cases in the background. */
export async function startServer(config: Config, options: StartOptions): Promise<RunningServer> {
  const rules = loadRules();
  const db = await openConfiguredDb(config);
  try {
    await migrate(db);
    const seeding = options.demoIfEmpty && (await isDatabaseEmpty(db));
    if (seeding) await seedDemo(db, rules.organisation, { seed: 1, password: config.demoPassword });
    const deps = loadAppDeps(config, db);
    const cases = options.demoCases ?? DEMO_CASE_COUNT;
    if (seeding && cases > 0) await planDemoLoad(db, { seed: 1, total: cases, plannedAt: new Date() });
    const app = await buildApp(deps, { logger: options.logger ?? true });
    const url = await app.listen({ host: config.host, port: config.port });
    // a server killed during an upload leaves the upload's temporary file in the store: swept once an hour old
    const swept = sweepTemporaryFiles(deps.files, app);
    // the demo's cases (minutes on the embedded database) load while the server already answers; a server
    // stopped half-way goes on with them at its next start
    const demo = await startDemoLoad(deps, rules.organisation, options.log ?? (() => undefined));
    for (const r of deps.warningModels.refused) app.log.warn(`warning model refused, the others run: ${r.source}: ${r.field}: ${r.problem}`);
    const warnings = startWarningScheduler(deps, (line) => app.log.info(line));
    const snapshots = startSnapshotScheduler(deps, (line) => app.log.info(line), { after: demo.done });
    const reports = startReportScheduler(deps, (line) => app.log.info(line));
    return {
      app,
      db,
      url,
      demoLoaded: demo.done,
      swept,
      // not awaited on close: the sweep only removes files nothing refers to, and a stop half-way is harmless
      close: async () => {
        await demo.stop();
        await warnings.stop();
        await snapshots.stop();
        await reports.stop();
        await app.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
