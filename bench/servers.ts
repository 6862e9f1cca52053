/**
 * What the HTTP benchmarks share: a server as a child process on 127.0.0.1 (CaseLink on PGlite or PostgreSQL, or
 * any command that prints its address), its CPU and memory read from /proc, the CPU of PostgreSQL's backends of
 * one database, the wait for a quiet machine, and an autocannon run of one route with the CPU of every side
 * accounted over it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { CLOCK_TICKS, cpuModel, log, machineBusySeconds, positiveInt, waitForQuiet } from './lib.ts';

export const ROOT = new URL('..', import.meta.url).pathname;
export const OUT_DIR = join(ROOT, 'bench', 'out');
/** The ceiling CASELINK_RATE_LIMIT_PER_MINUTE accepts (src/config/config.ts); far above what 2 cores serve. */
export const RATE_LIMIT_FOR_BENCH = '1000000';
const START_TIMEOUT_MS = 180_000;

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The command-line options of a load run, shared by the HTTP benches (parseArgs options). */
export const LOAD_OPTIONS = {
  duration: { type: 'string', default: '10' },
  runs: { type: 'string', default: '3' },
  connections: { type: 'string', default: '50' },
  warmup: { type: 'string', default: '2' },
  targets: { type: 'string' },
  'quiet-wait': { type: 'string', default: '30' },
} as const;

export function loadSettings(values: { duration: string; runs: string; connections: string; warmup: string; 'quiet-wait': string }) {
  return {
    duration: positiveInt('duration', values.duration),
    runs: positiveInt('runs', values.runs),
    connections: positiveInt('connections', values.connections),
    warmup: Number(values.warmup),
    quietWaitMax: Number(values['quiet-wait']),
    /** The PostgreSQL database of the postgres target, if any. */
    databaseUrl: process.env.BENCH_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim() || null,
  };
}

export interface ServerSpec {
  name: string;
  label: string;
  command: string[];
  env: NodeJS.ProcessEnv;
  readyPattern: RegExp;
  /** A temporary data folder the server owns, removed when it is stopped. */
  dataDir?: string;
}

export interface RunningServer<S extends ServerSpec = ServerSpec> {
  spec: S;
  child: ChildProcess;
  url: string;
  logPath: string;
  rssAfterStartKb: number;
}

/** The database named by a postgres:// URL (its backends' process titles carry it). */
export const databaseOf = (url: string) => new URL(url).pathname.slice(1);

/**
 * CaseLink as the benchmarks run it: `bin/caselink --data <tmp> serve --demo-if-empty --demo-cases 0` on a free port of
 * 127.0.0.1, warn-level logs, the rate limit out of the way; on PostgreSQL when a database URL is given. nodeArgs go to
 * node before the script (e.g. --cpu-prof).
 */
export function caselinkServer(name: 'pglite' | 'postgres', databaseUrl: string | null, nodeArgs: string[] = []): ServerSpec & { name: 'pglite' | 'postgres' } {
  if (name === 'postgres' && !databaseUrl) throw new Error('target postgres needs BENCH_DATABASE_URL or DATABASE_URL');
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
    // the province without its demo cases (minutes to load, and the bench counts the cases it makes)
    command: [process.execPath, ...nodeArgs, join(ROOT, 'bin', 'caselink'), '--data', dataDir, 'serve', '--demo-if-empty', '--demo-cases', '0', '--host', '127.0.0.1', '--port', '0'],
    env,
    readyPattern: /CaseLink listening on (http:\/\/\S+)/,
    dataDir,
  };
}

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM). */
export function procStatusKb(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

/** CPU seconds (user + system) a process has used so far. */
export function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime (fields 14, 15 of the line)
}

