import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { AGENCIES, type Agency, type RegionLevel, type Role } from '../engine/organisation.ts';
import { validateResidentId } from '../shared/gb11643.ts';
import { validateOrgCode } from '../shared/gb32100.ts';
import { validatePhone } from '../shared/masking.ts';
import { buildDemoProvince, type DemoProvince } from './demo-province.ts';
import { parseOrganisationLayout, rolesAt, unitNameAt } from './organisation.ts';

const rawLayout: unknown = parse(readFileSync(new URL('../../rules/organisation.yaml', import.meta.url), 'utf8'));
const layout = parseOrganisationLayout(rawLayout);
const province = buildDemoProvince(layout);
const TODAY = new Date('2025-06-15T12:00:00+08:00');
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const unitsByCode = (p: DemoProvince) => new Map(p.units.map((u) => [u.code, u]));
const regionsByCode = (p: DemoProvince) => new Map(p.regions.map((r) => [r.code, r]));
const regionsAt = (p: DemoProvince, level: RegionLevel) => p.regions.filter((r) => r.level === level);

/** The parts of a province that must not depend on the seed. */
function structureOf(p: DemoProvince) {
  return {
    regions: p.regions,
    units: p.units.map(({ code, name, nameEn, agency, level, regionCode }) => ({ code, name, nameEn, agency, level, regionCode })),
    users: p.users.map(({ username, role, unitCode }) => ({ username, role, unitCode })),
  };
}

describe('rules/organisation.yaml', () => {
  const ALL_ABOVE_TOWNSHIP: RegionLevel[] = ['province', 'city', 'county'];
  const expectedLevels: Record<Agency, RegionLevel[]> = {
    committee: ALL_ABOVE_TOWNSHIP,
    police: ALL_ABOVE_TOWNSHIP,
    procuratorate: ALL_ABOVE_TOWNSHIP,
    court: ALL_ABOVE_TOWNSHIP,
    'justice-bureau': ALL_ABOVE_TOWNSHIP,
    prison: ['province', 'county'],
    'detention-house': ['county'],
    'correction-office': ['county'],
    'governance-center': ['province', 'city', 'county', 'township'],
    'mediation-committee': ['county', 'township'],
    'petition-office': ALL_ABOVE_TOWNSHIP,
  };

  it.each(AGENCIES)('places %s units at the agreed levels', (agency) => {
    expect([...layout.agencies[agency].levels].sort()).toEqual([...expectedLevels[agency]].sort());
  });

  it('gives each agency the agreed roles', () => {
    const sorted = (roles: Role[]) => [...roles].sort();
    expect(sorted(rolesAt(layout.agencies.committee, 'county'))).toEqual(['administrator', 'auditor', 'supervisor', 'unit-head']);
    expect(sorted(rolesAt(layout.agencies['governance-center'], 'county'))).toEqual(['handler', 'mediator', 'unit-head']);
    expect(sorted(rolesAt(layout.agencies['governance-center'], 'township'))).toEqual(['grid-worker', 'handler', 'mediator', 'unit-head']);
    expect(sorted(rolesAt(layout.agencies['mediation-committee'], 'township'))).toEqual(['mediator', 'unit-head']);
    const others = AGENCIES.filter((a) => !['committee', 'governance-center', 'mediation-committee'].includes(a));
    for (const agency of others) {
      for (const level of layout.agencies[agency].levels) {
        expect(sorted(rolesAt(layout.agencies[agency], level))).toEqual(['handler', 'unit-head']);
      }
    }
  });

  it('names units after their region and level', () => {
    const court = layout.agencies.court;
    expect(unitNameAt(court, 'county', { name: '青山县', nameEn: 'Qingshan County' })).toEqual({
      zh: '青山县人民法院',
      en: "Qingshan County People's Court",
    });
    expect(unitNameAt(court, 'city', { name: '东州市', nameEn: 'Dongzhou City' }).zh).toBe('东州市中级人民法院');
  });
});

