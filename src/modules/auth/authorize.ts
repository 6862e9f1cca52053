import {
  type Action,
  type PermissionTable,
  type ResourceRef,
  isAllowed,
} from '../../engine/permissions/permissions.ts';
import { AppError } from '../../shared/errors.ts';
import type { RequestContext } from './principal.ts';

/**
 * Checks one record against the permission table. A record the caller may not even read is answered as
 * not found, so that its existence does not leak; one they may read but not change is forbidden.
 */
export function authorize(table: PermissionTable, ctx: RequestContext, action: Action, resource: ResourceRef): void {
  if (isAllowed(table, ctx.principal, action, resource)) return;
  if (action !== 'read' && isAllowed(table, ctx.principal, 'read', resource)) throw new AppError('FORBIDDEN');
  throw new AppError('NOT_FOUND');
}
