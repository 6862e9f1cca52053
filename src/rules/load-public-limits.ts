import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type PublicLimits, parsePublicLimits } from '../engine/public-intake/limits.ts';
import type { Fail } from '../engine/rules-data.ts';
import { RULES_DIR } from './load-rules.ts';

/** rules/governance/public-limits.yaml: the abuse limits of the citizens' pages; a bad file names its field. */
export function loadPublicLimits(file: string = join(RULES_DIR, 'governance', 'public-limits.yaml')): PublicLimits {
  const fail: Fail = (path, what) => {
    throw new Error(`rules/governance/public-limits.yaml: ${path}: ${what}`);
  };
  return parsePublicLimits(parse(readFileSync(file, 'utf8')), fail);
}
