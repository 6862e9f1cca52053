/**
 * The synthetic province, from the command line: migrates a fresh database, seeds the demo organisation (the
 * project's seedDemo, seed 1: the same units and accounts as `npm start`), generates the cases (generate.ts)
 * and bulk-loads them (load.ts), printing progress and a summary, which it also writes to
 * bench/out/synthetic-province-<time>.json.
 *
 *   npx tsx bench/synthetic/province.ts --cases 1000000 --seed 20261122 [--data <dir> | --url <postgres-url>] [--years 5]
 *
 * --data (default ./data-synthetic): an embedded PGlite database in <dir>/pglite, which must not exist yet.
 * --url: a PostgreSQL database that is empty (no tables) or migrated with no units yet.
 * --workers (default 1): threads generating rows while the main thread copies; --chunk: cases per COPY batch.
 * A benchmark database only: its transfers carry placeholder signatures (see generate.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDb } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import { isDatabaseEmpty, seedDemo } from '../../src/seed/seed-demo.ts';
import { cpuModel, positiveInt, runStamp } from '../lib.ts';
import { type CopyTarget, loadProvince, pgliteTarget, postgresTarget } from './load.ts';
import { ORGANISATION_SEED } from './rules.ts';
import { workerSource } from './workers.ts';

const HELP = `usage: npx tsx bench/synthetic/province.ts --cases <n> --seed <n> [--data <dir> | --url <postgres-url>] [--years <n>] [--chunk <n>] [--workers <n>]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string' },
      seed: { type: 'string' },
      data: { type: 'string' },
      url: { type: 'string' },
      years: { type: 'string', default: '5' },
      chunk: { type: 'string', default: '500' },
      workers: { type: 'string', default: '1' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const cases = positiveInt('cases', values.cases);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be a whole number, got "${values.seed}"\n${HELP}`);
  const years = positiveInt('years', values.years);
  const chunk = positiveInt('chunk', values.chunk);
  if (values.data && values.url) throw new Error('give --data or --url, not both');
  const dataDir = values.url ? null : (values.data ?? 'data-synthetic');
  if (dataDir && existsSync(join(dataDir, 'pglite'))) throw new Error(`${join(dataDir, 'pglite')} exists: the synthetic province loads into a new database`);

  const started = performance.now();
  const layout = loadRules().organisation;
  const log = (line: string) => console.log(`[synthetic] ${line}`);

  // 1. migrate and seed the organisation through the project's own functions
  const db = await openDb(dataDir ? { databaseUrl: null, dataDir } : { databaseUrl: values.url!, poolSize: 1 });
  try {
    await migrate(db);
    if (!(await isDatabaseEmpty(db))) throw new Error('the database already holds units: the synthetic province loads only into a new one');
    const seeded = await seedDemo(db, layout, { seed: ORGANISATION_SEED, password: process.env.CASELINK_DEMO_PASSWORD || 'demo1234' });
    log(`migrated; organisation seeded: ${seeded.regions} regions, ${seeded.units} units, ${seeded.users} accounts`);
  } finally {
    await db.close();
  }

  // 2. generate and load
  const workers = positiveInt('workers', values.workers);
  const source = workerSource({ seed, cases, years }, workers);
  let target: CopyTarget;
  let close: () => Promise<void>;
  if (dataDir) {
    // a benchmark database: durability relaxed (PGlite syncs to disk less often), as a load that fails is run again anyway
    const lite = await PGlite.create(join(dataDir, 'pglite'), { relaxedDurability: true });
    target = pgliteTarget(lite);
    close = () => lite.close();
  } else {
    const client = new pg.Client({ connectionString: values.url! });
    await client.connect();
    await client.query('SET synchronous_commit = off');
    target = postgresTarget(client);
    close = () => client.end();
  }
  let peakRss = process.memoryUsage().rss;
  let nextReport = 0;
  const result = await loadProvince(target, source, {
    chunk,
    ahead: workers + 1,
    onProgress: (p) => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (p.cases >= nextReport || p.cases === p.total) {
        log(`${p.cases}/${p.total} cases, ${p.rows} rows, ${p.seconds.toFixed(0)} s, ${Math.round(p.rows / p.seconds)} rows/s, RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
        nextReport = p.cases + Math.max(chunk, Math.ceil(p.total / 20));
      }
    },
  });
  await source.close();
  let databaseBytes: number;
  if (dataDir) {
    await close();
    databaseBytes = Number(execFileSync('du', ['-sb', join(dataDir, 'pglite')], { encoding: 'utf8' }).split('\t')[0]);
  } else {
    const [row] = await target.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
    databaseBytes = Number(row!.bytes);
    await close();
  }
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  const seconds = (performance.now() - started) / 1000;
  const summary = {
    when: new Date().toISOString(),
    database: dataDir ? 'pglite' : 'postgres',
    command: `npx tsx bench/synthetic/province.ts ${process.argv.slice(2).join(' ')}`,
    machine: { cpu: cpuModel(), cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    cases,
    seed,
    years,
    rows: result.rows,
    totalRows: result.totalRows,
    seconds: { ...result.seconds, all: seconds },
    rowsPerSecond: Math.round(result.totalRows / result.seconds.total),
    peakRssMiB: Math.round(peakRss / 2 ** 20),
    databaseBytes,
  };
  log('rows per table:');
  for (const [table, n] of Object.entries(result.rows)) log(`  ${table.padEnd(18)} ${String(n).padStart(12)}`);
  log(`total ${result.totalRows} rows in ${result.seconds.total.toFixed(1)} s (${summary.rowsPerSecond} rows/s; plan ${result.seconds.plan.toFixed(1)} s, generate and copy ${result.seconds.load.toFixed(1)} s, indexes and foreign keys ${result.seconds.indexes.toFixed(1)} s, cockpit counts ${result.seconds.cockpit.toFixed(1)} s, analyze ${result.seconds.analyze.toFixed(1)} s); with migrate and seed ${seconds.toFixed(1)} s`);
  log(`peak RSS ${summary.peakRssMiB} MiB, database ${(databaseBytes / 2 ** 30).toFixed(2)} GiB on disk`);
  const outDir = join(import.meta.dirname, '..', 'out');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `synthetic-province-${runStamp()}.json`);
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  log(`summary written to ${file}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
