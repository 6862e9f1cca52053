import type { FastifyReply } from 'fastify';
import type { AppDeps } from '../../app-deps.ts';
import type { TypedApp } from '../../http/typed.ts';
import { AppError } from '../../shared/errors.ts';
import { errors } from '../../shared/fields.ts';
import { FiledResult, OptionsView, ProgressView, PublicDisputeBody, PublicGridEventBody, PublicPetitionBody, TrackBody } from './public.schema.ts';
import { type Filed, filePublicDispute, filePublicGridEvent, filePublicPetition, publicOptions, trackMatter } from './public.service.ts';

const tags = ['public'];
// the citizens' pages: open without logging in (the abuse limits of rules/governance/public-limits.yaml apply)
const open = { public: true } as const;

/** A refusal for too many attempts tells when to try again (Retry-After, seconds). */
async function withRetryAfter<T>(reply: FastifyReply, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && error.code === 'PUBLIC_LIMIT_REACHED') {
      reply.header('retry-after', String((error.details as { retryAfterSeconds: number }).retryAfterSeconds));
    }
    throw error;
  }
}

const send = (reply: FastifyReply, r: Filed) => reply.status(r.created ? 201 : 200).send(r);

export function publicRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/api/public/options', {
    config: open,
    schema: {
      tags,
      summary: '群众端表单选项 / What the citizens\' forms offer',
      description: 'Dispute types, petition channels, grid event categories, the regions to pick (with whether a governance center or petition office is there) and the forms\' length limits.',
      response: { 200: OptionsView, ...errors(400) },
    },
  }, () => publicOptions(deps));

  app.post('/api/public/disputes', {
    config: open,
    schema: {
      tags,
      summary: '群众网上申请调解矛盾纠纷 / File a dispute online',
      description: 'Taken in (channel online) at the governance center of the township or county picked. The same form sent twice on one day answers the first one\'s record (200, created false).',
      body: PublicDisputeBody,
      response: { 201: FiledResult, 200: FiledResult, ...errors(400, 409, 422, 429) },
    },
  }, (req, reply) => withRetryAfter(reply, async () => send(reply, await filePublicDispute(deps, req.ip, req.body))));

  app.post('/api/public/petitions', {
    config: open,
    schema: {
      tags,
      summary: '网上信访 / File a petition online',
      description: 'Registered (channel online, 信访工作条例 17) at the petition office of the county or city picked; its route clock starts.',
      body: PublicPetitionBody,
      response: { 201: FiledResult, 200: FiledResult, ...errors(400, 422, 429) },
    },
  }, (req, reply) => withRetryAfter(reply, async () => send(reply, await filePublicPetition(deps, req.ip, req.body))));

  app.post('/api/public/grid-events', {
    config: open,
    schema: {
      tags,
      summary: '群众反映问题（社会治理事件） / Report a problem in a place',
      description: 'Reported to the governance center of the township picked (flows.md §6). Photos are added by the center\'s staff.',
      body: PublicGridEventBody,
      response: { 201: FiledResult, 200: FiledResult, ...errors(400, 422, 429) },
    },
  }, (req, reply) => withRetryAfter(reply, async () => send(reply, await filePublicGridEvent(deps, req.ip, req.body))));

  app.post('/api/public/track', {
    config: open,
    schema: {
      tags,
      summary: '凭查询码查询办理进度 / Follow a matter with its tracking code',
      description: 'POST keeps the digits out of URLs and logs. Answers no personal data and no body\'s notes; an unknown code and wrong digits both answer 404 TRACKING_NOT_FOUND.',
      body: TrackBody,
      response: { 200: ProgressView, ...errors(400, 404, 429) },
    },
  }, (req, reply) => withRetryAfter(reply, () => trackMatter(deps, req.ip, req.body)));
}
