import { type Config, loadConfig } from '../config/config.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../shared/errors.ts';

export interface GlobalOptions {
  data?: string;
}

/** The configuration of one command: the environment, with --data taking the place of CASELINK_DATA. */
export function cliConfig(global: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(global.data ? { ...env, CASELINK_DATA: global.data } : env);
}

/** Opens the configured database for one command and always closes it. */
export async function withDb<T>(global: GlobalOptions, fn: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const config = cliConfig(global);
  // imported here, not at the top: `--help` answers without loading the database engines
  const { openDb } = await import('../db/client.ts');
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await fn(db, config);
  } finally {
    await db.close();
  }
}

/** A usage or input error: one line on stderr, exit code 2. */
export class UsageError extends Error {}

/** A count given on the command line: a whole number from 0 to `max`, or a UsageError naming the option. */
export function countOption(option: string, raw: string, max = 100_000): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > max) throw new UsageError(`${option} must be a whole number from 0 to ${max}, got "${raw}"`);
  return n;
}

export function describeError(error: unknown): string {
  if (error instanceof AppError) {
    const details = Array.isArray(error.details)
      ? (error.details as { field?: string; message?: { zh: string; en: string } }[])
          .map((d) => `${d.field ?? ''}: ${d.message?.zh ?? ''} / ${d.message?.en ?? ''}`)
          .join('; ')
      : '';
    return `${error.code}: ${error.bilingual.zh} / ${error.bilingual.en}${details ? ` (${details})` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}
