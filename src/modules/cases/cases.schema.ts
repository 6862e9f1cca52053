import { Type } from 'typebox';
import { PERSON_ROLES } from '../../engine/case-flow/flow.ts';
import { Bilingual, FreeText, Nullable, Paging, PersonName, Phone, ResidentId, Uuid } from '../../shared/fields.ts';
import { CaseLoanView } from '../loans/loans.schema.ts';

const Id = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 });
const Moment = Type.String({ format: 'date-time' });

export const PersonRoleSchema = Type.Enum(PERSON_ROLES);

export const CaseIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const CasePersonParams = Type.Object({ id: Uuid, personId: Uuid }, { additionalProperties: false });
export const CaseDocumentParams = Type.Object({ id: Uuid, documentId: Uuid }, { additionalProperties: false });
export const TransferIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const NewPersonBody = Type.Object(
  {
    role: PersonRoleSchema,
    name: PersonName,
    idNumber: Type.Optional(Nullable(ResidentId)),
    phone: Type.Optional(Nullable(Phone)),
  },
  { additionalProperties: false },
);

export const NewCaseBody = Type.Object(
  {
    title: FreeText(200),
    charge: FreeText(60, { description: 'an evidence checklist charge id (theft, fraud, …) or another charge by name' }),
    classified: Type.Optional(Type.Boolean()),
    registeredAt: Type.Optional(Moment),
    persons: Type.Optional(Type.Array(NewPersonBody, { maxItems: 50 })),
  },
  { additionalProperties: false },
);

export const CaseCreated = Type.Object({ id: Uuid, caseNumber: Type.String() });
export const IdOnly = Type.Object({ id: Uuid });

export const CaseListQuery = Type.Object(
  { stage: Type.Optional(Id), q: Type.Optional(FreeText(60)), ...Paging },
  { additionalProperties: false },
);

export const CaseSummary = Type.Object({
  id: Uuid,
  caseNumber: Type.String(),
  title: Type.String(),
  charge: Type.String(),
  stage: Type.String(),
  holderUnitId: Nullable(Uuid),
  holderUnitName: Nullable(Type.String()),
  regionCode: Type.String(),
  registeredAt: Type.String(),
  onPaper: Type.Boolean(),
});
export const CasePage = Type.Object({ items: Type.Array(CaseSummary), total: Type.Integer() });

export const PersonView = Type.Object({
  id: Uuid,
  role: PersonRoleSchema,
  name: Type.String({ description: 'masked' }),
  idNumber: Nullable(Type.String({ description: 'masked' })),
  phone: Nullable(Type.String({ description: 'masked' })),
  measure: Nullable(Type.String()),
  inCustody: Type.Boolean(),
});

export const PersonalData = Type.Object({
  id: Uuid,
  role: PersonRoleSchema,
  name: Type.String(),
  idNumber: Nullable(Type.String()),
  phone: Nullable(Type.String()),
});

export const MeasureBody = Type.Object(
  { measure: Id, documentIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })) },
  { additionalProperties: false },
);

const ClockChange = Type.Object({ action: Type.String(), rule: Type.String(), personId: Nullable(Uuid), clockId: Uuid });
export const MeasureResult = Type.Object({ clocks: Type.Array(ClockChange) });

export const UploadQuery = Type.Object(
  {
    kind: Id,
    name: FreeText(200),
    volume: Type.Optional(Type.Integer({ minimum: 1, maximum: 999 })),
  },
  { additionalProperties: false },
);

export const DocumentView = Type.Object({
  id: Uuid,
  kind: Type.String(),
  name: Type.String(),
  volume: Type.Integer(),
  sm3: Type.String(),
  mime: Type.String(),
  sizeBytes: Type.Integer(),
  pages: Type.Integer(),
  uploadedAt: Type.String(),
});

export const EvidenceBody = Type.Object(
  {
    checklistItem: Type.Optional(Nullable(Id)),
    description: FreeText(500, { multiline: true }),
    documentId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false },
);

export const TransitionBody = Type.Object(
  {
    transition: Id,
    documentIds: Type.Optional(Type.Array(Uuid, { maxItems: 200, uniqueItems: true })),
    receiverUnitId: Type.Optional(Uuid),
    personIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
    extension: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{1,40}$' })),
    override: Type.Optional(Type.Object({ reason: FreeText(500, { multiline: true, minLength: 4 }) }, { additionalProperties: false })),
    idempotencyKey: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{8,100}$' })),
    note: Type.Optional(FreeText(500, { multiline: true })),
  },
  { additionalProperties: false },
);

export const TransitionResult = Type.Object({
  caseId: Uuid,
  transition: Type.String(),
  stage: Type.String(),
  holderUnitId: Nullable(Uuid),
  transfer: Nullable(Type.Object({ id: Uuid, state: Type.String(), receiverUnitId: Uuid, replayed: Type.Boolean() })),
  clocks: Type.Array(ClockChange),
});

