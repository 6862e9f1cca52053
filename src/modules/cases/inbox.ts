/**
 * What the case flow puts in a user's work inbox (待办): transfers addressed to the user's unit that wait to be
 * received, and the running clocks of the cases the unit holds, the soonest due first.
 */
import type { AppDeps } from '../../app-deps.ts';
import { maskName } from '../../shared/masking.ts';
import type { RequestContext } from '../auth/principal.ts';
import type { InboxItem } from '../me/inbox.ts';
import { incomingTransfers, runningClocksOfUnit } from './cases.repository.ts';

/** The roles that work cases, whose inbox holds case work (cases, loans, seized property). */
export const CASE_ROLES = new Set(['handler', 'unit-head']);

export async function caseInbox(deps: AppDeps, ctx: RequestContext): Promise<InboxItem[]> {
  const p = ctx.principal;
  if (!CASE_ROLES.has(p.role)) return [];
  const [incoming, clocks] = await Promise.all([incomingTransfers(deps.db, p.unitId), runningClocksOfUnit(deps.db, p.unitId, 100)]);
  const items: InboxItem[] = incoming.map((t) => ({
    id: `transfer:${t.id}`,
    kind: 'transfer-to-receive',
    title: `待接收：${deps.caseFlow.scenarios.get(t.scenario)?.zh ?? t.scenario} · ${t.caseNumber} ${t.title}（${t.senderUnitName}）`,
    titleEn: `To receive: ${deps.caseFlow.scenarios.get(t.scenario)?.en ?? t.scenario} · ${t.caseNumber} ${t.title} (${t.senderUnitName})`,
    // a transfer is to be received the same day; it sorts by when it was sent
    dueAt: t.sentAt,
    link: `/cases/${t.caseId}?transfer=${t.id}`,
  }));
  for (const k of clocks) {
    const rule = deps.clock.rules.get(k.ruleId);
    items.push({
      id: `clock:${k.id}`,
      kind: 'clock-due',
      title: `${rule?.name.zh ?? k.ruleId}${k.personName ? `（${maskName(k.personName)}）` : ''} · ${k.caseNumber} ${k.title}`,
      titleEn: `${rule?.name.en ?? k.ruleId}${k.personName ? ` (${maskName(k.personName)})` : ''} · ${k.caseNumber} ${k.title}`,
      dueAt: k.dueAt,
      link: `/cases/${k.caseId}`,
    });
  }
  return items;
}
