/**
 * National-algorithm crypto benchmark (issue 4).
 *
 *   npx tsx bench/crypto.bench.ts [--mb 100] [--runs 5] [--seconds 2]
 *
 * SM3: a file of --mb MB with deterministic content (the SM4-CTR keystream of an all-zero key and IV, so every
 * run hashes the same bytes) is written to a temporary folder, then hashed --runs times by each contender,
 * interleaved, after one warm-up pass each:
 *   - node:crypto streaming: fs.createReadStream (1 MiB chunks) into createHash('sm3'), in this process;
 *   - `openssl dgst -sm3 <file>`: spawned (through sh, whose `times` gives the child's CPU time); wall time
 *     includes the process start, which is also measured alone on an empty file;
 *   - node:crypto over a Buffer already in memory (no I/O), for information.
 * The file is in the page cache after it is written, so these measure hashing, not the disk. The digests of all
 * contenders must agree.
 *
 * SM2: signs/s and verifies/s of src/shared/sm2.ts (sm-crypto-v2 on @noble/curves, Z_A with the standard ID)
 * over the canonical manifest of a 20-document transfer, --runs runs of about --seconds s each, interleaved; and,
 * for information, Node's built-in SM2 (crypto.sign(null, ...) / crypto.verify, DER), which hashes with an
 * empty user ID and so does not interoperate with the standard's (see src/shared/sm2.test.ts).
 *
 * The machine may be shared, so each run also records the CPU time of the measured work (this process, or the
 * openssl child) and how many cores the whole machine kept busy (/proc/stat). Figures are given per second of
 * wall time (what a user waits) and per second of CPU time (the work's own cost, steadier when other work
 * competes for the cores). Prints the machine, the load average before and after, a markdown table of medians,
 * and writes the raw figures to bench/out/crypto-<timestamp>.json.
 */