export const ReturnBody = Type.Object({ reason: FreeText(500, { multiline: true }) }, { additionalProperties: false });

export const VerificationResult = Type.Object({
  transferId: Uuid,
  ok: Type.Boolean(),
  failures: Type.Array(Type.Object({ what: Type.String(), documentId: Type.Optional(Uuid), zh: Type.String(), en: Type.String() })),
});

const Named = Type.Object({ zh: Type.String(), en: Type.String() });

export const CaseView = Type.Object({
  id: Uuid,
  caseNumber: Type.String(),
  title: Type.String(),
  charge: Type.String(),
  chargeName: Nullable(Bilingual),
  regionCode: Type.String(),
  stage: Type.String(),
  stageName: Named,
  holderUnitId: Nullable(Uuid),
  holderUnitName: Nullable(Type.String()),
  registeredAt: Type.String(),
  classified: Type.Boolean(),
  onPaper: Type.Boolean(),
  onPaperReason: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  counters: Type.Record(Type.String(), Type.Integer()),
  youHold: Type.Boolean(),
  persons: Type.Array(PersonView),
  clocks: Type.Array(
    Type.Object({
      id: Uuid,
      rule: Type.String(),
      name: Named,
      basis: Type.String(),
      personId: Nullable(Uuid),
      state: Type.String(),
      startedAt: Type.String(),
      dueAt: Nullable(Type.String()),
      provisional: Type.Boolean(),
      daysLeft: Nullable(Type.Integer()),
      events: Type.Integer(),
    }),
  ),
  documents: Type.Array(Type.Object({ ...DocumentView.properties, kindName: Named })),
  dossierPages: Type.Integer(),
  transfers: Type.Array(
    Type.Object({
      id: Uuid,
      transition: Type.String(),
      scenario: Type.String(),
      scenarioName: Type.String(),
      scenarioNameEn: Type.String(),
      senderUnitId: Uuid,
      senderUnitName: Type.String(),
      receiverUnitId: Uuid,
      receiverUnitName: Type.String(),
      sentAt: Type.String(),
      state: Type.String(),
      receivedAt: Nullable(Type.String()),
      returnReason: Nullable(Type.String()),
      toStage: Nullable(Type.String()),
      onPaper: Type.Boolean(),
      manifestSm3: Type.String(),
      documentIds: Type.Array(Uuid),
    }),
  ),
  evidence: Type.Object({
    items: Type.Array(Type.Object({ id: Uuid, checklistItem: Nullable(Type.String()), description: Type.String(), documentId: Nullable(Uuid), addedAt: Type.String() })),
    checklist: Type.Array(Type.Object({ id: Type.String(), name: Named, required: Type.Boolean(), when: Nullable(Type.String()) })),
    missing: Type.Array(Type.String()),
    toConfirm: Type.Array(Type.String()),
  }),
  timeline: Type.Array(
    Type.Object({
      id: Type.Integer(),
      at: Type.String(),
      kind: Type.String(),
      unitId: Nullable(Uuid),
      unitName: Nullable(Type.String()),
      userId: Nullable(Uuid),
      details: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
  loans: Type.Array(CaseLoanView),
  property: Type.Array(
    Type.Object({
      id: Uuid,
      description: Type.String(),
      quantity: Type.String(),
      storageReceipt: Type.String(),
      photoDocumentIds: Type.Array(Uuid),
      holderUnitId: Uuid,
      holderUnitName: Type.String(),
      state: Type.String(),
      registeredAt: Type.String(),
      disposal: Nullable(Type.String()),
      disposalDocumentId: Nullable(Uuid),
      disposedAt: Nullable(Type.String()),
      handovers: Type.Array(
        Type.Object({
          id: Uuid,
          transferId: Nullable(Uuid),
          fromUnitId: Uuid,
          fromUnitName: Type.String(),
          toUnitId: Uuid,
          toUnitName: Type.String(),
          sentAt: Type.String(),
          receivedAt: Nullable(Type.String()),
          cancelledAt: Nullable(Type.String()),
          note: Nullable(Type.String()),
        }),
      ),
    }),
  ),
  transitions: Type.Array(
    Type.Object({
      id: Type.String(),
      zh: Type.String(),
      en: Type.String(),
      to: Nullable(Type.String()),
      handsOver: Nullable(Type.String()),
      receiverAgencies: Type.Array(Type.String()),
      requires: Type.Array(Type.Object({ id: Type.String(), zh: Type.String(), en: Type.String() })),
      evidenceChecklist: Type.Boolean(),
    }),
  ),
});

export const UnitIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const UnitKeyView = Type.Object({ id: Uuid, unitId: Uuid, publicKey: Type.String(), createdAt: Type.String(), retiredAt: Nullable(Type.String()) });
export const UnitKeyList = Type.Object({ items: Type.Array(UnitKeyView) });
export const RotationResult = Type.Object({ retired: Nullable(UnitKeyView), active: UnitKeyView });
