import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { Bilingual, NoQuery, Nullable, Uuid, errors } from '../../shared/fields.ts';
import { addCaseRecord, listCaseRecords, recordKinds } from './records.service.ts';

const RecordBody = Type.Object(
  {
    kind: Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 }),
    personId: Type.Optional(Nullable(Uuid)),
    data: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 }), Type.Union([Type.Number(), Type.String({ maxLength: 200 }), Type.Boolean(), Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 }), Type.Null()]), { maxProperties: 30 }),
  },
  { additionalProperties: false },
);
const RecordView = Type.Object({ id: Type.String(), kind: Type.String(), personId: Nullable(Type.String()), data: Type.Record(Type.String(), Type.Unknown()), unitId: Type.String(), unitName: Type.String(), recordedAt: Type.String() });
const KindsView = Type.Object({
  kinds: Type.Array(Type.Object({ id: Type.String(), name: Bilingual, person: Type.Boolean(), agencies: Type.Array(Type.String()), fields: Type.Record(Type.String(), Type.Unknown()) })),
  incidentCategories: Type.Array(Type.Object({ id: Type.String(), zh: Type.String(), en: Type.String() })),
});
const IdParams = Type.Object({ id: Uuid });
export function recordRoutes(app: TypedApp, deps: AppDeps): void {
  const tags = ['cases'];
  app.get('/api/rules/case-records', {
    config: { permission: { action: 'read', resource: 'case-flow-rule' } },
    schema: { tags, summary: '办案记录种类与警情类别 / Kinds of case records, incident categories', querystring: NoQuery, response: { 200: KindsView, ...errors(400, 401) } },
  }, () => recordKinds(deps));

  app.post('/api/cases/:id/records', {
    config: { permission: { action: 'read', resource: 'case' } },
    schema: {
      tags,
      summary: '登记办案记录（刑罚、酒精检验、鉴定、立功、减刑假释建议） / Add a structured case record',
      description: 'Checked against its kind in rules/case-records.yaml; the unit working the case, of an agency that records the kind.',
      params: IdParams,
      body: RecordBody,
      response: { 201: Type.Object({ id: Type.String() }), ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await addCaseRecord(deps, requestContext(req), req.params.id, req.body as never)));

  app.get('/api/cases/:id/records', {
    config: { permission: { action: 'read', resource: 'case' } },
    schema: { tags, summary: '案件的办案记录 / The structured records of a case', params: IdParams, querystring: NoQuery, response: { 200: Type.Object({ items: Type.Array(RecordView) }), ...errors(400, 401, 403, 404) } },
  }, (req) => listCaseRecords(deps, requestContext(req), req.params.id));

}
