/**
 * Dispute import benchmark (issue 6 part 8): `disputes import` of a synthetic sheet (bench/synthetic/disputes-csv.ts,
 * deterministic from --seed) beside the database's own bulk load (COPY) of the same rows into the same tables,
 * on PGlite or on PostgreSQL, each on a fresh copy of one migrated database holding the demo province's units.
 *
 *   npx tsx bench/disputes-import.bench.ts --target pglite [--rows 10000] [--seed 20261122] [--runs 3]
 *   npx tsx bench/disputes-import.bench.ts --target postgres --url <postgres-url of a server's admin database> …
 *        [--quiet-wait 5]
 *
 * Contenders, --runs interleaved passes, each on its own fresh database:
 *   - import:     importDisputes() with the intake sink, in process — what `bin/caselink disputes import` runs once
 *                 it has opened the database: both passes over the file (check, then store in batches of
 *                 limits.batchSize, one transaction each, each row through intakeDispute: matter keys, duplicate
 *                 check, dispute + parties + intake event + audit record);
 *   - re-import:  the same file again on the imported database (every row already imported: nothing stored);
 *   - dry run:    the check pass alone (read, map, look up import keys);
 *   - COPY:       the same rows, mapped beforehand by the same mapper into the columns the intake writes to dispute
 *                 and dispute_party (number, tracking code, matter keys, import key), loaded by COPY in one
 *                 transaction. The mapping is timed apart (prepare); no event or audit rows, no duplicate check.
 * Output: a markdown summary on stdout and bench/out/disputes-import-<target>-<timestamp>.json.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadAppDeps } from '../src/app-deps.ts';
import { loadConfig } from '../src/config/config.ts';
import { type Db, isPgliteDb, openDb } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { type DisputeImportInput, isBlankRow, mapHeader, mapRow, typeIndex } from '../src/engine/disputes-import/row-mapper.ts';
import { matterKeys } from '../src/engine/disputes/matching.ts';
import { importDisputes } from '../src/modules/disputes-import/disputes-import.service.ts';
import { findUnitByCode } from '../src/modules/disputes-import/disputes-import.repository.ts';
import { createIntakeSink } from '../src/modules/disputes-import/intake-sink.ts';
import { openSheet } from '../src/modules/disputes-import/sheet-reader.ts';
import { loadDisputeImportRules } from '../src/rules/load-dispute-import.ts';
import { loadDisputeRules } from '../src/rules/load-disputes.ts';
import { loadRules } from '../src/rules/load-rules.ts';
import { seedDemo } from '../src/seed/seed-demo.ts';
import { cpuModel, log, machineBusySeconds, median, positiveInt, runStamp, waitForQuiet } from './lib.ts';
import { writeDisputesCsv } from './synthetic/disputes-csv.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT_DIR = join(ROOT, 'bench', 'out');
const UNIT = 'governance-center-990102';

const { values: args } = parseArgs({
  options: {
    target: { type: 'string' },
    url: { type: 'string' },
    rows: { type: 'string', default: '10000' },
    'import-rows': { type: 'string' },
    seed: { type: 'string', default: '20261122' },
    runs: { type: 'string', default: '3' },
    'quiet-wait': { type: 'string', default: '5' },
  },
});
const target = args.target;
if (target !== 'pglite' && target !== 'postgres') throw new Error('--target pglite|postgres');
if (target === 'postgres' && !args.url) throw new Error('--url is required with --target postgres');
const ROWS = positiveInt('rows', args.rows);
// the rows imported through the intake: the first IMPORT_ROWS of the sheet (the generator's rows are a prefix of a
// longer sheet's with the same seed), when importing all of them does not fit the time at hand
const IMPORT_ROWS = args['import-rows'] === undefined ? ROWS : positiveInt('import-rows', args['import-rows']);
if (IMPORT_ROWS > ROWS) throw new Error('--import-rows cannot exceed --rows');
const SEED = positiveInt('seed', args.seed);
const RUNS = positiveInt('runs', args.runs);
const QUIET_WAIT = Number(args['quiet-wait']);

interface Timed {
  ms: number;
  otherCores: number;
}
async function timed(fn: () => Promise<unknown>): Promise<Timed> {
  await waitForQuiet(QUIET_WAIT);
  const busy = machineBusySeconds();
  const own = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  const ownUsage = process.cpuUsage(own);
  const otherCores = (machineBusySeconds() - busy - (ownUsage.user + ownUsage.system) / 1e6) / (ms / 1000);
  return { ms: Math.round(ms), otherCores: Math.max(0, Math.round(otherCores * 100) / 100) };
}

// ---------------------------------------------------------------------------------------------------------
// Fresh databases: one migrated template with the demo province's units, copied for every contender and run

interface Fresh {
  db: Db;
  dataDir: string;
  url: string | null;
  /** raw access for COPY */
  copy(table: string, columns: string[], csv: string): Promise<void>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  drop(): Promise<void>;
}

