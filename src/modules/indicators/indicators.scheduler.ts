/**
 * The server's own snapshots: every hour (the first a minute after start) it takes, for the province, yesterday's
 * day snapshot, last month's and last quarter's, each unless it exists — so the month is taken on the 1st, the
 * quarter on a quarter's first day, and a server that was down catches up at its next start. Several servers on
 * one database are safe: the second to take a period gets SNAPSHOT_TAKEN and skips it. A failed run is logged and
 * retried at the next tick; it never stops the server. Tests build the app without the server and so without it.
 */
import type { AppDeps } from '../../app-deps.ts';
import { cstDayOf } from '../../engine/clock/civil-date.ts';
import { PERIOD_KINDS, lastEndedPeriod } from '../../engine/indicators/period.ts';
import { indicatorRules } from './indicators.routes.ts';
import { takeSnapshotIfMissing } from './indicators.service.ts';

export interface SnapshotScheduler {
  stop(): Promise<void>;
}

/** One tick: the last ended period of each kind, for the root region; answers the labels taken. */
export async function takeDueSnapshots(deps: Pick<AppDeps, 'db' | 'permissions' | 'config' | 'now'>): Promise<string[]> {
  const today = cstDayOf(deps.now().getTime());
  const taken: string[] = [];
  for (const kind of PERIOD_KINDS) {
    const p = lastEndedPeriod(kind, today);
    if (await takeSnapshotIfMissing(deps, indicatorRules(), 'scheduler', { periodKind: kind, period: p.label })) taken.push(`${kind} ${p.label}`);
  }
  return taken;
}

export function startSnapshotScheduler(deps: Pick<AppDeps, 'db' | 'permissions' | 'config' | 'now'>, log: (line: string) => void, opts: { firstMs?: number; everyMs?: number; after?: Promise<unknown> } = {}): SnapshotScheduler {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  const tick = async () => {
    try {
      const taken = await takeDueSnapshots(deps);
      if (taken.length) log(`snapshots: taken ${taken.join(', ')}`);
    } catch (error) {
      if (!stopped) log(`snapshots: run failed, retried at the next tick: ${(error as Error).message}`);
    }
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => schedule(opts.everyMs ?? 3_600_000));
    }, ms);
    timer.unref();
  };
  // not before the demo's data has loaded: a snapshot is frozen, one of half-loaded data would stay so
  void Promise.resolve(opts.after).catch(() => undefined).then(() => schedule(opts.firstMs ?? 60_000));
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
