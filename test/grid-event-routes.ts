/** The API routes of grid events (issue 6 part 3), checked role by role in grid-events.int.test.ts. */
export const GRID_EVENT_ROUTES = [
  'GET /api/rules/grid-events',
  'GET /api/grid-events',
  'POST /api/grid-events',
  'GET /api/grid-events/:id',
  'GET /api/grid-events/:id/reporter-contact',
  'POST /api/grid-events/:id/accept',
  'POST /api/grid-events/:id/handle-locally',
  'POST /api/grid-events/:id/escalate',
  'POST /api/grid-events/:id/assign',
  'POST /api/grid-events/:id/handling',
  'POST /api/grid-events/:id/verify',
  'POST /api/grid-events/:id/close',
  'POST /api/grid-events/:id/rate',
  'POST /api/grid-events/:id/photos',
  'GET /api/grid-events/:id/photos/:photoId/content',
] as const;
