import { Type } from 'typebox';
import { GRID_EVENT_STATES } from '../../engine/grid-events/event-flow.ts';
import { Bilingual, FreeText, Nullable, Paging, RegionCode, StateTimelineEntryView, StoredFileView, Uuid } from '../../shared/fields.ts';

const State = Type.Union(GRID_EVENT_STATES.map((s) => Type.Literal(s)));
const CategoryId = Type.String({ pattern: '^[a-z]+(-[a-z]+)*$', maxLength: 64, description: 'an id of rules/governance/grid-events.yaml' });

export const GridEventIdParams = Type.Object({ id: Uuid });
export const PhotoParams = Type.Object({ id: Uuid, photoId: Uuid });

export const ReportBody = Type.Object(
  {
    category: CategoryId,
    description: FreeText(5000, { multiline: true }),
    address: FreeText(200, { description: 'the address of the place' }),
    latitude: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90, description: 'of the place, never of a person (WGS 84)' }))),
    longitude: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180, description: 'of the place, never of a person (WGS 84)' }))),
  },
  { additionalProperties: false },
);

const Note = FreeText(5000, { multiline: true });
export const NoteBody = Type.Object({ note: Type.Optional(Note) }, { additionalProperties: false });
export const RequiredNoteBody = Type.Object({ note: Note }, { additionalProperties: false });
export const AssignBody = Type.Object({ unitId: Uuid, note: Type.Optional(Note) }, { additionalProperties: false });
export const VerifyBody = Type.Object(
  { ok: Type.Boolean({ description: 'the handling holds on the spot' }), note: Type.Optional(FreeText(5000, { multiline: true, description: 'required when it fails' })) },
  { additionalProperties: false },
);
export const RateBody = Type.Object({ rating: Type.Integer({ minimum: 1, maximum: 5 }), note: Type.Optional(Note) }, { additionalProperties: false });

export const GridEventQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([State, Type.Literal('open')])),
    category: Type.Optional(CategoryId),
    region: Type.Optional(RegionCode),
    overdue: Type.Optional(Type.Boolean()),
    ...Paging,
  },
  { additionalProperties: false },
);

const EventFields = {
  id: Type.String(),
  number: Type.String({ description: '网YYYY-NNNNNN' }),
  category: Type.String(),
  categoryName: Bilingual,
  description: Type.String(),
  address: Type.String(),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
  regionCode: Type.String(),
  reporterKind: Type.String(),
  reportedBy: Nullable(Type.String()),
  reporterPhone: Nullable(Type.String({ description: 'masked; the whole number at /reporter-contact, audited' })),
  state: Type.String(),
  townshipUnitId: Type.String(),
  townshipUnitName: Type.String(),
  countyUnitId: Nullable(Type.String()),
  countyUnitName: Nullable(Type.String()),
  responsibleUnitId: Nullable(Type.String()),
  responsibleUnitName: Nullable(Type.String()),
  holderAgency: Type.String(),
  dueAt: Nullable(Type.String()),
  reportedAt: Type.String(),
  acceptedAt: Nullable(Type.String()),
  escalatedAt: Nullable(Type.String()),
  handledAt: Nullable(Type.String()),
  verifiedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  rating: Nullable(Type.Integer()),
  ratedAt: Nullable(Type.String()),
  version: Type.Integer(),
  overdue: Type.Boolean(),
};

export const GridEventList = Type.Object({ total: Type.Integer(), items: Type.Array(Type.Object(EventFields)) });

export const PhotoView = StoredFileView;

export const GridEventPage = Type.Object({
  ...EventFields,
  timeline: Type.Array(StateTimelineEntryView),
  photos: Type.Array(Type.Object({ id: Type.String(), eventId: Type.String(), name: Type.String(), mime: Type.String(), sizeBytes: Type.Integer(), sm3: Type.String(), unitId: Nullable(Type.String()), uploadedAt: Type.String() })),
  sides: Type.Array(Type.String(), { description: 'township-center, county-center, responsible-unit, verifier: the sides the caller acts on' }),
  actions: Type.Array(Type.String(), { description: 'the steps the caller may take now' }),
});

export const ReportResult = Type.Object({ id: Type.String(), number: Type.String(), dueAt: Type.String() });
export const PhotoQuery = Type.Object({ name: FreeText(200) }, { additionalProperties: false });
export const ContactView = Type.Object({ reporterKind: Type.String(), phone: Nullable(Type.String()) });

const Period = Type.Union([Type.Object({ hours: Type.Integer() }), Type.Object({ workingDays: Type.Integer() })]);
export const GridEventRulesView = Type.Object({
  basis: Bilingual,
  categories: Type.Array(Type.Object({ id: Type.String(), zh: Type.String(), en: Type.String() })),
  periods: Type.Object({
    township: Type.Object({ accept: Period, handle: Period }),
    county: Type.Object({ assign: Period, handle: Period }),
    verify: Period,
  }),
  photosPerEvent: Type.Integer(),
});
