import { Type } from 'typebox';
import { Bilingual, Day, Nullable, Paging, RegionCode, Uuid } from '../../shared/fields.ts';

/** A model's id as in rules/warning-models (custody.overdue). */
export const ModelId = Type.String({ pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$', maxLength: 100 });
const ParameterValue = Type.Union([Type.Number(), Type.String({ maxLength: 200 }), Type.Boolean(), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })]);
const Severity = Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')]);
const Basis = Type.Array(Type.Object({ law: Type.String(), article: Type.String() }));

const ModelFields = {
  id: Type.String(),
  name: Bilingual,
  description: Bilingual,
  group: Type.String({ description: 'the section of warning-models.md' }),
  severity: Severity,
  basis: Basis,
  policy: Nullable(Bilingual),
  answering: Bilingual,
  scope: Type.Union([Type.Literal('case'), Type.Literal('province')], { description: 'case: re-run for a case after its events; province: full runs only' }),
  triggers: Type.Array(Type.String(), { description: 'the case events after which it is re-run for that case' }),
  enabled: Type.Boolean(),
  parameters: Type.Array(
    Type.Object({
      name: Type.String(),
      type: Type.String(),
      default: ParameterValue,
      value: ParameterValue,
      min: Type.Optional(Type.Number()),
      max: Type.Optional(Type.Number()),
      description: Bilingual,
    }),
  ),
  form: Type.Union([Type.Literal('condition'), Type.Literal('sql')]),
  source: Type.String({ description: 'the definition file' }),
};

export const ModelList = Type.Object({
  items: Type.Array(Type.Object(ModelFields)),
  refused: Type.Array(Type.Object({ source: Type.String(), field: Type.String(), problem: Type.String() }), {
    description: 'definitions refused at load, with the file and field at fault; the other models run',
  }),
});

const RunResult = Type.Object({
  holding: Type.Optional(Type.Integer({ description: 'subjects on which the condition holds now' })),
  opened: Type.Optional(Type.Integer({ description: 'hits recorded by this run' })),
  closed: Type.Optional(Type.Integer({ description: 'hits this run found no longer holding' })),
  ms: Type.Number(),
  error: Type.Optional(Type.String({ description: 'the database error of a model that failed; the others ran' })),
});

export const ModelDetail = Type.Object({
  ...ModelFields,
  definition: Type.Unknown({ description: 'the condition as written, or the SQL' }),
  sql: Type.String({ description: 'the compiled SELECT ($1 … are the parameters, in the order of first use)' }),
  openHits: Type.Integer(),
  trend: Type.Array(Type.Object({ day: Type.String(), opened: Type.Integer(), closed: Type.Integer() })),
  lastRun: Nullable(Type.Object({ id: Type.Integer(), kind: Type.String(), startedAt: Type.String(), result: Nullable(RunResult) })),
});

export const ModelIdParams = Type.Object({ id: ModelId });

export const SettingBody = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    parameters: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 }), ParameterValue)),
  },
  { additionalProperties: false },
);

export const RunBody = Type.Object(
  { models: Type.Optional(Type.Array(ModelId, { minItems: 1, maxItems: 200, description: 'only these models (default: every enabled one)' })) },
  { additionalProperties: false },
);

export const RunView = Type.Object({
  runId: Type.Integer(),
  kind: Type.String(),
  startedAt: Type.String(),
  finishedAt: Type.String(),
  cases: Type.Optional(Type.Integer()),
  models: Type.Array(Type.Intersect([Type.Object({ id: Type.String() }), RunResult])),
});

export const HitQuery = Type.Object(
  {
    model: Type.Optional(ModelId),
    unit: Type.Optional(Uuid),
    region: Type.Optional(RegionCode),
    severity: Type.Optional(Severity),
    case: Type.Optional(Uuid),
    state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('all')], { default: 'open' })),
    ...Paging,
  },
  { additionalProperties: false },
);

export const HitList = Type.Object({
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      modelId: Type.String(),
      modelName: Bilingual,
      subjectId: Type.String(),
      caseId: Nullable(Type.String()),
      caseNumber: Nullable(Type.String()),
      unitId: Type.String(),
      unitName: Type.String(),
      regionCode: Type.String(),
      regionName: Type.String(),
      severity: Type.String(),
      facts: Type.Record(Type.String(), Type.Unknown()),
      openedAt: Type.String(),
      closedAt: Nullable(Type.String()),
    }),
  ),
});

export const HitSummary = Type.Object({
  byModel: Type.Array(Type.Object({ modelId: Type.String(), name: Bilingual, count: Type.Integer() })),
  byUnit: Type.Array(Type.Object({ unitId: Type.String(), name: Type.String(), count: Type.Integer() })),
  byRegion: Type.Array(Type.Object({ regionCode: Type.String(), name: Type.String(), count: Type.Integer() })),
  bySeverity: Type.Array(Type.Object({ severity: Type.String(), count: Type.Integer() })),
  trend: Type.Array(Type.Object({ day: Type.String(), opened: Type.Integer(), closed: Type.Integer() })),
  lastRun: Nullable(Type.Object({ id: Type.Integer(), kind: Type.String(), startedAt: Type.String(), finishedAt: Nullable(Type.String()) })),
});

export const BacktestBody = Type.Object(
  {
    from: Day('first day, YYYY-MM-DD (China Standard Time)'),
    to: Day('last day, YYYY-MM-DD (China Standard Time)'),
    step: Type.Optional(Type.Integer({ minimum: 1, maximum: 31, default: 1, description: 'evaluate every N-th day' })),
    parameters: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 }), ParameterValue)),
  },
  { additionalProperties: false },
);

export const BacktestView = Type.Object({
  model: Type.String(),
  from: Type.String(),
  to: Type.String(),
  step: Type.Integer(),
  samples: Type.Integer(),
  parameters: Type.Record(Type.String(), ParameterValue),
  total: Type.Integer(),
  items: Type.Array(Type.Object({ unitId: Type.String(), name: Type.String(), regionCode: Type.String(), hits: Type.Integer() })),
});
