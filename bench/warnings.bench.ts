/**
 * Oversight benchmark (issue 5): the whole warning-model catalogue over a synthetic province, on PGlite or on
 * PostgreSQL, beside (a) one sequential scan of criminal_case on the same database — the floor — and (b)
 * json-rules-engine evaluating the declarative case models in Node, case by case, on a sample of cases — what a
 * team would otherwise pick.
 *
 *   npx tsx bench/warnings.bench.ts --target pglite --data <dir> [--cases 1000000] [--seed 20261122]
 *   npx tsx bench/warnings.bench.ts --target postgres --url <postgres-url> [--cases …]
 *        [--runs 3] [--sample 10000] [--events 200] [--quiet-wait 5]
 *
 * The database: an existing synthetic province (bench/synthetic/province.ts) in <dir>/pglite or at <url> is reused
 * as it is (so that a rerun does not regenerate it for minutes); when there is none, the bench loads one of
 * --cases cases with --seed first (a child process running bench/synthetic/province.ts) and reports how long that
 * took. The bench writes to it: warning hits and runs, and one 'transition' case_event per incremental sample.
 *
 * Every model is run as of one fixed moment (the bench's start), so that the hits of the first run are those of the
 * steady runs after it. Contenders, timed in --runs interleaved passes (floor, full, full over the covered models,
 * json-rules-engine, incremental), waiting up to --quiet-wait s for the machine to go quiet before each and
 * recording the CPU used elsewhere during each:
 *   - floor:          SELECT count(*) FROM criminal_case WHERE version < 0 (no index on version: every row is read;
 *                     the EXPLAIN plan is printed and recorded);
 *   - full run:       runFull(deps) over every model, in steady state (the first run, which records the hits, is
 *                     timed once before the passes and reported apart, with its per-model ms);
 *   - full, covered:  runFull(deps, covered) over the models json-rules-engine covers, for the per-case comparison;
 *   - incremental:    --events random cases of the sample (--events / --runs per pass): a 'transition' case_event
 *                     inserted as the services do (the trigger queues the case), then runQueued(deps) timed alone;
 *   - json-rules-engine: the declarative models of rules/warning-models (subject + condition) translated one to one
 *                     into json-rules-engine rules (one engine per subject kind); for each sampled case, each of its
 *                     subjects (clocks with their person, transfers, loans, seized property, with the case's fields)
 *                     is one engine.run(facts). Loading the facts into plain objects is timed apart. Before the
 *                     passes, the subjects it flags per model must equal the open hits the SQL models recorded for
 *                     the sampled cases; disagreements are listed.
 * Output: a markdown summary on stdout and bench/out/warnings-<target>-<timestamp>.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { parse } from 'yaml';
import type { Db, Queryable } from '../src/db/client.ts';
import { SUBJECTS, type SubjectName } from '../src/engine/warnings/subjects.ts';
import { runFull, runQueued } from '../src/modules/warnings/warnings.service.ts';
import { WARNING_MODELS_DIR, loadWarningModels } from '../src/rules/load-warning-models.ts';
import { createPrng } from '../src/shared/prng.ts';
import { PROVINCE_OPTIONS, ensureProvince } from './synthetic/ensure-province.ts';
import { QUIET_BELOW, cpuModel, log, machineBusySeconds, median, positiveInt, runStamp, waitForQuiet } from './lib.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT_DIR = join(ROOT, 'bench', 'out');
const TARGET_FLOOR_RATIO = 5;
const TARGET_INCREMENTAL_P95_MS = 10;
const TARGET_JRE_RATIO = 50;
const DAY_MS = 86_400_000;
const FLOOR_SQL = 'SELECT count(*)::int AS n FROM criminal_case WHERE version < 0';

const { values: args } = parseArgs({
  options: {
    ...PROVINCE_OPTIONS,
    runs: { type: 'string', default: '3' },
    sample: { type: 'string', default: '10000' },
    events: { type: 'string', default: '200' },
    'quiet-wait': { type: 'string', default: '5' },
  },
});

// ---------------------------------------------------------------------------------------------------------
// Timing with the machine's other load

interface Timed<T> {
  ms: number;
  otherCores: number;
  value: T;
}

async function timed<T>(fn: () => Promise<T>): Promise<Timed<T>> {
  const busy0 = machineBusySeconds();
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const own = process.cpuUsage(own0);
  // what the rest of the machine used while this ran (the database server of PostgreSQL included: it is another
  // process, so on PostgreSQL this counts the server's own work too — reported as is, read with that in mind)
  const other = machineBusySeconds() - busy0 - (own.user + own.system) / 1e6;
  return { ms, otherCores: Math.max(0, other) / (ms / 1000), value };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

// ---------------------------------------------------------------------------------------------------------
// The database


async function sizes(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['criminal_case', 'case_person', 'case_clock', 'transfer', 'paper_loan', 'seized_property', 'case_document', 'case_event', 'case_record']) {
    const [r] = await db.query<{ n: number; bytes: number }>(`SELECT count(*)::bigint AS n, pg_total_relation_size('${table}')::bigint AS bytes FROM ${table}`);
    out[`${table}.rows`] = Number(r!.n);
    out[`${table}.bytes`] = Number(r!.bytes);
  }
  const [d] = await db.query<{ bytes: number }>('SELECT pg_database_size(current_database())::bigint AS bytes');
  out.databaseBytes = Number(d!.bytes);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// json-rules-engine: the declarative models, translated one to one

interface RawModel {
  id: string;
  scope?: string;
  subject?: SubjectName;
  answering?: string | Record<string, string>;
  condition?: unknown;
}

interface Translated {
  id: string;
  subject: SubjectName;
  unitFact: string;
  rule: RuleProperties;
}

const JRE_OP: Record<string, string> = { eq: 'equal', ne: 'notEqual', lt: 'lessThan', lte: 'lessThanInclusive', gt: 'greaterThan', gte: 'greaterThanInclusive', in: 'in', notIn: 'notIn' };
const TIME = /^now(?:\s*([+-])\s*(:[a-z_][a-z0-9_]*|\d+)\s+(days|hours|mins))?$/;
const UNIT_MS: Record<string, number> = { days: DAY_MS, hours: 3_600_000, mins: 60_000 };

/** The CST calendar day of a moment, as days since 1970-01-01 (what a date field is compared with). */
const cstDay = (ms: number) => Math.floor((ms + 8 * 3_600_000) / DAY_MS);

