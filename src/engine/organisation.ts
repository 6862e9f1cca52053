/** The organisational vocabulary of glossary.md, shared by the engine, the schemas and the database checks. */
export const AGENCIES = [
  'committee',
  'police',
  'procuratorate',
  'court',
  'justice-bureau',
  'prison',
  'detention-house',
  'correction-office',
  'governance-center',
  'mediation-committee',
  'petition-office',
] as const;
export type Agency = (typeof AGENCIES)[number];

export const ROLES = [
  'handler',
  'unit-head',
  'supervisor',
  'mediator',
  'grid-worker',
  'administrator',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const REGION_LEVELS = ['province', 'city', 'county', 'township'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/**
 * The prefix shared by a region's code and the codes of all regions below it (GB/T 2260: 2 digits province,
 * 2 city, 2 county; township codes extend the county code by 3 digits).
 */
export function regionScopePrefix(code: string, level: RegionLevel): string {
  switch (level) {
    case 'province':
      return code.slice(0, 2);
    case 'city':
      return code.slice(0, 4);
    case 'county':
      return code.slice(0, 6);
    case 'township':
      return code;
  }
}
