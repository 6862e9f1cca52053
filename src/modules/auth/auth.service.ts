import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { sm3Hex } from '../../shared/sm3.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import {
  countRecentFailures,
  findLoginCandidate,
  findSessionPrincipal,
  insertSession,
  recordLoginAttempt,
  revokeSession,
} from './auth.repository.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import type { Principal, RequestContext } from './principal.ts';
import { auditActor } from './principal.ts';

export interface LoginPolicy {
  sessionTtlHours: number;
  maxFailures: number;
  windowMinutes: number;
}

/** Failures allowed from one client address, across accounts, for each one allowed per account. */
const CLIENT_FACTOR = 4;

/** Only the digest of a session token is stored: a leaked table does not leak sessions. */
export const tokenDigest = (token: string): string => sm3Hex(token);

/**
 * Logs a user in. A wrong password and an unknown or disabled account get the same answer after the same
 * work; failures are counted per account and per client address, and past the limit the answer is
 * RATE_LIMITED whatever the password.
 */
export async function login(
  db: Db,
  policy: LoginPolicy,
  input: { username: string; password: string; clientAddress: string },
): Promise<{ token: string; userId: string }> {
  const since = new Date(Date.now() - policy.windowMinutes * 60_000);
  const failures = await countRecentFailures(db, input.username, input.clientAddress, since);
  if (failures.byAccount >= policy.maxFailures || failures.byClient >= policy.maxFailures * CLIENT_FACTOR) {
    throw new AppError('RATE_LIMITED');
  }
  const candidate = await findLoginCandidate(db, input.username);
  const passwordOk = await verifyPassword(candidate?.passwordHash ?? (await dummyPasswordHash()), input.password);
  const ok = candidate?.active === true && passwordOk;
  const auditBase = {
    actorUnitId: candidate?.unitId ?? null,
    regionCode: candidate?.regionCode ?? null,
    resourceKind: 'session',
    clientAddress: input.clientAddress,
  };
  if (!ok || !candidate) {
    await db.transaction(async (tx) => {
      await recordLoginAttempt(tx, input.username, input.clientAddress, false);
      await appendAudit(tx, {
        ...auditBase,
        actorUserId: candidate?.id ?? null,
        actorUsername: null,
        action: 'auth.login-failed',
        resourceId: null,
        details: {},
      });
    });
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  const token = randomBytes(32).toString('base64url');
  const tokenHash = tokenDigest(token);
  await db.transaction(async (tx) => {
    await recordLoginAttempt(tx, input.username, input.clientAddress, true);
    await insertSession(tx, {
      tokenHash,
      userId: candidate.id,
      expiresAt: new Date(Date.now() + policy.sessionTtlHours * 3_600_000),
      clientAddress: input.clientAddress,
    });
    await appendAudit(tx, {
      ...auditBase,
      actorUserId: candidate.id,
      actorUsername: input.username,
      action: 'auth.login',
      resourceId: tokenHash.slice(0, 16),
      details: {},
    });
  });
  return { token, userId: candidate.id };
}

export async function logout(db: Db, ctx: RequestContext): Promise<void> {
  await db.transaction(async (tx) => {
    if (await revokeSession(tx, ctx.principal.sessionId)) {
      await appendAudit(tx, {
        ...auditActor(ctx),
        action: 'auth.logout',
        resourceKind: 'session',
        resourceId: ctx.principal.sessionId.slice(0, 16),
        details: {},
      });
    }
  });
}

export function resolveSession(db: Db, token: string): Promise<Principal | null> {
  return findSessionPrincipal(db, tokenDigest(token));
}
