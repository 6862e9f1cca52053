import type { Config } from './config/config.ts';
import type { Db } from './db/client.ts';
import type { Agency, RegionLevel, Role } from './engine/organisation.ts';
import type { PermissionTable } from './engine/permissions/permissions.ts';
import type { Clock } from './rules/load-clock.ts';

/** The resources every part of the app receives explicitly (no container): each takes what it uses. */
export interface AppDeps {
  db: Db;
  config: Config;
  permissions: PermissionTable;
  /** The roles a unit of this agency at this level has (rules/organisation.yaml). */
  rolesFor(agency: Agency, level: RegionLevel): readonly Role[];
  /** The statutory clock: time-limit rules, the official calendar, the computation rules. */
  clock: Clock;
}
