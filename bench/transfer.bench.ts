/**
 * The case flow end to end (issue 4): signed transfers per second through the API, beside GET /api/health on the
 * same server in the same run, on PGlite and (when a database is given) on PostgreSQL.
 *
 *   npx tsx bench/transfer.bench.ts [--duration 10] [--runs 3] [--connections 50] [--warmup 2]
 *                                   [--targets pglite,postgres] [--quiet-wait 30] [--expect-rate 40]
 *                                   [--counties 990102,990103,990104,990202,990203,990204] [--verify-sample 100]
 *                                   [--skip-dossier-verify] [--profile]
 *
 * One transfer is what a police officer and a procurator do for an arrest request: the police handler fires
 * `request-arrest` on a case in investigation (POST /api/cases/:id/transitions with the arrest request form and
 * the dossier, the receiving procuratorate and an idempotency key: flow check, canonical manifest, SM3 digest,
 * SM2 signature with the unit's sealed key, timeline, audit), then the procuratorate's handler accepts it (POST
 * /api/transfers/:id/accept: SM2 verification and every document re-read from the store and re-hashed, twice —
 * before and inside the accepting transaction —, stage change, the arrest-decision clock, timeline, audit).
 * The cases are prepared through the API before any timing (register, upload three small PDFs, start the
 * investigation), spread over the police/procuratorate pairs of several counties, and each is used once.
 *
 * Load: --connections clients, each an async loop in this process that takes the next prepared case and does the
 * send and then the accept with Node's fetch (keep-alive, one connection a client). autocannon is not used for
 * the transfers because the accept needs the id the send answered and a case must not be used twice, which its
 * request generator can express only per connection and with one histogram for both calls; here each call and
 * each pair get their own latencies. The baseline is GET /api/health under autocannon with as many connections,
 * on the same server, interleaved with the transfer runs (run 1 of each, then run 2, ...). Each run waits (at most
 * --quiet-wait s) for the rest of the machine to go quiet and starts with a warm-up whose figures are thrown away;
 * for the transfers, warm-up and measured seconds are one load without a pause, and the warm-up lasts until the
 * clients have done two pairs each on average (at least --warmup s), so that the measured seconds start with every
 * client busy (a pair takes seconds under this load); the clients start one after the other over the first
 * --warmup seconds, so that they do not move in step. Transfers/s counts the pairs done within the measured
 * --duration seconds, those at its edges by the share of their time inside (whole pairs would count in steps of up
 * to --connections when the clients complete in bunches); the latencies are those of the calls completed within
 * them. Calls still in flight at the end finish (and must succeed) but count only for their share. CPU is
 * accounted over the measured seconds: server, this client, PostgreSQL's backends, everything else.
 *
 * After the runs, on the server's data: the number of cases at arrest review and of audited sends and
 * acceptances equals what the clients counted, the audit chain verifies, and a sample of the transfers
 * verifies (GET /api/transfers/:id/verification); after the server stops, `bin/caselink dossier verify --all`
 * re-verifies every transfer and document. Any non-2xx answer, error or failed check fails the bench.
 * PostgreSQL: BENCH_DATABASE_URL (or DATABASE_URL) naming an empty database; the server seeds the demo into it.
 * Output: a markdown table on stdout, bench/out/transfer-<timestamp>.json (and .md), server logs beside them;
 * with --profile, the server's CPU profile (node --cpu-prof, whole life of the server) in a folder beside them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pdfBytes } from '../test/documents.ts';
import { QUIET_BELOW, log, median, positiveInt, runStamp, sleep, waitForQuiet } from './lib.ts';
import {
  type AutocannonFigures,
  type CpuShares,
  LOAD_OPTIONS,
  OUT_DIR,
  RATE_LIMIT_FOR_BENCH,
  ROOT,
  type RunningServer,
  assertAlive,
  autocannonRun,
  caselinkServer,
  cpuMeter,
  databaseOf,
  fmt,
  loadSettings,
  machineInfo,
  peakRssMb,
  startServer,
  stopOnSignal,
  stopServer,
} from './servers.ts';

type TargetName = 'pglite' | 'postgres';
const PASSWORD = 'demo1234';
const AUDITOR = 'committee-990000-auditor';
const DOCUMENT_KINDS = ['registration-decision', 'arrest-request-form', 'dossier'] as const;

const { values: args } = parseArgs({
  options: {
    ...LOAD_OPTIONS,
    'expect-rate': { type: 'string', default: '40' },
    counties: { type: 'string', default: '990102,990103,990104,990202,990203,990204' },
    'verify-sample': { type: 'string', default: '100' },
    'skip-dossier-verify': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
});

const { duration, runs, connections, warmup, quietWaitMax, databaseUrl } = loadSettings(args);
/** Transfers per second assumed before the first run, to size the first batch of prepared cases. */
const expectRate = positiveInt('expect-rate', args['expect-rate']);
const counties = args.counties.split(',').map((s) => s.trim()).filter(Boolean);
const verifySample = Number(args['verify-sample']);
const targetNames = (args.targets ?? `pglite${databaseUrl ? ',postgres' : ''}`).split(',').map((s) => s.trim()) as TargetName[];
for (const t of targetNames) {
  if (!['pglite', 'postgres'].includes(t)) throw new Error(`unknown target "${t}"`);
}
for (const c of counties) if (!/^\d{6}$/.test(c)) throw new Error(`--counties: "${c}" is not a region code`);
/** Prepared cases kept beyond what the expected rate needs: a run that runs out of cases is void. */
const PREPARE_MARGIN = 1.5;
/**
 * The warm-up of a transfer run lasts at least --warmup seconds and until the clients have done this many pairs each
 * on average (at most WARMUP_MAX_SECONDS). At the start every client sends at once and the server answers them in
 * turn, so the pairs first complete in a burst, a whole round later; measured seconds that began in that round would
 * count the burst. Two rounds spread the clients out.
 */
