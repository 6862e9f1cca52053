/** Routes of the governance metrics, counted as covered by the permission matrix (test/governance-metrics.int.test.ts checks who may read them). */
export const GOVERNANCE_METRIC_ROUTES = ['GET /api/governance/metrics'] as const;
