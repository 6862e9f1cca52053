/**
 * What disputes put in a user's work inbox (待办): the disputes whose next step is the caller's unit's — to
 * assess, route, mediate, end, close or visit as the holder, to accept or decide on confirmation as the court —
 * with the moment the step is due. Notes, withdrawal, reopening, rating and follow-ups are never waiting work.
 */
import type { AppDeps } from '../../app-deps.ts';
import { DISPUTE_FLOW, type DisputeAction, availableActions } from '../../engine/disputes/dispute-flow.ts';
import type { RequestContext } from '../auth/principal.ts';
import type { InboxItem } from '../me/inbox.ts';
import { disputesAwaiting } from './disputes.repository.ts';

/** Enough for a working inbox; the list page has the rest. */
const INBOX_LIMIT = 200;
const NOT_WORK: ReadonlySet<DisputeAction> = new Set(['note', 'withdraw', 'reopen', 'rate', 'follow-up']);
/** Who works disputes (a grid worker only takes them in; supervisors only read). */
const WORKERS: ReadonlySet<string> = new Set(['governance-center', 'mediation-committee', 'court', 'justice-bureau']);

export async function disputeInbox(deps: AppDeps, ctx: RequestContext): Promise<InboxItem[]> {
  const p = ctx.principal;
  if (!WORKERS.has(p.agency) || !['handler', 'mediator', 'unit-head'].includes(p.role)) return [];
  const items: InboxItem[] = [];
  for (const d of await disputesAwaiting(deps.db, p.unitId, INBOX_LIMIT)) {
    const side = p.unitId === (d.handlingUnitId ?? d.intakeUnitId) ? 'holder' : 'court';
    const facts = {
      confirmationAccepted: d.confirmationState === 'accepted', closedOutcome: d.outcome, satisfaction: d.satisfaction, closedAtMs: d.closedAt === null ? null : Date.parse(d.closedAt),
      nowMs: deps.now().getTime(), reopenWithinDays: deps.disputeRules.matching.reopenWithinDays, handlingUnitId: d.handlingUnitId,
    };
    // a routed dispute waits for its mediation; routing it on is a way out, not the work waiting
    const actions = availableActions(d.state, side, facts).filter((a) => !NOT_WORK.has(a) && !(a === 'route' && d.state === 'routed'));
    if (actions.length === 0) continue;
    const names = actions.map((a) => DISPUTE_FLOW[a]);
    const type = deps.disputeRules.types.get(d.type);
    items.push({
      id: `dispute:${d.id}`,
      kind: `dispute-${actions[0]}`,
      title: `矛盾纠纷待${names.map((n) => n.zh).join('或')}：${d.number} ${type?.name.zh ?? d.type}`,
      titleEn: `Dispute, ${names.map((n) => n.en.toLowerCase()).join(' or ')}: ${d.number} ${type?.name.en ?? d.type}`,
      dueAt: d.dueAt,
      link: `/disputes/${d.id}`,
    });
  }
  return items;
}
