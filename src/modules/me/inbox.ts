import type { AppDeps } from '../../app-deps.ts';
import type { RequestContext } from '../auth/principal.ts';
import { caseInbox } from '../cases/inbox.ts';
import { disputeInbox } from '../disputes/inbox.ts';
import { gridEventInbox } from '../grid-events/inbox.ts';
import { loanInbox } from '../loans/inbox.ts';
import { propertyInbox } from '../property/inbox.ts';

export interface InboxItem {
  id: string;
  kind: string;
  title: string;
  /** The title in English, where the source can give one; the web app falls back to `title`. */
  titleEn?: string;
  dueAt: string | null;
  link: string;
}

/** A capability that puts work in users' inboxes (transfers to receive, clocks due, items to rectify…). */
export type InboxSource = (deps: AppDeps, ctx: RequestContext) => Promise<InboxItem[]>;

/**
 * The sources of the work inbox: the case flow's transfers to receive and clocks running, paper-dossier loans
 * to decide or overdue, seized property to receive, grid events and disputes whose next step is the caller's; supervision items
 * register theirs here when they arrive.
 */
const SOURCES: InboxSource[] = [caseInbox, loanInbox, propertyInbox, gridEventInbox, disputeInbox];

/** Every source's items for the caller, the soonest due first. */
export async function collectInbox(deps: AppDeps, ctx: RequestContext): Promise<InboxItem[]> {
  const lists = await Promise.all(SOURCES.map((source) => source(deps, ctx)));
  return lists.flat().sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
}
