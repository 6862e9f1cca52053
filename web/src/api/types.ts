// Shapes of the CaseLink HTTP API as the web app uses them. Kept in step with the server's route schemas.

export interface Bilingual {
  zh: string;
  en: string;
}

// The organisational vocabulary is the server's own (glossary.md names), shared rather than copied.
import type { Agency, RegionLevel, Role } from '../../../src/engine/organisation.ts';

export { AGENCIES, REGION_LEVELS as LEVELS, ROLES } from '../../../src/engine/organisation.ts';
export type { Agency, RegionLevel, Role };
export type Level = RegionLevel;

/** Menu keys the server may grant; each is one page of the app. */
export const MENU_KEYS = [
  'home',
  'cockpit',
  'cases',
  'warnings',
  'supervision',
  'warning-models',
  'dispute-desk',
  'disputes',
  'petitions',
  'grid-events',
  'governance-metrics',
  'risk-assessments',
  'rankings',
  'reports',
  'collaboration-rate',
  'users',
  'units',
  'regions',
  'audit',
  'deadlines',
] as const;
export type MenuKey = (typeof MENU_KEYS)[number];

/** Permissions `me.permissions` may hold (`resource:action`); the web app hides actions the user lacks. */
export type Permission =
  | 'user:read'
  | 'user:create'
  | 'user:update'
  | 'user:reveal'
  | 'unit:read'
  | 'region:read'
  | 'inbox:read'
  | 'audit-record:read'
  | 'audit-record:verify'
  | 'time-limit-rule:read'
  | 'case:read'
  | 'case:create'
  | 'case:update'
  | 'case:reveal'
  | 'paper-loan:create'
  | 'paper-loan:update'
  | 'seized-property:create'
  | 'seized-property:update'
  | 'warning-model:read'
  | 'warning-model:update'
  | 'warning-run:create'
  | 'warning-hit:read'
  | 'supervision-item:create'
  | 'supervision-item:read'
  | 'supervision-item:update'
  | 'dispute:read'
  | 'dispute:create'
  | 'dispute:update'
  | 'dispute:reveal'
  | 'petition:read'
  | 'petition:create'
  | 'petition:update'
  | 'petition:reveal'
  | 'risk-assessment:read'
  | 'risk-assessment:create'
  | 'risk-assessment:update'
  | 'grid-event:read'
  | 'grid-event:create'
  | 'grid-event:update'
  | 'grid-event:reveal'
  | 'indicator-snapshot:create'
  | 'remediation:read'
  | 'remediation:create'
  | 'remediation:update'
  | 'report:create'
  | 'report-schedule:read'
  | 'report-schedule:create'
  | 'report-schedule:update';

// The statutory clock's vocabulary is the server's own as well.
export type { Duration, LegalBasis } from '../../../src/engine/clock/types.ts';
import type { Duration, LegalBasis } from '../../../src/engine/clock/types.ts';

export interface TimeLimitRule {
  id: string;
  family: string;
  name: Bilingual;
  startsOn: { event: string; zh: string };
  direction: string;
  length: Duration;
  holiday: string;
  extensions: { id: string; name: Bilingual; kind: string; length: Duration; minimum?: Duration; approver: string; basis: LegalBasis[] }[];
  basis: LegalBasis[];
  note?: string;
}

export interface DeadlineQuestion {
  rule: string;
  start: string;
  custody: boolean;
  extend: { id: string }[];
}

export interface DeadlineAnswer {
  rule: string;
  state: string;
  start: string;
  due: string | null;
  provisional: boolean;
  custody: boolean;
  basis: LegalBasis[];
  steps: string[];
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unit: { id: string; name: string; nameEn: string; agency: Agency; level: Level };
  region: { code: string; name: string; nameEn: string; level: RegionLevel };
  permissions: string[];
  menu: string[];
}

