import { Type } from 'typebox';
import { Bilingual, Nullable, Paging, RegionCode, Uuid } from '../../shared/fields.ts';

const ReportId = Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 60, description: "a report's id of rules/reports.yaml, or 'bulletin'" });
// the characters of every period form only: a NUL byte reaching PostgreSQL in the issues' filter was a 500
const Period = Type.String({ maxLength: 22, pattern: '^[0-9Q.-]+$', description: 'YYYY | YYYY-Qn | YYYY-MM | YYYY-MM-DD..YYYY-MM-DD (China Standard Time, both days included)' });
const Format = Type.Union([Type.Literal('xlsx'), Type.Literal('pdf')]);

export const IssueParams = Type.Object({ id: Uuid });
export const ScheduleParams = Type.Object({ id: Uuid });

export const CatalogueView = Type.Object({
  reports: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Bilingual,
      audience: Type.String(),
      groupBy: Type.String(),
      groupHeader: Bilingual,
      columns: Type.Array(Type.Object({ id: Type.String(), header: Bilingual, format: Type.String(), ratio: Type.Optional(Type.Array(Type.String())), total: Type.Boolean() })),
      hidden: Type.Array(Type.String()),
      totals: Type.Boolean(),
      notes: Type.Array(Type.Object({ column: Nullable(Type.String()), text: Bilingual })),
      source: Bilingual,
    }),
  ),
  bulletin: Type.Boolean({ description: 'whether the caller may draft the monthly bulletin' }),
  formats: Type.Array(Type.String()),
});

export const IssueBody = Type.Object(
  { report: ReportId, period: Period, region: Type.Optional({ ...RegionCode, description: "the region counted (default: the caller's)" }), format: Format },
  { additionalProperties: false },
);

export const IssueView = Type.Object({
  id: Type.String(),
  reportId: Type.String(),
  period: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  format: Type.String(),
  fileKey: Type.String(),
  sm3: Type.String(),
  bytes: Type.Integer(),
  issuedAt: Type.String(),
  issuedBy: Type.String({ description: "the username, or 'cli' / 'scheduler'" }),
  issuedByUserId: Nullable(Type.String()),
  scheduleId: Nullable(Type.String()),
  fileName: Type.String(),
});

export const IssueListQuery = Type.Object(
  { report: Type.Optional(ReportId), period: Type.Optional(Period), format: Type.Optional(Format), ...Paging },
  { additionalProperties: false },
);

export const IssueListView = Type.Object({ items: Type.Array(IssueView), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

export const BulletinQuery = Type.Object(
  { period: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$', description: 'the month, YYYY-MM' }), region: Type.Optional(RegionCode) },
  { additionalProperties: false },
);

const FilledBulletin = Type.Object({
  title: Type.String(),
  intro: Type.String(),
  sections: Type.Array(Type.Object({ id: Type.String(), heading: Type.String(), paragraph: Type.String() })),
  notable: Type.Object({ heading: Type.String(), items: Type.Array(Type.String()) }),
});
export const BulletinView = Type.Object({ period: Type.String(), region: Type.String(), zh: FilledBulletin, en: FilledBulletin });

const Cadence = Type.Union([Type.Literal('monthly'), Type.Literal('quarterly')]);
const DayOfMonth = Type.Integer({ minimum: 1, maximum: 28, description: 'the day of the month (of the quarter\'s first month) it runs, CST' });
const Hour = Type.Integer({ minimum: 0, maximum: 23, description: 'the hour it runs, CST' });

export const ScheduleBody = Type.Object(
  { report: ReportId, region: RegionCode, format: Format, cadence: Cadence, dayOfMonth: DayOfMonth, hour: Hour, enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const SchedulePatch = Type.Object(
  { format: Type.Optional(Format), cadence: Type.Optional(Cadence), dayOfMonth: Type.Optional(DayOfMonth), hour: Type.Optional(Hour), enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export const ScheduleView = Type.Object({
  id: Type.String(),
  reportId: Type.String(),
  title: Bilingual,
  regionCode: Type.String(),
  format: Type.String(),
  cadence: Type.String(),
  dayOfMonth: Type.Integer(),
  hour: Type.Integer(),
  enabled: Type.Boolean(),
  lastRunPeriod: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String(),
  version: Type.Integer(),
});
export const ScheduleListView = Type.Object({ items: Type.Array(ScheduleView) });
