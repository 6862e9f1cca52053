import { join } from 'node:path';
import { type CockpitRules, parseCockpitRules } from '../engine/cockpit/panels.ts';
import { RULES_DIR } from './load-rules.ts';
import { readRulesFile } from './read-rules-file.ts';

/** rules/cockpit.yaml; a bad file names its field. */
export function loadCockpitRules(file: string = join(RULES_DIR, 'cockpit.yaml')): CockpitRules {
  const { raw, fail } = readRulesFile(file, 'rules/cockpit.yaml');
  return parseCockpitRules(raw, fail);
}
