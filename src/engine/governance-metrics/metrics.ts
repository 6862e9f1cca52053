/**
 * The governance center's metrics as data (rules/governance/metrics.yaml): each with its name, what it counts
 * and its definition in words, shown beside every figure. The counting is the repository's SQL, one query per id;
 * here the parser and the arithmetic from counts to figures. Pure.
 */
import { type Fail, bilingual, oneOf, record, text } from '../rules-data.ts';

export const METRIC_SUBJECTS = ['dispute', 'petition', 'grid-event'] as const;
export const METRIC_KINDS = ['rate', 'average'] as const;

export interface MetricDefinition {
  id: string;
  name: { zh: string; en: string };
  subject: (typeof METRIC_SUBJECTS)[number];
  kind: (typeof METRIC_KINDS)[number];
  direction: 'higher-better' | 'lower-better';
  definition: { zh: string; en: string };
}

/** Parses the metrics file; every id must be one of `implemented` (the repository's queries) and each of those defined. */
export function parseMetricDefinitions(raw: unknown, implemented: readonly string[], fail: Fail): MetricDefinition[] {
  const r = record(raw, 'file', ['metrics'], fail);
  if (!Array.isArray(r.metrics) || r.metrics.length === 0) fail('metrics', 'must be a non-empty list');
  const seen = new Set<string>();
  const list = (r.metrics as unknown[]).map((m, i) => {
    const at = `metrics[${i}]`;
    const x = record(m, at, ['id', 'zh', 'en', 'subject', 'kind', 'direction', 'definition'], fail);
    const id = text(x.id, `${at}.id`, fail);
    if (seen.has(id)) fail(`${at}.id`, `${id} is defined twice`);
    seen.add(id);
    if (!implemented.includes(id)) fail(`${at}.id`, `no query counts ${id} (counted: ${implemented.join(', ')})`);
    return {
      id,
      name: bilingual({ zh: x.zh, en: x.en }, at, fail),
      subject: oneOf(x.subject, METRIC_SUBJECTS, `${at}.subject`, fail),
      kind: oneOf(x.kind, METRIC_KINDS, `${at}.kind`, fail),
      direction: oneOf(x.direction, ['higher-better', 'lower-better'] as const, `${at}.direction`, fail),
      definition: bilingual(x.definition, `${at}.definition`, fail),
    };
  });
  for (const id of implemented) if (!seen.has(id)) fail('metrics', `${id} is counted but has no definition`);
  return list;
}

/** What a query counts for one group: a rate's numerator and denominator, or an average's sum and count. */
export interface MetricCounts {
  numerator: number;
  denominator: number;
}

/** The figure: a share (0–1) or a mean; null when nothing was counted (not 0: no disputes is not a bad rate). */
export function figureOf(counts: MetricCounts): number | null {
  return counts.denominator === 0 ? null : counts.numerator / counts.denominator;
}
