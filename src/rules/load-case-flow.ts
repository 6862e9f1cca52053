import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type CaseFlow, parseCaseFlow } from '../engine/case-flow/flow.ts';
import { RULES_DIR } from './load-rules.ts';

/** Loads rules/case-flow.yaml, checking every clock rule it names against the loaded time limits. */
export function loadCaseFlow(timeLimitRuleIds: ReadonlySet<string>, file = join(RULES_DIR, 'case-flow.yaml')): CaseFlow {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`rules/case-flow.yaml: ${(error as Error).message}`);
  }
  return parseCaseFlow(raw, 'rules/case-flow.yaml', timeLimitRuleIds);
}
