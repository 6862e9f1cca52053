import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import { scopeOf } from '../../engine/permissions/permissions.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { AppError } from '../../shared/errors.ts';
import { AgencySchema, LevelSchema, Paging, RegionCode, Uuid, errors, pageWindow } from '../../shared/fields.ts';
import { authorize } from '../auth/authorize.ts';
import { findUnitById, listUnits } from './units.repository.ts';

const UnitView = Type.Object(
  {
    id: Uuid,
    code: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    agency: AgencySchema,
    level: LevelSchema,
    regionCode: Type.String(),
    orgCode: Type.Union([Type.String(), Type.Null()]),
  }
);

export function unitRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/api/units', {
    config: { permission: { action: 'read', resource: 'unit' } },
    schema: {
      tags: ['organisation'],
      summary: '单位名录 / Directory of units',
      querystring: Type.Object(
        { agency: Type.Optional(AgencySchema), regionCode: Type.Optional(RegionCode), ...Paging },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ items: Type.Array(UnitView), total: Type.Integer() }), ...errors(400, 401, 403) },
    },
  }, (req) => {
    const ctx = requestContext(req);
    const scope = scopeOf(deps.permissions, ctx.principal, 'read', 'unit');
    return listUnits(deps.db, scope, { agency: req.query.agency, regionCode: req.query.regionCode, ...pageWindow(req.query) });
  });

  app.get('/api/units/:id', {
    config: { permission: { action: 'read', resource: 'unit' } },
    schema: {
      tags: ['organisation'],
      summary: '查看单位 / Get a unit',
      params: Type.Object({ id: Uuid }, { additionalProperties: false }),
      response: { 200: UnitView, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => {
    const unit = await findUnitById(deps.db, req.params.id);
    if (!unit) throw new AppError('NOT_FOUND');
    authorize(deps.permissions, requestContext(req), 'read', { kind: 'unit', unitId: unit.id, regionCode: unit.regionCode, agency: unit.agency });
    return unit;
  });
}