export interface LoginResult {
  token: string;
  user: Me;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface PageQuery {
  page?: number;
  pageSize?: number;
}

export interface InboxItem {
  id: string;
  kind: string;
  title: string;
  /** The title in English, where the server gives one. */
  titleEn?: string;
  dueAt: string | null;
  link: string;
}

export interface Region {
  code: string;
  name: string;
  nameEn: string;
  level: RegionLevel;
  parentCode: string | null;
}

export interface Unit {
  id: string;
  name: string;
  nameEn: string;
  agency: Agency;
  level: Level;
  regionCode: string;
  orgCode: string;
}

export interface UnitQuery extends PageQuery {
  agency?: Agency;
  regionCode?: string;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  unitName: string;
  unitNameEn: string;
  regionCode: string;
  /** Masked by the server. */
  phone: string | null;
  /** Masked by the server. */
  idNumber: string | null;
  active: boolean;
}

export interface UserQuery extends PageQuery {
  unitId?: string;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  unitId: string;
  phone?: string;
  idNumber?: string;
}

export interface PersonalData {
  phone: string | null;
  idNumber: string | null;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actorUsername: string | null;
  action: string;
  resourceKind: string;
  resourceId: string | null;
  clientAddress: string | null;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; reason: string } | null;
}

/** One entry of `details` in a VALIDATION_FAILED answer. */
export interface FieldProblem {
  field: string;
  message: Bilingual;
}

// --- the collaboration rate (src/modules/collaboration/collaboration.schema.ts) -------------------------------

export interface CollaborationRateQuery {
  /** YYYY-MM-DD, China Standard Time, both days included. */
  from: string;
  to: string;
  by?: 'unit' | 'county';
  /** N of "received within N days"; the server's default (3) when absent. */
  days?: number;
}

export interface CollaborationFigures {
  sent: number;
  sentOnline: number;
  /** 0..1; null when nothing was sent. */
  sentOnlineRate: number | null;
  received: number;
  receivedInTime: number;
  /** Still waiting and not yet N days old: not judged, not in `received`. */
  receivedPending: number;
  /** 0..1; null when there is nothing to judge. */
  receivedInTimeRate: number | null;
}

export interface CollaborationRateRow extends CollaborationFigures {
  /** The unit's id, or the county's code. */
  key: string;
  name: string;
  nameEn: string;
  regionCode: string;
  /** Null for a county. */
  agency: Agency | null;
  units: number;
}

export interface CollaborationRate {
  from: string;
  to: string;
  by: 'unit' | 'county';
  days: number;
  definition: Bilingual;
  total: CollaborationFigures;
  items: CollaborationRateRow[];
}

// --- criminal cases (src/modules/cases/cases.schema.ts) ---------------------------------------------------------

/** One term of the case flow (rules/case-flow.yaml) with its names: GET /api/rules/case-flow (case-flow.routes.ts). */
export interface FlowTerm {
  id: string;
  zh: string;
  en: string;
}

export interface CaseFlowRules {
  documents: FlowTerm[];
  stages: (FlowTerm & { holder: Agency[] })[];
  scenarios: (FlowTerm & { from: Agency[]; to: Agency[]; receiverLevel: string; requires: string[]; answers: string[] })[];
  transitions: (FlowTerm & {
    from: string[];
    to: string | null;
    by: { agency: Agency[]; roles: Role[]; actor: string };
    handsOver: string | null;
    answers: string | null;
    requires: string[];
    evidenceChecklist: boolean;
    measure: string | null;
  })[];
  /** The coercive measures: who may order each, and the documents it needs. */
  measures: (FlowTerm & { custody: boolean; by: Agency[]; requires: string[] })[];
}

export type { PersonRole } from '../../../src/engine/case-flow/flow.ts';
import type { PersonRole } from '../../../src/engine/case-flow/flow.ts';

/** The evidence checklists of rules/evidence-checklists: a case registered under one is checked against it. */
export const CHECKLIST_CHARGES = ['theft', 'fraud', 'telecom-fraud', 'intentional-injury', 'drunk-driving', 'drug-trafficking'] as const;

export interface CaseSummary {
  id: string;
  caseNumber: string;
  title: string;
  charge: string;
  stage: string;
  holderUnitId: string | null;
  holderUnitName: string | null;
  regionCode: string;
  registeredAt: string;
  onPaper: boolean;
}

export interface CaseQuery extends PageQuery {
  stage?: string;
  q?: string;
}

