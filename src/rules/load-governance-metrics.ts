import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type MetricDefinition, parseMetricDefinitions } from '../engine/governance-metrics/metrics.ts';
import type { Fail } from '../engine/rules-data.ts';
import { RULES_DIR } from './load-rules.ts';

/** rules/governance/metrics.yaml, each id checked against the metrics counted (`implemented`); a bad file names its field. */
export function loadGovernanceMetrics(implemented: readonly string[], file: string = join(RULES_DIR, 'governance', 'metrics.yaml')): MetricDefinition[] {
  const fail: Fail = (path, what) => {
    throw new Error(`rules/governance/metrics.yaml: ${path}: ${what}`);
  };
  return parseMetricDefinitions(parse(readFileSync(file, 'utf8')), implemented, fail);
}
