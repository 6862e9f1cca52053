/**
 * The server's scheduled issue of reports: every few minutes, each enabled schedule whose day and hour (CST) have
 * come issues the period it owes (the last whole month or quarter) once. A period is claimed in the schedule's row
 * before it is issued, so several servers on one database issue it once; a failed issue is logged (the claim
 * stays: a broken report is not issued again and again — the history shows it missing and a user issues it).
 */
import type { AppDeps } from '../../app-deps.ts';
import { loadReportDeps, runDueSchedules } from './reports.service.ts';

export interface ReportScheduler {
  stop(): Promise<void>;
}

export function startReportScheduler(deps: AppDeps, log: (line: string) => void): ReportScheduler {
  const minutes = deps.config.reportsScheduleMinutes;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  if (minutes <= 0) return { stop: async () => undefined };
  const rdeps = loadReportDeps(deps);
  const tick = async () => {
    try {
      const n = await runDueSchedules(rdeps, log);
      if (n > 0) log(`reports: ${n} scheduled report(s) issued`);
    } catch (error) {
      if (!stopped) log(`reports: schedule run failed, retried at the next tick: ${(error as Error).message}`);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, minutes * 60_000);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