describe('parseOrganisationLayout', () => {
  /** Parses a copy of the real layout after `change` has edited it. */
  // biome-ignore lint/suspicious/noExplicitAny: each test edits an arbitrary field of the parsed YAML
  const parseChanged = (change: (raw: any) => void) => () => {
    const raw = structuredClone(rawLayout);
    change(raw);
    return parseOrganisationLayout(raw);
  };

  it.each([
    ['a list instead of a mapping', () => parseOrganisationLayout([]), /\(root\) must be a mapping/],
    ['no agencies', () => parseOrganisationLayout({}), /agencies must be a mapping/],
    ['an unknown top-level key', parseChanged((r) => (r.units = [])), /units is not a known field/],
    ['a missing agency', parseChanged((r) => delete r.agencies.prison), /agencies\.prison is missing/],
    ['an agency not in the glossary', parseChanged((r) => (r.agencies.army = r.agencies.police)), /agencies\.army is not a known field/],
    ['an empty label', parseChanged((r) => (r.agencies.police.zh = ' ')), /agencies\.police\.zh must be a non-empty string/],
    ['an unknown level', parseChanged((r) => (r.agencies.police.levels = ['county', 'village'])), /agencies\.police\.levels\[1\] "village" is not one of/],
    ['no levels', parseChanged((r) => (r.agencies.court.levels = [])), /agencies\.court\.levels must be a non-empty list/],
    ['an unknown role', parseChanged((r) => r.agencies.court.roles.push('judge')), /agencies\.court\.roles\[2\] "judge" is not one of/],
    ['a repeated role', parseChanged((r) => r.agencies.court.roles.push('handler')), /agencies\.court\.roles\[2\] repeats "handler"/],
    ['roles as a string', parseChanged((r) => (r.agencies.court.roles = 'handler')), /agencies\.court\.roles must be a non-empty list/],
    ['extra roles at a level without units', parseChanged((r) => (r.agencies.police.extraRoles = { township: ['mediator'] })), /agencies\.police\.extraRoles\.township is not a known field/],
    ['an extra role already in roles', parseChanged((r) => (r.agencies['governance-center'].extraRoles.township = ['handler'])), /extraRoles\.township repeats "handler"/],
    ['no default unit name', parseChanged((r) => delete r.agencies.court.unitName.default), /agencies\.court\.unitName\.default must be a mapping/],
    ['a name without {region}', parseChanged((r) => (r.agencies.court.unitName.city.en = 'Intermediate Court')), /agencies\.court\.unitName\.city\.en must contain \{region\}/],
    ['a name for a level without units', parseChanged((r) => (r.agencies.police.unitName.township = { zh: '{region}派出所', en: '{region} Police Station' })), /agencies\.police\.unitName\.township is not a known field/],
    ['a misspelt agency field', parseChanged((r) => (r.agencies.police.role = ['handler'])), /agencies\.police\.role is not a known field/],
  ])('refuses %s, naming the field', (_, run, message) => {
    expect(run).toThrow(message);
  });

  it('accepts an agency without extraRoles', () => {
    expect(layout.agencies.police.extraRoles).toEqual({});
  });
});

describe('buildDemoProvince regions', () => {
  it('has one province 990000 and at least 2 cities and 6 counties', () => {
    expect(regionsAt(province, 'province')).toEqual([
      { code: '990000', name: '示范省', nameEn: 'Demo Province', level: 'province', parentCode: null },
    ]);
    expect(regionsAt(province, 'city').map((r) => r.code)).toEqual(expect.arrayContaining(['990100', '990200']));
    expect(regionsAt(province, 'county').length).toBeGreaterThanOrEqual(6);
  });

  it('gives every city 3 counties and every county 2 townships', () => {
    for (const city of regionsAt(province, 'city')) {
      expect(province.regions.filter((r) => r.parentCode === city.code && r.level === 'county')).toHaveLength(3);
    }
    for (const county of regionsAt(province, 'county')) {
      expect(province.regions.filter((r) => r.parentCode === county.code && r.level === 'township')).toHaveLength(2);
    }
  });

  it('codes every region in the GB/T 2260 layout under province 99, one level below its parent', () => {
    const byCode = regionsByCode(province);
    const parentLevel: Record<RegionLevel, RegionLevel | null> = { province: null, city: 'province', county: 'city', township: 'county' };
    const shape: Record<RegionLevel, RegExp> = {
      province: /^990000$/,
      city: /^99\d{2}00$/,
      county: /^99\d{4}$/,
      township: /^99\d{7}$/,
    };
    expect(byCode.size).toBe(province.regions.length);
    for (const region of province.regions) {
      expect(region.code).toMatch(shape[region.level]);
      if (region.parentCode === null) continue;
      const parent = byCode.get(region.parentCode)!;
      expect(parent.level).toBe(parentLevel[region.level]);
      const sharedPrefix = { city: 2, county: 4, township: 6 }[region.level as 'city' | 'county' | 'township'];
      expect(region.code.slice(0, sharedPrefix)).toBe(parent.code.slice(0, sharedPrefix));
    }
  });

  it('has Chinese names with a level suffix and English names to match', () => {
    const suffix: Record<RegionLevel, [RegExp, RegExp]> = {
      province: [/省$/, / Province$/],
      city: [/市$/, / City$/],
      county: [/县$/, / County$/],
      township: [/[镇乡]$/, / (Town|Township)$/],
    };
    for (const region of province.regions) {
      expect(region.name).toMatch(suffix[region.level][0]);
      expect(region.nameEn).toMatch(suffix[region.level][1]);
    }
  });
});

