/**
 * Load test (issue 8 part 1): a mixed workload from many concurrent clients against two CaseLink API nodes that share
 * one PostgreSQL database and one data folder, over a synthetic province already loaded (bench/synthetic/province.ts).
 *
 *   npx tsx bench/load.bench.ts --url <postgres-url> [--duration 600] [--clients 200]
 *        [--counties 990102,990103,990104,990202,990203,990204] [--data <shared data dir>]
 *
 * Two API nodes: two `bin/caselink serve` processes on two ports, both with DATABASE_URL = --url and the SAME --data
 * folder. The nodes keep no state of their own between requests (sessions are in the database), so "stateless API
 * nodes" holds only if what lives in the data folder is shared too: the document store (a document uploaded through
 * one node is read and re-hashed by the other when the transfer is accepted) and the master key that seals the units'
 * signing keys (a key sealed by one node must open on the other). In production that is a shared volume; here it is
 * one local folder. The first node starts alone (it creates the master key if the folder has none), then the second.
 *
 * Clients: --clients async loops in this process (Node's fetch), client i talks to node i % 2. Each picks an
 * operation at random by weight (WEIGHTS) and does it as a demo user of its county (password demo1234, logged in
 * once per user and node before the timing; the rate limit is out of the way for benches):
 *   inbox        GET /api/inbox as the police handler
 *   case-list    GET /api/cases (its first page) as the police handler
 *   case-page    GET /api/cases/:id of a synthetic case held by that police unit
 *   transfer     POST /api/cases (register), 3 x POST /api/cases/:id/documents (PDF), start-investigation,
 *                request-arrest (signed), POST /api/transfers/:id/accept as the procuratorate's handler —
 *                every call timed under its own route name
 *   dispute      POST /api/disputes as the county's governance-center handler, each with a new applicant
 *   cockpit      GET /api/cockpit/panels/:panel (a random panel, the province) as 'supervisor'
 * Every answer other than the expected status, and every network error, counts as an error (the first ones are
 * printed). Per route: count, throughput, p50/p95/p99/max. Besides: each node's peak RSS (VmHWM), the CPU of each node
 * and of the database's backends, and the machine's load average (other work on the machine is not stopped).
 * Output: a markdown table on stdout, bench/out/load-<timestamp>.json and .md, the nodes' logs beside them.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pdfBytes } from '../test/documents.ts';
import { log, positiveInt, runStamp } from './lib.ts';
import {
  OUT_DIR,
  type RunningServer,
  assertAlive,
  backendCpuSeconds,
  caselinkServer,
  databaseOf,
  fmt,
  machineInfo,
  peakRssMb,
  procCpuSeconds,
  startServer,
  stopOnSignal,
  stopServer,
} from './servers.ts';

const PASSWORD = 'demo1234';
const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    duration: { type: 'string', default: '600' },
    clients: { type: 'string', default: '200' },
    counties: { type: 'string', default: '990102,990103,990104,990202,990203,990204' },
    data: { type: 'string' },
  },
});
const databaseUrl = args.url ?? process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('--url (or BENCH_DATABASE_URL) naming the database of a synthetic province is required');
const duration = positiveInt('duration', args.duration);
const clients = positiveInt('clients', args.clients);
const counties = args.counties.split(',').map((s) => s.trim()).filter(Boolean);
for (const c of counties) if (!/^\d{6}$/.test(c)) throw new Error(`--counties: "${c}" is not a region code`);
const stamp = runStamp();

type Op = 'inbox' | 'case-list' | 'case-page' | 'transfer' | 'dispute' | 'cockpit';
const WEIGHTS: [Op, number][] = [
  ['inbox', 30],
  ['case-list', 20],
  ['case-page', 25],
  ['cockpit', 10],
  ['dispute', 10],
  ['transfer', 5],
];
const PANELS = ['cases', 'clocks', 'warnings', 'supervision', 'collaboration', 'governance', 'trends', 'regions', 'risk'];
const DOCUMENT_KINDS = ['registration-decision', 'arrest-request-form', 'dossier'] as const;

// --- HTTP ------------------------------------------------------------------------------------------------------

class CallError extends Error {}

interface RouteStats {
  ms: number[];
  errors: number;
}
const routes = new Map<string, RouteStats>();
const failures: string[] = [];
/** Failures seen per route (the first three of each are kept as examples). */
const failureCount = new Map<string, number>();
let measuring = false;