export interface NewPerson {
  role: PersonRole;
  name: string;
  idNumber?: string;
  phone?: string;
}

export interface NewCase {
  title: string;
  charge: string;
  classified?: boolean;
  persons?: NewPerson[];
}

export interface CasePerson {
  id: string;
  role: PersonRole;
  /** Masked by the server. */
  name: string;
  idNumber: string | null;
  phone: string | null;
  measure: string | null;
  inCustody: boolean;
}

export interface CasePersonalData {
  id: string;
  role: PersonRole;
  name: string;
  idNumber: string | null;
  phone: string | null;
}

export interface CaseClock {
  id: string;
  rule: string;
  name: Bilingual;
  basis: string;
  personId: string | null;
  state: 'running' | 'paused' | 'stopped';
  startedAt: string;
  dueAt: string | null;
  provisional: boolean;
  daysLeft: number | null;
  events: number;
}

export interface CaseDocument {
  id: string;
  kind: string;
  kindName: Bilingual;
  name: string;
  volume: number;
  sm3: string;
  mime: string;
  sizeBytes: number;
  pages: number;
  uploadedAt: string;
}

export interface CaseTransfer {
  id: string;
  transition: string;
  scenario: string;
  scenarioName: string;
  scenarioNameEn: string;
  senderUnitId: string;
  senderUnitName: string;
  receiverUnitId: string;
  receiverUnitName: string;
  sentAt: string;
  state: 'sent' | 'accepted' | 'returned' | 'answered';
  receivedAt: string | null;
  returnReason: string | null;
  toStage: string | null;
  onPaper: boolean;
  manifestSm3: string;
  documentIds: string[];
}

export interface EvidenceItem {
  id: string;
  checklistItem: string | null;
  description: string;
  documentId: string | null;
  addedAt: string;
}

export interface ChecklistItem {
  id: string;
  name: Bilingual;
  required: boolean;
  /** When a conditional item applies (Chinese only in the rules). */
  when: string | null;
}

export interface TimelineEvent {
  id: number;
  at: string;
  kind: string;
  unitId: string | null;
  unitName: string | null;
  userId: string | null;
  details: Record<string, unknown>;
}

export interface PaperLoan {
  id: string;
  requesterUnitId: string;
  requesterUnitName: string;
  holderUnitId: string;
  holderUnitName: string;
  reason: string;
  pages: string;
  state: 'requested' | 'lent' | 'refused' | 'returned';
  requestedAt: string;
  decidedAt: string | null;
  refusalReason: string | null;
  dueDate: string | null;
  returnedAt: string | null;
}

export interface SeizedProperty {
  id: string;
  description: string;
  quantity: string;
  storageReceipt: string;
  photoDocumentIds: string[];
  holderUnitId: string;
  holderUnitName: string;
  state: 'held' | 'in-transfer' | 'disposed';
  registeredAt: string;
  /** returned-to-owner, confiscated or destroyed; null until disposed of. */
  disposal?: Disposal | null;
  /** The decision it was disposed of on: a document of the case. */
  disposalDocumentId?: string | null;
  disposedAt?: string | null;
  /** The chain of custody, oldest first. */
  handovers: PropertyHandover[];
}

export interface PropertyHandover {
  id: string;
  transferId: string | null;
  fromUnitId: string;
  fromUnitName?: string;
  toUnitId: string;
  toUnitName?: string;
  sentAt: string;
  receivedAt: string | null;
  /** Set when the transfer it went with was returned: the item stays with its sender. */
  cancelledAt?: string | null;
  note: string | null;
}

/** How the unit holding an item disposes of it (src/modules/property/property.repository.ts). */
export const DISPOSALS = ['returned-to-owner', 'confiscated', 'destroyed'] as const;
export type Disposal = (typeof DISPOSALS)[number];

export interface NewProperty {
  description: string;
  quantity: string;
  storageReceipt: string;
  photoDocumentIds?: string[];
}

export interface LoanDecision {
  approve: boolean;
  /** YYYY-MM-DD (China Standard Time); required to lend. */
  dueDate?: string;
  reason?: string;
}

