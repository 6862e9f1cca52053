import { Type } from 'typebox';
import { DISPUTE_ACTIONS, DISPUTE_STATES } from '../../engine/disputes/dispute-flow.ts';
import { DISPUTE_LIMITS } from '../../engine/disputes/input.ts';
import { STAFF_CHANNELS } from './disputes.service.ts';
import { Bilingual, FreeText, Nullable, Paging, Phone, RegionCode, ResidentId, Uuid } from '../../shared/fields.ts';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Risk = lit(['low', 'medium', 'high'] as const);
const Urgency = lit(['normal', 'urgent'] as const);
const TypeId = Type.String({ pattern: '^[a-z][a-z0-9-]{1,40}$', description: 'an id of rules/governance/dispute-types.yaml' });
const Amount = Type.Number({ minimum: 0, maximum: DISPUTE_LIMITS.amountMax, description: 'yuan' });
const Note = FreeText(DISPUTE_LIMITS.note, { multiline: true });

export const DisputeIdParams = Type.Object({ id: Uuid });

const PartyBody = Type.Object(
  {
    role: lit(['applicant', 'respondent'] as const),
    kind: lit(['person', 'organisation'] as const),
    name: FreeText(DISPUTE_LIMITS.name),
    phone: Type.Optional(Nullable(Phone)),
    idNumber: Type.Optional(Nullable(Type.String({ maxLength: 18, pattern: '^[0-9A-Za-z]{1,18}$', description: "a person's resident ID (GB 11643, checked by the service), an organisation's credit code" }))),
    address: Type.Optional(Nullable(FreeText(DISPUTE_LIMITS.address))),
  },
  { additionalProperties: false },
);

export const IntakeBody = Type.Object(
  {
    channel: lit(STAFF_CHANNELS),
    type: TypeId,
    riskLevel: Type.Optional(Risk),
    urgency: Type.Optional(Urgency),
    amount: Type.Optional(Nullable(Amount)),
    summary: FreeText(DISPUTE_LIMITS.summary, { multiline: true }),
    regionCode: Type.Optional(RegionCode),
    parties: Type.Array(PartyBody, { minItems: 2, maxItems: DISPUTE_LIMITS.partiesMax }),
    importKey: Type.Optional(FreeText(200, { description: 'the key of one submission: sent again, it answers the same dispute' })),
  },
  { additionalProperties: false },
);
// the resident ID format is checked by the service (GB 11643) so that an organisation's code passes too
void ResidentId;

export const IntakeResult = Type.Object({
  id: Type.String(),
  number: Type.String({ description: '纠YYYY-NNNNNN' }),
  trackingCode: Type.String({ description: 'what the applicant quotes to follow the dispute' }),
  created: Type.Boolean(),
  reopenedFrom: Nullable(Type.Object({ id: Type.String(), number: Type.String() })),
});

export const ActionBody = Type.Object(
  {
    action: lit(DISPUTE_ACTIONS),
    note: Type.Optional(Note),
    type: Type.Optional(TypeId),
    riskLevel: Type.Optional(Risk),
    urgency: Type.Optional(Urgency),
    amount: Type.Optional(Nullable(Amount)),
    unitId: Type.Optional(Uuid),
    kind: Type.Optional(lit(['mediation-committee', 'administrative', 'court-pre-litigation', 'arbitration', 'legal-aid'] as const)),
    terms: Type.Optional(FreeText(DISPUTE_LIMITS.terms, { multiline: true })),
    performance: Type.Optional(FreeText(DISPUTE_LIMITS.summary, { multiline: true })),
    courtUnitId: Type.Optional(Uuid),
    decision: Type.Optional(Type.Boolean({ description: 'accept-confirmation: accepted; decide-confirmation: confirmed' })),
    outcome: Type.Optional(lit(['resolved', 'not-resolved-referred'] as const)),
    referredTo: Type.Optional(FreeText(200, { description: 'close, not resolved: where the parties were referred (arbitration, litigation, ...)' })),
    satisfaction: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([lit(DISPUTE_STATES), Type.Literal('open')])),
    type: Type.Optional(TypeId),
    risk: Type.Optional(Risk),
    unit: Type.Optional(Uuid),
    region: Type.Optional(Type.String({ pattern: '^[0-9]{2,9}$', description: 'a region code or its prefix' })),
    mine: Type.Optional(Type.Boolean()),
    overdue: Type.Optional(Type.Boolean()),
    ...Paging,
  },
  { additionalProperties: false },
);

