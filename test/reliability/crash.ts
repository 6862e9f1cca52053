/**
 * Crash safety (issue 8 part 2): the real server is killed with SIGKILL at a random moment while a few clients
 * stream case transfers (register, upload, start the investigation, upload the four transfer documents, transfer
 * for prosecution with an idempotency key, accept at the procuratorate) and dispute intakes (with an importKey).
 * After each kill the database is opened again (PGlite recovers its data directory; PostgreSQL kept running) and
 * checked in SQL: every acknowledged write (a 2xx answer) is there exactly once, and every write — acknowledged
 * or not — is whole (a case with its persons, timeline and audit record; a transfer with exactly its manifest's
 * documents; a case's stage, holder and clock matching its accepted transfer), the audit chain and every dossier
 * verified (what `bin/caselink audit verify` and `bin/caselink dossier verify --all` run; the commands themselves
 * after every kill with LONG=1 or CRASH_CLI=each, else after the last restart, and must exit 0). Then the server
 * must start again, and the writes left unanswered are sent again with their keys: each must land once.
 *
 *   npx tsx test/reliability/crash.ts                      # PGlite, CRASH_RUNS (default 10; LONG=1: 100)
 *   DATABASE_URL=postgres://… npx tsx test/reliability/crash.ts
 *   scripts/with-postgres.sh sh -c 'DATABASE_URL=$TEST_DATABASE_URL npx tsx test/reliability/crash.ts'
 *
 * Other knobs: CRASH_SEED (the random kill moments), CRASH_MIN_MS / CRASH_MAX_MS (the window of the kill after
 * the stream starts), CRASH_CLIENTS (case clients; as many dispute clients), CRASH_KEEP=1 (keep the data folder).
 * A line per iteration goes to stdout, a JSON summary to bench/out/crash-<store>-<time>.json. Exit 1 on any loss.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Db, openDb } from '../../src/db/client.ts';
import { verifyAuditChain } from '../../src/modules/audit/audit.service.ts';
import { verifyDossiers } from '../../src/modules/cases/verify.ts';
import { createFilesystemStore } from '../../src/modules/dossiers/file-store.ts';
import { pdfBytes } from '../documents.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LONG = process.env.LONG === '1';
const RUNS = Number(process.env.CRASH_RUNS ?? (LONG ? 100 : 10));
const DATABASE_URL = process.env.DATABASE_URL?.trim() || null;
const STORE = DATABASE_URL ? 'postgres' : 'pglite';
const MIN_MS = Number(process.env.CRASH_MIN_MS ?? 1000);
const MAX_MS = Number(process.env.CRASH_MAX_MS ?? 6000);
const DISPUTE_PAUSE_MS = 100;
const CLIENTS = Number(process.env.CRASH_CLIENTS ?? 2);
/**
 * `bin/caselink audit verify` and `dossier verify --all` as commands after every kill (each: ~3-10 s of start-up),
 * or (CI's count) the same functions in the driver after every kill and the commands after the last restart.
 */
const CLI_EACH = (process.env.CRASH_CLI ?? (LONG ? 'each' : 'last')) === 'each';
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PASSWORD = process.env.CASELINK_DEMO_PASSWORD || 'demo1234';
const TITLE = '崩溃测试';

const POLICE = ['police-990102-handler', 'police-990103-handler'];
const PROCURATORATE = ['procuratorate-990102-handler', 'procuratorate-990103-handler'];
const CENTER = 'governance-center-990102001-handler';

/** mulberry32: the kill moments and phone numbers of a run follow from CRASH_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);

// --- what the clients were told ------------------------------------------------------------------------------

interface Ledger {
  cases: Map<string, { caseNumber: string; run: number }>;
  documents: Map<string, { caseId: string }>;
  /** by idempotency key */
  transfers: Map<string, { id: string; caseId: string; senderUnitId: string; documentIds: string[] }>;
  accepted: Set<string>;
  investigations: Set<string>;
  /** by importKey */
  disputes: Map<string, { id: string; number: string }>;
}
const ledger: Ledger = { cases: new Map(), documents: new Map(), transfers: new Map(), accepted: new Set(), investigations: new Set(), disputes: new Map() };

/** Writes sent but not answered when the server died: sent again, with the same key, after the restart. */
interface Unanswered {
  transfers: { key: string; caseId: string; police: string; procuratorate: string; receiverUnitId: string; documentIds: string[] }[];
  accepts: { transferId: string; user: string }[];
  disputes: { key: string; body: Record<string, unknown> }[];
}
let unanswered: Unanswered = { transfers: [], accepts: [], disputes: [] };

