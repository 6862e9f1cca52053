import { Type } from 'typebox';
import { RISK_ASSESSMENT_STATES } from '../../engine/risk-assessments/assessment-flow.ts';
import { DECISIONS, OPINION_KINDS, RISK_LEVELS } from '../../engine/risk-assessments/risk-matrix.ts';
import { Bilingual, Day, FreeText, Nullable, Paging, RegionCode, StateTimelineEntryView, Uuid } from '../../shared/fields.ts';

const literals = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const State = literals(RISK_ASSESSMENT_STATES);
const Level = literals(RISK_LEVELS);
const Scale = Type.Integer({ minimum: 1, maximum: 5 });
const Count = Type.Integer({ minimum: 0, maximum: 100_000_000 });
const Note = FreeText(5000, { multiline: true });

export const AssessmentIdParams = Type.Object({ id: Uuid });
export const RiskParams = Type.Object({ id: Uuid, riskId: Uuid });
export const MitigationParams = Type.Object({ id: Uuid, mitigationId: Uuid });

export const RegisterBody = Type.Object(
  {
    title: FreeText(200, { description: 'the decision (决策事项)' }),
    summary: FreeText(5000, { multiline: true }),
    decisionBody: FreeText(100, { description: 'the body that takes the decision, by name (决策机关)' }),
    regionCode: RegionCode,
    peopleAffected: Count,
  },
  { additionalProperties: false },
);
export const PlanBody = Type.Object({ plan: Note, dueOn: Day('the date by which the assessment is to be rated') }, { additionalProperties: false });
export const OpinionBody = Type.Object(
  { kind: literals(OPINION_KINDS), heldOn: Day('when the comment period ended, or the hearing or review was held'), summary: Note, participants: Count, countFor: Count, countAgainst: Count },
  { additionalProperties: false },
);
export const RiskBody = Type.Object(
  { title: FreeText(200), likelihood: Scale, impact: Scale, mitigation: Note },
  { additionalProperties: false },
);
export const NoteBody = Type.Object({ note: Type.Optional(Note) }, { additionalProperties: false });
export const DecisionBody = Type.Object(
  { decision: literals(DECISIONS), note: Type.Optional(FreeText(5000, { multiline: true, description: 'required for proceed-after-adjustment: how the draft was adjusted' })) },
  { additionalProperties: false },
);
export const MitigationBody = Type.Object(
  { riskItemId: Uuid, action: FreeText(2000, { multiline: true }), responsibleUnitId: Uuid, dueOn: Day('the date by which it is to be done') },
  { additionalProperties: false },
);
export const ReviewBody = Type.Object(
  {
    note: Note,
    explanations: Type.Optional(Type.Array(Type.Object({ mitigationId: Uuid, explanation: FreeText(2000, { multiline: true }) }, { additionalProperties: false }), { maxItems: 500 })),
  },
  { additionalProperties: false },
);

export const AssessmentQuery = Type.Object(
  {
    state: Type.Optional(State),
    rating: Type.Optional(Level),
    region: Type.Optional(RegionCode),
    owner: Type.Optional(Uuid),
    open: Type.Optional(Type.Boolean({ description: 'only those not yet reviewed nor given up' })),
    ...Paging,
  },
  { additionalProperties: false },
);

const AssessmentFields = {
  id: Type.String(),
  number: Type.String({ description: '稳YYYY-NNNNNN' }),
  title: Type.String(),
  summary: Type.String(),
  decisionBody: Type.String(),
  ownerUnitId: Type.String(),
  ownerUnitName: Type.String(),
  ownerAgency: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  peopleAffected: Type.Integer(),
  state: Type.String(),
  plan: Nullable(Type.String()),
  planDueOn: Nullable(Type.String()),
  rating: Nullable(Type.String()),
  decision: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  reviewNote: Nullable(Type.String()),
  reassessments: Type.Integer(),
  registeredAt: Type.String(),
  plannedAt: Nullable(Type.String()),
  ratedAt: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  reviewedAt: Nullable(Type.String()),
  updatedAt: Type.String(),
  version: Type.Integer(),
};

export const AssessmentList = Type.Object({
  total: Type.Integer(),
  items: Type.Array(Type.Object({ ...AssessmentFields, mitigationsOpen: Type.Integer(), mitigationsDone: Type.Integer() })),
});

const Reason = Type.Object({ level: Type.String(), zh: Type.String(), en: Type.String() });

export const AssessmentPage = Type.Object({
  ...AssessmentFields,
  open: Type.Boolean(),
  opinions: Type.Array(Type.Object({
    id: Type.String(), kind: Type.String(), heldOn: Type.String(), summary: Type.String(), participants: Type.Integer(), countFor: Type.Integer(), countAgainst: Type.Integer(), recordedAt: Type.String(),
  })),
  risks: Type.Array(Type.Object({
    id: Type.String(), title: Type.String(), likelihood: Type.Integer(), impact: Type.Integer(), level: Type.String(), mitigation: Type.String(), listedAt: Type.String(), updatedAt: Type.String(),
  })),
  mitigations: Type.Array(Type.Object({
    id: Type.String(), riskItemId: Type.String(), action: Type.String(), responsibleUnitId: Type.String(), responsibleUnitName: Type.String(), dueOn: Type.String(),
    state: Type.String(), doneAt: Nullable(Type.String()), note: Nullable(Type.String()), openExplanation: Nullable(Type.String()), createdAt: Type.String(),
  })),
  timeline: Type.Array(StateTimelineEntryView),
  isOwner: Type.Boolean({ description: 'the caller works for the owner body and takes its steps' }),
  actions: Type.Array(Type.String(), { description: 'the steps open to the caller in this state' }),
  allowedDecisions: Type.Array(Type.String(), { description: 'the decisions the rating allows (when rated)' }),
  proposedRating: Nullable(Type.Object({ rating: Type.String(), reasons: Type.Array(Reason) })),
});

export const RegisterResult = Type.Object({ id: Type.String(), number: Type.String() });

const ScaleStep = Type.Object({ value: Type.Integer(), zh: Type.String(), en: Type.String() });
export const RulesView = Type.Object({
  basis: Bilingual,
  matrix: Type.Object({ source: Type.String(), likelihood: Type.Array(ScaleStep), impact: Type.Array(ScaleStep), levels: Type.Array(Type.Object({ level: Type.String(), minScore: Type.Integer() })) }),
  rating: Type.Object({
    source: Type.String(),
    anyRiskAt: Type.Array(Type.String()),
    mediumRisksMakeHigh: Nullable(Type.Integer()),
    opposition: Type.Object({ kinds: Type.Array(Type.String()), high: Type.Number(), medium: Type.Number() }),
  }),
  decisions: Type.Object({ high: Type.Array(Type.String()), medium: Type.Array(Type.String()), low: Type.Array(Type.String()) }),
  opinionKinds: Type.Array(Type.Object({ id: Type.String(), zh: Type.String(), en: Type.String(), source: Type.String() })),
});
