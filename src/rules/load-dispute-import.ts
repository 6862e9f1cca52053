import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type DisputeImportRules, parseDisputeImportRules } from '../engine/disputes-import/import-rules.ts';
import type { Fail } from '../engine/rules-data.ts';
import { RULES_DIR } from './load-rules.ts';

/** rules/governance/dispute-import.yaml: the columns of an import sheet and the limits of one file, validated. */
export function loadDisputeImportRules(file: string = join(RULES_DIR, 'governance', 'dispute-import.yaml')): DisputeImportRules {
  const source = 'rules/governance/dispute-import.yaml';
  const fail: Fail = (path, what) => {
    throw new Error(`${source}: ${path}: ${what}`);
  };
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${source}: ${(error as Error).message}`);
  }
  return parseDisputeImportRules(raw, fail);
}
