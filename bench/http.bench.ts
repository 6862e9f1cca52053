/**
 * HTTP benchmark of the foundation (issue 2): GET /api/health and an authenticated GET /api/me on CaseLink
 * (PGlite and, when a database is given, PostgreSQL), side by side with a bare Fastify hello-world measured
 * in the same run.
 *
 *   npx tsx bench/http.bench.ts [--duration 10] [--runs 3] [--connections 50] [--warmup 2]
 *                               [--targets hello,pglite,postgres] [--quiet-wait 30]
 *
 * Every server is a child process on 127.0.0.1 with a free port of its own; autocannon runs in this process.
 * The runs are interleaved (run 1 of every case, then run 2, ...) so that drift of the machine spreads over all
 * cases alike; each run is preceded by a warm-up whose figures are thrown away, and by a wait (at most
 * --quiet-wait seconds) for the rest of the machine to go quiet. CPU is accounted per run: the server process,
 * this (client) process, PostgreSQL's backends of the bench database, and everything else. The figures reported are the
 * medians of the runs; non-2xx answers and errors are summed over all runs, since a correct run has none.
 * PostgreSQL: BENCH_DATABASE_URL (or DATABASE_URL) naming an empty database; the server seeds the demo into it.
 * Output: a markdown table on stdout, bench/out/http-<timestamp>.json (and .md), server logs beside them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLOCK_TICKS, cpuModel, machineBusySeconds, median, positiveInt } from './lib.ts';
import autocannon, { type Result } from 'autocannon';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT_DIR = join(ROOT, 'bench', 'out');
/** The ceiling CASELINK_RATE_LIMIT_PER_MINUTE accepts (src/config/config.ts); far above what 2 cores serve. */
const RATE_LIMIT_FOR_BENCH = '1000000';
const START_TIMEOUT_MS = 180_000;
const DEMO_LOGIN = { username: 'supervisor', password: 'demo1234' };

type TargetName = 'hello' | 'pglite' | 'postgres';

interface RouteSpec {
  path: string;
  authenticated: boolean;
  /** A sanity check of one answer before load, so that the figures measure the route and not an error page. */
  check: (body: unknown) => boolean;
}

interface TargetSpec {
  name: TargetName;
  label: string;
  command: string[];
  env: NodeJS.ProcessEnv;
  readyPattern: RegExp;
  routes: RouteSpec[];
  dataDir?: string;
}

interface RunningTarget {
  spec: TargetSpec;
  child: ChildProcess;
  url: string;
  logPath: string;
  rssAfterStartKb: number;
  headers: Record<string, string>;
}

interface RunFigures {
  reqPerSec: number;
  total: number;
  latencyP50: number;
  latencyP975: number;
  latencyP99: number;
  latencyMax: number;
  non2xx: number;
  /** Includes the timeouts, which autocannon counts as errors too. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** CPU used by the server process and by this (client) process, as a share of one core over the run. */
  serverCpu: number;
  clientCpu: number;
  /** CPU used by the PostgreSQL backends serving the bench database (postgres target only), same unit. */
  dbCpu: number;
  /** CPU used by every other process on the machine (other work, PostgreSQL's background processes), same unit. */
  otherCpu: number;
  /** Seconds spent before the run waiting for the rest of the machine to quieten down. */
  quietWait: number;
}

interface CaseResult {
  target: TargetName;
  label: string;
  route: string;
  runs: RunFigures[];
  median?: Omit<RunFigures, 'statusCodes' | 'non2xx' | 'errors' | 'timeouts' | 'quietWait'>;
  non2xxTotal?: number;
  errorsTotal?: number;
  timeoutsTotal?: number;
  ratioToHello?: number | null;
}

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
    targets: { type: 'string' },
    'quiet-wait': { type: 'string', default: '30' },
  },
});


const duration = positiveInt('duration', args.duration);
const runs = positiveInt('runs', args.runs);
const connections = positiveInt('connections', args.connections);
const warmup = Number(args.warmup);
const quietWaitMax = Number(args['quiet-wait']);
/** Busy cores (outside the bench) under which the machine counts as quiet enough to start a run. */
const QUIET_BELOW = 0.25;
const databaseUrl = process.env.BENCH_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim() || null;
const targetNames = (args.targets ?? `hello,pglite${databaseUrl ? ',postgres' : ''}`).split(',').map((s) => s.trim()) as TargetName[];
for (const t of targetNames) {
  if (!['hello', 'pglite', 'postgres'].includes(t)) throw new Error(`unknown target "${t}"`);
}
if (!targetNames.includes('hello')) throw new Error('the hello-world baseline must be part of every run');
if (targetNames.includes('postgres') && !databaseUrl) throw new Error('target postgres needs BENCH_DATABASE_URL or DATABASE_URL');

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');

