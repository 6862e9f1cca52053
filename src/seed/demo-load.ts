/**
 * The demo's criminal cases, loaded in the background once the server listens: on the embedded database they
 * take minutes, and a new user should not wait for them to log in. The plan (seed, the moment its dates count
 * back from, how many cases) and the next case to load are kept in `demo_load`, so that a server stopped
 * half-way goes on where it stopped, with the same cases.
 */
import type { AppDeps } from '../app-deps.ts';
import type { Queryable } from '../db/client.ts';
import type { OrganisationLayout } from './organisation.ts';
import { DEMO_CASE_COUNT } from './demo-cases.ts';
import { governanceProgress, seedDemoGovernance } from './demo-governance.ts';
import { describeLeadership, seedDemoLeadership } from './demo-leadership.ts';
import { governanceSizeFor } from './demo-governance-plan.ts';
import { seedDemoOversight } from './demo-oversight.ts';
import { demoProgress, seedDemoCases } from './seed-demo-cases.ts';

/** Records that the demo's cases are to be loaded (in the transaction that loads the demo province, or after it). */
export async function planDemoLoad(db: Queryable, plan: { seed: number; total: number; plannedAt: Date }): Promise<void> {
  await db.query('INSERT INTO demo_load (id, seed, planned_at, total) VALUES (1, $1, $2, $3) ON CONFLICT (id) DO NOTHING', [plan.seed, plan.plannedAt.toISOString(), plan.total]);
}

export interface DemoLoad {
  /** Resolves when the load has finished, stopped or failed (it never rejects: a failure is logged). */
  readonly done: Promise<void>;
  /** Asks the load to stop after the case it is loading, and waits for that. */
  stop(): Promise<void>;
}

const NOTHING: DemoLoad = { done: Promise.resolve(), stop: async () => undefined };

/** Starts (or goes on with) the planned demo load, if there is one still to do. */
export async function startDemoLoad(deps: AppDeps, layout: OrganisationLayout, log: (line: string) => void): Promise<DemoLoad> {
  const [row] = await deps.db.query<{
    seed: number; planned_at: Date | string; total: number; next_case: number; finished_at: Date | null; oversight_loaded_at: Date | null; governance_next: number;
    governance_loaded_at: Date | null; leadership_loaded_at: Date | null;
  }>('SELECT * FROM demo_load WHERE id = 1');
  if (!row || row.leadership_loaded_at) return NOTHING;
  let stopping = false;
  if (!row.finished_at && row.next_case > 0) log(`demo: going on with the criminal cases from case ${row.next_case + 1} of ${row.total}`);
  const done = (async () => {
    try {
      if (!row.finished_at && row.next_case < row.total) await seedDemoCases(deps, layout, {
        seed: row.seed,
        now: new Date(row.planned_at),
        count: row.total,
        from: row.next_case,
        stopRequested: () => stopping,
        beforeCase: async (index) => {
          await deps.db.query('UPDATE demo_load SET next_case = $1 WHERE id = 1', [index + 1]);
        },
        onProgress: demoProgress(log),
      });
      if (stopping) return;
      if (!row.finished_at) {
        await deps.db.query('UPDATE demo_load SET finished_at = now() WHERE id = 1');
        log('demo: all criminal cases loaded');
      }
      // then what oversight watches: incidents, case records, loans, two imported records, the models' first run
      // and supervision items (seconds)
      if (!row.oversight_loaded_at) {
        const oversight = await seedDemoOversight(deps, { now: new Date(row.planned_at) });
        await deps.db.query('UPDATE demo_load SET oversight_loaded_at = now() WHERE id = 1');
        log(`demo: oversight loaded: ${oversight.incidents} incidents, ${oversight.records} case records, ${oversight.items} supervision items; ${oversight.run.models.filter((m) => (m.holding ?? 0) > 0).length} warning models with hits`);
      }
      if (stopping) return;
      // then the governance center: disputes, petitions and grid events of two years, in proportion to the planned
      // cases (the full demo: 2,000 disputes and more), one story per transaction, going on where a stop left it
      if (!row.governance_loaded_at) {
        if (row.governance_next > 0) log(`demo: going on with the governance center from story ${row.governance_next + 1}`);
        const governance = await seedDemoGovernance(deps, {
          seed: row.seed,
          now: new Date(row.planned_at),
          size: governanceSizeFor(row.total, DEMO_CASE_COUNT),
          from: row.governance_next,
          stopRequested: () => stopping,
          afterStory: async (tx, next) => {
            await tx.query('UPDATE demo_load SET governance_next = $1 WHERE id = 1', [next]);
          },
          onProgress: governanceProgress(log),
        });
        if (stopping) return;
        await deps.db.query('UPDATE demo_load SET governance_loaded_at = now() WHERE id = 1');
        log(`demo: governance center loaded: ${governance.disputes} disputes, ${governance.petitions} petitions, ${governance.gridEvents} grid events (${governance.agreements} sealed agreements, ${governance.photos} photos) in ${Math.round(governance.ms / 1000)} s; ${governance.run?.models.filter((m) => (m.holding ?? 0) > 0).length ?? 0} warning models with hits`);
      }
      // then what leaders and committees look at: risk assessments and the ranking snapshots of the months past —
      // not for a province without demo cases (the browser journeys' server), whose requests it would hold up
      if (row.total > 0) {
        const leadership = await seedDemoLeadership(deps, { seed: row.seed, now: new Date(row.planned_at) });
        log(`demo: ${describeLeadership(leadership)}`);
      }
      await deps.db.query('UPDATE demo_load SET leadership_loaded_at = now() WHERE id = 1');
    } catch (error) {
      log(`demo: loading the demo stopped on an error: ${(error as Error).message}`);
    }
  })();
  return {
    done,
    async stop() {
      stopping = true;
      await done;
    },
  };
}
