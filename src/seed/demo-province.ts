// The demo province: a pure, deterministic generator of regions, units and accounts for demos, tests and
// benchmarks. The same layout and seed always give the same province.
//
// Region codes follow GB/T 2260 (2 digits province, 2 city, 2 county) and GB/T 10114 (townships extend the
// county code by 3 digits). The province code 99 is assigned to no real province, so nothing generated here
// (region codes, and resident ID numbers whose address code is a demo county) can be mistaken for real data.
import { regionScopePrefix, AGENCIES, type Agency, type RegionLevel, type Role } from '../engine/organisation.ts';
import { residentIdCheckChar } from '../shared/gb11643.ts';
import { orgCodeCheckChar } from '../shared/gb32100.ts';
import { createPrng, type Prng } from '../shared/prng.ts';
import { rolesAt, unitNameAt, type OrganisationLayout } from './organisation.ts';

export type { Agency, RegionLevel, Role } from '../engine/organisation.ts';

export interface DemoRegion {
  code: string;
  name: string;
  nameEn: string;
  level: RegionLevel;
  parentCode: string | null;
}

export interface DemoUnit {
  id: string;
  /** Stable short key, `<agency>-<regionCode>`, e.g. "police-990102". */
  code: string;
  name: string;
  nameEn: string;
  agency: Agency;
  level: RegionLevel;
  regionCode: string;
  /** A valid GB 32100 unified social credit code. */
  orgCode: string;
}

export interface DemoUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitCode: string;
  /** A valid mainland mobile number. */
  phone: string;
  /** A valid GB 11643 resident ID number whose address code is a demo county. */
  idNumber: string;
}

export interface DemoProvince {
  regions: DemoRegion[];
  units: DemoUnit[];
  users: DemoUser[];
}

interface RegionNode {
  code: string;
  name: string;
  nameEn: string;
  children?: RegionNode[];
}

const LEVEL_BY_DEPTH: readonly RegionLevel[] = ['province', 'city', 'county', 'township'];

// Invented names; a few may match real places elsewhere, which the 99 codes keep apart.
const DEMO_REGION_TREE: RegionNode = {
  code: '990000', name: '示范省', nameEn: 'Demo Province',
  children: [
    {
      code: '990100', name: '东州市', nameEn: 'Dongzhou City',
      children: [
        county('990102', '青山县', 'Qingshan', [['河口镇', 'Hekou Town'], ['柳溪镇', 'Liuxi Town']]),
        county('990103', '河西县', 'Hexi', [['桃源镇', 'Taoyuan Town'], ['石桥乡', 'Shiqiao Township']]),
        county('990104', '松林县', 'Songlin', [['杏花镇', 'Xinghua Town'], ['龙泉镇', 'Longquan Town']]),
      ],
    },
    {
      code: '990200', name: '西川市', nameEn: 'Xichuan City',
      children: [
        county('990202', '云岭县', 'Yunling', [['清水镇', 'Qingshui Town'], ['马坊乡', 'Mafang Township']]),
        county('990203', '白鹭县', 'Bailu', [['金滩镇', 'Jintan Town'], ['芦湾镇', 'Luwan Town']]),
        county('990204', '石岭县', 'Shiling', [['梅岭镇', 'Meiling Town'], ['古渡乡', 'Gudu Township']]),
      ],
    },
  ],
};

/** Accounts with short usernames for demos; each replaces the generated account of its unit and role. */
const NAMED_ACCOUNTS: ReadonlyArray<{ username: string; agency: Agency; level: RegionLevel; role: Role }> = [
  { username: 'admin', agency: 'committee', level: 'province', role: 'administrator' },
  { username: 'supervisor', agency: 'committee', level: 'province', role: 'supervisor' },
];

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN_NAME_CHARS = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯俊峰晨欣怡婷雪琳佳慧颖倩梅海波宁安康健瑞轩泽睿思雨嘉博航'];
const MOBILE_SECOND_DIGITS = ['3', '4', '5', '6', '7', '8', '9'] as const;
// Birth dates of demo accounts, inclusive, as UTC days.
const BIRTH_FROM = Date.UTC(1960, 0, 1);
const BIRTH_TO = Date.UTC(2000, 11, 31);
const DAY_MS = 24 * 60 * 60 * 1000;
// GB 32100 positions 1-2: 1 = registered by the establishment (机构编制) authority, 1 = organ (机关).
const ORG_CODE_HEAD = '11';
const MAX_DRAWS = 1000;

/** Builds the demo province from the organisation layout (rules/organisation.yaml) and a seed. */
export function buildDemoProvince(layout: OrganisationLayout, seed = 1): DemoProvince {
  const prng = createPrng(seed);
  const regions = flattenRegions(DEMO_REGION_TREE, null, 0);
  const units = buildUnits(layout, regions, prng);
  const users = buildUsers(layout, regions, units, prng);
  return { regions, units, users };
}

function county(code: string, name: string, pinyin: string, townships: Array<[string, string]>): RegionNode {
  return {
    code,
    name,
    nameEn: `${pinyin} County`,
    children: townships.map(([townName, townNameEn], i) => ({
      code: `${code}${String(i + 1).padStart(3, '0')}`,
      name: townName,
      nameEn: townNameEn,
    })),
  };
}