function stats(route: string): RouteStats {
  let s = routes.get(route);
  if (!s) {
    s = { ms: [], errors: 0 };
    routes.set(route, s);
  }
  return s;
}

/** One call; answers the JSON body when the status is the expected one, else counts an error and throws. */
// biome-ignore lint/suspicious/noExplicitAny: JSON answers of many shapes, read field by field
async function call(route: string, url: string, method: 'GET' | 'POST', token: string | null, expected: number, body?: unknown, contentType = 'application/json'): Promise<any> {
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
  let status = 0;
  let text = '';
  try {
    const res = await fetch(url, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
    status = res.status;
    text = await res.text();
  } catch (error) {
    text = String((error as Error).cause ?? error);
  }
  const ms = performance.now() - t0;
  const counted = measuring;
  if (status !== expected) {
    if (counted) stats(route).errors++;
    failureCount.set(route, (failureCount.get(route) ?? 0) + 1);
    if ((failureCount.get(route) ?? 0) <= 3) failures.push(`${route} ${method} ${url.replace(/^http:\/\/[^/]+/, '')}: ${status || 'network error'} ${text.slice(0, 300)}`);
    throw new CallError(`${route}: ${status}`);
  }
  if (counted) stats(route).ms.push(ms);
  return text ? JSON.parse(text) : null;
}

// --- the nodes, users and cases --------------------------------------------------------------------------------

interface CountyUsers {
  region: string;
  police: string;
  procurator: string;
  governance: string;
  procuratorateUnitId: string;
  caseIds: string[];
}
interface Node {
  server: RunningServer;
  supervisor: string;
  counties: CountyUsers[];
}

async function login(url: string, username: string): Promise<string> {
  const body = await call('login', `${url}/api/auth/login`, 'POST', null, 200, { username, password: PASSWORD });
  return body.token as string;
}

async function casesOfCounties(): Promise<Map<string, string[]>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const out = new Map<string, string[]>();
    for (const region of counties) {
      const r = await client.query<{ id: string }>(
        `SELECT c.id FROM criminal_case c JOIN unit u ON u.id = c.holder_unit_id WHERE u.code = $1 ORDER BY c.id LIMIT 500`,
        [`police-${region}`],
      );
      if (r.rows.length === 0) throw new Error(`no synthetic case held by police-${region}`);
      out.set(region, r.rows.map((x) => x.id));
    }
    return out;
  } finally {
    await client.end();
  }
}

async function prepareNode(server: RunningServer, caseIds: Map<string, string[]>): Promise<Node> {
  const url = server.url;
  const list: CountyUsers[] = [];
  for (const region of counties) {
    const police = await login(url, `police-${region}-handler`);
    const units = await call('units', `${url}/api/units?agency=procuratorate&regionCode=${region}`, 'GET', police, 200);
    const unit = (units.items as { id: string; code: string }[]).find((u) => u.code === `procuratorate-${region}`);
    if (!unit) throw new Error(`no unit procuratorate-${region}`);
    list.push({
      region,
      police,
      procurator: await login(url, `procuratorate-${region}-handler`),
      governance: await login(url, `governance-center-${region}-handler`),
      procuratorateUnitId: unit.id,
      caseIds: caseIds.get(region)!,
    });
  }
  return { server, supervisor: await login(url, 'supervisor'), counties: list };
}

// --- the operations --------------------------------------------------------------------------------------------

let seq = 0;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const phone = (n: number) => `139${String(n % 100_000_000).padStart(8, '0')}`;

