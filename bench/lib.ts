/**
 * What every benchmark here needs: argument checks, medians, what the machine is and how busy it is, and the wait
 * for the rest of the machine to go quiet before a run.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** USER_HZ of /proc/stat (100 on Linux). */
export const CLOCK_TICKS = 100;

export function positiveInt(name: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, got "${raw}"`);
  return n;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** CPU seconds the whole machine has spent busy since boot (/proc/stat). */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / CLOCK_TICKS;
}

export function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) return match[1]!.trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

export const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A file-name-safe time stamp of this run, shared by its output files. */
export const runStamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/** Busy cores (outside the bench) under which the machine counts as quiet enough to start a run. */
export const QUIET_BELOW = 0.25;

/**
 * The bench shares the machine with whatever else runs on it; before each run, wait (up to maxSeconds) until the
 * rest of the machine (all but this process) uses less than QUIET_BELOW of a core. Answers the seconds waited.
 */
export async function waitForQuiet(maxSeconds: number): Promise<number> {
  if (maxSeconds <= 0) return 0;
  const started = Date.now();
  for (;;) {
    const before = machineBusySeconds();
    const own = process.cpuUsage();
    await sleep(1000);
    const ownUsage = process.cpuUsage(own);
    const busy = machineBusySeconds() - before - (ownUsage.user + ownUsage.system) / 1e6;
    const waited = (Date.now() - started) / 1000;
    if (busy < QUIET_BELOW) return waited - 1;
    if (waited >= maxSeconds) {
      log(`the machine is still busy (${busy.toFixed(2)} cores used elsewhere) after ${Math.round(waited)} s; running anyway`);
      return waited;
    }
  }
}
