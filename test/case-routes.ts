/**
 * The routes of the case flow (issue 4). Who may call them depends on where a case stands relative to the
 * caller (held by the caller's unit, handed over to it, elsewhere): test/case-permission-matrix.int.test.ts
 * checks each of them for every role; the user-record matrix (permission-matrix.int.test.ts) counts them
 * as covered there.
 */
export const CASE_ROUTES = [
  'GET /api/cases',
  'POST /api/cases',
  'GET /api/cases/:id',
  'POST /api/cases/:id/persons',
  'GET /api/cases/:id/persons/:personId/personal-data',
  'POST /api/cases/:id/persons/:personId/measures',
  'POST /api/cases/:id/documents',
  'GET /api/cases/:id/documents/:documentId/content',
  'POST /api/cases/:id/evidence',
  'POST /api/cases/:id/transitions',
  'POST /api/transfers/:id/accept',
  'POST /api/transfers/:id/return',
  'GET /api/transfers/:id/verification',
  'GET /api/units/:id/keys',
  'POST /api/units/:id/keys/rotate',
  'POST /api/cases/:id/loans',
  'POST /api/loans/:id/decision',
  'POST /api/loans/:id/return',
  'GET /api/loans',
  'POST /api/cases/:id/property',
  'POST /api/cases/:id/property/handovers',
  'POST /api/property-handovers/:id/receive',
  'POST /api/property/:id/disposal',
  'GET /api/collaboration-rate',
] as const;
