import { resolve } from 'node:path';

/** Runtime configuration: the only module that reads process.env. Validated once, typed. */
export interface Config {
  host: string;
  port: number;
  /** Folder of the embedded database and the file store. */
  dataDir: string;
  /** When set, a PostgreSQL server is used instead of the embedded PGlite. */
  databaseUrl: string | null;
  demoPassword: string;
  sessionTtlHours: number;
  bodyLimitBytes: number;
  logLevel: string;
  /** Login attempts allowed per account and per client address within the window. */
  loginMaxFailures: number;
  loginWindowMinutes: number;
  /** Requests per minute per client address for the whole API. */
  rateLimitPerMinute: number;
  webDir: string;
}

export class ConfigError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const config: Config = {
    host: env.HOST?.trim() || '127.0.0.1',
    port: intFrom(env, 'PORT', 8080, 0, 65535),
    dataDir: resolve(env.CASELINK_DATA?.trim() || './data'),
    databaseUrl,
    demoPassword: env.CASELINK_DEMO_PASSWORD || 'demo1234',
    sessionTtlHours: intFrom(env, 'CASELINK_SESSION_TTL_HOURS', 12, 1, 24 * 30),
    bodyLimitBytes: intFrom(env, 'CASELINK_BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    loginMaxFailures: intFrom(env, 'CASELINK_LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginWindowMinutes: intFrom(env, 'CASELINK_LOGIN_WINDOW_MINUTES', 15, 1, 24 * 60),
    rateLimitPerMinute: intFrom(env, 'CASELINK_RATE_LIMIT_PER_MINUTE', 6000, 10, 1_000_000_000),
    webDir: resolve(env.CASELINK_WEB_DIR?.trim() || new URL('../../web/dist', import.meta.url).pathname),
    ...overrides,
  };
  return config;
}
