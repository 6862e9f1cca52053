import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import { mayEver } from '../../engine/permissions/permissions.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { AgencySchema, LevelSchema, RoleSchema, Uuid, errors } from '../../shared/fields.ts';
import type { Principal } from '../auth/principal.ts';
import { collectInbox } from './inbox.ts';

export const Me = Type.Object(
  {
    id: Uuid,
    username: Type.String(),
    displayName: Type.String(),
    role: RoleSchema,
    unit: Type.Object({ id: Uuid, name: Type.String(), nameEn: Type.String(), agency: AgencySchema, level: LevelSchema }),
    region: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), level: LevelSchema }),
    permissions: Type.Array(Type.String()),
    menu: Type.Array(Type.String()),
  }
);

const InboxItem = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  titleEn: Type.Optional(Type.String()),
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  link: Type.String(),
});

/** The pages of the web app and what a user must be allowed for each to appear in their menu. */
const MENU = [
  { key: 'cockpit', action: 'read', resource: 'cockpit' },
  { key: 'cases', action: 'read', resource: 'case' },
  { key: 'collaboration-rate', action: 'read', resource: 'collaboration-rate' },
  { key: 'warnings', action: 'read', resource: 'warning-hit' },
  { key: 'supervision', action: 'read', resource: 'supervision-item' },
  { key: 'warning-models', action: 'read', resource: 'warning-model' },
  { key: 'dispute-desk', action: 'create', resource: 'dispute' },
  { key: 'disputes', action: 'read', resource: 'dispute' },
  { key: 'petitions', action: 'read', resource: 'petition' },
  { key: 'grid-events', action: 'read', resource: 'grid-event' },
  { key: 'governance-metrics', action: 'read', resource: 'governance-metric' },
  { key: 'rankings', action: 'read', resource: 'indicator-snapshot' },
  { key: 'reports', action: 'read', resource: 'report' },
  { key: 'risk-assessments', action: 'read', resource: 'risk-assessment' },
  { key: 'users', action: 'read', resource: 'user' },
  { key: 'units', action: 'read', resource: 'unit' },
  { key: 'regions', action: 'read', resource: 'region' },
  { key: 'audit', action: 'read', resource: 'audit-record' },
  { key: 'deadlines', action: 'read', resource: 'time-limit-rule' },
] as const;

const PERMISSION_KEYS = [
  ['read', 'user'], ['create', 'user'], ['update', 'user'], ['reveal', 'user'],
  ['read', 'unit'], ['read', 'region'], ['read', 'inbox'], ['read', 'audit-record'], ['verify', 'audit-record'], ['read', 'time-limit-rule'],
  ['read', 'case'], ['create', 'case'], ['update', 'case'], ['reveal', 'case'],
  ['create', 'paper-loan'], ['update', 'paper-loan'], ['create', 'seized-property'], ['update', 'seized-property'],
  ['read', 'warning-hit'], ['update', 'warning-model'], ['create', 'warning-run'], ['read', 'supervision-item'], ['create', 'supervision-item'], ['update', 'supervision-item'],
  ['read', 'dispute'], ['create', 'dispute'], ['update', 'dispute'], ['reveal', 'dispute'],
  ['read', 'petition'], ['create', 'petition'], ['update', 'petition'], ['reveal', 'petition'],
  ['read', 'grid-event'], ['create', 'grid-event'], ['update', 'grid-event'], ['reveal', 'grid-event'],
  ['create', 'indicator-snapshot'], ['read', 'remediation'], ['create', 'remediation'], ['update', 'remediation'],
  ['read', 'risk-assessment'], ['create', 'risk-assessment'], ['update', 'risk-assessment'],
  ['create', 'report'], ['read', 'report-schedule'], ['create', 'report-schedule'], ['update', 'report-schedule'],
] as const;

/** Who the caller is and what the web app may show them; no query beyond the session's own. */
export function describeMe(deps: AppDeps, p: Principal) {
  return {
    id: p.userId,
    username: p.username,
    displayName: p.displayName,
    role: p.role,
    unit: p.unit,
    region: p.region,
    permissions: PERMISSION_KEYS.filter(([a, r]) => mayEver(deps.permissions, p, a, r)).map(([a, r]) => `${r}:${a}`),
    menu: ['home', ...MENU.filter((m) => mayEver(deps.permissions, p, m.action, m.resource)).map((m) => m.key)],
  };
}

export function meRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/api/me', {
    schema: { tags: ['session'], summary: '当前用户 / The logged-in user', response: { 200: Me, ...errors(401) } },
  }, async (req) => describeMe(deps, requestContext(req).principal));

  app.get('/api/inbox', {
    config: { permission: { action: 'read', resource: 'inbox' } },
    schema: {
      tags: ['session'],
      summary: '待办 / Work inbox',
      response: { 200: Type.Object({ items: Type.Array(InboxItem), total: Type.Integer() }), ...errors(401, 403) },
    },
  }, async (req) => {
    const items = await collectInbox(deps, requestContext(req));
    return { items, total: items.length };
  });
}