function caselinkRoutes(kind: 'pglite' | 'postgres'): RouteSpec[] {
  return [
    { path: '/api/health', authenticated: false, check: (b) => (b as { status?: string; db?: string }).status === 'ok' && (b as { db?: string }).db === kind },
    { path: '/api/me', authenticated: true, check: (b) => (b as { username?: string }).username === DEMO_LOGIN.username },
  ];
}

function caselinkSpec(name: 'pglite' | 'postgres'): TargetSpec {
  const dataDir = mkdtempSync(join(os.tmpdir(), `caselink-bench-${name}-`));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Fastify logs every request at info level; warn keeps the log out of the figures.
    LOG_LEVEL: 'warn',
    CASELINK_RATE_LIMIT_PER_MINUTE: RATE_LIMIT_FOR_BENCH,
  };
  delete env.DATABASE_URL;
  delete env.PORT;
  delete env.HOST;
  if (name === 'postgres') env.DATABASE_URL = databaseUrl!;
  return {
    name,
    label: name === 'pglite' ? 'CaseLink · PGlite' : 'CaseLink · PostgreSQL',
    command: [process.execPath, join(ROOT, 'bin', 'caselink'), '--data', dataDir, 'serve', '--demo-if-empty', '--host', '127.0.0.1', '--port', '0'],
    env,
    readyPattern: /CaseLink listening on (http:\/\/\S+)/,
    routes: caselinkRoutes(name),
    dataDir,
  };
}

function helloSpec(): TargetSpec {
  return {
    name: 'hello',
    label: 'Fastify hello-world',
    command: [process.execPath, '--import', 'tsx', join(ROOT, 'bench', 'hello-server.ts'), '0'],
    env: { ...process.env },
    readyPattern: /hello-world listening on (http:\/\/\S+)/,
    routes: [{ path: '/', authenticated: false, check: (b) => (b as { hello?: string }).hello === 'world' }],
  };
}

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM). */
function procStatusKb(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

/** CPU seconds (user + system) a process has used so far. */
function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime (fields 14, 15 of the line)
}


