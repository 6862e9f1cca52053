import type { AppDeps } from '../../app-deps.ts';
import { requestContext } from '../../http/auth-hook.ts';
import { fileUploadRoutes, sendStoredFile, uploadedBytes } from '../../http/files.ts';
import type { TypedApp } from '../../http/typed.ts';
import { AppError } from '../../shared/errors.ts';
import { errors, pageWindow } from '../../shared/fields.ts';
import { isAllowed } from '../../engine/permissions/permissions.ts';
import { findUnitById } from '../units/units.repository.ts';
import { casePage } from './case-page.ts';
import { findTransfer } from './cases.repository.ts';
import {
  CaseCreated,
  CaseDocumentParams,
  CaseIdParams,
  CaseListQuery,
  CasePage,
  CasePersonParams,
  CaseView,
  DocumentView,
  EvidenceBody,
  IdOnly,
  MeasureBody,
  MeasureResult,
  NewCaseBody,
  NewPersonBody,
  PersonalData,
  ReturnBody,
  RotationResult,
  TransferIdParams,
  TransitionBody,
  TransitionResult,
  UnitIdParams,
  UnitKeyList,
  UploadQuery,
  VerificationResult,
} from './cases.schema.ts';
import {
  acceptTransfer,
  addEvidence,
  addPerson,
  applyMeasure,
  fireTransition,
  listCasesFor,
  readDocument,
  registerCase,
  returnTransfer,
  revealPerson,
  uploadDocument,
  visibleCase,
} from './cases.service.ts';
import { rotateUnitKey, unitKeys } from './unit-keys.ts';
import { verifyTransfer } from './verify.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { auditActor } from '../auth/principal.ts';

/** The content types a document may be uploaded as; the bytes decide the type (checkDeclaredType). */

