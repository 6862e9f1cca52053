import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import type { TypedApp } from '../../http/typed.ts';
import { answerDeadline } from './deadlines.service.ts';
import { errors } from '../../shared/fields.ts';

const Moment = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?(Z|[+-]\\d{2}:\\d{2})?$',
  maxLength: 25,
  description: 'YYYY-MM-DDTHH:mm, China Standard Time unless an offset is given',
});
const Amount = Type.Integer({ minimum: 1, maximum: 9999 });
const Duration = Type.Object(
  { hours: Type.Optional(Amount), days: Type.Optional(Amount), workingDays: Type.Optional(Amount), months: Type.Optional(Amount) },
  { additionalProperties: false, minProperties: 1 },
);
const Basis = Type.Object({ law: Type.String(), article: Type.String() });
const Reason = Type.Optional(Type.String({ maxLength: 200, pattern: '^[^<>\\u0000-\\u001f]*$' }));
const ExtensionId = Type.String({ pattern: '^[a-z0-9-]{1,40}$' });

const PlainEvent = Type.Union([
  Type.Object({ type: Type.Literal('started'), at: Moment, custody: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('extension-granted'), at: Moment, extension: ExtensionId, length: Type.Optional(Duration) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('paused'), at: Moment, reason: Reason }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('resumed'), at: Moment }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('restarted'), at: Moment, reason: Reason }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('custody-changed'), at: Moment, custody: Type.Boolean() }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('stopped'), at: Moment, reason: Reason }, { additionalProperties: false }),
]);
const LedgerEvent = Type.Union([
  PlainEvent,
  Type.Object(
    { type: Type.Literal('corrected'), at: Moment, replaces: Type.Integer({ minimum: 0, maximum: 9999 }), event: PlainEvent },
    { additionalProperties: false },
  ),
]);

const Question = Type.Object(
  {
    rule: Type.String({ pattern: '^[a-z]+(\\.[a-z0-9-]+)+$', maxLength: 80 }),
    start: Type.Optional(Moment),
    custody: Type.Optional(Type.Boolean()),
    extend: Type.Optional(Type.Array(Type.Object({ id: ExtensionId, length: Type.Optional(Duration) }, { additionalProperties: false }), { maxItems: 20 })),
    events: Type.Optional(Type.Array(LedgerEvent, { maxItems: 500 })),
  },
  { additionalProperties: false },
);

const Answer = Type.Object({
  rule: Type.String(),
  state: Type.String({ description: 'running | paused | stopped' }),
  start: Type.String(),
  due: Type.Union([Type.String({ description: 'ISO 8601 with +08:00' }), Type.Null()]),
  provisional: Type.Boolean({ description: 'true when a day of a year with no official calendar loaded was consulted' }),
  custody: Type.Boolean(),
  basis: Type.Array(Basis),
  steps: Type.Array(Type.String(), { description: 'how the due moment was reached, in Chinese' }),
});

const RuleView = Type.Object({
  id: Type.String(),
  family: Type.String(),
  name: Type.Object({ zh: Type.String(), en: Type.String() }),
  startsOn: Type.Object({ event: Type.String(), zh: Type.String() }),
  direction: Type.String(),
  length: Duration,
  holiday: Type.String(),
  extensions: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.Object({ zh: Type.String(), en: Type.String() }),
      kind: Type.String(),
      length: Duration,
      minimum: Type.Optional(Duration),
      approver: Type.String(),
      basis: Type.Array(Basis),
    }),
  ),
  basis: Type.Array(Basis),
  note: Type.Optional(Type.String()),
});

export function deadlineRoutes(app: TypedApp, deps: AppDeps): void {
  app.post('/api/deadlines/compute', {
    config: { permission: { action: 'read', resource: 'time-limit-rule' } },
    schema: {
      tags: ['statutory clock'],
      summary: '计算期限届满时刻 / Compute a due moment',
      description: 'Either `start` (with `custody` and `extend`), or a ledger of `events`. An extension without a length takes its statutory maximum.',
      body: Question,
      response: { 200: Answer, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req) => {
    const { dueMs: _ms, ...answer } = answerDeadline(deps.clock, req.body);
    return answer;
  });

  app.get('/api/rules/time-limits', {
    config: { permission: { action: 'read', resource: 'time-limit-rule' } },
    schema: {
      tags: ['statutory clock'],
      summary: '法定期限规则 / Every time-limit rule with its basis',
      response: { 200: Type.Object({ items: Type.Array(RuleView), total: Type.Integer() }), ...errors(401, 403) },
    },
  }, async () => {
    const items = [...deps.clock.rules.values()];
    return { items, total: items.length };
  });
}
