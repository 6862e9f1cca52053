/**
 * The synthetic province a benchmark reads: an existing one (bench/synthetic/province.ts) in <data>/pglite or at
 * <url> is reused as it is (a rerun does not regenerate it for minutes or hours); when there is none, one of `cases`
 * cases with `seed` is loaded first by a child process, and how long that took is answered.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Db, openDb } from '../../src/db/client.ts';
import { log } from '../lib.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

/** The command-line options naming the province (parseArgs): --target pglite|postgres, --data, --url, --cases, --seed. */
export const PROVINCE_OPTIONS = {
  target: { type: 'string' },
  data: { type: 'string' },
  url: { type: 'string' },
  cases: { type: 'string', default: '1000000' },
  seed: { type: 'string', default: '20261122' },
} as const;

export interface ProvinceTarget {
  target: string | undefined;
  data?: string | undefined;
  url?: string | undefined;
  cases: number;
  seed: string | number;
  /** connections of the pool on PostgreSQL (default 2) */
  poolSize?: number;
}

export async function ensureProvince(o: ProvinceTarget): Promise<{ db: Db; loadedSeconds: number | null; label: string }> {
  const seed = String(Number(o.seed));
  let loadedSeconds: number | null = null;
  const load = (where: string[]) => {
    log(`no province there yet: loading ${o.cases} cases (seed ${seed}) with bench/synthetic/province.ts — this takes a while`);
    const t0 = performance.now();
    const r = spawnSync('npx', ['tsx', 'bench/synthetic/province.ts', '--cases', String(o.cases), '--seed', seed, ...where], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`loading the synthetic province failed (${r.status})`);
    loadedSeconds = (performance.now() - t0) / 1000;
  };
  if (o.target === 'pglite') {
    if (!o.data) throw new Error('--target pglite needs --data <dir>');
    if (!existsSync(join(o.data, 'pglite'))) load(['--data', o.data]);
    return { db: await openDb({ databaseUrl: null, dataDir: o.data }), loadedSeconds, label: `PGlite (${o.data}/pglite)` };
  }
  if (o.target === 'postgres') {
    if (!o.url) throw new Error('--target postgres needs --url <postgres-url>');
    const poolSize = o.poolSize ?? 2;
    let db = await openDb({ databaseUrl: o.url, poolSize });
    const [t] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'criminal_case'`);
    const has = t!.n > 0 && (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT 1 FROM criminal_case LIMIT 1) x'))[0]!.n > 0;
    if (!has) {
      await db.close();
      load(['--url', o.url, '--workers', '2']);
      db = await openDb({ databaseUrl: o.url, poolSize });
    }
    return { db, loadedSeconds, label: 'PostgreSQL' };
  }
  throw new Error('--target must be pglite or postgres');
}
