/**
 * The demo's last part, for leaders and committees (issue 7): stability risk assessments of major decisions played
 * through their services, then the frozen monthly and quarterly ranking snapshots of the province taken over the data
 * loaded before (and two regions listed for remediation). Loaded after the governance center by `npm start`'s
 * background load and by `bin/caselink seed demo`; the cockpit needs nothing of its own (its counts were kept as the
 * rest was written).
 */
import type { AppDeps } from '../app-deps.ts';
import { seedDemoRankings } from './demo-rankings.ts';
import { seedDemoRiskAssessments } from './demo-risk-assessments.ts';

export interface DemoLeadershipResult {
  assessments: number;
  snapshots: number;
  listings: number;
  ms: number;
}

export async function seedDemoLeadership(deps: AppDeps, opts: { seed: number; now: Date }): Promise<DemoLeadershipResult> {
  const started = Date.now();
  const risk = await seedDemoRiskAssessments(deps, { seed: opts.seed, now: opts.now });
  const rankings = await seedDemoRankings(deps, { now: opts.now });
  return { assessments: risk.assessments, snapshots: rankings.months + rankings.quarters, listings: rankings.listings, ms: Date.now() - started };
}

export const describeLeadership = (r: DemoLeadershipResult) =>
  `${r.assessments} stability risk assessments, ${r.snapshots} ranking snapshots, ${r.listings} regions listed for remediation in ${Math.round(r.ms / 1000)} s`;
