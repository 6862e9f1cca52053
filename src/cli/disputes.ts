import { createReadStream, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { ImportReport } from '../modules/disputes-import/disputes-import.service.ts';
import { ENCODINGS, type EncodingChoice } from '../modules/disputes-import/sheet-reader.ts';
import { type GlobalOptions, UsageError, withDb } from './context.ts';

interface ImportOpts {
  dryRun?: boolean;
  json?: boolean;
  unit?: string;
  encoding: string;
}

export function disputesCommand(program: Command): void {
  const disputes = program.command('disputes').description('矛盾纠纷 / Disputes');
  disputes
    .command('import')
    .description('从 CSV 或 Excel（.xlsx）批量导入矛盾纠纷；已导入的行再次导入不会重复登记 / Import disputes from CSV or Excel (.xlsx); rows imported before are not stored twice')
    .argument('<file>', 'the .csv or .xlsx file (columns: rules/governance/dispute-import.yaml, sample: rules/governance/dispute-import-template.csv)')
    .requiredOption('--unit <code>', 'the code of the governance center (or mediation committee) taking the disputes in')
    .option('--dry-run', 'check every row and report, storing nothing')
    .option('--json', 'print the report as one JSON object')
    .option('--encoding <name>', `a CSV file's character encoding: ${ENCODINGS.join(', ')}`, 'auto')
    .action(async (file: string, opts: ImportOpts, cmd: Command) => {
      if (!(ENCODINGS as readonly string[]).includes(opts.encoding)) throw new UsageError(`--encoding must be one of ${ENCODINGS.join(', ')}, got "${opts.encoding}" / 不支持此编码`);
      let size: number;
      try {
        const stat = statSync(file);
        if (!stat.isFile()) throw new Error('not a file');
        size = stat.size;
      } catch {
        throw new UsageError(`cannot read ${file} / 无法读取文件`);
      }
      const [{ loadAppDeps }, { loadDisputeImportRules }, { typeIndex }, { importDisputes }, { createIntakeSink, auditImport }, { findUnitByCode }] = await Promise.all([
        import('../app-deps.ts'),
        import('../rules/load-dispute-import.ts'),
        import('../engine/disputes-import/row-mapper.ts'),
        import('../modules/disputes-import/disputes-import.service.ts'),
        import('../modules/disputes-import/intake-sink.ts'),
        import('../modules/disputes-import/disputes-import.repository.ts'),
      ]);
      const rules = loadDisputeImportRules();
      const report = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db, config) => {
        const deps = loadAppDeps(config, db);
        const unit = await findUnitByCode(db, opts.unit!);
        if (unit === null) throw new UsageError(`no unit with code "${opts.unit}" / 没有此单位`);
        if (unit.agency !== 'governance-center' && unit.agency !== 'mediation-committee') {
          throw new UsageError(`unit "${opts.unit}" is not a governance center or mediation committee / 该单位不受理矛盾纠纷导入`);
        }
        const importer = { unitId: unit.id, regionCode: unit.regionCode, userId: null, username: `cli:${userInfo().username}`, clientAddress: null };
        const progress = progressReporter(Boolean(opts.json));
        const result = await importDisputes(basename(file), () => createReadStream(file, { highWaterMark: 256 * 1024 }), createIntakeSink(deps, importer), {
          rules,
          types: typeIndex([...deps.disputeRules.types.values()]),
          today: deps.now(),
          dryRun: Boolean(opts.dryRun),
          encoding: opts.encoding as EncodingChoice,
          onProgress: progress.update,
        }).finally(progress.stop);
        if (!result.dryRun) await auditImport(deps, importer, result, size);
        return result;
      });
      if (opts.json) console.log(JSON.stringify(report));
      else printReport(report);
      if (report.rejected > 0) process.exitCode = 1;
    });
}

/** A bar on a terminal; plain counts at every tenth otherwise (a log, a pipe); nothing with --json. */
function progressReporter(quiet: boolean): { update: (done: number, total: number) => void; stop: () => void } {
  if (quiet) return { update: () => {}, stop: () => {} };
  if (process.stderr.isTTY) {
    const bar = new SingleBar({ format: '导入 importing [{bar}] {percentage}% | {value}/{total} 行 rows | {eta_formatted}', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
    let started = false;
    return {
      update: (done, total) => {
        if (!started) bar.start(total, done);
        else bar.update(done);
        started = true;
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let lastTenth = -1;
  return {
    update: (done, total) => {
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      console.error(`已处理 ${done} / ${total} 行 rows`);
    },
    stop: () => {},
  };
}

const printable = (s: string) => s.replace(/[\p{Cc}\p{Cf}]/gu, '?');

function printReport(r: ImportReport): void {
  const format = r.format === 'csv' ? `CSV, ${r.encoding}` : 'Excel';
  console.log(`${r.dryRun ? '试导入（未保存任何数据） dry run, nothing stored: ' : ''}${printable(r.file)} (${format}): ${r.rows} 行 rows, ${r.ms} ms`);
  console.log(`  ${r.dryRun ? '将登记' : '新登记'} accepted: ${r.accepted}`);
  console.log(`  已导入 already imported: ${r.alreadyImported}${r.repeated.length ? `（其中文件内重复 ${r.repeated.length} / ${r.repeated.length} repeated within the file）` : ''}`);
  console.log(`  未导入 rejected: ${r.rejected}`);
  for (const x of r.rejections) {
    const reasons = x.problems.map((p) => `${p.column === null ? '' : `${printable(p.column)}: `}${p.message.zh} / ${p.message.en}`).join('; ');
    console.log(`第 ${x.row} 行 row ${x.row}: ${reasons}`);
  }
  for (const x of r.repeated) console.log(`第 ${x.row} 行 row ${x.row}: 与第 ${x.sameAs} 行相同 / the same as row ${x.sameAs}`);
  if (r.ignoredColumns.length) console.log(`忽略的列 ignored columns: ${r.ignoredColumns.map(printable).join(', ')}`);
}