async function transfer(url: string, c: CountyUsers): Promise<void> {
  const n = ++seq;
  const created = await call('POST /api/cases', `${url}/api/cases`, 'POST', c.police, 201, { title: `负载测试盗窃案 ${stamp} ${n}`, charge: 'theft' });
  const caseId = created.id as string;
  const ids: Record<string, string> = {};
  for (const kind of DOCUMENT_KINDS) {
    const bytes = await pdfBytes(1, `CaseLink load ${stamp} ${kind} #${n}`);
    const doc = await call('POST /api/cases/:id/documents', `${url}/api/cases/${caseId}/documents?kind=${kind}&name=${kind}.pdf`, 'POST', c.police, 201, bytes, 'application/pdf');
    ids[kind] = doc.id as string;
  }
  await call('POST transitions start-investigation', `${url}/api/cases/${caseId}/transitions`, 'POST', c.police, 200, {
    transition: 'start-investigation',
    documentIds: [ids['registration-decision']],
  });
  const sent = await call('POST transitions request-arrest (signed)', `${url}/api/cases/${caseId}/transitions`, 'POST', c.police, 200, {
    transition: 'request-arrest',
    documentIds: [ids['arrest-request-form'], ids.dossier],
    receiverUnitId: c.procuratorateUnitId,
    idempotencyKey: `load-${caseId}`,
  });
  const transferId = sent.transfer?.id;
  if (typeof transferId !== 'string') throw new Error(`request-arrest answered no transfer id: ${JSON.stringify(sent).slice(0, 300)}`);
  await call('POST /api/transfers/:id/accept', `${url}/api/transfers/${transferId}/accept`, 'POST', c.procurator, 200);
}

async function operation(op: Op, node: Node): Promise<void> {
  const url = node.server.url;
  const c = pick(node.counties);
  switch (op) {
    case 'inbox':
      return void (await call('GET /api/inbox', `${url}/api/inbox`, 'GET', c.police, 200));
    case 'case-list':
      return void (await call('GET /api/cases', `${url}/api/cases`, 'GET', c.police, 200));
    case 'case-page':
      return void (await call('GET /api/cases/:id', `${url}/api/cases/${pick(c.caseIds)}`, 'GET', c.police, 200));
    case 'cockpit':
      return void (await call('GET /api/cockpit/panels/:panel', `${url}/api/cockpit/panels/${pick(PANELS)}?region=990000`, 'GET', node.supervisor, 200));
    case 'dispute': {
      const n = ++seq;
      return void (await call('POST /api/disputes', `${url}/api/disputes`, 'POST', c.governance, 201, {
        channel: 'walk-in',
        type: 'neighbour',
        summary: `负载测试：邻居装修噪音扰民 ${n}`,
        regionCode: c.region,
        parties: [
          { role: 'applicant', kind: 'person', name: '王小明', phone: phone(Date.now() % 50_000_000 + n * 7 + 10_000_000) },
          { role: 'respondent', kind: 'person', name: '李大山' },
        ],
      }));
    }
    case 'transfer':
      return transfer(url, c);
  }
}

function pickOp(): Op {
  const total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  let r = Math.random() * total;
  for (const [op, w] of WEIGHTS) {
    r -= w;
    if (r < 0) return op;
  }
  return 'inbox';
}

// --- the run ---------------------------------------------------------------------------------------------------

