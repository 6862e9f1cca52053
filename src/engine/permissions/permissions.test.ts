import { describe, expect, it } from 'vitest';
import { type Actor, type ResourceRef, isAllowed, mayEver, parsePermissionTable, scopeOf } from './permissions.ts';

const actor = (over: Partial<Actor> = {}): Actor => ({
  userId: 'u1',
  role: 'handler',
  agency: 'police',
  unitId: 'police-990102',
  regionCode: '990102',
  regionPrefix: '990102',
  ...over,
});
const user = (unitId: string, regionCode: string, agency: ResourceRef['agency'] = 'police'): ResourceRef => ({
  kind: 'user',
  unitId,
  regionCode,
  agency,
});

describe('the permission engine', () => {
  const table = parsePermissionTable({
    rows: [
      { role: 'handler', agency: '*', actions: ['read', 'update'], resources: ['user'], unit: 'own', region: 'any' },
      { role: 'supervisor', agency: ['committee'], actions: ['read'], resources: ['user'], unit: 'any', region: 'own-and-below' },
      { role: 'unit-head', agency: '*', actions: ['read'], resources: ['user'], unit: 'other', region: 'any', resource_agency: 'same' },
      { role: 'auditor', agency: '*', actions: ['read'], resources: ['user'], unit: 'any', region: 'elsewhere' },
    ],
  });

  it('own unit only: a police handler never reads a court record, even in the same county', () => {
    expect(isAllowed(table, actor(), 'read', user('police-990102', '990102'))).toBe(true);
    expect(isAllowed(table, actor(), 'read', user('court-990102', '990102', 'court'))).toBe(false);
    expect(isAllowed(table, actor(), 'create', user('police-990102', '990102'))).toBe(false);
  });

  it('own region and below: a county supervisor reads the county and its townships, not the neighbour', () => {
    const supervisor = actor({ role: 'supervisor', agency: 'committee', unitId: 'committee-990102' });
    expect(isAllowed(table, supervisor, 'read', user('court-990102', '990102', 'court'))).toBe(true);
    expect(isAllowed(table, supervisor, 'read', user('gc-990102001', '990102001', 'governance-center'))).toBe(true);
    expect(isAllowed(table, supervisor, 'read', user('court-990103', '990103', 'court'))).toBe(false);
    // another county of the same city is not below
    expect(isAllowed(table, supervisor, 'read', user('x', '990120', 'court'))).toBe(false);
  });

  it('a supervisor of another agency gets nothing from a committee-only row', () => {
    expect(mayEver(table, actor({ role: 'supervisor', agency: 'procuratorate' }), 'read', 'user')).toBe(false);
  });

  it('other unit, same agency only', () => {
    const head = actor({ role: 'unit-head' });
    expect(isAllowed(table, head, 'read', user('police-990202', '990202'))).toBe(true);
    expect(isAllowed(table, head, 'read', user('court-990202', '990202', 'court'))).toBe(false);
    expect(isAllowed(table, head, 'read', user('police-990102', '990102'))).toBe(false);
  });

  it('elsewhere: outside the actor\'s region only', () => {
    const auditor = actor({ role: 'auditor' });
    expect(isAllowed(table, auditor, 'read', user('court-990202', '990202', 'court'))).toBe(true);
    expect(isAllowed(table, auditor, 'read', user('court-990102', '990102', 'court'))).toBe(false);
  });

  it('a record with no unit or region matches only rows that ask for neither', () => {
    const supervisor = actor({ role: 'supervisor', agency: 'committee' });
    expect(isAllowed(table, supervisor, 'read', { kind: 'user', unitId: null, regionCode: null, agency: null })).toBe(false);
  });

  it('the list scope carries exactly the matching rows', () => {
    expect(scopeOf(table, actor(), 'read', 'user').conditions).toEqual([{ unit: 'own', region: 'any', resourceAgency: 'any' }]);
    expect(scopeOf(table, actor({ role: 'mediator' }), 'read', 'user').conditions).toEqual([]);
  });
});

describe('parsing the table', () => {
  const bad = (row: Record<string, unknown>) => () => parsePermissionTable({ rows: [row] }, 'rules/permissions.yaml');
  const ok = { role: 'handler', agency: '*', actions: ['read'], resources: ['user'], unit: 'own', region: 'any' };

  it('names the row and field of an unknown value or field', () => {
    expect(bad({ ...ok, role: 'janitor' })).toThrow('rules/permissions.yaml: rows[0].role: unknown value "janitor"');
    expect(bad({ ...ok, actions: ['delete-everything'] })).toThrow('rows[0].actions: unknown value "delete-everything"');
    expect(bad({ ...ok, resources: [] })).toThrow('rows[0].resources: must be a non-empty list');
    expect(bad({ ...ok, unit: 'mine' })).toThrow('rows[0].unit: must be one of own, other, party, any');
    expect(bad({ ...ok, regoin: 'any' })).toThrow('rows[0].regoin: unknown field');
    expect(() => parsePermissionTable({ row: [] })).toThrow('rows: must be a list');
  });

  it('the shipped table parses', async () => {
    const { loadRules } = await import('../../rules/load-rules.ts');
    expect(loadRules().permissions.rows.length).toBeGreaterThan(3);
  });
});
