// The stability risk assessment API (issue 7 part 4) as typed calls over the one `request`; shapes as
// src/modules/risk-assessments/risk-assessments.schema.ts.
import { type CallOptions, request } from './client.ts';
import type { Bilingual, Page } from './types.ts';

// The vocabulary is the server's own (src/engine/risk-assessments): one list of states, levels, decisions, kinds.
import { RISK_ASSESSMENT_STATES } from '../../../src/engine/risk-assessments/assessment-flow.ts';
import type { Decision, OpinionKind as EngineOpinionKind, RiskLevel as EngineRiskLevel } from '../../../src/engine/risk-assessments/risk-matrix.ts';
export { DECISIONS as RISK_DECISIONS, OPINION_KINDS, RISK_LEVELS } from '../../../src/engine/risk-assessments/risk-matrix.ts';

export const RISK_STATES = RISK_ASSESSMENT_STATES;
export type RiskState = (typeof RISK_STATES)[number];
export type RiskLevel = EngineRiskLevel;
export type RiskDecision = Decision;
export type OpinionKind = EngineOpinionKind;
/** The steps in the order the page offers them. */
export const RISK_ACTIONS = ['plan', 'add-opinion', 'list-risk', 'rate', 'decide', 'add-mitigation', 'review'] as const;
export type RiskAction = (typeof RISK_ACTIONS)[number] | 'edit-risk' | 'complete-mitigation';

export interface RiskAssessmentSummary {
  id: string;
  number: string;
  title: string;
  summary: string;
  decisionBody: string;
  ownerUnitId: string;
  ownerUnitName: string;
  ownerAgency: string;
  regionCode: string;
  regionName: string;
  peopleAffected: number;
  state: RiskState;
  plan: string | null;
  planDueOn: string | null;
  rating: RiskLevel | null;
  decision: RiskDecision | null;
  decisionNote: string | null;
  reviewNote: string | null;
  reassessments: number;
  registeredAt: string;
  plannedAt: string | null;
  ratedAt: string | null;
  decidedAt: string | null;
  reviewedAt: string | null;
  updatedAt: string;
  version: number;
}

export interface RiskAssessmentListItem extends RiskAssessmentSummary {
  mitigationsOpen: number;
  mitigationsDone: number;
}

export interface RiskOpinion {
  id: string;
  kind: OpinionKind;
  heldOn: string;
  summary: string;
  participants: number;
  countFor: number;
  countAgainst: number;
  recordedAt: string;
}

export interface RiskItem {
  id: string;
  title: string;
  likelihood: number;
  impact: number;
  level: RiskLevel;
  mitigation: string;
  listedAt: string;
  updatedAt: string;
}

export interface RiskMitigation {
  id: string;
  riskItemId: string;
  action: string;
  responsibleUnitId: string;
  responsibleUnitName: string;
  dueOn: string;
  state: 'open' | 'done';
  doneAt: string | null;
  note: string | null;
  openExplanation: string | null;
  createdAt: string;
}

export interface RiskTimelineEntry {
  id: number;
  at: string;
  kind: string;
  unitId: string | null;
  unitName: string | null;
  note: string | null;
  dueAt: string | null;
  fromState: string | null;
  toState: string | null;
}

export interface RiskAssessmentPage extends RiskAssessmentSummary {
  open: boolean;
  opinions: RiskOpinion[];
  risks: RiskItem[];
  mitigations: RiskMitigation[];
  timeline: RiskTimelineEntry[];
  isOwner: boolean;
  actions: string[];
  allowedDecisions: RiskDecision[];
  proposedRating: { rating: RiskLevel; reasons: { level: RiskLevel; zh: string; en: string }[] } | null;
}

export interface RiskRules {
  basis: Bilingual;
  matrix: {
    source: string;
    likelihood: { value: number; zh: string; en: string }[];
    impact: { value: number; zh: string; en: string }[];
    levels: { level: RiskLevel; minScore: number }[];
  };
  rating: { source: string; anyRiskAt: string[]; mediumRisksMakeHigh: number | null; opposition: { kinds: string[]; high: number; medium: number } };
  decisions: Record<RiskLevel, RiskDecision[]>;
  opinionKinds: { id: OpinionKind; zh: string; en: string; source: string }[];
}

export interface RiskQuery {
  state?: RiskState;
  rating?: RiskLevel;
  region?: string;
  owner?: string;
  /** 'true': only those not yet reviewed nor given up */
  open?: 'true';
  page?: number;
  pageSize?: number;
}

export interface NewRiskAssessment {
  title: string;
  summary: string;
  decisionBody: string;
  regionCode: string;
  peopleAffected: number;
}

export interface RiskBody {
  title: string;
  likelihood: number;
  impact: number;
  mitigation: string;
}

const enc = encodeURIComponent;
const post = <T>(path: string, body: object) => request<T>(path, { method: 'POST', body });

export const riskApi = {
  rules: (o: CallOptions = {}) => request<RiskRules>('/api/rules/risk-assessment', o),
  list: (q: RiskQuery = {}, o: CallOptions = {}) => request<Page<RiskAssessmentListItem>>('/api/risk-assessments', { ...o, query: { ...q } }),
  one: (id: string, o: CallOptions = {}) => request<RiskAssessmentPage>(`/api/risk-assessments/${enc(id)}`, o),
  register: (body: NewRiskAssessment) => post<{ id: string; number: string }>('/api/risk-assessments', body),
  plan: (id: string, body: { plan: string; dueOn: string }) => post<RiskAssessmentPage>(`/api/risk-assessments/${enc(id)}/plan`, body),
  addOpinion: (id: string, body: Omit<RiskOpinion, 'id' | 'recordedAt'>) => post<RiskAssessmentPage>(`/api/risk-assessments/${enc(id)}/opinions`, body),
  listRisk: (id: string, body: RiskBody) => post<RiskAssessmentPage>(`/api/risk-assessments/${enc(id)}/risks`, body),
  editRisk: (id: string, riskId: string, body: RiskBody) => request<RiskAssessmentPage>(`/api/risk-assessments/${enc(id)}/risks/${enc(riskId)}`, { method: 'PUT', body }),
  rate: (id: string, body: { note?: string }) => post<RiskAssessmentPage>(`/api/risk-assessments/${enc(id)}/rate`, body),
  decide: (id: string, body: { decision: RiskDecision; note?: string }) => post<RiskAssessmentPage>(`/api/risk-assessments/${enc(id)}/decision`, body),
  addMitigation: (id: string, body: { riskItemId: string; action: string; responsibleUnitId: string; dueOn: string }) =>
    post<RiskAssessmentPage>(`/api/risk-assessments/${enc(id)}/mitigations`, body),
  completeMitigation: (id: string, mitigationId: string, body: { note?: string }) =>
    post<RiskAssessmentPage>(`/api/risk-assessments/${enc(id)}/mitigations/${enc(mitigationId)}/complete`, body),
  review: (id: string, body: { note: string; explanations?: { mitigationId: string; explanation: string }[] }) =>
    post<RiskAssessmentPage>(`/api/risk-assessments/${enc(id)}/review`, body),
};
