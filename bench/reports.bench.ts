/**
 * Reports benchmark (issue 7 part 3): every standard report of rules/reports.yaml for a province-year over a
 * synthetic province, on PGlite or PostgreSQL, beside a plain GROUP BY of the same main figure on its base table
 * in the same run (src/modules/reports/reports.repository.ts PLAIN_GROUP_BY). Target: each report, its figures
 * and its file, in at most 30 s for the 1,000,000-case province.
 *
 *   npx tsx bench/reports.bench.ts --target pglite --data <dir> [--cases 1000000] [--seed 20261122]
 *   npx tsx bench/reports.bench.ts --target postgres --url <postgres-url> [--cases …]
 *        [--runs 3] [--period 2025-11-01..2026-10-31] [--region <code>] [--quiet-wait 5]
 *
 * The database: an existing synthetic province (bench/synthetic/province.ts) in <dir>/pglite or at <url> is reused
 * as it is; when there is none, one of --cases cases with --seed is loaded first (a child process) and the time it
 * took reported. The bench only reads (it renders files in memory and stores nothing).
 *
 * Per report, --runs interleaved passes, waiting for the machine to go quiet before each: the plain GROUP BY; the
 * report's figures (computeReport: its SQL over the period and region, rows and totals); the xlsx; the PDF. The
 * median of each is reported, with the rows and the file sizes. The period defaults to the province's last year
 * (the generator's cases end 2026-10-31), the region to the province (the root region).
 * Output: a markdown table on stdout and bench/out/reports-<target>-<timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAppDeps } from '../src/app-deps.ts';
import { loadConfig } from '../src/config/config.ts';
import { parseReportPeriod } from '../src/engine/reports/period.ts';
import { renderPdf, renderXlsx } from '../src/modules/reports/report-render.ts';
import { PLAIN_GROUP_BY, regionByCode } from '../src/modules/reports/reports.repository.ts';
import { computeReport, loadReportDeps } from '../src/modules/reports/reports.service.ts';
import { PROVINCE_OPTIONS, ensureProvince } from './synthetic/ensure-province.ts';
import { cpuModel, log, machineBusySeconds, median, positiveInt, runStamp, waitForQuiet } from './lib.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT_DIR = join(ROOT, 'bench', 'out');
const TARGET_SECONDS = 30;

const { values: args } = parseArgs({
  options: {
    ...PROVINCE_OPTIONS,
    runs: { type: 'string', default: '3' },
    period: { type: 'string', default: '2025-11-01..2026-10-31' },
    region: { type: 'string' },
    'quiet-wait': { type: 'string', default: '5' },
  },
});


async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

interface ReportResult {
  id: string;
  title: string;
  rows: number;
  plainMs: number;
  figuresMs: number;
  xlsxMs: number;
  pdfMs: number;
  totalMs: number;
  xlsxBytes: number;
  pdfBytes: number;
  ratio: number | null;
  withinTarget: boolean;
}

async function main(): Promise<void> {
  const runs = positiveInt('runs', args.runs);
  const quietWait = positiveInt('quiet-wait', args['quiet-wait']);
  const period = parseReportPeriod(args.period!);
  if (!period) throw new Error(`--period ${args.period}: not a period (YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD)`);
  const { db, loadedSeconds, label } = await ensureProvince({ target: args.target, data: args.data, url: args.url, cases: positiveInt('cases', args.cases), seed: args.seed! });
  try {
    const dataDir = args.data ?? join(ROOT, 'data-bench-reports');
    const deps = loadReportDeps(loadAppDeps(loadConfig({}, { dataDir }), db));
    const rootCode = args.region ?? (await db.query<{ code: string }>('SELECT code FROM region WHERE parent_code IS NULL ORDER BY code LIMIT 1'))[0]?.code;
    const region = rootCode ? await regionByCode(db, rootCode) : null;
    if (!region) throw new Error('no region to report on: is the province loaded?');
    const [cases] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM criminal_case');
    log(`${label}: ${cases!.n} cases; period ${period.text}; region ${region.code} ${region.name}; ${runs} runs per report`);
    const results: ReportResult[] = [];
    for (const def of deps.reportRules.reports) {
      const samples = { plain: [] as number[], figures: [] as number[], xlsx: [] as number[], pdf: [] as number[] };
      let rows = 0;
      let xlsxBytes = 0;
      let pdfBytes = 0;
      const plainSql = PLAIN_GROUP_BY[def.id];
      for (let run = 0; run < runs; run++) {
        await waitForQuiet(quietWait);
        if (plainSql) samples.plain.push((await timed(() => db.query(plainSql, [period.fromIso, period.toIso]))).ms);
        const figures = await timed(() => computeReport(deps, def, period, region, null));
        samples.figures.push(figures.ms);
        rows = figures.value.rows.length;
        const doc = { def, table: figures.value, region: { code: region.code, name: region.name }, period, generatedAt: new Date('2026-11-01T00:00:00Z'), issuingUnit: 'CaseLink bench' };
        const xlsx = await timed(() => renderXlsx(doc));
        samples.xlsx.push(xlsx.ms);
        xlsxBytes = xlsx.value.length;
        const pdf = await timed(() => renderPdf(doc));
        samples.pdf.push(pdf.ms);
        pdfBytes = pdf.value.length;
      }
      const plainMs = samples.plain.length ? median(samples.plain) : Number.NaN;
      const figuresMs = median(samples.figures);
      const totalMs = figuresMs + Math.max(median(samples.xlsx), median(samples.pdf));
      const r: ReportResult = {
        id: def.id,
        title: def.title.zh,
        rows,
        plainMs,
        figuresMs,
        xlsxMs: median(samples.xlsx),
        pdfMs: median(samples.pdf),
        totalMs,
        xlsxBytes,
        pdfBytes,
        ratio: Number.isFinite(plainMs) && plainMs > 0 ? figuresMs / plainMs : null,
        withinTarget: totalMs <= TARGET_SECONDS * 1000,
      };
      log(`${def.id}: figures ${figuresMs.toFixed(0)} ms (plain GROUP BY ${plainMs.toFixed(0)} ms), xlsx ${r.xlsxMs.toFixed(0)} ms, pdf ${r.pdfMs.toFixed(0)} ms, ${rows} rows`);
      results.push(r);
    }
    const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(0) : '—');
    const lines = [
      `## Reports — ${label}, ${cases!.n.toLocaleString('en-US')} cases, period ${period.text}, region ${region.code}`,
      '',
      `Median of ${runs} runs per report; target: figures + file ≤ ${TARGET_SECONDS} s. CPU: ${cpuModel()}, ${os.cpus().length} cores.`,
      '',
      '| report | rows | plain GROUP BY ms | figures ms | × plain | xlsx ms | pdf ms | figures + slower file ms | ≤ 30 s |',
      '|---|---:|---:|---:|---:|---:|---:|---:|:-:|',
      ...results.map((r) => `| ${r.id} | ${r.rows} | ${fmt(r.plainMs)} | ${fmt(r.figuresMs)} | ${r.ratio === null ? '—' : r.ratio.toFixed(1)} | ${fmt(r.xlsxMs)} | ${fmt(r.pdfMs)} | ${fmt(r.totalMs)} | ${r.withinTarget ? 'yes' : 'NO'} |`),
    ];
    console.log(lines.join('\n'));
    mkdirSync(OUT_DIR, { recursive: true });
    const file = join(OUT_DIR, `reports-${args.target}-${runStamp()}.json`);
    writeFileSync(file, `${JSON.stringify({ target: args.target, label, cases: cases!.n, period: period.text, region: region.code, runs, loadedSeconds, busySecondsAtEnd: machineBusySeconds(), cpu: cpuModel(), results }, null, 2)}\n`);
    log(`wrote ${file}`);
  } finally {
    await db.close();
  }
}

await main();
