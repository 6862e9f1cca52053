import type { Scope } from '../engine/permissions/permissions.ts';

/** The columns of a list query that place a record: its unit, that unit's region and agency. */
export interface ScopeColumns {
  unitId: string;
  regionCode: string;
  agency?: string;
  /** For kinds that travel between units: SQL true when the unit bound at `param` has been party to the row. */
  partyUnit?: (param: string) => string;
}

/**
 * Renders a permission scope as a SQL condition, appending its values to params ($n placeholders).
 * A scope with no conditions renders as FALSE: nothing is listed.
 */
export function scopeToSql(scope: Scope, cols: ScopeColumns, params: unknown[]): string {
  const bind = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const parts = scope.conditions.map((c) => {
    const terms: string[] = [];
    if (c.unit === 'own') terms.push(`${cols.unitId} = ${bind(scope.actor.unitId)}`);
    if (c.unit === 'other') terms.push(`${cols.unitId} IS DISTINCT FROM ${bind(scope.actor.unitId)}`);
    if (c.unit === 'party') {
      if (!cols.partyUnit) throw new Error('scopeToSql: this list has no party units for a party row');
      const p = bind(scope.actor.unitId);
      terms.push(`(${cols.unitId} = ${p} OR ${cols.partyUnit(p)})`);
    }
    const like = `${scope.actor.regionPrefix}%`;
    if (c.region === 'own-and-below') terms.push(`${cols.regionCode} LIKE ${bind(like)}`);
    if (c.region === 'elsewhere') terms.push(`NOT (${cols.regionCode} LIKE ${bind(like)})`);
    if (c.resourceAgency !== 'any') {
      if (!cols.agency) throw new Error('scopeToSql: this list has no agency column for an agency-limited row');
      const agencies = c.resourceAgency === 'same' ? [scope.actor.agency] : [...c.resourceAgency];
      terms.push(`${cols.agency} = ANY(${bind(agencies)}::text[])`);
    }
    return terms.length === 0 ? 'TRUE' : `(${terms.join(' AND ')})`;
  });
  return parts.length === 0 ? 'FALSE' : `(${parts.join(' OR ')})`;
}
