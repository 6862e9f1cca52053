import type { AppDeps } from '../../app-deps.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { errors, pageWindow } from '../../shared/fields.ts';
import {
  AssessmentIdParams, AssessmentList, AssessmentPage, AssessmentQuery, DecisionBody, MitigationBody, MitigationParams, NoteBody, OpinionBody, PlanBody,
  RegisterBody, RegisterResult, ReviewBody, RiskBody, RiskParams, RulesView,
} from './risk-assessments.schema.ts';
import {
  addMitigation, addOpinion, completeRiskMitigation, editRisk, getAssessment, listAssessmentsFor, listRisk, planAssessment, rateRiskAssessment, recordDecision,
  registerAssessment, reviewAssessment, riskAssessmentRulesView,
} from './risk-assessments.service.ts';

const tags = ['risk-assessment'];
const read = { permission: { action: 'read', resource: 'risk-assessment' } } as const;
const create = { permission: { action: 'create', resource: 'risk-assessment' } } as const;
const update = { permission: { action: 'update', resource: 'risk-assessment' } } as const;
const stepErrors = { 200: AssessmentPage, ...errors(400, 401, 403, 404, 409, 422) };

export function riskAssessmentRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/api/rules/risk-assessment', {
    config: { permission: { action: 'read', resource: 'risk-assessment-rule' } },
    schema: { tags, summary: '风险矩阵与定级规则 / The risk matrix and the rating rule', response: { 200: RulesView, ...errors(400, 401) } },
  }, () => riskAssessmentRulesView(deps));

  app.get('/api/risk-assessments', {
    config: read,
    schema: {
      tags,
      summary: '重大决策社会稳定风险评估列表 / Stability risk assessments',
      description: 'The owner body sees its own; a committee supervisor those of the region and below. open=true: not yet reviewed nor given up.',
      querystring: AssessmentQuery,
      response: { 200: AssessmentList, ...errors(400, 401, 403) },
    },
  }, (req) => {
    const q = req.query;
    return listAssessmentsFor(deps, requestContext(req), {
      ...(q.state ? { state: q.state as never } : {}),
      ...(q.rating ? { rating: q.rating as never } : {}),
      ...(q.region ? { regionCode: q.region } : {}),
      ...(q.owner ? { ownerUnitId: q.owner } : {}),
      ...(q.open ? { openOnly: true } : {}),
      ...pageWindow(q),
    });
  });

  app.post('/api/risk-assessments', {
    config: create,
    schema: {
      tags,
      summary: '登记重大决策事项 / Register a major decision',
      description: 'Registered at the caller\'s unit, the owner body of its assessment; the decision-making body is given by name.',
      body: RegisterBody,
      response: { 201: RegisterResult, ...errors(400, 401, 403, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await registerAssessment(deps, requestContext(req), req.body)));

  app.get('/api/risk-assessments/:id', {
    config: read,
    schema: { tags, summary: '风险评估详情 / An assessment with its opinions, risks, mitigations and timeline', params: AssessmentIdParams, response: { 200: AssessmentPage, ...errors(400, 401, 403, 404) } },
  }, (req) => getAssessment(deps, requestContext(req), req.params.id));

  app.post('/api/risk-assessments/:id/plan', {
    config: update,
    schema: { tags, summary: '制定评估方案 / Plan the assessment', params: AssessmentIdParams, body: PlanBody, response: stepErrors },
  }, (req) => planAssessment(deps, requestContext(req), req.params.id, req.body));

  app.post('/api/risk-assessments/:id/opinions', {
    config: update,
    schema: { tags, summary: '登记征求意见、听证、专家论证情况 / Add an opinion gathered', params: AssessmentIdParams, body: OpinionBody, response: stepErrors },
  }, (req) => addOpinion(deps, requestContext(req), req.params.id, req.body as never));

  app.post('/api/risk-assessments/:id/risks', {
    config: update,
    schema: { tags, summary: '列出风险点（可能性 × 影响程度） / List a risk (likelihood x impact)', params: AssessmentIdParams, body: RiskBody, response: stepErrors },
  }, (req) => listRisk(deps, requestContext(req), req.params.id, req.body));

  app.put('/api/risk-assessments/:id/risks/:riskId', {
    config: update,
    schema: { tags, summary: '修改风险点（定级前） / Edit a risk, while not rated', params: RiskParams, body: RiskBody, response: stepErrors },
  }, (req) => editRisk(deps, requestContext(req), req.params.id, req.params.riskId, req.body));

  app.post('/api/risk-assessments/:id/rate', {
    config: update,
    schema: {
      tags,
      summary: '评定风险等级 / Rate the assessment',
      description: 'The rating is the rule of rules/risk-assessment.yaml over the risks and opinions; its reasons go on the timeline.',
      params: AssessmentIdParams, body: NoteBody, response: stepErrors,
    },
  }, (req) => rateRiskAssessment(deps, requestContext(req), req.params.id, req.body));

  app.post('/api/risk-assessments/:id/decision', {
    config: update,
    schema: {
      tags,
      summary: '记录决策机关的决策 / Record the decision',
      description: 'high: not-proceed, or proceed-after-adjustment (assessed again); medium: proceed-after-mitigation once every risk has a mitigation, or not-proceed; low: any.',
      params: AssessmentIdParams, body: DecisionBody, response: stepErrors,
    },
  }, (req) => recordDecision(deps, requestContext(req), req.params.id, req.body as never));

  app.post('/api/risk-assessments/:id/mitigations', {
    config: update,
    schema: { tags, summary: '制定防范化解措施 / Plan a mitigation', params: AssessmentIdParams, body: MitigationBody, response: stepErrors },
  }, (req) => addMitigation(deps, requestContext(req), req.params.id, req.body));

  app.post('/api/risk-assessments/:id/mitigations/:mitigationId/complete', {
    config: update,
    schema: { tags, summary: '措施落实 / A mitigation done', params: MitigationParams, body: NoteBody, response: stepErrors },
  }, (req) => completeRiskMitigation(deps, requestContext(req), req.params.id, req.params.mitigationId, req.body));

  app.post('/api/risk-assessments/:id/review', {
    config: update,
    schema: {
      tags,
      summary: '实施后评估 / Review after implementation',
      description: 'Every mitigation done, or each open one explained.',
      params: AssessmentIdParams, body: ReviewBody, response: stepErrors,
    },
  }, (req) => reviewAssessment(deps, requestContext(req), req.params.id, req.body));
}
