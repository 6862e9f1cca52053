/**
 * Cockpit benchmark (issue 7 part 1): the cockpit's panels over a synthetic province, on PGlite or PostgreSQL, each
 * beside a plain GROUP BY of the same main figure on the base tables, in the same run. Targets (1,000,000 cases):
 * the first screen (all nine panels asked at once, as the page does) in at most 1 s; each panel's p95 at most 300 ms.
 *
 *   npx tsx bench/cockpit.bench.ts --target pglite --data <dir> [--cases 1000000] [--seed 20261122]
 *   npx tsx bench/cockpit.bench.ts --target postgres --url <postgres-url> [--cases …]
 *        [--runs 20] [--region 990000] [--quiet-wait 5]
 *
 * The database: an existing synthetic province is reused, else loaded first (bench/synthetic/ensure-province.ts).
 * The bench only reads. The panels are asked through the app (app.inject as the province committee's supervisor:
 * routing, validation, permission scope, the counts' SQL, shaping, JSON), so a panel's time is what the server
 * spends on it, without the network. Per pass (--runs, interleaved, waiting for the machine to go quiet before
 * each): every panel alone, then the first screen (the nine at once), then the plain GROUP BYs.
 * Output: a markdown table on stdout and bench/out/cockpit-<target>-<timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.ts';
import { loadAppDeps } from '../src/app-deps.ts';
import { loadConfig } from '../src/config/config.ts';
import { PANEL_IDS, type PanelId } from '../src/engine/cockpit/panels.ts';
import { cpuModel, log, machineBusySeconds, median, positiveInt, runStamp, waitForQuiet } from './lib.ts';
import { PROVINCE_OPTIONS, ensureProvince } from './synthetic/ensure-province.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT_DIR = join(ROOT, 'bench', 'out');
const TARGET_FIRST_SCREEN_MS = 1000;
const TARGET_PANEL_P95_MS = 300;

const { values: args } = parseArgs({
  options: {
    ...PROVINCE_OPTIONS,
    runs: { type: 'string', default: '20' },
    region: { type: 'string', default: '990000' },
    'quiet-wait': { type: 'string', default: '5' },
  },
});

/**
 * The same main figure of each panel as a plain GROUP BY over the base tables (what the cockpit would do without its
 * kept counts), for the province: $1 is now.
 */
const PLAIN_GROUP_BY: Record<PanelId, string> = {
  cases: `SELECT c.stage, u.agency, count(*) FROM criminal_case c JOIN unit u ON u.id = coalesce(c.holder_unit_id, c.registered_by)
           WHERE c.closed_at IS NULL GROUP BY 1, 2`,
  clocks: `SELECT (k.due_at < $1::timestamptz) AS overdue, count(*) FROM case_clock k WHERE k.state = 'running' AND k.due_at IS NOT NULL GROUP BY 1`,
  warnings: 'SELECT model_id, count(*) FROM warning_hit WHERE closed_at IS NULL GROUP BY 1',
  supervision: 'SELECT state, count(*) FROM supervision_item GROUP BY 1',
  collaboration: `SELECT on_paper, count(*) FROM transfer WHERE sent_at >= $1::timestamptz - interval '12 months' GROUP BY 1`,
  governance: `SELECT outcome, count(*) FROM dispute WHERE closed_at >= $1::timestamptz - interval '12 months' GROUP BY 1`,
  trends: `SELECT to_char(registered_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), count(*) FROM criminal_case
            WHERE registered_at >= $1::timestamptz - interval '12 months' GROUP BY 1`,
  regions: `SELECT ch.code, count(*) FROM criminal_case c JOIN unit u ON u.id = coalesce(c.holder_unit_id, c.registered_by)
             JOIN region ch ON ch.parent_code = '990000' AND u.region_code LIKE ch.scope_prefix || '%' WHERE c.closed_at IS NULL GROUP BY 1`,
  risk: 'SELECT rating, count(*) FROM risk_assessment GROUP BY 1',
};

