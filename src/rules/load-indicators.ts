import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type IndicatorSet, parseIndicators } from '../engine/indicators/definitions.ts';
import { sm3Hex } from '../shared/sm3.ts';
import { RULES_DIR } from './load-rules.ts';
import { readRulesFile } from './read-rules-file.ts';

export interface LoadedIndicators extends IndicatorSet {
  /** SM3 of the file's bytes: kept with every snapshot taken with these definitions */
  digest: string;
}

/** rules/indicators.yaml, each formula checked against the base metrics counted (`metrics`); a bad file names its field. */
export function loadIndicators(metrics: readonly string[], file: string = join(RULES_DIR, 'indicators.yaml')): LoadedIndicators {
  const { raw, fail } = readRulesFile(file, 'rules/indicators.yaml');
  return { ...parseIndicators(raw, metrics, fail), digest: sm3Hex(readFileSync(file)) };
}
