import { join } from 'node:path';
import { type CaseFlow, parseCaseFlow } from '../engine/case-flow/flow.ts';
import { RULES_DIR } from './load-rules.ts';
import { readRulesFile } from './read-rules-file.ts';

/** Loads rules/case-flow.yaml, checking every clock rule it names against the loaded time limits. */
export function loadCaseFlow(timeLimitRuleIds: ReadonlySet<string>, file = join(RULES_DIR, 'case-flow.yaml')): CaseFlow {
  const { raw } = readRulesFile(file, 'rules/case-flow.yaml');
  return parseCaseFlow(raw, 'rules/case-flow.yaml', timeLimitRuleIds);
}