describe('buildDemoProvince units', () => {
  it('has a unit of every agency in every county', () => {
    const codes = unitsByCode(province);
    for (const county of regionsAt(province, 'county')) {
      for (const agency of AGENCIES) expect(codes.get(`${agency}-${county.code}`)?.agency).toBe(agency);
    }
  });

  it('has a unit of an agency in a region exactly when the layout lists the region level', () => {
    const codes = unitsByCode(province);
    for (const region of province.regions) {
      for (const agency of AGENCIES) {
        expect(codes.has(`${agency}-${region.code}`)).toBe(layout.agencies[agency].levels.includes(region.level));
      }
    }
    expect(codes.size).toBe(province.units.length);
  });

  it('puts every unit in an existing region of its own level', () => {
    const byCode = regionsByCode(province);
    for (const unit of province.units) {
      expect(byCode.get(unit.regionCode)?.level).toBe(unit.level);
      expect(unit.code).toBe(`${unit.agency}-${unit.regionCode}`);
    }
  });

  it.each([
    ['police-990102', '青山县公安局', 'Qingshan County Public Security Bureau'],
    ['procuratorate-990102', '青山县人民检察院', "Qingshan County People's Procuratorate"],
    ['court-990102', '青山县人民法院', "Qingshan County People's Court"],
    ['court-990100', '东州市中级人民法院', "Dongzhou City Intermediate People's Court"],
    ['court-990000', '示范省高级人民法院', "Demo Province Higher People's Court"],
    ['committee-990102', '青山县委政法委', 'Qingshan County Political-Legal Committee'],
    ['governance-center-990102001', '河口镇综治中心', 'Hekou Town Comprehensive Governance Center'],
    ['mediation-committee-990102001', '河口镇人民调解委员会', "Hekou Town People's Mediation Committee"],
  ])('names %s %s', (code, name, nameEn) => {
    expect(unitsByCode(province).get(code)).toMatchObject({ name, nameEn });
  });

  it('gives every unit a valid, unique GB 32100 code registered in its own division', () => {
    for (const unit of province.units) {
      expect(validateOrgCode(unit.orgCode)).toEqual({ ok: true, value: unit.orgCode });
      expect(unit.orgCode.slice(2, 8)).toBe(unit.regionCode.slice(0, 6));
    }
    expect(new Set(province.units.map((u) => u.orgCode)).size).toBe(province.units.length);
  });
});