/** The server went away (killed): the write in flight is unacknowledged. */
class Gone extends Error {}
/** The server answered with a status that is not 2xx: a finding unless the caller expects it. */
class Refused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
  }
}

// --- the server ----------------------------------------------------------------------------------------------

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CASELINK_RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' };
  if (DATABASE_URL) env.DATABASE_URL = DATABASE_URL;
  else delete env.DATABASE_URL;
  return env;
}

function runCli(dataDir: string, args: string[]): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now();
  return new Promise((ok) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/caselink'), '--data', dataDir, ...args], { cwd: ROOT, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => ok({ code, out: out.trim(), ms: Date.now() - started }));
  });
}

interface Server {
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
  startMs: number;
}

async function startServer(dataDir: string): Promise<Server> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin/caselink'), '--data', dataDir, 'serve', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: ROOT,
    env: cliEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  let dead = false;
  void exited.then(() => (dead = true));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (dead) throw new Error(`the server did not start (exit ${child.exitCode}): ${stderr}`);
    if (Date.now() - started > 180_000) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /api/health within 180 s: ${stderr}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return { url, child, exited, startMs: Date.now() - started };
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

// --- the clients ---------------------------------------------------------------------------------------------

class Api {
  private tokens = new Map<string, string>();
  constructor(private readonly url: string) {}

