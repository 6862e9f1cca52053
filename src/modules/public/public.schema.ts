import { Type } from 'typebox';
import { PHONE_LAST4_PATTERN, PUBLIC_FORM_LIMITS as L } from '../../engine/public-intake/forms.ts';
import { Bilingual, FreeText, Nullable, Phone, RegionCode, ResidentId } from '../../shared/fields.ts';

const Consent = Type.Boolean({ description: '同意为办理本事项使用所填个人信息 / agrees to the use of the personal data given for handling this matter (must be true)' });
const Optional = <T extends Parameters<typeof Nullable>[0]>(t: T) => Type.Optional(Nullable(t));
// lengths are checked again by the service with the dispute intake's checks (markup, control characters)
const Text = (max: number, multiline = false) => FreeText(max, { multiline });

export const PublicDisputeBody = Type.Object(
  {
    regionCode: { ...RegionCode, description: 'the township or county whose governance center takes the dispute' },
    type: Type.String({ maxLength: 60, description: 'an id of GET /api/public/options disputeTypes' }),
    summary: Text(L.summary, true),
    amount: Optional(Type.Number({ minimum: 0, maximum: 100_000_000_000 })),
    applicant: Type.Object(
      { name: Text(L.name), phone: Phone, idNumber: Optional(ResidentId), address: Optional(Text(L.address)) },
      { additionalProperties: false },
    ),
    respondent: Type.Object(
      { kind: Type.Union([Type.Literal('person'), Type.Literal('organisation')]), name: Text(L.name), phone: Optional(Phone), address: Optional(Text(L.address)) },
      { additionalProperties: false },
    ),
    consent: Consent,
  },
  { additionalProperties: false },
);

export const PublicPetitionBody = Type.Object(
  {
    regionCode: { ...RegionCode, description: 'the county or city whose petition office takes the petition' },
    petitioner: Type.Object({ name: Text(L.name), phone: Phone, idNumber: Optional(ResidentId) }, { additionalProperties: false }),
    respondent: Text(L.respondent),
    subject: Text(L.subject),
    content: Text(L.content, true),
    lawRelated: Type.Optional(Type.Boolean({ description: 'about a case of the police, a procuratorate or a court' })),
    consent: Consent,
  },
  { additionalProperties: false },
);

export const PublicGridEventBody = Type.Object(
  {
    townshipCode: { ...RegionCode, description: 'the township (street) where the problem is' },
    category: Type.String({ maxLength: 60, description: 'an id of GET /api/public/options gridEventCategories' }),
    description: Text(L.summary, true),
    address: Text(L.address),
    latitude: Optional(Type.Number({ minimum: -90, maximum: 90 })),
    longitude: Optional(Type.Number({ minimum: -180, maximum: 180 })),
    phone: Phone,
    consent: Consent,
  },
  { additionalProperties: false },
);

export const FiledResult = Type.Object({
  kind: Type.String(),
  number: Type.String(),
  trackingCode: Type.String(),
  trackingCodeFormatted: Type.String(),
  created: Type.Boolean({ description: 'false: the same submission was filed before; this is its record' }),
});

export const TrackBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40, description: 'the tracking code (spaces, hyphens and case do not matter)' }),
    phoneLast4: Type.String({ pattern: PHONE_LAST4_PATTERN, description: 'the last four digits of the phone given when filing' }),
  },
  { additionalProperties: false },
);

export const ProgressView = Type.Object({
  kind: Type.String(),
  kindName: Bilingual,
  number: Type.String(),
  trackingCode: Type.String(),
  state: Type.String(),
  stateName: Bilingual,
  filedDay: Type.String(),
  closed: Type.Boolean(),
  closedDay: Nullable(Type.String()),
  dueDay: Nullable(Type.String({ description: 'the day the next step is due from the body that has it' })),
  handlingBody: Nullable(Bilingual),
  outcome: Nullable(Type.Object({ code: Type.String(), name: Bilingual })),
  steps: Type.Array(Type.Object({ state: Type.String(), name: Bilingual, day: Type.String() })),
  caseStage: Nullable(Bilingual),
});

const Option = Type.Object({ id: Type.String(), zh: Type.String(), en: Type.String() });

export const OptionsView = Type.Object({
  disputeTypes: Type.Array(Option),
  petitionChannels: Type.Array(Option),
  gridEventCategories: Type.Array(Option),
  regions: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      level: Type.String(),
      parentCode: Nullable(Type.String()),
      hasGovernanceCenter: Type.Boolean(),
      hasPetitionOffice: Type.Boolean(),
    }),
  ),
  limits: Type.Record(Type.String(), Type.Integer()),
});
