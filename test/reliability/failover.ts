/**
 * Database failover under load (issue 8 part 3), run by test/reliability/failover.sh, which starts a primary and a
 * synchronous streaming replica and says here how to kill the one and promote the other.
 *
 * CaseLink reaches the database through a TCP proxy of this process: the address that moves in a real deployment (a
 * virtual IP, a DNS name, a pooler). Clients take disputes in (POST /api/disputes, a unique applicant each) without
 * pause; half-way, the primary is killed (immediate stop: no shutdown checkpoint, as a crash), the replica promoted
 * and the proxy pointed at it, its old connections cut. Then:
 *   - every acknowledged intake (201) is on the new primary, once;
 *   - the same server process writes again by itself (its pool replaces the broken connections), without a restart;
 *   - the audit chain verifies on the new primary.
 * Answers during the switch may fail (5xx or a connection error): they were not acknowledged, and are counted.
 */
import { type ChildProcess, execSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const ROOT = new URL('../..', import.meta.url).pathname;
const P1 = Number(process.env.FAILOVER_PRIMARY_PORT);
const P2 = Number(process.env.FAILOVER_REPLICA_PORT);
const SECONDS = Number(process.env.FAILOVER_SECONDS ?? 20);
const CLIENTS = Number(process.env.FAILOVER_CLIENTS ?? 8);
const KILL = process.env.FAILOVER_KILL_PRIMARY ?? '';
const PROMOTE = process.env.FAILOVER_PROMOTE ?? '';
const USER = 'governance-center-990102-handler';
const PASSWORD = process.env.CASELINK_DEMO_PASSWORD ?? 'demo1234';
const url = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;
const log = (line: string) => process.stderr.write(`[failover] ${line}\n`);

/** The moving address: forwards to `target`; `switchTo` points it elsewhere and cuts the connections it carried. */
function startProxy(initial: number): Promise<{ port: number; switchTo(port: number): void; close(): void }> {
  let target = initial;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        switchTo(p) {
          target = p;
          for (const s of open) s.destroy();
          open.clear();
        },
        close() {
          for (const s of open) s.destroy();
          server.close();
        },
      });
    }),
  );
}

