/**
 * The governance center's metrics per unit, per region and over a period (issue 6 part 5), each answered with
 * its definition. The caller sees the figures of what their permission scope covers ('governance-metric').
 */
import type { AppDeps } from '../../app-deps.ts';
import { endOfCstDay } from '../../engine/clock/civil-date.ts';
import { type MetricDefinition, figureOf } from '../../engine/governance-metrics/metrics.ts';
import { scopeOf } from '../../engine/permissions/permissions.ts';
import { AppError } from '../../shared/errors.ts';
import type { RequestContext } from '../auth/principal.ts';
import { parsePeriod } from '../collaboration/collaboration.service.ts';
import { countMetric, regionOf } from './metrics.repository.ts';

type Deps = Pick<AppDeps, 'db' | 'permissions'>;

export interface MetricsQuery {
  from: string;
  to: string;
  /** the region whose matters are counted (default: the caller's) */
  region?: string | undefined;
  /** groups: the units counted, or the region's child regions */
  by?: 'unit' | 'region' | undefined;
  /** one metric id only (default: all) */
  metric?: string | undefined;
}

export async function governanceMetrics(deps: Deps, definitions: readonly MetricDefinition[], ctx: RequestContext, q: MetricsQuery) {
  const { fromDay, toDay } = parsePeriod(q.from, q.to);
  const by = q.by ?? 'unit';
  const wanted = q.metric ? [q.metric] : definitions.map((d) => d.id);
  const unknown = wanted.filter((id) => !definitions.some((d) => d.id === id));
  if (unknown.length) throw new AppError('METRIC_UNKNOWN', { unknown, known: definitions.map((d) => d.id) });
  const region = await regionOf(deps.db, q.region ?? ctx.principal.regionCode);
  if (!region) throw new AppError('REGION_NOT_FOUND', { region: q.region });
  const scope = scopeOf(deps.permissions, ctx.principal, 'read', 'governance-metric');
  // [first day 00:00 CST, the day after the last 00:00 CST)
  const fromIso = new Date(endOfCstDay(fromDay - 1) + 1000).toISOString();
  const toIso = new Date(endOfCstDay(toDay) + 1000).toISOString();
  const metrics = [];
  for (const d of definitions.filter((x) => wanted.includes(x.id))) {
    const [total] = await countMetric(deps.db, d.id, { fromIso, toIso, regionCode: region.code, by: 'total' }, scope);
    const groups = await countMetric(deps.db, d.id, { fromIso, toIso, regionCode: region.code, by }, scope);
    metrics.push({
      ...d,
      total: { numerator: total!.numerator, denominator: total!.denominator, value: figureOf(total!) },
      groups: groups.map((g) => ({ key: g.key!, name: g.name ?? '', nameEn: g.nameEn ?? '', numerator: g.numerator, denominator: g.denominator, value: figureOf(g) })),
    });
  }
  return { from: q.from, to: q.to, by, region: { code: region.code, name: region.name, nameEn: region.nameEn }, metrics };
}