  private async send(method: string, path: string, headers: Record<string, string>, body?: RequestInit['body']): Promise<{ status: number; text: string }> {
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
      return { status: res.status, text: await res.text() };
    } catch (error) {
      throw new Gone(`${method} ${path}: ${String((error as Error).cause ?? error)}`);
    }
  }

  async token(user: string): Promise<string> {
    let token = this.tokens.get(user);
    if (!token) {
      const r = await this.send('POST', '/api/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ username: user, password: PASSWORD }));
      if (r.status !== 200) throw new Refused(r.status, r.text, `login ${user}`);
      token = (JSON.parse(r.text) as { token: string }).token;
      this.tokens.set(user, token);
    }
    return token;
  }

  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
  async call(user: string, method: 'GET' | 'POST', path: string, body?: unknown, accept: number[] = []): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.token(user)}`, 'x-requested-with': 'caselink' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await this.send(method, path, headers, body === undefined ? undefined : JSON.stringify(body));
    if ((r.status < 200 || r.status > 299) && !accept.includes(r.status)) throw new Refused(r.status, r.text, `${user} ${method} ${path}`);
    return { status: r.status, body: r.text ? JSON.parse(r.text) : null };
  }

  async upload(user: string, caseId: string, kind: string): Promise<string> {
    const bytes = await pdfBytes(1, `${kind} ${caseId} ${Date.now()} ${random()}`);
    const headers = { authorization: `Bearer ${await this.token(user)}`, 'x-requested-with': 'caselink', 'content-type': 'application/pdf' };
    const r = await this.send('POST', `/api/cases/${caseId}/documents?kind=${kind}&name=${kind}.pdf`, headers, Buffer.from(bytes));
    if (r.status !== 201) throw new Refused(r.status, r.text, `${user} upload ${kind}`);
    const id = (JSON.parse(r.text) as { id: string }).id;
    ledger.documents.set(id, { caseId });
    return id;
  }
}

interface Stream {
  stop: boolean;
  refused: string[];
  writes: number;
  /** per client: the write it was waiting on */
  inFlight: string[];
}

/** Writes sent again after a restart whose first attempt had committed before the kill (answered as replays). */
const replays = { transfers: 0, accepts: 0, disputes: 0 };

let phoneSeq = Math.floor(random() * 80_000_000);
const phone = () => `139${String(10_000_000 + (phoneSeq++ % 89_999_999)).padStart(8, '0')}`;

function disputeBody(key: string): Record<string, unknown> {
  return {
    channel: 'walk-in',
    type: 'neighbour',
    summary: '邻居装修噪音扰民，多次协商未果（崩溃测试）',
    regionCode: '990102001',
    importKey: key,
    parties: [
      { role: 'applicant', kind: 'person', name: '王小明', phone: phone() },
      { role: 'respondent', kind: 'person', name: '李大山', phone: phone() },
    ],
  };
}

async function recordTransfer(api: Api, key: string, caseId: string, police: string, receiverUnitId: string, documentIds: string[], senderUnitId: string): Promise<string> {
  const r = await api.call(police, 'POST', `/api/cases/${caseId}/transitions`, { transition: 'transfer-for-prosecution', documentIds, receiverUnitId, idempotencyKey: key });
  const id = r.body.transfer.id as string;
  if (r.body.transfer.replayed) replays.transfers++;
  ledger.transfers.set(key, { id, caseId, senderUnitId, documentIds });
  return id;
}

async function acceptTransfer(api: Api, user: string, transferId: string): Promise<void> {
  const r = await api.call(user, 'POST', `/api/transfers/${transferId}/accept`, undefined, [409]);
  // 409 after a restart: the accept sent before the kill had committed (TRANSFER_ALREADY_HANDLED); SQL decides
  if (r.status === 409 && r.body?.code !== 'TRANSFER_ALREADY_HANDLED') throw new Refused(409, JSON.stringify(r.body), `accept ${transferId}`);
  if (r.status === 200) ledger.accepted.add(transferId);
  else replays.accepts++;
}

async function caseClient(api: Api, s: Stream, i: number, run: number, units: Record<string, string>, senders: Record<string, string>): Promise<void> {
  const police = POLICE[i % POLICE.length]!;
  const procuratorate = PROCURATORATE[i % PROCURATORATE.length]!;
  const receiverUnitId = units[procuratorate.replace(/-handler$/, '')]!;
  let n = 0;
  const at = (what: string) => (s.inFlight[i] = what);
  while (!s.stop) {
    at('register case');
    const reg = await api.call(police, 'POST', '/api/cases', {
      title: `${TITLE} ${run}-${i}-${++n}`,
      charge: '寻衅滋事',
      persons: [
        { role: 'suspect', name: '张三丰' },
        { role: 'victim', name: '李四' },
      ],
    });
    const caseId = reg.body.id as string;
    ledger.cases.set(caseId, { caseNumber: reg.body.caseNumber, run });
    s.writes++;
    at('upload');
    const decision = await api.upload(police, caseId, 'registration-decision');
    s.writes++;
    at('start investigation');
    await api.call(police, 'POST', `/api/cases/${caseId}/transitions`, { transition: 'start-investigation', documentIds: [decision] });
    ledger.investigations.add(caseId);
    s.writes++;
    const documentIds: string[] = [];
    at('upload');
    for (const kind of ['transfer-form', 'dossier', 'evidence-list', 'seized-property-list']) {
      documentIds.push(await api.upload(police, caseId, kind));
      s.writes++;
    }
    const key = `crash-${SEED}-${run}-${i}-${n}`;
    const pending = { key, caseId, police, procuratorate, receiverUnitId, documentIds };
    unanswered.transfers.push(pending);
    at('transfer');
    const transferId = await recordTransfer(api, key, caseId, police, receiverUnitId, documentIds, senders[police]!);
    unanswered.transfers.splice(unanswered.transfers.indexOf(pending), 1);
    s.writes++;
    const accept = { transferId, user: procuratorate };
    unanswered.accepts.push(accept);
    at('accept');
    await acceptTransfer(api, procuratorate, transferId);
    unanswered.accepts.splice(unanswered.accepts.indexOf(accept), 1);
    s.writes++;
  }
}

async function sendDispute(api: Api, key: string, body: Record<string, unknown>): Promise<void> {
  const r = await api.call(CENTER, 'POST', '/api/disputes', body);
  if (r.body.created === false) replays.disputes++;
  ledger.disputes.set(key, { id: r.body.id, number: r.body.number });
}

async function disputeClient(api: Api, s: Stream, i: number, run: number): Promise<void> {
  let n = 0;
  while (!s.stop) {
    const key = `crash-${SEED}-${run}-d${i}-${++n}`;
    const pending = { key, body: disputeBody(key) };
    unanswered.disputes.push(pending);
    s.inFlight[CLIENTS + i] = 'dispute intake';
    await sendDispute(api, key, pending.body);
    unanswered.disputes.splice(unanswered.disputes.indexOf(pending), 1);
    s.writes++;
    // a steady stream, not a flood: the case clients' longer transactions get their turn on PGlite's one connection
    s.inFlight[CLIENTS + i] = 'pause';
    await sleep(DISPUTE_PAUSE_MS);
  }
}

/** Runs a client until the server goes away; any other failure is kept as a finding. */
async function guarded(s: Stream, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof Gone) return;
    s.refused.push(String((error as Error).message ?? error));
  }
}

/** After a restart: what was left unanswered is sent again with its key; each must now be answered. */
async function resend(api: Api, senders: Record<string, string>): Promise<{ resent: number; failures: string[] }> {
  const before = unanswered;
  unanswered = { transfers: [], accepts: [], disputes: [] };
  const failures: string[] = [];
  let resent = 0;
  const attempt = async (what: string, fn: () => Promise<void>) => {
    resent++;
    try {
      await fn();
    } catch (error) {
      failures.push(`resending ${what}: ${(error as Error).message}`);
    }
  };
  for (const t of before.transfers) {
    await attempt(`transfer ${t.key}`, async () => {
      const id = await recordTransfer(api, t.key, t.caseId, t.police, t.receiverUnitId, t.documentIds, senders[t.police]!);
      await acceptTransfer(api, t.procuratorate, id);
    });
  }
  for (const a of before.accepts) await attempt(`accept ${a.transferId}`, () => acceptTransfer(api, a.user, a.transferId));
  for (const d of before.disputes) await attempt(`dispute ${d.key}`, () => sendDispute(api, d.key, d.body));
  return { resent, failures };
}

// --- the checks ----------------------------------------------------------------------------------------------

/** Each invariant: a query answering the rows that break it (none when it holds). */
const INVARIANTS: { name: string; sql: string }[] = [
  {
    name: 'a case is whole: its two persons, one registered event, one audit record',
    sql: `SELECT c.id FROM criminal_case c WHERE c.title LIKE '${TITLE}%' AND (
            (SELECT count(*) FROM case_person p WHERE p.case_id = c.id) <> 2
         OR (SELECT count(*) FROM case_event e WHERE e.case_id = c.id AND e.kind = 'registered') <> 1
         OR (SELECT count(*) FROM audit_record a WHERE a.action = 'case.register' AND a.resource_id = c.id::text) <> 1)`,
  },
  {
    name: 'a document is whole: one document-added event and one audit record',
    sql: `SELECT d.id FROM case_document d JOIN criminal_case c ON c.id = d.case_id WHERE c.title LIKE '${TITLE}%' AND (
            (SELECT count(*) FROM case_event e WHERE e.case_id = d.case_id AND e.kind = 'document-added' AND e.details->>'documentId' = d.id::text) <> 1
         OR (SELECT count(*) FROM audit_record a WHERE a.action = 'case.document.add' AND a.resource_id = d.case_id::text AND (a.details::jsonb)->>'documentId' = d.id::text) <> 1)`,
  },
  {
    name: 'a case past registration has exactly one start-investigation (event and audit); one still registered has none',
    sql: `SELECT c.id FROM criminal_case c WHERE c.title LIKE '${TITLE}%' AND (
            (SELECT count(*) FROM case_event e WHERE e.case_id = c.id AND e.kind = 'transition' AND e.details->>'transition' = 'start-investigation')
              <> CASE WHEN c.stage = 'registered' THEN 0 ELSE 1 END
         OR (SELECT count(*) FROM audit_record a WHERE a.action = 'case.transition' AND a.resource_id = c.id::text)
              <> CASE WHEN c.stage = 'registered' THEN 0 ELSE 1 END)`,
  },
  {
    name: 'a transfer carries exactly the documents of its signed manifest, with one transfer-sent event and one audit record',
    sql: `SELECT t.id FROM transfer t JOIN criminal_case c ON c.id = t.case_id WHERE c.title LIKE '${TITLE}%' AND (
            ARRAY(SELECT td.document_id::text FROM transfer_document td WHERE td.transfer_id = t.id ORDER BY 1)
              IS DISTINCT FROM ARRAY(SELECT x->>'id' FROM jsonb_array_elements((t.manifest::jsonb)->'documents') x ORDER BY 1)
         OR (SELECT count(*) FROM transfer_document td WHERE td.transfer_id = t.id) <> 4
         OR (SELECT count(*) FROM case_event e WHERE e.case_id = t.case_id AND e.kind = 'transfer-sent' AND e.details->>'transferId' = t.id::text) <> 1
         OR (SELECT count(*) FROM audit_record a WHERE a.action = 'case.transfer.send' AND a.resource_id = t.case_id::text AND (a.details::jsonb)->>'transferId' = t.id::text) <> 1)`,
  },
  {
    name: 'a case has at most one transfer for prosecution',
    sql: `SELECT t.case_id FROM transfer t JOIN criminal_case c ON c.id = t.case_id WHERE c.title LIKE '${TITLE}%'
          GROUP BY t.case_id HAVING count(*) > 1`,
  },
  {
    name: 'an accepted transfer: received, one accepted event and audit record, the case at its to-stage with the receiver, the review clock running once',
    sql: `SELECT t.id FROM transfer t JOIN criminal_case c ON c.id = t.case_id WHERE c.title LIKE '${TITLE}%' AND t.state = 'accepted' AND (
            t.received_at IS NULL OR t.received_by IS NULL
         OR c.stage IS DISTINCT FROM t.to_stage OR c.holder_unit_id IS DISTINCT FROM t.receiver_unit_id
         OR (SELECT count(*) FROM case_event e WHERE e.case_id = t.case_id AND e.kind = 'transfer-accepted' AND e.details->>'transferId' = t.id::text) <> 1
         OR (SELECT count(*) FROM audit_record a WHERE a.action = 'case.transfer.accept' AND a.resource_id = t.case_id::text AND (a.details::jsonb)->>'transferId' = t.id::text) <> 1
         OR (SELECT count(*) FROM case_clock k WHERE k.case_id = t.case_id AND k.rule_id = 'cpl.prosecution.review' AND k.state = 'running' AND k.person_id IS NULL) <> 1
         OR NOT EXISTS (SELECT 1 FROM case_unit u WHERE u.case_id = t.case_id AND u.unit_id = t.receiver_unit_id))`,
  },
  {
    name: 'a transfer not yet accepted: the case still at its from-stage with the sender, no accepted event, no review clock',
    sql: `SELECT t.id FROM transfer t JOIN criminal_case c ON c.id = t.case_id WHERE c.title LIKE '${TITLE}%' AND t.state = 'sent' AND (
            t.received_at IS NOT NULL OR c.stage IS DISTINCT FROM t.from_stage OR c.holder_unit_id IS DISTINCT FROM t.sender_unit_id
         OR EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = t.case_id AND e.kind = 'transfer-accepted')
         OR EXISTS (SELECT 1 FROM case_clock k WHERE k.case_id = t.case_id AND k.rule_id = 'cpl.prosecution.review'))`,
  },
  {
    name: 'a case in prosecution review got there by an accepted transfer',
    sql: `SELECT c.id FROM criminal_case c WHERE c.title LIKE '${TITLE}%' AND c.stage = 'prosecution-review'
            AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.case_id = c.id AND t.state = 'accepted' AND t.to_stage = c.stage)`,
  },
  {
    name: 'a dispute is whole: its two parties, one intake event, one audit record',
    sql: `SELECT d.id FROM dispute d WHERE d.import_key LIKE 'crash-%' AND (
            d.state <> 'intake'
         OR (SELECT count(*) FROM dispute_party p WHERE p.dispute_id = d.id) <> 2
         OR (SELECT count(*) FROM dispute_event e WHERE e.dispute_id = d.id AND e.kind = 'intake') <> 1
         OR (SELECT count(*) FROM audit_record a WHERE a.action = 'dispute.intake' AND a.resource_id = d.id::text) <> 1)`,
  },
];

interface CheckResult {
  failures: string[];
  present: { cases: number; documents: number; transfers: number; accepted: number; disputes: number };
  openMs: number;
  /** the audit chain's records and the dossiers' transfers and documents verified in the driver */
  verified: { auditRecords: number; transfers: number; documents: number };
}

async function checkDatabase(dataDir: string): Promise<CheckResult> {
  const failures: string[] = [];
  const started = Date.now();
  let db: Db;
  try {
    db = await openDb({ databaseUrl: DATABASE_URL, dataDir });
    await db.ping();
  } catch (error) {
    return {
      failures: [`the database did not open after the kill: ${(error as Error).message}`],
      present: { cases: 0, documents: 0, transfers: 0, accepted: 0, disputes: 0 },
      openMs: Date.now() - started,
      verified: { auditRecords: 0, transfers: 0, documents: 0 },
    };
  }
  const openMs = Date.now() - started;
  try {
    for (const inv of INVARIANTS) {
      const rows = await db.query<Record<string, string>>(inv.sql);
      if (rows.length) failures.push(`${inv.name}: broken by ${rows.length} row(s), e.g. ${JSON.stringify(rows.slice(0, 3))}`);
    }
    // every acknowledged write, exactly once
    const cases = new Map((await db.query<{ id: string; case_number: string }>(`SELECT id, case_number FROM criminal_case WHERE title LIKE '${TITLE}%'`)).map((r) => [r.id, r.case_number]));
    for (const [id, c] of ledger.cases) if (cases.get(id) !== c.caseNumber) failures.push(`acknowledged case ${c.caseNumber} (${id}) is missing`);
    const docs = new Map((await db.query<{ id: string; case_id: string }>('SELECT d.id, d.case_id FROM case_document d JOIN criminal_case c ON c.id = d.case_id WHERE c.title LIKE $1', [`${TITLE}%`])).map((r) => [r.id, r.case_id]));
    for (const [id, d] of ledger.documents) if (docs.get(id) !== d.caseId) failures.push(`acknowledged document ${id} of case ${d.caseId} is missing`);
    const stages = new Map((await db.query<{ id: string; stage: string }>(`SELECT id, stage FROM criminal_case WHERE title LIKE '${TITLE}%'`)).map((r) => [r.id, r.stage]));
    for (const id of ledger.investigations) if (stages.get(id) === 'registered') failures.push(`case ${id}: the acknowledged start of its investigation is missing`);
    const transfers = await db.query<{ id: string; key: string; sender: string; state: string }>(
      `SELECT t.id, t.idempotency_key AS key, t.sender_unit_id AS sender, t.state FROM transfer t WHERE t.idempotency_key LIKE 'crash-%'`,
    );
    const byKey = new Map<string, { id: string; sender: string; state: string }[]>();
    for (const t of transfers) byKey.set(t.key, [...(byKey.get(t.key) ?? []), t]);
    for (const [key, t] of ledger.transfers) {
      const found = byKey.get(key) ?? [];
      if (found.length !== 1 || found[0]!.id !== t.id || found[0]!.sender !== t.senderUnitId) failures.push(`acknowledged transfer ${key} (${t.id}) found ${found.length} time(s): ${JSON.stringify(found)}`);
    }
    const stateOf = new Map(transfers.map((t) => [t.id, t.state]));
    for (const id of ledger.accepted) if (stateOf.get(id) !== 'accepted') failures.push(`acknowledged acceptance of transfer ${id} is missing (state ${stateOf.get(id)})`);
    const disputes = await db.query<{ id: string; number: string; import_key: string }>(`SELECT id, number, import_key FROM dispute WHERE import_key LIKE 'crash-%'`);
    const disputeByKey = new Map<string, { id: string; number: string }[]>();
    for (const d of disputes) disputeByKey.set(d.import_key, [...(disputeByKey.get(d.import_key) ?? []), d]);
    for (const [key, d] of ledger.disputes) {
      const found = disputeByKey.get(key) ?? [];
      if (found.length !== 1 || found[0]!.id !== d.id || found[0]!.number !== d.number) failures.push(`acknowledged dispute ${d.number} (${key}) found ${found.length} time(s)`);
    }
    // what `audit verify` and `dossier verify --all` run, on the same database
    const audit = await verifyAuditChain(db);
    if (!audit.ok) failures.push(`audit chain broken: ${JSON.stringify(audit.firstBroken)}`);
    const dossiers = await verifyDossiers(db, createFilesystemStore(join(dataDir, 'documents')), null);
    if (!dossiers.ok) failures.push(`dossiers fail verification: ${JSON.stringify([...dossiers.failures, ...dossiers.documentFailures].slice(0, 3))}`);
    return {
      failures,
      verified: { auditRecords: audit.checked, transfers: dossiers.transfers, documents: dossiers.documents },
      present: { cases: cases.size, documents: docs.size, transfers: transfers.length, accepted: transfers.filter((t) => t.state === 'accepted').length, disputes: disputes.length },
      openMs,
    };
  } finally {
    await db.close();
  }
}

// --- the runs ------------------------------------------------------------------------------------------------

interface Iteration {
  run: number;
  killAfterMs: number;
  inFlight: string[];
  serverStartMs: number;
  writesAcknowledged: number;
  unanswered: number;
  resent: number;
  present: CheckResult['present'];
  dbOpenMs: number;
  temporaryFiles: number;
  verified: CheckResult['verified'];
  auditVerify: { code: number | null; ms: number } | null;
  dossierVerify: { code: number | null; ms: number } | null;
  failures: string[];
}

/**
 * The demo province on PGlite, seeded once and kept in the temporary folder under a digest of what makes it
 * (migrations, seed code, organisation rules), then copied for each driver run; PostgreSQL is seeded in place.
 */
async function prepare(): Promise<{ dataDir: string; work: string }> {
  const work = mkdtempSync(join(tmpdir(), 'caselink-crash-'));
  const dataDir = join(work, 'data');
  if (DATABASE_URL) {
    mkdirSync(dataDir);
    const seeded = await runCli(dataDir, ['seed', 'demo', '--cases', '0']);
    if (seeded.code !== 0) throw new Error(`seed demo failed: ${seeded.out}`);
    return { dataDir, work };
  }
  const template = process.env.CRASH_TEMPLATE ?? join(tmpdir(), `caselink-crash-template-${templateDigest()}`);
  if (!existsSync(template)) {
    const building = `${template}.${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building);
    const seeded = await runCli(building, ['seed', 'demo', '--cases', '0']);
    if (seeded.code !== 0) throw new Error(`seed demo failed: ${seeded.out}`);
    try {
      renameSync(building, template);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another run got there first
    }
  }
  cpSync(template, dataDir, { recursive: true });
  return { dataDir, work };
}