function startServer(dataDir: string, databaseUrl: string): Promise<{ child: ChildProcess; base: string }> {
  const env = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', CASELINK_RATE_LIMIT_PER_MINUTE: '1000000' };
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'caselink'), '--data', dataDir, 'serve', '--host', '127.0.0.1', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /CaseLink listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, base: m[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code, signal) => {
      if (code !== null || signal !== 'SIGTERM') log(`the server stopped (${code ?? signal}): ${out.slice(-1500)}`);
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}): ${out.slice(-2000)}`)));
  });
}

async function main(): Promise<void> {
  if (!P1 || !P2 || !KILL || !PROMOTE) throw new Error('run through test/reliability/failover.sh');
  const dataDir = mkdtempSync(join(tmpdir(), 'caselink-failover-'));
  const proxy = await startProxy(P1);
  let server: ChildProcess | undefined;
  try {
    const seed = spawnSync(process.execPath, [join(ROOT, 'bin', 'caselink'), '--data', dataDir, 'seed', 'demo', '--cases', '0'], { env: { ...process.env, DATABASE_URL: url(P1) }, encoding: 'utf8' });
    if (seed.status !== 0) throw new Error(`seed: ${seed.stderr}`);
    const started = await startServer(dataDir, `postgres://postgres@127.0.0.1:${proxy.port}/postgres`);
    server = started.child;
    const login = await fetch(`${started.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: USER, password: PASSWORD }) });
    if (!login.ok) throw new Error(`login: ${login.status}`);
    const token = ((await login.json()) as { token: string }).token;

    const acked: { id: string; at: number }[] = [];
    const failures: { at: number; what: string }[] = [];
    let seq = 0;
    let stop = false;
    const t0 = Date.now();
    let switchedAt = Number.POSITIVE_INFINITY;
    const client = async () => {
      while (!stop) {
        const n = ++seq;
        const body = {
          channel: 'walk-in',
          type: 'neighbour',
          summary: `故障切换演练纠纷 ${n}`,
          regionCode: '990102001',
          parties: [
            { role: 'applicant', kind: 'person', name: `申请人${n}`, phone: `137${String(10_000_000 + n).padStart(8, '0')}` },
            { role: 'respondent', kind: 'person', name: `被申请人${n}` },
          ],
        };
        try {
          const res = await fetch(`${started.base}/api/disputes`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-requested-with': 'caselink' }, body: JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
          if (res.status === 201) acked.push({ id: ((await res.json()) as { id: string }).id, at: Date.now() });
          else {
            failures.push({ at: Date.now(), what: `${res.status} ${(await res.text()).slice(0, 120)}` });
            await new Promise((r) => setTimeout(r, 100));
          }
        } catch (error) {
          failures.push({ at: Date.now(), what: String(error).slice(0, 120) });
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    const running = Array.from({ length: CLIENTS }, () => client());
    await new Promise((r) => setTimeout(r, (SECONDS * 1000) / 2));
    log(`${acked.length} intakes acknowledged; killing the primary`);
    const killAt = Date.now();
    execSync(KILL, { stdio: 'ignore' });
    execSync(PROMOTE, { stdio: 'ignore' });
    proxy.switchTo(P2);
    switchedAt = Date.now();
    log(`replica promoted and the proxy switched in ${switchedAt - killAt} ms`);
    await new Promise((r) => setTimeout(r, (SECONDS * 1000) / 2));
    stop = true;
    await Promise.all(running);

    const afterSwitch = acked.filter((a) => a.at > switchedAt);
    const firstAfter = afterSwitch.length ? Math.min(...afterSwitch.map((a) => a.at)) - killAt : null;
    const db = new pg.Client({ connectionString: url(P2) });
    await db.connect();
    const found = await db.query<{ id: string; n: string }>('SELECT id::text, count(*) OVER (PARTITION BY id) AS n FROM dispute WHERE id = ANY($1::uuid[])', [acked.map((a) => a.id)]);
    const [{ recovery }] = (await db.query<{ recovery: boolean }>('SELECT pg_is_in_recovery() AS recovery')).rows as [{ recovery: boolean }];
    await db.end();
    const present = new Set(found.rows.map((r) => r.id));
    const lost = acked.filter((a) => !present.has(a.id));
    const twice = found.rows.filter((r) => Number(r.n) > 1).length;
    const audit = spawnSync(process.execPath, [join(ROOT, 'bin', 'caselink'), '--data', dataDir, 'audit', 'verify', '--json'], { env: { ...process.env, DATABASE_URL: url(P2) }, encoding: 'utf8' });
    const summary = {
      seconds: (Date.now() - t0) / 1000,
      clients: CLIENTS,
      acknowledged: acked.length,
      acknowledgedBeforeKill: acked.filter((a) => a.at <= killAt).length,
      acknowledgedAfterSwitch: afterSwitch.length,
      failedDuringSwitch: failures.length,
      firstWriteAfterKillMs: firstAfter,
      lost: lost.length,
      duplicated: twice,
      newPrimaryInRecovery: recovery,
      auditVerify: audit.status === 0 ? 'ok' : audit.stdout.trim() || audit.stderr.trim(),
      sampleFailures: failures.slice(0, 3).map((f) => f.what),
    };
    console.log(JSON.stringify(summary, null, 2));
    const ok = lost.length === 0 && twice === 0 && afterSwitch.length > 0 && !recovery && audit.status === 0;
    console.log(ok ? 'failover: PASS — no acknowledged write lost, the server wrote again by itself' : 'failover: FAIL');
    process.exitCode = ok ? 0 : 1;
  } finally {
    server?.kill('SIGTERM');
    proxy.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
