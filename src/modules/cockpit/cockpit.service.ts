/**
 * The cockpit (驾驶舱, issue 7 part 1): one panel at a time for a region, from the counts the database keeps
 * current (cockpit_count), never a recount of the base tables per request; and the list behind any figure.
 * A caller sees the region of their permission scope ('cockpit') and the regions below it.
 */
import type { AppDeps } from '../../app-deps.ts';
import { cstDayOf, endOfCstDay, isoDate } from '../../engine/clock/civil-date.ts';
import {
  type CockpitRules,
  type Labels,
  type Panel,
  type PanelContext,
  type PanelId,
  addDays,
  casesPanel,
  clocksPanel,
  collaborationPanel,
  governancePanel,
  regionsPanel,
  riskPanel,
  supervisionPanel,
  trendsPanel,
  warningsPanel,
} from '../../engine/cockpit/panels.ts';
import { DISPUTE_STATE_NAMES, type DisputeState } from '../../engine/disputes/dispute-flow.ts';
import { scopeOf } from '../../engine/permissions/permissions.ts';
import { PETITION_STATE_NAMES, type PetitionState } from '../../engine/petitions/petition-flow.ts';
import { ITEM_STATE_NAMES, type ItemState } from '../../engine/supervision/item-flow.ts';
import { RISK_ASSESSMENT_FINAL_STATES } from '../../engine/risk-assessments/assessment-flow.ts';
import { AppError } from '../../shared/errors.ts';
import { pageWindow } from '../../shared/fields.ts';
import type { RequestContext } from '../auth/principal.ts';
import * as repo from './cockpit.repository.ts';
import type { ListSelection, RegionRow } from './cockpit.repository.ts';

type Deps = Pick<AppDeps, 'db' | 'permissions' | 'caseFlow' | 'warningModels' | 'now'>;

export interface Organisation {
  agencyName(agency: string): { zh: string; en: string };
}

/** The region asked (default: the caller's), refused when it does not exist or lies outside the caller's scope. */
async function regionFor(deps: Deps, ctx: RequestContext, code: string | undefined): Promise<RegionRow> {
  const region = await repo.readRegion(deps.db, code ?? ctx.principal.regionCode);
  if (!region) throw new AppError('REGION_NOT_FOUND', { region: code });
  const scope = scopeOf(deps.permissions, ctx.principal, 'read', 'cockpit');
  const anywhere = scope.conditions.some((c) => c.region === 'any');
  const mine = ctx.principal.regionPrefix;
  // below the caller's region, or above it (the caller then sees only their own units' share of it)
  if (!anywhere && !region.code.startsWith(mine) && !mine.startsWith(region.scopePrefix)) throw new AppError('FORBIDDEN', { region: region.code });
  return region;
}

function labelsFor(deps: Deps, org: Organisation): Labels {
  const named = <K extends string>(names: Record<K, { zh: string; en: string }>) => (id: string) => names[id as K] ?? { zh: id, en: id };
  return {
    stage: (id) => {
      const s = deps.caseFlow.stages.get(id);
      return s ? { zh: s.zh, en: s.en } : { zh: id, en: id };
    },
    agency: (id) => org.agencyName(id),
    model: (id) => deps.warningModels.models.get(id)?.name ?? { zh: id, en: id },
    supervisionState: named<ItemState>(ITEM_STATE_NAMES),
    disputeState: named<DisputeState>(DISPUTE_STATE_NAMES),
    petitionState: named<PetitionState>(PETITION_STATE_NAMES),
  };
}

/** Today and the moments the panels compare with, in China Standard Time. */
function momentsOf(now: Date, rules: CockpitRules) {
  const day = cstDayOf(now.getTime());
  const today = isoDate(day);
  return { today, soonEnd: addDays(today, rules.dueSoonDays), todayStart: new Date(endOfCstDay(day - 1) + 1000).toISOString(), now: now.toISOString() };
}

export interface PanelView extends Panel {
  region: { code: string; name: string; nameEn: string; level: string; parentCode: string | null };
  asOf: string;
}

/** One panel of the cockpit for a region. */
export async function cockpitPanel(deps: Deps, rules: CockpitRules, org: Organisation, ctx: RequestContext, id: PanelId, q: { region?: string | undefined }): Promise<PanelView> {
  const region = await regionFor(deps, ctx, q.region);
  const scope = scopeOf(deps.permissions, ctx.principal, 'read', 'cockpit');
  const now = deps.now();
  const m = momentsOf(now, rules);
  const children = await repo.childRegions(deps.db, region.code);
  const pc: PanelContext = { region: region.code, children, today: m.today, rules, labels: labelsFor(deps, org) };
  const counts = (figures: string[]) => repo.countsByChild(deps.db, region, figures, scope);
  let panel: Panel;
  switch (id) {
    case 'cases':
      panel = casesPanel(await counts(['case.open']), pc);
      break;
    case 'clocks':
      panel = clocksPanel(await repo.clockBuckets(deps.db, region, m, scope), await repo.clocksOverdueToday(deps.db, region, m, scope), pc);
      break;
    case 'warnings':
      panel = warningsPanel(await counts(['warning.open']), await repo.countsByUnit(deps.db, region, 'warning.open', scope, rules.topN), pc);
      break;
    case 'supervision':
      panel = supervisionPanel(await counts(['supervision.state']), await repo.supervisionOverdue(deps.db, region, m.now, scope), pc);
      break;
    case 'collaboration':
      panel = collaborationPanel(await counts(['transfer.sent']), pc);
      break;
    case 'governance':
      panel = governancePanel(await counts(['dispute.closed', 'dispute.open', 'petition.open', 'limit.petition']), pc);
      break;
    case 'trends':
      panel = trendsPanel(await counts(['case.received', 'case.closed', 'warning.opened', 'supervision.raised', 'dispute.received', 'petition.received']), pc);
      break;
    case 'regions': {
      const [rows, clocks, overdueToday] = [
        await counts(['case.open', 'warning.open', 'supervision.state', 'dispute.open']),
        await repo.clockBuckets(deps.db, region, m, scope),
        await repo.clocksOverdueToday(deps.db, region, m, scope),
      ];
      panel = regionsPanel(rows, clocks, overdueToday, pc);
      break;
    }
    case 'risk':
      panel = riskPanel(await repo.openAssessmentsByRating(deps.db, region, RISK_ASSESSMENT_FINAL_STATES, scope), pc);
      break;
  }
  return { ...panel, region: { code: region.code, name: region.name, nameEn: region.nameEn, level: region.level, parentCode: region.parentCode }, asOf: now.toISOString() };
}

export interface ListQuery extends Omit<ListSelection, 'own' | 'custody'> {
  region?: string | undefined;
  own?: boolean | undefined;
  custody?: boolean | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** The rows behind a cockpit figure, a page at a time (what the figure counted, in the caller's scope). */
export async function cockpitList(deps: Deps, rules: CockpitRules, ctx: RequestContext, q: ListQuery) {
  const region = await regionFor(deps, ctx, q.region);
  const scope = scopeOf(deps.permissions, ctx.principal, 'read', 'cockpit');
  const { limit, offset } = pageWindow(q);
  const { region: _r, page: _p, pageSize: _s, ...selection } = q;
  const listed = await repo.listBehind(deps.db, region, selection as ListSelection, { ...momentsOf(deps.now(), rules), limit, offset }, scope);
  return { region: { code: region.code, name: region.name, nameEn: region.nameEn }, total: listed.total, items: listed.rows };
}
