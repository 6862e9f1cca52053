/**
 * Applies the citizens' pages' abuse limits (src/engine/public-intake/limits.ts) against the attempts kept in
 * the database, so every API node counts the same attempts. Keys are stored as HMAC-SM3 digests under a key
 * derived from the master key: the table never holds an address or a phone number.
 */
import { createHmac } from 'node:crypto';
import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/client.ts';
import { type LimitRule, limitBroken, longestWindowMinutes } from '../../engine/public-intake/limits.ts';
import { AppError } from '../../shared/errors.ts';

type Deps = Pick<AppDeps, 'db' | 'publicLimits' | 'masterKey' | 'now'>;
type Bucket = 'submit' | 'lookup';
type Key = 'address' | 'phone' | 'code';

function digestOf(deps: Deps, key: Key, value: string): string {
  return createHmac('sm3', deps.masterKey()).update(`caselink/public-attempt/${key}\0${value}`).digest('hex');
}

async function attemptsOf(tx: Queryable, bucket: Bucket, key: Key, digest: string, sinceMs: number): Promise<number[]> {
  const rows = await tx.query<{ at: Date | string }>('SELECT at FROM public_attempt WHERE bucket = $1 AND key = $2 AND digest = $3 AND at > $4', [bucket, key, digest, new Date(sinceMs).toISOString()]);
  return rows.map((r) => new Date(r.at).getTime());
}

async function record(tx: Queryable, bucket: Bucket, key: Key, digest: string, atMs: number): Promise<void> {
  await tx.query('INSERT INTO public_attempt (bucket, key, digest, at) VALUES ($1, $2, $3, $4)', [bucket, key, digest, new Date(atMs).toISOString()]);
}

function refuse(broken: { rule: LimitRule<string>; retryAfterSeconds: number }): never {
  const minutes = Math.ceil(broken.retryAfterSeconds / 60);
  const what = { address: { zh: '本网络', en: 'this network' }, phone: { zh: '该手机号码', en: 'this phone number' }, code: { zh: '该查询码', en: 'this tracking code' } }[broken.rule.by as Key];
  throw new AppError(
    'PUBLIC_LIMIT_REACHED',
    { by: broken.rule.by, max: broken.rule.max, perMinutes: broken.rule.perMinutes, retryAfterSeconds: broken.retryAfterSeconds },
    {
      zh: `${what.zh}的提交或查询次数已达上限（${broken.rule.perMinutes} 分钟内 ${broken.rule.max} 次），请约 ${minutes} 分钟后再试；如情况紧急，请拨打 12345 或前往社会治理中心`,
      en: `Too many attempts from ${what.en} (${broken.rule.max} in ${broken.rule.perMinutes} minutes): try again in about ${minutes} minutes; if it is urgent, call 12345 or come to the governance center`,
    },
  );
}

/**
 * Counts a citizen's submission from `address` (and `phone` when given), or refuses it (PUBLIC_LIMIT_REACHED)
 * without counting it. Call it after the submission's own checks (a typo must not use up a citizen's
 * allowance) and before storing it.
 */
export async function countSubmission(deps: Deps, who: { address: string; phone?: string | null }): Promise<void> {
  const now = deps.now().getTime();
  const since = now - longestWindowMinutes(deps.publicLimits) * 60_000;
  const address = digestOf(deps, 'address', who.address);
  const phone = who.phone ? digestOf(deps, 'phone', who.phone) : null;
  await deps.db.transaction(async (tx) => {
    // one submission at a time per address: two at once cannot both take the last free place
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`public-submit:${address}`]);
    // and per phone (taken second, always: no two submissions wait on each other in a circle)
    if (phone) await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`public-submit-phone:${phone}`]);
    const attempts = { address: await attemptsOf(tx, 'submit', 'address', address, since), ...(phone ? { phone: await attemptsOf(tx, 'submit', 'phone', phone, since) } : {}) };
    const broken = limitBroken(deps.publicLimits.submit, attempts, now);
    if (broken) refuse(broken);
    await record(tx, 'submit', 'address', address, now);
    if (phone) await record(tx, 'submit', 'phone', phone, now);
    await tx.query('DELETE FROM public_attempt WHERE at < $1', [new Date(since).toISOString()]);
  });
}

/**
 * A progress look-up from `address` for `code`: refused when the address looks up too often, or the code has
 * failed too often (the last four digits of a phone cannot be tried through). `find` answers the progress, or
 * null when the code and digits do not match; a miss is counted against the code. One transaction holding the
 * code's lock: guesses sent all at once are counted one after another, so no more than the limit get an answer.
 * `find` runs inside it and must use the `tx` it is given.
 */
export async function withinLookupLimits<T>(deps: Deps, who: { address: string; code: string }, find: (tx: Queryable) => Promise<T | null>): Promise<T | null> {
  const now = deps.now().getTime();
  const since = now - longestWindowMinutes(deps.publicLimits) * 60_000;
  const address = digestOf(deps, 'address', who.address);
  const code = digestOf(deps, 'code', who.code);
  return deps.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`public-lookup:${code}`]);
    const attempts = { address: await attemptsOf(tx, 'lookup', 'address', address, since), code: await attemptsOf(tx, 'lookup', 'code', code, since) };
    const broken = limitBroken(deps.publicLimits.lookup, attempts, now);
    if (broken) refuse(broken);
    const found = await find(tx);
    await record(tx, 'lookup', 'address', address, now);
    if (found === null) await record(tx, 'lookup', 'code', code, now);
    return found;
  });
}
