/**
 * Indicators and rankings (晾晒, issue 7 part 2): the definitions (rules/indicators.yaml), snapshots of a period
 * for a region — base metrics counted, the pure engine's values, scores, ranks and safety index, the change since
 * the previous period's snapshot, all written in one transaction with its audit record and never recomputed —
 * and the rankings read back from them.
 */
import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/client.ts';
import { cstDayOf, endOfCstDay } from '../../engine/clock/civil-date.ts';
import { type IndicatorDefinition, SAFETY_INDEX_ID, type SubjectKind } from '../../engine/indicators/definitions.ts';
import { type Period, type PeriodKind, hasEnded, parsePeriod, previousPeriod } from '../../engine/indicators/period.ts';
import { type Subject, rankSubjects } from '../../engine/indicators/ranking.ts';
import { isAllowed } from '../../engine/permissions/permissions.ts';
import type { LoadedIndicators } from '../../rules/load-indicators.ts';
import { AppError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { type RequestContext, auditActor } from '../auth/principal.ts';
import * as repo from './indicators.repository.ts';

type Deps = Pick<AppDeps, 'db' | 'permissions' | 'config' | 'now'>;

/** An indicator as the API and a snapshot show it. */
export function presentIndicator(d: IndicatorDefinition) {
  return {
    id: d.id,
    name: d.name,
    formula: d.formula,
    metrics: d.metrics,
    direction: d.direction,
    weight: d.weight,
    unit: d.unit,
    scoring: d.scoring,
    source: d.source,
    subjects: d.subjects,
    agencies: d.agencies,
  };
}

export function indicatorDefinitions(loaded: LoadedIndicators) {
  return {
    rulesDigest: loaded.digest,
    safetyIndex: {
      id: SAFETY_INDEX_ID,
      name: { zh: '平安指数', en: 'Safety index' },
      method: {
        zh: '各项指标得分（0-100）按权重加权求和；某项指标无数据（分母为零）时不计入，其余权重按比例放大',
        en: 'The weighted sum of the indicators\' scores (0-100); an indicator with nothing to judge (a zero denominator) is left out and the other weights scaled up',
      },
    },
    indicators: loaded.indicators.map(presentIndicator),
  };
}

/** The period a kind and label name: PERIOD_LABEL_INVALID when it names none. */
export function periodOf(kind: PeriodKind, label: string): Period {
  const p = parsePeriod(kind, label);
  if (!p) throw new AppError('PERIOD_LABEL_INVALID', { periodKind: kind, period: label });
  return p;
}

export interface TakeInput {
  periodKind: PeriodKind;
  period: string;
  /** the ranking region (default: the caller's; for the scheduler and the command line, the province) */
  region?: string | undefined;
}

/** Who takes it: an account (checked against the permission table), or the system (the scheduler, the command line). */
export type Taker = { ctx: RequestContext } | { system: string };

/** Counts, ranks and writes a snapshot inside `tx`; answers its id and how many values were written. */
async function writeSnapshot(deps: Deps, loaded: LoadedIndicators, tx: Queryable, period: Period, region: repo.RegionRow, takenBy: string | null): Promise<{ id: string; values: number }> {
  const now = deps.now();
  const w: repo.MetricWindow = {
    fromIso: new Date(endOfCstDay(period.fromDay - 1) + 1000).toISOString(),
    toIso: new Date(endOfCstDay(period.toDay) + 1000).toISOString(),
    days: deps.config.collaborationDays,
    nowIso: now.toISOString(),
  };
  const names = [...new Set(loaded.indicators.flatMap((d) => d.metrics))];
  const counts = await repo.countBaseMetrics(tx, names, w);
  const zero = Object.fromEntries(names.map((n) => [n, 0]));
  const units = await repo.unitsWithin(tx, region.scopePrefix);
  const unitSubjects: Subject[] = units.map((u) => ({ kind: 'unit', key: u.id, name: u.name, agency: u.agency, metrics: { ...zero, ...counts.get(u.id) } }));
  const regionSubjects: Subject[] = (await repo.childRegions(tx, region.code)).map((c) => {
    const sum: Record<string, number> = { ...zero };
    for (const u of units) {
      if (!u.regionCode.startsWith(c.scopePrefix)) continue;
      for (const [k, v] of Object.entries(counts.get(u.id) ?? {})) sum[k] = (sum[k] ?? 0) + v;
    }
    return { kind: 'region', key: c.code, name: c.name, agency: null, metrics: sum };
  });
  const prev = previousPeriod(period);
  const prevSnapshot = await repo.findSnapshot(tx, { periodKind: prev.kind, period: prev.label, regionCode: region.code });
  const prevValues = prevSnapshot ? await repo.snapshotValues(tx, prevSnapshot.id) : new Map();
  const lookup = (key: string, id: string) => prevValues.get(`${key}\n${id}`);
  const values = [...rankSubjects(loaded.indicators, unitSubjects, lookup), ...rankSubjects(loaded.indicators, regionSubjects, lookup)];
  const id = await repo.insertSnapshot(
    tx,
    { periodKind: period.kind, period: period.label, regionCode: region.code, takenAt: now.toISOString(), takenBy, rulesDigest: loaded.digest, definitions: loaded.indicators.map(presentIndicator) },
    values,
  );
  return { id, values: values.length };
}

const isUniqueViolation = (e: unknown) => e instanceof Error && /indicator_snapshot_period_kind_period_region_code_key|duplicate key/.test(e.message);

/**
 * Takes the snapshot of a period for a region: refused for a period not yet ended (PERIOD_NOT_ENDED) and for one
 * already taken (SNAPSHOT_TAKEN, 409: a snapshot is frozen, never taken again). An account must be a committee
 * supervisor of that region or above.
 */
export async function takeSnapshot(deps: Deps, loaded: LoadedIndicators, taker: Taker, input: TakeInput): Promise<Omit<repo.SnapshotRecord, 'definitions'>> {
  const period = periodOf(input.periodKind, input.period);
  const code = input.region ?? ('ctx' in taker ? taker.ctx.principal.regionCode : (await repo.rootRegion(deps.db))?.code);
  const region = code ? await repo.findRegion(deps.db, code) : null;
  if (!region) throw new AppError('REGION_NOT_FOUND', { region: input.region });
  if ('ctx' in taker) {
    const p = taker.ctx.principal;
    if (!isAllowed(deps.permissions, p, 'create', { kind: 'indicator-snapshot', unitId: null, regionCode: region.code, agency: 'committee' })) {
      throw new AppError('FORBIDDEN', { region: region.code }, { zh: '指标快照由本地区或上级政法委监督人员生成', en: 'Snapshots are taken by committee supervisors of the region or above' });
    }
  }
  if (!hasEnded(period, cstDayOf(deps.now().getTime()))) throw new AppError('PERIOD_NOT_ENDED', { periodKind: period.kind, period: period.label });
  if (await repo.findSnapshot(deps.db, { periodKind: period.kind, period: period.label, regionCode: region.code })) {
    throw new AppError('SNAPSHOT_TAKEN', { periodKind: period.kind, period: period.label, region: region.code });
  }
  try {
    await deps.db.transaction(async (tx) => {
      const takenBy = 'ctx' in taker ? taker.ctx.principal.userId : null;
      const w = await writeSnapshot(deps, loaded, tx, period, region, takenBy);
      const actor = 'ctx' in taker
        ? auditActor(taker.ctx)
        : { actorUserId: null, actorUsername: null, actorUnitId: null, regionCode: null, clientAddress: taker.system };
      await appendAudit(tx, {
        ...actor,
        action: 'indicator-snapshot.take',
        resourceKind: 'indicator-snapshot',
        resourceId: w.id,
        details: { periodKind: period.kind, period: period.label, region: region.code, values: w.values, rulesDigest: loaded.digest },
      });
    });
    const snapshot = await repo.findSnapshot(deps.db, { periodKind: period.kind, period: period.label, regionCode: region.code });
    const { definitions: _d, ...view } = snapshot!;
    return view;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('SNAPSHOT_TAKEN', { periodKind: period.kind, period: period.label, region: region.code });
    throw error;
  }
}

/** Takes a snapshot unless it exists (the scheduler's and the demo's way): answers whether it was taken. */
export async function takeSnapshotIfMissing(deps: Deps, loaded: LoadedIndicators, system: string, input: TakeInput): Promise<boolean> {
  try {
    await takeSnapshot(deps, loaded, { system }, input);
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'SNAPSHOT_TAKEN') return false;
    throw error;
  }
}

