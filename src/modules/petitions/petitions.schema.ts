import { Type } from 'typebox';
import { Bilingual, FreeText, Nullable, Paging, PersonName, Phone, RegionCode, ResidentId, Uuid } from '../../shared/fields.ts';
import { PETITION_ACTIONS, PETITION_STATES } from '../../engine/petitions/petition-flow.ts';

const State = Type.Union(PETITION_STATES.map((s) => Type.Literal(s)));
const Outcome = Type.Union([Type.Literal('supported'), Type.Literal('explained'), Type.Literal('not-supported')], {
  description: '信访工作条例 32: supported; explained (reasonable but without a legal basis); not supported',
});
/** An id of rules/governance/petition-flow.yaml (channels or legalRoutes): checked against the rules by the service. */
const OptionId = (description: string) => Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 60, description });
const Note = Type.Optional(FreeText(5000, { multiline: true }));

export const PetitionIdParams = Type.Object({ id: Uuid });

export const RegisterBody = Type.Object(
  {
    channel: OptionId('visit, letter, online, phone, referral (rules/governance/petition-flow.yaml)'),
    petitioner: Type.Object(
      { name: PersonName, phone: Type.Optional(Nullable(Phone)), idNumber: Type.Optional(Nullable(ResidentId)) },
      { additionalProperties: false },
    ),
    respondent: FreeText(200, { description: 'the body the petition is about (被反映的机关、单位)' }),
    respondentUnitId: Type.Optional(Nullable(Uuid)),
    subject: FreeText(200),
    content: FreeText(20000, { multiline: true }),
    regionCode: Type.Optional(RegionCode),
    lawRelated: Type.Optional(Type.Boolean({ description: 'about a case of the police, a procuratorate or a court (涉法涉诉)' })),
  },
  { additionalProperties: false },
);
export const RegisterResult = Type.Object({
  id: Type.String(),
  number: Type.String({ description: '信YYYY-NNNNNN' }),
  trackingCode: Type.String({ description: 'given to the petitioner to follow the petition' }),
  matterPetitions: Type.Integer({ description: 'petitions of the same matter, this one included' }),
});

export const RouteBody = Type.Object({ handlingUnitId: Uuid, note: Note }, { additionalProperties: false });
export const NoteBody = Type.Object({ note: Note }, { additionalProperties: false });
export const ReasonBody = Type.Object({ reason: FreeText(5000, { multiline: true }) }, { additionalProperties: false });
export const OpinionBody = Type.Object({ outcome: Outcome, opinion: FreeText(20000, { multiline: true }) }, { additionalProperties: false });
export const ReviewRequestBody = Type.Object({ reviewUnitId: Uuid, note: Note }, { additionalProperties: false });
export const RereviewRequestBody = Type.Object({ rereviewUnitId: Uuid, note: Note }, { additionalProperties: false });
export const LegalProcedureBody = Type.Object(
  {
    caseNumber: FreeText(60, { description: "the case's number" }),
    legalRoute: OptionId('complaint, retrial-application, state-compensation, case-procedure (rules/governance/petition-flow.yaml)'),
    note: Note,
  },
  { additionalProperties: false },
);

export const StepResult = Type.Object({ id: Type.String(), number: Type.String(), state: Type.String(), eventId: Type.Integer() });

export const PetitionQuery = Type.Object(
  {
    state: Type.Optional(State),
    open: Type.Optional(Type.Boolean({ description: 'only those not final, not refused, not in a legal procedure' })),
    channel: Type.Optional(OptionId('a channel')),
    lawRelated: Type.Optional(Type.Boolean()),
    sameMatterAs: Type.Optional(Type.String({ format: 'uuid', maxLength: 36, description: "a petition's id: the petitions of its matter (repeat petitions), itself included" })),
    case: Type.Optional(Uuid),
    handlingUnit: Type.Optional(Uuid),
    ...Paging,
  },
  { additionalProperties: false },
);

const SummaryFields = {
  id: Type.String(),
  number: Type.String(),
  channel: Type.String(),
  state: Type.String(),
  petitionerName: Type.String({ description: 'masked' }),
  petitionerPhone: Nullable(Type.String({ description: 'masked' })),
  petitionerIdNumber: Nullable(Type.String({ description: 'masked' })),
  respondent: Type.String(),
  subject: Type.String(),
  regionCode: Type.String(),
  receivingUnitId: Type.String(),
  receivingUnitName: Type.String(),
  handlingUnitId: Nullable(Type.String()),
  handlingUnitName: Nullable(Type.String()),
  lawRelated: Type.Boolean(),
  caseNumber: Nullable(Type.String()),
  caseStage: Nullable(Type.String()),
  legalRoute: Nullable(Type.String()),
  complexExtended: Type.Boolean(),
  outcome: Nullable(Type.String()),
  matterPetitions: Type.Integer(),
  nextDueAt: Nullable(Type.String({ description: 'the earliest due moment of the running clocks a body answers for' })),
  overdue: Type.Boolean(),
  receivedAt: Type.String(),
  closedAt: Nullable(Type.String()),
  version: Type.Integer(),
};

export const PetitionList = Type.Object({ total: Type.Integer(), items: Type.Array(Type.Object(SummaryFields)) });

export const PetitionPage = Type.Object({
  ...SummaryFields,
  trackingCode: Nullable(Type.String({ description: 'only for the bodies the petition is with' })),
  petitioner: Type.Object({ name: Type.String(), phone: Nullable(Type.String()), idNumber: Nullable(Type.String()), masked: Type.Boolean() }),
  respondentUnitId: Nullable(Type.String()),
  content: Type.String(),
  channelName: Bilingual,
  legalRouteName: Nullable(Bilingual),
  extensionReason: Nullable(Type.String()),
  opinion: Nullable(Type.String()),
  case: Nullable(
    Type.Object({
      id: Type.String(),
      caseNumber: Type.String(),
      stage: Type.String(),
      stageName: Bilingual,
      holderUnitId: Nullable(Type.String()),
      holderUnitName: Nullable(Type.String()),
    }),
  ),
  events: Type.Array(
    Type.Object({
      id: Type.Integer(),
      at: Type.String(),
      kind: Type.String({ description: `the action: ${PETITION_ACTIONS.join(', ')}` }),
      unitId: Nullable(Type.String()),
      unitName: Nullable(Type.String()),
      fromState: Nullable(Type.String()),
      toState: Type.String(),
      note: Nullable(Type.String()),
    }),
  ),
  clocks: Type.Array(
    Type.Object({
      ruleId: Type.String(),
      name: Bilingual,
      state: Type.String(),
      dueAt: Nullable(Type.String()),
      provisional: Type.Boolean(),
      unitId: Nullable(Type.String()),
      startedAt: Type.String(),
    }),
  ),
  side: Nullable(Type.String({ description: 'receiving or handling: the side the caller acts on' })),
  actions: Type.Array(Type.String(), { description: 'the steps the caller may take now' }),
});
