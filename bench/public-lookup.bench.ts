/**
 * The citizens' progress page under load (issue 6 part 4): POST /api/public/track with 200 connections at once
 * against CaseLink on PGlite holding N disputes filed through the public form, beside GET /api/health under the
 * same load as the baseline (the same server, the same run).
 *
 *   npx tsx bench/public-lookup.bench.ts [--disputes 1000] [--connections 200] [--duration 10] [--warmup 2] [--quiet-wait 30]
 *
 * The server runs as a child process (bench/servers.ts) with CASELINK_TRUST_PROXY=127.0.0.1, and every request
 * carries an X-Forwarded-For of its own: the abuse limits count per citizen's address as they do behind a reverse
 * proxy, so the lookups measure the real path (the limit reads and the attempt written per lookup included), not
 * 127.0.0.1's refusals. Each lookup asks for a random one of the N codes with its right last four digits.
 * Latency percentiles (p50, p95, p99) are computed from every answer's own time (autocannon's 'response' events);
 * errors, timeouts and non-2xx answers are counted. Output: a markdown table on stdout and
 * bench/out/public-lookup-<timestamp>.json (and .md), the server log beside them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { log, positiveInt, runStamp, waitForQuiet } from './lib.ts';
import { OUT_DIR, assertAlive, caselinkServer, cpuMeter, fmt, machineInfo, peakRssMb, startServer, stopOnSignal, stopServer } from './servers.ts';

const { values } = parseArgs({
  options: {
    disputes: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '200' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    'quiet-wait': { type: 'string', default: '30' },
  },
});
const N = positiveInt('disputes', values.disputes);
const CONNECTIONS = positiveInt('connections', values.connections);
const DURATION = positiveInt('duration', values.duration);
const WARMUP = Number(values.warmup);
const QUIET_WAIT = Number(values['quiet-wait']);

// a citizen's address per request, from 10.0.0.0/8
const randomAddress = () => `10.${(Math.random() * 256) | 0}.${(Math.random() * 256) | 0}.${(Math.random() * 254 + 1) | 0}`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Figures {
  route: string;
  reqPerSec: number;
  total: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  serverCpu: number;
  clientCpu: number;
  /** CPU used by the rest of the machine over the run (other engineers' work on a shared machine), in cores */
  otherCpu: number;
  quietWait: number;
}

