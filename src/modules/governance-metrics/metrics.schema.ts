import { Type } from 'typebox';
import { Bilingual, Day, Nullable, RegionCode } from '../../shared/fields.ts';

export const MetricsQuery = Type.Object(
  {
    from: Day('first day of the period, YYYY-MM-DD (China Standard Time), included'),
    to: Day('last day of the period, YYYY-MM-DD (China Standard Time), included'),
    region: Type.Optional({ ...RegionCode, description: "the region whose matters are counted (default: the caller's)" }),
    by: Type.Optional(Type.Union([Type.Literal('unit'), Type.Literal('region')], { default: 'unit', description: 'groups: the units counted, or the child regions of `region`' })),
    metric: Type.Optional(Type.String({ maxLength: 80, pattern: '^[a-z][a-z0-9.-]*$', description: 'one metric id only (default: all)' })),
  },
  { additionalProperties: false },
);

const Figure = {
  numerator: Type.Number({ description: "a rate's numerator, or an average's sum" }),
  denominator: Type.Number({ description: "a rate's denominator, or the number averaged" }),
  value: Nullable(Type.Number({ description: 'numerator / denominator (a share 0..1, or a mean); null when nothing was counted' })),
};

export const MetricsView = Type.Object({
  from: Type.String(),
  to: Type.String(),
  by: Type.String(),
  region: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
  metrics: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Bilingual,
      subject: Type.String(),
      kind: Type.Union([Type.Literal('rate'), Type.Literal('average')]),
      direction: Type.Union([Type.Literal('higher-better'), Type.Literal('lower-better')]),
      definition: Bilingual,
      total: Type.Object(Figure),
      groups: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), nameEn: Type.String(), ...Figure })),
    }),
  ),
});
