import { Type } from 'typebox';
import { PANEL_IDS } from '../../engine/cockpit/panels.ts';
import { AgencySchema, Bilingual, Nullable, Paging, RegionCode, Uuid } from '../../shared/fields.ts';

export const PanelParams = Type.Object({ panel: Type.Enum(PANEL_IDS) }, { additionalProperties: false });

export const RegionQuery = Type.Object(
  { region: Type.Optional({ ...RegionCode, description: "the region shown (default: the caller's)" }) },
  { additionalProperties: false },
);

const Link = Nullable(Type.String({ description: 'the page listing what the figure counts' }));

export const PanelView = Type.Object({
  id: Type.String(),
  name: Bilingual,
  definition: Bilingual,
  region: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), level: Type.String(), parentCode: Nullable(Type.String()) }),
  asOf: Type.String({ format: 'date-time' }),
  figures: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Bilingual,
      kind: Type.Union([Type.Literal('count'), Type.Literal('rate')]),
      value: Nullable(Type.Number()),
      numerator: Type.Optional(Type.Number()),
      denominator: Type.Optional(Type.Number()),
      link: Link,
    }),
  ),
  series: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Bilingual,
      chart: Type.Union([Type.Literal('bar'), Type.Literal('stacked-bar'), Type.Literal('line'), Type.Literal('pie'), Type.Literal('treemap')]),
      points: Type.Array(Type.Object({ key: Type.String(), label: Bilingual, value: Nullable(Type.Number()), group: Type.Optional(Type.String()), link: Link })),
    }),
  ),
});

const Key = (description: string) => Type.String({ maxLength: 80, pattern: '^[a-z0-9][a-z0-9.-]*$', description });

export const ListQuery = Type.Object(
  {
    kind: Type.Union(['case', 'clock', 'warning', 'supervision', 'dispute', 'petition', 'transfer'].map((k) => Type.Literal(k)), { description: 'what is listed' }),
    region: Type.Optional(RegionCode),
    own: Type.Optional(Type.Boolean({ description: "only the region's own units, not those of the regions below" })),
    stage: Type.Optional(Key('a case stage')),
    agency: Type.Optional(AgencySchema),
    model: Type.Optional(Key('a warning model id')),
    unit: Type.Optional(Uuid),
    state: Type.Optional(Key('a state; for supervision items also not-closed or overdue')),
    month: Type.Optional(Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM, with figure: the month of a trend' })),
    figure: Type.Optional(Type.Union(['case.received', 'case.closed', 'warning.opened', 'supervision.raised', 'dispute.received', 'petition.received'].map((f) => Type.Literal(f)))),
    due: Type.Optional(Type.Union([Type.Literal('running'), Type.Literal('overdue'), Type.Literal('soon')])),
    custody: Type.Optional(Type.Boolean()),
    ...Paging,
  },
  { additionalProperties: false },
);

export const ListView = Type.Object({
  region: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      number: Type.String(),
      title: Type.String(),
      state: Type.String(),
      unitName: Type.String(),
      unitNameEn: Type.String(),
      at: Nullable(Type.String({ format: 'date-time' })),
      link: Type.String(),
    }),
  ),
});
