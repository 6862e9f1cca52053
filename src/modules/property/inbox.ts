/** What seized property puts in a user's work inbox (待办): items handed over to the user's unit, to receive. */
import type { AppDeps } from '../../app-deps.ts';
import type { RequestContext } from '../auth/principal.ts';
import { CASE_ROLES } from '../cases/inbox.ts';
import type { InboxItem } from '../me/inbox.ts';
import { handoversToReceive } from './property.repository.ts';

export async function propertyInbox(deps: AppDeps, ctx: RequestContext): Promise<InboxItem[]> {
  const p = ctx.principal;
  if (!CASE_ROLES.has(p.role)) return [];
  return (await handoversToReceive(deps.db, p.unitId)).map((h) => ({
    id: `property-handover:${h.id}`,
    kind: 'property-to-receive',
    title: `待接收涉案财物：${h.description} · ${h.caseNumber} ${h.caseTitle}（${h.fromUnitName}）`,
    titleEn: `Seized property to receive: ${h.description} · ${h.caseNumber} ${h.caseTitle} (${h.fromUnitName})`,
    // like a transfer, an item is to be received when it arrives; it sorts by when it was sent
    dueAt: h.sentAt,
    link: `/cases/${h.caseId}?handover=${h.id}`,
  }));
}
