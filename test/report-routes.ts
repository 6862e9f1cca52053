/**
 * The routes of the statistical reports (issue 7 part 3): test/reports.int.test.ts checks each of them for the
 * roles that may and may not use them; the user-record matrix (permission-matrix.int.test.ts) counts them as
 * covered there.
 */
export const REPORT_ROUTES = [
  'GET /api/reports',
  'POST /api/reports/issues',
  'GET /api/reports/issues',
  'GET /api/reports/issues/:id/file',
  'GET /api/reports/bulletin',
  'GET /api/reports/schedules',
  'POST /api/reports/schedules',
  'PATCH /api/reports/schedules/:id',
  'DELETE /api/reports/schedules/:id',
] as const;