function flattenRegions(node: RegionNode, parentCode: string | null, depth: number): DemoRegion[] {
  const level = LEVEL_BY_DEPTH[depth];
  if (!level) throw new Error(`demo region ${node.code} is nested deeper than a township`);
  const region: DemoRegion = { code: node.code, name: node.name, nameEn: node.nameEn, level, parentCode };
  const below = (node.children ?? []).flatMap((child) => flattenRegions(child, node.code, depth + 1));
  return [region, ...below];
}

function buildUnits(layout: OrganisationLayout, regions: DemoRegion[], prng: Prng): DemoUnit[] {
  const orgCodes = new Set<string>();
  const units: DemoUnit[] = [];
  for (const region of regions) {
    for (const agency of AGENCIES) {
      const agencyLayout = layout.agencies[agency];
      if (!agencyLayout.levels.includes(region.level)) continue;
      const names = unitNameAt(agencyLayout, region.level, region);
      units.push({
        id: prng.uuid(),
        code: `${agency}-${region.code}`,
        name: names.zh,
        nameEn: names.en,
        agency,
        level: region.level,
        regionCode: region.code,
        orgCode: drawUnique(orgCodes, () => makeOrgCode(region.code.slice(0, 6), prng)),
      });
    }
  }
  return units;
}

function buildUsers(layout: OrganisationLayout, regions: DemoRegion[], units: DemoUnit[], prng: Prng): DemoUser[] {
  const phones = new Set<string>();
  const idNumbers = new Set<string>();
  const regionByCode = new Map(regions.map((r) => [r.code, r]));
  const users: DemoUser[] = [];
  for (const unit of units) {
    const homeCounties = countiesServedBy(regionByCode.get(unit.regionCode)!, regions);
    for (const role of rolesAt(layout.agencies[unit.agency], unit.level)) {
      users.push({
        id: prng.uuid(),
        username: usernameFor(unit, role),
        displayName: makePersonName(prng),
        role,
        unitCode: unit.code,
        phone: drawUnique(phones, () => makeMobile(prng)),
        idNumber: drawUnique(idNumbers, () => makeResidentId(prng.pick(homeCounties), prng)),
      });
    }
  }
  return users;
}

function usernameFor(unit: DemoUnit, role: Role): string {
  const named = NAMED_ACCOUNTS.find((a) => a.agency === unit.agency && a.level === unit.level && a.role === role);
  return named?.username ?? `${unit.code}-${role}`;
}

/** The county codes a unit's staff may be registered in: its own county, or the counties below its region. */
function countiesServedBy(region: DemoRegion, regions: DemoRegion[]): string[] {
  if (region.level === 'township') return [region.parentCode!];
  const prefix = regionScopePrefix(region.code, region.level);
  return regions.filter((r) => r.level === 'county' && r.code.startsWith(prefix)).map((r) => r.code);
}

function makeOrgCode(divisionCode: string, prng: Prng): string {
  const identifier = Array.from({ length: 9 }, () => String(prng.int(0, 9))).join('');
  const first17 = `${ORG_CODE_HEAD}${divisionCode}${identifier}`;
  return first17 + orgCodeCheckChar(first17);
}

/** A plausible mainland mobile number. */
export function makeMobile(prng: Prng): string {
  const rest = Array.from({ length: 9 }, () => String(prng.int(0, 9))).join('');
  return `1${prng.pick(MOBILE_SECOND_DIGITS)}${rest}`;
}

/**
 * A GB 11643 resident ID number of a demo county; born between two UTC days (default: the demo accounts'
 * range); the sequence odd for a man and even for a woman when `sex` is given (clause 5.4).
 */
export function makeResidentId(countyCode: string, prng: Prng, opts: { bornFrom?: number; bornTo?: number; sex?: 'male' | 'female' } = {}): string {
  const from = opts.bornFrom ?? BIRTH_FROM;
  const birth = new Date(from + prng.int(0, Math.floor(((opts.bornTo ?? BIRTH_TO) - from) / DAY_MS)) * DAY_MS);
  const birthCode = birth.toISOString().slice(0, 10).replaceAll('-', '');
  let n = prng.int(1, 999);
  if (opts.sex && n % 2 !== (opts.sex === 'male' ? 1 : 0)) n = n === 999 ? 998 : n + 1;
  const first17 = `${countyCode}${birthCode}${String(n).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A plausible Chinese name: a common surname and one or two given-name characters. */
export function makePersonName(prng: Prng): string {
  const surname = prng.pick(SURNAMES);
  const givenLength = prng.int(1, 2);
  return surname + Array.from({ length: givenLength }, () => prng.pick(GIVEN_NAME_CHARS)).join('');
}

function drawUnique(seen: Set<string>, draw: () => string): string {
  for (let i = 0; i < MAX_DRAWS; i++) {
    const value = draw();
    if (!seen.has(value)) {
      seen.add(value);
      return value;
    }
  }
  throw new Error(`demo province: no unique value after ${MAX_DRAWS} draws`);
}