export interface AvailableTransition {
  id: string;
  zh: string;
  en: string;
  to: string | null;
  handsOver: string | null;
  receiverAgencies: Agency[];
  requires: { id: string; zh: string; en: string }[];
  evidenceChecklist: boolean;
}

export interface CaseView {
  id: string;
  caseNumber: string;
  title: string;
  charge: string;
  chargeName: Bilingual | null;
  regionCode: string;
  stage: string;
  stageName: Bilingual;
  holderUnitId: string | null;
  holderUnitName: string | null;
  registeredAt: string;
  classified: boolean;
  onPaper: boolean;
  onPaperReason: string | null;
  closedAt: string | null;
  counters: Record<string, number>;
  youHold: boolean;
  persons: CasePerson[];
  clocks: CaseClock[];
  documents: CaseDocument[];
  dossierPages: number;
  transfers: CaseTransfer[];
  evidence: { items: EvidenceItem[]; checklist: ChecklistItem[]; missing: string[]; toConfirm: string[] };
  timeline: TimelineEvent[];
  loans: PaperLoan[];
  property: SeizedProperty[];
  transitions: AvailableTransition[];
}

export interface TransitionRequest {
  transition: string;
  documentIds?: string[];
  receiverUnitId?: string;
  personIds?: string[];
  override?: { reason: string };
  idempotencyKey?: string;
  note?: string;
}

export interface TransitionResult {
  caseId: string;
  transition: string;
  stage: string;
  holderUnitId: string | null;
  transfer: { id: string; state: string; receiverUnitId: string; replayed: boolean } | null;
  clocks: { action: string; rule: string; personId: string | null; clockId: string }[];
}

export interface TransferVerification {
  transferId: string;
  ok: boolean;
  failures: { what: string; documentId?: string; zh: string; en: string }[];
}

export interface NewEvidence {
  checklistItem?: string | null;
  description: string;
  documentId?: string | null;
}

// --- oversight: warning models and their hits (src/modules/warnings/warnings.schema.ts) ---------------------------

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A parameter's value: a number, a text, a switch or a list of texts (type `text-list`). */
export type ParameterValue = number | string | boolean | string[];

export interface ModelParameter {
  name: string;
  /** integer, number, text, text-list, boolean, … as written in the model's file. */
  type: string;
  default: ParameterValue;
  value: ParameterValue;
  min?: number;
  max?: number;
  description: Bilingual;
}

export interface WarningModel {
  id: string;
  name: Bilingual;
  description: Bilingual;
  /** The section of warning-models.md: custody, flow, registration, … */
  group: string;
  severity: Severity;
  basis: { law: string; article: string }[];
  policy: Bilingual | null;
  /** Who must answer a hit. */
  answering: Bilingual;
  scope: 'case' | 'province';
  triggers: string[];
  enabled: boolean;
  parameters: ModelParameter[];
  form: 'condition' | 'sql';
  source: string;
}

export interface RefusedModel {
  source: string;
  field: string;
  problem: string;
}

export interface WarningModelList {
  items: WarningModel[];
  refused: RefusedModel[];
}

export interface TrendDay {
  /** YYYY-MM-DD */
  day: string;
  opened: number;
  closed: number;
}

export interface ModelRunResult {
  holding?: number;
  opened?: number;
  closed?: number;
  ms: number;
  error?: string;
}

export interface WarningModelDetail extends WarningModel {
  /** The condition as written (an object), or the SQL (a string). */
  definition: unknown;
  /** The compiled SELECT. */
  sql: string;
  openHits: number;
  trend: TrendDay[];
  lastRun: { id: number; kind: string; startedAt: string; result: ModelRunResult | null } | null;
}

export interface ModelSetting {
  enabled?: boolean;
  parameters?: Record<string, ParameterValue>;
}

export interface WarningRun {
  runId: number;
  kind: string;
  startedAt: string;
  finishedAt: string;
  cases?: number;
  models: ({ id: string } & ModelRunResult)[];
}

export interface BacktestRequest {
  from: string;
  to: string;
  step?: number;
  parameters?: Record<string, ParameterValue>;
}

