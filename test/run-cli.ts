import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/caselink', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs bin/caselink as a user would; DATABASE_URL only when the test gives one. `timeoutMs` (default 60 s) for a
 * command that loads much, such as `seed demo`.
 */
export function caselink(args: string[], opts: { stdin?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...opts.env };
    if (!opts.env?.DATABASE_URL) delete env.DATABASE_URL;
    const child = execFile(BIN, args, { env, timeout: opts.timeoutMs ?? 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    child.stdin?.end(opts.stdin ?? '');
  });
}