export async function snapshotList(deps: Deps, q: { periodKind?: PeriodKind | undefined; region?: string | undefined; limit: number; offset: number }) {
  const { items, total } = await repo.listSnapshots(deps.db, { periodKind: q.periodKind, regionCode: q.region, limit: q.limit, offset: q.offset });
  return { items: items.map(({ definitions: _d, ...s }) => s), total };
}

export interface RankingQuery {
  periodKind: PeriodKind;
  period: string;
  region?: string | undefined;
  subject?: SubjectKind | undefined;
  indicator?: string | undefined;
}

/**
 * A ranking as its snapshot froze it: the rows with value, score, rank and change, the indicator's definition and
 * the safety index's weights as they were when taken.
 */
export async function ranking(deps: Deps, ctx: RequestContext, q: RankingQuery) {
  const period = periodOf(q.periodKind, q.period);
  const regionCode = q.region ?? ctx.principal.regionCode;
  const region = await repo.findRegion(deps.db, regionCode);
  if (!region) throw new AppError('REGION_NOT_FOUND', { region: regionCode });
  const indicatorId = q.indicator ?? SAFETY_INDEX_ID;
  const found = await repo.readRanking(deps.db, { periodKind: period.kind, period: period.label, regionCode, subjectKind: q.subject ?? 'unit', indicatorId });
  if (!found) throw new AppError('SNAPSHOT_NOT_FOUND', { periodKind: period.kind, period: period.label, region: regionCode });
  const definitions = found.snapshot.definitions as ReturnType<typeof presentIndicator>[];
  const indicator = indicatorId === SAFETY_INDEX_ID ? null : definitions.find((d) => d.id === indicatorId);
  if (indicator === undefined) throw new AppError('INDICATOR_UNKNOWN', { indicator: indicatorId, known: [SAFETY_INDEX_ID, ...definitions.map((d) => d.id)] });
  const { definitions: _d, ...snapshot } = found.snapshot;
  return {
    snapshot,
    subject: q.subject ?? 'unit',
    indicatorId,
    indicator,
    weights: definitions.map((d) => ({ id: d.id, name: d.name, weight: d.weight, direction: d.direction })),
    rows: found.rows,
  };
}