/** CPU seconds so far of the PostgreSQL backends connected to one database (their title names it). */
function backendCpuSeconds(database: string): number {
  let sum = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.split(' ').includes(database)) sum += procCpuSeconds(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return sum;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Client and server share the machine with whatever else runs on it; before each run, wait (up to
 * --quiet-wait seconds) until the rest of the machine uses less than QUIET_BELOW of a core.
 */
async function waitForQuiet(): Promise<number> {
  const started = Date.now();
  for (;;) {
    const before = machineBusySeconds();
    await sleep(1000);
    const busy = machineBusySeconds() - before;
    const waited = (Date.now() - started) / 1000;
    if (busy < QUIET_BELOW) return waited - 1;
    if (waited >= quietWaitMax) {
      log(`the machine is still busy (${busy.toFixed(2)} cores used elsewhere) after ${Math.round(waited)} s; running anyway`);
      return waited;
    }
  }
}

function tail(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function start(spec: TargetSpec): Promise<RunningTarget> {
  const logPath = join(OUT_DIR, `http-${stamp}-${spec.name}.log`);
  const logFile = createWriteStream(logPath);
  const [cmd, ...cmdArgs] = spec.command;
  const child = spawn(cmd!, cmdArgs, { cwd: ROOT, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(logFile, { end: false });
  child.stderr!.pipe(logFile, { end: false });
  const started = Date.now();
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${spec.label} did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = spec.readyPattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${spec.label} exited before it listened (code ${code}, signal ${signal}):\n${tail(logPath)}`));
    });
  });
  log(`${spec.label}: ${url} (pid ${child.pid}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const headers: Record<string, string> = {};
  if (spec.routes.some((r) => r.authenticated)) {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(DEMO_LOGIN),
    });
    const body = (await res.json()) as { token?: string };
    if (!res.ok || !body.token) throw new Error(`${spec.label}: login answered ${res.status} ${JSON.stringify(body)}`);
    headers.authorization = `Bearer ${body.token}`;
  }
  for (const route of spec.routes) {
    const res = await fetch(url + route.path, { headers: route.authenticated ? headers : {} });
    const body: unknown = await res.json();
    if (res.status !== 200 || !route.check(body)) {
      throw new Error(`${spec.label} ${route.path}: unexpected answer ${res.status} ${JSON.stringify(body)}`);
    }
  }
  return { spec, child, url, logPath, rssAfterStartKb: procStatusKb(child.pid!, 'VmRSS'), headers };
}

async function stop(target: RunningTarget): Promise<void> {
  const { child } = target;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (target.spec.dataDir) rmSync(target.spec.dataDir, { recursive: true, force: true });
}

function assertAlive(target: RunningTarget): void {
  if (target.child.exitCode !== null || target.child.signalCode !== null) {
    throw new Error(`${target.spec.label} died under load (code ${target.child.exitCode}, signal ${target.child.signalCode}):\n${tail(target.logPath)}`);
  }
}

async function measure(target: RunningTarget, route: RouteSpec): Promise<RunFigures> {
  const opts = {
    url: target.url + route.path,
    connections,
    headers: route.authenticated ? target.headers : {},
  };
  const quietWait = quietWaitMax > 0 ? await waitForQuiet() : 0;
  if (warmup > 0) await autocannon({ ...opts, duration: warmup });
  const pid = target.child.pid!;
  const database = target.spec.name === 'postgres' ? new URL(databaseUrl!).pathname.slice(1) : null;
  const dbCpuBefore = database ? backendCpuSeconds(database) : 0;
  const machineBefore = machineBusySeconds();
  const serverCpuBefore = procCpuSeconds(pid);
  const clientCpuBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  const r: Result = await autocannon({ ...opts, duration });
  const wall = Number(process.hrtime.bigint() - wallBefore) / 1e9;
  const clientCpuUsage = process.cpuUsage(clientCpuBefore);
  const machine = machineBusySeconds() - machineBefore;
  const serverCpu = procCpuSeconds(pid) - serverCpuBefore;
  const clientCpu = (clientCpuUsage.user + clientCpuUsage.system) / 1e6;
  const dbCpu = database ? backendCpuSeconds(database) - dbCpuBefore : 0;
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]));
  return {
    reqPerSec: r.requests.average,
    total: r.requests.total,
    latencyP50: r.latency.p50,
    latencyP975: r.latency.p97_5,
    latencyP99: r.latency.p99,
    latencyMax: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
    serverCpu: serverCpu / wall,
    clientCpu: clientCpu / wall,
    dbCpu: dbCpu / wall,
    otherCpu: Math.max(0, machine - serverCpu - clientCpu - dbCpu) / wall,
    quietWait,
  };
}


function summarise(c: CaseResult): void {
  const pick = (k: keyof RunFigures) => median(c.runs.map((r) => r[k] as number));
  c.median = {
    reqPerSec: pick('reqPerSec'),
    total: pick('total'),
    latencyP50: pick('latencyP50'),
    latencyP975: pick('latencyP975'),
    latencyP99: pick('latencyP99'),
    latencyMax: pick('latencyMax'),
    serverCpu: pick('serverCpu'),
    clientCpu: pick('clientCpu'),
    dbCpu: pick('dbCpu'),
    otherCpu: pick('otherCpu'),
  };
  c.non2xxTotal = c.runs.reduce((s, r) => s + r.non2xx, 0);
  c.errorsTotal = c.runs.reduce((s, r) => s + r.errors, 0);
  c.timeoutsTotal = c.runs.reduce((s, r) => s + r.timeouts, 0);
}


