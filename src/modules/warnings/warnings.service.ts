/**
 * Oversight's warning models at work (issue 5): full runs over the province, incremental runs for the cases whose
 * events are queued, the catalogue with each model's settings, the hits as each account may see them, and the
 * backtest of a model over a past period.
 */
import type { AppDeps } from '../../app-deps.ts';
import { cstDayOf, endOfCstDay, isoDate } from '../../engine/clock/civil-date.ts';
import { type Scope, scopeOf } from '../../engine/permissions/permissions.ts';
import { probeStatement, runStatement } from '../../engine/warnings/evaluate.ts';
import { type ParameterValue, type WarningModel, parameterProblem } from '../../engine/warnings/model.ts';
import { AppError } from '../../shared/errors.ts';
import type { RequestContext } from '../auth/principal.ts';
import { parsePeriod } from '../collaboration/collaboration.service.ts';
import * as repo from './warnings.repository.ts';

type Deps = Pick<AppDeps, 'db' | 'warningModels' | 'now'>;
type ScopedDeps = Deps & Pick<AppDeps, 'permissions'>;

export interface RunSummary {
  runId: number;
  kind: 'full' | 'incremental';
  startedAt: string;
  finishedAt: string;
  models: ({ id: string } & repo.ModelRunResult)[];
  cases?: number;
}

function effectiveSettings(model: WarningModel, settings: Map<string, repo.ModelSetting>): { enabled: boolean; parameters: Record<string, ParameterValue> } {
  const s = settings.get(model.id);
  const parameters: Record<string, ParameterValue> = {};
  for (const p of model.parameters) parameters[p.name] = (s?.parameters[p.name] as ParameterValue | undefined) ?? p.default;
  return { enabled: s?.enabled ?? true, parameters };
}

/** Parameters given for a model, each checked against its type and bounds, over `base`; VALIDATION_FAILED naming each bad one. */
function checkedParameters(model: WarningModel, given: Record<string, unknown>, base: Record<string, ParameterValue>): Record<string, ParameterValue> {
  const parameters = { ...base };
  const problems: { field: string; message: { zh: string; en: string } }[] = [];
  for (const [name, value] of Object.entries(given)) {
    const p = model.parameters.find((q) => q.name === name);
    const problem = p ? parameterProblem(p, value) : `unknown parameter (known: ${model.parameters.map((q) => q.name).join(', ') || '—'})`;
    if (problem) problems.push({ field: `parameters.${name}`, message: { zh: `参数不符合要求：${problem}`, en: problem } });
    else parameters[name] = value as ParameterValue;
  }
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems);
  return parameters;
}

function modelOrNotFound(deps: Deps, id: string): WarningModel {
  const model = deps.warningModels.models.get(id);
  if (!model) throw new AppError('WARNING_MODEL_UNKNOWN', { model: id }, { zh: `没有预警模型「${id}」`, en: `No warning model "${id}"` });
  return model;
}

/** Every enabled model (or the ones named) over every subject: records hits that begin and closes hits that ended. */
export async function runFull(deps: Deps, modelIds?: readonly string[]): Promise<RunSummary> {
  for (const id of modelIds ?? []) modelOrNotFound(deps, id);
  const settings = await repo.loadSettings(deps.db);
  const started = deps.now();
  const runId = await repo.startRun(deps.db, 'full', started.toISOString());
  const results: Record<string, repo.ModelRunResult> = {};
  for (const model of deps.warningModels.models.values()) {
    if (modelIds && !modelIds.includes(model.id)) continue;
    const s = effectiveSettings(model, settings);
    if (!s.enabled && !modelIds) continue;
    results[model.id] = await repo.runModelStatement(deps.db, runStatement(model, { runId, now: started, settings: s.parameters }), false);
  }
  const finished = deps.now().toISOString();
  await repo.finishRun(deps.db, runId, finished, results);
  return { runId, kind: 'full', startedAt: started.toISOString(), finishedAt: finished, models: Object.entries(results).map(([id, r]) => ({ id, ...r })) };
}

/**
 * Takes the queued case events (written by a trigger with each event) and re-runs, for each case, the models its
 * events can affect; in one transaction, so a crash leaves the events queued. Null when nothing was queued.
 */
