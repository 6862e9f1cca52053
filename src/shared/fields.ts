/**
 * Field schemas shared by every route, with the limits the web client shows too. Every text field has a
 * length limit and a character class; personal numbers are checked by their national standards through
 * the formats registered in src/http/validation.ts.
 */
import { Type } from 'typebox';
import { AGENCIES, REGION_LEVELS, ROLES } from '../engine/organisation.ts';

export const LIMITS = {
  usernameMax: 64,
  displayNameMax: 50,
  passwordMin: 8,
  passwordMax: 128,
  pageSizeMax: 500,
} as const;

/** The schema, or null. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
export const Username = Type.String({
  minLength: 3,
  maxLength: LIMITS.usernameMax,
  pattern: '^[a-z0-9][a-z0-9._-]*$',
  description: 'lower-case letters, digits, dot, underscore and hyphen',
});
/** A person's name: Han characters, Latin letters, the middle dot of minority and foreign names, spaces. */
export const PersonName = Type.String({
  minLength: 1,
  maxLength: LIMITS.displayNameMax,
  pattern: '^[\\p{Script=Han}A-Za-z·\\. -]+$',
});
/**
 * Free text a user writes (a title, a reason, a note): any characters but control characters and lone
 * surrogates (which the database cannot store, or would store as something else); `multiline` allows line
 * breaks and tabs.
 */
export const FreeText = (maxLength: number, opts: { multiline?: boolean; minLength?: number; description?: string } = {}) =>
  Type.String({
    minLength: opts.minLength ?? 1,
    maxLength,
    pattern: opts.multiline ? '^(?:[^\\p{Cc}\\p{Cs}]|[\\n\\t])+$' : '^[^\\p{Cc}\\p{Cs}]+$',
    ...(opts.description ? { description: opts.description } : {}),
  });
/** Any printable ASCII: a password is hashed, never shown or put into SQL. */
export const Password = Type.String({
  minLength: LIMITS.passwordMin,
  maxLength: LIMITS.passwordMax,
  pattern: '^[\\x20-\\x7E]+$',
});
export const ResidentId = Type.String({ format: 'resident-id', maxLength: 18 });
export const Phone = Type.String({ format: 'cn-phone', maxLength: 20 });
/** A calendar day, YYYY-MM-DD (whether it exists is checked by the service). */
export const Day = (description: string) => Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description });
export const RegionCode = Type.String({ pattern: '^[0-9]{6}([0-9]{3})?$', maxLength: 9 });
export const RoleSchema = Type.Enum(ROLES);
export const AgencySchema = Type.Enum(AGENCIES);
export const LevelSchema = Type.Enum(REGION_LEVELS);

export const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
export const ErrorBody = Type.Object(
  {
    code: Type.String(),
    message: Bilingual,
    details: Type.Optional(Type.Unknown()),
  }
);

/** The query of a route that takes none: anything given is an unknown field. */
export const NoQuery = Type.Object({}, { additionalProperties: false });

/** The error answers a route documents: each status with the one error shape. */
export const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ErrorBody]));

export const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.pageSizeMax, default: 50 })),
};

export function pageWindow(q: { page?: number; pageSize?: number }): { limit: number; offset: number } {
  const pageSize = q.pageSize ?? 50;
  return { limit: pageSize, offset: ((q.page ?? 1) - 1) * pageSize };
}

/** One entry of a timeline that records states (supervision items, grid events): src/db/state-timeline.ts. */
export const StateTimelineEntryView = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  kind: Type.String(),
  unitId: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  note: Nullable(Type.String()),
  dueAt: Nullable(Type.String()),
  fromState: Nullable(Type.String()),
  toState: Nullable(Type.String()),
});

/** A file just stored: what an upload answers. */
export const StoredFileView = Type.Object({ id: Type.String(), name: Type.String(), mime: Type.String(), sizeBytes: Type.Integer(), sm3: Type.String() });
