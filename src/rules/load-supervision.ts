import { join } from 'node:path';
import { bilingual, record } from '../engine/rules-data.ts';
import type { SupervisionPeriods } from '../engine/supervision/item-flow.ts';
import { RULES_DIR } from './load-rules.ts';
import { readRulesFile } from './read-rules-file.ts';

/** rules/supervision.yaml: the accept and rectify periods of supervision items, in working days. */
export function loadSupervisionPeriods(file: string = join(RULES_DIR, 'supervision.yaml')): SupervisionPeriods {
  const { raw, fail } = readRulesFile(file, 'rules/supervision.yaml');
  const r = record(raw, 'supervision', ['basis', 'accept', 'rectify'], fail);
  const days = (v: unknown, path: string): number => {
    const d = record(v, path, ['workingDays'], fail);
    if (!Number.isInteger(d.workingDays) || (d.workingDays as number) < 1 || (d.workingDays as number) > 250) fail(`${path}.workingDays`, 'must be a whole number of working days from 1 to 250');
    return d.workingDays as number;
  };
  const rectify = record(r.rectify, 'rectify', ['high', 'medium', 'low'], fail);
  return {
    basis: bilingual(r.basis, 'basis', fail),
    acceptWorkingDays: days(r.accept, 'accept'),
    rectifyWorkingDays: { high: days(rectify.high, 'rectify.high'), medium: days(rectify.medium, 'rectify.medium'), low: days(rectify.low, 'rectify.low') },
  };
}
