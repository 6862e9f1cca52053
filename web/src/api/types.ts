// Shapes of the CaseLink HTTP API as the web app uses them. Kept in step with the server's route schemas.

export interface Bilingual {
  zh: string;
  en: string;
}

// The organisational vocabulary is the server's own (glossary.md names), shared rather than copied.
import type { Agency, RegionLevel, Role } from '../../../src/engine/organisation.ts';

export { AGENCIES, REGION_LEVELS as LEVELS, ROLES } from '../../../src/engine/organisation.ts';
export type { Agency, RegionLevel, Role };
export type Level = RegionLevel;

/** Menu keys the server may grant; each is one page of the app. */
export const MENU_KEYS = ['home', 'users', 'units', 'regions', 'audit', 'deadlines'] as const;
export type MenuKey = (typeof MENU_KEYS)[number];

/** Permissions `me.permissions` may hold (`resource:action`); the web app hides actions the user lacks. */
export type Permission =
  | 'user:read'
  | 'user:create'
  | 'user:update'
  | 'user:reveal'
  | 'unit:read'
  | 'region:read'
  | 'inbox:read'
  | 'audit-record:read'
  | 'audit-record:verify'
  | 'time-limit-rule:read';

// The statutory clock's vocabulary is the server's own as well.
export type { Duration, LegalBasis } from '../../../src/engine/clock/types.ts';
import type { Duration, LegalBasis } from '../../../src/engine/clock/types.ts';

export interface TimeLimitRule {
  id: string;
  family: string;
  name: Bilingual;
  startsOn: { event: string; zh: string };
  direction: string;
  length: Duration;
  holiday: string;
  extensions: { id: string; name: Bilingual; kind: string; length: Duration; minimum?: Duration; approver: string; basis: LegalBasis[] }[];
  basis: LegalBasis[];
  note?: string;
}

export interface DeadlineQuestion {
  rule: string;
  start: string;
  custody: boolean;
  extend: { id: string }[];
}

export interface DeadlineAnswer {
  rule: string;
  state: string;
  start: string;
  due: string | null;
  provisional: boolean;
  custody: boolean;
  basis: LegalBasis[];
  steps: string[];
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unit: { id: string; name: string; nameEn: string; agency: Agency; level: Level };
  region: { code: string; name: string; nameEn: string; level: RegionLevel };
  permissions: string[];
  menu: string[];
}

export interface LoginResult {
  token: string;
  user: Me;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface PageQuery {
  page?: number;
  pageSize?: number;
}

export interface InboxItem {
  id: string;
  kind: string;
  title: string;
  dueAt: string | null;
  link: string;
}

export interface Region {
  code: string;
  name: string;
  nameEn: string;
  level: RegionLevel;
  parentCode: string | null;
}

export interface Unit {
  id: string;
  name: string;
  nameEn: string;
  agency: Agency;
  level: Level;
  regionCode: string;
  orgCode: string;
}

export interface UnitQuery extends PageQuery {
  agency?: Agency;
  regionCode?: string;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  unitName: string;
  unitNameEn: string;
  regionCode: string;
  /** Masked by the server. */
  phone: string | null;
  /** Masked by the server. */
  idNumber: string | null;
  active: boolean;
}

export interface UserQuery extends PageQuery {
  unitId?: string;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  unitId: string;
  phone?: string;
  idNumber?: string;
}

export interface PersonalData {
  phone: string | null;
  idNumber: string | null;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actorUsername: string | null;
  action: string;
  resourceKind: string;
  resourceId: string | null;
  clientAddress: string | null;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; reason: string } | null;
}

/** One entry of `details` in a VALIDATION_FAILED answer. */
export interface FieldProblem {
  field: string;
  message: Bilingual;
}
