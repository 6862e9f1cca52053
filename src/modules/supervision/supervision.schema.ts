import { Type } from 'typebox';
import { Bilingual, Day, FreeText, Nullable, Paging, StateTimelineEntryView, StoredFileView, Uuid } from '../../shared/fields.ts';
import { ModelId } from '../warnings/warnings.schema.ts';

const State = Type.Union(['open', 'assigned', 'rectifying', 'reported', 'closed'].map((s) => Type.Literal(s)));
const Severity = Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')]);
const Source = Type.Union(['warning', 'case-review', 'petition', 'manual', 'class'].map((s) => Type.Literal(s)));

export const ItemIdParams = Type.Object({ id: Uuid });
export const AttachmentParams = Type.Object({ id: Uuid, attachmentId: Uuid });

export const RaiseBody = Type.Object(
  {
    source: Type.Union([Type.Literal('warning'), Type.Literal('case-review'), Type.Literal('petition'), Type.Literal('manual')]),
    hitId: Type.Optional(Uuid),
    caseId: Type.Optional(Uuid),
    sourceReference: Type.Optional(FreeText(100, { description: "a petition's number (source petition)" })),
    assigneeUnitId: Type.Optional(Uuid),
    title: Type.Optional(FreeText(200)),
    description: FreeText(5000, { multiline: true }),
    severity: Type.Optional(Severity),
    assign: Type.Optional(Type.Boolean({ default: true, description: 'assign at once (default); false leaves it open' })),
  },
  { additionalProperties: false },
);

export const ClassBody = Type.Object(
  { modelId: ModelId, title: Type.Optional(FreeText(200)), description: FreeText(5000, { multiline: true }) },
  { additionalProperties: false },
);

export const ActBody = Type.Object(
  {
    action: Type.Union(['assign', 'accept', 'follow-up', 'report', 'verify', 'comment'].map((a) => Type.Literal(a))),
    note: Type.Optional(FreeText(5000, { multiline: true })),
    dueDate: Type.Optional(Day('the new date (follow-up, or verify when it fails)')),
    ok: Type.Optional(Type.Boolean({ description: 'verify: whether the rectification holds' })),
    assigneeUnitId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const ItemQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([State, Type.Literal('not-closed')])),
    overdue: Type.Optional(Type.Boolean()),
    source: Type.Optional(Source),
    model: Type.Optional(ModelId),
    parent: Type.Optional(Uuid),
    assignee: Type.Optional(Uuid),
    ...Paging,
  },
  { additionalProperties: false },
);

const ItemFields = {
  id: Type.String(),
  number: Type.String({ description: '督YYYY-NNNNNN' }),
  title: Type.String(),
  description: Type.String(),
  source: Type.String(),
  hitId: Nullable(Type.String()),
  modelId: Nullable(Type.String()),
  caseId: Nullable(Type.String()),
  caseNumber: Nullable(Type.String()),
  sourceReference: Nullable(Type.String()),
  parentId: Nullable(Type.String()),
  severity: Type.String(),
  raisedByUnitId: Type.String(),
  raisedByUnitName: Type.String(),
  assigneeUnitId: Nullable(Type.String()),
  assigneeUnitName: Nullable(Type.String()),
  assigneeAgency: Nullable(Type.String()),
  regionCode: Type.String(),
  state: Type.String(),
  dueAt: Nullable(Type.String()),
  followUps: Type.Integer(),
  createdAt: Type.String(),
  closedAt: Nullable(Type.String()),
  version: Type.Integer(),
  overdue: Type.Boolean(),
};

export const ItemList = Type.Object({ total: Type.Integer(), items: Type.Array(Type.Object(ItemFields)) });

export const ItemPage = Type.Object({
  ...ItemFields,
  modelName: Nullable(Bilingual),
  events: Type.Array(StateTimelineEntryView),
  attachments: Type.Array(
    Type.Object({ id: Type.String(), itemId: Type.String(), eventId: Nullable(Type.Integer()), name: Type.String(), mime: Type.String(), sizeBytes: Type.Integer(), sm3: Type.String(), unitId: Type.String(), uploadedAt: Type.String() }),
  ),
  children: Type.Array(Type.Object(Omit(ItemFields, 'overdue'))),
  side: Nullable(Type.String({ description: 'committee or assignee: the side the caller acts on' })),
  actions: Type.Array(Type.String(), { description: 'the steps the caller may take now' }),
  eventId: Type.Optional(Type.Integer()),
});

function Omit<T extends Record<string, unknown>, K extends keyof T>(o: T, k: K): Omit<T, K> {
  const { [k]: _, ...rest } = o;
  return rest;
}

export const RaiseResult = Type.Object({ id: Type.String(), number: Type.String(), created: Type.Boolean() });
export const ClassResult = Type.Object({
  id: Type.String(),
  number: Type.String(),
  children: Type.Array(Type.Object({ id: Type.String(), number: Type.String(), unitId: Type.String(), hits: Type.Integer() })),
});
export const AttachQuery = Type.Object({ name: FreeText(200) }, { additionalProperties: false });
export const AttachmentView = StoredFileView;
