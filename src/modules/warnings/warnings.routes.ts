import type { AppDeps } from '../../app-deps.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { NoQuery, errors, pageWindow } from '../../shared/fields.ts';
import {
  BacktestBody, BacktestView, HitList, HitQuery, HitSummary, ModelDetail, ModelIdParams, ModelList, RunBody, RunView, SettingBody,
} from './warnings.schema.ts';
import { backtest, hitSummary, listHitsFor, listModels, modelDetail, runFull, updateModelSetting } from './warnings.service.ts';

export function warningRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/api/warnings/models', {
    config: { permission: { action: 'read', resource: 'warning-model' } },
    schema: {
      tags: ['oversight'],
      summary: '预警模型目录 / The catalogue of warning models',
      description: 'Every model of rules/warning-models with its basis, severity, parameters and setting; definitions refused at load are listed with the file and field at fault.',
      querystring: NoQuery,
      response: { 200: ModelList, ...errors(400, 401, 403) },
    },
  }, () => listModels(deps));

  app.get('/api/warnings/models/:id', {
    config: { permission: { action: 'read', resource: 'warning-model' } },
    schema: {
      tags: ['oversight'],
      summary: '预警模型详情 / One warning model: definition, basis, parameters, hit history',
      params: ModelIdParams,
      querystring: NoQuery,
      response: { 200: ModelDetail, ...errors(400, 401, 403, 404) },
    },
  }, (req) => modelDetail(deps, requestContext(req), req.params.id));

  app.put('/api/warnings/models/:id/setting', {
    config: { permission: { action: 'update', resource: 'warning-model' } },
    schema: {
      tags: ['oversight'],
      summary: '设置预警模型（启停、参数） / Switch a model on or off, set its parameters',
      description: 'Provincial committee supervisors only; each parameter is checked against its type and bounds.',
      params: ModelIdParams,
      body: SettingBody,
      response: { 200: ModelDetail, ...errors(400, 401, 403, 404) },
    },
  }, (req) => updateModelSetting(deps, requestContext(req), req.params.id, req.body));

  app.post('/api/warnings/runs', {
    config: { permission: { action: 'create', resource: 'warning-run' } },
    schema: {
      tags: ['oversight'],
      summary: '立即全量运行预警模型 / Run the warning models now over the whole province',
      body: RunBody,
      response: { 200: RunView, ...errors(400, 401, 403, 404) },
    },
  }, (req) => runFull(deps, req.body.models));

  app.post('/api/warnings/models/:id/backtest', {
    config: { permission: { action: 'create', resource: 'warning-run' } },
    schema: {
      tags: ['oversight'],
      summary: '回测预警模型 / Backtest a model over a past period',
      description: 'How many hits per unit the model would have raised, evaluated as of the end of every step-th day; nothing is recorded.',
      params: ModelIdParams,
      body: BacktestBody,
      response: { 200: BacktestView, ...errors(400, 401, 403, 404) },
    },
  }, (req) => backtest(deps, req.params.id, req.body));

  app.get('/api/warnings/hits', {
    config: { permission: { action: 'read', resource: 'warning-hit' } },
    schema: {
      tags: ['oversight'],
      summary: '预警列表 / Warnings (hits), filtered',
      description: "A committee supervisor sees the region's and below; a case-handling unit the hits it must answer for.",
      querystring: HitQuery,
      response: { 200: HitList, ...errors(400, 401, 403, 404) },
    },
  }, (req) => {
    const q = req.query;
    return listHitsFor(deps, requestContext(req), {
      ...(q.model ? { modelId: q.model } : {}),
      ...(q.unit ? { unitId: q.unit } : {}),
      ...(q.region ? { regionCode: q.region } : {}),
      ...(q.severity ? { severity: q.severity } : {}),
      ...(q.case ? { caseId: q.case } : {}),
      state: q.state ?? 'open',
      ...pageWindow(q),
    });
  });

  app.get('/api/warnings/summary', {
    config: { permission: { action: 'read', resource: 'warning-hit' } },
    schema: {
      tags: ['oversight'],
      summary: '预警总览 / Open warnings by model, unit, region and severity, and the 30-day trend',
      querystring: NoQuery,
      response: { 200: HitSummary, ...errors(400, 401, 403) },
    },
  }, (req) => hitSummary(deps, requestContext(req)));
}
