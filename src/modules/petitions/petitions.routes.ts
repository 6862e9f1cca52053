import type { AppDeps } from '../../app-deps.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { errors, pageWindow } from '../../shared/fields.ts';
import {
  LegalProcedureBody, NoteBody, OpinionBody, PetitionIdParams, PetitionList, PetitionPage, PetitionQuery, ReasonBody, RegisterBody, RegisterResult,
  RereviewRequestBody, ReviewRequestBody, RouteBody, StepResult,
} from './petitions.schema.ts';
import {
  type StepResult as Step,
  acceptPetition, answerRereview, answerReview, concludePetition, extendHandling, getPetition, issueOpinion, listPetitions, objectToRemit,
  refusePetition, registerPetition, requestRereview, requestReview, routeIntoLegalProcedure, routePetition,
} from './petitions.service.ts';

const tags = ['petitions'];
const read = { permission: { action: 'read', resource: 'petition' } } as const;
const create = { permission: { action: 'create', resource: 'petition' } } as const;
const update = { permission: { action: 'update', resource: 'petition' } } as const;

export function petitionRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/api/petitions', {
    config: read,
    schema: {
      tags,
      summary: '信访事项列表 / Petitions',
      description: "A petition office sees its region's and below; a body the petitions it is with; a committee supervisor its region's. The petitioner is masked in every row.",
      querystring: PetitionQuery,
      response: { 200: PetitionList, ...errors(400, 401, 403) },
    },
  }, (req) => {
    const q = req.query;
    return listPetitions(deps, requestContext(req), {
      ...(q.state ? { state: q.state as never } : {}),
      ...(q.open ? { open: true } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.lawRelated !== undefined ? { lawRelated: q.lawRelated } : {}),
      ...(q.sameMatterAs ? { sameMatterAs: q.sameMatterAs } : {}),
      ...(q.case ? { caseId: q.case } : {}),
      ...(q.handlingUnit ? { handlingUnitId: q.handlingUnit } : {}),
      ...pageWindow(q),
    });
  });

  app.post('/api/petitions', {
    config: create,
    schema: {
      tags,
      summary: '登记信访事项 / Register a petition',
      description: 'By a petition office: the route clock (15 days, 信访工作条例 22) starts; the answer carries the tracking code for the petitioner.',
      body: RegisterBody,
      response: { 201: RegisterResult, ...errors(400, 401, 403, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await registerPetition(deps, requestContext(req), req.body)));

  app.get('/api/petitions/:id', {
    config: read,
    schema: {
      tags,
      summary: '信访事项详情、进程与期限 / A petition with its timeline and clocks',
      description: "The bodies the petition is with read the petitioner whole (audited); others masked. A law-related petition shows its case's current stage and holder.",
      params: PetitionIdParams,
      response: { 200: PetitionPage, ...errors(400, 401, 403, 404) },
    },
  }, (req) => getPetition(deps, requestContext(req), req.params.id));

  const steps = [
    ['route', '转送、交办 / Route to the handling body', 'The registering office; a body of its region or below.', RouteBody, routePetition],
    ['accept', '受理并书面告知 / Accept with a written notice', 'The handling body: the handling clock (60 days) starts.', NoteBody, acceptPetition],
    ['refuse', '不予受理 / Do not accept, with reasons', 'The handling body.', ReasonBody, refusePetition],
    ['object', '异议：不属于职权范围 / Object as outside the remit', 'The handling body, within 5 working days: back to the office.', ReasonBody, objectToRemit],
    ['extend', '情况复杂延长办理期限 / Extend (complex matter)', 'The handling body, once: +30 days, the reason told to the petitioner.', ReasonBody, extendHandling],
    ['opinion', '出具信访处理意见书 / Issue the handling opinion', 'The handling body.', OpinionBody, issueOpinion],
    ['review-request', '登记复查请求 / Record a review request', 'The office or the handling body, naming the body one level up.', ReviewRequestBody, requestReview],
    ['review-answer', '出具复查意见 / Answer the review', 'The reviewing body.', OpinionBody, answerReview],
    ['rereview-request', '登记复核请求 / Record a re-review request', 'The office or the reviewing body, naming the body one level up.', RereviewRequestBody, requestRereview],
    ['rereview-answer', '出具复核意见 / Answer the re-review', 'The re-reviewing body: final.', OpinionBody, answerRereview],
    ['conclude', '办结 / Conclude', 'The office or the handling body, when no review or re-review is asked.', NoteBody, concludePetition],
    ['legal-procedure', '导入法律程序 / Route into the legal procedure of a case', 'The office or the handling body names the case by its number.', LegalProcedureBody, routeIntoLegalProcedure],
  ] as const;

  for (const [path, summary, description, body, handler] of steps) {
    app.post(`/api/petitions/:id/${path}`, {
      config: update,
      schema: { tags, summary, description, params: PetitionIdParams, body, response: { 200: StepResult, ...errors(400, 401, 403, 404, 409, 422) } },
    }, (req) => (handler as (d: AppDeps, c: ReturnType<typeof requestContext>, id: string, input: unknown) => Promise<Step>)(deps, requestContext(req), (req.params as { id: string }).id, req.body));
  }
}
