import type { AppDeps } from '../../app-deps.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { errors } from '../../shared/fields.ts';
import { CaseIdParams, IdOnly } from '../cases/cases.schema.ts';
import { DisposalBody, DisposalResult, HandoverBody, HandoverIdParams, HandoverResult, NewPropertyBody, PropertyIdParams, ReceiveBody, ReceiveResult } from './property.schema.ts';
import { disposeOfProperty, handOverProperty, receiveProperty, registerProperty } from './property.service.ts';

export function propertyRoutes(app: TypedApp, deps: AppDeps): void {
  const tags = ['cases'];
  const update = { permission: { action: 'update', resource: 'seized-property' } } as const;

  app.post('/api/cases/:id/property', {
    config: { permission: { action: 'create', resource: 'seized-property' } },
    schema: { tags, summary: '登记涉案财物 / Register an item of seized property', params: CaseIdParams, body: NewPropertyBody, response: { 201: IdOnly, ...errors(400, 401, 403, 404, 422) } },
  }, async (req, reply) => reply.status(201).send(await registerProperty(deps, requestContext(req), req.params.id, req.body)));

  app.post('/api/cases/:id/property/handovers', {
    config: update,
    schema: {
      tags,
      summary: '随移送移交涉案财物 / Hand items over with one of your transfers of the case',
      params: CaseIdParams,
      body: HandoverBody,
      response: { 201: HandoverResult, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await handOverProperty(deps, requestContext(req), req.params.id, req.body)));

  app.post('/api/property-handovers/:id/receive', {
    config: update,
    schema: { tags, summary: '逐件接收涉案财物 / Receive one item handed over', description: 'The body (a note) is optional: a request without one receives the item without a note.', params: HandoverIdParams, body: ReceiveBody, response: { 200: ReceiveResult, ...errors(400, 401, 403, 404, 409) } },
    // no body at all: no note (a body that is there is validated as usual)
    preValidation: async (req) => {
      if (req.body === undefined) req.body = {};
    },
  }, (req) => receiveProperty(deps, requestContext(req), req.params.id, req.body));

  app.post('/api/property/:id/disposal', {
    config: update,
    schema: {
      tags,
      summary: '处置涉案财物（发还、没收、销毁） / Dispose of an item (returned to its owner, confiscated, destroyed)',
      params: PropertyIdParams,
      body: DisposalBody,
      response: { 200: DisposalResult, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, (req) => disposeOfProperty(deps, requestContext(req), req.params.id, req.body));
}
