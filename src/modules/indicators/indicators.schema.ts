import { Type } from 'typebox';
import { Bilingual, FreeText, Nullable, Paging, RegionCode } from '../../shared/fields.ts';

const PeriodKind = Type.Union([Type.Literal('day'), Type.Literal('month'), Type.Literal('quarter')], { description: 'day | month | quarter' });
const PeriodLabel = Type.String({ maxLength: 10, pattern: '^[0-9]{4}-([0-9]{2}(-[0-9]{2})?|Q[1-4])$', description: "'2026-11-21' (day), '2026-11' (month), '2026-Q4' (quarter)" });
const SubjectKind = Type.Union([Type.Literal('unit'), Type.Literal('region')]);
const IndicatorId = Type.String({ maxLength: 60, pattern: '^[a-z][a-z0-9-]*$' });
const Direction = Type.Union([Type.Literal('higher-better'), Type.Literal('lower-better')]);

const Scoring = Type.Union([
  Type.Object({ method: Type.Literal('min-max') }),
  Type.Object({ method: Type.Literal('target'), target: Type.Number(), floor: Type.Number() }),
]);

export const IndicatorView = Type.Object({
  id: Type.String(),
  name: Bilingual,
  formula: Type.String(),
  metrics: Type.Array(Type.String()),
  direction: Direction,
  weight: Type.Number({ description: 'share of the safety index' }),
  unit: Bilingual,
  scoring: Scoring,
  source: Type.Object({ table: Type.String(), policy: Type.String() }),
  subjects: Type.Array(SubjectKind),
  agencies: Type.Array(Type.String()),
});

export const IndicatorList = Type.Object({
  rulesDigest: Type.String({ description: 'SM3 of rules/indicators.yaml' }),
  safetyIndex: Type.Object({ id: Type.String(), name: Bilingual, method: Bilingual }),
  indicators: Type.Array(IndicatorView),
});

export const SnapshotView = Type.Object({
  id: Type.String(),
  periodKind: PeriodKind,
  period: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  takenAt: Type.String(),
  takenBy: Nullable(Type.String()),
  takenByUnit: Nullable(Type.String({ description: "the taker's unit; null for the scheduler or the command line" })),
  rulesDigest: Type.String(),
  values: Type.Integer({ description: 'rows of values written' }),
});

export const TakeBody = Type.Object(
  {
    periodKind: PeriodKind,
    period: PeriodLabel,
    region: Type.Optional({ ...RegionCode, description: "the ranking region (default: the caller's)" }),
  },
  { additionalProperties: false },
);

export const SnapshotQuery = Type.Object(
  { periodKind: Type.Optional(PeriodKind), region: Type.Optional(RegionCode), ...Paging },
  { additionalProperties: false },
);
export const SnapshotList = Type.Object({ items: Type.Array(SnapshotView), total: Type.Integer() });

export const RankingQuery = Type.Object(
  {
    periodKind: PeriodKind,
    period: PeriodLabel,
    region: Type.Optional({ ...RegionCode, description: "the ranking region (default: the caller's)" }),
    subject: Type.Optional({ ...SubjectKind, description: 'rank units (default) or the child regions' }),
    indicator: Type.Optional({ ...IndicatorId, description: "an indicator id, or 'safety-index' (default)" }),
  },
  { additionalProperties: false },
);