const p95 = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
};

async function main(): Promise<void> {
  const runs = positiveInt('runs', args.runs);
  const quietWait = Number(args['quiet-wait']);
  const { db, loadedSeconds, label } = await ensureProvince({ target: args.target, data: args.data, url: args.url, cases: positiveInt('cases', args.cases), seed: args.seed! });
  const [{ n: cases }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM criminal_case')) as [{ n: number }];
  const [{ n: counts }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cockpit_count')) as [{ n: number }];
  log(`${label}: ${cases} cases, ${counts} cockpit counts`);
  const config = loadConfig({}, { webDir: '/nonexistent', dataDir: args.data ?? join(ROOT, 'data-bench-cockpit'), rateLimitPerMinute: 1_000_000_000 });
  const app = await buildApp(loadAppDeps(config, db));
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: config.demoPassword } });
  if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`);
  const headers = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
  const ask = async (panel: PanelId) => {
    const t0 = performance.now();
    const res = await app.inject({ method: 'GET', url: `/api/cockpit/panels/${panel}?region=${args.region}`, headers });
    if (res.statusCode !== 200) throw new Error(`${panel}: ${res.statusCode} ${res.body}`);
    return performance.now() - t0;
  };
  const plain = async (panel: PanelId) => {
    const t0 = performance.now();
    const sql = PLAIN_GROUP_BY[panel];
    await db.query(sql, sql.includes('$1') ? [new Date().toISOString()] : []);
    return performance.now() - t0;
  };

  // one warm-up pass of each (plans, caches), not counted
  for (const p of PANEL_IDS) {
    await ask(p);
    await plain(p);
  }
  const panelMs = Object.fromEntries(PANEL_IDS.map((p) => [p, [] as number[]])) as Record<PanelId, number[]>;
  const plainMs = Object.fromEntries(PANEL_IDS.map((p) => [p, [] as number[]])) as Record<PanelId, number[]>;
  const firstScreenMs: number[] = [];
  const busy: number[] = [];
  for (let r = 0; r < runs; r++) {
    await waitForQuiet(quietWait);
    const before = machineBusySeconds();
    const own = process.cpuUsage();
    const t0 = performance.now();
    for (const p of PANEL_IDS) panelMs[p].push(await ask(p));
    const s0 = performance.now();
    await Promise.all(PANEL_IDS.map((p) => ask(p)));
    firstScreenMs.push(performance.now() - s0);
    for (const p of PANEL_IDS) plainMs[p].push(await plain(p));
    const wall = (performance.now() - t0) / 1000;
    const ownUsage = process.cpuUsage(own);
    busy.push(Math.max(0, (machineBusySeconds() - before - (ownUsage.user + ownUsage.system) / 1e6) / wall));
    log(`pass ${r + 1}/${runs}: first screen ${firstScreenMs.at(-1)!.toFixed(0)} ms`);
  }
  // what keeping the counts costs a write: the same single-row updates with the cockpit's triggers on and off, in
  // transactions rolled back (the province is left as it was)
  const writeCost = await measureWriteCost(db, Math.min(500, cases));
  await app.close();
  await db.close();

  const rows = PANEL_IDS.map((p) => ({
    panel: p,
    medianMs: median(panelMs[p]),
    p95Ms: p95(panelMs[p]),
    plainMedianMs: median(plainMs[p]),
    ratio: median(plainMs[p]) / Math.max(0.001, median(panelMs[p])),
  }));
  const result = {
    bench: 'cockpit',
    at: new Date().toISOString(),
    target: label,
    cases,
    cockpitCounts: counts,
    loadedSeconds,
    runs,
    region: args.region,
    machine: { cpu: cpuModel(), cores: os.cpus().length, busyCoresElsewhereMedian: median(busy) },
    firstScreen: { medianMs: median(firstScreenMs), p95Ms: p95(firstScreenMs), targetMs: TARGET_FIRST_SCREEN_MS },
    panels: rows,
    targetPanelP95Ms: TARGET_PANEL_P95_MS,
    writeCost,
  };
  mkdirSync(OUT_DIR, { recursive: true });
  const out = join(OUT_DIR, `cockpit-${args.target}-${runStamp()}.json`);
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  const f = (n: number) => n.toFixed(n < 10 ? 1 : 0);
  console.log(`### Cockpit — ${label}, ${cases.toLocaleString('en-US')} cases, region ${args.region}, ${runs} passes (other load on the machine: median ${median(busy).toFixed(2)} cores)\n`);
  console.log(`First screen (nine panels at once): median ${f(result.firstScreen.medianMs)} ms, p95 ${f(result.firstScreen.p95Ms)} ms (target ≤ ${TARGET_FIRST_SCREEN_MS} ms)\n`);
  console.log('| panel | median ms | p95 ms (target ≤ 300) | plain GROUP BY median ms | GROUP BY ÷ panel |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.panel} | ${f(r.medianMs)} | ${f(r.p95Ms)} | ${f(r.plainMedianMs)} | ${r.ratio.toFixed(1)}× |`);
  console.log('\nWhat keeping the counts costs a write (median of 5 rounds, µs per single-row UPDATE, rolled back):\n');
  console.log('| write | triggers off | triggers on | extra |');
  console.log('|---|---:|---:|---:|');
  for (const w of writeCost) console.log(`| ${w.write} | ${w.offUs.toFixed(0)} | ${w.onUs.toFixed(0)} | ${(w.onUs - w.offUs).toFixed(0)} |`);
  console.log(`\n(${out})`);
}

