/**
 * What grid events put in a user's work inbox (待办): the events whose next step is the caller's to take — to
 * accept, to handle or escalate, to assign, to handle, to verify, to close, to rate — with the moment it is due.
 */
import type { AppDeps } from '../../app-deps.ts';
import { GRID_EVENT_FLOW, availableActions, sidesOf } from '../../engine/grid-events/event-flow.ts';
import type { RequestContext } from '../auth/principal.ts';
import type { InboxItem } from '../me/inbox.ts';
import { gridEventsNear } from './grid-events.repository.ts';

/** Enough for a working inbox; the list page has the rest. */
const INBOX_LIMIT = 200;

export async function gridEventInbox(deps: AppDeps, ctx: RequestContext): Promise<InboxItem[]> {
  const p = ctx.principal;
  if (p.role === 'supervisor' || p.role === 'auditor' || p.role === 'administrator') return [];
  const caller = { userId: p.userId, unitId: p.unitId, role: p.role };
  const items: InboxItem[] = [];
  for (const e of await gridEventsNear(deps.db, p.unitId, p.userId, INBOX_LIMIT)) {
    const actions = availableActions(e, sidesOf(caller, e));
    if (actions.length === 0) continue;
    const names = actions.map((a) => GRID_EVENT_FLOW[a]);
    const category = deps.gridEventRules.categories.find((c) => c.id === e.category);
    items.push({
      id: `grid-event:${e.id}`,
      kind: `grid-event-${actions[0]}`,
      title: `社会治理事件待${names.map((n) => n.zh).join('或')}：${e.number} ${category?.zh ?? e.category}（${e.address}）`,
      titleEn: `Grid event, ${names.map((n) => n.en.toLowerCase()).join(' or ')}: ${e.number} ${category?.en ?? e.category} (${e.address})`,
      dueAt: e.dueAt,
      link: `/grid-events/${e.id}`,
    });
  }
  return items;
}
