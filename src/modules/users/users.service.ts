import type { Db, Queryable } from '../../db/client.ts';
import type { Agency, RegionLevel, Role } from '../../engine/organisation.ts';
import { type PermissionTable, type ResourceRef, scopeOf } from '../../engine/permissions/permissions.ts';
import { AppError, fieldError } from '../../shared/errors.ts';
import { maskPhone, maskResidentId } from '../../shared/masking.ts';
import type { AuditEntry } from '../audit/audit-chain.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { authorize } from '../auth/authorize.ts';
import { hashPassword } from '../auth/password.ts';
import { type RequestContext, auditActor } from '../auth/principal.ts';
import { findUnitById } from '../units/units.repository.ts';
import {
  type UserPatch,
  type UserRecord,
  findUserById,
  insertUser,
  listUsers,
  revokeUserSessions,
  updateUser,
} from './users.repository.ts';

export interface UsersDeps {
  db: Db;
  permissions: PermissionTable;
  rolesFor(agency: Agency, level: RegionLevel): readonly Role[];
}

/** The API shape of a user: phone and ID number always masked. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  unitName: string;
  unitNameEn: string;
  regionCode: string;
  phone: string | null;
  idNumber: string | null;
  active: boolean;
}

export function presentUser(u: UserRecord): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    unitId: u.unitId,
    unitName: u.unitName,
    unitNameEn: u.unitNameEn,
    regionCode: u.regionCode,
    phone: maskPhone(u.phone),
    idNumber: maskResidentId(u.idNumber),
    active: u.active,
  };
}

const userRef = (u: { unitId: string; regionCode: string; agency: Agency }): ResourceRef => ({
  kind: 'user',
  unitId: u.unitId,
  regionCode: u.regionCode,
  agency: u.agency,
});

export interface NewUserInput {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  unitId: string;
  phone?: string | null;
  idNumber?: string | null;
}

type AuditWho = Pick<AuditEntry, 'actorUserId' | 'actorUsername' | 'actorUnitId' | 'regionCode' | 'clientAddress'>;

/** The audit identity of work done from the command line on the server itself. */
export const CLI_ACTOR: AuditWho = {
  actorUserId: null,
  actorUsername: 'system:cli',
  actorUnitId: null,
  regionCode: null,
  clientAddress: 'cli',
};

async function loadUser(db: Queryable, id: string): Promise<UserRecord> {
  const user = await findUserById(db, id);
  if (!user) throw new AppError('NOT_FOUND');
  return user;
}

/**
 * Creates an account. `ctx` is the caller (checked against the table); null only for the command line,
 * which runs with the server's own rights and is audited as such.
 */
export async function createUser(deps: UsersDeps, ctx: RequestContext | null, input: NewUserInput): Promise<UserView> {
  const unit = await findUnitById(deps.db, input.unitId);
  if (!unit) {
    throw fieldError('UNIT_NOT_FOUND', 'unitId', { zh: '所选单位不存在', en: 'the chosen unit does not exist' });
  }
  if (ctx) authorize(deps.permissions, ctx, 'create', userRef({ unitId: unit.id, regionCode: unit.regionCode, agency: unit.agency }));
  if (!deps.rolesFor(unit.agency, unit.level).includes(input.role)) {
    throw fieldError('ROLE_NOT_OFFERED', 'role', {
      zh: `${unit.name}不设角色 ${input.role}`,
      en: `${unit.nameEn} has no role ${input.role}`,
    });
  }
  const passwordHash = await hashPassword(input.password);
  const id = await deps.db.transaction(async (tx) => {
    const newId = await insertUser(tx, {
      username: input.username,
      displayName: input.displayName,
      passwordHash,
      role: input.role,
      unitId: unit.id,
      phone: input.phone ?? null,
      idNumber: input.idNumber?.toUpperCase() ?? null,
    });
    if (!newId) throw fieldError('USERNAME_TAKEN', 'username', { zh: '用户名已被使用', en: 'the username is already taken' });
    await appendAudit(tx, {
      ...(ctx ? auditActor(ctx) : CLI_ACTOR),
      action: 'user.create',
      resourceKind: 'user',
      resourceId: newId,
      details: { username: input.username, role: input.role, unitId: unit.id },
    });
    return newId;
  });
  return presentUser(await loadUser(deps.db, id));
}

export async function listUsersFor(
  deps: UsersDeps,
  ctx: RequestContext,
  filter: { unitId?: string; limit: number; offset: number },
): Promise<{ items: UserView[]; total: number }> {
  const scope = scopeOf(deps.permissions, ctx.principal, 'read', 'user');
  return deps.db.transaction(async (tx) => {
    const page = await listUsers(tx, scope, filter);
    await appendAudit(tx, {
      ...auditActor(ctx),
      action: 'user.list',
      resourceKind: 'user',
      resourceId: null,
      details: { unitId: filter.unitId ?? null, offset: filter.offset, returned: page.items.length },
    });
    return { items: page.items.map(presentUser), total: page.total };
  });
}

export async function getUser(deps: UsersDeps, ctx: RequestContext, id: string): Promise<UserView> {
  return deps.db.transaction(async (tx) => {
    const user = await loadUser(tx, id);
    authorize(deps.permissions, ctx, 'read', userRef(user));
    await appendAudit(tx, { ...auditActor(ctx), action: 'user.read', resourceKind: 'user', resourceId: id, details: {} });
    return presentUser(user);
  });
}

/** The whole phone and ID number: only for roles the table allows to reveal, and always audited. */
export async function revealPersonalData(
  deps: UsersDeps,
  ctx: RequestContext,
  id: string,
): Promise<{ phone: string | null; idNumber: string | null }> {
  return deps.db.transaction(async (tx) => {
    const user = await loadUser(tx, id);
    authorize(deps.permissions, ctx, 'reveal', userRef(user));
    await appendAudit(tx, {
      ...auditActor(ctx),
      action: 'user.reveal-personal-data',
      resourceKind: 'user',
      resourceId: id,
      details: { fields: ['phone', 'idNumber'] },
    });
    return { phone: user.phone, idNumber: user.idNumber };
  });
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  active?: boolean;
  phone?: string | null;
  idNumber?: string | null;
  password?: string;
}

export async function changeUser(deps: UsersDeps, ctx: RequestContext, id: string, changes: UserChanges): Promise<UserView> {
  const passwordHash = changes.password === undefined ? undefined : await hashPassword(changes.password);
  await deps.db.transaction(async (tx) => {
    const user = await loadUser(tx, id);
    authorize(deps.permissions, ctx, 'update', userRef(user));
    if (changes.role && !deps.rolesFor(user.agency, user.unitLevel).includes(changes.role)) {
      throw fieldError('ROLE_NOT_OFFERED', 'role', {
        zh: `${user.unitName}不设角色 ${changes.role}`,
        en: `${user.unitNameEn} has no role ${changes.role}`,
      });
    }
    const patch: UserPatch = {
      displayName: changes.displayName,
      role: changes.role,
      active: changes.active,
      phone: changes.phone,
      idNumber: changes.idNumber?.toUpperCase() ?? changes.idNumber,
      passwordHash,
    };
    await updateUser(tx, id, patch);
    if (changes.active === false || passwordHash) await revokeUserSessions(tx, id);
    await appendAudit(tx, {
      ...auditActor(ctx),
      action: 'user.update',
      resourceKind: 'user',
      resourceId: id,
      details: { fields: Object.keys(changes).filter((k) => changes[k as keyof UserChanges] !== undefined).sort() },
    });
  });
  return presentUser(await loadUser(deps.db, id));
}
