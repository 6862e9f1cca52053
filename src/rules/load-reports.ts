import { join } from 'node:path';
import { type BulletinTemplate, parseBulletinTemplate } from '../engine/reports/bulletin.ts';
import { type ReportDefinition, parseReportDefinitions } from '../engine/reports/definitions.ts';
import { RULES_DIR } from './load-rules.ts';
import { readRulesFile } from './read-rules-file.ts';

export interface ReportRules {
  reports: ReportDefinition[];
  bulletin: BulletinTemplate;
}

/**
 * rules/reports.yaml, each report checked against the fields its query yields (`implemented`), and
 * rules/reports/bulletin.yaml, each placeholder against the reports' columns; a bad file names its field.
 */
export function loadReportRules(implemented: Readonly<Record<string, readonly string[]>>, dir: string = RULES_DIR): ReportRules {
  const defs = readRulesFile(join(dir, 'reports.yaml'), 'rules/reports.yaml');
  const reports = parseReportDefinitions(defs.raw, implemented, defs.fail);
  const known = reports.flatMap((r) => r.columns.map((c) => `${r.id}.${c.id}`));
  const b = readRulesFile(join(dir, 'reports', 'bulletin.yaml'), 'rules/reports/bulletin.yaml');
  return { reports, bulletin: parseBulletinTemplate(b.raw, known, b.fail) };
}
