/**
 * Listed remediation (挂牌整治, issue 7 part 2): the committee of a region lists a region below it with the problem,
 * goals (an indicator with the value to reach, or a goal in words) and a deadline; the listed region's committee
 * (or one above) records progress; the listing committee extends a passed deadline and lifts the listing, goals met
 * or not, with a reason. Each step is one transaction with its timeline event and audit record
 * (src/engine/indicators/remediation-flow.ts decides which step a state allows).
 */
import type { AppDeps } from '../../app-deps.ts';
import { cstDayOf, parseIsoDate } from '../../engine/clock/civil-date.ts';
import { SAFETY_INDEX_ID } from '../../engine/indicators/definitions.ts';
import { type RemediationAction, actionNeedsHigherRegion, nextRemediationState } from '../../engine/indicators/remediation-flow.ts';
import { isAllowed } from '../../engine/permissions/permissions.ts';
import type { LoadedIndicators } from '../../rules/load-indicators.ts';
import { AppError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { type RequestContext, auditActor } from '../auth/principal.ts';
import * as repo from './indicators.repository.ts';

type Deps = Pick<AppDeps, 'db' | 'permissions' | 'now'>;

const refOf = (regionCode: string) => ({ kind: 'remediation' as const, unitId: null, regionCode, agency: 'committee' as const });

/** May the caller take this step on a listing of `regionCode`? Listing, extending, lifting: only from a region above. */
function mayAct(deps: Deps, ctx: RequestContext, regionCode: string, action: RemediationAction | 'list'): boolean {
  const p = ctx.principal;
  const op = action === 'list' ? 'create' : 'update';
  if (!isAllowed(deps.permissions, p, op, refOf(regionCode))) return false;
  return !actionNeedsHigherRegion(action) || regionCode !== p.regionCode;
}

function deadlineDay(date: string, field: string, today: number): number {
  const day = parseIsoDate(date);
  if (day === null) throw new AppError('DATE_INVALID', [{ field, message: { zh: '须为有效日期 YYYY-MM-DD', en: 'must be a real date, YYYY-MM-DD' } }]);
  if (day < today) throw new AppError('DATE_INVALID', [{ field, message: { zh: '期限不能早于今天', en: 'cannot be before today' } }]);
  return day;
}

export interface ListInput {
  regionCode: string;
  problem: string;
  goals: repo.RemediationGoal[];
  deadline: string;
  snapshotId?: string | undefined;
}

function checkGoals(loaded: LoadedIndicators, goals: repo.RemediationGoal[]): repo.RemediationGoal[] {
  const known = [SAFETY_INDEX_ID, ...loaded.indicators.map((d) => d.id)];
  const problems: { field: string; message: { zh: string; en: string } }[] = [];
  goals.forEach((g, i) => {
    if (!g.indicatorId && !g.text) problems.push({ field: `goals[${i}]`, message: { zh: '须指明指标或填写目标', en: 'name an indicator or write the goal' } });
    if (g.indicatorId && !known.includes(g.indicatorId)) problems.push({ field: `goals[${i}].indicatorId`, message: { zh: '没有这项指标', en: `no such indicator (known: ${known.join(', ')})` } });
    if (g.indicatorId && g.target === undefined) problems.push({ field: `goals[${i}].target`, message: { zh: '指标目标须有目标值', en: 'an indicator goal needs a target value' } });
  });
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems);
  return goals.map((g) => ({ ...(g.indicatorId ? { indicatorId: g.indicatorId } : {}), ...(g.text ? { text: g.text } : {}), ...(g.target !== undefined ? { target: g.target } : {}) }));
}