export interface BacktestResult {
  model: string;
  from: string;
  to: string;
  step: number;
  samples: number;
  parameters: Record<string, ParameterValue>;
  total: number;
  items: { unitId: string; name: string; regionCode: string; hits: number }[];
}

export type HitState = 'open' | 'closed' | 'all';

export interface HitQuery extends PageQuery {
  model?: string;
  unit?: string;
  region?: string;
  severity?: Severity;
  case?: string;
  state?: HitState;
}

export interface WarningHit {
  id: string;
  modelId: string;
  modelName: Bilingual;
  subjectId: string;
  caseId: string | null;
  caseNumber: string | null;
  unitId: string;
  unitName: string;
  regionCode: string;
  regionName: string;
  severity: string;
  facts: Record<string, unknown>;
  openedAt: string;
  closedAt: string | null;
}

export interface HitSummary {
  byModel: { modelId: string; name: Bilingual; count: number }[];
  byUnit: { unitId: string; name: string; count: number }[];
  byRegion: { regionCode: string; name: string; count: number }[];
  bySeverity: { severity: string; count: number }[];
  trend: TrendDay[];
  lastRun: { id: number; kind: string; startedAt: string; finishedAt: string | null } | null;
}

// --- oversight: supervision items (src/modules/supervision/supervision.schema.ts, flows.md §2) -------------------

export const ITEM_STATES = ['open', 'assigned', 'rectifying', 'reported', 'closed'] as const;
export type ItemState = (typeof ITEM_STATES)[number];
export const ITEM_ACTIONS = ['assign', 'accept', 'follow-up', 'report', 'verify', 'comment'] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];
export const ITEM_SOURCES = ['warning', 'case-review', 'petition', 'manual', 'class'] as const;
export type ItemSource = (typeof ITEM_SOURCES)[number];

export interface ItemQuery extends PageQuery {
  state?: ItemState | 'not-closed';
  overdue?: boolean;
  source?: ItemSource;
  model?: string;
  parent?: string;
  assignee?: string;
}

export interface SupervisionItem {
  id: string;
  /** 督YYYY-NNNNNN */
  number: string;
  title: string;
  description: string;
  source: string;
  hitId: string | null;
  modelId: string | null;
  caseId: string | null;
  caseNumber: string | null;
  sourceReference: string | null;
  parentId: string | null;
  severity: string;
  raisedByUnitId: string;
  raisedByUnitName: string;
  assigneeUnitId: string | null;
  assigneeUnitName: string | null;
  assigneeAgency: string | null;
  regionCode: string;
  state: string;
  dueAt: string | null;
  followUps: number;
  createdAt: string;
  closedAt: string | null;
  version: number;
  overdue: boolean;
}

export interface ItemEvent {
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

export interface ItemAttachment {
  id: string;
  itemId: string;
  eventId: number | null;
  name: string;
  mime: string;
  sizeBytes: number;
  sm3: string;
  unitId: string;
  uploadedAt: string;
}

export interface SupervisionItemPage extends SupervisionItem {
  modelName: Bilingual | null;
  events: ItemEvent[];
  attachments: ItemAttachment[];
  children: Omit<SupervisionItem, 'overdue'>[];
  /** The side the caller acts on: the committee that supervises, the unit that must rectify, or neither. */
  side: 'committee' | 'assignee' | null;
  /** The steps the caller may take now. */
  actions: string[];
}

export interface NewSupervisionItem {
  source: 'warning' | 'case-review' | 'petition' | 'manual';
  hitId?: string;
  caseId?: string;
  sourceReference?: string;
  assigneeUnitId?: string;
  title?: string;
  description: string;
  severity?: Severity;
  assign?: boolean;
}

export interface ItemActionRequest {
  action: ItemAction;
  note?: string;
  /** YYYY-MM-DD */
  dueDate?: string;
  ok?: boolean;
  assigneeUnitId?: string;
}

export interface RaisedItem {
  id: string;
  number: string;
  created: boolean;
}

export interface ClassRemediation {
  id: string;
  number: string;
  children: { id: string; number: string; unitId: string; hits: number }[];
}

export interface ItemAttachmentView {
  id: string;
  name: string;
  mime: string;
  sizeBytes: number;
  sm3: string;
}
