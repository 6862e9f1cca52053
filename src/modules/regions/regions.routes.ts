import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import type { TypedApp } from '../../http/typed.ts';
import { LevelSchema, errors } from '../../shared/fields.ts';
import { listRegions } from './regions.repository.ts';

const RegionView = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    level: LevelSchema,
    parentCode: Type.Union([Type.String(), Type.Null()]),
  }
);

export function regionRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/api/regions', {
    config: { permission: { action: 'read', resource: 'region' } },
    schema: {
      tags: ['organisation'],
      summary: '行政区划 / Regions (GB/T 2260)',
      response: { 200: Type.Object({ items: Type.Array(RegionView) }), ...errors(401, 403) },
    },
  }, async () => ({ items: await listRegions(deps.db) }));
}