/** Lists a region for remediation: only a committee supervisor of a region above it; one open listing per region. */
export async function listRegion(deps: Deps, loaded: LoadedIndicators, ctx: RequestContext, input: ListInput) {
  const region = await repo.findRegion(deps.db, input.regionCode);
  if (!region) throw new AppError('REGION_NOT_FOUND', { region: input.regionCode });
  if (!mayAct(deps, ctx, region.code, 'list')) {
    throw new AppError('FORBIDDEN', { region: region.code }, { zh: '挂牌整治由上级政法委监督人员对下级地区作出', en: 'A region is listed by the committee supervisors of a region above it' });
  }
  const goals = checkGoals(loaded, input.goals);
  const today = cstDayOf(deps.now().getTime());
  deadlineDay(input.deadline, 'deadline', today);
  if (input.snapshotId) {
    const [s] = await deps.db.query<{ id: string }>('SELECT id FROM indicator_snapshot WHERE id::text = $1', [input.snapshotId]);
    if (!s) throw new AppError('VALIDATION_FAILED', [{ field: 'snapshotId', message: { zh: '没有这个快照', en: 'no such snapshot' } }]);
  }
  if (await repo.openRemediationOf(deps.db, region.code)) throw new AppError('REMEDIATION_ALREADY_LISTED', { region: region.code });
  const at = deps.now().toISOString();
  let id: string;
  try {
    id = await deps.db.transaction(async (tx) => {
      const listingId = await repo.insertRemediation(tx, {
        regionCode: region.code, problem: input.problem, goals, listedAt: at, deadline: input.deadline, listedByUnitId: ctx.principal.unitId, listedBy: ctx.principal.userId, snapshotId: input.snapshotId ?? null,
      });
      await repo.insertRemediationEvent(tx, { listingId, at, kind: 'listed', unitId: ctx.principal.unitId, userId: ctx.principal.userId, note: input.problem, data: { goals, deadline: input.deadline }, fromState: null, toState: 'listed' });
      await appendAudit(tx, { ...auditActor(ctx), action: 'remediation.list', resourceKind: 'remediation', resourceId: listingId, details: { region: region.code, deadline: input.deadline, goals: goals.length } });
      return listingId;
    });
  } catch (error) {
    if (error instanceof Error && error.message.includes('remediation_listing_open_idx')) throw new AppError('REMEDIATION_ALREADY_LISTED', { region: region.code });
    throw error;
  }
  return remediationPage(deps, loaded, ctx, id);
}

async function visibleListing(deps: Deps, ctx: RequestContext, id: string): Promise<repo.RemediationRecord> {
  const l = await repo.findRemediation(deps.db, id);
  if (!l || !isAllowed(deps.permissions, ctx.principal, 'read', refOf(l.regionCode))) throw new AppError('NOT_FOUND', { remediation: id });
  return l;
}

/** A listing with its goals (each indicator goal with the region's latest value in a snapshot, and whether it meets the target), its timeline, and the steps the caller may take. */
export async function remediationPage(deps: Deps, loaded: LoadedIndicators, ctx: RequestContext, id: string) {
  const l = await visibleListing(deps, ctx, id);
  const latest = await repo.latestRegionValues(deps.db, l.regionCode);
  const direction = (indicatorId: string) => (indicatorId === SAFETY_INDEX_ID ? 'higher-better' : loaded.indicators.find((d) => d.id === indicatorId)?.direction ?? 'higher-better');
  const goals = l.goals.map((g) => {
    if (!g.indicatorId) return { ...g, latest: null, met: null };
    const v = latest.get(g.indicatorId);
    const value = v?.value ?? null;
    const met = value === null || g.target === undefined ? null : direction(g.indicatorId) === 'higher-better' ? value >= g.target : value <= g.target;
    return { ...g, latest: v ? { value, period: v.period, periodKind: v.periodKind } : null, met };
  });
  const today = cstDayOf(deps.now().getTime());
  const deadlinePassed = (parseIsoDate(l.deadline) ?? today) < today;
  const actions = (['progress', 'extend', 'lift'] as const).filter((a) => nextRemediationState(l.state, a, deadlinePassed) !== null && mayAct(deps, ctx, l.regionCode, a));
  return { ...l, goals, overdue: l.state !== 'lifted' && deadlinePassed, actions, timeline: await repo.remediationTimeline(deps.db, l.id) };
}