function translateNode(node: Record<string, unknown>, subject: SubjectName, params: Record<string, unknown>, now: number): TopLevelCondition | Record<string, unknown> {
  for (const group of ['all', 'any'] as const) {
    if (node[group]) {
      const items = (node[group] as Record<string, unknown>[]).map((c) => translateNode(c, subject, params, now));
      return group === 'all' ? { all: items } : { any: items };
    }
  }
  if (node.not) throw new Error('not: not used by the catalogue, not translated');
  const field = node.field as string;
  const type = (SUBJECTS[subject].fields as Record<string, { type: string }>)[field]!.type;
  if (node.isNull !== undefined) return { fact: field, operator: node.isNull ? 'equal' : 'notEqual', value: null };
  const op = Object.keys(JRE_OP).find((o) => node[o] !== undefined)!;
  let value = node[op];
  if (typeof value === 'string' && (type === 'timestamp' || type === 'date')) {
    const m = TIME.exec(value.trim())!;
    let at = now;
    if (m[1]) {
      const amount = m[2]!.startsWith(':') ? Number(params[m[2]!.slice(1)]) : Number(m[2]);
      at = now + (m[1] === '+' ? 1 : -1) * amount * UNIT_MS[m[3]!]!;
    }
    value = type === 'date' ? cstDay(at) : at;
  } else if (typeof value === 'string' && value.startsWith(':')) value = params[value.slice(1)];
  // SQL's three-valued logic: a NULL field makes `<>` unknown (not a hit); json-rules-engine's notEqual says true
  if (op === 'ne') return { all: [{ fact: field, operator: 'notEqual', value }, { fact: field, operator: 'notEqual', value: null }] };
  return { fact: field, operator: JRE_OP[op]!, value };
}

