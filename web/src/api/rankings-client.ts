// The rankings API (晾晒: indicators, frozen snapshots, rankings, listed remediation) as typed calls over the one `request`.
import type { Bilingual } from './types.ts';
import { type CallOptions, request } from './client.ts';

export type PeriodKind = 'day' | 'month' | 'quarter';
export type SubjectKind = 'unit' | 'region';
export type Direction = 'higher-better' | 'lower-better';

export interface Indicator {
  id: string;
  name: Bilingual;
  formula: string;
  metrics: string[];
  direction: Direction;
  weight: number;
  unit: Bilingual;
  scoring: { method: 'min-max' } | { method: 'target'; target: number; floor: number };
  source: { table: string; policy: string };
  subjects: SubjectKind[];
  agencies: string[];
}

export interface IndicatorList {
  rulesDigest: string;
  safetyIndex: { id: string; name: Bilingual; method: Bilingual };
  indicators: Indicator[];
}

export interface Snapshot {
  id: string;
  periodKind: PeriodKind;
  period: string;
  regionCode: string;
  regionName: string;
  takenAt: string;
  takenBy: string | null;
  takenByUnit: string | null;
  rulesDigest: string;
  values: number;
}

export interface RankingRow {
  subjectKind: SubjectKind;
  subjectKey: string;
  subjectName: string;
  indicatorId: string;
  value: number | null;
  score: number | null;
  rank: number | null;
  previousRank: number | null;
  previousValue: number | null;
  change: { rank: number | null; value: number | null };
  baseMetrics: Record<string, unknown>;
}

export interface Ranking {
  snapshot: Snapshot;
  subject: SubjectKind;
  indicatorId: string;
  indicator: Indicator | null;
  weights: { id: string; name: Bilingual; weight: number; direction: Direction }[];
  rows: RankingRow[];
}

export type RemediationState = 'listed' | 'in-progress' | 'overdue-extended' | 'lifted';

export interface RemediationGoal {
  indicatorId?: string;
  text?: string;
  target?: number;
}

export interface Remediation {
  id: string;
  regionCode: string;
  regionName: string;
  problem: string;
  goals: RemediationGoal[];
  listedAt: string;
  deadline: string;
  state: RemediationState;
  overdue: boolean;
  listedByUnitName: string;
  liftedAt: string | null;
  goalsMet: boolean | null;
  liftReason: string | null;
}

export interface RemediationPage extends Omit<Remediation, 'goals'> {
  goals: (RemediationGoal & { latest: { value: number | null; period: string; periodKind: string } | null; met: boolean | null })[];
  actions: ('progress' | 'extend' | 'lift')[];
  timeline: { at: string; kind: string; unitName: string | null; note: string; data: Record<string, unknown>; fromState: string | null; toState: string }[];
}

export type RemediationStep =
  | { action: 'progress'; note: string; values?: { goal: number; value: number }[] }
  | { action: 'extend'; note: string; deadline: string }
  | { action: 'lift'; note: string; goalsMet: boolean };

const enc = encodeURIComponent;

export const rankingsApi = {
  indicators: (o: CallOptions = {}) => request<IndicatorList>('/api/indicators', o),
  snapshots: (q: { periodKind?: PeriodKind; region?: string }, o: CallOptions = {}) =>
    request<{ items: Snapshot[]; total: number }>('/api/indicator-snapshots', { ...o, query: { ...q, pageSize: 200 } }),
  takeSnapshot: (body: { periodKind: PeriodKind; period: string; region?: string }) => request<Snapshot>('/api/indicator-snapshots', { method: 'POST', body }),
  ranking: (q: { periodKind: PeriodKind; period: string; region?: string; subject: SubjectKind; indicator: string }, o: CallOptions = {}) =>
    request<Ranking>('/api/rankings', { ...o, query: q }),
  remediations: (q: { state?: RemediationState } = {}, o: CallOptions = {}) =>
    request<{ items: Remediation[]; total: number }>('/api/remediations', { ...o, query: { ...q, pageSize: 200 } }),
  remediation: (id: string, o: CallOptions = {}) => request<RemediationPage>(`/api/remediations/${enc(id)}`, o),
  list: (body: { regionCode: string; problem: string; goals: RemediationGoal[]; deadline: string; snapshotId?: string }) =>
    request<RemediationPage>('/api/remediations', { method: 'POST', body }),
  act: (id: string, body: RemediationStep) => request<RemediationPage>(`/api/remediations/${enc(id)}/actions`, { method: 'POST', body }),
};
