// Shapes of the governance API (disputes, petitions, grid events, metrics) as the staff pages use them. Kept in
// step with src/modules/{disputes,petitions,grid-events}/*.schema.ts.
import type { Bilingual, PageQuery } from './types.ts';

// --- disputes (矛盾纠纷, flows.md §3) ------------------------------------------------------------------------------

/** The dispute's states in the flow's order (src/engine/disputes/dispute-flow.ts). */
export const DISPUTE_STATES = [
  'intake',
  'assessed',
  'routed',
  'handling',
  'agreement',
  'no-agreement',
  'confirmation-requested',
  'confirmed',
  'refused',
  'closed',
  'followed-up',
  'withdrawn',
] as const;
export type DisputeState = (typeof DISPUTE_STATES)[number];

/** The steps on a dispute, in the flow's order: the page offers those the server lists in `actions`. */
export const DISPUTE_ACTIONS = [
  'assess',
  'route',
  'session',
  'agree',
  'no-agreement',
  'request-confirmation',
  'accept-confirmation',
  'decide-confirmation',
  'close',
  'withdraw',
  'visit',
  'rate',
  'reopen',
  'follow-up',
  'note',
] as const;
export type DisputeAction = (typeof DISPUTE_ACTIONS)[number];

export const DISPUTE_CHANNELS = ['walk-in', 'hotline', 'referral', 'grid', 'court-referral'] as const;
export type DisputeChannel = (typeof DISPUTE_CHANNELS)[number];
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const URGENCIES = ['normal', 'urgent'] as const;
export type DisputeUrgency = (typeof URGENCIES)[number];
export const ROUTE_KINDS = ['mediation-committee', 'administrative', 'court-pre-litigation', 'arbitration', 'legal-aid'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

export interface DisputePartyInput {
  role: 'applicant' | 'respondent';
  kind: 'person' | 'organisation';
  name: string;
  phone?: string | null;
  idNumber?: string | null;
  address?: string | null;
}

export interface NewDispute {
  channel: DisputeChannel;
  type: string;
  riskLevel?: RiskLevel;
  urgency?: DisputeUrgency;
  amount?: number | null;
  summary: string;
  regionCode?: string;
  parties: DisputePartyInput[];
  importKey?: string;
}

export interface IntakeResult {
  id: string;
  number: string;
  trackingCode: string;
  created: boolean;
  reopenedFrom: { id: string; number: string } | null;
}

export interface DisputeSummary {
  id: string;
  number: string;
  trackingCode: string;
  channel: string;
  state: string;
  type: string;
  typeName: Bilingual;
  riskLevel: string;
  urgency: string;
  amount: number | null;
  summary: string;
  regionCode: string;
  intakeUnitId: string;
  intakeUnitName: string;
  handlingUnitId: string | null;
  handlingUnitName: string | null;
  handlingAgency: string | null;
  holderAgency: string;
  routeKind: string | null;
  routeRule: string | null;
  handlerId: string | null;
  dueAt: string | null;
  overdue: boolean;
  followUps: number;
  outcome: string | null;
  referredTo: string | null;
  closedAt: string | null;
  visitedAt: string | null;
  visitNote: string | null;
  satisfaction: number | null;
  reopenedFrom: string | null;
  reopenedFromNumber: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface DisputeListItem extends DisputeSummary {
  /** masked */
  firstApplicant: string | null;
  firstRespondent: string | null;
}

export interface DisputeQuery extends PageQuery {
  state?: DisputeState | 'open';
  type?: string;
  risk?: RiskLevel;
  unit?: string;
  region?: string;
  mine?: boolean;
  overdue?: boolean;
}

export interface DisputeParty {
  id: string;
  role: string;
  kind: string;
  name: string;
  phone: string | null;
  idNumber: string | null;
  address: string | null;
}

export interface DisputeEvent {
  id: number;
  at: string;
  kind: string;
  unitId: string | null;
  unitName: string | null;
  userId: string | null;
  note: string | null;
  data: Record<string, unknown>;
  fromState: string | null;
  toState: string | null;
}

export interface DisputeAgreement {
  id: string;
  terms: string;
  performance: string;
  pdfSm3: string;
  pdfSize: number;
  sealedByUnitId: string;
  sealKeyId: string;
  sealSignature: string;
  signedAt: string;
  confirmationState: string;
  courtUnitId: string | null;
  courtUnitName: string | null;
  requestedAt: string | null;
  acceptedAt: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  seal: { keyId: string; unitId: string; valid: boolean } | null;
}

/** A statutory clock of a governance matter (dispute, petition): its name, state and due moment. */
export interface MatterClock {
  id?: string;
  ruleId: string;
  name: Bilingual;
  state: string;
  dueAt: string | null;
  provisional: boolean;
  unitId: string | null;
  startedAt: string;
}

export interface DisputePage extends DisputeSummary {
  personalData: 'whole' | 'masked';
  parties: DisputeParty[];
  events: DisputeEvent[];
  agreement: DisputeAgreement | null;
  clocks: MatterClock[];
  side: string | null;
  actions: string[];
  eventId?: number;
  reopened?: IntakeResult | null;
}

export interface DisputeActionRequest {
  action: DisputeAction;
  note?: string;
  type?: string;
  riskLevel?: RiskLevel;
  urgency?: DisputeUrgency;
  amount?: number | null;
  unitId?: string;
  kind?: RouteKind;
  terms?: string;
  performance?: string;
  courtUnitId?: string;
  decision?: boolean;
  outcome?: 'resolved' | 'not-resolved-referred';
  referredTo?: string;
  satisfaction?: number;
}

export interface DisputeRules {
  types: { id: string; name: Bilingual; risk: string; routeAs: string; handling: { unit: string; length: number; source: Bilingual } }[];
  matching: { duplicateWithinDays: number; reopenWithinDays: number; basis: Bilingual };
  steps: { assess: number; route: number; close: number; visit: number; basis: Bilingual };
  kinds: { id: string; name: Bilingual; agencies: string[] }[];
  routes: unknown[];
  channels: string[];
}

// --- petitions (信访, flows.md §4) --------------------------------------------------------------------------------

export const PETITION_STATES = [
  'received',
  'routed',
  'accepted',
  'not-accepted',
  'objected',
  'opinion-issued',
  'review-requested',
  'review-answered',
  'rereview-requested',
  'final',
  'in-legal-procedure',
] as const;
export type PetitionState = (typeof PETITION_STATES)[number];

/** The steps on a petition in the flow's order (src/engine/petitions/petition-flow.ts; register creates one). */
export const PETITION_ACTIONS = [
  'route',
  'accept',
  'refuse',
  'object',
  'extend',
  'issue-opinion',
  'request-review',
  'answer-review',
  'request-rereview',
  'answer-rereview',
  'conclude',
  'route-legal',
] as const;
export type PetitionAction = (typeof PETITION_ACTIONS)[number];

export const PETITION_CHANNELS = ['visit', 'letter', 'online', 'phone', 'referral'] as const;
export const LEGAL_ROUTES = ['complaint', 'retrial-application', 'state-compensation', 'case-procedure'] as const;
export const PETITION_OUTCOMES = ['supported', 'explained', 'not-supported'] as const;
export type PetitionOutcome = (typeof PETITION_OUTCOMES)[number];

export interface NewPetition {
  channel: string;
  petitioner: { name: string; phone?: string | null; idNumber?: string | null };
  respondent: string;
  respondentUnitId?: string | null;
  subject: string;
  content: string;
  regionCode?: string;
  lawRelated?: boolean;
}

export interface PetitionRegistered {
  id: string;
  number: string;
  trackingCode: string;
  matterPetitions: number;
}

export interface PetitionSummary {
  id: string;
  number: string;
  channel: string;
  state: string;
  petitionerName: string;
  petitionerPhone: string | null;
  petitionerIdNumber: string | null;
  respondent: string;
  subject: string;
  regionCode: string;
  receivingUnitId: string;
  receivingUnitName: string;
  handlingUnitId: string | null;
  handlingUnitName: string | null;
  lawRelated: boolean;
  caseNumber: string | null;
  caseStage: string | null;
  legalRoute: string | null;
  complexExtended: boolean;
  outcome: string | null;
  matterPetitions: number;
  nextDueAt: string | null;
  overdue: boolean;
  receivedAt: string;
  closedAt: string | null;
  version: number;
}

export interface PetitionQuery extends PageQuery {
  state?: PetitionState;
  open?: boolean;
  channel?: string;
  lawRelated?: boolean;
  /** a petition's id: the petitions of its matter */
  sameMatterAs?: string;
  case?: string;
  handlingUnit?: string;
}

export interface PetitionEvent {
  id: number;
  at: string;
  kind: string;
  unitId: string | null;
  unitName: string | null;
  fromState: string | null;
  toState: string;
  note: string | null;
}

export interface PetitionPage extends PetitionSummary {
  trackingCode: string | null;
  petitioner: { name: string; phone: string | null; idNumber: string | null; masked: boolean };
  respondentUnitId: string | null;
  content: string;
  channelName: Bilingual;
  legalRouteName: Bilingual | null;
  extensionReason: string | null;
  opinion: string | null;
  case: {
    id: string;
    caseNumber: string;
    stage: string;
    stageName: Bilingual;
    holderUnitId: string | null;
    holderUnitName: string | null;
  } | null;
  events: PetitionEvent[];
  clocks: MatterClock[];
  side: string | null;
  actions: string[];
}

/** What one petition step sends (the fields its route's body takes). */
export interface PetitionStepBody {
  note?: string;
  reason?: string;
  handlingUnitId?: string;
  outcome?: PetitionOutcome;
  opinion?: string;
  reviewUnitId?: string;
  rereviewUnitId?: string;
  caseNumber?: string;
  legalRoute?: string;
}

export interface PetitionStepResult {
  id: string;
  number: string;
  state: string;
  eventId: number;
}

// --- grid events (社会治理事件, flows.md §6) -----------------------------------------------------------------------

export const GRID_EVENT_STATES = ['reported', 'accepted', 'escalated', 'handling', 'handled', 'verified', 'closed', 'rated'] as const;
export type GridEventState = (typeof GRID_EVENT_STATES)[number];
export const GRID_EVENT_ACTIONS = ['accept', 'handle-locally', 'escalate', 'assign', 'record-handling', 'verify', 'close', 'rate'] as const;
export type GridEventAction = (typeof GRID_EVENT_ACTIONS)[number];

export interface NewGridEvent {
  category: string;
  description: string;
  address: string;
  latitude?: number | null;
  longitude?: number | null;
}

export interface GridEventSummary {
  id: string;
  number: string;
  category: string;
  categoryName: Bilingual;
  description: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  regionCode: string;
  reporterKind: string;
  reportedBy: string | null;
  reporterPhone: string | null;
  state: string;
  townshipUnitId: string;
  townshipUnitName: string;
  countyUnitId: string | null;
  countyUnitName: string | null;
  responsibleUnitId: string | null;
  responsibleUnitName: string | null;
  holderAgency: string;
  dueAt: string | null;
  reportedAt: string;
  acceptedAt: string | null;
  escalatedAt: string | null;
  handledAt: string | null;
  verifiedAt: string | null;
  closedAt: string | null;
  rating: number | null;
  ratedAt: string | null;
  version: number;
  overdue: boolean;
}

export interface GridEventQuery extends PageQuery {
  state?: GridEventState | 'open';
  category?: string;
  region?: string;
  overdue?: boolean;
}

export interface GridEventPhoto {
  id: string;
  eventId: string;
  name: string;
  mime: string;
  sizeBytes: number;
  sm3: string;
  unitId: string | null;
  uploadedAt: string;
}

export interface GridEventPage extends GridEventSummary {
  timeline: {
    id: number;
    at: string;
    kind: string;
    unitId: string | null;
    unitName: string | null;
    note: string | null;
    dueAt: string | null;
    fromState: string | null;
    toState: string | null;
  }[];
  photos: GridEventPhoto[];
  sides: string[];
  actions: string[];
}

export interface GridEventStepBody {
  note?: string;
  unitId?: string;
  ok?: boolean;
  rating?: number;
}

export type GridPeriod = { hours: number } | { workingDays: number };

export interface GridEventRules {
  basis: Bilingual;
  categories: { id: string; zh: string; en: string }[];
  periods: {
    township: { accept: GridPeriod; handle: GridPeriod };
    county: { assign: GridPeriod; handle: GridPeriod };
    verify: GridPeriod;
  };
}

// --- metrics (issue 6 part 5) --------------------------------------------------------------------------------------

export interface MetricFigure {
  numerator: number;
  denominator: number;
  /** a share 0..1 or a mean; null when nothing was counted */
  value: number | null;
}

export interface GovernanceMetric {
  id: string;
  name: Bilingual;
  subject: string;
  kind: 'rate' | 'average';
  direction: 'higher-better' | 'lower-better';
  definition: Bilingual;
  total: MetricFigure;
  groups: ({ key: string; name: string; nameEn: string } & MetricFigure)[];
}

export interface GovernanceMetrics {
  from: string;
  to: string;
  by: string;
  region: { code: string; name: string; nameEn: string };
  metrics: GovernanceMetric[];
}

export interface MetricsQuery {
  from: string;
  to: string;
  region?: string;
  by?: 'unit' | 'region';
  metric?: string;
}