export function caseRoutes(app: TypedApp, deps: AppDeps): void {
  const read = { permission: { action: 'read', resource: 'case' } } as const;
  const update = { permission: { action: 'update', resource: 'case' } } as const;
  const tags = ['cases'];

  app.get('/api/cases', {
    config: read,
    schema: { tags, summary: '案件列表 / List cases', querystring: CaseListQuery, response: { 200: CasePage, ...errors(400, 401, 403) } },
  }, (req) => listCasesFor(deps, requestContext(req), { stage: req.query.stage, q: req.query.q, ...pageWindow(req.query) }));

  app.post('/api/cases', {
    config: { permission: { action: 'create', resource: 'case' } },
    schema: { tags, summary: '立案 / Register a case', body: NewCaseBody, response: { 201: CaseCreated, ...errors(400, 401, 403) } },
  }, async (req, reply) => reply.status(201).send(await registerCase(deps, requestContext(req), req.body)));

  app.get('/api/cases/:id', {
    config: read,
    schema: { tags, summary: '案件页 / The case page', params: CaseIdParams, response: { 200: CaseView, ...errors(400, 401, 403, 404) } },
  }, (req) => casePage(deps, requestContext(req), req.params.id));

  app.post('/api/cases/:id/persons', {
    config: update,
    schema: { tags, summary: '添加案件人员 / Add a person to the case', params: CaseIdParams, body: NewPersonBody, response: { 201: IdOnly, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => reply.status(201).send(await addPerson(deps, requestContext(req), req.params.id, req.body)));

  app.get('/api/cases/:id/persons/:personId/personal-data', {
    config: { permission: { action: 'reveal', resource: 'case' } },
    schema: { tags, summary: '查看人员完整信息（留痕） / Reveal a person\'s data (audited)', params: CasePersonParams, response: { 200: PersonalData, ...errors(400, 401, 403, 404) } },
  }, async (req) => {
    const p = await revealPerson(deps, requestContext(req), req.params.id, req.params.personId);
    return { id: p.id, role: p.role, name: p.name, idNumber: p.idNumber, phone: p.phone };
  });

  app.post('/api/cases/:id/persons/:personId/measures', {
    config: update,
    schema: { tags, summary: '采取或解除强制措施 / Apply a coercive measure', params: CasePersonParams, body: MeasureBody, response: { 200: MeasureResult, ...errors(400, 401, 403, 404, 409, 422) } },
  }, (req) => applyMeasure(deps, requestContext(req), req.params.id, req.params.personId, req.body));

  fileUploadRoutes(app, deps.config.documentMaxBytes, (scope) => {
    scope.post('/api/cases/:id/documents', {
      bodyLimit: deps.config.documentMaxBytes,
      config: update,
      schema: {
        tags,
        summary: '上传卷宗文书（PDF、JPEG、PNG、OFD） / Upload a dossier document',
        description: 'The body is the file itself, with Content-Type application/pdf, image/jpeg, image/png, application/ofd or application/octet-stream.',
        params: CaseIdParams,
        querystring: UploadQuery,
        response: { 201: DocumentView, ...errors(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    }, async (req, reply) => {
      const doc = await uploadDocument(deps, requestContext(req), req.params.id, uploadedBytes(req.body), {
        kind: req.query.kind,
        name: req.query.name,
        volume: req.query.volume ?? 1,
        declaredMime: req.headers['content-type'] ?? '',
      });
      return reply.status(201).send(doc);
    });
  });

  app.get('/api/cases/:id/documents/:documentId/content', {
    config: read,
    schema: { tags, summary: '查看卷宗文书 / Read a document', params: CaseDocumentParams },
  }, async (req, reply) => {
    const ctx = requestContext(req);
    const { doc, bytes } = await readDocument(deps, ctx, req.params.id, req.params.documentId);
    return sendStoredFile(reply, doc, bytes);
  });

  app.post('/api/cases/:id/evidence', {
    config: update,
    schema: { tags, summary: '登记证据材料 / Record an evidence item', params: CaseIdParams, body: EvidenceBody, response: { 201: IdOnly, ...errors(400, 401, 403, 404, 422) } },
  }, async (req, reply) => reply.status(201).send(await addEvidence(deps, requestContext(req), req.params.id, req.body)));

  app.post('/api/cases/:id/transitions', {
    config: read,
    schema: {
      tags,
      summary: '办理流转（移送、答复、决定） / Fire a transition of the case flow',
      description: 'Checked against rules/case-flow.yaml. A hand-over creates a transfer signed with the unit\'s SM2 e-seal; send an idempotencyKey so that a retry after a time-out gives back the same transfer.',
      params: CaseIdParams,
      body: TransitionBody,
      response: { 200: TransitionResult, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, (req) => fireTransition(deps, requestContext(req), req.params.id, req.body));

  app.post('/api/transfers/:id/accept', {
    config: read,
    schema: { tags, summary: '验章并接收 / Verify and accept a transfer', params: TransferIdParams, response: { 200: TransitionResult, ...errors(400, 401, 403, 404, 409, 422) } },
  }, (req) => acceptTransfer(deps, requestContext(req), req.params.id));

  app.post('/api/transfers/:id/return', {
    config: read,
    schema: { tags, summary: '退回（不予接收） / Return a transfer unreceived', params: TransferIdParams, body: ReturnBody, response: { 200: TransitionResult, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => returnTransfer(deps, requestContext(req), req.params.id, req.body.reason));

  app.get('/api/transfers/:id/verification', {
    config: read,
    schema: { tags, summary: '校验电子签章与文书摘要 / Verify a transfer\'s e-seal and digests', params: TransferIdParams, response: { 200: VerificationResult, ...errors(400, 401, 403, 404) } },
  }, async (req) => {
    const ctx = requestContext(req);
    const transfer = await findTransfer(deps.db, req.params.id);
    if (!transfer) throw new AppError('TRANSFER_NOT_FOUND', { transferId: req.params.id });
    await visibleCase(deps, deps.db, ctx, transfer.caseId).catch(() => {
      throw new AppError('TRANSFER_NOT_FOUND', { transferId: req.params.id });
    });
    const { failures } = await verifyTransfer(deps.db, deps.files, transfer);
    return { transferId: transfer.id, ok: failures.length === 0, failures };
  });

  app.get('/api/units/:id/keys', {
    config: { permission: { action: 'read', resource: 'unit-key' } },
    schema: { tags: ['units'], summary: '单位签章公钥 / A unit\'s e-seal public keys', params: UnitIdParams, response: { 200: UnitKeyList, ...errors(400, 401, 403, 404) } },
  }, async (req) => {
    if (!(await findUnitById(deps.db, req.params.id))) throw new AppError('UNIT_NOT_FOUND', { unitId: req.params.id });
    return { items: await unitKeys(deps.db, req.params.id) };
  });

  app.post('/api/units/:id/keys/rotate', {
    config: { permission: { action: 'update', resource: 'unit-key' } },
    schema: { tags: ['units'], summary: '更换单位签章密钥 / Rotate a unit\'s e-seal key', params: UnitIdParams, response: { 200: RotationResult, ...errors(400, 401, 403, 404) } },
  }, async (req) => {
    const ctx = requestContext(req);
    const unit = await findUnitById(deps.db, req.params.id);
    if (!unit) throw new AppError('UNIT_NOT_FOUND', { unitId: req.params.id });
    if (!isAllowed(deps.permissions, ctx.principal, 'update', { kind: 'unit-key', unitId: unit.id, regionCode: unit.regionCode, agency: unit.agency })) throw new AppError('FORBIDDEN');
    return deps.db.transaction(async (tx) => {
      const r = await rotateUnitKey(tx, unit.id, deps.masterKey());
      await appendAudit(tx, { ...auditActor(ctx), action: 'unit-key.rotate', resourceKind: 'unit-key', resourceId: unit.id, details: { retired: r.retired?.id ?? null, active: r.active.id } });
      return r;
    });
  });
}
