/**
 * The permission engine: one table over (role, agency, own/other unit, own region and below/elsewhere,
 * action, resource kind). Pure: no I/O. The table is data (rules/permissions.yaml).
 */
import { AGENCIES, ROLES, type Agency, type Role } from '../organisation.ts';

export const ACTIONS = ['read', 'create', 'update', 'reveal', 'verify'] as const;
export type Action = (typeof ACTIONS)[number];

export const RESOURCE_KINDS = [
  'region', 'unit', 'user', 'inbox', 'audit-record', 'time-limit-rule', 'case-flow-rule', 'case', 'unit-key',
  'paper-loan', 'seized-property', 'collaboration-rate', 'warning-model', 'warning-hit', 'warning-run', 'supervision-item', 'incident',
  'dispute', 'dispute-rule', 'dispute-import',
  'grid-event', 'grid-event-rule',
  'petition',
  'governance-metric',
  'cockpit',
  'indicator', 'indicator-snapshot', 'remediation',
  'risk-assessment', 'risk-assessment-rule',
  'report', 'case-report', 'governance-report', 'report-schedule',
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/**
 * own: the actor's unit holds the record; other: another unit does; party: the actor's unit holds it or has
 * been party to it (a case it held, sent or received a hand-over of); any.
 */
export type UnitRelation = 'own' | 'other' | 'party' | 'any';
export type RegionRelation = 'own-and-below' | 'elsewhere' | 'any';

export interface PermissionRow {
  roles: readonly Role[] | '*';
  agencies: readonly Agency[] | '*';
  actions: readonly Action[];
  resources: readonly ResourceKind[];
  unit: UnitRelation;
  region: RegionRelation;
  resourceAgency: 'any' | 'same' | readonly Agency[];
}

export interface PermissionTable {
  rows: readonly PermissionRow[];
}

/** Who is asking: their role, and their unit's agency and region. */
export interface Actor {
  userId: string;
  role: Role;
  agency: Agency;
  unitId: string;
  regionCode: string;
  /** Codes of the actor's region and of every region below it start with this prefix. */
  regionPrefix: string;
}

/** Where a record stands: the unit that holds it, that unit's region and agency. */
export interface ResourceRef {
  kind: ResourceKind;
  unitId: string | null;
  regionCode: string | null;
  agency: Agency | null;
  /** The units that have been party to the record (for kinds that travel between units, such as cases). */
  partyUnitIds?: readonly string[];
}

function matchesActor(row: PermissionRow, actor: Actor, action: Action, kind: ResourceKind): boolean {
  return (
    (row.roles === '*' || row.roles.includes(actor.role)) &&
    (row.agencies === '*' || row.agencies.includes(actor.agency)) &&
    row.actions.includes(action) &&
    row.resources.includes(kind)
  );
}

function matchesResource(row: PermissionRow, actor: Actor, resource: ResourceRef): boolean {
  const ownUnit = resource.unitId !== null && resource.unitId === actor.unitId;
  if (row.unit === 'own' && !ownUnit) return false;
  if (row.unit === 'other' && ownUnit) return false;
  if (row.unit === 'party' && !ownUnit && !(resource.partyUnitIds?.includes(actor.unitId) ?? false)) return false;
  const inRegion = resource.regionCode?.startsWith(actor.regionPrefix) ?? false;
  if (row.region === 'own-and-below' && !inRegion) return false;
  if (row.region === 'elsewhere' && inRegion) return false;
  if (row.resourceAgency === 'same') return resource.agency === actor.agency;
  if (row.resourceAgency !== 'any') return resource.agency !== null && row.resourceAgency.includes(resource.agency);
  return true;
}

/** Is the actor allowed this action on this record? */
export function isAllowed(table: PermissionTable, actor: Actor, action: Action, resource: ResourceRef): boolean {
  return table.rows.some(
    (row) => matchesActor(row, actor, action, resource.kind) && matchesResource(row, actor, resource),
  );
}

/** Is the actor allowed this action on at least some record of this kind (the coarse check of a route)? */
export function mayEver(table: PermissionTable, actor: Actor, action: Action, kind: ResourceKind): boolean {
  return table.rows.some((row) => matchesActor(row, actor, action, kind));
}

/**
 * The records of one kind an actor may act on, as a union of conditions for a list query.
 * Each condition is a conjunction over the record's unit, region and agency; an empty list means none.
 */
export interface ScopeCondition {
  unit: UnitRelation;
  region: RegionRelation;
  resourceAgency: 'any' | 'same' | readonly Agency[];
}
export interface Scope {
  actor: Actor;
  conditions: readonly ScopeCondition[];
}

export function scopeOf(table: PermissionTable, actor: Actor, action: Action, kind: ResourceKind): Scope {
  const conditions = table.rows
    .filter((row) => matchesActor(row, actor, action, kind))
    .map(({ unit, region, resourceAgency }) => ({ unit, region, resourceAgency }));
  return { actor, conditions };
}

/** Parses and validates the table; a bad row is named with its index and field. */
export function parsePermissionTable(raw: unknown, source = 'rules/permissions.yaml'): PermissionTable {
  const fail = (where: string, what: string): never => {
    throw new Error(`${source}: ${where}: ${what}`);
  };
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { rows?: unknown }).rows)) {
    fail('rows', 'must be a list');
  }
  const rows = (raw as { rows: unknown[] }).rows.map((value, i): PermissionRow => {
    const at = `rows[${i}]`;
    if (typeof value !== 'object' || value === null) return fail(at, 'must be a mapping');
    const r = value as Record<string, unknown>;
    const known = new Set(['role', 'agency', 'actions', 'resources', 'unit', 'region', 'resource_agency']);
    for (const key of Object.keys(r)) if (!known.has(key)) fail(`${at}.${key}`, 'unknown field');
    const listOf = <T extends string>(field: string, allowed: readonly T[], star: boolean): readonly T[] | '*' => {
      const v = r[field];
      if (star && v === '*') return '*';
      const list = typeof v === 'string' ? [v] : v;
      if (!Array.isArray(list) || list.length === 0) return fail(`${at}.${field}`, 'must be a non-empty list');
      for (const item of list) {
        if (!allowed.includes(item as T)) fail(`${at}.${field}`, `unknown value "${String(item)}"`);
      }
      return list as T[];
    };
    const oneOf = <T extends string>(field: string, allowed: readonly T[]): T => {
      const v = r[field];
      if (!allowed.includes(v as T)) fail(`${at}.${field}`, `must be one of ${allowed.join(', ')}`);
      return v as T;
    };
    const actions = listOf('actions', ACTIONS, false);
    const resources = listOf('resources', RESOURCE_KINDS, false);
    const ra = r.resource_agency;
    return {
      roles: listOf('role', ROLES, true),
      agencies: listOf('agency', AGENCIES, true),
      actions: actions as readonly Action[],
      resources: resources as readonly ResourceKind[],
      unit: oneOf('unit', ['own', 'other', 'party', 'any'] as const),
      region: oneOf('region', ['own-and-below', 'elsewhere', 'any'] as const),
      resourceAgency:
        ra === undefined || ra === 'any'
          ? 'any'
          : ra === 'same'
            ? 'same'
            : (listOf('resource_agency', AGENCIES, false) as readonly Agency[]),
    };
  });
  return { rows };
}
