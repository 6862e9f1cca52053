import { Type } from 'typebox';
import { Day, FreeText, Nullable, Paging, Uuid } from '../../shared/fields.ts';
import { LOAN_STATES } from './loans.repository.ts';

export const LoanIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const LoanRequestBody = Type.Object(
  {
    reason: FreeText(500, { multiline: true }),
    pages: FreeText(200, { description: 'the volumes or pages wanted, e.g. 第1卷第20-35页' }),
  },
  { additionalProperties: false },
);

export const LoanDecisionBody = Type.Object(
  {
    approve: Type.Boolean(),
    dueDate: Type.Optional(Day('YYYY-MM-DD (China Standard Time), today or later; required to lend')),
    reason: Type.Optional(FreeText(500, { multiline: true })),
  },
  { additionalProperties: false },
);

export const LoanListQuery = Type.Object(
  {
    direction: Type.Optional(Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')], { description: 'incoming: asked of your unit; outgoing: asked by it' })),
    state: Type.Optional(Type.Enum(LOAN_STATES)),
    ...Paging,
  },
  { additionalProperties: false },
);

/** A loan's fields as the case page lists them (the case's own loans) and as the loan routes answer them. */
const LoanFields = {
  requesterUnitId: Uuid,
  requesterUnitName: Type.String(),
  holderUnitId: Uuid,
  holderUnitName: Type.String(),
  reason: Type.String(),
  pages: Type.String(),
  state: Type.Enum(LOAN_STATES),
  requestedAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  refusalReason: Nullable(Type.String()),
  dueDate: Nullable(Type.String()),
  returnedAt: Nullable(Type.String()),
};

/** A loan on its case's page. */
export const CaseLoanView = Type.Object({ id: Uuid, ...LoanFields });

export const LoanView = Type.Object({
  id: Uuid,
  caseId: Uuid,
  caseNumber: Type.String(),
  caseTitle: Type.String(),
  ...LoanFields,
  overdue: Type.Boolean(),
});

export const LoanPage = Type.Object({ items: Type.Array(LoanView), total: Type.Integer() });
