/**
 * What paper-dossier loans put in a user's work inbox (待办): loans asked of the user's unit and waiting for
 * its decision, and lent dossiers past their due date — for the unit that lent them (to ask for them back)
 * and the unit that borrowed them (to return them).
 */
import type { AppDeps } from '../../app-deps.ts';
import { endOfCstDay, parseIsoDate } from '../../engine/clock/civil-date.ts';
import type { RequestContext } from '../auth/principal.ts';
import { CASE_ROLES } from '../cases/inbox.ts';
import type { InboxItem } from '../me/inbox.ts';
import { loansForInbox } from './loans.repository.ts';
import { todayCst } from './loans.service.ts';

export async function loanInbox(deps: AppDeps, ctx: RequestContext): Promise<InboxItem[]> {
  const p = ctx.principal;
  if (!CASE_ROLES.has(p.role)) return [];
  const loans = await loansForInbox(deps.db, p.unitId, todayCst(deps.now()));
  return loans.map((l): InboxItem => {
    const link = `/cases/${l.caseId}?loan=${l.id}`;
    if (l.state === 'requested') {
      return {
        id: `loan:${l.id}`,
        kind: 'loan-to-decide',
        title: `待审批调阅：${l.caseNumber} ${l.caseTitle}（${l.requesterUnitName}）`,
        titleEn: `Paper dossier asked for: ${l.caseNumber} ${l.caseTitle} (${l.requesterUnitName})`,
        dueAt: l.requestedAt,
        link,
      };
    }
    // lent and past due: the due date's last second is when it fell due
    const dueAt = new Date(endOfCstDay(parseIsoDate(l.dueDate!)!)).toISOString();
    return l.holderUnitId === p.unitId
      ? {
          id: `loan:${l.id}`,
          kind: 'loan-overdue',
          title: `调阅卷宗逾期未还：${l.caseNumber} ${l.caseTitle}（${l.requesterUnitName}，应于${l.dueDate}归还）`,
          titleEn: `Paper dossier not returned: ${l.caseNumber} ${l.caseTitle} (${l.requesterUnitName}, due ${l.dueDate})`,
          dueAt,
          link,
        }
      : {
          id: `loan:${l.id}`,
          kind: 'loan-to-return',
          title: `调阅卷宗已逾期，请归还：${l.caseNumber} ${l.caseTitle}（${l.holderUnitName}，应于${l.dueDate}归还）`,
          titleEn: `Return the paper dossier, overdue: ${l.caseNumber} ${l.caseTitle} (${l.holderUnitName}, due ${l.dueDate})`,
          dueAt,
          link,
        };
  });
}
