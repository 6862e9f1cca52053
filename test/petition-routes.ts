/**
 * The routes of petitions (issue 6, flows.md §4): test/petitions.int.test.ts checks each of them role by role; the
 * user-record matrix (permission-matrix.int.test.ts) counts them as covered there.
 */
export const PETITION_STEP_PATHS = [
  'route', 'accept', 'refuse', 'object', 'extend', 'opinion', 'review-request', 'review-answer', 'rereview-request', 'rereview-answer', 'conclude',
  'legal-procedure',
] as const;

export const PETITION_ROUTES = [
  'GET /api/petitions',
  'POST /api/petitions',
  'GET /api/petitions/:id',
  ...PETITION_STEP_PATHS.map((p) => `POST /api/petitions/:id/${p}` as const),
] as const;