function translateModels(now: number): { covered: Translated[]; notCovered: { id: string; why: string }[] } {
  const catalogue = loadWarningModels();
  const covered: Translated[] = [];
  const notCovered: { id: string; why: string }[] = [];
  for (const model of catalogue.models.values()) {
    const raw = parse(readFileSync(join(WARNING_MODELS_DIR, `${model.id}.yaml`), 'utf8')) as RawModel;
    if (model.scope !== 'case') {
      notCovered.push({ id: model.id, why: 'province scope: an aggregate over units (rates, clusters, disparities), not a per-case rule' });
      continue;
    }
    if (!raw.subject || !raw.condition) {
      notCovered.push({ id: model.id, why: 'SQL form (joins, NOT EXISTS, aggregates over a case’s records): no one-to-one json-rules-engine rule' });
      continue;
    }
    const params: Record<string, unknown> = {};
    for (const p of model.parameters) params[p.name] = p.default;
    const answeringKey = typeof raw.answering === 'string' ? raw.answering : Object.keys(SUBJECTS[raw.subject].answering)[0]!;
    const unitFact = `unit__${answeringKey}`;
    const condition = translateNode(raw.condition as Record<string, unknown>, raw.subject, params, now);
    const rule: RuleProperties = {
      name: model.id,
      // a hit needs a unit to answer for it (runStatement: unit_id IS NOT NULL)
      conditions: { all: [condition as TopLevelCondition, { fact: unitFact, operator: 'notEqual', value: null }] } as TopLevelCondition,
      event: { type: model.id },
    };
    covered.push({ id: model.id, subject: raw.subject, unitFact, rule });
  }
  return { covered, notCovered };
}

type Facts = Record<string, unknown>;

/** Each sampled case's subjects as plain objects, by kind: the subject's fields and answering units, moments as epoch ms. */
async function loadFacts(db: Queryable, caseIds: string[], kinds: SubjectName[]): Promise<Map<string, { kind: SubjectName; subjectId: string; facts: Facts }[]>> {
  const byCase = new Map<string, { kind: SubjectName; subjectId: string; facts: Facts }[]>();
  for (const id of caseIds) byCase.set(id, []);
  const BATCH = 1000;
  for (const kind of kinds) {
    const s = SUBJECTS[kind];
    const cols = [`${s.subjectId} AS "subject_id"`, `${s.caseId}::text AS "case_id"`];
    for (const [key, sql] of Object.entries(s.answering)) cols.push(`(${sql})::text AS "unit__${key}"`);
    for (const [name, field] of Object.entries(s.fields as Record<string, { sql: string; type: string }>)) {
      if (field.type === 'timestamp') cols.push(`(extract(epoch FROM ${field.sql}) * 1000)::float8 AS "${name}"`);
      else if (field.type === 'date') cols.push(`(${field.sql} - date '1970-01-01')::int AS "${name}"`);
      else cols.push(`${field.sql} AS "${name}"`);
    }
    const sql = `SELECT ${cols.join(', ')} FROM ${s.from} WHERE ${s.caseId} = ANY($1::uuid[])`;
    for (let i = 0; i < caseIds.length; i += BATCH) {
      const rows = await db.query<Facts & { subject_id: string; case_id: string }>(sql, [caseIds.slice(i, i + BATCH)]);
      for (const row of rows) byCase.get(row.case_id)!.push({ kind, subjectId: row.subject_id, facts: row });
    }
  }
  return byCase;
}

