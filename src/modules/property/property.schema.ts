import { Type } from 'typebox';
import { FreeText, Uuid } from '../../shared/fields.ts';
import { DISPOSALS } from './property.repository.ts';

export const PropertyIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const HandoverIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const NewPropertyBody = Type.Object(
  {
    description: FreeText(200, { description: 'what the item is, e.g. 黑色苹果手机一部（IMEI 35…）' }),
    quantity: FreeText(50, { description: 'how many or how much, with its unit: 1部, 3.5克, 人民币12,000元' }),
    storageReceipt: FreeText(60, { description: 'the number of the storage receipt (入库单号)' }),
    photoDocumentIds: Type.Optional(Type.Array(Uuid, { maxItems: 20, uniqueItems: true, description: 'image documents (JPEG, PNG) of the case\'s dossier' })),
  },
  { additionalProperties: false },
);

export const HandoverBody = Type.Object(
  {
    transferId: Uuid,
    propertyIds: Type.Array(Uuid, { minItems: 1, maxItems: 200, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const HandoverResult = Type.Object({
  transferId: Uuid,
  receiverUnitId: Uuid,
  handovers: Type.Array(Type.Object({ id: Uuid, propertyId: Uuid })),
});

export const ReceiveBody = Type.Object({ note: Type.Optional(FreeText(500, { multiline: true })) }, { additionalProperties: false });

export const ReceiveResult = Type.Object({ handoverId: Uuid, propertyId: Uuid, holderUnitId: Uuid, state: Type.Literal('held'), receivedAt: Type.String() });

export const DisposalBody = Type.Object(
  {
    disposal: Type.Enum(DISPOSALS, { description: 'returned-to-owner (发还), confiscated (没收), destroyed (销毁)' }),
    documentId: Uuid,
  },
  { additionalProperties: false },
);

export const DisposalResult = Type.Object({ id: Uuid, state: Type.Literal('disposed'), disposal: Type.Enum(DISPOSALS), disposalDocumentId: Uuid, disposedAt: Type.String() });
