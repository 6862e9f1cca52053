import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { errors } from '../../shared/fields.ts';
import {
  BulletinQuery, BulletinView, CatalogueView, IssueBody, IssueListQuery, IssueListView, IssueParams, IssueView,
  ScheduleBody, ScheduleListView, ScheduleParams, SchedulePatch, ScheduleView,
} from './reports.schema.ts';
import {
  changeSchedule, createSchedule, downloadIssue, issueReport, listIssues, listReportDefinitions, listSchedules,
  loadReportDeps, previewBulletin, removeSchedule,
} from './reports.service.ts';

const tags = ['reports'];
const read = { permission: { action: 'read', resource: 'report' } } as const;
const create = { permission: { action: 'create', resource: 'report' } } as const;
const readSchedules = { permission: { action: 'read', resource: 'report-schedule' } } as const;
const createSchedules = { permission: { action: 'create', resource: 'report-schedule' } } as const;
const updateSchedules = { permission: { action: 'update', resource: 'report-schedule' } } as const;

/** RFC 6266 / RFC 5987: an ASCII fallback and the UTF-8 name. */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function reportRoutes(app: TypedApp, deps: AppDeps): void {
  // read at start: a bad rules/reports.yaml or bulletin.yaml stops start-up, naming the field
  const rdeps = loadReportDeps(deps);
  app.get('/api/reports', {
    config: read,
    schema: { tags, summary: '统计报表目录 / The reports the caller may issue', response: { 200: CatalogueView, ...errors(401, 403) } },
  }, (req) => listReportDefinitions(rdeps, requestContext(req).principal));

  app.post('/api/reports/issues', {
    config: create,
    schema: {
      tags,
      summary: '生成统计报表 / Issue a report (xlsx or PDF), or the monthly bulletin (report "bulletin", PDF)',
      description: 'Counts the period\'s figures for the region within the caller\'s scope, renders the file, stores it and records the issue with its SM3 digest.',
      body: IssueBody,
      response: { 201: IssueView, ...errors(400, 401, 403, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await issueReport(rdeps, { kind: 'user', ctx: requestContext(req) }, req.body)));

  app.get('/api/reports/issues', {
    config: read,
    schema: { tags, summary: '报表生成记录 / History of issued reports', querystring: IssueListQuery, response: { 200: IssueListView, ...errors(400, 401, 403) } },
  }, (req) => listIssues(rdeps, requestContext(req), req.query));

  app.get('/api/reports/issues/:id/file', {
    config: read,
    schema: { tags, summary: '下载报表文件 / Download an issued file (audited)', params: IssueParams, response: { 200: Type.Unknown({ description: 'the file: xlsx or PDF' }), ...errors(401, 403, 404) } },
  }, async (req, reply) => {
    const file = await downloadIssue(rdeps, requestContext(req), req.params.id);
    return reply
      .type(file.mime)
      .header('content-disposition', attachmentDisposition(file.fileName))
      .header('x-content-sm3', file.issue.sm3)
      .send(Buffer.from(file.bytes));
  });

  app.get('/api/reports/bulletin', {
    config: read,
    schema: { tags, summary: '月度通报预览 / Preview of the monthly bulletin (both languages)', querystring: BulletinQuery, response: { 200: BulletinView, ...errors(400, 401, 403, 422) } },
  }, (req) => previewBulletin(rdeps, requestContext(req), req.query));

  app.get('/api/reports/schedules', {
    config: readSchedules,
    schema: { tags, summary: '定时生成计划 / Schedules', response: { 200: ScheduleListView, ...errors(401, 403) } },
  }, (req) => listSchedules(rdeps, requestContext(req)));

  app.post('/api/reports/schedules', {
    config: createSchedules,
    schema: { tags, summary: '新建定时生成计划 / Create a schedule', body: ScheduleBody, response: { 201: ScheduleView, ...errors(400, 401, 403, 422) } },
  }, async (req, reply) => reply.status(201).send(await createSchedule(rdeps, requestContext(req), req.body)));

  app.patch('/api/reports/schedules/:id', {
    config: updateSchedules,
    schema: { tags, summary: '修改定时生成计划 / Change a schedule', params: ScheduleParams, body: SchedulePatch, response: { 200: ScheduleView, ...errors(400, 401, 403, 404, 422) } },
  }, (req) => changeSchedule(rdeps, requestContext(req), req.params.id, req.body));

  app.delete('/api/reports/schedules/:id', {
    config: updateSchedules,
    schema: { tags, summary: '删除定时生成计划 / Delete a schedule', params: ScheduleParams, response: { 204: Type.Null(), ...errors(401, 403, 404) } },
  }, async (req, reply) => {
    await removeSchedule(rdeps, requestContext(req), req.params.id);
    return reply.status(204).send(null);
  });
}
