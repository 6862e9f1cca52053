// Pure helpers of the oversight pages: a hit's facts in words, a model's basis, what each step of a supervision item
// asks for, and the chart options. No React, no I/O.
import type { ChartOption } from '../../components/echart.tsx';
import type { ItemAction, ModelParameter, TrendDay } from '../../api/types.ts';

/** An ISO 8601 moment (2026-03-01T08:00:00Z, 2026-03-01T08:00:00.123+08:00) as PostgreSQL's jsonb writes it. */
const MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export interface FactFormat {
  labels: Record<string, string>;
  yes: string;
  no: string;
  none: string;
  separator: string;
  dateTime: (iso: string) => string;
  /** Names a value the server gives as an id (a stage, a scenario, a rule …); undefined keeps it as it is. */
  term?: (key: string, value: string) => string | undefined;
}

export interface Fact {
  key: string;
  label: string;
  value: string;
}

/** Facts that are ids (person_id, incident_id …): the user has no use for a uuid. */
export const isIdFact = (key: string) => key === 'id' || key.endsWith('_id');

/**
 * A hit's facts as label and value, in the order the model wrote them, leaving out `skip` (shown elsewhere) and
 * the ids.
 */
export function factEntries(facts: Record<string, unknown>, f: FactFormat, skip: readonly string[] = ['case_number']): Fact[] {
  return Object.entries(facts)
    .filter(([key]) => !skip.includes(key) && !isIdFact(key))
    .map(([key, value]) => ({ key, label: f.labels[key] ?? key, value: factValue(key, value, f) }));
}

/** One fact's value in words: moments in local time, switches as yes / no, lists joined, ids named. */
export function factValue(key: string, value: unknown, f: FactFormat): string {
  if (value === null || value === undefined || value === '') return f.none;
  if (typeof value === 'boolean') return value ? f.yes : f.no;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (MOMENT.test(value)) return f.dateTime(value);
    return f.term?.(key, value) ?? value;
  }
  if (Array.isArray(value)) return value.length === 0 ? f.none : value.map((v) => factValue(key, v, f)).join(f.separator);
  return JSON.stringify(value);
}

/** A model's basis: each article as 《law》第N条 (through `article`), else the policy it follows. */
export function basisText(
  model: { basis: readonly { law: string; article: string }[]; policy: { zh: string; en: string } | null },
  article: (law: string, article: string) => string,
  pick: (text: { zh: string; en: string }) => string,
  separator: string,
): string {
  if (model.basis.length > 0) return model.basis.map((b) => article(b.law, b.article)).join(separator);
  return model.policy ? pick(model.policy) : '';
}

/** The definition as the page shows it in a monospace block: the SQL as written, a condition as indented JSON. */
export function definitionText(definition: unknown): string {
  if (typeof definition === 'string') return definition.trimEnd();
  return JSON.stringify(definition, null, 2) ?? '';
}

/** Which input a parameter takes on the setting form. */
export function parameterInput(p: Pick<ModelParameter, 'type' | 'value'>): 'number' | 'switch' | 'tags' | 'text' {
  if (p.type === 'integer' || p.type === 'number' || typeof p.value === 'number') return 'number';
  if (p.type === 'boolean' || typeof p.value === 'boolean') return 'switch';
  if (p.type.endsWith('-list') || Array.isArray(p.value)) return 'tags';
  return 'text';
}

export interface ActionNeeds {
  note: boolean;
  dueDate: 'required' | 'optional' | 'none';
  verdict: boolean;
  unit: boolean;
}

/**
 * What the dialog of a step asks for, as the server checks it (supervision.service.ts actOnItem): a note for
 * a follow-up, a report, a comment and a failed verification; a new date for a follow-up (and optionally when
 * assigning or failing a verification); pass or fail for a verification; a unit when assigning.
 */
export function actionNeeds(action: ItemAction, verifiedOk = true): ActionNeeds {
  switch (action) {
    case 'follow-up':
      return { note: true, dueDate: 'required', verdict: false, unit: false };
    case 'report':
    case 'comment':
      return { note: true, dueDate: 'none', verdict: false, unit: false };
    case 'verify':
      return { note: !verifiedOk, dueDate: verifiedOk ? 'none' : 'optional', verdict: true, unit: false };
    case 'assign':
      return { note: false, dueDate: 'optional', verdict: false, unit: true };
    case 'accept':
      return { note: false, dueDate: 'none', verdict: false, unit: false };
  }
}

/** Tag colours of an item's states. */
export const STATE_COLOURS: Record<string, string> = {
  open: 'default',
  assigned: 'blue',
  rectifying: 'orange',
  reported: 'purple',
  closed: 'green',
};

export const SEVERITY_COLOURS: Record<string, string> = { high: 'red', medium: 'orange', low: 'blue' };

/** The day part (YYYY-MM-DD, China Standard Time) of a due moment, which the server sets at 24:00 of that day. */
export function dueDay(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  // 24:00 CST is 00:00 of the next day: step back a millisecond to stay on the due day
  return new Date(ms + 8 * 3_600_000 - 1).toISOString().slice(0, 10);
}

/** Horizontal bars of counts, largest at the top, names truncated. */
export function countBarOption(rows: readonly { name: string; count: number }[], series: string): ChartOption {
  const shown = [...rows].sort((a, b) => b.count - a.count).reverse();
  return {
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: shown.map((r) => r.name), axisLabel: { width: 200, overflow: 'truncate' } },
    series: [{ type: 'bar', name: series, data: shown.map((r) => r.count), barMaxWidth: 16 }],
  };
}

/** Two lines over the days: warnings opened and closed each day (days without either are zero). */
export function trendOption(trend: readonly TrendDay[], names: { opened: string; closed: string }): ChartOption {
  return {
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: trend.map((d) => d.day.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'line', name: names.opened, data: trend.map((d) => d.opened), smooth: false, showSymbol: false },
      { type: 'line', name: names.closed, data: trend.map((d) => d.closed), smooth: false, showSymbol: false },
    ],
  };
}
