/**
 * The routes of disputes (issue 6 part 1): test/disputes.int.test.ts checks each of them for the roles that may
 * and may not use them; the user-record matrix (permission-matrix.int.test.ts) counts them as covered there.
 */
export const DISPUTE_ROUTES = [
  'GET /api/rules/disputes',
  'GET /api/disputes',
  'POST /api/disputes',
  'GET /api/disputes/:id',
  'POST /api/disputes/:id/actions',
  'GET /api/disputes/:id/agreement',
] as const;
