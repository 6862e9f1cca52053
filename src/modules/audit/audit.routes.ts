import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import { scopeOf } from '../../engine/permissions/permissions.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { Paging, Username, errors, pageWindow } from '../../shared/fields.ts';
import { listAudit } from './audit.repository.ts';
import { verifyAuditChain } from './audit.service.ts';

const AuditView = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorUsername: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  resourceKind: Type.String(),
  resourceId: Type.Union([Type.String(), Type.Null()]),
  clientAddress: Type.Union([Type.String(), Type.Null()]),
  details: Type.String(),
  hash: Type.String(),
});

export function auditRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/api/audit', {
    config: { permission: { action: 'read', resource: 'audit-record' } },
    schema: {
      tags: ['audit'],
      summary: '审计日志 / Audit log',
      querystring: Type.Object(
        { action: Type.Optional(Type.String({ maxLength: 64, pattern: '^[a-z.-]+$' })), actor: Type.Optional(Username), ...Paging },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ items: Type.Array(AuditView), total: Type.Integer() }), ...errors(400, 401, 403) },
    },
  }, async (req) => {
    const scope = scopeOf(deps.permissions, requestContext(req).principal, 'read', 'audit-record');
    const page = await listAudit(deps.db, scope, { action: req.query.action, actorUsername: req.query.actor, ...pageWindow(req.query) });
    return { items: page.items.map((r) => ({ ...r, at: r.at.toISOString() })), total: page.total };
  });

  app.get('/api/audit/verify', {
    config: { permission: { action: 'verify', resource: 'audit-record' } },
    schema: {
      tags: ['audit'],
      summary: '校验审计链 / Verify the audit chain',
      response: {
        200: Type.Object({
          ok: Type.Boolean(),
          checked: Type.Integer(),
          firstBroken: Type.Union([Type.Object({ seq: Type.Integer(), reason: Type.String() }), Type.Null()]),
        }),
        ...errors(401, 403),
      },
    },
  }, () => verifyAuditChain(deps.db));
}
