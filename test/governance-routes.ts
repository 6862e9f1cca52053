/** Routes of the governance metrics, counted as covered by the permission matrix (test/governance-metrics.int.test.ts checks who may read them). */
export const GOVERNANCE_METRIC_ROUTES = ['GET /api/governance/metrics'] as const;

/** Routes of the cockpit, counted as covered by the permission matrix (test/cockpit.int.test.ts checks who may read them). */
export const COCKPIT_ROUTES = ['GET /api/cockpit/panels/:panel', 'GET /api/cockpit/list'] as const;