const scratch = mkdtempSync(join(tmpdir(), 'caselink-bench-import-'));
let templateBlob: Blob | File | null = null;
let fresh = 0;

async function prepareTemplate(): Promise<void> {
  const rules = loadRules();
  if (target === 'pglite') {
    const db = await openDb({ databaseUrl: null, dataDir: join(scratch, 'template') });
    await migrate(db);
    await seedDemo(db, rules.organisation, { seed: 1, password: 'bench-demo-1234' });
    if (!isPgliteDb(db)) throw new Error('not PGlite');
    templateBlob = await db.dumpDataDir();
    await db.close();
    return;
  }
  const admin = new pg.Client({ connectionString: args.url });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS caselink_bench_import_tpl');
  await admin.query('CREATE DATABASE caselink_bench_import_tpl');
  await admin.end();
  const db = await openDb({ databaseUrl: dbUrl('caselink_bench_import_tpl') });
  await migrate(db);
  await seedDemo(db, rules.organisation, { seed: 1, password: 'bench-demo-1234' });
  await db.close();
}

function dbUrl(name: string): string {
  const u = new URL(args.url!);
  u.pathname = `/${name}`;
  return u.toString();
}

async function freshDb(): Promise<Fresh> {
  fresh += 1;
  const dataDir = join(scratch, `run-${fresh}`);
  if (target === 'pglite') {
    // one PGlite serves the service's Db (the import) and COPY (its query's blob option)
    mkdirSync(join(dataDir, 'pglite'), { recursive: true });
    const lite = await PGlite.create(join(dataDir, 'pglite'), { loadDataDir: templateBlob!, parsers: { 20: (v: string) => Number(v) } });
    const db: Db = {
      kind: 'pglite',
      ping: async () => {
        await lite.query('SELECT 1');
      },
      query: async (sql, params = []) => (await lite.query(sql, params as unknown[])).rows as never,
      exec: async (sql) => {
        await lite.exec(sql);
      },
      transaction: (fn) =>
        lite.transaction((tx) =>
          fn({ query: async (sql, params = []) => (await tx.query(sql, params as unknown[])).rows as never, exec: async (sql) => void (await tx.exec(sql)) }),
        ),
      close: async () => {
        if (!lite.closed) await lite.close();
      },
    };
    return {
      db,
      dataDir,
      url: null,
      copy: async (table, columns, csv) => {
        await lite.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([csv]) });
      },
      begin: async () => void (await lite.exec('BEGIN')),
      commit: async () => void (await lite.exec('COMMIT')),
      drop: async () => {
        await db.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `caselink_bench_import_${fresh}`;
  const admin = new pg.Client({ connectionString: args.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name} TEMPLATE caselink_bench_import_tpl`);
  await admin.end();
  const url = dbUrl(name);
  const db = await openDb({ databaseUrl: url });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    db,
    dataDir,
    url,
    copy: (table, columns, csv) =>
      new Promise<void>((resolve, reject) => {
        const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`));
        stream.on('finish', () => resolve());
        stream.on('error', reject);
        stream.end(csv);
      }),
    begin: async () => void (await client.query('BEGIN')),
    commit: async () => void (await client.query('COMMIT')),
    drop: async () => {
      await client.end();
      await db.close();
      const a = new pg.Client({ connectionString: args.url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name}`);
      await a.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The sheet, and the same rows as COPY input

const importRules = loadDisputeImportRules();
const disputeRules = loadDisputeRules();
const types = typeIndex(disputeRules.types.values());
const source = (path: string) => () => createReadStream(path, { highWaterMark: 256 * 1024 });

async function mappedInputs(path: string): Promise<{ row: number; importKey: string; input: DisputeImportInput }[]> {
  const sheet = await openSheet(path, source(path), { encoding: 'auto', maxFileBytes: importRules.limits.maxFileBytes, workbook: importRules.workbook, maxRecordChars: importRules.limits.maxCellChars * 2 });
  const out: { row: number; importKey: string; input: DisputeImportInput }[] = [];
  let map = null;
  for await (const r of sheet.rows()) {
    if (isBlankRow(r.cells)) continue;
    if (map === null) {
      const h = mapHeader(r.cells, importRules.columns);
      if (!h.ok) throw new Error('header refused');
      map = h.map;
      continue;
    }
    const m = mapRow(r, map, { types, today: new Date(), maxCellChars: importRules.limits.maxCellChars });
    if (!m.ok) throw new Error(`row ${m.row} refused: ${JSON.stringify(m.problems)}`);
    out.push({ row: m.row, importKey: m.importKey, input: m.input });
  }
  return out;
}

const DISPUTE_COLUMNS = ['id', 'number', 'tracking_code', 'channel', 'state', 'type', 'risk_level', 'urgency', 'amount', 'summary', 'region_code', 'intake_unit_id', 'fingerprints', 'import_key', 'created_at', 'updated_at'];
const PARTY_COLUMNS = ['dispute_id', 'position', 'role', 'kind', 'name', 'phone', 'id_number', 'address'];
const q = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : `"${v.replaceAll('"', '""')}"`);
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function trackingCode(i: number): string {
  let s = '';
  let n = i + 1_000_000;
  for (let k = 0; k < 12; k++) {
    s = CROCKFORD[n % 32] + s;
    n = Math.floor(n / 32);
  }
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** The rows the intake would write to dispute and dispute_party, as COPY's CSV. */
function copyCsv(rows: Awaited<ReturnType<typeof mappedInputs>>, unit: { id: string; regionCode: string }): { dispute: string; party: string } {
  const at = new Date().toISOString();
  const d: string[] = [];
  const p: string[] = [];
  rows.forEach((r, i) => {
    const id = randomUUID();
    const type = disputeRules.types.get(r.input.type)!;
    const keys = matterKeys(type.id, r.input.parties.map((x) => ({ role: x.role, name: x.name, phone: x.phone ?? null, idNumber: x.idNumber ?? null })));
    d.push([id, `COPY-${i + 1}`, trackingCode(i), 'import', 'intake', type.id, type.risk, 'normal', r.input.amount, r.input.summary, unit.regionCode, unit.id, `{${keys.join(',')}}`, r.importKey, at, at].map(q).join(','));
    r.input.parties.forEach((x, position) => {
      p.push([id, position, x.role, x.kind, x.name, x.phone ?? null, x.idNumber ?? null, x.address ?? null].map(q).join(','));
    });
  });
  return { dispute: `${d.join('\n')}\n`, party: `${p.join('\n')}\n` };
}

// ---------------------------------------------------------------------------------------------------------

async function sheet(rows: number): Promise<{ path: string; generateMs: number | null }> {
  const path = join(OUT_DIR, `disputes-${rows}-${SEED}.csv`);
  if (existsSync(path)) return { path, generateMs: null };
  const t0 = performance.now();
  await writeDisputesCsv(path, rows, SEED);
  return { path, generateMs: Math.round(performance.now() - t0) };
}

/** COPY of the sheet's rows into a fresh database: the mapping (prepare) untimed there, timed apart. */
async function copyRun(inputs: Awaited<ReturnType<typeof mappedInputs>>, mapMs: number): Promise<{ copy: Timed; prepareMs: number }> {
  const b = await freshDb();
  const unit = (await findUnitByCode(b.db, UNIT))!;
  const p0 = performance.now();
  const csv = copyCsv(inputs, unit);
  const prepareMs = Math.round(performance.now() - p0) + mapMs;
  const copy = await timed(async () => {
    await b.begin();
    await b.copy('dispute', DISPUTE_COLUMNS, csv.dispute);
    await b.copy('dispute_party', PARTY_COLUMNS, csv.party);
    await b.commit();
  });
  const copied = (await b.db.query<{ n: number }>('SELECT count(*)::int AS n FROM dispute'))[0]?.n;
  if (copied !== inputs.length) throw new Error(`COPY left ${copied} disputes of ${inputs.length}`);
  await b.drop();
  return { copy, prepareMs };
}

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const full = await sheet(ROWS);
  const part = IMPORT_ROWS === ROWS ? full : await sheet(IMPORT_ROWS);
  log(`sheets ${full.path}${IMPORT_ROWS === ROWS ? '' : ` and ${part.path}`} (${full.generateMs === null ? 'reused' : `generated in ${full.generateMs} ms`})`);
  const t0 = performance.now();
  await prepareTemplate();
  log(`template database (migrated, demo units) in ${Math.round(performance.now() - t0)} ms`);

  const m0 = performance.now();
  const fullInputs = await mappedInputs(full.path);
  const fullMapMs = Math.round(performance.now() - m0);
  const partInputs = fullInputs.slice(0, IMPORT_ROWS);
  const partMapMs = Math.round((fullMapMs * IMPORT_ROWS) / ROWS);

  const results: { run: number; import: Timed; reimport: Timed; dryRun: Timed; copy: Timed; prepareMs: number; copyFull: Timed | null; dryRunFull: Timed | null }[] = [];
  for (let run = 1; run <= RUNS; run++) {
    // import, then re-import and dry run on the imported database
    const a = await freshDb();
    const config = loadConfig({ CASELINK_DATA: a.dataDir, ...(a.url ? { DATABASE_URL: a.url } : {}) });
    const deps = loadAppDeps(config, a.db);
    const unit = (await findUnitByCode(a.db, UNIT))!;
    const importer = { unitId: unit.id, regionCode: unit.regionCode, userId: null, username: 'bench', clientAddress: null };
    const options = (dryRun: boolean) => ({ rules: importRules, types, today: deps.now(), dryRun, encoding: 'auto' as const });
    const sink = createIntakeSink(deps, importer);
    let accepted = -1;
    const imp = await timed(async () => {
      accepted = (await importDisputes('bench.csv', source(part.path), sink, options(false))).accepted;
    });
    if (accepted !== IMPORT_ROWS) throw new Error(`import accepted ${accepted} of ${IMPORT_ROWS}`);
    let again = -1;
    const reimport = await timed(async () => {
      again = (await importDisputes('bench.csv', source(part.path), sink, options(false))).alreadyImported;
    });
    if (again !== IMPORT_ROWS) throw new Error(`re-import found ${again} of ${IMPORT_ROWS} already imported`);
    const dryRun = await timed(() => importDisputes('bench.csv', source(part.path), sink, options(true)));
    const dryRunFull = IMPORT_ROWS === ROWS ? null : await timed(() => importDisputes('bench.csv', source(full.path), sink, options(true)));
    const imported = (await a.db.query<{ n: number }>("SELECT count(*)::int AS n FROM dispute WHERE channel = 'import'"))[0]?.n;
    if (imported !== IMPORT_ROWS) throw new Error(`import left ${imported} disputes`);
    await a.drop();

    const { copy, prepareMs } = await copyRun(partInputs, partMapMs);
    const copyFull = IMPORT_ROWS === ROWS ? null : (await copyRun(fullInputs, fullMapMs)).copy;
    results.push({ run, import: imp, reimport, dryRun, copy, prepareMs, copyFull, dryRunFull });
    log(`run ${run}: import ${imp.ms} ms, re-import ${reimport.ms} ms, dry run ${dryRun.ms} ms, COPY ${copy.ms} ms (+ prepare ${prepareMs} ms)${copyFull ? `; all ${ROWS} rows: COPY ${copyFull.ms} ms, dry run ${dryRunFull!.ms} ms` : ''}`);
  }
  rmSync(scratch, { recursive: true, force: true });

  const med = (f: (r: (typeof results)[number]) => number) => Math.round(median(results.map(f)));
  const summary = {
    target,
    rows: ROWS,
    importRows: IMPORT_ROWS,
    seed: SEED,
    runs: RUNS,
    cpu: cpuModel(),
    cores: os.cpus().length,
    node: process.version,
    batchSize: importRules.limits.batchSize,
    importMs: med((r) => r.import.ms),
    reimportMs: med((r) => r.reimport.ms),
    dryRunMs: med((r) => r.dryRun.ms),
    copyMs: med((r) => r.copy.ms),
    prepareMs: med((r) => r.prepareMs),
    copyFullMs: IMPORT_ROWS === ROWS ? null : med((r) => r.copyFull!.ms),
    dryRunFullMs: IMPORT_ROWS === ROWS ? null : med((r) => r.dryRunFull!.ms),
    results,
  };
  const ratio = summary.importMs / Math.max(1, summary.copyMs);
  writeFileSync(join(OUT_DIR, `disputes-import-${target}-${runStamp()}.json`), `${JSON.stringify(summary, null, 2)}\n`);
  const rate = (n: number, ms: number) => Math.round((n / Math.max(1, ms)) * 1000);
  console.log('| target | rows imported | runs | import | re-import | dry run | COPY (+ prepare) | import / COPY |');
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(`| ${target} | ${IMPORT_ROWS} | ${RUNS} | ${summary.importMs} ms (${rate(IMPORT_ROWS, summary.importMs)} rows/s) | ${summary.reimportMs} ms | ${summary.dryRunMs} ms | ${summary.copyMs} ms (+${summary.prepareMs} ms) | ${ratio.toFixed(0)}x |`);
  if (summary.copyFullMs !== null) console.log(`all ${ROWS} rows: COPY ${summary.copyFullMs} ms (${rate(ROWS, summary.copyFullMs)} rows/s), dry run ${summary.dryRunFullMs} ms (${rate(ROWS, summary.dryRunFullMs!)} rows/s)`);
  console.log(`other cores busy during the runs (import / COPY): ${results.map((r) => `${r.import.otherCores}/${r.copy.otherCores}`).join(', ')}`);
}

await main();
