// The one place the web app talks HTTP. Every endpoint is a typed function over `request`.
import type {
  AuditRecord,
  BacktestRequest,
  BacktestResult,
  ClassRemediation,
  HitQuery,
  HitSummary,
  ItemActionRequest,
  ItemAttachmentView,
  ItemQuery,
  ModelSetting,
  NewSupervisionItem,
  RaisedItem,
  SupervisionItem,
  SupervisionItemPage,
  WarningHit,
  WarningModelDetail,
  WarningModelList,
  WarningRun,
  AuditVerification,
  Bilingual,
  CaseSummary,
  CasePersonalData,
  CaseQuery,
  CaseDocument,
  CaseFlowRules,
  CaseView,
  CollaborationRate,
  CollaborationRateQuery,
  Disposal,
  DeadlineAnswer,
  DeadlineQuestion,
  FieldProblem,
  InboxItem,
  LoginResult,
  LoanDecision,
  Me,
  NewCase,
  NewEvidence,
  NewPerson,
  NewProperty,
  NewUser,
  Page,
  PageQuery,
  PersonalData,
  Region,
  TimeLimitRule,
  TransferVerification,
  TransitionRequest,
  TransitionResult,
  Unit,
  UnitQuery,
  User,
  UserQuery,
} from './types.ts';

/** An API failure. `message` is null when the server sent no CaseLink error body (network down, proxy page). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly bilingual: Bilingual | null,
    readonly details?: unknown,
  ) {
    super(bilingual?.en ?? `HTTP ${status} ${code}`);
    this.name = 'ApiError';
  }

  get isForbidden(): boolean {
    return this.status === 403;
  }

  /** Field problems of a VALIDATION_FAILED (or similar) answer, with the field path reduced to its last name. */
  get fieldProblems(): FieldProblem[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.flatMap((d: unknown): FieldProblem[] => {
      if (!isRecord(d) || typeof d.field !== 'string' || !isBilingual(d.message)) return [];
      // Servers name fields as `phone`, `/phone` or `body.phone`; the form knows only `phone`.
      const field = d.field.split(/[./]/).filter(Boolean).pop() ?? d.field;
      return [{ field, message: d.message }];
    });
  }
}

export const NETWORK_ERROR_CODE = 'NETWORK';

/** Fired when an authenticated call answers 401: the session has ended. */
let sessionEndedListener: (() => void) | null = null;
export function onSessionEnded(listener: (() => void) | null): void {
  sessionEndedListener = listener;
}

type Query = Record<string, string | number | undefined | null>;

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  /** A file sent as the raw body (a dossier document), with its own Content-Type, instead of a JSON `body`. */
  file?: { bytes: Blob; type: string };
  signal?: AbortSignal;
  /** False for the login call, whose 401 means wrong credentials rather than an ended session. */
  isSessionCall?: boolean;
}

