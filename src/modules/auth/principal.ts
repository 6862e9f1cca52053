import type { Agency, RegionLevel } from '../../engine/organisation.ts';
import type { Actor } from '../../engine/permissions/permissions.ts';

/**
 * The logged-in user behind a request, with where they stand for the permission table and the names of
 * their unit and region: one query per request gives all of it.
 */
export interface Principal extends Actor {
  username: string;
  displayName: string;
  sessionId: string;
  unit: { id: string; name: string; nameEn: string; agency: Agency; level: RegionLevel };
  region: { code: string; name: string; nameEn: string; level: RegionLevel };
}

/** What every service call receives about its caller. */
export interface RequestContext {
  principal: Principal;
  clientAddress: string;
}

/** The audit fields of a request's caller. */
export function auditActor(ctx: RequestContext) {
  return {
    actorUserId: ctx.principal.userId,
    actorUsername: ctx.principal.username,
    actorUnitId: ctx.principal.unitId,
    regionCode: ctx.principal.regionCode,
    clientAddress: ctx.clientAddress,
  };
}