const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(cases: CaseResult[], peakRssMb: Record<string, number>): string {
  const lines = [
    '| Target | Route | req/s (median) | × hello-world | p50 ms | p97.5 ms | p99 ms | non-2xx | errors | CPU: server | client | PG backends | other | server peak RSS | req/s of each run |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const c of cases) {
    const m = c.median!;
    lines.push(
      `| ${c.label} | \`GET ${c.route}\` | ${fmt(m.reqPerSec)} | ${c.ratioToHello == null ? '1.00 (baseline)' : c.ratioToHello.toFixed(2)} | ${m.latencyP50} | ${m.latencyP975} | ${m.latencyP99} | ${c.non2xxTotal} | ${c.errorsTotal}${c.timeoutsTotal ? ` (${c.timeoutsTotal} timeouts)` : ''} | ${Math.round(m.serverCpu * 100)} % | ${Math.round(m.clientCpu * 100)} % | ${c.target === 'postgres' ? `${Math.round(m.dbCpu * 100)} %` : '–'} | ${Math.round(m.otherCpu * 100)} % | ${fmt(peakRssMb[c.target]!)} MB | ${c.runs.map((r) => fmt(r.reqPerSec)).join(' / ')} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const specs = targetNames.map((n) => (n === 'hello' ? helloSpec() : caselinkSpec(n)));
  const running: RunningTarget[] = [];
  const onSignal = () => {
    void Promise.all(running.map(stop)).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const peakRssMb: Record<string, number> = {};
  const rssAfterStartMb: Record<string, number> = {};
  const cases: CaseResult[] = [];
  try {
    // One server after the other: the PGlite start (migrations, demo seed) must not overlap another's.
    for (const spec of specs) running.push(await start(spec));
    for (const t of running) {
      for (const route of t.spec.routes) cases.push({ target: t.spec.name, label: t.spec.label, route: route.path, runs: [] });
    }
    log(`${cases.length} cases × ${runs} runs × (${warmup} s warm-up + ${duration} s), ${connections} connections`);
    for (let run = 1; run <= runs; run++) {
      for (const c of cases) {
        const target = running.find((t) => t.spec.name === c.target)!;
        const route = target.spec.routes.find((r) => r.path === c.route)!;
        const figures = await measure(target, route);
        assertAlive(target);
        c.runs.push(figures);
        const trouble = figures.non2xx || figures.errors || figures.timeouts
          ? `  non-2xx ${figures.non2xx} errors ${figures.errors} timeouts ${figures.timeouts} ${JSON.stringify(figures.statusCodes)}`
          : '';
        log(`run ${run}/${runs} ${c.label} GET ${c.route}: ${fmt(figures.reqPerSec)} req/s, p50 ${figures.latencyP50} ms, p99 ${figures.latencyP99} ms, CPU server ${figures.serverCpu.toFixed(2)} client ${figures.clientCpu.toFixed(2)}${c.target === 'postgres' ? ` db ${figures.dbCpu.toFixed(2)}` : ''} other ${figures.otherCpu.toFixed(2)}${figures.quietWait >= 1 ? ` (waited ${Math.round(figures.quietWait)} s for quiet)` : ''}${trouble}`);
      }
    }
    for (const t of running) {
      peakRssMb[t.spec.name] = procStatusKb(t.child.pid!, 'VmHWM') / 1024;
      rssAfterStartMb[t.spec.name] = t.rssAfterStartKb / 1024;
    }
  } finally {
    await Promise.all(running.map(stop));
  }

  for (const c of cases) summarise(c);
  const hello = cases.find((c) => c.target === 'hello')!;
  for (const c of cases) c.ratioToHello = c === hello ? null : c.median!.reqPerSec / hello.median!.reqPerSec;

  const md = table(cases, peakRssMb);
  const meta = {
    date: new Date().toISOString(),
    command: `npx tsx bench/http.bench.ts ${process.argv.slice(2).join(' ')}`.trim(),
    machine: { nproc: os.availableParallelism(), cpu: cpuModel(), node: process.version, platform: `${os.type()} ${os.release()}`, memoryGb: Math.round(os.totalmem() / 2 ** 30) },
    settings: { duration, runs, connections, warmup, quietWaitMax, quietBelowCores: QUIET_BELOW, rateLimitPerMinute: Number(RATE_LIMIT_FOR_BENCH), logLevel: 'warn' },
    targets: running.map((t) => ({ name: t.spec.name, label: t.spec.label, rssAfterStartMb: rssAfterStartMb[t.spec.name], peakRssMb: peakRssMb[t.spec.name], log: t.logPath })),
  };
  const jsonPath = join(OUT_DIR, `http-${stamp}.json`);
  writeFileSync(jsonPath, `${JSON.stringify({ ...meta, cases }, null, 2)}\n`);
  writeFileSync(join(OUT_DIR, `http-${stamp}.md`), `${md}\n`);
  console.log(`\n${meta.date} · ${meta.machine.nproc} cores (${meta.machine.cpu}) · Node ${meta.machine.node} · client and server share the machine\n`);
  console.log(md);
  console.log(`\nwritten: ${jsonPath}`);
  const faulty = cases.filter((c) => c.non2xxTotal || c.errorsTotal || c.timeoutsTotal);
  if (faulty.length) {
    console.log(`\nWARNING: non-2xx answers or errors in ${faulty.map((c) => `${c.label} GET ${c.route}`).join(', ')}; see the JSON and the server logs.`);
    process.exitCode = 1;
  }
}

await main();