const DisputeFields = {
  id: Type.String(),
  number: Type.String(),
  trackingCode: Type.String(),
  channel: Type.String(),
  state: Type.String(),
  type: Type.String(),
  typeName: Bilingual,
  riskLevel: Type.String(),
  urgency: Type.String(),
  amount: Nullable(Type.Number()),
  summary: Type.String(),
  regionCode: Type.String(),
  intakeUnitId: Type.String(),
  intakeUnitName: Type.String(),
  handlingUnitId: Nullable(Type.String()),
  handlingUnitName: Nullable(Type.String()),
  handlingAgency: Nullable(Type.String()),
  holderAgency: Type.String(),
  routeKind: Nullable(Type.String()),
  routeRule: Nullable(Type.String()),
  handlerId: Nullable(Type.String()),
  dueAt: Nullable(Type.String()),
  overdue: Type.Boolean(),
  followUps: Type.Integer(),
  outcome: Nullable(Type.String()),
  referredTo: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  visitedAt: Nullable(Type.String()),
  visitNote: Nullable(Type.String()),
  satisfaction: Nullable(Type.Integer()),
  reopenedFrom: Nullable(Type.String()),
  reopenedFromNumber: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
};

export const DisputeList = Type.Object({
  total: Type.Integer(),
  items: Type.Array(Type.Object({ ...DisputeFields, firstApplicant: Nullable(Type.String({ description: 'masked' })), firstRespondent: Nullable(Type.String()) })),
});

const Party = Type.Object({
  id: Type.String(), role: Type.String(), kind: Type.String(), name: Type.String(), phone: Nullable(Type.String()), idNumber: Nullable(Type.String()), address: Nullable(Type.String()),
});

export const DisputePage = Type.Object({
  ...DisputeFields,
  personalData: Type.Union([Type.Literal('whole'), Type.Literal('masked')]),
  parties: Type.Array(Party),
  events: Type.Array(
    Type.Object({
      id: Type.Integer(), at: Type.String(), kind: Type.String(), unitId: Nullable(Type.String()), unitName: Nullable(Type.String()), userId: Nullable(Type.String()),
      note: Nullable(Type.String()), data: Type.Record(Type.String(), Type.Unknown()), fromState: Nullable(Type.String()), toState: Nullable(Type.String()),
    }),
  ),
  agreement: Nullable(
    Type.Object({
      id: Type.String(), terms: Type.String(), performance: Type.String(), pdfSm3: Type.String(), pdfSize: Type.Integer(), sealedByUnitId: Type.String(), sealKeyId: Type.String(),
      sealSignature: Type.String(), signedAt: Type.String(), confirmationState: Type.String(), courtUnitId: Nullable(Type.String()), courtUnitName: Nullable(Type.String()),
      requestedAt: Nullable(Type.String()), acceptedAt: Nullable(Type.String()), decidedAt: Nullable(Type.String()), decisionNote: Nullable(Type.String()),
      seal: Nullable(Type.Object({ keyId: Type.String(), unitId: Type.String(), valid: Type.Boolean() })),
    }),
  ),
  clocks: Type.Array(
    Type.Object({
      id: Type.String(), kind: Type.String(), matterId: Type.String(), ruleId: Type.String(), name: Bilingual, state: Type.String(), dueAt: Nullable(Type.String()),
      provisional: Type.Boolean(), unitId: Nullable(Type.String()), startedAt: Type.String(),
    }),
  ),
  side: Nullable(Type.String({ description: 'holder, court or overseer: the side the caller acts on' })),
  actions: Type.Array(Type.String(), { description: 'the steps the caller may take now' }),
  eventId: Type.Optional(Type.Integer()),
  reopened: Type.Optional(Nullable(IntakeResult)),
});

const Bi = Bilingual;
export const DisputeRulesView = Type.Object({
  types: Type.Array(Type.Object({ id: Type.String(), name: Bi, risk: Type.String(), routeAs: Type.String(), handling: Type.Object({ unit: Type.String(), length: Type.Integer(), source: Bi }) })),
  matching: Type.Object({ duplicateWithinDays: Type.Integer(), reopenWithinDays: Type.Integer(), basis: Bi }),
  steps: Type.Object({ assess: Type.Integer(), route: Type.Integer(), close: Type.Integer(), visit: Type.Integer(), basis: Bi }),
  kinds: Type.Array(Type.Object({ id: Type.String(), name: Bi, agencies: Type.Array(Type.String()) })),
  routes: Type.Array(
    Type.Object({
      id: Type.String(), types: Type.Array(Type.String()), risk: Nullable(Type.Array(Type.String())), minAmount: Nullable(Type.Number()),
      region: Type.Object({ level: Nullable(Type.String()), prefix: Nullable(Type.String()) }),
      target: Type.Object({ kind: Type.String(), agency: Type.String(), level: Type.String() }), maxLoad: Nullable(Type.Integer()),
    }),
  ),
  channels: Type.Array(Type.String()),
});
