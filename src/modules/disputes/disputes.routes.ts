import type { AppDeps } from '../../app-deps.ts';
import { requestContext } from '../../http/auth-hook.ts';
import { sendStoredFile } from '../../http/files.ts';
import type { TypedApp } from '../../http/typed.ts';
import { NoQuery, errors, pageWindow } from '../../shared/fields.ts';
import { ActionBody, DisputeIdParams, DisputeList, DisputePage, DisputeRulesView, IntakeBody, IntakeResult, ListQuery } from './disputes.schema.ts';
import { actOnDispute, disputeRulesView, getDispute, intakeDispute, listDisputes, readAgreementPdf } from './disputes.service.ts';

const tags = ['governance'];
const read = { permission: { action: 'read', resource: 'dispute' } } as const;
const create = { permission: { action: 'create', resource: 'dispute' } } as const;
const update = { permission: { action: 'update', resource: 'dispute' } } as const;
const reveal = { permission: { action: 'reveal', resource: 'dispute' } } as const;

export function disputeRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/api/rules/disputes', {
    config: { permission: { action: 'read', resource: 'dispute-rule' } },
    schema: {
      tags,
      summary: '矛盾纠纷类型、流转规则与期限 / Dispute types, routing rules and periods',
      description: 'rules/governance/dispute-types.yaml and dispute-routing.yaml, with the source of each period.',
      querystring: NoQuery,
      response: { 200: DisputeRulesView, ...errors(400, 401) },
    },
  }, () => disputeRulesView(deps));

  app.get('/api/disputes', {
    config: read,
    schema: {
      tags,
      summary: '矛盾纠纷列表 / Disputes',
      description: 'The disputes the caller may read, newest first, parties masked. state=open: not yet closed; risk: the assessed risk level; overdue: past the current step\'s date.',
      querystring: ListQuery,
      response: { 200: DisputeList, ...errors(400, 401, 403) },
    },
  }, (req) => {
    const q = req.query;
    return listDisputes(deps, requestContext(req), {
      ...(q.state ? { state: q.state as never } : {}),
      ...(q.type ? { type: q.type } : {}),
      ...(q.risk ? { riskLevel: q.risk } : {}),
      ...(q.unit ? { unitId: q.unit } : {}),
      ...(q.region ? { region: q.region } : {}),
      ...(q.mine ? { mine: true } : {}),
      ...(q.overdue ? { overdue: true } : {}),
      ...pageWindow(q),
    });
  });

  app.post('/api/disputes', {
    config: create,
    schema: {
      tags,
      summary: '受理矛盾纠纷 / Take a dispute in',
      description:
        'Walk-in, hotline and referral at a governance center or mediation committee; grid at a grid worker; court-referral at a court. The same matter (applicant phone or ID, respondent, type) entered again while open is refused 409 DISPUTE_DUPLICATE; resolved within the reopen window, it reopens (reopenedFrom). An importKey sent again answers the same dispute (200, created: false).',
      body: IntakeBody,
      response: { 201: IntakeResult, 200: IntakeResult, ...errors(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => {
    const r = await intakeDispute(deps, { ctx: requestContext(req) }, req.body as never);
    return reply.status(r.created ? 201 : 200).send(r);
  });

  app.get('/api/disputes/:id', {
    config: read,
    schema: {
      tags,
      summary: '矛盾纠纷详情（进程、期限、调解协议） / A dispute with its timeline, clocks and agreement',
      description: "For a unit working the dispute the parties' data is whole and the read is audited; for others masked.",
      params: DisputeIdParams,
      response: { 200: DisputePage, ...errors(400, 401, 403, 404) },
    },
  }, (req) => getDispute(deps, requestContext(req), req.params.id));

  app.post('/api/disputes/:id/actions', {
    config: update,
    schema: {
      tags,
      summary: '办理矛盾纠纷（研判、流转、调解、协议、司法确认、结案、回访、评价、重新受理、督办、记录） / Take a step on a dispute',
      description:
        'assess {type, riskLevel, urgency, amount}; route {unitId, kind} or by the rules; session {note}; agree {terms, performance}: a sealed PDF; no-agreement {note}; request-confirmation {courtUnitId}; accept-confirmation / decide-confirmation {decision} (the court); close {outcome, referredTo}; withdraw {note}; visit {note, satisfaction}; rate {satisfaction}; reopen {note}; follow-up {note} (a governance center of the region); note {note}.',
      params: DisputeIdParams,
      body: ActionBody,
      response: { 200: DisputePage, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, (req) => {
    const { action, ...input } = req.body;
    return actOnDispute(deps, requestContext(req), req.params.id, action, input as never);
  });

  app.get('/api/disputes/:id/agreement', {
    config: reveal,
    schema: { tags, summary: '调解协议书 PDF（已盖电子印章） / The sealed mediation agreement (PDF)', params: DisputeIdParams, querystring: NoQuery },
  }, async (req, reply) => {
    const r = await readAgreementPdf(deps, requestContext(req), req.params.id);
    return sendStoredFile(reply, { mime: 'application/pdf', name: `调解协议书-${r.number}.pdf`, sm3: r.sm3 }, r.bytes);
  });
}
