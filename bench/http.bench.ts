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
 * Servers, CPU and memory accounting and the autocannon run are bench/servers.ts, shared with the other HTTP benches.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { QUIET_BELOW, log, median, runStamp } from './lib.ts';
import {
  type AutocannonFigures,
  LOAD_OPTIONS,
  OUT_DIR,
  RATE_LIMIT_FOR_BENCH,
  ROOT,
  type RunningServer,
  type ServerSpec,
  assertAlive,
  autocannonRun,
  caselinkServer,
  databaseOf,
  fmt,
  loadSettings,
  machineInfo,
  peakRssMb as peakRssMbOf,
  startServer,
  stopOnSignal,
  stopServer,
} from './servers.ts';

const DEMO_LOGIN = { username: 'supervisor', password: 'demo1234' };

type TargetName = 'hello' | 'pglite' | 'postgres';

interface RouteSpec {
  path: string;
  authenticated: boolean;
  /** A sanity check of one answer before load, so that the figures measure the route and not an error page. */
  check: (body: unknown) => boolean;
}

interface TargetSpec extends ServerSpec {
  name: TargetName;
  routes: RouteSpec[];
}

interface RunningTarget extends RunningServer<TargetSpec> {
  headers: Record<string, string>;
}

type RunFigures = AutocannonFigures;

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

const { values: args } = parseArgs({ options: LOAD_OPTIONS });
const { duration, runs, connections, warmup, quietWaitMax, databaseUrl } = loadSettings(args);
const targetNames = (args.targets ?? `hello,pglite${databaseUrl ? ',postgres' : ''}`).split(',').map((s) => s.trim()) as TargetName[];
for (const t of targetNames) {
  if (!['hello', 'pglite', 'postgres'].includes(t)) throw new Error(`unknown target "${t}"`);
}
if (!targetNames.includes('hello')) throw new Error('the hello-world baseline must be part of every run');
if (targetNames.includes('postgres') && !databaseUrl) throw new Error('target postgres needs BENCH_DATABASE_URL or DATABASE_URL');

const stamp = runStamp();

function caselinkRoutes(kind: 'pglite' | 'postgres'): RouteSpec[] {
  return [
    { path: '/api/health', authenticated: false, check: (b) => (b as { status?: string; db?: string }).status === 'ok' && (b as { db?: string }).db === kind },
    { path: '/api/me', authenticated: true, check: (b) => (b as { username?: string }).username === DEMO_LOGIN.username },
  ];
}

function caselinkSpec(name: 'pglite' | 'postgres'): TargetSpec {
  return { ...caselinkServer(name, databaseUrl), routes: caselinkRoutes(name) };
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

/** Starts a target, logs in when one of its routes needs it, and checks one answer of each route. */
async function start(spec: TargetSpec): Promise<RunningTarget> {
  const server = await startServer(spec, join(OUT_DIR, `http-${stamp}-${spec.name}.log`));
  const headers: Record<string, string> = {};
  const target: RunningTarget = { ...server, headers };
  try {
    if (spec.routes.some((r) => r.authenticated)) {
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(DEMO_LOGIN),
      });
      const body = (await res.json()) as { token?: string };
      if (!res.ok || !body.token) throw new Error(`${spec.label}: login answered ${res.status} ${JSON.stringify(body)}`);
      headers.authorization = `Bearer ${body.token}`;
    }
    for (const route of spec.routes) {
      const res = await fetch(server.url + route.path, { headers: route.authenticated ? headers : {} });
      const body: unknown = await res.json();
      if (res.status !== 200 || !route.check(body)) {
        throw new Error(`${spec.label} ${route.path}: unexpected answer ${res.status} ${JSON.stringify(body)}`);
      }
    }
  } catch (error) {
    await stopServer(server);
    throw error;
  }
  return target;
}

function measure(target: RunningTarget, route: RouteSpec): Promise<RunFigures> {
  return autocannonRun(target, route.path, {
    connections,
    duration,
    warmup,
    quietWait: quietWaitMax,
    headers: route.authenticated ? target.headers : {},
    database: target.spec.name === 'postgres' ? databaseOf(databaseUrl!) : null,
  });
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
  stopOnSignal(running);
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
      peakRssMb[t.spec.name] = peakRssMbOf(t);
      rssAfterStartMb[t.spec.name] = t.rssAfterStartKb / 1024;
    }
  } finally {
    await Promise.all(running.map((t) => stopServer(t)));
  }

  for (const c of cases) summarise(c);
  const hello = cases.find((c) => c.target === 'hello')!;
  for (const c of cases) c.ratioToHello = c === hello ? null : c.median!.reqPerSec / hello.median!.reqPerSec;

  const md = table(cases, peakRssMb);
  const meta = {
    date: new Date().toISOString(),
    command: `npx tsx bench/http.bench.ts ${process.argv.slice(2).join(' ')}`.trim(),
    machine: machineInfo(),
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
