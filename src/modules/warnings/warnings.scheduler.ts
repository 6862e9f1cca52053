/**
 * The server's own oversight runs: every few seconds the cases with new events (the queue), and every N minutes
 * all models over the province (the clocks run out without any event). Several servers on one database share
 * the queue (rows are taken with SKIP LOCKED) and each runs the full runs, which record a hit once whoever runs
 * them. A failed run is logged and retried at the next tick; it never stops the server.
 */
import type { AppDeps } from '../../app-deps.ts';
import { drainQueue, runFull } from './warnings.service.ts';

export interface WarningScheduler {
  stop(): Promise<void>;
}

export function startWarningScheduler(deps: Pick<AppDeps, 'db' | 'warningModels' | 'now' | 'config'>, log: (line: string) => void): WarningScheduler {
  const { warningsQueueMs, warningsFullMinutes } = deps.config;
  let stopped = false;
  let lastFull = Number.NEGATIVE_INFINITY;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;

  const tick = async () => {
    try {
      if (warningsFullMinutes > 0 && Date.now() - lastFull >= warningsFullMinutes * 60_000) {
        lastFull = Date.now();
        const run = await runFull(deps);
        const failed = run.models.filter((m) => m.error);
        log(`warnings: full run #${run.runId}, ${run.models.reduce((n, m) => n + (m.holding ?? 0), 0)} hits holding${failed.length ? `, ${failed.length} models failed: ${failed.map((m) => m.id).join(', ')}` : ''}`);
      }
      if (warningsQueueMs > 0) await drainQueue(deps, () => stopped);
    } catch (error) {
      if (!stopped) log(`warnings: run failed, retried at the next tick: ${(error as Error).message}`);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, warningsQueueMs > 0 ? warningsQueueMs : 60_000);
    timer.unref();
  };
  if (warningsQueueMs > 0 || warningsFullMinutes > 0) schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
