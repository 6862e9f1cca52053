/**
 * The standard statistical reports as data (rules/reports.yaml): each report's title, its grouping, its columns
 * with headers and number formats, and the notes defining every figure and its source. The counting is the
 * repository's SQL, one function per report yielding the report's raw fields; here the parser, which checks each
 * report against the fields its query yields. Pure.
 */
import { type Fail, bilingual, oneOf, record, text } from '../rules-data.ts';

export const REPORT_GROUPINGS = ['unit', 'region', 'agency', 'state', 'model'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];
export const COLUMN_FORMATS = ['count', 'percent', 'decimal', 'rank'] as const;
export type ColumnFormat = (typeof COLUMN_FORMATS)[number];
/** Which permission resource a report is read under: the criminal-justice figures or the governance center's. */
export const REPORT_AUDIENCES = ['case', 'governance'] as const;
export type ReportAudience = (typeof REPORT_AUDIENCES)[number];

type Text2 = { zh: string; en: string };

export interface ReportColumn {
  id: string;
  header: Text2;
  format: ColumnFormat;
  /** a ratio of two raw fields (a rate, or an average as sum / count); absent: the raw field of the same id */
  ratio?: [string, string];
  /** whether the totals row carries it (a rank or a score does not add up) */
  total: boolean;
}

export interface ReportDefinition {
  id: string;
  title: Text2;
  audience: ReportAudience;
  groupBy: ReportGrouping;
  groupHeader: Text2;
  columns: ReportColumn[];
  /** raw fields the query yields that only feed ratios */
  hidden: string[];
  totals: boolean;
  notes: { column: string | null; text: Text2 }[];
  source: Text2;
}

/** Excel number formats of each column format (also what the PDF rounds to). */
export const EXCEL_FORMATS: Record<ColumnFormat, string> = { count: '#,##0', percent: '0.0%', decimal: '0.00', rank: '0' };

/** The raw fields a report needs from its query: its plain columns and its hidden fields. */
export function rawFields(def: Pick<ReportDefinition, 'columns' | 'hidden'>): string[] {
  return [...def.columns.filter((c) => !c.ratio).map((c) => c.id), ...def.hidden];
}

const ID = /^[a-z][a-z0-9-]*$/;
const FIELD = /^[a-z][a-z0-9_]*$/;

/**
 * Parses rules/reports.yaml; `implemented` maps each report id counted by the repository to the raw fields its
 * query yields: every report must be counted, every field it names yielded, every counted report defined.
 */
export function parseReportDefinitions(raw: unknown, implemented: Readonly<Record<string, readonly string[]>>, fail: Fail): ReportDefinition[] {
  const r = record(raw, 'file', ['reports'], fail);
  if (!Array.isArray(r.reports) || r.reports.length === 0) fail('reports', 'must be a non-empty list');
  const seen = new Set<string>();
  const list = (r.reports as unknown[]).map((item, i) => {
    const at = `reports[${i}]`;
    const x = record(item, at, ['id', 'zh', 'en', 'audience', 'groupBy', 'groupHeader', 'columns', 'hidden', 'totals', 'notes', 'source'], fail);
    const id = text(x.id, `${at}.id`, fail);
    if (!ID.test(id)) fail(`${at}.id`, 'must be lower-case words joined by hyphens');
    if (seen.has(id)) fail(`${at}.id`, `${id} is defined twice`);
    seen.add(id);
    const yielded = implemented[id];
    if (!yielded) fail(`${at}.id`, `no query counts ${id} (counted: ${Object.keys(implemented).join(', ')})`);
    if (!Array.isArray(x.columns) || x.columns.length === 0) fail(`${at}.columns`, 'must be a non-empty list');
    const hidden = x.hidden === undefined ? [] : Array.isArray(x.hidden) ? x.hidden.map((h, j) => text(h, `${at}.hidden[${j}]`, fail)) : fail(`${at}.hidden`, 'must be a list of field names');
    const columnIds = new Set<string>();
    const columns = (x.columns as unknown[]).map((c, j) => {
      const cat = `${at}.columns[${j}]`;
      const y = record(c, cat, ['id', 'zh', 'en', 'format', 'ratio', 'total'], fail);
      const cid = text(y.id, `${cat}.id`, fail);
      if (!FIELD.test(cid)) fail(`${cat}.id`, 'must be a lower-case field name (a-z, 0-9, _)');
      if (columnIds.has(cid)) fail(`${cat}.id`, `${cid} is used twice`);
      columnIds.add(cid);
      let ratio: [string, string] | undefined;
      if (y.ratio !== undefined) {
        if (!Array.isArray(y.ratio) || y.ratio.length !== 2) fail(`${cat}.ratio`, 'must be [numerator field, denominator field]');
        ratio = [text((y.ratio as unknown[])[0], `${cat}.ratio[0]`, fail), text((y.ratio as unknown[])[1], `${cat}.ratio[1]`, fail)];
      }
      if (y.total !== undefined && typeof y.total !== 'boolean') fail(`${cat}.total`, 'must be true or false');
      return { id: cid, header: bilingual({ zh: y.zh, en: y.en }, cat, fail), format: oneOf(y.format, COLUMN_FORMATS, `${cat}.format`, fail), ...(ratio ? { ratio } : {}), total: y.total !== false };
    });
    const raws = rawFields({ columns, hidden });
    for (const f of raws) if (!yielded!.includes(f)) fail(`${at}`, `field ${f} is not yielded by the query of ${id} (it yields: ${yielded!.join(', ')})`);
    columns.forEach((c, j) => {
      for (const f of c.ratio ?? []) if (!raws.includes(f)) fail(`${at}.columns[${j}].ratio`, `${f} is neither a plain column nor a hidden field`);
    });
    if (x.totals !== undefined && typeof x.totals !== 'boolean') fail(`${at}.totals`, 'must be true or false');
    if (!Array.isArray(x.notes) || x.notes.length === 0) fail(`${at}.notes`, 'must list the definition of the figures');
    const notes = (x.notes as unknown[]).map((n, j) => {
      const nat = `${at}.notes[${j}]`;
      const y = record(n, nat, ['column', 'zh', 'en'], fail);
      const column = y.column === undefined ? null : text(y.column, `${nat}.column`, fail);
      if (column !== null && !columnIds.has(column)) fail(`${nat}.column`, `${column} is not a column of ${id}`);
      return { column, text: bilingual({ zh: y.zh, en: y.en }, nat, fail) };
    });
    return {
      id,
      title: bilingual({ zh: x.zh, en: x.en }, at, fail),
      audience: oneOf(x.audience, REPORT_AUDIENCES, `${at}.audience`, fail),
      groupBy: oneOf(x.groupBy, REPORT_GROUPINGS, `${at}.groupBy`, fail),
      groupHeader: bilingual(x.groupHeader, `${at}.groupHeader`, fail),
      columns,
      hidden,
      totals: x.totals !== false,
      notes,
      source: bilingual(x.source, `${at}.source`, fail),
    };
  });
  for (const id of Object.keys(implemented)) if (!seen.has(id)) fail('reports', `${id} is counted but has no definition`);
  return list;
}
