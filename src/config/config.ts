import { isIP } from 'node:net';
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
  /**
   * The reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs); false: none, the client address is
   * the peer's. Behind a proxy it must be set, or every citizen counts as the proxy's one address in the abuse limits.
   */
  trustProxy: string[] | false;
  webDir: string;
  /** Largest document accepted for upload, in bytes. */
  documentMaxBytes: number;
  /** Largest photo of a grid event accepted for upload, in bytes (JPEG or PNG). */
  photoMaxBytes: number;
  /** A dossier with more pages than this goes on paper, not online (issue 4). */
  dossierOnlinePageLimit: number;
  /** Collaboration rate: a transfer counts as received online when accepted within this many days. */
  collaborationDays: number;
  /** How often the server runs the warning models for cases with new events, in ms (0: never; issue 5). */
  warningsQueueMs: number;
  /** How often the server runs every warning model over the province, in minutes (0: never). */
  warningsFullMinutes: number;
  /** How often the server looks for report schedules that are due, in minutes (0: never; issue 7). */
  reportsScheduleMinutes: number;
  /** CASELINK_MASTER_KEY as given (64 hex digits), or undefined: then <dataDir>/keys/master.key. */
  masterKeyHex: string | undefined;
  /** An S3-compatible document store; null: the filesystem store under <dataDir>/documents. */
  s3: { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string } | null;
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

function s3From(env: NodeJS.ProcessEnv): Config['s3'] {
  const endpoint = env.CASELINK_S3_ENDPOINT?.trim();
  if (!endpoint) return null;
  const need = (name: string): string => {
    const v = env[name]?.trim();
    if (!v) throw new ConfigError(`CASELINK_S3_ENDPOINT is set, so ${name} must be set too`);
    return v;
  };
  if (!/^https?:\/\//.test(endpoint)) throw new ConfigError('CASELINK_S3_ENDPOINT must start with http:// or https://');
  return {
    endpoint,
    bucket: need('CASELINK_S3_BUCKET'),
    region: env.CASELINK_S3_REGION?.trim() || 'us-east-1',
    accessKeyId: need('CASELINK_S3_ACCESS_KEY_ID'),
    secretAccessKey: need('CASELINK_S3_SECRET_ACCESS_KEY'),
  };
}

/** CASELINK_TRUST_PROXY: comma-separated addresses or CIDRs of the reverse proxies in front of CaseLink. */
function proxiesFrom(env: NodeJS.ProcessEnv): string[] | false {
  const raw = env.CASELINK_TRUST_PROXY?.trim();
  if (!raw) return false;
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of list) {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const maxBits = family === 6 ? 128 : 32;
    if (!family || rest.length > 0 || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= maxBits))) {
      throw new ConfigError(`CASELINK_TRUST_PROXY: "${entry}" is not an address or CIDR (e.g. 127.0.0.1 or 10.0.0.0/8)`);
    }
  }
  return list;
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
    trustProxy: proxiesFrom(env),
    documentMaxBytes: intFrom(env, 'CASELINK_DOCUMENT_MAX_BYTES', 50 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    photoMaxBytes: intFrom(env, 'CASELINK_PHOTO_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    dossierOnlinePageLimit: intFrom(env, 'CASELINK_DOSSIER_PAGE_LIMIT', 500, 1, 1_000_000),
    collaborationDays: intFrom(env, 'CASELINK_COLLABORATION_DAYS', 3, 0, 365),
    warningsQueueMs: intFrom(env, 'CASELINK_WARNINGS_QUEUE_MS', 1000, 0, 3_600_000),
    warningsFullMinutes: intFrom(env, 'CASELINK_WARNINGS_FULL_MINUTES', 15, 0, 7 * 24 * 60),
    reportsScheduleMinutes: intFrom(env, 'CASELINK_REPORTS_SCHEDULE_MINUTES', 5, 0, 24 * 60),
    masterKeyHex: env.CASELINK_MASTER_KEY,
    s3: s3From(env),
    webDir: resolve(env.CASELINK_WEB_DIR?.trim() || new URL('../../web/dist', import.meta.url).pathname),
    ...overrides,
  };
  return config;
}
