import { describe, expect, it } from 'vitest';
import type { PublicRegion } from '../../api/public-client.ts';
import { chosenRegion, placeTree } from './places.ts';

const region = (code: string, level: PublicRegion['level'], parentCode: string | null, gc: boolean, po = false): PublicRegion => ({
  code, name: `区${code}`, nameEn: `R${code}`, level, parentCode, hasGovernanceCenter: gc, hasPetitionOffice: po,
});
const REGIONS = [
  region('990000', 'province', null, true, true),
  region('990100', 'city', '990000', true, true),
  region('990102', 'county', '990100', true, true),
  region('990102001', 'township', '990102', true),
  region('990102002', 'township', '990102', false),
  region('990200', 'city', '990000', false, false),
  region('990202', 'county', '990200', false, false),
];
const township = (r: PublicRegion) => r.hasGovernanceCenter && r.level === 'township';

describe('places', () => {
  it('keeps only the branches that lead to a place that may be chosen, from the cities down', () => {
    expect(placeTree(REGIONS, township, (r) => r.nameEn)).toEqual([
      { value: '990100', label: 'R990100', children: [{ value: '990102', label: 'R990102', children: [{ value: '990102001', label: 'R990102001' }] }] },
    ]);
  });

  it('a path chooses its last region only when that region may be chosen', () => {
    expect(chosenRegion(REGIONS, ['990100', '990102', '990102001'], township)).toBe('990102001');
    expect(chosenRegion(REGIONS, ['990100', '990102'], township)).toBeNull();
    expect(chosenRegion(REGIONS, [], township)).toBeNull();
    expect(chosenRegion(REGIONS, undefined, township)).toBeNull();
    expect(chosenRegion(REGIONS, ['990100', '990102', '990102002'], township)).toBeNull();
  });
});