/** CPU seconds so far of the PostgreSQL backends connected to one database (their title names it). */
export function backendCpuSeconds(database: string): number {
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

/** CPU over a stretch of time, each as a share of one core: the server, this (client) process, the PG backends, the rest. */
export interface CpuShares {
  serverCpu: number;
  clientCpu: number;
  dbCpu: number;
  otherCpu: number;
}

/** Starts counting CPU for a server (and its database's backends, if any); the function answers the shares since. */
export function cpuMeter(pid: number, database: string | null): () => CpuShares & { wall: number } {
  const dbBefore = database ? backendCpuSeconds(database) : 0;
  const machineBefore = machineBusySeconds();
  const serverBefore = procCpuSeconds(pid);
  const clientBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  return () => {
    const wall = Number(process.hrtime.bigint() - wallBefore) / 1e9;
    const clientUsage = process.cpuUsage(clientBefore);
    const machine = machineBusySeconds() - machineBefore;
    const server = procCpuSeconds(pid) - serverBefore;
    const client = (clientUsage.user + clientUsage.system) / 1e6;
    const db = database ? backendCpuSeconds(database) - dbBefore : 0;
    return {
      wall,
      serverCpu: server / wall,
      clientCpu: client / wall,
      dbCpu: db / wall,
      otherCpu: Math.max(0, machine - server - client - db) / wall,
    };
  };
}

export function tail(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Starts a server and waits until it prints its address; its output goes to logPath. */
export async function startServer<S extends ServerSpec>(spec: S, logPath: string): Promise<RunningServer<S>> {
  const logFile = createWriteStream(logPath);
  const [cmd, ...cmdArgs] = spec.command;
  const child = spawn(cmd!, cmdArgs, { cwd: ROOT, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(logFile, { end: false });
  child.stderr!.pipe(logFile, { end: false });
  const started = Date.now();
  const listening = new Promise<string>((resolve, reject) => {
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
  let url: string;
  try {
    url = await listening;
  } catch (error) {
    await stopServer({ spec, child, url: '', logPath, rssAfterStartKb: 0 });
    throw error;
  }
  log(`${spec.label}: ${url} (pid ${child.pid}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return { spec, child, url, logPath, rssAfterStartKb: procStatusKb(child.pid!, 'VmRSS') };
}

/** Stops the server (SIGTERM, then SIGKILL after 10 s) and, unless told to keep it, removes its data folder. */
export async function stopServer(server: RunningServer, options: { keepData?: boolean } = {}): Promise<void> {
  const { child } = server;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (server.spec.dataDir && !options.keepData) rmSync(server.spec.dataDir, { recursive: true, force: true });
}

/** Stops the servers and exits when the bench is interrupted. */
export function stopOnSignal(running: readonly RunningServer[]): void {
  const onSignal = () => {
    void Promise.all(running.map((s) => stopServer(s))).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

export function assertAlive(server: RunningServer): void {
  if (server.child.exitCode !== null || server.child.signalCode !== null) {
    throw new Error(`${server.spec.label} died under load (code ${server.child.exitCode}, signal ${server.child.signalCode}):\n${tail(server.logPath)}`);
  }
}

export const peakRssMb = (server: RunningServer) => procStatusKb(server.child.pid!, 'VmHWM') / 1024;

export function machineInfo() {
  return { nproc: os.availableParallelism(), cpu: cpuModel(), node: process.version, platform: `${os.type()} ${os.release()}`, memoryGb: Math.round(os.totalmem() / 2 ** 30) };
}

export interface AutocannonFigures extends CpuShares {
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
  /** Seconds spent before the run waiting for the rest of the machine to quieten down. */
  quietWait: number;
}

/**
 * One run of one GET route under autocannon: the wait for quiet, a warm-up whose figures are thrown away, then
 * `duration` seconds measured with the CPU of the server, this process, the database's backends and the rest.
 */
export async function autocannonRun(
  server: RunningServer,
  path: string,
  o: { connections: number; duration: number; warmup: number; quietWait: number; headers?: Record<string, string>; database: string | null },
): Promise<AutocannonFigures> {
  const opts = { url: server.url + path, connections: o.connections, headers: o.headers ?? {} };
  const quietWait = await waitForQuiet(o.quietWait);
  if (o.warmup > 0) await autocannon({ ...opts, duration: o.warmup });
  const cpu = cpuMeter(server.child.pid!, o.database);
  const r: Result = await autocannon({ ...opts, duration: o.duration });
  const { wall: _wall, ...shares } = cpu();
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
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count])),
    ...shares,
    quietWait,
  };
}