function templateDigest(): string {
  const hash = createHash('sha256');
  const files = (dir: string): string[] => readdirSync(join(ROOT, dir), { recursive: true }).map((f) => join(dir, String(f))).filter((f) => statSync(join(ROOT, f)).isFile()).sort();
  for (const f of [...files('src/db/migrations'), ...files('src/seed'), ...files('rules')]) hash.update(f).update(readFileSync(join(ROOT, f)));
  return hash.digest('hex').slice(0, 16);
}

async function main(): Promise<void> {
  const startedAt = new Date();
  console.log(`crash safety: ${RUNS} kill(s) on ${STORE}, seed ${SEED}, kill ${MIN_MS}-${MAX_MS} ms into the stream, ${CLIENTS} case + ${CLIENTS} dispute clients, verify commands ${CLI_EACH ? 'after each kill' : 'after the last restart'}`);
  const { dataDir, work } = await prepare();
  const iterations: Iteration[] = [];
  let units: Record<string, string> = {};
  let senders: Record<string, string> = {};
  {
    const db = await openDb({ databaseUrl: DATABASE_URL, dataDir });
    units = Object.fromEntries((await db.query<{ id: string; code: string }>('SELECT id, code FROM unit')).map((r) => [r.code, r.id]));
    senders = Object.fromEntries(POLICE.map((u) => [u, units[u.replace(/-handler$/, '')]!]));
    await db.close();
  }

  for (let run = 1; run <= RUNS; run++) {
    const failures: string[] = [];
    const server = await startServer(dataDir);
    const api = new Api(server.url);
    // the writes the last kill left unanswered, sent again with their keys
    const { resent, failures: resendFailures } = await resend(api, senders);
    failures.push(...resendFailures);
    const before = ledgerSize();
    const stream: Stream = { stop: false, refused: [], writes: 0, inFlight: [] };
    for (const u of [...POLICE, ...PROCURATORATE, CENTER]) await api.token(u).catch(() => undefined);
    const clients = [
      ...Array.from({ length: CLIENTS }, (_, i) => guarded(stream, () => caseClient(api, stream, i, run, units, senders))),
      ...Array.from({ length: CLIENTS }, (_, i) => guarded(stream, () => disputeClient(api, stream, i, run))),
    ];
    const killAfterMs = Math.round(MIN_MS + random() * (MAX_MS - MIN_MS));
    await sleep(killAfterMs);
    stream.stop = true; // no new write starts; those under way die with the server
    server.child.kill('SIGKILL');
    const inFlight = stream.inFlight.filter((x) => x !== 'pause');
    await server.exited;
    await Promise.all(clients);
    failures.push(...stream.refused.map((r) => `refused during the stream: ${r}`));
    const check = await checkDatabase(dataDir);
    failures.push(...check.failures);
    const { audit, dossier } = CLI_EACH ? await verifyByCommands(dataDir, failures) : { audit: null, dossier: null };
    const it: Iteration = {
      run,
      killAfterMs,
      inFlight,
      serverStartMs: server.startMs,
      writesAcknowledged: ledgerSize() - before,
      unanswered: unanswered.transfers.length + unanswered.accepts.length + unanswered.disputes.length,
      resent,
      present: check.present,
      dbOpenMs: check.openMs,
      temporaryFiles: temporaryFiles(dataDir),
      verified: check.verified,
      auditVerify: audit && { code: audit.code, ms: audit.ms },
      dossierVerify: dossier && { code: dossier.code, ms: dossier.ms },
      failures,
    };
    iterations.push(it);
    console.log(
      `run ${String(run).padStart(3)}/${RUNS}: killed ${it.killAfterMs} ms in (during: ${inFlight.join(', ') || 'nothing'}); ${it.writesAcknowledged} write(s) acknowledged, ${it.unanswered} unanswered (sent again next), ${resent} resent; ` +
        `present ${it.present.cases} cases / ${it.present.transfers} transfers (${it.present.accepted} accepted) / ${it.present.disputes} disputes; ` +
        `db open ${it.dbOpenMs} ms, ${it.temporaryFiles} temporary file(s) in the store, audit chain ${check.verified.auditRecords} record(s) and ${check.verified.transfers} transfer(s) / ${check.verified.documents} document(s) verified${audit ? ` (commands: audit verify ${audit.code}, dossier verify ${dossier!.code})` : ''} — ${failures.length ? `FAILED:\n  ${failures.join('\n  ')}` : 'ok'}`,
    );
  }

  // the last kill's unanswered writes, and one more start: the server comes up and answers them
  const final = await startServer(dataDir);
  const { resent, failures: finalFailures } = await resend(new Api(final.url), senders);
  final.child.kill('SIGTERM');
  await final.exited;
  const finalCheck = await checkDatabase(dataDir);
  finalFailures.push(...finalCheck.failures);
  const commands = await verifyByCommands(dataDir, finalFailures);
  console.log(`after the last restart: bin/caselink audit verify exited ${commands.audit.code} (${commands.audit.out.split('\n').pop()}), dossier verify --all exited ${commands.dossier.code} (${commands.dossier.out.split('\n').pop()})`);

  const failed = iterations.filter((x) => x.failures.length > 0);
  const totals = {
    kills: iterations.length,
    acknowledged: { cases: ledger.cases.size, documents: ledger.documents.size, transfers: ledger.transfers.size, accepted: ledger.accepted.size, disputes: ledger.disputes.size },
    replayedAfterRestart: replays,
    lostOrHalfWritten: failed.length + (finalFailures.length ? 1 : 0),
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  console.log('\n| store | kills | acknowledged cases | documents | transfers | accepted | disputes | median restart | median db open | failed runs |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${STORE} | ${totals.kills} | ${totals.acknowledged.cases} | ${totals.acknowledged.documents} | ${totals.acknowledged.transfers} | ${totals.acknowledged.accepted} | ${totals.acknowledged.disputes} | ` +
      `${median(iterations.map((x) => x.serverStartMs))} ms | ${median(iterations.map((x) => x.dbOpenMs))} ms | ${totals.lostOrHalfWritten} |`,
  );
  console.log(`writes resent after a restart that had committed before the kill (answered once, as replays): ${JSON.stringify(replays)}`);
  console.log(`final restart: ${resent} unanswered write(s) resent, ${finalFailures.length ? `FAILED:\n  ${finalFailures.join('\n  ')}` : 'all present once'}`);

  mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
  const out = join(ROOT, 'bench/out', `crash-${STORE}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, `${JSON.stringify({ store: STORE, seed: SEED, runs: RUNS, killWindowMs: [MIN_MS, MAX_MS], clients: CLIENTS, commandsAfterEachKill: CLI_EACH, startedAt, finishedAt: new Date(), totals, finalRestart: { resent, failures: finalFailures, auditVerifyExit: commands.audit.code, dossierVerifyExit: commands.dossier.code }, iterations }, null, 2)}\n`);
  console.log(`summary: ${out}`);
  if (totals.lostOrHalfWritten > 0 || process.env.CRASH_KEEP === '1') console.log(`data kept in ${dataDir}`);
  else rmSync(work, { recursive: true, force: true });
  process.exit(totals.lostOrHalfWritten > 0 ? 1 : 0);
}

/** Temporary files of the document store: a kill during an upload leaves its temporary file behind. */
function temporaryFiles(dataDir: string): number {
  try {
    return (readdirSync(join(dataDir, 'documents'), { recursive: true }) as string[]).filter((p) => /(^|\/)\.tmp-/.test(p)).length;
  } catch {
    return 0;
  }
}

/** `bin/caselink audit verify` and `bin/caselink dossier verify --all`, one after the other (PGlite: one opener at a time). */
async function verifyByCommands(dataDir: string, failures: string[]) {
  const audit = await runCli(dataDir, ['audit', 'verify']);
  if (audit.code !== 0) failures.push(`audit verify exited ${audit.code}: ${audit.out.slice(-500)}`);
  const dossier = await runCli(dataDir, ['dossier', 'verify', '--all']);
  if (dossier.code !== 0) failures.push(`dossier verify exited ${dossier.code}: ${dossier.out.slice(-500)}`);
  return { audit, dossier };
}

function ledgerSize(): number {
  return ledger.cases.size + ledger.documents.size + ledger.transfers.size + ledger.accepted.size + ledger.investigations.size + ledger.disputes.size;
}

await main();
