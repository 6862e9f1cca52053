import { join } from 'node:path';
import { type MetricDefinition, parseMetricDefinitions } from '../engine/governance-metrics/metrics.ts';
import { RULES_DIR } from './load-rules.ts';
import { readRulesFile } from './read-rules-file.ts';

/** rules/governance/metrics.yaml, each id checked against the metrics counted (`implemented`); a bad file names its field. */
export function loadGovernanceMetrics(implemented: readonly string[], file: string = join(RULES_DIR, 'governance', 'metrics.yaml')): MetricDefinition[] {
  const { raw, fail } = readRulesFile(file, 'rules/governance/metrics.yaml');
  return parseMetricDefinitions(raw, implemented, fail);
}
