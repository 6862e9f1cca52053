import type { Db } from '../db/client.ts';
import { appendAudit } from '../modules/audit/audit.repository.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { insertRegion } from '../modules/regions/regions.repository.ts';
import { countUnits, insertUnit } from '../modules/units/units.repository.ts';
import { CLI_ACTOR } from '../modules/users/users.service.ts';
import { insertUser } from '../modules/users/users.repository.ts';
import { buildDemoProvince } from './demo-province.ts';
import type { OrganisationLayout } from './organisation.ts';

export interface SeedResult {
  regions: number;
  units: number;
  users: number;
}

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  return (await countUnits(db)) === 0;
}

/**
 * Loads the demo province into an empty database, in one transaction. Every demo account shares the demo
 * password, so one argon2id hash serves them all (hashing hundreds would take a minute for nothing).
 */
export async function seedDemo(db: Db, layout: OrganisationLayout, opts: { seed: number; password: string }): Promise<SeedResult> {
  const province = buildDemoProvince(layout, opts.seed);
  const passwordHash = await hashPassword(opts.password);
  const levelOrder = { province: 0, city: 1, county: 2, township: 3 } as const;
  const regions = [...province.regions].sort((a, b) => levelOrder[a.level] - levelOrder[b.level] || a.code.localeCompare(b.code));
  return db.transaction(async (tx) => {
    if ((await countUnits(tx)) > 0) throw new Error('the database already holds units: the demo province loads only into an empty one');
    for (const r of regions) await insertRegion(tx, r);
    const unitIds = new Map<string, string>();
    for (const u of province.units) {
      await insertUnit(tx, u);
      unitIds.set(u.code, u.id);
    }
    for (const u of province.users) {
      const unitId = unitIds.get(u.unitCode);
      if (!unitId) throw new Error(`demo user ${u.username} names unknown unit ${u.unitCode}`);
      await insertUser(tx, {
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        passwordHash,
        role: u.role,
        unitId,
        phone: u.phone,
        idNumber: u.idNumber,
      });
    }
    const result = { regions: regions.length, units: province.units.length, users: province.users.length };
    await appendAudit(tx, {
      ...CLI_ACTOR,
      action: 'seed.demo',
      resourceKind: 'instance',
      resourceId: null,
      details: { seed: opts.seed, ...result },
    });
    return result;
  });
}
