import { Type } from 'typebox';
import type { AppDeps } from '../app-deps.ts';
import type { TypedApp } from '../http/typed.ts';
import { AppError } from '../shared/errors.ts';
import { errors } from '../shared/fields.ts';

export function healthRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/api/health', {
    config: { public: true },
    schema: {
      tags: ['system'],
      summary: '健康检查 / Health',
      response: { 200: Type.Object({ status: Type.Literal('ok'), db: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]) }), ...errors(503) },
    },
  }, async () => {
    try {
      await deps.db.ping();
    } catch {
      throw new AppError('SERVICE_UNAVAILABLE');
    }
    return { status: 'ok' as const, db: deps.db.kind };
  });
}
