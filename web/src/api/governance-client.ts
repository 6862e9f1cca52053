// The governance API (disputes, petitions, grid events, metrics) as typed calls over the one `request`.
import { type CallOptions, request } from './client.ts';
import type {
  DisputeActionRequest,
  DisputeListItem,
  DisputePage,
  DisputeQuery,
  DisputeRules,
  GridEventPage,
  GridEventQuery,
  GridEventRules,
  GridEventStepBody,
  GridEventSummary,
  IntakeResult,
  NewDispute,
  NewGridEvent,
  NewPetition,
  PetitionAction,
  PetitionPage,
  PetitionQuery,
  PetitionRegistered,
  PetitionStepBody,
  PetitionStepResult,
  PetitionSummary,
  GridEventAction,
  GridEventPhoto,
  GovernanceMetrics,
  MetricsQuery,
} from './governance-types.ts';
import type { Page } from './types.ts';

const enc = encodeURIComponent;
const flag = (v: boolean | undefined) => (v === undefined ? undefined : String(v));

/** The path under /api/petitions/:id/ of each petition step (petitions.routes.ts names them as the office says them). */
export const PETITION_STEP_PATH: Record<PetitionAction, string> = {
  route: 'route',
  accept: 'accept',
  refuse: 'refuse',
  object: 'object',
  extend: 'extend',
  'issue-opinion': 'opinion',
  'request-review': 'review-request',
  'answer-review': 'review-answer',
  'request-rereview': 'rereview-request',
  'answer-rereview': 'rereview-answer',
  conclude: 'conclude',
  'route-legal': 'legal-procedure',
};

/** The path under /api/grid-events/:id/ of each grid event step. */
export const GRID_EVENT_STEP_PATH: Record<GridEventAction, string> = {
  accept: 'accept',
  'handle-locally': 'handle-locally',
  escalate: 'escalate',
  assign: 'assign',
  'record-handling': 'handling',
  verify: 'verify',
  close: 'close',
  rate: 'rate',
};

export const governanceApi = {
  disputeRules: (o: CallOptions = {}) => request<DisputeRules>('/api/rules/disputes', o),
  disputes: (q: DisputeQuery = {}, o: CallOptions = {}) =>
    request<Page<DisputeListItem>>('/api/disputes', {
      ...o,
      query: { ...q, mine: q.mine ? 'true' : undefined, overdue: q.overdue ? 'true' : undefined },
    }),
  intakeDispute: (body: NewDispute) => request<IntakeResult>('/api/disputes', { method: 'POST', body }),
  dispute: (id: string, o: CallOptions = {}) => request<DisputePage>(`/api/disputes/${enc(id)}`, o),
  actOnDispute: (id: string, body: DisputeActionRequest) =>
    request<DisputePage>(`/api/disputes/${enc(id)}/actions`, { method: 'POST', body }),

  petitions: (q: PetitionQuery = {}, o: CallOptions = {}) =>
    request<Page<PetitionSummary>>('/api/petitions', {
      ...o,
      query: { ...q, open: q.open ? 'true' : undefined, lawRelated: flag(q.lawRelated) },
    }),
  registerPetition: (body: NewPetition) => request<PetitionRegistered>('/api/petitions', { method: 'POST', body }),
  petition: (id: string, o: CallOptions = {}) => request<PetitionPage>(`/api/petitions/${enc(id)}`, o),
  petitionStep: (id: string, action: PetitionAction, body: PetitionStepBody) =>
    request<PetitionStepResult>(`/api/petitions/${enc(id)}/${PETITION_STEP_PATH[action]}`, { method: 'POST', body }),

  gridEventRules: (o: CallOptions = {}) => request<GridEventRules>('/api/rules/grid-events', o),
  gridEvents: (q: GridEventQuery = {}, o: CallOptions = {}) =>
    request<Page<GridEventSummary>>('/api/grid-events', { ...o, query: { ...q, overdue: q.overdue ? 'true' : undefined } }),
  reportGridEvent: (body: NewGridEvent) =>
    request<{ id: string; number: string; dueAt: string }>('/api/grid-events', { method: 'POST', body }),
  gridEvent: (id: string, o: CallOptions = {}) => request<GridEventPage>(`/api/grid-events/${enc(id)}`, o),
  gridEventStep: (id: string, action: GridEventAction, body: GridEventStepBody) =>
    request<GridEventPage>(`/api/grid-events/${enc(id)}/${GRID_EVENT_STEP_PATH[action]}`, { method: 'POST', body }),
  gridEventReporterContact: (id: string, o: CallOptions = {}) =>
    request<{ reporterKind: string; phone: string | null }>(`/api/grid-events/${enc(id)}/reporter-contact`, o),
  addGridEventPhoto: (id: string, file: { bytes: Blob; type: string; name: string }) =>
    request<Omit<GridEventPhoto, 'eventId' | 'unitId' | 'uploadedAt'>>(`/api/grid-events/${enc(id)}/photos`, {
      method: 'POST',
      query: { name: file.name },
      file,
    }),

  metrics: (q: MetricsQuery, o: CallOptions = {}) => request<GovernanceMetrics>('/api/governance/metrics', { ...o, query: { ...q } }),
};

/** Where the browser reads a dispute's sealed agreement (a new tab); the cookie authenticates, the read is audited. */
export function agreementPdfUrl(disputeId: string): string {
  return `/api/disputes/${enc(disputeId)}/agreement`;
}

/** Where the browser reads a grid event's photo (an <img>); the cookie authenticates. */
export function gridEventPhotoUrl(eventId: string, photoId: string): string {
  return `/api/grid-events/${enc(eventId)}/photos/${enc(photoId)}/content`;
}
