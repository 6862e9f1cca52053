/** The route of the dispute import (issue 6 part 8), checked role by role in disputes-import-routes.int.test.ts. */
export const DISPUTE_IMPORT_ROUTES = ['POST /api/disputes/imports'] as const;