import { spawnSync } from 'node:child_process';
import {
  createCipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import {
  closeSync,
  createReadStream,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { canonicalManifest, type Manifest } from '../src/shared/canonical-manifest.ts';
import { generateSm2KeyPair, sm2Sign, sm2Verify } from '../src/shared/sm2.ts';
import { sm3Hex } from '../src/shared/sm3.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT_DIR = join(ROOT, 'bench', 'out');
const MB = 1_000_000;
const CORES = os.cpus().length;

const { values: args } = parseArgs({
  options: {
    mb: { type: 'string', default: '100' },
    runs: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
  },
});
const sizeMb = positive('mb', args.mb);
const runs = Math.round(positive('runs', args.runs));
const seconds = positive('seconds', args.seconds);

function positive(name: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${raw}"`);
  return n;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '–';
const load = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

function machine(): Record<string, string> {
  const cpus = os.cpus();
  const cli = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model ?? 'unknown'}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    nodeOpenssl: process.versions.openssl ?? 'unknown',
    opensslCli: cli.status === 0 ? cli.stdout.trim() : 'not found',
  };
}

// ---------- measuring ----------

/** One timed run: `work` units (MB or operations) in `wallS` seconds, `cpuS` of them on a CPU. */
interface Sample {
  work: number;
  wallS: number;
  cpuS: number;
  busyCores: number;
}

/** Jiffies of all CPUs from /proc/stat (Linux); null elsewhere. */
function cpuTimes(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0); // guest time is already counted in user
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/**
 * Times `f`, which returns the work done and, when the work ran in a child process, the child's CPU seconds
 * (otherwise this process's CPU time is taken, all threads included).
 */
async function measure(f: () => Promise<{ work: number; childCpuS?: number }>): Promise<Sample> {
  const machine0 = cpuTimes();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { work, childCpuS } = await f();
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const machine1 = cpuTimes();
  const busyCores =
    machine0 && machine1 && machine1.total > machine0.total
      ? ((machine1.busy - machine0.busy) / (machine1.total - machine0.total)) * CORES
      : Number.NaN;
  return { work, wallS, cpuS: childCpuS ?? (cpu.user + cpu.system) / 1e6, busyCores };
}

// ---------- SM3 ----------

function writeTestFile(file: string, bytes: number): void {
  const keystream = createCipheriv('sm4-ctr', Buffer.alloc(16), Buffer.alloc(16));
  const zeros = Buffer.alloc(MB);
  const fd = openSync(file, 'w');
  try {
    for (let left = bytes; left > 0; left -= MB) writeSync(fd, keystream.update(zeros.subarray(0, Math.min(MB, left))));
  } finally {
    closeSync(fd);
  }
}

function nodeStreamSm3(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sm3');
    createReadStream(file, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** `openssl dgst -sm3 <file>` through sh, whose `times` prints the children's user and system CPU time. */
function opensslSm3(file: string): { hex: string; childCpuS: number } {
  const r = spawnSync('sh', ['-c', 'openssl dgst -sm3 "$1" && times', 'sh', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl dgst -sm3 failed: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  const hex = lines[0]?.split(/\s+/).pop() ?? '';
  const [user = 0, sys = 0] = (lines[2] ?? '').split(/\s+/).map((t) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  });
  return { hex, childCpuS: user + sys };
}

function opensslHasSm3(): boolean {
  const r = spawnSync('openssl', ['list', '-digest-algorithms'], { encoding: 'utf8' });
  return r.status === 0 && /sm3/i.test(r.stdout);
}

// ---------- SM2 ----------

function manifestOf(documents: number): string {
  const m: Manifest = {
    caseId: 'A3301000000002026110001',
    transferId: 'T3301000000002026110001',
    documents: Array.from({ length: documents }, (_, i) => ({
      id: `doc-${String(i).padStart(3, '0')}`,
      name: `证据材料第${i + 1}号`,
      sm3: sm3Hex(`document ${i}`),
    })),
    sender: { unitId: 'u-pol-330100', unitCode: '11330100002504325X' },
    receiver: { unitId: 'u-pro-330100', unitCode: '11330100002504333Q' },
    at: '2026-11-22T10:00:00+08:00',
    scenario: 'transfer-for-prosecution',
  };
  return canonicalManifest(m);
}

/** Calls `op` for about `secs` seconds; the work is the number of calls. */
function repeat(op: () => unknown, secs: number): Promise<{ work: number }> {
  const deadline = performance.now() + secs * 1000;
  let n = 0;
  while (performance.now() < deadline) {
    op();
    n++;
  }
  return Promise.resolve({ work: n });
}

/** The same key pair as Node KeyObjects (SEC1 / SPKI DER, curve OID 1.2.156.10197.1.301), if Node can sign. */
function nodeSm2Keys(privateKeyHex: string, publicKeyHex: string): { key: KeyObject; pub: KeyObject } | null {
  try {
    const oid = '06082a811ccf5501822d';
    const key = createPrivateKey({
      key: Buffer.from(`30310201010420${privateKeyHex}a00a${oid}`, 'hex'),
      format: 'der',
      type: 'sec1',
    });
    const pub = createPublicKey({
      key: Buffer.from(`3059301306072a8648ce3d0201${oid}034200${publicKeyHex}`, 'hex'),
      format: 'der',
      type: 'spki',
    });
    const probe = Buffer.from('probe');
    return verify(null, probe, { key: pub, dsaEncoding: 'der' }, sign(null, probe, { key, dsaEncoding: 'der' }))
      ? { key, pub }
      : null;
  } catch {
    return null;
  }
}

// ---------- main ----------

interface Row {
  what: string;
  how: string;
  unit: string;
  samples: Sample[];
}

async function main(): Promise<void> {
  const started = new Date();
  const info = machine();
  const loadBefore = load();
  console.log(`crypto bench: ${started.toISOString()}`);
  for (const [k, v] of Object.entries(info)) console.log(`  ${k}: ${v}`);
  console.log(`  load average (1, 5, 15 min) before: ${loadBefore}`);
  const rows: Row[] = [];
  const notes: string[] = [];

  // SM3
  const dir = mkdtempSync(join(os.tmpdir(), 'caselink-crypto-bench-'));
  let sm3Digest = '';
  try {
    const file = join(dir, `sm3-${sizeMb}mb.bin`);
    const mb = Math.round(sizeMb * MB) / MB;
    writeTestFile(file, Math.round(sizeMb * MB));
    const hasOpenssl = opensslHasSm3();
    console.log(
      `  openssl list -digest-algorithms | grep -i sm3: ${hasOpenssl ? 'found' : 'NOT FOUND, openssl skipped'}`,
    );
    if (!hasOpenssl) notes.push('`openssl list -digest-algorithms` shows no SM3: the openssl contender was skipped.');
    const inMemory = readFileSync(file);
    const digests = new Set<string>();
    const node: Sample[] = [];
    const ossl: Sample[] = [];
    const mem: Sample[] = [];
    digests.add(await nodeStreamSm3(file)); // warm-up, not counted
    if (hasOpenssl) digests.add(opensslSm3(file).hex);
    for (let i = 0; i < runs; i++) {
      node.push(
        await measure(async () => {
          digests.add(await nodeStreamSm3(file));
          return { work: mb };
        }),
      );
      if (hasOpenssl) {
        ossl.push(
          await measure(async () => {
            const r = opensslSm3(file);
            digests.add(r.hex);
            return { work: mb, childCpuS: r.childCpuS };
          }),
        );
      }
      mem.push(
        await measure(async () => {
          digests.add(createHash('sm3').update(inMemory).digest('hex'));
          return { work: mb };
        }),
      );
    }
    if (digests.size !== 1) throw new Error(`SM3 digests disagree: ${[...digests].join(' ')}`);
    sm3Digest = [...digests][0]!;
    rows.push({
      what: `SM3, ${fmt(mb)} MB file`,
      how: 'node:crypto, streamed (1 MiB chunks)',
      unit: 'MB',
      samples: node,
    });
    if (hasOpenssl) {
      const empty = join(dir, 'empty.bin');
      writeFileSync(empty, '');
      const startS = median(
        Array.from({ length: runs }, () => {
          const t0 = performance.now();
          opensslSm3(empty);
          return (performance.now() - t0) / 1000;
        }),
      );
      rows.push({
        what: `SM3, ${fmt(mb)} MB file`,
        how: `\`openssl dgst -sm3\` (spawned; start-up alone ${fmt(startS * 1000)} ms)`,
        unit: 'MB',
        samples: ossl,
      });
    }
    rows.push({
      what: `SM3, ${fmt(mb)} MB in memory`,
      how: 'node:crypto, one update (no I/O)',
      unit: 'MB',
      samples: mem,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // SM2
  const message = manifestOf(20);
  const bytes = Buffer.byteLength(message);
  const msgBuf = Buffer.from(message);
  const { privateKeyHex, publicKeyHex } = generateSm2KeyPair();
  const sig = sm2Sign(privateKeyHex, message);
  if (!sm2Verify(publicKeyHex, message, sig)) throw new Error('SM2 round trip failed');
  const nodeKeys = nodeSm2Keys(privateKeyHex, publicKeyHex);
  if (!nodeKeys) notes.push("Node's built-in SM2 signing is not available here: skipped.");
  const nodeSig = nodeKeys ? sign(null, msgBuf, { key: nodeKeys.key, dsaEncoding: 'der' }) : Buffer.alloc(0);
  const ops: [string, () => unknown][] = [
    ['sm2Sign (sm-crypto-v2, standard ID)', () => sm2Sign(privateKeyHex, message)],
    ['sm2Verify (sm-crypto-v2, standard ID)', () => sm2Verify(publicKeyHex, message, sig)],
  ];
  if (nodeKeys) {
    ops.push([
      "Node's crypto.sign (empty ID: not interoperable)",
      () => sign(null, msgBuf, { key: nodeKeys.key, dsaEncoding: 'der' }),
    ]);
    ops.push([
      "Node's crypto.verify (empty ID)",
      () => verify(null, msgBuf, { key: nodeKeys.pub, dsaEncoding: 'der' }, nodeSig),
    ]);
  }
  for (const [, op] of ops) await repeat(op, Math.min(0.5, seconds)); // warm-up
  const sm2Rows: Row[] = ops.map(([how]) => ({
    what: `SM2, ${fmt(bytes)}-byte manifest`,
    how,
    unit: 'ops',
    samples: [],
  }));
  for (let i = 0; i < runs; i++) {
    for (const [j, [, op]] of ops.entries()) sm2Rows[j]!.samples.push(await measure(() => repeat(op, seconds)));
  }
  rows.push(...sm2Rows);

  const loadAfter = load();
  console.log(`  load average (1, 5, 15 min) after: ${loadAfter}`);
  for (const n of notes) console.log(`  note: ${n}`);
  console.log(`\nMedians of ${runs} runs; "each run" lists the per-wall-second figures in run order.\n`);
  console.log(
    `| Measure | How | per wall second | per CPU second | each run (per wall second) | machine busy, cores of ${CORES} |`,
  );
  console.log('|---|---|--:|--:|---|--:|');
  for (const r of rows) {
    const unit = r.unit === 'MB' ? 'MB/s' : '/s';
    const wall = r.samples.map((s) => s.work / s.wallS);
    const cpu = r.samples.map((s) => s.work / s.cpuS);
    const busy = r.samples.map((s) => s.busyCores);
    console.log(
      `| ${r.what} | ${r.how} | ${fmt(median(wall))} ${unit} | ${fmt(median(cpu))} ${unit} | ${wall.map((w) => fmt(w)).join(' / ')} | ${fmt(median(busy), 1)} |`,
    );
  }

  mkdirSync(OUT_DIR, { recursive: true });
  const out = join(OUT_DIR, `crypto-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  const raw = {
    started: started.toISOString(),
    machine: info,
    loadBefore,
    loadAfter,
    sizeMb,
    runs,
    seconds,
    sm3Digest,
    notes,
    rows,
  };
  writeFileSync(out, `${JSON.stringify(raw, null, 2)}\n`);
  console.log(`\nraw figures: ${out}`);
}

await main();
