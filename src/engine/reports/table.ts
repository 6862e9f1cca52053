/**
 * From the raw fields a report's query yields per group to the table a renderer draws: the visible columns in
 * order, ratios worked out (null when the denominator is 0: no cases is not a bad rate), and a totals row that
 * adds the raw fields and works the ratios out again from the sums (never an average of the groups' rates). Pure.
 */
import type { ReportDefinition } from './definitions.ts';
import { rawFields } from './definitions.ts';

export interface RawGroup {
  key: string;
  name: string;
  nameEn: string;
  values: Readonly<Record<string, number | null>>;
}

export interface ReportTable {
  rows: { key: string; name: string; nameEn: string; cells: (number | null)[] }[];
  /** null when the report has no totals row */
  totals: (number | null)[] | null;
}

function cellsOf(def: ReportDefinition, values: Readonly<Record<string, number | null>>): (number | null)[] {
  return def.columns.map((c) => {
    // a field absent from a group counts 0; one given as null (a rank not held) stays empty
    if (!c.ratio) return values[c.id] === undefined ? 0 : values[c.id]!;
    const num = values[c.ratio[0]] ?? 0;
    const den = values[c.ratio[1]] ?? 0;
    return den === 0 ? null : num / den;
  });
}

/** The rows and totals of one report over its groups. */
export function shapeReport(def: ReportDefinition, groups: readonly RawGroup[]): ReportTable {
  const rows = groups.map((g) => ({ key: g.key, name: g.name, nameEn: g.nameEn, cells: cellsOf(def, g.values) }));
  if (!def.totals) return { rows, totals: null };
  const sums: Record<string, number> = {};
  for (const f of rawFields(def)) sums[f] = groups.reduce((s, g) => s + (g.values[f] ?? 0), 0);
  const totals = cellsOf(def, sums).map((v, i) => (def.columns[i]!.total ? v : null));
  return { rows, totals };
}

/** The totals of a report as `reportId.columnId` -> figure, for the bulletin. */
export function totalsByKey(def: ReportDefinition, table: ReportTable): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  def.columns.forEach((c, i) => {
    out[`${def.id}.${c.id}`] = table.totals ? (table.totals[i] ?? null) : null;
  });
  return out;
}

/** A figure as printed in the PDF and the bulletin (Excel keeps the number and its format). */
export function formatFigure(value: number | null, format: ReportDefinition['columns'][number]['format']): string {
  if (value === null) return '—';
  switch (format) {
    case 'percent':
      return `${(value * 100).toFixed(1)}%`;
    case 'decimal':
      return value.toFixed(2);
    default:
      return Math.round(value).toLocaleString('en-US');
  }
}
