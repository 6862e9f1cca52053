import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { type Action, type PermissionTable, type ResourceKind, mayEver } from '../engine/permissions/permissions.ts';
import { resolveSession } from '../modules/auth/auth.service.ts';
import type { Principal, RequestContext } from '../modules/auth/principal.ts';
import { AppError } from '../shared/errors.ts';

export const SESSION_COOKIE = 'caselink_session';
/** Header a cookie-authenticated unsafe request must carry: a cross-site form cannot set it. */
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'caselink';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Open without logging in (login, health). */
    public?: boolean;
    /** The coarse check of the route: may this role ever do this action on this kind of record? */
    permission?: { action: Action; resource: ResourceKind };
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
  return match ? match[1]! : null;
}

/** The context a service receives; only called on routes that require a login. */
export function requestContext(request: FastifyRequest): RequestContext {
  if (!request.principal) throw new AppError('AUTH_REQUIRED');
  return { principal: request.principal, clientAddress: request.ip };
}

/**
 * Authenticates every request of the encapsulating context before its body is read, refuses cookie-borne
 * unsafe requests without the anti-forgery header, and applies the route's coarse permission check.
 */
export function registerAuthHook(app: FastifyInstance, deps: { db: Db; permissions: PermissionTable }): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    const bearer = bearerToken(request);
    const cookie = bearer ? null : (request.cookies[SESSION_COOKIE] ?? null);
    const token = bearer ?? cookie;
    if (token) request.principal = await resolveSession(deps.db, token);
    if (config.public) return;
    if (!request.principal) throw new AppError('AUTH_REQUIRED');
    if (cookie && !SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== CSRF_VALUE) {
      throw new AppError('CSRF_HEADER_MISSING');
    }
    const permission = config.permission;
    if (permission && !mayEver(deps.permissions, request.principal, permission.action, permission.resource)) {
      throw new AppError('FORBIDDEN');
    }
  });
}
