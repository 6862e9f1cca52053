import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { FreeText, NoQuery, Nullable, Paging, Uuid, errors, pageWindow } from '../../shared/fields.ts';
import { decideIncident, incident, listIncidents, receiveIncident } from './incidents.service.ts';

const IncidentView = Type.Object({
  id: Type.String(), number: Type.String(), unitId: Type.String(), unitName: Type.String(), regionCode: Type.String(), category: Type.String(),
  amount: Nullable(Type.Number()), summary: Type.String(), reportedAt: Type.String(), outcome: Type.String(), outcomeAt: Nullable(Type.String()),
  outcomeNote: Nullable(Type.String()), caseIds: Type.Array(Type.String()),
});
const IncidentBody = Type.Object(
  {
    category: Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 }),
    amount: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1e12 }))),
    summary: FreeText(2000, { multiline: true }),
    reportedAt: Type.Optional(Type.String({ format: 'date-time', description: 'when it was reported (default now)' })),
  },
  { additionalProperties: false },
);
const OutcomeBody = Type.Object(
  {
    outcome: Type.Union([Type.Literal('registered'), Type.Literal('declined'), Type.Literal('administrative-penalty'), Type.Literal('mediated')]),
    caseId: Type.Optional(Uuid),
    note: Type.Optional(FreeText(2000, { multiline: true })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Uuid });
const IncidentQuery = Type.Object(
  { outcome: Type.Optional(Type.Union(['pending', 'registered', 'declined', 'administrative-penalty', 'mediated'].map((o) => Type.Literal(o)))), ...Paging },
  { additionalProperties: false },
);

export function incidentRoutes(app: TypedApp, deps: AppDeps): void {
  const tags = ['cases'];
  app.get('/api/incidents', {
    config: { permission: { action: 'read', resource: 'incident' } },
    schema: { tags, summary: '警情 / Incidents received', querystring: IncidentQuery, response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(IncidentView) }), ...errors(400, 401, 403) } },
  }, (req) => listIncidents(deps, requestContext(req), { ...(req.query.outcome ? { outcome: req.query.outcome } : {}), ...pageWindow(req.query) }));

  app.post('/api/incidents', {
    config: { permission: { action: 'create', resource: 'incident' } },
    schema: { tags, summary: '接报警情 / Receive an incident', body: IncidentBody, response: { 201: IncidentView, ...errors(400, 401, 403, 422) } },
  }, async (req, reply) => reply.status(201).send(await receiveIncident(deps, requestContext(req), req.body)));

  app.get('/api/incidents/:id', {
    config: { permission: { action: 'read', resource: 'incident' } },
    schema: { tags, summary: '警情详情 / One incident', params: IdParams, querystring: NoQuery, response: { 200: IncidentView, ...errors(400, 401, 403, 404) } },
  }, (req) => incident(deps, requestContext(req), req.params.id));

  app.post('/api/incidents/:id/outcome', {
    config: { permission: { action: 'update', resource: 'incident' } },
    schema: {
      tags,
      summary: '警情处理结果（立案、不予立案、行政处罚、调解） / What became of an incident',
      params: IdParams,
      body: OutcomeBody,
      response: { 200: IncidentView, ...errors(400, 401, 403, 404, 409) },
    },
  }, (req) => decideIncident(deps, requestContext(req), req.params.id, req.body));
}