async function load(pid: number, route: string, options: Parameters<typeof autocannon>[0]): Promise<Figures> {
  const quietWait = await waitForQuiet(QUIET_WAIT);
  if (WARMUP > 0) await autocannon({ ...options, duration: WARMUP });
  const times: number[] = [];
  const cpu = cpuMeter(pid, null);
  const instance = autocannon({ ...options, duration: DURATION });
  instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  const r: Result = await instance;
  const shares = cpu();
  times.sort((a, b) => a - b);
  return {
    route,
    reqPerSec: r.requests.average,
    total: r.requests.total,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times.at(-1) ?? Number.NaN,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count])),
    serverCpu: shares.serverCpu,
    clientCpu: shares.clientCpu,
    otherCpu: shares.otherCpu,
    quietWait,
  };
}

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const stamp = runStamp();
  const spec = caselinkServer('pglite', null);
  spec.env.CASELINK_TRUST_PROXY = '127.0.0.1';
  log(`starting CaseLink on PGlite (${spec.dataDir})`);
  const server = await startServer(spec, join(OUT_DIR, `public-lookup-${stamp}-server.log`));
  stopOnSignal([server]);
  try {
    const options = await (await fetch(`${server.url}/api/public/options`)).json() as { disputeTypes: { id: string }[]; regions: { code: string; level: string; hasGovernanceCenter: boolean }[] };
    const places = options.regions.filter((r) => r.hasGovernanceCenter && (r.level === 'township' || r.level === 'county')).map((r) => r.code);
    const types = options.disputeTypes.map((t) => t.id);

    // N disputes through the public form, each from its own phone and address (within the limits)
    log(`filing ${N} disputes through POST /api/public/disputes`);
    const filed: { code: string; last4: string }[] = [];
    const started = Date.now();
    for (let i = 0; i < N; i++) {
      const phone = `13${String(100_000_000 + i).slice(-9)}`;
      const res = await fetch(`${server.url}/api/public/disputes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': randomAddress() },
        body: JSON.stringify({
          regionCode: places[i % places.length],
          type: types[i % types.length],
          summary: `压测纠纷 ${i}：邻里之间因停车位发生争执，协商未果。`,
          applicant: { name: '测试申请人', phone },
          respondent: { kind: 'person', name: `测试被申请人${i}` },
          consent: true,
        }),
      });
      if (res.status !== 201) throw new Error(`filing ${i}: ${res.status} ${await res.text()}`);
      filed.push({ code: ((await res.json()) as { trackingCode: string }).trackingCode, last4: phone.slice(-4) });
      if ((i + 1) % 200 === 0) log(`  ${i + 1} filed (${((Date.now() - started) / (i + 1)).toFixed(1)} ms each)`);
    }
    const filingMs = (Date.now() - started) / N;

    // one answer checked before load: the figures must measure the progress page, not a refusal
    const probe = await fetch(`${server.url}/api/public/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': randomAddress() },
      body: JSON.stringify({ code: filed[0]!.code, phoneLast4: filed[0]!.last4 }),
    });
    const probeBody = (await probe.json()) as { kind?: string; state?: string };
    if (probe.status !== 200 || probeBody.kind !== 'dispute') throw new Error(`probe lookup: ${probe.status} ${JSON.stringify(probeBody)}`);

    assertAlive(server);
    const health = await load(server.child.pid!, 'GET /api/health', {
      url: `${server.url}/api/health`,
      connections: CONNECTIONS,
      requests: [{ method: 'GET', path: '/api/health', setupRequest: (req) => ({ ...req, headers: { 'x-forwarded-for': randomAddress() } }) }],
    });
    log(`health: ${fmt(health.reqPerSec)} req/s, p99 ${health.p99} ms`);
    const lookup = await load(server.child.pid!, 'POST /api/public/track', {
      url: `${server.url}/api/public/track`,
      connections: CONNECTIONS,
      requests: [
        {
          method: 'POST',
          path: '/api/public/track',
          setupRequest: (req) => {
            const m = filed[(Math.random() * filed.length) | 0]!;
            return { ...req, headers: { 'content-type': 'application/json', 'x-forwarded-for': randomAddress() }, body: JSON.stringify({ code: m.code, phoneLast4: m.last4 }) };
          },
        },
      ],
    });
    log(`lookup: ${fmt(lookup.reqPerSec)} req/s, p99 ${lookup.p99} ms`);
    assertAlive(server);

    const rows = [health, lookup];
    const md = [
      `Public progress lookup — CaseLink on PGlite, ${fmt(N)} disputes filed through the public form (${filingMs.toFixed(1)} ms each, one at a time), ${CONNECTIONS} connections, ${DURATION} s (after ${WARMUP} s warm-up), one run`,
      '',
      '| route | req/s | requests | p50 ms | p95 ms | p99 ms | max ms | non-2xx | errors | timeouts | server CPU | client CPU | other CPU |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows.map((r) => `| ${r.route} | ${fmt(r.reqPerSec)} | ${fmt(r.total)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${r.non2xx} | ${r.errors} | ${r.timeouts} | ${fmt(r.serverCpu * 100)}% | ${fmt(r.clientCpu * 100)}% | ${fmt(r.otherCpu * 100)}% |`),
      '',
      `Status codes: ${rows.map((r) => `${r.route} ${JSON.stringify(r.statusCodes)}`).join('; ')}. Server peak RSS ${fmt(peakRssMb(server))} MB. ${machineInfo().nproc} × ${machineInfo().cpu}.`,
    ].join('\n');
    console.log(md);
    writeFileSync(join(OUT_DIR, `public-lookup-${stamp}.md`), `${md}\n`);
    writeFileSync(join(OUT_DIR, `public-lookup-${stamp}.json`), JSON.stringify({ disputes: N, connections: CONNECTIONS, duration: DURATION, warmup: WARMUP, filingMs, rows, machine: machineInfo() }, null, 2));
  } finally {
    await stopServer(server);
  }
}

await main();
