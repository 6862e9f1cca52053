import { join } from 'node:path';
import { type DisputeRules, parseAgreementTemplate, parseDisputeRouting, parseDisputeTypes } from '../engine/disputes/dispute-rules.ts';
import { RULES_DIR } from './load-rules.ts';
import { type RulesFile, readRulesFile } from './read-rules-file.ts';

const read = (dir: string, file: string): RulesFile => readRulesFile(join(dir, file), `rules/governance/${file}`);

/** rules/governance/dispute-types.yaml, dispute-routing.yaml and mediation-agreement.yaml, validated. */
export function loadDisputeRules(dir: string = join(RULES_DIR, 'governance')): DisputeRules {
  const types = read(dir, 'dispute-types.yaml');
  const parsedTypes = parseDisputeTypes(types.raw, types.fail);
  const routing = read(dir, 'dispute-routing.yaml');
  const agreement = read(dir, 'mediation-agreement.yaml');
  return { ...parsedTypes, ...parseDisputeRouting(routing.raw, parsedTypes.types, routing.fail), agreement: parseAgreementTemplate(agreement.raw, agreement.fail) };
}
