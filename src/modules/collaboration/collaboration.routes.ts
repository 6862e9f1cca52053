import type { AppDeps } from '../../app-deps.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { errors } from '../../shared/fields.ts';
import { CollaborationRateQuery, CollaborationRateView } from './collaboration.schema.ts';
import { collaborationRateFor } from './collaboration.service.ts';

export function collaborationRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/api/collaboration-rate', {
    config: { permission: { action: 'read', resource: 'collaboration-rate' } },
    schema: {
      tags: ['oversight'],
      summary: '协同率（按单位或按县） / Collaboration rate, per unit or per county',
      description: 'Sent online (counted for the sender) and received online within N days (counted for the receiver) over [from, to]; the answer carries its definition in Chinese and English.',
      querystring: CollaborationRateQuery,
      response: { 200: CollaborationRateView, ...errors(400, 401, 403) },
    },
  }, (req) => collaborationRateFor(deps, requestContext(req), req.query));
}
