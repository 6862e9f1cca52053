import type { AppDeps } from '../../app-deps.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { errors, pageWindow } from '../../shared/fields.ts';
import { NewUserBody, PersonalData, UserChangesBody, UserIdParams, UserListQuery, UserPage, UserView } from './users.schema.ts';
import { changeUser, createUser, getUser, listUsersFor, revealPersonalData } from './users.service.ts';

export function userRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/api/users', {
    config: { permission: { action: 'read', resource: 'user' } },
    schema: { tags: ['users'], summary: '用户列表 / List users', querystring: UserListQuery, response: { 200: UserPage, ...errors(400, 401, 403) } },
  }, (req) => listUsersFor(deps, requestContext(req), { unitId: req.query.unitId, ...pageWindow(req.query) }));

  app.post('/api/users', {
    config: { permission: { action: 'create', resource: 'user' } },
    schema: { tags: ['users'], summary: '新建用户 / Create a user', body: NewUserBody, response: { 201: UserView, ...errors(400, 401, 403, 404, 409, 422) } },
  }, async (req, reply) => reply.status(201).send(await createUser(deps, requestContext(req), req.body)));

  app.get('/api/users/:id', {
    config: { permission: { action: 'read', resource: 'user' } },
    schema: { tags: ['users'], summary: '查看用户 / Get a user', params: UserIdParams, response: { 200: UserView, ...errors(400, 401, 403, 404) } },
  }, (req) => getUser(deps, requestContext(req), req.params.id));

  app.patch('/api/users/:id', {
    config: { permission: { action: 'update', resource: 'user' } },
    schema: { tags: ['users'], summary: '修改用户 / Change a user', params: UserIdParams, body: UserChangesBody, response: { 200: UserView, ...errors(400, 401, 403, 404, 422) } },
  }, (req) => changeUser(deps, requestContext(req), req.params.id, req.body));

  app.get('/api/users/:id/personal-data', {
    config: { permission: { action: 'reveal', resource: 'user' } },
    schema: {
      tags: ['users'],
      summary: '查看完整个人信息（留痕） / Reveal personal data (audited)',
      params: UserIdParams,
      response: { 200: PersonalData, ...errors(400, 401, 403, 404) },
    },
  }, (req) => revealPersonalData(deps, requestContext(req), req.params.id));
}