const percentile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! : Number.NaN);
const r1 = (x: number) => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const shared = args.data ?? mkdtempSync(join(os.tmpdir(), 'caselink-load-shared-'));
  const database = databaseOf(databaseUrl!);
  const specs = [0, 1].map(() => {
    const spec = caselinkServer('postgres', databaseUrl!);
    const at = spec.command.indexOf('--data');
    spec.command[at + 1] = shared; // both nodes on the same data folder (documents, master key)
    return { ...spec, dataDir: undefined };
  });
  const servers: RunningServer[] = [];
  stopOnSignal(servers);
  try {
    for (const [i, spec] of specs.entries()) servers.push(await startServer({ ...spec, label: `API node ${i + 1}` }, join(OUT_DIR, `load-${stamp}-node${i + 1}.log`)));
    const caseIds = await casesOfCounties();
    const nodes: Node[] = [];
    for (const s of servers) nodes.push(await prepareNode(s, caseIds));
    log(`${servers.length} nodes, ${clients} clients, ${duration} s, shared data folder ${shared}`);

    const loadBefore = os.loadavg();
    const cpuBefore = { nodes: servers.map((s) => procCpuSeconds(s.child.pid!)), db: backendCpuSeconds(database) };
    const started = performance.now();
    const endAt = started + duration * 1000;
    measuring = true;
    const loadSamples: number[] = [];
    const sampler = setInterval(() => {
      loadSamples.push(os.loadavg()[0]!);
      for (const s of servers) assertAlive(s);
    }, 10_000);
    await Promise.all(
      Array.from({ length: clients }, async (_, i) => {
        await new Promise((r) => setTimeout(r, (i * 2000) / clients)); // not all in step
        const node = nodes[i % nodes.length]!;
        while (performance.now() < endAt) {
          try {
            await operation(pickOp(), node);
          } catch (error) {
            if (!(error instanceof CallError)) {
              stats('(client)').errors++;
              if (failures.length < 20) failures.push(String(error));
            }
          }
        }
      }),
    );
    measuring = false;
    clearInterval(sampler);
    const wall = (performance.now() - started) / 1000;
    const nodeCpu = servers.map((s, i) => (procCpuSeconds(s.child.pid!) - cpuBefore.nodes[i]!) / wall);
    const dbCpu = (backendCpuSeconds(database) - cpuBefore.db) / wall;
    const rss = servers.map((s) => r1(peakRssMb(s)));

    const table = [...routes.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([route, s]) => {
        const sorted = [...s.ms].sort((a, b) => a - b);
        return { route, count: s.ms.length, errors: s.errors, perSec: r1(s.ms.length / wall), p50: r1(percentile(sorted, 0.5)), p95: r1(percentile(sorted, 0.95)), p99: r1(percentile(sorted, 0.99)), max: r1(sorted.at(-1) ?? Number.NaN) };
      });
    const total = table.reduce((n, r) => n + r.count, 0);
    const errors = table.reduce((n, r) => n + r.errors, 0);
    const result = {
      stamp,
      machine: machineInfo(),
      database: databaseUrl!.replace(/\/\/[^@]*@/, '//'),
      cases: await countCases(),
      nodes: servers.length,
      clients,
      duration,
      wall: r1(wall),
      weights: Object.fromEntries(WEIGHTS),
      total,
      perSec: r1(total / wall),
      errors,
      routes: table,
      peakRssMb: rss,
      nodeCpu: nodeCpu.map((x) => Math.round(x * 100) / 100),
      dbCpu: Math.round(dbCpu * 100) / 100,
      loadAverage: { before: loadBefore.map(r1), during: loadSamples.map(r1), after: os.loadavg().map(r1) },
      failures,
    };
    const md = [
      `Load run ${stamp}: ${servers.length} API nodes, ${clients} clients, ${fmt(wall, 0)} s, ${result.cases.toLocaleString('en-US')} cases in the database`,
      '',
      '| route | count | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...table.map((r) => `| \`${r.route}\` | ${fmt(r.count)} | ${fmt(r.perSec, 1)} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.errors} |`),
      `| **all** | ${fmt(total)} | ${fmt(total / wall, 1)} | | | | | ${errors} |`,
      '',
      `Peak RSS: ${rss.map((x, i) => `node ${i + 1} ${x} MB`).join(', ')}. CPU (share of one core): ${nodeCpu.map((x, i) => `node ${i + 1} ${Math.round(x * 100)} %`).join(', ')}, PostgreSQL backends ${Math.round(dbCpu * 100)} %. Load average (1 min) during: ${loadSamples.map(r1).join(' ')}.`,
      ...(failures.length ? ['', 'First failures:', ...failures.map((f) => `- ${f}`)] : []),
    ].join('\n');
    process.stdout.write(`${md}\n`);
    writeFileSync(join(OUT_DIR, `load-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(OUT_DIR, `load-${stamp}.md`), `${md}\n`);
    if (errors > 0) process.exitCode = 1;
  } finally {
    for (const s of servers) await stopServer(s, { keepData: true });
  }
}

async function countCases(): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM criminal_case')).rows[0]!.n;
  } finally {
    await client.end();
  }
}

await main();
