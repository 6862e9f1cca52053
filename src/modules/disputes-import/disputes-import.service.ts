/**
 * A bulk import of disputes (issue 6 part 8). Two passes over the file: the first maps every row and refuses
 * the file as a whole (missing columns, unreadable, too many rows) before anything is stored; the second hands
 * the accepted rows in batches to the sink, one transaction per batch. Each row carries an import key, so a
 * file imported again stores nothing twice. A dry run makes the first pass only and asks which keys are
 * already stored.
 */
import type { DisputeImportRules } from '../../engine/disputes-import/import-rules.ts';
import { type DisputeImportInput, type MappedRow, type RowProblem, type SheetRow, isBlankRow, mapHeader, mapRow } from '../../engine/disputes-import/row-mapper.ts';
import { AppError } from '../../shared/errors.ts';
import { type ByteSource, type EncodingChoice, openSheet } from './sheet-reader.ts';

export interface AcceptedRow {
  row: number;
  importKey: string;
  input: DisputeImportInput;
}

export type StoreOutcome = { kind: 'accepted'; id: string } | { kind: 'already-imported' } | { kind: 'refused'; problems: RowProblem[] };

/** Where accepted rows go: the dispute intake (channel 'import'), or anything a test passes in. */
export interface ImportSink {
  /** Of these import keys, those already stored. */
  existingKeys(keys: readonly string[]): Promise<Set<string>>;
  /** Stores one batch in one transaction; one outcome per row, in order. */
  store(rows: readonly AcceptedRow[]): Promise<StoreOutcome[]>;
}

export interface ImportReport {
  file: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  dryRun: boolean;
  /** data rows read (blank rows are skipped and not counted) */
  rows: number;
  /** stored now (in a dry run: would be stored) */
  accepted: number;
  /** stored by an earlier import, or repeated within this file */
  alreadyImported: number;
  rejected: number;
  rejections: { row: number; problems: RowProblem[] }[];
  /** rows that repeat an earlier row of the same file */
  repeated: { row: number; sameAs: number }[];
  ignoredColumns: string[];
  ms: number;
}

export interface ImportOptions {
  rules: DisputeImportRules;
  /** the dispute types a 纠纷类型 cell may name (typeIndex) */
  types: ReadonlyMap<string, string>;
  today: Date;
  dryRun: boolean;
  encoding: EncodingChoice;
  /** rows handled so far of all rows; called after the check and after each batch */
  onProgress?: (done: number, total: number) => void;
}

export async function importDisputes(file: string, source: ByteSource, sink: ImportSink, opts: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const { limits, workbook, columns } = opts.rules;
  const sheet = await openSheet(file, source, { encoding: opts.encoding, maxFileBytes: limits.maxFileBytes, workbook, maxRecordChars: limits.maxCellChars * 2 });
  const ctx = { types: opts.types, today: opts.today, maxCellChars: limits.maxCellChars };

  // pass 1: the whole file is checked before anything is stored
  const firstRowOfKey = new Map<string, number>();
  const rejections: ImportReport['rejections'] = [];
  const repeated: ImportReport['repeated'] = [];
  let ignoredColumns: string[] = [];
  let rows = 0;
  for await (const mapped of mappedRows(sheet.rows(), columns, ctx, (ignored) => (ignoredColumns = ignored))) {
    rows += 1;
    if (rows > limits.maxRows) throw new AppError('IMPORT_TOO_MANY_ROWS', { maxRows: limits.maxRows });
    if (!mapped.ok) rejections.push({ row: mapped.row, problems: mapped.problems });
    else {
      const first = firstRowOfKey.get(mapped.importKey);
      if (first === undefined) firstRowOfKey.set(mapped.importKey, mapped.row);
      else repeated.push({ row: mapped.row, sameAs: first });
    }
  }
  opts.onProgress?.(0, rows);

  const report = (accepted: number, earlier: number): ImportReport => ({
    file,
    format: sheet.format,
    encoding: sheet.encoding,
    dryRun: opts.dryRun,
    rows,
    accepted,
    alreadyImported: earlier + repeated.length,
    rejected: rejections.length,
    rejections,
    repeated,
    ignoredColumns,
    ms: Math.round(performance.now() - started),
  });

  if (opts.dryRun) {
    const keys = [...firstRowOfKey.keys()];
    let earlier = 0;
    for (let i = 0; i < keys.length; i += limits.batchSize) earlier += (await sink.existingKeys(keys.slice(i, i + limits.batchSize))).size;
    opts.onProgress?.(rows, rows);
    return report(keys.length - earlier, earlier);
  }

  // pass 2: the same rows again, stored in batches
  let accepted = 0;
  let earlier = 0;
  let done = 0;
  let batch: AcceptedRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    // rows stored by an earlier import are not handed to the sink again (the sink would find them one by one)
    const stored = await sink.existingKeys(batch.map((r) => r.importKey));
    const fresh = batch.filter((r) => !stored.has(r.importKey));
    earlier += batch.length - fresh.length;
    const outcomes = fresh.length > 0 ? await sink.store(fresh) : [];
    outcomes.forEach((o, i) => {
      if (o.kind === 'accepted') accepted += 1;
      else if (o.kind === 'already-imported') earlier += 1;
      else rejections.push({ row: fresh[i]!.row, problems: o.problems });
    });
    batch = [];
    opts.onProgress?.(done, rows);
  };
  for await (const mapped of mappedRows(sheet.rows(), columns, ctx, () => {})) {
    done += 1;
    if (mapped.ok && firstRowOfKey.get(mapped.importKey) === mapped.row) batch.push({ row: mapped.row, importKey: mapped.importKey, input: mapped.input });
    if (batch.length >= limits.batchSize) await flush();
  }
  done = rows;
  await flush();
  opts.onProgress?.(rows, rows);
  rejections.sort((a, b) => a.row - b.row);
  return report(accepted, earlier);
}

/** The data rows of a sheet, mapped: the first non-blank row is the header; blank rows are skipped. */
async function* mappedRows(
  sheetRows: AsyncGenerator<SheetRow>,
  columns: DisputeImportRules['columns'],
  ctx: Parameters<typeof mapRow>[2],
  onIgnored: (ignored: string[]) => void,
): AsyncGenerator<MappedRow> {
  let map: Extract<ReturnType<typeof mapHeader>, { ok: true }>['map'] | null = null;
  for await (const sheetRow of sheetRows) {
    if (isBlankRow(sheetRow.cells)) continue;
    if (map === null) {
      const header = mapHeader(sheetRow.cells, columns);
      if (!header.ok) {
        throw new AppError('IMPORT_COLUMNS_MISSING', {
          row: sheetRow.row,
          missing: header.missing.map((c) => ({ field: c.field, zh: c.headers.find((h) => /\p{Script=Han}/u.test(h)) ?? c.headers[0], en: c.headers.find((h) => /^[\x20-\x7e]+$/.test(h)) ?? c.headers[0] })),
          duplicated: header.duplicated,
        });
      }
      map = header.map;
      onIgnored(map.ignored);
      continue;
    }
    yield mapRow(sheetRow, map, ctx);
  }
  if (map === null) throw new AppError('IMPORT_FILE_EMPTY');
}
