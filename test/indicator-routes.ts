/** Routes of the indicators, rankings and listed remediation (issue 7 part 2), checked role by role in test/indicators.int.test.ts; the permission matrix counts them as covered. */
export const INDICATOR_ROUTES = [
  'GET /api/indicators',
  'GET /api/indicator-snapshots',
  'POST /api/indicator-snapshots',
  'GET /api/rankings',
  'GET /api/remediations',
  'POST /api/remediations',
  'GET /api/remediations/:id',
  'POST /api/remediations/:id/actions',
] as const;
