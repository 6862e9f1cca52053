import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type DisputeRules, parseAgreementTemplate, parseDisputeRouting, parseDisputeTypes } from '../engine/disputes/dispute-rules.ts';
import type { Fail } from '../engine/rules-data.ts';
import { RULES_DIR } from './load-rules.ts';

function read(dir: string, file: string): { raw: unknown; fail: Fail } {
  const source = `rules/governance/${file}`;
  const fail: Fail = (path, what) => {
    throw new Error(`${source}: ${path}: ${what}`);
  };
  try {
    return { raw: parse(readFileSync(join(dir, file), 'utf8')), fail };
  } catch (error) {
    throw new Error(`${source}: ${(error as Error).message}`);
  }
}

/** rules/governance/dispute-types.yaml, dispute-routing.yaml and mediation-agreement.yaml, validated. */
export function loadDisputeRules(dir: string = join(RULES_DIR, 'governance')): DisputeRules {
  const types = read(dir, 'dispute-types.yaml');
  const parsedTypes = parseDisputeTypes(types.raw, types.fail);
  const routing = read(dir, 'dispute-routing.yaml');
  const agreement = read(dir, 'mediation-agreement.yaml');
  return { ...parsedTypes, ...parseDisputeRouting(routing.raw, parsedTypes.types, routing.fail), agreement: parseAgreementTemplate(agreement.raw, agreement.fail) };
}
