/** The API routes of stability risk assessments (issue 7 part 4), checked role by role in risk-assessments.int.test.ts. */
export const RISK_ASSESSMENT_ROUTES = [
  'GET /api/rules/risk-assessment',
  'GET /api/risk-assessments',
  'POST /api/risk-assessments',
  'GET /api/risk-assessments/:id',
  'POST /api/risk-assessments/:id/plan',
  'POST /api/risk-assessments/:id/opinions',
  'POST /api/risk-assessments/:id/risks',
  'PUT /api/risk-assessments/:id/risks/:riskId',
  'POST /api/risk-assessments/:id/rate',
  'POST /api/risk-assessments/:id/decision',
  'POST /api/risk-assessments/:id/mitigations',
  'POST /api/risk-assessments/:id/mitigations/:mitigationId/complete',
  'POST /api/risk-assessments/:id/review',
] as const;
