import { join } from 'node:path';
import { type PublicLimits, parsePublicLimits } from '../engine/public-intake/limits.ts';
import { RULES_DIR } from './load-rules.ts';
import { readRulesFile } from './read-rules-file.ts';

/** rules/governance/public-limits.yaml: the abuse limits of the citizens' pages; a bad file names its field. */
export function loadPublicLimits(file: string = join(RULES_DIR, 'governance', 'public-limits.yaml')): PublicLimits {
  const { raw, fail } = readRulesFile(file, 'rules/governance/public-limits.yaml');
  return parsePublicLimits(raw, fail);
}
