/**
 * The routes of oversight (issue 5): test/warning-routes.int.test.ts checks each of them for every role; the
 * user-record matrix (permission-matrix.int.test.ts) counts them as covered there.
 */
export const WARNING_ROUTES = [
  'GET /api/warnings/models',
  'GET /api/warnings/models/:id',
  'PUT /api/warnings/models/:id/setting',
  'POST /api/warnings/runs',
  'POST /api/warnings/models/:id/backtest',
  'GET /api/warnings/hits',
  'GET /api/warnings/summary',
] as const;

/** The routes of supervision items (issue 5 part 4), checked role by role in warning-routes.int.test.ts. */
export const SUPERVISION_ROUTES = [
  'GET /api/supervision-items',
  'POST /api/supervision-items',
  'POST /api/supervision-items/class',
  'GET /api/supervision-items/:id',
  'POST /api/supervision-items/:id/actions',
  'POST /api/supervision-items/:id/attachments',
  'GET /api/supervision-items/:id/attachments/:attachmentId/content',
] as const;

/** Structured case records and incidents (issue 5's facts), checked in records-incidents.int.test.ts. */
export const RECORD_ROUTES = [
  'GET /api/rules/case-records',
  'POST /api/cases/:id/records',
  'GET /api/cases/:id/records',
  'GET /api/incidents',
  'POST /api/incidents',
  'GET /api/incidents/:id',
  'POST /api/incidents/:id/outcome',
] as const;
