/**
 * The collaboration rate (协同率) over a period, per unit or per county: the SQL gathers the units the caller
 * may see and their transfers; src/engine/collaboration/rate.ts counts and states the definition.
 */
import type { AppDeps } from '../../app-deps.ts';
import { cstDayOf, endOfCstDay, parseIsoDate } from '../../engine/clock/civil-date.ts';
import { RATE_DEFINITION, collaborationRates } from '../../engine/collaboration/rate.ts';
import { type Scope, scopeOf } from '../../engine/permissions/permissions.ts';
import { AppError } from '../../shared/errors.ts';
import type { RequestContext } from '../auth/principal.ts';
import { rateTransfers, rateUnits } from './collaboration.repository.ts';

type Deps = Pick<AppDeps, 'db' | 'caseFlow' | 'config' | 'now'>;
type ScopedDeps = Deps & Pick<AppDeps, 'permissions'>;

export interface RateQuery {
  from: string;
  to: string;
  by?: 'unit' | 'county';
  /** N of "received within N days"; default config.collaborationDays (CASELINK_COLLABORATION_DAYS). */
  days?: number;
}

/** The period's first and last CST day; DATE_INVALID for a date that does not exist, PERIOD_INVALID when from > to. */
export function parsePeriod(from: string, to: string): { fromDay: number; toDay: number } {
  const fromDay = parseIsoDate(from);
  const toDay = parseIsoDate(to);
  const bad = [...(fromDay === null ? ['from'] : []), ...(toDay === null ? ['to'] : [])];
  if (bad.length) {
    throw new AppError('DATE_INVALID', bad.map((field) => ({ field, message: { zh: '须为有效日期 YYYY-MM-DD', en: 'must be a real date, YYYY-MM-DD' } })));
  }
  if (fromDay! > toDay!) throw new AppError('PERIOD_INVALID', { from, to });
  return { fromDay: fromDay!, toDay: toDay! };
}

/** The agencies that hand cases over: the senders and receivers of the flow's hand-over transitions. */
function handOverAgencies(flow: Deps['caseFlow']): string[] {
  const agencies = new Set<string>();
  for (const t of flow.transitions.values()) {
    const scenario = t.handsOver ? flow.scenarios.get(t.handsOver) : undefined;
    for (const a of [...(scenario?.from ?? []), ...(scenario?.to ?? [])]) agencies.add(a);
  }
  return [...agencies].sort();
}

/** The rate for the units of a scope (null: every unit, for the command line). */
export async function collaborationRate(deps: Deps, scope: Scope | null, q: RateQuery) {
  const { fromDay, toDay } = parsePeriod(q.from, q.to);
  const days = q.days ?? deps.config.collaborationDays;
  const by = q.by ?? 'unit';
  const units = await rateUnits(deps.db, scope, handOverAgencies(deps.caseFlow));
  // [first day 00:00 CST, the day after the last 00:00 CST)
  const fromIso = new Date(endOfCstDay(fromDay - 1) + 1000).toISOString();
  const toIso = new Date(endOfCstDay(toDay) + 1000).toISOString();
  const transfers = await rateTransfers(deps.db, fromIso, toIso, units.map((u) => u.id));
  const result = collaborationRates(transfers, units, { fromDay, toDay, days, todayDay: cstDayOf(deps.now().getTime()) }, by);
  return { from: q.from, to: q.to, by, days, definition: RATE_DEFINITION(days), ...result };
}

/**
 * The rate as the caller may see it: a committee supervisor, the units of the region and below; a unit's handler
 * or head, their own unit — by unit only, since one unit's figures are not its county's.
 */
export async function collaborationRateFor(deps: ScopedDeps, ctx: RequestContext, q: RateQuery) {
  const scope = scopeOf(deps.permissions, ctx.principal, 'read', 'collaboration-rate');
  if ((q.by ?? 'unit') === 'county' && scope.conditions.every((c) => c.unit === 'own')) {
    throw new AppError('FORBIDDEN', { by: 'county' }, { zh: '按县汇总的协同率仅限政法委监督人员查看；本单位的协同率请按单位查询', en: "County figures are for committee supervisors; ask for your own unit's figures by unit" });
  }
  return collaborationRate(deps, scope, q);
}