export async function runQueued(deps: Deps, limit = 200): Promise<RunSummary | null> {
  return deps.db.transaction(async (tx) => {
    const queued = await repo.takeQueued(tx, limit);
    if (queued.length === 0) return null;
    const kindsByCase = new Map<string, Set<string>>();
    for (const q of queued) {
      const kinds = kindsByCase.get(q.caseId) ?? new Set<string>();
      kindsByCase.set(q.caseId, kinds);
      kinds.add(q.kind);
    }
    const settings = await repo.loadSettings(tx);
    const started = deps.now();
    const runId = await repo.startRun(tx, 'incremental', started.toISOString(), [...kindsByCase.keys()]);
    const results: Record<string, repo.ModelRunResult> = {};
    for (const [caseId, kinds] of kindsByCase) {
      for (const model of deps.warningModels.models.values()) {
        if (model.scope !== 'case' || !model.triggers.some((k) => kinds.has(k))) continue;
        const s = effectiveSettings(model, settings);
        if (!s.enabled) continue;
        const r = await repo.runModelStatement(tx, runStatement(model, { runId, now: started, settings: s.parameters }, caseId), true);
        const sum = results[model.id] ?? { holding: 0, opened: 0, closed: 0, ms: 0 };
        results[model.id] = sum;
        sum.ms = Math.round((sum.ms + r.ms) * 10) / 10;
        if (r.error) sum.error = r.error;
        else {
          sum.holding! += r.holding!;
          sum.opened! += r.opened!;
          sum.closed! += r.closed!;
        }
      }
    }
    const finished = deps.now().toISOString();
    await repo.finishRun(tx, runId, finished, results);
    return { runId, kind: 'incremental', startedAt: started.toISOString(), finishedAt: finished, cases: kindsByCase.size, models: Object.entries(results).map(([id, r]) => ({ id, ...r })) };
  });
}

/** Runs queued events until the queue is empty or `stop` says so (the scheduler, tests and the command line). */
export async function drainQueue(deps: Deps, stop: () => boolean = () => false): Promise<number> {
  let runs = 0;
  while (!stop() && (await runQueued(deps))) runs++;
  return runs;
}

// ---------------------------------------------------------------------------------------------------------
// The catalogue

export function presentModel(model: WarningModel, setting: { enabled: boolean; parameters: Record<string, ParameterValue> }) {
  return {
    id: model.id,
    name: model.name,
    description: model.description,
    group: model.group,
    severity: model.severity,
    basis: model.basis,
    policy: model.policy,
    answering: model.answering,
    scope: model.scope,
    triggers: model.triggers,
    enabled: setting.enabled,
    parameters: model.parameters.map((p) => ({ ...p, value: setting.parameters[p.name] ?? p.default })),
    form: model.form,
    source: model.source,
  };
}

export async function listModels(deps: Deps) {
  const settings = await repo.loadSettings(deps.db);
  return {
    items: [...deps.warningModels.models.values()].sort((a, b) => a.id.localeCompare(b.id)).map((m) => presentModel(m, effectiveSettings(m, settings))),
    refused: deps.warningModels.refused,
  };
}

export async function modelDetail(deps: ScopedDeps, ctx: RequestContext, id: string) {
  const model = modelOrNotFound(deps, id);
  const settings = await repo.loadSettings(deps.db);
  const scope = hitScope(deps, ctx);
  const today = cstDayOf(deps.now().getTime());
  const [open, trend, runs] = await Promise.all([
    repo.listHits(deps.db, scope, { modelId: id, state: 'open', limit: 1, offset: 0 }),
    // the last 30 days, today included (the end is exclusive)
    repo.hitTrend(deps.db, scope, isoDate(today - 29), isoDate(today + 1), id),
    repo.lastRuns(deps.db, 1),
  ]);
  return {
    ...presentModel(model, effectiveSettings(model, settings)),
    definition: model.definition,
    sql: model.query.sql,
    openHits: open.total,
    trend,
    lastRun: runs[0] ? { id: runs[0].id, kind: runs[0].kind, startedAt: runs[0].startedAt, result: runs[0].results[id] ?? null } : null,
  };
}

/** A province's setting of a model: switched on or off, parameters within their bounds. Only the provincial committee sets them. */
export async function updateModelSetting(deps: ScopedDeps, ctx: RequestContext, id: string, input: { enabled?: boolean; parameters?: Record<string, unknown> }) {
  const model = modelOrNotFound(deps, id);
  const scope = scopeOf(deps.permissions, ctx.principal, 'update', 'warning-model');
  if (scope.conditions.length === 0 || ctx.principal.unit.level !== 'province') {
    throw new AppError('FORBIDDEN', { model: id }, { zh: '预警模型的参数由省级政法委设置', en: 'Warning models are set by the provincial committee' });
  }
  const settings = await repo.loadSettings(deps.db);
  const current = effectiveSettings(model, settings);
  const parameters = checkedParameters(model, input.parameters ?? {}, settings.get(id)?.parameters ?? {});
  await repo.saveSetting(deps.db, id, input.enabled ?? current.enabled, parameters, ctx.principal.userId, deps.now().toISOString());
  return modelDetail(deps, ctx, id);
}

// ---------------------------------------------------------------------------------------------------------
// Hits