const Nn = Nullable(Type.Number());
export const RankingView = Type.Object({
  snapshot: SnapshotView,
  subject: SubjectKind,
  indicatorId: Type.String(),
  indicator: Nullable(IndicatorView),
  weights: Type.Array(Type.Object({ id: Type.String(), name: Bilingual, weight: Type.Number(), direction: Direction })),
  rows: Type.Array(
    Type.Object({
      subjectKind: SubjectKind,
      subjectKey: Type.String(),
      subjectName: Type.String(),
      indicatorId: Type.String(),
      value: Nn,
      score: Nn,
      rank: Nullable(Type.Integer()),
      previousRank: Nullable(Type.Integer()),
      previousValue: Nn,
      change: Type.Object({ rank: Nn, value: Nn }, { description: 'rank: positive = moved up; value: this minus the previous' }),
      baseMetrics: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
});

// ---- remediation

const Goal = Type.Object(
  {
    indicatorId: Type.Optional(IndicatorId),
    text: Type.Optional(FreeText(300)),
    target: Type.Optional(Type.Number({ minimum: -1e9, maximum: 1e9 })),
  },
  { additionalProperties: false },
);
const RemediationState = Type.Union([Type.Literal('listed'), Type.Literal('in-progress'), Type.Literal('overdue-extended'), Type.Literal('lifted')]);

export const ListBody = Type.Object(
  {
    regionCode: RegionCode,
    problem: FreeText(2000, { multiline: true }),
    goals: Type.Array(Goal, { minItems: 1, maxItems: 20 }),
    deadline: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }),
    snapshotId: Type.Optional(Type.String({ format: 'uuid', maxLength: 36 })),
  },
  { additionalProperties: false },
);

export const StepBody = Type.Union([
  Type.Object(
    {
      action: Type.Literal('progress'),
      note: FreeText(2000, { multiline: true }),
      values: Type.Optional(Type.Array(Type.Object({ goal: Type.Integer({ minimum: 0, maximum: 19 }), value: Type.Number({ minimum: -1e9, maximum: 1e9 }) }, { additionalProperties: false }), { maxItems: 20 })),
    },
    { additionalProperties: false },
  ),
  Type.Object({ action: Type.Literal('extend'), note: FreeText(2000, { multiline: true }), deadline: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }) }, { additionalProperties: false }),
  Type.Object({ action: Type.Literal('lift'), note: FreeText(2000, { multiline: true }), goalsMet: Type.Boolean() }, { additionalProperties: false }),
]);

export const RemediationQuery = Type.Object({ region: Type.Optional(RegionCode), state: Type.Optional(RemediationState), ...Paging }, { additionalProperties: false });
export const RemediationIdParams = Type.Object({ id: Type.String({ format: 'uuid', maxLength: 36 }) });

const ListingFields = {
  id: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  problem: Type.String(),
  listedAt: Type.String(),
  deadline: Type.String(),
  state: RemediationState,
  overdue: Type.Boolean({ description: 'not lifted and the deadline has passed' }),
  listedByUnitId: Type.String(),
  listedByUnitName: Type.String(),
  snapshotId: Nullable(Type.String()),
  liftedAt: Nullable(Type.String()),
  goalsMet: Nullable(Type.Boolean()),
  liftReason: Nullable(Type.String()),
  version: Type.Integer(),
};

export const RemediationList = Type.Object({
  items: Type.Array(Type.Object({ ...ListingFields, goals: Type.Array(Goal) })),
  total: Type.Integer(),
});

export const RemediationPage = Type.Object({
  ...ListingFields,
  goals: Type.Array(
    Type.Object({
      indicatorId: Type.Optional(Type.String()),
      text: Type.Optional(Type.String()),
      target: Type.Optional(Type.Number()),
      latest: Nullable(Type.Object({ value: Nn, period: Type.String(), periodKind: Type.String() })),
      met: Nullable(Type.Boolean({ description: "the region's latest value in a snapshot reaches the target" })),
    }),
  ),
  actions: Type.Array(Type.String({ description: 'the steps the caller may take now' })),
  timeline: Type.Array(
    Type.Object({
      at: Type.String(),
      kind: Type.String(),
      unitId: Nullable(Type.String()),
      unitName: Nullable(Type.String()),
      note: Type.String(),
      data: Type.Record(Type.String(), Type.Unknown()),
      fromState: Nullable(Type.String()),
      toState: Type.String(),
    }),
  ),
});
