import type { AppDeps } from '../../app-deps.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { loadGovernanceMetrics } from '../../rules/load-governance-metrics.ts';
import { errors } from '../../shared/fields.ts';
import { METRIC_QUERIES } from './metrics.repository.ts';
import { MetricsQuery, MetricsView } from './metrics.schema.ts';
import { governanceMetrics } from './metrics.service.ts';

export function governanceMetricRoutes(app: TypedApp, deps: AppDeps): void {
  // read at start: a bad definitions file, or a metric counted without a definition, stops start-up
  const definitions = loadGovernanceMetrics(Object.keys(METRIC_QUERIES));
  app.get('/api/governance/metrics', {
    config: { permission: { action: 'read', resource: 'governance-metric' } },
    schema: {
      tags: ['governance'],
      summary: '矛盾纠纷化解、信访与网格事件指标 / Governance metrics per unit or region',
      description: 'Resolution rate, mediation success rate, on-time rate, average days to close, satisfaction (disputes); on-time rate of petition time limits; grid events\' rating — over [from, to], for the matters of `region` and below within the caller\'s scope, each with its definition.',
      querystring: MetricsQuery,
      response: { 200: MetricsView, ...errors(400, 401, 403, 422) },
    },
  }, (req) => governanceMetrics(deps, definitions, requestContext(req), req.query));
}
