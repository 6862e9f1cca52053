import { Type } from 'typebox';
import { Bilingual, Day, Nullable } from '../../shared/fields.ts';

export const CollaborationRateQuery = Type.Object(
  {
    from: Day('first day of the period, YYYY-MM-DD (China Standard Time), included'),
    to: Day('last day of the period, YYYY-MM-DD (China Standard Time), included'),
    by: Type.Optional(Type.Union([Type.Literal('unit'), Type.Literal('county')], { default: 'unit' })),
    days: Type.Optional(Type.Integer({ minimum: 0, maximum: 365, description: 'N of "received within N days" (default CASELINK_COLLABORATION_DAYS, 3)' })),
  },
  { additionalProperties: false },
);

const Figures = {
  sent: Type.Integer({ description: 'transfers sent in the period (denominator of sentOnlineRate)' }),
  sentOnline: Type.Integer({ description: 'of them, sent online (not on paper)' }),
  sentOnlineRate: Nullable(Type.Number({ description: 'sentOnline / sent, 0..1; null when nothing was sent' })),
  received: Type.Integer({ description: 'transfers addressed to the unit in the period, pending ones left out (denominator)' }),
  receivedInTime: Type.Integer({ description: 'of them, sent online and received within N days' }),
  receivedPending: Type.Integer({ description: 'still waiting and not yet N days old: not judged' }),
  receivedInTimeRate: Nullable(Type.Number({ description: 'receivedInTime / received, 0..1; null when there is nothing to judge' })),
};

export const CollaborationRateView = Type.Object({
  from: Type.String(),
  to: Type.String(),
  by: Type.String(),
  days: Type.Integer(),
  definition: Bilingual,
  total: Type.Object(Figures),
  items: Type.Array(
    Type.Object({
      key: Type.String({ description: 'the unit id, or the county code' }),
      name: Type.String(),
      nameEn: Type.String(),
      regionCode: Type.String(),
      agency: Nullable(Type.String()),
      units: Type.Integer(),
      ...Figures,
    }),
  ),
});
