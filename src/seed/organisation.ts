// The organisation layout of rules/organisation.yaml, validated and typed. Pure: the caller reads and parses
// the file, this module checks the parsed value.
import { AGENCIES, REGION_LEVELS, ROLES, type Agency, type RegionLevel, type Role } from '../engine/organisation.ts';

export interface UnitNameTemplate {
  zh: string;
  en: string;
}

export interface AgencyLayout {
  zh: string;
  en: string;
  levels: RegionLevel[];
  roles: Role[];
  /** Roles that units have only at one level, on top of `roles`. */
  extraRoles: Partial<Record<RegionLevel, Role[]>>;
  unitName: { default: UnitNameTemplate } & Partial<Record<RegionLevel, UnitNameTemplate>>;
}

export interface OrganisationLayout {
  agencies: Record<Agency, AgencyLayout>;
}

const REGION_PLACEHOLDER = '{region}';
const AGENCY_KEYS = ['zh', 'en', 'levels', 'roles', 'extraRoles', 'unitName'] as const;

/** Validates the parsed rules/organisation.yaml, throwing an Error that names the first wrong field. */
export function parseOrganisationLayout(obj: unknown): OrganisationLayout {
  const root = expectMapping(obj, '(root)');
  rejectUnknownKeys(root, ['agencies'], '');
  const agencies = expectMapping(root.agencies, 'agencies');
  rejectUnknownKeys(agencies, AGENCIES, 'agencies.');
  const parsed = {} as Record<Agency, AgencyLayout>;
  for (const agency of AGENCIES) {
    if (!(agency in agencies)) fail(`agencies.${agency}`, 'is missing; every agency of the glossary needs a layout');
    parsed[agency] = parseAgencyLayout(agencies[agency], `agencies.${agency}`);
  }
  return { agencies: parsed };
}

/** The roles of a unit of this agency at this level: its `roles`, then the level's `extraRoles`. */
export function rolesAt(layout: AgencyLayout, level: RegionLevel): Role[] {
  return [...layout.roles, ...(layout.extraRoles[level] ?? [])];
}

/** The zh and en names of this agency's unit in a region, e.g. 青山县公安局 / Qingshan County Public Security Bureau. */
export function unitNameAt(
  layout: AgencyLayout,
  level: RegionLevel,
  region: { name: string; nameEn: string },
): UnitNameTemplate {
  const template = layout.unitName[level] ?? layout.unitName.default;
  return {
    zh: template.zh.replaceAll(REGION_PLACEHOLDER, region.name),
    en: template.en.replaceAll(REGION_PLACEHOLDER, region.nameEn),
  };
}

function parseAgencyLayout(value: unknown, path: string): AgencyLayout {
  const raw = expectMapping(value, path);
  rejectUnknownKeys(raw, AGENCY_KEYS, `${path}.`);
  const levels = expectEnumList(raw.levels, `${path}.levels`, REGION_LEVELS);
  const roles = expectEnumList(raw.roles, `${path}.roles`, ROLES);
  return {
    zh: expectText(raw.zh, `${path}.zh`),
    en: expectText(raw.en, `${path}.en`),
    levels,
    roles,
    extraRoles: parseExtraRoles(raw.extraRoles, `${path}.extraRoles`, levels, roles),
    unitName: parseUnitNames(raw.unitName, `${path}.unitName`, levels),
  };
}

function parseExtraRoles(
  value: unknown,
  path: string,
  levels: readonly RegionLevel[],
  roles: readonly Role[],
): Partial<Record<RegionLevel, Role[]>> {
  if (value === undefined) return {};
  const raw = expectMapping(value, path);
  rejectUnknownKeys(raw, levels, `${path}.`);
  const parsed: Partial<Record<RegionLevel, Role[]>> = {};
  for (const level of levels) {
    if (raw[level] === undefined) continue;
    const extra = expectEnumList(raw[level], `${path}.${level}`, ROLES);
    const repeated = extra.find((role) => roles.includes(role));
    if (repeated) fail(`${path}.${level}`, `repeats "${repeated}", which is already in roles`);
    parsed[level] = extra;
  }
  return parsed;
}

function parseUnitNames(value: unknown, path: string, levels: readonly RegionLevel[]): AgencyLayout['unitName'] {
  const raw = expectMapping(value, path);
  rejectUnknownKeys(raw, ['default', ...levels], `${path}.`);
  const parsed: AgencyLayout['unitName'] = { default: parseNameTemplate(raw.default, `${path}.default`) };
  for (const level of levels) {
    if (raw[level] !== undefined) parsed[level] = parseNameTemplate(raw[level], `${path}.${level}`);
  }
  return parsed;
}

function parseNameTemplate(value: unknown, path: string): UnitNameTemplate {
  const raw = expectMapping(value, path);
  rejectUnknownKeys(raw, ['zh', 'en'], `${path}.`);
  const template = { zh: expectText(raw.zh, `${path}.zh`), en: expectText(raw.en, `${path}.en`) };
  for (const lang of ['zh', 'en'] as const) {
    if (!template[lang].includes(REGION_PLACEHOLDER)) fail(`${path}.${lang}`, `must contain ${REGION_PLACEHOLDER}`);
  }
  return template;
}

function expectMapping(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be a mapping');
  return value as Record<string, unknown>;
}

function expectText(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(path, 'must be a non-empty string');
  return value;
}

/** A non-empty list of distinct values, each one of `allowed`. */
function expectEnumList<T extends string>(value: unknown, path: string, allowed: readonly T[]): T[] {
  if (!Array.isArray(value) || value.length === 0) fail(path, 'must be a non-empty list');
  const list: T[] = [];
  value.forEach((item: unknown, i) => {
    if (typeof item !== 'string' || !(allowed as readonly string[]).includes(item)) {
      fail(`${path}[${i}]`, `${JSON.stringify(item)} is not one of ${allowed.join(', ')}`);
    }
    if (list.includes(item as T)) fail(`${path}[${i}]`, `repeats "${item}"`);
    list.push(item as T);
  });
  return list;
}

function rejectUnknownKeys(raw: Record<string, unknown>, allowed: readonly string[], prefix: string): void {
  const unknown = Object.keys(raw).find((key) => !allowed.includes(key));
  if (unknown !== undefined) fail(`${prefix}${unknown}`, `is not a known field (expected one of ${allowed.join(', ')})`);
}

function fail(path: string, problem: string): never {
  throw new Error(`organisation layout: ${path} ${problem}`);
}
