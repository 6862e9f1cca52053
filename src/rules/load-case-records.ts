import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type CaseRecordRules, parseCaseRecordRules } from '../engine/case-records/kinds.ts';
import { RULES_DIR } from './load-rules.ts';

/** rules/case-records.yaml: the kinds of structured case records and the incident categories. */
export function loadCaseRecordRules(file: string = join(RULES_DIR, 'case-records.yaml')): CaseRecordRules {
  return parseCaseRecordRules(parse(readFileSync(file, 'utf8')));
}