/** Options every typed call accepts. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** One call of the API; exported for the typed calls of other surfaces (governance-client.ts). */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  // The server refuses cookie-authenticated unsafe requests without this header (CSRF defence).
  if (method !== 'GET') headers['X-Requested-With'] = 'caselink';
  // No Content-Type without a body: the server rejects an empty body declared as JSON.
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.file) headers['Content-Type'] = options.file.type;

  let response: Response;
  try {
    response = await fetch(path + queryString(options.query), {
      method,
      headers,
      body: options.file ? options.file.bytes : options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ApiError(0, NETWORK_ERROR_CODE, null);
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
  const error = await toApiError(response);
  if (error.status === 401 && options.isSessionCall !== false) sessionEndedListener?.();
  throw error;
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not a CaseLink error body (e.g. a proxy's HTML page)
  }
  if (isRecord(body) && typeof body.code === 'string' && isBilingual(body.message)) {
    return new ApiError(response.status, body.code, body.message, body.details);
  }
  return new ApiError(response.status, `HTTP_${response.status}`, null);
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isBilingual(v: unknown): v is Bilingual {
  return isRecord(v) && typeof v.zh === 'string' && typeof v.en === 'string';
}

const enc = encodeURIComponent;

export const api = {
  login: (username: string, password: string) =>
    request<LoginResult>('/api/auth/login', { method: 'POST', body: { username, password }, isSessionCall: false }),
  logout: () => request<void>('/api/auth/logout', { method: 'POST' }),
  me: (o: CallOptions = {}) => request<Me>('/api/me', o),
  inbox: (o: CallOptions = {}) => request<Page<InboxItem>>('/api/inbox', o),
  regions: (o: CallOptions = {}) => request<{ items: Region[] }>('/api/regions', o),
  units: (q: UnitQuery = {}, o: CallOptions = {}) => request<Page<Unit>>('/api/units', { ...o, query: { ...q } }),
  unit: (id: string, o: CallOptions = {}) => request<Unit>(`/api/units/${enc(id)}`, o),
  users: (q: UserQuery = {}, o: CallOptions = {}) => request<Page<User>>('/api/users', { ...o, query: { ...q } }),
  createUser: (body: NewUser) => request<User>('/api/users', { method: 'POST', body }),
  personalData: (userId: string, o: CallOptions = {}) =>
    request<PersonalData>(`/api/users/${enc(userId)}/personal-data`, o),
  audit: (q: PageQuery = {}, o: CallOptions = {}) =>
    request<Page<AuditRecord>>('/api/audit', { ...o, query: { ...q } }),
  verifyAudit: (o: CallOptions = {}) => request<AuditVerification>('/api/audit/verify', o),
  timeLimitRules: (o: CallOptions = {}) => request<Page<TimeLimitRule>>('/api/rules/time-limits', o),
  computeDeadline: (body: DeadlineQuestion) => request<DeadlineAnswer>('/api/deadlines/compute', { method: 'POST', body }),
  caseFlow: (o: CallOptions = {}) => request<CaseFlowRules>('/api/rules/case-flow', o),
  collaborationRate: (q: CollaborationRateQuery, o: CallOptions = {}) =>
    request<CollaborationRate>('/api/collaboration-rate', { ...o, query: { ...q } }),

  cases: (q: CaseQuery = {}, o: CallOptions = {}) => request<Page<CaseSummary>>('/api/cases', { ...o, query: { ...q } }),
  registerCase: (body: NewCase) => request<{ id: string; caseNumber: string }>('/api/cases', { method: 'POST', body }),
  case: (id: string, o: CallOptions = {}) => request<CaseView>(`/api/cases/${enc(id)}`, o),
  addPerson: (caseId: string, body: NewPerson) =>
    request<{ id: string }>(`/api/cases/${enc(caseId)}/persons`, { method: 'POST', body }),
  casePersonalData: (caseId: string, personId: string, o: CallOptions = {}) =>
    request<CasePersonalData>(`/api/cases/${enc(caseId)}/persons/${enc(personId)}/personal-data`, o),
  applyMeasure: (caseId: string, personId: string, body: { measure: string; documentIds: string[] }) =>
    request<unknown>(`/api/cases/${enc(caseId)}/persons/${enc(personId)}/measures`, { method: 'POST', body }),
  uploadDocument: (caseId: string, file: { bytes: Blob; type: string; name: string }, kind: string, volume = 1) =>
    request<CaseDocument>(`/api/cases/${enc(caseId)}/documents`, {
      method: 'POST',
      query: { kind, name: file.name, volume },
      file,
    }),
  addEvidence: (caseId: string, body: NewEvidence) =>
    request<{ id: string }>(`/api/cases/${enc(caseId)}/evidence`, { method: 'POST', body }),
  fireTransition: (caseId: string, body: TransitionRequest) =>
    request<TransitionResult>(`/api/cases/${enc(caseId)}/transitions`, { method: 'POST', body }),
  acceptTransfer: (transferId: string) =>
    request<TransitionResult>(`/api/transfers/${enc(transferId)}/accept`, { method: 'POST' }),
  returnTransfer: (transferId: string, reason: string) =>
    request<TransitionResult>(`/api/transfers/${enc(transferId)}/return`, { method: 'POST', body: { reason } }),
  verifyTransfer: (transferId: string, o: CallOptions = {}) =>
    request<TransferVerification>(`/api/transfers/${enc(transferId)}/verification`, o),
  requestLoan: (caseId: string, body: { reason: string; pages: string }) =>
    request<{ id: string }>(`/api/cases/${enc(caseId)}/loans`, { method: 'POST', body }),
  decideLoan: (loanId: string, body: LoanDecision) =>
    request<unknown>(`/api/loans/${enc(loanId)}/decision`, { method: 'POST', body }),
  returnLoan: (loanId: string) => request<unknown>(`/api/loans/${enc(loanId)}/return`, { method: 'POST' }),
  registerProperty: (caseId: string, body: NewProperty) =>
    request<{ id: string }>(`/api/cases/${enc(caseId)}/property`, { method: 'POST', body }),
  handOverProperty: (caseId: string, body: { transferId: string; propertyIds: string[] }) =>
    request<unknown>(`/api/cases/${enc(caseId)}/property/handovers`, { method: 'POST', body }),
  receiveProperty: (handoverId: string) =>
    request<unknown>(`/api/property-handovers/${enc(handoverId)}/receive`, { method: 'POST', body: {} }),
  disposeOfProperty: (propertyId: string, body: { disposal: Disposal; documentId: string }) =>
    request<unknown>(`/api/property/${enc(propertyId)}/disposal`, { method: 'POST', body }),

  warningSummary: (o: CallOptions = {}) => request<HitSummary>('/api/warnings/summary', o),
  warningHits: (q: HitQuery = {}, o: CallOptions = {}) => request<Page<WarningHit>>('/api/warnings/hits', { ...o, query: { ...q } }),
  warningModels: (o: CallOptions = {}) => request<WarningModelList>('/api/warnings/models', o),
  warningModel: (id: string, o: CallOptions = {}) => request<WarningModelDetail>(`/api/warnings/models/${enc(id)}`, o),
  updateWarningModel: (id: string, body: ModelSetting) =>
    request<WarningModelDetail>(`/api/warnings/models/${enc(id)}/setting`, { method: 'PUT', body }),
  runWarnings: (models?: string[]) => request<WarningRun>('/api/warnings/runs', { method: 'POST', body: models ? { models } : {} }),
  backtestWarningModel: (id: string, body: BacktestRequest) =>
    request<BacktestResult>(`/api/warnings/models/${enc(id)}/backtest`, { method: 'POST', body }),

  supervisionItems: (q: ItemQuery = {}, o: CallOptions = {}) =>
    request<Page<SupervisionItem>>('/api/supervision-items', { ...o, query: { ...q, overdue: q.overdue ? 'true' : undefined } }),
  supervisionItem: (id: string, o: CallOptions = {}) => request<SupervisionItemPage>(`/api/supervision-items/${enc(id)}`, o),
  raiseSupervisionItem: (body: NewSupervisionItem) => request<RaisedItem>('/api/supervision-items', { method: 'POST', body }),
  raiseClassRemediation: (body: { modelId: string; title?: string; description: string }) =>
    request<ClassRemediation>('/api/supervision-items/class', { method: 'POST', body }),
  actOnSupervisionItem: (id: string, body: ItemActionRequest) =>
    request<SupervisionItemPage>(`/api/supervision-items/${enc(id)}/actions`, { method: 'POST', body }),
  attachToSupervisionItem: (id: string, file: { bytes: Blob; type: string; name: string }) =>
    request<ItemAttachmentView>(`/api/supervision-items/${enc(id)}/attachments`, { method: 'POST', query: { name: file.name }, file }),
};

/** Where the browser reads a supervision item's attachment itself (a new tab); the cookie authenticates. */
export function itemAttachmentUrl(itemId: string, attachmentId: string): string {
  return `/api/supervision-items/${enc(itemId)}/attachments/${enc(attachmentId)}/content`;
}

/** Where the browser reads a dossier document itself (for a frame, an image or a new tab); the cookie authenticates. */
export function documentContentUrl(caseId: string, documentId: string): string {
  return `/api/cases/${enc(caseId)}/documents/${enc(documentId)}/content`;
}
