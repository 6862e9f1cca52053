/**
 * The rules of a dispute import (rules/governance/dispute-import.yaml): the columns a sheet may have, under
 * which names, which are required, and the limits of one file. Parsed and validated here; pure.
 */
import { type Fail, bilingual, record } from '../rules-data.ts';

export const IMPORT_FIELDS = [
  'sourceId',
  'type',
  'summary',
  'amount',
  'applicantName',
  'applicantKind',
  'applicantPhone',
  'applicantIdNumber',
  'applicantAddress',
  'respondentName',
  'respondentKind',
  'respondentPhone',
  'respondentIdNumber',
  'respondentAddress',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export interface ImportColumn {
  field: ImportField;
  /** every name the column may have; the first is the one the template uses */
  headers: string[];
  required: boolean;
  description: { zh: string; en: string };
}

export interface WorkbookLimits {
  maxEntries: number;
  maxUncompressedBytes: number;
  maxRatio: number;
}

export interface ImportLimits {
  maxFileBytes: number;
  maxRows: number;
  batchSize: number;
  maxCellChars: number;
}

export interface DisputeImportRules {
  limits: ImportLimits;
  workbook: WorkbookLimits;
  columns: ImportColumn[];
}

/**
 * A header as compared: NFKC (full-width letters and brackets become half-width), lower case, without spaces,
 * underscores, hyphens, brackets' insides kept, and without a '*' marking a required column.
 */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-*]/gu, '');
}

function whole(value: unknown, path: string, min: number, max: number, fail: Fail): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) fail(path, `must be a whole number from ${min} to ${max}`);
  return value as number;
}

export function parseDisputeImportRules(raw: unknown, fail: Fail): DisputeImportRules {
  const r = record(raw, 'dispute-import', ['limits', 'workbook', 'columns'], fail);
  const l = record(r.limits, 'limits', ['maxFileBytes', 'maxRows', 'batchSize', 'maxCellChars'], fail);
  const w = record(r.workbook, 'workbook', ['maxEntries', 'maxUncompressedBytes', 'maxRatio'], fail);
  if (!Array.isArray(r.columns) || r.columns.length === 0) fail('columns', 'must be a non-empty list');
  const seenFields = new Set<string>();
  const seenHeaders = new Map<string, string>();
  const columns = (r.columns as unknown[]).map((item, i): ImportColumn => {
    const at = `columns[${i}]`;
    const c = record(item, at, ['field', 'headers', 'required', 'description'], fail);
    if (typeof c.field !== 'string' || !(IMPORT_FIELDS as readonly string[]).includes(c.field)) fail(`${at}.field`, `unknown field ${JSON.stringify(c.field)} (one of ${IMPORT_FIELDS.join(', ')})`);
    if (seenFields.has(c.field as string)) fail(`${at}.field`, `${c.field as string} is named twice`);
    seenFields.add(c.field as string);
    if (!Array.isArray(c.headers) || c.headers.length === 0) fail(`${at}.headers`, 'must be a non-empty list of names');
    const headers = (c.headers as unknown[]).map((h, j) => {
      if (typeof h !== 'string' || normaliseHeader(h) === '') fail(`${at}.headers[${j}]`, 'must be a non-empty string');
      const key = normaliseHeader(h as string);
      const owner = seenHeaders.get(key);
      if (owner !== undefined) fail(`${at}.headers[${j}]`, `"${h as string}" is already a name of ${owner}`);
      seenHeaders.set(key, c.field as string);
      return h as string;
    });
    if (typeof c.required !== 'boolean') fail(`${at}.required`, 'must be true or false');
    return { field: c.field as ImportField, headers, required: c.required as boolean, description: bilingual(c.description, `${at}.description`, fail) };
  });
  for (const needed of ['type', 'summary', 'applicantName', 'respondentName'] as const) {
    if (!seenFields.has(needed)) fail('columns', `the intake needs a column for ${needed}`);
  }
  return {
    limits: {
      maxFileBytes: whole(l.maxFileBytes, 'limits.maxFileBytes', 1024, 1024 ** 3, fail),
      maxRows: whole(l.maxRows, 'limits.maxRows', 1, 10_000_000, fail),
      batchSize: whole(l.batchSize, 'limits.batchSize', 1, 10_000, fail),
      maxCellChars: whole(l.maxCellChars, 'limits.maxCellChars', 1000, 10_000_000, fail),
    },
    workbook: {
      maxEntries: whole(w.maxEntries, 'workbook.maxEntries', 4, 100_000, fail),
      maxUncompressedBytes: whole(w.maxUncompressedBytes, 'workbook.maxUncompressedBytes', 1024 * 1024, 8 * 1024 ** 3, fail),
      maxRatio: whole(w.maxRatio, 'workbook.maxRatio', 2, 1100, fail),
    },
    columns,
  };
}
