/** What the synthetic province is generated from, read from the repository (generate.ts itself does no I/O). */
import os from 'node:os';
import { join } from 'node:path';
import { loadCaseFlow } from '../../src/rules/load-case-flow.ts';
import { loadClock } from '../../src/rules/load-clock.ts';
import { loadEvidenceChecklists } from '../../src/rules/load-evidence-checklists.ts';
import type { SyntheticRules } from './generate.ts';

/** The organisation's seed: the demo province `npm start` loads (seedDemo and buildDemoProvince with it). */
export const ORGANISATION_SEED = 1;

/**
 * The rules as the app loads them (loadClock, loadCaseFlow, loadEvidenceChecklists); calendars from
 * rules/calendars only (no imported year), so that the rows depend on the repository alone.
 */
export function syntheticRules(): SyntheticRules {
  const clock = loadClock(join(os.tmpdir(), 'caselink-synthetic-no-imported-calendars'));
  return { clock, caseFlow: loadCaseFlow(new Set(clock.rules.keys())), evidenceChecklists: loadEvidenceChecklists() };
}