/** Writes whose counts change, timed with the cockpit's trigger on and off (each round in its own rolled-back transaction). */
const WRITES = [
  { write: 'case stage changed', table: 'criminal_case', trigger: 'criminal_case_cockpit', pick: `SELECT id FROM criminal_case WHERE closed_at IS NULL ORDER BY id LIMIT $1`, sql: `UPDATE criminal_case SET stage = CASE WHEN stage = 'investigation' THEN 'registered' ELSE 'investigation' END WHERE id = $1` },
  { write: 'clock due moment moved', table: 'case_clock', trigger: 'case_clock_cockpit', pick: `SELECT id FROM case_clock WHERE state = 'running' AND due_at IS NOT NULL ORDER BY id LIMIT $1`, sql: `UPDATE case_clock SET due_at = due_at + interval '1 day' WHERE id = $1` },
  { write: 'transfer sent on paper', table: 'transfer', trigger: 'transfer_cockpit', pick: 'SELECT id FROM transfer ORDER BY id LIMIT $1', sql: 'UPDATE transfer SET on_paper = NOT on_paper WHERE id = $1' },
] as const;

async function measureWriteCost(db: import('../src/db/client.ts').Db, n: number) {
  const out: { write: string; rows: number; offUs: number; onUs: number }[] = [];
  for (const w of WRITES) {
    const ids = (await db.query<{ id: string }>(w.pick, [n])).map((r) => r.id);
    const round = async (on: boolean) =>
      db
        .transaction(async (tx) => {
          if (!on) await tx.query(`ALTER TABLE ${w.table} DISABLE TRIGGER ${w.trigger}`);
          const t0 = performance.now();
          for (const id of ids) await tx.query(w.sql, [id]);
          const us = ((performance.now() - t0) * 1000) / Math.max(1, ids.length);
          throw Object.assign(new Error('roll back'), { us });
        })
        .catch((e: { us?: number }) => {
          if (e.us === undefined) throw e;
          return e.us;
        });
    const off: number[] = [];
    const on: number[] = [];
    for (let r = 0; r < 5; r++) {
      off.push(await round(false));
      on.push(await round(true));
    }
    out.push({ write: w.write, rows: ids.length, offUs: median(off), onUs: median(on) });
  }
  return out;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