const WARMUP_PAIRS = 2;
const WARMUP_MAX_SECONDS = 60;

const stamp = runStamp();

// --- HTTP --------------------------------------------------------------------------------------------------

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers of many shapes, read field by field and checked
  body: any;
  ms: number;
}

async function call(url: string, method: 'GET' | 'POST', token: string | null, body?: unknown, contentType = 'application/json'): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: Uint8Array | string | undefined;
  if (body instanceof Uint8Array) {
    headers['content-type'] = contentType;
    payload = body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const t0 = performance.now();
  const res = await fetch(url, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
  const text = await res.text();
  const ms = performance.now() - t0;
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: kept as text for the report
  }
  return { status: res.status, body: parsed, ms };
}

/** The answer's body when it has the expected status; otherwise an error that says what came instead. */
// biome-ignore lint/suspicious/noExplicitAny: as Answer.body
function expectStatus(a: Answer, status: number, what: string): any {
  if (a.status !== status) throw new Error(`${what}: ${a.status} ${JSON.stringify(a.body).slice(0, 400)}`);
  return a.body;
}

// --- the target: its server, users and prepared cases ------------------------------------------------------

interface County {
  region: string;
  police: string;
  procurator: string;
  procuratorateUnitId: string;
}

interface PreparedCase {
  caseId: string;
  county: County;
  documentIds: [string, string];
}

interface Target {
  name: TargetName;
  server: RunningServer;
  counties: County[];
  auditorToken: string;
  database: string | null;
  /** Cases in investigation, not yet sent: taken from the front. */
  pool: PreparedCase[];
  prepared: number;
  preparedSeconds: number;
  /** Transfers sent and accepted (answered 200 as expected), over all phases, warm-ups and tails included. */
  sent: number;
  accepted: { transferId: string; county: County }[];
  before: ServerCounts;
  bestRate: number;
}

async function login(url: string, username: string): Promise<string> {
  const body = expectStatus(await call(`${url}/api/auth/login`, 'POST', null, { username, password: PASSWORD }), 200, `login ${username}`);
  return body.token as string;
}

async function startTarget(name: TargetName): Promise<Target> {
  const nodeArgs = args.profile ? ['--cpu-prof', '--cpu-prof-dir', join(OUT_DIR, `transfer-${stamp}-${name}-profile`)] : [];
  const server = await startServer(caselinkServer(name, databaseUrl, nodeArgs), join(OUT_DIR, `transfer-${stamp}-${name}.log`));
  try {
    const health = expectStatus(await call(`${server.url}/api/health`, 'GET', null), 200, 'GET /api/health');
    if (health.status !== 'ok' || health.db !== name) throw new Error(`GET /api/health answered ${JSON.stringify(health)}`);
    const list: County[] = [];
    for (const region of counties) {
      const police = await login(server.url, `police-${region}-handler`);
      const procurator = await login(server.url, `procuratorate-${region}-handler`);
      const units = expectStatus(await call(`${server.url}/api/units?agency=procuratorate&regionCode=${region}`, 'GET', police), 200, `GET /api/units (${region})`);
      const unit = (units.items as { id: string; code: string }[]).find((u) => u.code === `procuratorate-${region}`);
      if (!unit) throw new Error(`no unit procuratorate-${region} in ${JSON.stringify(units.items)}`);
      list.push({ region, police, procurator, procuratorateUnitId: unit.id });
    }
    const t: Target = {
      name,
      server,
      counties: list,
      auditorToken: await login(server.url, AUDITOR),
      database: name === 'postgres' ? databaseOf(databaseUrl!) : null,
      pool: [],
      prepared: 0,
      preparedSeconds: 0,
      sent: 0,
      accepted: [],
      before: { atArrestReview: 0, sendsAudited: 0, acceptsAudited: 0 },
      bestRate: 0,
    };
    t.before = await serverCounts(t);
    return t;
  } catch (error) {
    await stopServer(server);
    throw error;
  }
}

let documentCounter = 0;
async function upload(t: Target, county: County, caseId: string, kind: string): Promise<string> {
  const bytes = await pdfBytes(1, `CaseLink bench ${stamp} ${kind} #${++documentCounter}`);
  const url = `${t.server.url}/api/cases/${caseId}/documents?kind=${kind}&name=${encodeURIComponent(`${kind}.pdf`)}`;
  return expectStatus(await call(url, 'POST', county.police, bytes, 'application/pdf'), 201, `upload ${kind}`).id as string;
}

