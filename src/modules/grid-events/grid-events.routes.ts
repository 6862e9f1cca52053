import type { AppDeps } from '../../app-deps.ts';
import { requestContext } from '../../http/auth-hook.ts';
import { fileUploadRoutes, sendStoredFile, uploadedBytes } from '../../http/files.ts';
import type { TypedApp } from '../../http/typed.ts';
import { errors, pageWindow } from '../../shared/fields.ts';
import {
  AssignBody, ContactView, GridEventIdParams, GridEventList, GridEventPage, GridEventQuery, GridEventRulesView, NoteBody, PhotoParams, PhotoQuery, PhotoView,
  RateBody, ReportBody, ReportResult, RequiredNoteBody, VerifyBody,
} from './grid-events.schema.ts';
import {
  acceptGridEvent, addGridEventPhoto, assignDepartment, closeGridEvent, escalateGridEvent, getGridEvent, gridEventRulesView, handleLocally,
  listGridEvents, rateGridEvent, readGridEventPhoto, recordHandling, reportGridEvent, revealReporterContact, verifyGridEvent,
} from './grid-events.service.ts';

const tags = ['governance'];
const read = { permission: { action: 'read', resource: 'grid-event' } } as const;
const create = { permission: { action: 'create', resource: 'grid-event' } } as const;
const update = { permission: { action: 'update', resource: 'grid-event' } } as const;
const stepErrors = errors(400, 401, 403, 404, 409, 422);

export function gridEventRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/api/rules/grid-events', {
    config: { permission: { action: 'read', resource: 'grid-event-rule' } },
    schema: { tags, summary: '社会治理事件类别与办理时限 / Grid event categories and step periods', response: { 200: GridEventRulesView, ...errors(400, 401) } },
  }, () => gridEventRulesView(deps));

  app.get('/api/grid-events', {
    config: read,
    schema: {
      tags,
      summary: '社会治理事件列表 / Grid events',
      description: 'The centers and the department an event is with see it; a committee supervisor those of the region and below. The reporter\'s phone is masked. Overdue: a step is owed past its due moment.',
      querystring: GridEventQuery,
      response: { 200: GridEventList, ...errors(400, 401, 403, 422) },
    },
  }, (req) => {
    const q = req.query;
    return listGridEvents(deps, requestContext(req), {
      ...(q.state ? { state: q.state as never } : {}),
      ...(q.category ? { category: q.category } : {}),
      ...(q.region ? { regionCode: q.region } : {}),
      ...(q.overdue ? { overdue: true } : {}),
      ...pageWindow(q),
    });
  });

  app.post('/api/grid-events', {
    config: create,
    schema: {
      tags,
      summary: '网格员上报社会治理事件 / A grid worker reports an event',
      description: 'The place is an address and, optionally, the coordinates of the place (never of a person). The township center of the grid worker takes it.',
      body: ReportBody,
      response: { 201: ReportResult, ...errors(400, 401, 403, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await reportGridEvent(deps, { kind: 'grid-worker', ctx: requestContext(req) }, req.body)));

  app.get('/api/grid-events/:id', {
    config: read,
    schema: { tags, summary: '社会治理事件详情与进程 / A grid event with its timeline and photos', params: GridEventIdParams, response: { 200: GridEventPage, ...errors(400, 401, 403, 404) } },
  }, (req) => getGridEvent(deps, requestContext(req), req.params.id));

  app.get('/api/grid-events/:id/reporter-contact', {
    config: { permission: { action: 'reveal', resource: 'grid-event' } },
    schema: { tags, summary: '查看群众上报人的联系电话（留痕） / The reporting citizen\'s phone, audited', params: GridEventIdParams, response: { 200: ContactView, ...errors(400, 401, 403, 404) } },
  }, (req) => revealReporterContact(deps, requestContext(req), req.params.id));

  const stepRoute = (path: string, summary: string, body: typeof NoteBody | typeof RequiredNoteBody | typeof AssignBody | typeof VerifyBody | typeof RateBody, run: (id: string, ctx: ReturnType<typeof requestContext>, b: never) => ReturnType<typeof getGridEvent>) =>
    app.post(`/api/grid-events/:id/${path}`, {
      config: update,
      schema: { tags, summary, params: GridEventIdParams, body, response: { 200: GridEventPage, ...stepErrors } },
    }, (req) => run((req.params as { id: string }).id, requestContext(req), req.body as never));

  stepRoute('accept', '乡镇综治中心受理 / The township center accepts', NoteBody, (id, ctx, b) => acceptGridEvent(deps, ctx, id, b));
  stepRoute('handle-locally', '就地处置 / The township center handles it itself', NoteBody, (id, ctx, b) => handleLocally(deps, ctx, id, b));
  stepRoute('escalate', '上报县级社会治理中心 / Escalate to the county center', RequiredNoteBody, (id, ctx, b) => escalateGridEvent(deps, ctx, id, b));
  stepRoute('assign', '县级中心派单至责任部门 / The county center assigns a department of the county', AssignBody, (id, ctx, b) => assignDepartment(deps, ctx, id, b));
  stepRoute('handling', '责任单位办结反馈 / The responsible unit records its handling', RequiredNoteBody, (id, ctx, b) => recordHandling(deps, ctx, id, b));
  stepRoute('verify', '上报人现场核查（不通过退回处置） / The reporter verifies; a failure sends it back', VerifyBody, (id, ctx, b) => verifyGridEvent(deps, ctx, id, b));
  stepRoute('close', '结案 / The township center closes it', NoteBody, (id, ctx, b) => closeGridEvent(deps, ctx, id, b));
  stepRoute('rate', '满意度评价 / The reporter\'s rating', RateBody, (id, ctx, b) => rateGridEvent(deps, ctx, id, b));

  fileUploadRoutes(app, deps.config.photoMaxBytes, (scope) => {
    scope.post('/api/grid-events/:id/photos', {
      bodyLimit: deps.config.photoMaxBytes,
      config: update,
      schema: {
        tags,
        summary: '上传事件现场照片 / Add a photo of the place',
        description: 'The body is the image itself, JPEG or PNG, checked by its content (a PDF, an archive or a polyglot is refused).',
        params: GridEventIdParams,
        querystring: PhotoQuery,
        response: { 201: PhotoView, ...errors(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    }, async (req, reply) =>
      reply.status(201).send(await addGridEventPhoto(deps, requestContext(req), req.params.id, uploadedBytes(req.body), { name: req.query.name, declaredMime: req.headers['content-type'] ?? '' })),
    );
  });

  app.get('/api/grid-events/:id/photos/:photoId/content', {
    config: read,
    schema: { tags, summary: '查看事件照片 / A photo of the event', params: PhotoParams },
  }, async (req, reply) => {
    const { photo, bytes } = await readGridEventPhoto(deps, requestContext(req), req.params.id, req.params.photoId);
    return sendStoredFile(reply, photo, bytes);
  });
}
