/**
 * From base metrics to a ranking: each indicator's value (its formula), its 0-100 score (the indicator's scoring
 * method, per direction), the safety index (平安指数: the weighted sum of the scores, the weights renormalised
 * over the indicators that have a score for that subject), ranks (ties share a rank: 1, 1, 3) and the change
 * since the previous period. A subject with a null value (nothing to judge) has no score and no rank. Pure.
 */
import { type Direction, type IndicatorDefinition, SAFETY_INDEX_ID, type Scoring, type SubjectKind } from './definitions.ts';
import { evaluate } from './expression.ts';

export interface Subject {
  kind: SubjectKind;
  /** a unit id or a region code */
  key: string;
  name: string;
  /** a unit's agency (null for a region): which indicators rank it */
  agency: string | null;
  /** base metric -> count over the period */
  metrics: Readonly<Record<string, number>>;
}

export interface RankedValue {
  subjectKind: SubjectKind;
  subjectKey: string;
  subjectName: string;
  indicatorId: string;
  value: number | null;
  score: number | null;
  rank: number | null;
  previousRank: number | null;
  previousValue: number | null;
  /** the base metrics the value was made of (for the safety index: each indicator's score and weight used) */
  base: Record<string, unknown>;
}

/** The previous period's rank and value of a subject on an indicator (from its snapshot). */
export type PreviousLookup = (subjectKey: string, indicatorId: string) => { rank: number | null; value: number | null } | undefined;

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Does the indicator rank this subject? Regions: every indicator listing regions; units: those of its agency. */
export function appliesTo(d: IndicatorDefinition, s: Pick<Subject, 'kind' | 'agency'>): boolean {
  if (!d.subjects.includes(s.kind)) return false;
  return s.kind === 'region' || (s.agency !== null && (d.agencies as readonly string[]).includes(s.agency));
}

/** 0-100 scores of the values (null stays null), by the scoring method and direction. */
export function scoreValues(values: readonly (number | null)[], direction: Direction, scoring: Scoring): (number | null)[] {
  const better = (x: number) => (direction === 'higher-better' ? x : -x);
  if (scoring.method === 'target') {
    const span = better(scoring.target) - better(scoring.floor);
    return values.map((v) => (v === null ? null : round(Math.min(100, Math.max(0, ((better(v) - better(scoring.floor)) / span) * 100)))));
  }
  const present = values.filter((v): v is number => v !== null).map(better);
  if (present.length === 0) return values.map(() => null);
  const lo = Math.min(...present);
  const hi = Math.max(...present);
  return values.map((v) => (v === null ? null : hi === lo ? 100 : round(((better(v) - lo) / (hi - lo)) * 100)));
}

/** Competition ranks by score, highest first (ties share the better rank: 1, 1, 3); null scores are not ranked. */
export function rankScores(scores: readonly (number | null)[]): (number | null)[] {
  return scores.map((s) => (s === null ? null : 1 + scores.filter((o) => o !== null && o > s).length));
}

/** The safety index of one subject: Σ weight × score over the indicators scored, divided by the weights used. */
export function safetyIndex(parts: readonly { weight: number; score: number | null }[]): number | null {
  const scored = parts.filter((p) => p.score !== null && p.weight > 0);
  const weights = scored.reduce((s, p) => s + p.weight, 0);
  if (weights === 0) return null;
  return round(scored.reduce((s, p) => s + p.weight * p.score!, 0) / weights);
}

/**
 * Every indicator's ranking and the safety index's, for subjects of one kind; `previous` gives the last period's
 * rank and value so that the change is frozen with the snapshot.
 */
export function rankSubjects(indicators: readonly IndicatorDefinition[], subjects: readonly Subject[], previous: PreviousLookup = () => undefined): RankedValue[] {
  const out: RankedValue[] = [];
  const scoresBySubject = new Map<string, { id: string; weight: number; score: number | null }[]>();
  for (const d of indicators) {
    const ranked = subjects.filter((s) => appliesTo(d, s));
    if (ranked.length === 0) continue;
    const values = ranked.map((s) => {
      const v = evaluate(d.expr, s.metrics);
      return v === null ? null : round(v);
    });
    const scores = scoreValues(values, d.direction, d.scoring);
    const ranks = rankScores(scores);
    ranked.forEach((s, i) => {
      const prev = previous(s.key, d.id);
      out.push({
        subjectKind: s.kind,
        subjectKey: s.key,
        subjectName: s.name,
        indicatorId: d.id,
        value: values[i]!,
        score: scores[i]!,
        rank: ranks[i]!,
        previousRank: prev?.rank ?? null,
        previousValue: prev?.value ?? null,
        base: Object.fromEntries(d.metrics.map((m) => [m, s.metrics[m] ?? 0])),
      });
      const list = scoresBySubject.get(s.key) ?? [];
      list.push({ id: d.id, weight: d.weight, score: scores[i]! });
      scoresBySubject.set(s.key, list);
    });
  }
  const indexed = subjects.filter((s) => scoresBySubject.has(s.key));
  const indexValues = indexed.map((s) => safetyIndex(scoresBySubject.get(s.key)!));
  const indexRanks = rankScores(indexValues);
  indexed.forEach((s, i) => {
    const prev = previous(s.key, SAFETY_INDEX_ID);
    out.push({
      subjectKind: s.kind,
      subjectKey: s.key,
      subjectName: s.name,
      indicatorId: SAFETY_INDEX_ID,
      value: indexValues[i]!,
      score: indexValues[i]!,
      rank: indexRanks[i]!,
      previousRank: prev?.rank ?? null,
      previousValue: prev?.value ?? null,
      base: Object.fromEntries(scoresBySubject.get(s.key)!.map((p) => [p.id, { weight: p.weight, score: p.score }])),
    });
  });
  return out;
}

/** The change since the previous period: rank delta (positive = moved up) and value delta; null when either is missing. */
export function changeOf(r: { rank: number | null; previousRank: number | null; value: number | null; previousValue: number | null }): { rank: number | null; value: number | null } {
  return {
    rank: r.rank !== null && r.previousRank !== null ? r.previousRank - r.rank : null,
    value: r.value !== null && r.previousValue !== null ? round(r.value - r.previousValue) : null,
  };
}