export async function listRemediationsFor(deps: Deps, ctx: RequestContext, q: { region?: string | undefined; state?: repo.RemediationState | undefined; limit: number; offset: number }) {
  const today = cstDayOf(deps.now().getTime());
  const { items, total } = await repo.listRemediations(deps.db, { scopePrefix: ctx.principal.regionPrefix, regionPrefix: q.region, state: q.state, limit: q.limit, offset: q.offset });
  return { items: items.map((l) => ({ ...l, overdue: l.state !== 'lifted' && (parseIsoDate(l.deadline) ?? today) < today })), total };
}

export type StepInput =
  | { action: 'progress'; note: string; values?: { goal: number; value: number }[] | undefined }
  | { action: 'extend'; note: string; deadline: string }
  | { action: 'lift'; note: string; goalsMet: boolean };

/** Takes a step on a listing: progress, extend (a passed deadline), lift. */
export async function actOnRemediation(deps: Deps, loaded: LoadedIndicators, ctx: RequestContext, id: string, input: StepInput) {
  const l = await visibleListing(deps, ctx, id);
  if (!mayAct(deps, ctx, l.regionCode, input.action)) {
    throw new AppError('FORBIDDEN', { remediation: id, action: input.action }, input.action === 'progress'
      ? { zh: '整治进展由被挂牌地区或上级政法委监督人员填报', en: "Progress is recorded by the committee supervisors of the listed region or above" }
      : { zh: '延期和摘牌由上级政法委监督人员作出', en: 'Extending and lifting are for the committee supervisors of a region above' });
  }
  const today = cstDayOf(deps.now().getTime());
  const deadlinePassed = (parseIsoDate(l.deadline) ?? today) < today;
  const next = nextRemediationState(l.state, input.action, deadlinePassed);
  if (next === null) throw new AppError('REMEDIATION_WRONG_STATE', { state: l.state, action: input.action, deadline: l.deadline });
  const at = deps.now().toISOString();
  let data: Record<string, unknown> = {};
  let change: Parameters<typeof repo.updateRemediation>[3] = { state: next };
  if (input.action === 'progress') {
    const bad = (input.values ?? []).filter((v) => v.goal >= l.goals.length);
    if (bad.length) throw new AppError('VALIDATION_FAILED', bad.map((v) => ({ field: 'values[].goal', message: { zh: `没有第 ${v.goal} 项目标`, en: `there is no goal ${v.goal}` } })));
    data = { values: input.values ?? [] };
  } else if (input.action === 'extend') {
    const day = deadlineDay(input.deadline, 'deadline', today);
    if (day <= (parseIsoDate(l.deadline) ?? 0)) throw new AppError('DATE_INVALID', [{ field: 'deadline', message: { zh: '新期限须晚于原期限', en: 'must be after the current deadline' } }]);
    data = { from: l.deadline, to: input.deadline };
    change = { state: next, deadline: input.deadline };
  } else {
    data = { goalsMet: input.goalsMet };
    change = { state: next, liftedAt: at, goalsMet: input.goalsMet, liftReason: input.note };
  }
  await deps.db.transaction(async (tx) => {
    if (!(await repo.updateRemediation(tx, l.id, l.version, change))) throw new AppError('REMEDIATION_WRONG_STATE', { state: l.state, action: input.action, concurrent: true });
    const kind = input.action === 'extend' ? 'extended' : input.action === 'lift' ? 'lifted' : 'progress';
    await repo.insertRemediationEvent(tx, { listingId: l.id, at, kind, unitId: ctx.principal.unitId, userId: ctx.principal.userId, note: input.note, data, fromState: l.state, toState: next });
    await appendAudit(tx, { ...auditActor(ctx), action: `remediation.${input.action}`, resourceKind: 'remediation', resourceId: l.id, details: { region: l.regionCode, from: l.state, to: next } });
  });
  return remediationPage(deps, loaded, ctx, l.id);
}