function hitScope(deps: ScopedDeps, ctx: RequestContext): Scope {
  return scopeOf(deps.permissions, ctx.principal, 'read', 'warning-hit');
}

export async function listHitsFor(deps: ScopedDeps, ctx: RequestContext, filter: repo.HitFilter) {
  if (filter.modelId) modelOrNotFound(deps, filter.modelId);
  const result = await repo.listHits(deps.db, hitScope(deps, ctx), filter);
  return { ...result, items: result.items.map((h) => ({ ...h, modelName: deps.warningModels.models.get(h.modelId)?.name ?? { zh: h.modelId, en: h.modelId } })) };
}

/** The supervisor's desk: open hits by model, unit, region and severity, and the last 30 days' trend. */
export async function hitSummary(deps: ScopedDeps, ctx: RequestContext) {
  const scope = hitScope(deps, ctx);
  const today = cstDayOf(deps.now().getTime());
  const [byModel, byUnit, byRegion, bySeverity, trend, runs] = await Promise.all([
    repo.countOpenHits(deps.db, scope, 'model'),
    repo.countOpenHits(deps.db, scope, 'unit'),
    repo.countOpenHits(deps.db, scope, 'region'),
    repo.countOpenHits(deps.db, scope, 'severity'),
    repo.hitTrend(deps.db, scope, isoDate(today - 29), isoDate(today + 1)),
    repo.lastRuns(deps.db, 1),
  ]);
  const nameOf = (id: string) => deps.warningModels.models.get(id)?.name ?? { zh: id, en: id };
  return {
    byModel: byModel.map((r) => ({ modelId: r.key, name: nameOf(r.key), count: r.count })),
    byUnit: byUnit.map((r) => ({ unitId: r.key, name: r.name ?? r.key, count: r.count })),
    byRegion: byRegion.map((r) => ({ regionCode: r.key, name: r.name ?? r.key, count: r.count })),
    bySeverity: bySeverity.map((r) => ({ severity: r.key, count: r.count })),
    trend,
    lastRun: runs[0] ? { id: runs[0].id, kind: runs[0].kind, startedAt: runs[0].startedAt, finishedAt: runs[0].finishedAt } : null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Backtest

/**
 * How many hits a model would have raised per unit over a past period: the model run as of the end of every
 * `step`-th day (its :now), each subject counted once per unit. It reads today's records, so a record changed since
 * is seen as it is now (docs/oversight.md); nothing is recorded.
 */
export async function backtest(deps: Deps, id: string, q: { from: string; to: string; step?: number; parameters?: Record<string, unknown> }) {
  const model = modelOrNotFound(deps, id);
  const { fromDay, toDay } = parsePeriod(q.from, q.to);
  const step = q.step ?? 1;
  if (toDay - fromDay > 731) throw new AppError('PERIOD_TOO_LONG', { days: toDay - fromDay + 1, max: 732 }, { zh: '回测期间不能超过两年', en: 'A backtest covers at most two years' });
  const settings = await repo.loadSettings(deps.db);
  const parameters = checkedParameters(model, q.parameters ?? {}, effectiveSettings(model, settings).parameters);
  const byUnit = new Map<string, Set<string>>();
  let samples = 0;
  for (let d = fromDay; d <= toDay; d += step) {
    const at = new Date(endOfCstDay(d));
    const probe = probeStatement(model, at, parameters);
    let rows: { unit_id: string; subject_id: string }[];
    try {
      rows = await deps.db.query<{ unit_id: string; subject_id: string }>(probe.sql, probe.params);
    } catch (error) {
      // a model that fails on the records is the model's fault, said as such, not an internal error
      throw new AppError('WARNING_MODEL_FAILED', { model: model.id, day: isoDate(d), detail: (error as Error).message });
    }
    for (const r of rows) {
      const set = byUnit.get(r.unit_id) ?? new Set<string>();
      byUnit.set(r.unit_id, set);
      set.add(r.subject_id);
    }
    samples++;
  }
  const units = byUnit.size
    ? await deps.db.query<{ id: string; name: string; region_code: string }>('SELECT id, name, region_code FROM unit WHERE id = ANY($1::uuid[])', [[...byUnit.keys()]])
    : [];
  const unitById = new Map(units.map((u) => [u.id, u]));
  const items = [...byUnit.entries()]
    .map(([unitId, subjects]) => ({ unitId, name: unitById.get(unitId)?.name ?? unitId, regionCode: unitById.get(unitId)?.region_code ?? '', hits: subjects.size }))
    .sort((a, b) => b.hits - a.hits || a.name.localeCompare(b.name));
  return { model: model.id, from: q.from, to: q.to, step, samples, parameters, total: items.reduce((s, i) => s + i.hits, 0), items };
}
