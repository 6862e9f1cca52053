import { join } from 'node:path';
import { type DisputeImportRules, parseDisputeImportRules } from '../engine/disputes-import/import-rules.ts';
import { RULES_DIR } from './load-rules.ts';
import { readRulesFile } from './read-rules-file.ts';

/** rules/governance/dispute-import.yaml: the columns of an import sheet and the limits of one file, validated. */
export function loadDisputeImportRules(file: string = join(RULES_DIR, 'governance', 'dispute-import.yaml')): DisputeImportRules {
  const { raw, fail } = readRulesFile(file, 'rules/governance/dispute-import.yaml');
  return parseDisputeImportRules(raw, fail);
}
