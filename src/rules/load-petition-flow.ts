import { join } from 'node:path';
import { type PetitionFlowRules, parsePetitionFlowRules } from '../engine/petitions/petition-flow.ts';
import { RULES_DIR } from './load-rules.ts';
import { readRulesFile } from './read-rules-file.ts';

/** rules/governance/petition-flow.yaml, each clock effect checked against the loaded time-limit rules. */
export function loadPetitionFlow(
  timeLimits: ReadonlyMap<string, { extensions: readonly { id: string }[] }>,
  file: string = join(RULES_DIR, 'governance', 'petition-flow.yaml'),
): PetitionFlowRules {
  const source = 'rules/governance/petition-flow.yaml';
  const { raw } = readRulesFile(file, source);
  return parsePetitionFlowRules(raw, source, timeLimits);
}
