import type { AppDeps } from '../../app-deps.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { errors, pageWindow } from '../../shared/fields.ts';
import { fileUploadRoutes, sendStoredFile, uploadedBytes } from '../../http/files.ts';
import {
  ActBody, AttachQuery, AttachmentParams, AttachmentView, ClassBody, ClassResult, ItemIdParams, ItemList, ItemPage, ItemQuery, RaiseBody, RaiseResult,
} from './supervision.schema.ts';
import { actOnItem, attachToItem, itemPage, listItemsFor, raiseClassRemediation, raiseItem, readAttachment } from './supervision.service.ts';

const tags = ['oversight'];
const read = { permission: { action: 'read', resource: 'supervision-item' } } as const;
const create = { permission: { action: 'create', resource: 'supervision-item' } } as const;
const update = { permission: { action: 'update', resource: 'supervision-item' } } as const;

export function supervisionRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/api/supervision-items', {
    config: read,
    schema: {
      tags,
      summary: '监督事项列表 / Supervision items',
      description: "A committee supervisor sees the region's and below; a unit the items it must rectify. Overdue: assigned or rectifying past the date.",
      querystring: ItemQuery,
      response: { 200: ItemList, ...errors(400, 401, 403) },
    },
  }, (req) => {
    const q = req.query;
    return listItemsFor(deps, requestContext(req), {
      ...(q.state ? { state: q.state as never } : {}),
      ...(q.overdue ? { overdue: true } : {}),
      ...(q.source ? { source: q.source as never } : {}),
      ...(q.model ? { modelId: q.model } : {}),
      ...(q.parent ? { parentId: q.parent } : {}),
      ...(q.assignee ? { assigneeUnitId: q.assignee } : {}),
      ...pageWindow(q),
    });
  });

  app.post('/api/supervision-items', {
    config: create,
    schema: {
      tags,
      summary: '提出监督事项（来自预警、案件评查、信访或人工） / Raise a supervision item',
      description: 'From a warning the unit, case, model and severity come from the hit; raising from the same hit again answers the same item (created: false).',
      body: RaiseBody,
      response: { 201: RaiseResult, 200: RaiseResult, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const r = await raiseItem(deps, requestContext(req), req.body);
    return reply.status(r.created ? 201 : 200).send(r);
  });

  app.post('/api/supervision-items/class', {
    config: create,
    schema: {
      tags,
      summary: '类案整改：按单位归并一个模型的预警 / Class remediation: one model\'s warnings, an item per unit',
      body: ClassBody,
      response: { 201: ClassResult, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await raiseClassRemediation(deps, requestContext(req), req.body)));

  app.get('/api/supervision-items/:id', {
    config: read,
    schema: { tags, summary: '监督事项详情与进程 / A supervision item with its timeline', params: ItemIdParams, response: { 200: ItemPage, ...errors(400, 401, 403, 404) } },
  }, (req) => itemPage(deps, requestContext(req), req.params.id));

  app.post('/api/supervision-items/:id/actions', {
    config: update,
    schema: {
      tags,
      summary: '办理监督事项（交办、签收、督办、反馈、核查、留言） / Take a step on an item',
      description: 'assign, follow-up and verify are the committee\'s; accept and report the unit\'s; comment either\'s. A follow-up sets a new date; a failed verification sends it back to rectifying.',
      params: ItemIdParams,
      body: ActBody,
      response: { 200: ItemPage, ...errors(400, 401, 403, 404, 409) },
    },
  }, (req) => actOnItem(deps, requestContext(req), req.params.id, req.body as never));

  fileUploadRoutes(app, deps.config.documentMaxBytes, (scope) => {
    scope.post('/api/supervision-items/:id/attachments', {
      bodyLimit: deps.config.documentMaxBytes,
      config: update,
      schema: {
        tags,
        summary: '上传监督事项附件（整改报告、照片） / Attach a file to an item',
        description: 'The body is the file itself (PDF, JPEG, PNG, OFD), checked by content.',
        params: ItemIdParams,
        querystring: AttachQuery,
        response: { 201: AttachmentView, ...errors(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    }, async (req, reply) =>
      reply.status(201).send(await attachToItem(deps, requestContext(req), req.params.id, uploadedBytes(req.body), { name: req.query.name, declaredMime: req.headers['content-type'] ?? '' })),
    );
  });

  app.get('/api/supervision-items/:id/attachments/:attachmentId/content', {
    config: read,
    schema: { tags, summary: '查看附件 / Read an attachment', params: AttachmentParams },
  }, async (req, reply) => {
    const { attachment, bytes } = await readAttachment(deps, requestContext(req), req.params.id, req.params.attachmentId);
    return sendStoredFile(reply, attachment, bytes);
  });
}