async function runJre(engines: Map<SubjectName, Engine>, facts: Map<string, { kind: SubjectName; subjectId: string; facts: Facts }[]>): Promise<{ hits: Set<string>; runs: number }> {
  const hits = new Set<string>();
  let runs = 0;
  for (const subjects of facts.values()) {
    for (const s of subjects) {
      const engine = engines.get(s.kind);
      if (!engine) continue;
      const { events } = await engine.run(s.facts);
      runs++;
      for (const e of events) hits.add(`${e.type} ${s.subjectId}`);
    }
  }
  return { hits, runs };
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const runs = positiveInt('runs', args.runs);
  const events = positiveInt('events', args.events);
  const quietWait = Number(args['quiet-wait']);
  const startedAt = new Date();
  const { db, loadedSeconds, label } = await ensureProvince({ target: args.target, data: args.data, url: args.url, cases: positiveInt('cases', args.cases), seed: args.seed! });
  try {
    const now = new Date();
    const deps = { db, warningModels: loadWarningModels(), now: () => now };
    log(`${label}: sizes`);
    const size = await sizes(db);
    const cases = size['criminal_case.rows']!;
    log(`${cases} cases, database ${(size.databaseBytes! / 2 ** 30).toFixed(2)} GiB`);
    const queued = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM warning_queue'))[0]!.n;
    if (queued > 0) {
      log(`${queued} queued case events left by an earlier run: cleared (a benchmark database)`);
      await db.query('DELETE FROM warning_queue');
    }

    // the floor, and its plan
    const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${FLOOR_SQL}`)).map((r) => r['QUERY PLAN']);
    log(`floor plan:\n  ${plan.join('\n  ')}`);
    if (!plan.some((l) => /Seq Scan on criminal_case/.test(l))) throw new Error('the floor is not a sequential scan of criminal_case');

    // the first full run: it records the hits (a database the bench ran on before already holds them)
    const hitsBefore = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM warning_hit'))[0]!.n;
    await waitForQuiet(quietWait);
    log('first full run');
    const first = await timed(() => runFull(deps));
    const openHits = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM warning_hit WHERE closed_at IS NULL'))[0]!.n;
    const failed = first.value.models.filter((m) => m.error);
    log(`first full run ${round(first.ms)} ms (hits before: ${hitsBefore}; open hits now: ${openHits}; failed models: ${failed.map((m) => `${m.id}: ${m.error}`).join('; ') || 'none'})`);

    // the sample
    const sampleSize = Math.min(positiveInt('sample', args.sample), cases);
    const sample = (await db.query<{ id: string }>(`SELECT id::text AS id FROM criminal_case ORDER BY md5(id::text || $1) LIMIT $2`, [String(args.seed), sampleSize])).map((r) => r.id);

    // json-rules-engine: rules, facts, agreement
    const { covered, notCovered } = translateModels(now.getTime());
    const coveredIds = covered.map((c) => c.id);
    const engines = new Map<SubjectName, Engine>();
    for (const c of covered) {
      const engine = engines.get(c.subject) ?? new Engine([], { allowUndefinedFacts: true });
      engines.set(c.subject, engine);
      engine.addRule(c.rule);
    }
    log(`json-rules-engine covers ${covered.length} models: ${coveredIds.join(', ')}`);
    await waitForQuiet(quietWait);
    const loaded = await timed(() => loadFacts(db, sample, [...engines.keys()]));
    const subjects = [...loaded.value.values()].reduce((n, s) => n + s.length, 0);
    log(`facts of ${sample.length} cases loaded in ${round(loaded.ms)} ms (${subjects} subjects)`);
    const check = await runJre(engines, loaded.value);
    const sqlHits = new Set(
      (await db.query<{ k: string }>(`SELECT model_id || ' ' || subject_id AS k FROM warning_hit WHERE closed_at IS NULL AND case_id = ANY($1::uuid[]) AND model_id = ANY($2::text[])`, [sample, coveredIds])).map((r) => r.k),
    );
    const onlyJre = [...check.hits].filter((k) => !sqlHits.has(k));
    const onlySql = [...sqlHits].filter((k) => !check.hits.has(k));
    const perModel: Record<string, { jre: number; sql: number }> = {};
    for (const id of coveredIds) perModel[id] = { jre: 0, sql: 0 };
    for (const k of check.hits) perModel[k.split(' ')[0]!]!.jre++;
    for (const k of sqlHits) perModel[k.split(' ')[0]!]!.sql++;
    log(`agreement on the sample: ${check.hits.size} json-rules-engine hits, ${sqlHits.size} SQL hits; only json-rules-engine ${onlyJre.length}, only SQL ${onlySql.length}`);

    // the passes
    const prng = createPrng(Number(args.seed));
    const perPass = Math.ceil(events / runs);
    const holders = new Map((await db.query<{ id: string; holder: string | null }>(`SELECT id::text AS id, holder_unit_id::text AS holder FROM criminal_case WHERE id = ANY($1::uuid[])`, [sample])).map((r) => [r.id, r.holder]));
    const passes: { floor: Timed<unknown>; full: Timed<unknown>; covered: Timed<unknown>; jre: Timed<unknown>; incremental: { ms: number[]; otherCores: number } }[] = [];
    const fullModelMs: Record<string, number[]> = {};
    for (let pass = 0; pass < runs; pass++) {
      await waitForQuiet(quietWait);
      const floor = await timed(() => db.query(FLOOR_SQL));
      await waitForQuiet(quietWait);
      const full = await timed(() => runFull(deps));
      for (const m of full.value.models) {
        fullModelMs[m.id] ??= [];
        fullModelMs[m.id]!.push(m.ms);
      }
      await waitForQuiet(quietWait);
      const cov = await timed(() => runFull(deps, coveredIds));
      await waitForQuiet(quietWait);
      const jre = await timed(() => runJre(engines, loaded.value));
      await waitForQuiet(quietWait);
      const incMs: number[] = [];
      const busy0 = machineBusySeconds();
      const own0 = process.cpuUsage();
      let wall = 0;
      for (let i = 0; i < perPass; i++) {
        const caseId = prng.pick(sample);
        await db.query(`INSERT INTO case_event (case_id, at, kind, unit_id, details) VALUES ($1, $2, 'transition', $3, '{"bench":"warnings"}')`, [caseId, now.toISOString(), holders.get(caseId) ?? null]);
        const t0 = performance.now();
        const r = await runQueued(deps);
        const ms = performance.now() - t0;
        if (r?.cases !== 1) throw new Error(`runQueued took ${r?.cases ?? 0} cases, expected 1`);
        incMs.push(ms);
        wall += ms;
      }
      const own = process.cpuUsage(own0);
      const other = Math.max(0, machineBusySeconds() - busy0 - (own.user + own.system) / 1e6);
      const incremental = { ms: incMs, otherCores: other / (wall / 1000) };
      passes.push({ floor, full, covered: cov, jre, incremental });
      const inc = [...incMs].sort((a, b) => a - b);
      log(
        `pass ${pass + 1}/${runs}: floor ${round(floor.ms)} ms, full ${round(full.ms)} ms, covered ${round(cov.ms)} ms, json-rules-engine ${round(jre.ms)} ms, incremental p50 ${round(percentile(inc, 50), 2)} p95 ${round(percentile(inc, 95), 2)} ms` +
          ` (other cores: ${[floor, full, cov, jre].map((t) => t.otherCores.toFixed(2)).join(', ')}, ${incremental.otherCores.toFixed(2)})`,
      );
    }

    // figures
    const med = (pick: (p: (typeof passes)[number]) => number) => median(passes.map(pick));
    const floorMs = med((p) => p.floor.ms);
    const fullMs = med((p) => p.full.ms);
    const coveredMs = med((p) => p.covered.ms);
    const jreMs = med((p) => p.jre.ms);
    const allInc = passes.flatMap((p) => p.incremental.ms).sort((a, b) => a - b);
    const inc = { p50: percentile(allInc, 50), p95: percentile(allInc, 95), p99: percentile(allInc, 99), max: allInc.at(-1)! };
    const perCase = {
      fullAllModelsUs: (fullMs / cases) * 1000,
      sqlCoveredUs: (coveredMs / cases) * 1000,
      jreCoveredUs: (jreMs / sample.length) * 1000,
      jreLoadUs: (loaded.ms / sample.length) * 1000,
    };
    const modelMedians = Object.entries(fullModelMs)
      .map(([id, ms]) => ({ id, ms: median(ms) }))
      .sort((a, b) => b.ms - a.ms);
    const result = {
      when: startedAt.toISOString(),
      target: args.target,
      command: `npx tsx bench/warnings.bench.ts ${process.argv.slice(2).join(' ')}`,
      machine: { cpu: cpuModel(), cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, quietBelow: QUIET_BELOW },
      now: now.toISOString(),
      loadedSeconds,
      sizes: size,
      models: deps.warningModels.models.size,
      floor: { sql: FLOOR_SQL, plan },
      firstRun: { ms: first.ms, otherCores: first.otherCores, hitsBefore, openHitsAfter: openHits, models: first.value.models },
      sample: { cases: sample.length, subjects, factsLoadMs: loaded.ms, factsLoadOtherCores: loaded.otherCores },
      jre: { covered: coveredIds, notCovered, agreement: { jreHits: check.hits.size, sqlHits: sqlHits.size, onlyJre: onlyJre.slice(0, 50), onlySql: onlySql.slice(0, 50), onlyJreCount: onlyJre.length, onlySqlCount: onlySql.length, perModel } },
      passes: passes.map((p) => ({
        floor: { ms: p.floor.ms, otherCores: p.floor.otherCores },
        full: { ms: p.full.ms, otherCores: p.full.otherCores },
        fullCovered: { ms: p.covered.ms, otherCores: p.covered.otherCores },
        jre: { ms: p.jre.ms, otherCores: p.jre.otherCores },
        incremental: { n: p.incremental.ms.length, otherCores: p.incremental.otherCores, ms: p.incremental.ms },
      })),
      medians: { floorMs, fullMs, fullCoveredMs: coveredMs, jreMs, incremental: inc, perCase, fullModelMs: modelMedians },
      targets: {
        fullOverFloor: { ratio: fullMs / floorMs, target: TARGET_FLOOR_RATIO, met: fullMs / floorMs <= TARGET_FLOOR_RATIO },
        incrementalP95: { ms: inc.p95, target: TARGET_INCREMENTAL_P95_MS, met: inc.p95 <= TARGET_INCREMENTAL_P95_MS },
        jreOverSqlPerCase: {
          coveredModels: perCase.jreCoveredUs / perCase.sqlCoveredUs,
          allModelsSqlVsCoveredJre: perCase.jreCoveredUs / perCase.fullAllModelsUs,
          target: TARGET_JRE_RATIO,
          met: perCase.jreCoveredUs / perCase.sqlCoveredUs >= TARGET_JRE_RATIO,
        },
      },
    };
    mkdirSync(OUT_DIR, { recursive: true });
    const file = join(OUT_DIR, `warnings-${args.target}-${runStamp()}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

    const t = result.targets;
    console.log(`## Warning models, ${label}: ${cases} cases, ${(size.databaseBytes! / 2 ** 30).toFixed(2)} GiB, ${runs} passes\n`);
    console.log('| contender | median | per run |');
    console.log('|---|---:|---|');
    console.log(`| floor: \`${FLOOR_SQL}\` | ${round(floorMs)} ms | ${passes.map((p) => round(p.floor.ms)).join(', ')} |`);
    console.log(`| full run, ${result.models} models, steady | ${round(fullMs)} ms | ${passes.map((p) => round(p.full.ms)).join(', ')} |`);
    console.log(`| full run, first (records ${openHits} hits; ${hitsBefore} before) | ${round(first.ms)} ms | once |`);
    console.log(`| full run, the ${coveredIds.length} covered models | ${round(coveredMs)} ms | ${passes.map((p) => round(p.covered.ms)).join(', ')} |`);
    console.log(`| json-rules-engine, ${coveredIds.length} models, ${sample.length} cases (${subjects} subjects) | ${round(jreMs)} ms | ${passes.map((p) => round(p.jre.ms)).join(', ')} |`);
    console.log(`| json-rules-engine facts loading, ${sample.length} cases | ${round(loaded.ms)} ms | once |`);
    console.log(`| incremental, one case after one event (${allInc.length}) | p50 ${round(inc.p50, 2)} / p95 ${round(inc.p95, 2)} / p99 ${round(inc.p99, 2)} ms | max ${round(inc.max, 2)} |`);
    console.log('');
    console.log(`- full run / floor: ${t.fullOverFloor.ratio.toFixed(1)}x (target ≤ ${TARGET_FLOOR_RATIO}x: ${t.fullOverFloor.met ? 'met' : 'not met'})`);
    console.log(`- incremental p95: ${round(inc.p95, 2)} ms (target ≤ ${TARGET_INCREMENTAL_P95_MS} ms: ${t.incrementalP95.met ? 'met' : 'not met'})`);
    console.log(
      `- per case, covered models: SQL ${perCase.sqlCoveredUs.toFixed(2)} µs, json-rules-engine ${perCase.jreCoveredUs.toFixed(2)} µs (+ ${perCase.jreLoadUs.toFixed(2)} µs loading facts): ${t.jreOverSqlPerCase.coveredModels.toFixed(1)}x (target ≥ ${TARGET_JRE_RATIO}x: ${t.jreOverSqlPerCase.met ? 'met' : 'not met'}); all ${result.models} models in SQL ${perCase.fullAllModelsUs.toFixed(2)} µs per case`,
    );
    console.log(`- agreement: ${check.hits.size} json-rules-engine hits, ${sqlHits.size} SQL hits, ${onlyJre.length} only in json-rules-engine, ${onlySql.length} only in SQL`);
    console.log(`- costliest models (steady, median ms): ${modelMedians.slice(0, 8).map((m) => `${m.id} ${m.ms}`).join(', ')}`);
    console.log(`\nraw: ${file}`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
