/**
 * Paper-dossier loans (纸质卷宗调阅, flows.md §1 scenario paper-loan): a unit party to a case asks the unit
 * holding it for the paper dossier (reason, pages wanted); the holder lends it with a due date or refuses with
 * a reason, and records its return. Each step goes on the case timeline and into the audit log, in the
 * transaction that makes it.
 */
import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/client.ts';
import { cstDayOf, isoDate, parseIsoDate } from '../../engine/clock/civil-date.ts';
import type { Agency } from '../../engine/organisation.ts';
import { type ResourceRef, isAllowed, scopeOf } from '../../engine/permissions/permissions.ts';
import { AppError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { type RequestContext, auditActor } from '../auth/principal.ts';
import { appendCaseEvent, findCase } from '../cases/cases.repository.ts';
import { caseRef, visibleCase } from '../cases/cases.service.ts';
import { type LoanRecord, type LoanState, findLoan, insertLoan, listLoans, openLoanId, recordDecision, recordReturn } from './loans.repository.ts';

type Deps = Pick<AppDeps, 'db' | 'permissions' | 'now'>;

/** Where a loan stands for the permission table: at the unit asked (the holder), the asking unit party to it. */
export const loanRef = (l: LoanRecord): ResourceRef => ({
  kind: 'paper-loan',
  unitId: l.holderUnitId,
  regionCode: l.regionCode,
  agency: l.holderAgency as Agency,
  partyUnitIds: [l.requesterUnitId],
});

/** Today in China Standard Time, YYYY-MM-DD. */
export const todayCst = (now: Date): string => isoDate(cstDayOf(now.getTime()));

export function presentLoan(l: LoanRecord, today: string) {
  return {
    id: l.id,
    caseId: l.caseId,
    caseNumber: l.caseNumber,
    caseTitle: l.caseTitle,
    requesterUnitId: l.requesterUnitId,
    requesterUnitName: l.requesterUnitName,
    holderUnitId: l.holderUnitId,
    holderUnitName: l.holderUnitName,
    reason: l.reason,
    pages: l.pages,
    state: l.state,
    requestedAt: l.requestedAt,
    decidedAt: l.decidedAt,
    refusalReason: l.refusalReason,
    dueDate: l.dueDate,
    returnedAt: l.returnedAt,
    overdue: l.state === 'lent' && l.dueDate !== null && l.dueDate < today,
  };
}

export async function requestLoan(deps: Deps, ctx: RequestContext, caseId: string, input: { reason: string; pages: string }): Promise<{ id: string }> {
  const p = ctx.principal;
  return deps.db.transaction(async (tx) => {
    const c = await visibleCase(deps, tx, ctx, caseId, 'read', true);
    if (!isAllowed(deps.permissions, p, 'create', { ...caseRef(c), kind: 'paper-loan' })) throw new AppError('FORBIDDEN', { caseId, action: 'create', resource: 'paper-loan' });
    if (!c.holderUnitId) throw new AppError('LOAN_CASE_NOT_HELD', { caseId });
    if (c.holderUnitId === p.unitId) throw new AppError('LOAN_OWN_CASE', { caseId });
    const open = await openLoanId(tx, c.id, p.unitId);
    if (open) throw new AppError('LOAN_ALREADY_OPEN', { caseId, loanId: open });
    const at = deps.now().toISOString();
    const id = await insertLoan(tx, { caseId: c.id, requesterUnitId: p.unitId, requestedBy: p.userId, holderUnitId: c.holderUnitId, reason: input.reason, pages: input.pages, requestedAt: at });
    const details = { loanId: id, holderUnitId: c.holderUnitId, pages: input.pages };
    await appendCaseEvent(tx, { caseId: c.id, at, kind: 'loan-requested', unitId: p.unitId, userId: p.userId, details: { ...details, reason: input.reason } });
    await appendAudit(tx, { ...auditActor(ctx), action: 'case.loan.request', resourceKind: 'case', resourceId: c.id, details });
    return { id };
  });
}

/**
 * The loan if the caller may change it: not found for a caller who may read neither the loan nor its case;
 * LOAN_NOT_HOLDER for one who may read it but is not the unit asked.
 */
async function loanToChange(deps: Deps, tx: Queryable, ctx: RequestContext, loanId: string): Promise<LoanRecord> {
  const loan = await findLoan(tx, loanId, true);
  if (!loan) throw new AppError('LOAN_NOT_FOUND', { loanId });
  const ref = loanRef(loan);
  if (isAllowed(deps.permissions, ctx.principal, 'update', ref)) return loan;
  const c = await findCase(tx, loan.caseId);
  const readable = isAllowed(deps.permissions, ctx.principal, 'read', ref) || (c !== null && isAllowed(deps.permissions, ctx.principal, 'read', caseRef(c)));
  throw readable ? new AppError('LOAN_NOT_HOLDER', { loanId }) : new AppError('LOAN_NOT_FOUND', { loanId });
}

export interface DecisionInput {
  approve: boolean;
  dueDate?: string;
  reason?: string;
}

/** Checks a decision's fields before anything is read: a due date (today or later) to lend, a reason to refuse. */
function checkDecision(input: DecisionInput, today: string): void {
  const field = (name: string, zh: string, en: string): never => {
    throw new AppError('VALIDATION_FAILED', [{ field: name, message: { zh, en } }]);
  };
  if (input.approve) {
    if (input.dueDate === undefined) field('dueDate', '同意调阅须填写归还日期', 'lending the dossier needs a due date');
    if (input.reason !== undefined) field('reason', '同意调阅不填写不同意理由', 'a reason is given only with a refusal');
    if (parseIsoDate(input.dueDate!) === null) {
      throw new AppError('DATE_INVALID', [{ field: 'dueDate', message: { zh: `「${input.dueDate}」不是有效日期`, en: `"${input.dueDate}" is not a real date` } }]);
    }
    if (input.dueDate! < today) throw new AppError('LOAN_DUE_DATE_PAST', { dueDate: input.dueDate, today });
  } else {
    if (input.reason === undefined) field('reason', '不同意调阅须说明理由', 'a refusal needs a reason');
    if (input.dueDate !== undefined) field('dueDate', '不同意调阅不填写归还日期', 'a due date is given only when lending');
  }
}

export async function decideLoan(deps: Deps, ctx: RequestContext, loanId: string, input: DecisionInput) {
  const p = ctx.principal;
  const now = deps.now();
  const today = todayCst(now);
  checkDecision(input, today);
  return deps.db.transaction(async (tx) => {
    const loan = await loanToChange(deps, tx, ctx, loanId);
    if (loan.state !== 'requested') throw new AppError('LOAN_ALREADY_DECIDED', { loanId, state: loan.state, decidedAt: loan.decidedAt });
    const at = now.toISOString();
    const state = input.approve ? 'lent' : 'refused';
    await recordDecision(tx, loan.id, { state, decidedAt: at, decidedBy: p.userId, dueDate: input.dueDate ?? null, refusalReason: input.reason ?? null });
    const details = { loanId: loan.id, requesterUnitId: loan.requesterUnitId, dueDate: input.dueDate ?? null };
    await appendCaseEvent(tx, { caseId: loan.caseId, at, kind: input.approve ? 'loan-lent' : 'loan-refused', unitId: p.unitId, userId: p.userId, details: { ...details, reason: input.reason ?? null } });
    await appendAudit(tx, { ...auditActor(ctx), action: input.approve ? 'case.loan.lend' : 'case.loan.refuse', resourceKind: 'case', resourceId: loan.caseId, details });
    return presentLoan({ ...loan, state, decidedAt: at, dueDate: input.dueDate ?? null, refusalReason: input.reason ?? null }, today);
  });
}

/** The holder records that the paper dossier came back. */
export async function returnLoan(deps: Deps, ctx: RequestContext, loanId: string) {
  const p = ctx.principal;
  const now = deps.now();
  const today = todayCst(now);
  return deps.db.transaction(async (tx) => {
    const loan = await loanToChange(deps, tx, ctx, loanId);
    if (loan.state !== 'lent') throw new AppError('LOAN_NOT_LENT', { loanId, state: loan.state });
    const at = now.toISOString();
    await recordReturn(tx, loan.id, at);
    const details = { loanId: loan.id, requesterUnitId: loan.requesterUnitId, dueDate: loan.dueDate, late: loan.dueDate !== null && loan.dueDate < today };
    await appendCaseEvent(tx, { caseId: loan.caseId, at, kind: 'loan-returned', unitId: p.unitId, userId: p.userId, details });
    await appendAudit(tx, { ...auditActor(ctx), action: 'case.loan.return', resourceKind: 'case', resourceId: loan.caseId, details });
    return presentLoan({ ...loan, state: 'returned', returnedAt: at }, today);
  });
}

export async function listLoansFor(
  deps: Deps,
  ctx: RequestContext,
  filter: { direction?: 'incoming' | 'outgoing'; state?: LoanState; limit: number; offset: number },
) {
  const today = todayCst(deps.now());
  const scope = scopeOf(deps.permissions, ctx.principal, 'read', 'paper-loan');
  const page = await listLoans(deps.db, scope, { ...filter, unitId: ctx.principal.unitId });
  return { total: page.total, items: page.items.map((l) => presentLoan(l, today)) };
}