describe('buildDemoProvince users', () => {
  it('gives every unit exactly one account for each role of its agency at its level', () => {
    for (const unit of province.units) {
      const roles = province.users.filter((u) => u.unitCode === unit.code).map((u) => u.role);
      expect(roles.sort()).toEqual(rolesAt(layout.agencies[unit.agency], unit.level).sort());
    }
    expect(province.users.every((u) => unitsByCode(province).has(u.unitCode))).toBe(true);
  });

  it('has unique usernames of the form <agency>-<regionCode>-<role>, except admin and supervisor', () => {
    const usernames = province.users.map((u) => u.username);
    expect(new Set(usernames).size).toBe(usernames.length);
    for (const user of province.users) {
      if (user.username === 'admin' || user.username === 'supervisor') continue;
      expect(user.username).toBe(`${user.unitCode}-${user.role}`);
    }
  });

  it('has admin and supervisor at the province committee instead of their generated names', () => {
    const byName = new Map(province.users.map((u) => [u.username, u]));
    expect(byName.get('admin')).toMatchObject({ role: 'administrator', unitCode: 'committee-990000' });
    expect(byName.get('supervisor')).toMatchObject({ role: 'supervisor', unitCode: 'committee-990000' });
    expect(byName.has('committee-990000-administrator')).toBe(false);
    expect(byName.has('committee-990000-supervisor')).toBe(false);
    expect(byName.has('committee-990100-administrator')).toBe(true);
  });

  it('gives every account a valid, unique mobile number', () => {
    for (const user of province.users) expect(user.phone).toMatch(/^1[3-9]\d{9}$/);
    expect(province.users.every((u) => validatePhone(u.phone))).toBe(true);
    expect(new Set(province.users.map((u) => u.phone)).size).toBe(province.users.length);
  });

  it('gives every account a valid, unique ID number from a demo county under its unit, born 1960-2000', () => {
    const units = unitsByCode(province);
    const regions = regionsByCode(province);
    for (const user of province.users) {
      expect(validateResidentId(user.idNumber, TODAY)).toEqual({ ok: true, value: user.idNumber });
      const county = regions.get(user.idNumber.slice(0, 6));
      expect(county?.level).toBe('county');
      const unitRegion = units.get(user.unitCode)!.regionCode;
      const scope = { province: 2, city: 4, county: 6, township: 6 }[regions.get(unitRegion)!.level];
      expect(county!.code.slice(0, scope)).toBe(unitRegion.slice(0, scope));
      const year = Number(user.idNumber.slice(6, 10));
      expect(year).toBeGreaterThanOrEqual(1960);
      expect(year).toBeLessThanOrEqual(2000);
    }
    expect(new Set(province.users.map((u) => u.idNumber)).size).toBe(province.users.length);
  });

  it('gives every account a Chinese name of 2 or 3 characters', () => {
    for (const user of province.users) expect(user.displayName).toMatch(/^\p{Script=Han}{2,3}$/u);
  });

  it('gives units and accounts distinct UUIDs', () => {
    const ids = [...province.units.map((u) => u.id), ...province.users.map((u) => u.id)];
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('buildDemoProvince determinism', () => {
  it('builds the same province from the same seed, with 1 as the default', () => {
    expect(buildDemoProvince(layout, 7)).toEqual(buildDemoProvince(layout, 7));
    expect(buildDemoProvince(layout)).toEqual(buildDemoProvince(layout, 1));
  });

  it('keeps the structure but changes names and identifiers for another seed', () => {
    const other = buildDemoProvince(layout, 2);
    expect(structureOf(other)).toEqual(structureOf(province));
    const ids = new Set([...province.units, ...province.users].map((x) => x.id));
    expect([...other.units, ...other.users].some((x) => ids.has(x.id))).toBe(false);
    expect(other.users.map((u) => u.displayName)).not.toEqual(province.users.map((u) => u.displayName));
    expect(other.users.map((u) => u.idNumber)).not.toEqual(province.users.map((u) => u.idNumber));
    expect(other.units.map((u) => u.orgCode)).not.toEqual(province.units.map((u) => u.orgCode));
  });

  it('keeps every code valid and unique for any seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const p = buildDemoProvince(layout, seed);
        expect(structureOf(p)).toEqual(structureOf(province));
        expect(p.units.every((u) => validateOrgCode(u.orgCode).ok)).toBe(true);
        expect(p.users.every((u) => validateResidentId(u.idNumber, TODAY).ok && validatePhone(u.phone))).toBe(true);
        for (const values of [p.units.map((u) => u.orgCode), p.users.map((u) => u.idNumber), p.users.map((u) => u.phone)]) {
          expect(new Set(values).size).toBe(values.length);
        }
      }),
      { numRuns: 25 },
    );
  });
});
