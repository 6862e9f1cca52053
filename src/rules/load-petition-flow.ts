import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type PetitionFlowRules, parsePetitionFlowRules } from '../engine/petitions/petition-flow.ts';
import { RULES_DIR } from './load-rules.ts';

/** rules/governance/petition-flow.yaml, each clock effect checked against the loaded time-limit rules. */
export function loadPetitionFlow(
  timeLimits: ReadonlyMap<string, { extensions: readonly { id: string }[] }>,
  file: string = join(RULES_DIR, 'governance', 'petition-flow.yaml'),
): PetitionFlowRules {
  const source = 'rules/governance/petition-flow.yaml';
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${source}: ${(error as Error).message}`);
  }
  return parsePetitionFlowRules(raw, source, timeLimits);
}
