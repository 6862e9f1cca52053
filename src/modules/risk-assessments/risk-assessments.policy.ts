/**
 * Who may do what with a stability risk assessment, over the permission table (rules/permissions.yaml,
 * resource risk-assessment): the owner body works its own; a committee supervisor reads those of the region and
 * below. Pure.
 */
import { type PermissionTable, type ResourceRef, isAllowed } from '../../engine/permissions/permissions.ts';
import type { Principal } from '../auth/principal.ts';

interface Placed {
  ownerUnitId: string;
  ownerAgency: string;
  regionCode: string;
}

const refOf = (a: Placed): ResourceRef => ({ kind: 'risk-assessment', unitId: a.ownerUnitId, regionCode: a.regionCode, agency: a.ownerAgency as ResourceRef['agency'] });

export const mayRead = (table: PermissionTable, p: Principal, a: Placed): boolean => isAllowed(table, p, 'read', refOf(a));

/** The owner body: allowed to update it (the table gives update to the owner unit's staff only). */
export const isOwner = (table: PermissionTable, p: Principal, a: Placed): boolean => isAllowed(table, p, 'update', refOf(a));

/** A unit at county level or above whose staff the table lets register decisions at their own unit. */
export const mayRegister = (table: PermissionTable, p: Principal): boolean =>
  p.unit.level !== 'township' && isAllowed(table, p, 'create', { kind: 'risk-assessment', unitId: p.unitId, regionCode: p.regionCode, agency: p.agency });
