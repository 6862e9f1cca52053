import type { AppDeps } from '../../app-deps.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { type LoadedIndicators, loadIndicators } from '../../rules/load-indicators.ts';
import { NoQuery, errors, pageWindow } from '../../shared/fields.ts';
import { BASE_METRICS } from './indicators.repository.ts';
import {
  IndicatorList, ListBody, RankingQuery, RankingView, RemediationIdParams, RemediationList, RemediationPage, RemediationQuery, SnapshotList, SnapshotQuery, SnapshotView, StepBody, TakeBody,
} from './indicators.schema.ts';
import { indicatorDefinitions, ranking, snapshotList, takeSnapshot } from './indicators.service.ts';
import { type StepInput, actOnRemediation, listRegion, listRemediationsFor, remediationPage } from './remediation.service.ts';

const tags = ['rankings'];

let cached: LoadedIndicators | null = null;
/** rules/indicators.yaml, read once: a bad file (or a formula over a metric nobody counts) stops start-up. */
export function indicatorRules(): LoadedIndicators {
  cached ??= loadIndicators(Object.keys(BASE_METRICS));
  return cached;
}

export function indicatorRoutes(app: TypedApp, deps: AppDeps): void {
  const loaded = indicatorRules();

  app.get('/api/indicators', {
    config: { permission: { action: 'read', resource: 'indicator' } },
    schema: {
      tags,
      summary: '考评指标与平安指数权重 / Indicators and the safety index\'s weights',
      description: 'Each indicator of rules/indicators.yaml: formula over base metrics, direction, weight, scoring, source and whom it ranks.',
      querystring: NoQuery,
      response: { 200: IndicatorList, ...errors(400, 401, 403) },
    },
  }, () => indicatorDefinitions(loaded));

  app.get('/api/indicator-snapshots', {
    config: { permission: { action: 'read', resource: 'indicator-snapshot' } },
    schema: { tags, summary: '指标快照列表 / Snapshots taken', querystring: SnapshotQuery, response: { 200: SnapshotList, ...errors(400, 401, 403) } },
  }, (req) => snapshotList(deps, { periodKind: req.query.periodKind, region: req.query.region, ...pageWindow(req.query) }));

  app.post('/api/indicator-snapshots', {
    config: { permission: { action: 'create', resource: 'indicator-snapshot' } },
    schema: {
      tags,
      summary: '生成指标快照（冻结） / Take a snapshot of a period (frozen)',
      description: 'Counts the base metrics of an ended period for the units and child regions of a region, ranks them and writes it once; the same period and region again is refused (409 SNAPSHOT_TAKEN). Committee supervisors of the region or above.',
      body: TakeBody,
      response: { 201: SnapshotView, ...errors(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await takeSnapshot(deps, loaded, { ctx: requestContext(req) }, req.body)));

  app.get('/api/rankings', {
    config: { permission: { action: 'read', resource: 'indicator-snapshot' } },
    schema: {
      tags,
      summary: '晾晒排名 / A ranking as its snapshot froze it',
      description: 'Units or child regions ranked on one indicator or on the safety index, with value, score, rank and the change since the previous period.',
      querystring: RankingQuery,
      response: { 200: RankingView, ...errors(400, 401, 403, 404, 422) },
    },
  }, (req) => ranking(deps, requestContext(req), req.query));

  app.get('/api/remediations', {
    config: { permission: { action: 'read', resource: 'remediation' } },
    schema: { tags, summary: '挂牌整治列表 / Regions listed for remediation', querystring: RemediationQuery, response: { 200: RemediationList, ...errors(400, 401, 403) } },
  }, (req) => listRemediationsFor(deps, requestContext(req), { region: req.query.region, state: req.query.state, ...pageWindow(req.query) }));

  app.post('/api/remediations', {
    config: { permission: { action: 'create', resource: 'remediation' } },
    schema: {
      tags,
      summary: '挂牌整治 / List a region for remediation',
      description: 'By a committee supervisor of a region above the one listed: the problem, goals (an indicator and its target, or words) and a deadline.',
      body: ListBody,
      response: { 201: RemediationPage, ...errors(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await listRegion(deps, loaded, requestContext(req), req.body)));

  app.get('/api/remediations/:id', {
    config: { permission: { action: 'read', resource: 'remediation' } },
    schema: { tags, summary: '挂牌整治详情与进程 / A listing with its goals and timeline', params: RemediationIdParams, response: { 200: RemediationPage, ...errors(400, 401, 403, 404) } },
  }, (req) => remediationPage(deps, loaded, requestContext(req), req.params.id));

  app.post('/api/remediations/:id/actions', {
    config: { permission: { action: 'update', resource: 'remediation' } },
    schema: {
      tags,
      summary: '整治进展、延期、摘牌 / Record progress, extend a passed deadline, lift',
      params: RemediationIdParams,
      body: StepBody,
      response: { 200: RemediationPage, ...errors(400, 401, 403, 404, 409) },
    },
  }, (req) => actOnRemediation(deps, loaded, requestContext(req), req.params.id, req.body as StepInput));
}