/** One case through the API up to the investigation, with the documents an arrest request needs. */
async function prepareCase(t: Target, county: County, n: number): Promise<PreparedCase> {
  const created = expectStatus(await call(`${t.server.url}/api/cases`, 'POST', county.police, { title: `基准测试盗窃案 ${n}`, charge: 'theft' }), 201, 'POST /api/cases');
  const caseId = created.id as string;
  const ids: Record<string, string> = {};
  for (const kind of DOCUMENT_KINDS) ids[kind] = await upload(t, county, caseId, kind);
  const started = expectStatus(
    await call(`${t.server.url}/api/cases/${caseId}/transitions`, 'POST', county.police, { transition: 'start-investigation', documentIds: [ids['registration-decision']] }),
    200,
    'start-investigation',
  );
  if (started.stage !== 'investigation') throw new Error(`start-investigation left the case at ${started.stage}`);
  return { caseId, county, documentIds: [ids['arrest-request-form']!, ids.dossier!] };
}

/** Adds `count` prepared cases to the pool, --connections at a time, the counties taken in turn. Not timed. */
async function prepare(t: Target, count: number): Promise<void> {
  if (count <= 0) return;
  const started = performance.now();
  const made: PreparedCase[] = [];
  let next = 0;
  const base = t.prepared;
  await Promise.all(
    Array.from({ length: Math.min(connections, count) }, async () => {
      while (next < count) {
        const n = base + next++;
        made.push(await prepareCase(t, t.counties[n % t.counties.length]!, n));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  t.prepared += count;
  t.preparedSeconds += seconds;
  // counties interleaved, so that consecutive clients work for different units
  made.sort((a, b) => t.counties.indexOf(a.county) - t.counties.indexOf(b.county));
  const byCounty = t.counties.map((c) => made.filter((m) => m.county === c));
  for (let i = 0; byCounty.some((l) => i < l.length); i++) for (const l of byCounty) if (l[i]) t.pool.push(l[i]!);
  log(`${t.server.spec.label}: prepared ${count} cases in ${seconds.toFixed(1)} s (${(count / seconds).toFixed(1)} cases/s, 5 requests each); ${t.pool.length} in the pool`);
}

// --- the measured load -------------------------------------------------------------------------------------

interface CallFigures {
  /** Calls done within the measured seconds (pro-rated at the edges), per second. */
  perSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

interface TransferRun extends CpuShares {
  /** Pairs done within the measured seconds, pro-rated at their edges (proRated), per second. */
  transfersPerSec: number;
  /** Pairs completed within the measured seconds, whole. */
  pairs: number;
  pair: CallFigures;
  send: CallFigures;
  accept: CallFigures;
  /** Answers other than the expected 200 (by call and status), network errors, and 200s with a wrong content. */
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  failureExamples: string[];
  ranOutOfCases: boolean;
  /** Pairs still in flight at the end, completed (and checked) but not counted. */
  tail: number;
  /** Server CPU ms and PostgreSQL backend CPU ms per transfer. */
  serverCpuMsPerTransfer: number;
  dbCpuMsPerTransfer: number;
  quietWait: number;
  prepareSeconds: number;
  /** How long the warm-up lasted and the pairs completed in it (see WARMUP_PAIRS). */
  warmupSeconds: number;
  warmupPairs: number;
  /** The measured seconds on the monotonic clock (µs), to cut the same stretch out of a --profile. */
  monotonicUs: [number, number];
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function callFigures(latencies: number[], counted: number, seconds: number): CallFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { perSec: counted / seconds, p50: r(percentile(sorted, 0.5)), p95: r(percentile(sorted, 0.95)), p99: r(percentile(sorted, 0.99)), max: r(sorted.at(-1) ?? Number.NaN) };
}

interface LoadOutcome {
  /** Pairs completed within the measured seconds, and in the warm-up before them. */
  pairs: number;
  warmupPairs: number;
  /** How long the warm-up lasted. */
  warmupSeconds: number;
  /** Pairs completed after the measured seconds (the calls in flight then): checked, not counted. */
  tail: number;
  sendMs: number[];
  acceptMs: number[];
  pairMs: number[];
  /** [start, end] of every successful send, accept and pair (warm-up and tail included), for the pro-rated counts. */
  sendSpans: [number, number][];
  acceptSpans: [number, number][];
  pairSpans: [number, number][];
  /** The measured seconds on the performance clock (ms). */
  window: [number, number];
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  failureExamples: string[];
  ranOutOfCases: boolean;
  cpu: (CpuShares & { wall: number }) | null;
  /** The measured seconds on the monotonic clock (µs). */
  monotonicUs: [number, number];
}

/**
 * --connections clients, each taking the next prepared case, sending its arrest request and accepting it, without
 * a pause through the warm-up and the measured seconds: one load, so that the measured seconds start with every
 * client busy. Timed: the calls and pairs that complete within the measured seconds; every span is kept for the
 * pro-rated counts; the CPU is read at the start and end of the measured seconds. Calls in flight at the end finish
 * (and are checked) after.
 */
async function transferLoad(t: Target, warmupSeconds: number, seconds: number): Promise<LoadOutcome> {
  const o: LoadOutcome = { pairs: 0, warmupPairs: 0, warmupSeconds: 0, tail: 0, sendMs: [], acceptMs: [], pairMs: [], sendSpans: [], acceptSpans: [], pairSpans: [], window: [0, 0], non2xx: 0, errors: 0, statusCodes: {}, failureExamples: [], ranOutOfCases: false, cpu: null, monotonicUs: [0, 0] };
  const url = t.server.url;
  const fail = (what: string, a: Answer | null, error?: unknown) => {
    if (a) {
      const ok = a.status >= 200 && a.status < 300;
      if (ok) o.errors += 1; // a 2xx with a wrong content
      else o.non2xx += 1;
      const key = `${what} ${a.status}${a.body?.code ? ` ${a.body.code}` : ''}`;
      o.statusCodes[key] = (o.statusCodes[key] ?? 0) + 1;
      if (o.failureExamples.length < 10) o.failureExamples.push(`${key}: ${JSON.stringify(a.body).slice(0, 300)}`);
    } else {
      o.errors += 1;
      if (o.failureExamples.length < 10) o.failureExamples.push(`${what}: ${(error as Error)?.message ?? String(error)}`);
    }
  };
  const start = performance.now();
  // the measured seconds open once the warm-up has lasted warmupSeconds and every client has done WARMUP_PAIRS pairs
  // on average (at most WARMUP_MAX_SECONDS): the burst of the start, when every client sends at once, is over
  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.POSITIVE_INFINITY;
  const inWindow = (at: number) => at >= windowStart && at <= windowEnd;
  let meter: (() => CpuShares & { wall: number }) | null = null;
  let endTimer: NodeJS.Timeout | undefined;
  const openWindow = () => {
    if (windowStart !== Number.POSITIVE_INFINITY) return;
    windowStart = performance.now();
    windowEnd = windowStart + seconds * 1000;
    o.warmupSeconds = (windowStart - start) / 1000;
    meter = cpuMeter(t.server.child.pid!, t.database);
    o.monotonicUs[0] = Number(process.hrtime.bigint() / 1000n);
    endTimer = setTimeout(() => {
      o.cpu = meter!();
      o.monotonicUs[1] = Number(process.hrtime.bigint() / 1000n);
    }, seconds * 1000);
  };
  const warmedUp = () => performance.now() - start >= warmupSeconds * 1000 && o.warmupPairs >= WARMUP_PAIRS * connections;
  const minTimer = setTimeout(() => warmedUp() && openWindow(), warmupSeconds * 1000);
  const maxTimer = setTimeout(() => {
    if (windowStart === Number.POSITIVE_INFINITY) log(`warm-up: ${o.warmupPairs} pairs in ${WARMUP_MAX_SECONDS} s, fewer than ${WARMUP_PAIRS * connections}; measuring anyway`);
    openWindow();
  }, Math.max(warmupSeconds, WARMUP_MAX_SECONDS) * 1000);
  await Promise.all(
    Array.from({ length: connections }, async (_, client) => {
      // the clients start one after the other over the warm-up, so that they do not move in step
      await sleep((client * warmupSeconds * 1000) / connections);
      while (performance.now() < windowEnd) {
        const c = t.pool.shift();
        if (!c) {
          o.ranOutOfCases = true;
          return;
        }
        const pairStart = performance.now();
        let send: Answer;
        try {
          send = await call(`${url}/api/cases/${c.caseId}/transitions`, 'POST', c.county.police, {
            transition: 'request-arrest',
            documentIds: c.documentIds,
            receiverUnitId: c.county.procuratorateUnitId,
            idempotencyKey: `bench-${c.caseId}`,
          });
        } catch (error) {
          fail('send', null, error);
          continue;
        }
        const sent = performance.now();
        if (inWindow(sent)) o.sendMs.push(send.ms);
        const transfer = send.body?.transfer as { id: string; state: string; replayed: boolean; receiverUnitId: string } | null | undefined;
        if (send.status !== 200 || !transfer || transfer.state !== 'sent' || transfer.replayed || transfer.receiverUnitId !== c.county.procuratorateUnitId) {
          fail('send', send);
          continue;
        }
        t.sent += 1;
        o.sendSpans.push([sent - send.ms, sent]);
        let accept: Answer;
        try {
          accept = await call(`${url}/api/transfers/${transfer.id}/accept`, 'POST', c.county.procurator);
        } catch (error) {
          fail('accept', null, error);
          continue;
        }
        const done = performance.now();
        if (inWindow(done)) o.acceptMs.push(accept.ms);
        if (accept.status !== 200 || accept.body?.transfer?.state !== 'accepted' || accept.body?.stage !== 'arrest-review' || accept.body?.transfer?.id !== transfer.id) {
          fail('accept', accept);
          continue;
        }
        t.accepted.push({ transferId: transfer.id, county: c.county });
        o.acceptSpans.push([done - accept.ms, done]);
        o.pairSpans.push([pairStart, done]);
        if (done < windowStart) {
          o.warmupPairs += 1;
          if (warmedUp()) openWindow();
        } else if (done <= windowEnd) {
          o.pairs += 1;
          o.pairMs.push(done - pairStart);
        } else o.tail += 1;
      }
    }),
  );
  clearTimeout(minTimer);
  clearTimeout(maxTimer);
  clearTimeout(endTimer);
  o.window = [windowStart, windowEnd];
  // every client stopped before the end (out of cases): the CPU is read now
  if (!o.cpu && meter) o.cpu = (meter as () => CpuShares & { wall: number })();
  return o;
}

/**
 * How many of the spans fall within the window, each counted by the share of its length inside it: a pair half in
 * the window counts one half. Every client is busy all the time, so this counts the work done within the window,
 * where whole completions would count in steps of up to one per client (the clients may complete in bunches).
 */
function proRated(spans: [number, number][], [from, to]: [number, number]): number {
  let sum = 0;
  for (const [a, b] of spans) if (b > a) sum += Math.max(0, Math.min(b, to) - Math.max(a, from)) / (b - a);
  return sum;
}

async function transferRun(t: Target): Promise<TransferRun> {
  // enough cases for the warm-up and the run at the best rate seen so far, with a margin; prepared before the quiet wait
  const rate = t.bestRate > 0 ? t.bestRate : expectRate;
  const needed = Math.ceil(rate * duration * PREPARE_MARGIN) + (WARMUP_PAIRS + 2) * connections;
  const prepStart = performance.now();
  await prepare(t, needed - t.pool.length);
  const prepareSeconds = (performance.now() - prepStart) / 1000;
  const quietWait = await waitForQuiet(quietWaitMax);
  const o = await transferLoad(t, warmup, duration);
  if (!o.cpu) throw new Error(`${t.server.spec.label}: ran out of prepared cases in the warm-up; raise --expect-rate`);
  const cpu = o.cpu;
  const transfersPerSec = proRated(o.pairSpans, o.window) / duration;
  t.bestRate = Math.max(t.bestRate, transfersPerSec);
  return {
    transfersPerSec,
    pairs: o.pairs,
    pair: callFigures(o.pairMs, proRated(o.pairSpans, o.window), duration),
    send: callFigures(o.sendMs, proRated(o.sendSpans, o.window), duration),
    accept: callFigures(o.acceptMs, proRated(o.acceptSpans, o.window), duration),
    non2xx: o.non2xx,
    errors: o.errors,
    statusCodes: o.statusCodes,
    failureExamples: o.failureExamples,
    ranOutOfCases: o.ranOutOfCases,
    tail: o.tail,
    serverCpu: cpu.serverCpu,
    clientCpu: cpu.clientCpu,
    dbCpu: cpu.dbCpu,
    otherCpu: cpu.otherCpu,
    serverCpuMsPerTransfer: transfersPerSec > 0 ? (cpu.serverCpu / transfersPerSec) * 1000 : Number.NaN,
    dbCpuMsPerTransfer: transfersPerSec > 0 ? (cpu.dbCpu / transfersPerSec) * 1000 : Number.NaN,
    quietWait,
    prepareSeconds,
    warmupSeconds: o.warmupSeconds,
    warmupPairs: o.warmupPairs,
    monotonicUs: o.monotonicUs,
  };
}

function healthRun(t: Target): Promise<AutocannonFigures> {
  return autocannonRun(t.server, '/api/health', { connections, duration, warmup, quietWait: quietWaitMax, database: t.database });
}

// --- checks on the server's data ---------------------------------------------------------------------------

interface ServerCounts {
  atArrestReview: number;
  sendsAudited: number;
  acceptsAudited: number;
}

async function serverCounts(t: Target): Promise<ServerCounts> {
  let atArrestReview = 0;
  for (const c of t.counties) {
    const page = expectStatus(await call(`${t.server.url}/api/cases?stage=arrest-review&pageSize=1`, 'GET', c.procurator), 200, 'GET /api/cases');
    atArrestReview += page.total as number;
  }
  const audited = async (action: string) =>
    expectStatus(await call(`${t.server.url}/api/audit?action=${action}&pageSize=1`, 'GET', t.auditorToken), 200, `GET /api/audit?action=${action}`).total as number;
  return { atArrestReview, sendsAudited: await audited('case.transfer.send'), acceptsAudited: await audited('case.transfer.accept') };
}

interface Checks {
  clientSent: number;
  clientAccepted: number;
  casesAtArrestReview: number;
  sendsAudited: number;
  acceptsAudited: number;
  auditChain: { ok: boolean; checked: number; firstBroken: unknown };
  sampleVerified: number;
  sampleFailed: { transferId: string; answer: unknown }[];
  dossierVerify: { ok: boolean; transfers: number; documents: number; failures: number } | null;
  problems: string[];
}

async function checkServerData(t: Target): Promise<Checks> {
  const now = await serverCounts(t);
  const chain = expectStatus(await call(`${t.server.url}/api/audit/verify`, 'GET', t.auditorToken), 200, 'GET /api/audit/verify');
  const sample = verifySample >= t.accepted.length ? t.accepted : Array.from({ length: verifySample }, (_, i) => t.accepted[Math.floor((i * t.accepted.length) / verifySample)]!);
  const sampleFailed: Checks['sampleFailed'] = [];
  for (const s of sample) {
    const a = await call(`${t.server.url}/api/transfers/${s.transferId}/verification`, 'GET', s.county.procurator);
    if (a.status !== 200 || a.body?.ok !== true || (a.body?.failures as unknown[] | undefined)?.length !== 0) sampleFailed.push({ transferId: s.transferId, answer: a.body });
  }
  const checks: Checks = {
    clientSent: t.sent,
    clientAccepted: t.accepted.length,
    casesAtArrestReview: now.atArrestReview - t.before.atArrestReview,
    sendsAudited: now.sendsAudited - t.before.sendsAudited,
    acceptsAudited: now.acceptsAudited - t.before.acceptsAudited,
    auditChain: chain,
    sampleVerified: sample.length - sampleFailed.length,
    sampleFailed,
    dossierVerify: null,
    problems: [],
  };
  const p = checks.problems;
  if (checks.clientSent !== checks.clientAccepted) p.push(`${checks.clientSent} transfers sent but ${checks.clientAccepted} accepted`);
  if (checks.casesAtArrestReview !== checks.clientAccepted) p.push(`${checks.casesAtArrestReview} cases at arrest review, the clients saw ${checks.clientAccepted} accepted`);
  if (checks.sendsAudited !== checks.clientSent) p.push(`${checks.sendsAudited} sends audited, the clients saw ${checks.clientSent}`);
  if (checks.acceptsAudited !== checks.clientAccepted) p.push(`${checks.acceptsAudited} acceptances audited, the clients saw ${checks.clientAccepted}`);
  if (!chain.ok) p.push(`the audit chain does not verify: ${JSON.stringify(chain.firstBroken)}`);
  if (sampleFailed.length) p.push(`${sampleFailed.length} of ${sample.length} sampled transfers do not verify`);
  return checks;
}

/** `bin/caselink dossier verify --all` on the stopped server's data: every transfer and document again. */
function dossierVerify(t: Target, checks: Checks): void {
  const spec = t.server.spec;
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'caselink'), '--data', spec.dataDir!, 'dossier', 'verify', '--all', '--json'], {
    cwd: ROOT,
    env: { ...spec.env, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const line = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  if (!line) {
    checks.problems.push(`dossier verify printed no result (exit ${r.status}): ${r.stderr.slice(-500)}`);
    return;
  }
  const result = JSON.parse(line) as { ok: boolean; transfers: number; documents: number; failures: unknown[]; documentFailures: unknown[] };
  checks.dossierVerify = { ok: result.ok, transfers: result.transfers, documents: result.documents, failures: result.failures.length + result.documentFailures.length };
  if (!result.ok) checks.problems.push(`dossier verify: ${checks.dossierVerify.failures} failure(s)`);
  // at least: the demo the server seeds may hold transfers and documents of its own
  if (result.transfers < t.sent) checks.problems.push(`dossier verify found ${result.transfers} transfers, the clients sent ${t.sent}`);
  if (result.documents < t.prepared * DOCUMENT_KINDS.length) checks.problems.push(`dossier verify found ${result.documents} documents, ${t.prepared * DOCUMENT_KINDS.length} were uploaded`);
}

// --- report ------------------------------------------------------------------------------------------------

interface TargetResult {
  target: TargetName;
  label: string;
  health: AutocannonFigures[];
  transfers: TransferRun[];
  median?: {
    healthReqPerSec: number;
    health: Pick<AutocannonFigures, 'latencyP50' | 'latencyP975' | 'latencyP99' | keyof CpuShares>;
    transfersPerSec: number;
    ratioToHealth: number;
    pair: CallFigures;
    send: CallFigures;
    accept: CallFigures;
    cpu: CpuShares;
    serverCpuMsPerTransfer: number;
    dbCpuMsPerTransfer: number;
  };
  healthNon2xx?: number;
  healthErrors?: number;
  transferNon2xx?: number;
  transferErrors?: number;
  rssAfterStartMb?: number;
  peakRssMb?: number;
  prepared?: { cases: number; seconds: number; perSec: number };
  checks?: Checks;
  log?: string;
}

function summarise(r: TargetResult): void {
  const m = (xs: number[]) => median(xs);
  const h = (k: keyof AutocannonFigures) => m(r.health.map((x) => x[k] as number));
  const tr = (k: keyof TransferRun) => m(r.transfers.map((x) => x[k] as number));
  const calls = (k: 'pair' | 'send' | 'accept'): CallFigures => ({
    perSec: m(r.transfers.map((x) => x[k].perSec)),
    p50: m(r.transfers.map((x) => x[k].p50)),
    p95: m(r.transfers.map((x) => x[k].p95)),
    p99: m(r.transfers.map((x) => x[k].p99)),
    max: m(r.transfers.map((x) => x[k].max)),
  });
  const healthReqPerSec = h('reqPerSec');
  const transfersPerSec = tr('transfersPerSec');
  r.median = {
    healthReqPerSec,
    health: { latencyP50: h('latencyP50'), latencyP975: h('latencyP975'), latencyP99: h('latencyP99'), serverCpu: h('serverCpu'), clientCpu: h('clientCpu'), dbCpu: h('dbCpu'), otherCpu: h('otherCpu') },
    transfersPerSec,
    ratioToHealth: transfersPerSec / healthReqPerSec,
    pair: calls('pair'),
    send: calls('send'),
    accept: calls('accept'),
    cpu: { serverCpu: tr('serverCpu'), clientCpu: tr('clientCpu'), dbCpu: tr('dbCpu'), otherCpu: tr('otherCpu') },
    serverCpuMsPerTransfer: tr('serverCpuMsPerTransfer'),
    dbCpuMsPerTransfer: tr('dbCpuMsPerTransfer'),
  };
  r.healthNon2xx = r.health.reduce((s, x) => s + x.non2xx, 0);
  r.healthErrors = r.health.reduce((s, x) => s + x.errors, 0);
  r.transferNon2xx = r.transfers.reduce((s, x) => s + x.non2xx, 0);
  r.transferErrors = r.transfers.reduce((s, x) => s + x.errors, 0);
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

function table(results: TargetResult[]): string {
  const lines = [
    '| Target | What (50 clients) | per second (median) | × health | p50 ms | p95 ms | p99 ms | non-2xx | errors | CPU: server | client | PG backends | other | server CPU per transfer | server peak RSS | per second, each run |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const r of results) {
    const m = r.median!;
    const pg = (x: number) => (r.target === 'postgres' ? pct(x) : '–');
    const rss = `${fmt(r.peakRssMb ?? Number.NaN)} MB`;
    lines.push(
      `| ${r.label} | \`GET /api/health\` (autocannon) | ${fmt(m.healthReqPerSec)} req/s | 1.00 (baseline) | ${m.health.latencyP50} | ${m.health.latencyP975}* | ${m.health.latencyP99} | ${r.healthNon2xx} | ${r.healthErrors} | ${pct(m.health.serverCpu)} | ${pct(m.health.clientCpu)} | ${pg(m.health.dbCpu)} | ${pct(m.health.otherCpu)} | – | ${rss} | ${r.health.map((x) => fmt(x.reqPerSec)).join(' / ')} |`,
      `| ${r.label} | **transfer** = send + accept | **${fmt(m.transfersPerSec, 1)} transfers/s** | ${m.ratioToHealth.toFixed(3)} | ${m.pair.p50} | ${m.pair.p95} | ${m.pair.p99} | ${r.transferNon2xx} | ${r.transferErrors} | ${pct(m.cpu.serverCpu)} | ${pct(m.cpu.clientCpu)} | ${pg(m.cpu.dbCpu)} | ${pct(m.cpu.otherCpu)} | ${fmt(m.serverCpuMsPerTransfer, 1)} ms${r.target === 'postgres' ? ` (+ PG ${fmt(m.dbCpuMsPerTransfer, 1)} ms)` : ''} | ${rss} | ${r.transfers.map((x) => fmt(x.transfersPerSec, 1)).join(' / ')} |`,
      `| ${r.label} | ↳ send: \`POST /api/cases/:id/transitions\` request-arrest | ${fmt(m.send.perSec, 1)} calls/s | | ${m.send.p50} | ${m.send.p95} | ${m.send.p99} | | | | | | | | | |`,
      `| ${r.label} | ↳ accept: \`POST /api/transfers/:id/accept\` | ${fmt(m.accept.perSec, 1)} calls/s | | ${m.accept.p50} | ${m.accept.p95} | ${m.accept.p99} | | | | | | | | | |`,
    );
  }
  return lines.join('\n');
}

// --- main --------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const targets: Target[] = [];
  const running: RunningServer[] = [];
  stopOnSignal(running);
  const results: TargetResult[] = [];
  let failed = false;
  try {
    // one server after the other: the PGlite start (migrations, demo seed) must not overlap another's
    for (const name of targetNames) {
      const t = await startTarget(name);
      targets.push(t);
      running.push(t.server);
      results.push({ target: name, label: t.server.spec.label, health: [], transfers: [], rssAfterStartMb: t.server.rssAfterStartKb / 1024, log: t.server.logPath });
    }
    log(`${targets.length} target(s) × ${runs} runs × (health, transfers) × (${warmup} s warm-up + ${duration} s), ${connections} clients, counties ${counties.join(', ')}`);
    for (let run = 1; run <= runs; run++) {
      for (const [i, t] of targets.entries()) {
        const r = results[i]!;
        const h = await healthRun(t);
        assertAlive(t.server);
        r.health.push(h);
        log(`run ${run}/${runs} ${r.label} GET /api/health: ${fmt(h.reqPerSec)} req/s, p50 ${h.latencyP50} ms, p99 ${h.latencyP99} ms, CPU server ${h.serverCpu.toFixed(2)} client ${h.clientCpu.toFixed(2)}${t.database ? ` db ${h.dbCpu.toFixed(2)}` : ''} other ${h.otherCpu.toFixed(2)}${h.quietWait >= 1 ? ` (waited ${Math.round(h.quietWait)} s for quiet)` : ''}${h.non2xx || h.errors ? `  non-2xx ${h.non2xx} errors ${h.errors}` : ''}`);
        const x = await transferRun(t);
        assertAlive(t.server);
        r.transfers.push(x);
        const trouble = x.non2xx || x.errors ? `\n  non-2xx ${x.non2xx} errors ${x.errors} ${JSON.stringify(x.statusCodes)}\n  ${x.failureExamples.join('\n  ')}` : '';
        log(`run ${run}/${runs} ${r.label} transfers: ${x.transfersPerSec.toFixed(1)}/s pro-rated (${x.pairs} whole pairs completed in the window, ${x.tail} after it; warm-up ${x.warmupSeconds.toFixed(1)} s), pair p50 ${x.pair.p50} ms p99 ${x.pair.p99} ms, send p50 ${x.send.p50} ms, accept p50 ${x.accept.p50} ms, CPU server ${x.serverCpu.toFixed(2)} (${x.serverCpuMsPerTransfer.toFixed(1)} ms a transfer) client ${x.clientCpu.toFixed(2)}${t.database ? ` db ${x.dbCpu.toFixed(2)}` : ''} other ${x.otherCpu.toFixed(2)}${x.quietWait >= 1 ? ` (waited ${Math.round(x.quietWait)} s for quiet)` : ''}${x.ranOutOfCases ? '  RAN OUT OF PREPARED CASES: raise --expect-rate' : ''}${trouble}`);
      }
    }
    for (const [i, t] of targets.entries()) {
      const r = results[i]!;
      r.peakRssMb = peakRssMb(t.server);
      r.prepared = { cases: t.prepared, seconds: t.preparedSeconds, perSec: t.prepared / t.preparedSeconds };
      log(`${r.label}: checking the server's data (${t.accepted.length} transfers accepted, ${Math.min(verifySample, t.accepted.length)} verified through the API)`);
      r.checks = await checkServerData(t);
    }
  } finally {
    for (const t of targets) await stopServer(t.server, { keepData: true });
  }
  try {
    for (const [i, t] of targets.entries()) {
      const checks = results[i]!.checks;
      if (checks && !args['skip-dossier-verify']) {
        log(`${t.server.spec.label}: bin/caselink dossier verify --all on the stopped server's data`);
        dossierVerify(t, checks);
      }
    }
  } finally {
    for (const t of targets) await stopServer(t.server);
  }

  for (const r of results) summarise(r);
  const md = table(results);
  const meta = {
    date: new Date().toISOString(),
    command: `npx tsx bench/transfer.bench.ts ${process.argv.slice(2).join(' ')}`.trim(),
    machine: machineInfo(),
    settings: { duration, runs, connections, warmup, quietWaitMax, quietBelowCores: QUIET_BELOW, expectRate, counties, verifySample, rateLimitPerMinute: Number(RATE_LIMIT_FOR_BENCH), logLevel: 'warn' },
  };
  const jsonPath = join(OUT_DIR, `transfer-${stamp}.json`);
  writeFileSync(jsonPath, `${JSON.stringify({ ...meta, results }, null, 2)}\n`);
  writeFileSync(join(OUT_DIR, `transfer-${stamp}.md`), `${md}\n`);
  console.log(`\n${meta.date} · ${meta.machine.nproc} cores (${meta.machine.cpu}) · Node ${meta.machine.node} · client and server share the machine\n`);
  console.log(md);
  console.log('\n* autocannon gives p97.5, not p95, for the health route.');
  for (const r of results) {
    const c = r.checks;
    if (!c) continue;
    console.log(
      `\n${r.label}: prepared ${r.prepared!.cases} cases (${r.prepared!.perSec.toFixed(1)} cases/s, untimed); ${c.clientSent} transfers sent, ${c.clientAccepted} accepted (warm-ups and tails included); ` +
        `server: ${c.casesAtArrestReview} cases at arrest review, ${c.sendsAudited} sends and ${c.acceptsAudited} acceptances audited, audit chain ${c.auditChain.ok ? 'verifies' : 'BROKEN'} (${c.auditChain.checked} records); ` +
        `${c.sampleVerified} of ${c.sampleVerified + c.sampleFailed.length} sampled transfers verify through the API` +
        (c.dossierVerify ? `; dossier verify --all: ${c.dossierVerify.ok ? 'intact' : 'NOT intact'}, ${c.dossierVerify.transfers} transfers and ${c.dossierVerify.documents} documents, ${c.dossierVerify.failures} failure(s)` : ''),
    );
    if (c.problems.length) {
      console.log(`PROBLEMS: ${c.problems.join('; ')}`);
      failed = true;
    }
  }
  console.log(`\nwritten: ${jsonPath}`);
  const faulty = results.filter((r) => r.healthNon2xx || r.healthErrors || r.transferNon2xx || r.transferErrors || r.transfers.some((x) => x.ranOutOfCases));
  if (faulty.length) {
    console.log(`\nWARNING: non-2xx answers, errors or a run out of cases on ${faulty.map((r) => r.label).join(', ')}; see the JSON and the server logs.`);
    failed = true;
  }
  if (failed) process.exitCode = 1;
}

await main();
