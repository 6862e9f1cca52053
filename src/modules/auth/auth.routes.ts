import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import { SESSION_COOKIE, requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { AppError } from '../../shared/errors.ts';
import { LIMITS, errors } from '../../shared/fields.ts';
import { Me, describeMe } from '../me/me.routes.ts';
import { login, logout, resolveSession } from './auth.service.ts';

// Login accepts any string within the limits: a malformed username must get the same answer as a wrong one.
// Except NUL, which PostgreSQL text cannot hold: the username is looked up and recorded with each attempt.
const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: LIMITS.usernameMax, pattern: '^[^\\u0000]+$' }),
    password: Type.String({ minLength: 1, maxLength: LIMITS.passwordMax }),
  },
  { additionalProperties: false },
);

export function authRoutes(app: TypedApp, deps: AppDeps): void {
  app.post('/api/auth/login', {
    config: { public: true },
    schema: {
      tags: ['session'],
      summary: '登录 / Log in',
      description: 'Answers a bearer token and sets an HttpOnly, SameSite=Strict session cookie.',
      body: LoginBody,
      response: { 200: Type.Object({ token: Type.String(), user: Me }), ...errors(400, 401, 429) },
    },
  }, async (req, reply) => {
    const { token } = await login(deps.db, {
      sessionTtlHours: deps.config.sessionTtlHours,
      maxFailures: deps.config.loginMaxFailures,
      windowMinutes: deps.config.loginWindowMinutes,
    }, { username: req.body.username, password: req.body.password, clientAddress: req.ip });
    const principal = await resolveSession(deps.db, token);
    if (!principal) throw new AppError('INTERNAL');
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.protocol === 'https',
      path: '/',
      maxAge: deps.config.sessionTtlHours * 3600,
    });
    return { token, user: describeMe(deps, principal) };
  });

  app.post('/api/auth/logout', {
    schema: { tags: ['session'], summary: '退出登录 / Log out', response: { 204: Type.Null(), ...errors(401, 403) } },
  }, async (req, reply) => {
    await logout(deps.db, requestContext(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });
}
