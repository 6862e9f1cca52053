import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Agency, RegionLevel, Role } from '../engine/organisation.ts';
import { type PermissionTable, parsePermissionTable } from '../engine/permissions/permissions.ts';
import { type OrganisationLayout, parseOrganisationLayout, rolesAt } from '../seed/organisation.ts';
import type { RiskAssessmentRules } from '../engine/risk-assessments/risk-matrix.ts';
import { loadRiskAssessmentRules } from './load-risk-assessment.ts';

export const RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));

export interface Rules {
  permissions: PermissionTable;
  organisation: OrganisationLayout;
  rolesFor(agency: Agency, level: RegionLevel): readonly Role[];
  /** The risk matrix and rating rule of stability risk assessments (rules/risk-assessment.yaml). */
  riskAssessment: RiskAssessmentRules;
}

function readYaml(dir: string, file: string): unknown {
  const path = join(dir, file);
  try {
    return parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`rules/${file}: ${(error as Error).message}`);
  }
}

/** Loads and validates the rules the server runs on; a bad file stops start-up with its name and field. */
export function loadRules(dir: string = RULES_DIR): Rules {
  const permissions = parsePermissionTable(readYaml(dir, 'permissions.yaml'), 'rules/permissions.yaml');
  let organisation: OrganisationLayout;
  try {
    organisation = parseOrganisationLayout(readYaml(dir, 'organisation.yaml'));
  } catch (error) {
    throw new Error(`rules/organisation.yaml: ${(error as Error).message}`);
  }
  return {
    permissions,
    organisation,
    rolesFor: (agency, level) => rolesAt(organisation.agencies[agency], level),
    riskAssessment: loadRiskAssessmentRules(join(dir, 'risk-assessment.yaml')),
  };
}
