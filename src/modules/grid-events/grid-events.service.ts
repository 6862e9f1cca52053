/**
 * Grid events (社会治理事件, issue 6 part 3, flows.md §6): a grid worker (or a citizen, through the public form)
 * reports an event at a place with photos; the township center accepts it and handles it itself or escalates it
 * to the county center, which assigns the responsible department; the handling is recorded, verified on the spot
 * by the reporter (a failed verification sends it back), the event closed and rated. One function per verb; each
 * step is one transaction with its timeline entry and audit record. Which side may take which step in which state
 * is src/engine/grid-events/event-flow.ts; the periods are rules/governance/grid-events.yaml.
 */
import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/client.ts';
import {
  GRID_EVENT_FLOW, type GridEventAction, type GridEventSide, type GridEventState, availableActions, countyCenterFor, dueOfPeriod, isClosed,
  isDepartmentOfCounty, isOverdue, nextGridEventState, periodFor, sidesOf,
} from '../../engine/grid-events/event-flow.ts';
import { type ResourceRef, isAllowed, scopeOf } from '../../engine/permissions/permissions.ts';
import { AppError } from '../../shared/errors.ts';
import { maskPhone, validatePhone } from '../../shared/masking.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { type RequestContext, auditActor } from '../auth/principal.ts';
import { checkDeclaredType, checkDocumentSize } from '../dossiers/file-type.ts';
import * as repo from './grid-events.repository.ts';

type Deps = Pick<AppDeps, 'db' | 'permissions' | 'clock' | 'gridEventRules' | 'files' | 'config' | 'now'>;

const refOf = (e: repo.GridEventRecord): ResourceRef => ({
  kind: 'grid-event',
  // the unit that has the event now; the centers it passed through stay party to it
  unitId: e.responsibleUnitId ?? e.countyUnitId ?? e.townshipUnitId,
  regionCode: e.regionCode,
  agency: e.holderAgency as ResourceRef['agency'],
  partyUnitIds: [e.townshipUnitId, e.countyUnitId, e.responsibleUnitId].filter((u): u is string => u !== null),
});

const notFound = (id: string) => new AppError('NOT_FOUND', { gridEvent: id });

/** The event if the caller may see it (not found otherwise: an outsider learns nothing of it). */
async function visibleEvent(deps: Deps, db: Queryable, ctx: RequestContext, id: string, action: 'read' | 'update' | 'reveal' = 'read', lock = false): Promise<repo.GridEventRecord> {
  const e = await repo.findGridEvent(db, id, lock);
  if (!e || !isAllowed(deps.permissions, ctx.principal, 'read', refOf(e))) throw notFound(id);
  if (action !== 'read' && !isAllowed(deps.permissions, ctx.principal, action, refOf(e))) throw new AppError('FORBIDDEN', { gridEvent: id });
  return e;
}

const sidesFor = (ctx: RequestContext, e: repo.GridEventRecord) => sidesOf({ userId: ctx.principal.userId, unitId: ctx.principal.unitId, role: ctx.principal.role }, e);

function dueFrom(deps: Deps, state: GridEventState, escalated: boolean, fromMs: number): string | null {
  const period = periodFor(deps.gridEventRules, state, escalated);
  return period ? new Date(dueOfPeriod(deps.clock.calendar, period, fromMs).dueMs).toISOString() : null;
}

function categoryOf(deps: Deps, id: string) {
  const c = deps.gridEventRules.categories.find((x) => x.id === id);
  if (!c) throw new AppError('GRID_EVENT_CATEGORY_UNKNOWN', { category: id, known: deps.gridEventRules.categories.map((x) => x.id) });
  return c;
}

const field = (name: string, zh: string, en: string) => new AppError('VALIDATION_FAILED', [{ field: name, message: { zh, en } }]);

export interface ReportInput {
  category: string;
  description: string;
  /** The place: its address, and optionally its coordinates (WGS 84), both or neither. Never of a person. */
  address: string;
  latitude?: number | null;
  longitude?: number | null;
}

/**
 * Who reports: a grid worker logged in (their township center takes the event), or a citizen through the public
 * form, who names the township of the place and leaves a phone to be called back on.
 */
export type Reporter =
  | { kind: 'grid-worker'; ctx: RequestContext }
  | {
      kind: 'citizen'; phone: string; townshipCode: string; clientAddress: string;
      /** run inside the reporting transaction (the public form records its submission and tracking code there) */
      within?: (tx: Queryable, created: { id: string; number: string }) => Promise<void>;
    };

/** Reports an event: 'reported' at the township center, to be accepted within the township's accept period. */
export async function reportGridEvent(deps: Deps, reporter: Reporter, input: ReportInput): Promise<{ id: string; number: string; dueAt: string }> {
  categoryOf(deps, input.category);
  const lat = input.latitude ?? null;
  const lon = input.longitude ?? null;
  if ((lat === null) !== (lon === null)) throw field(lat === null ? 'latitude' : 'longitude', '经纬度须同时填写或同时不填', 'give both coordinates of the place, or neither');
  if ((lat !== null && (!Number.isFinite(lat) || lat < -90 || lat > 90)) || (lon !== null && (!Number.isFinite(lon) || lon < -180 || lon > 180))) {
    throw field('latitude', '经纬度超出范围', 'the coordinates are out of range');
  }
  const description = input.description.trim();
  const address = input.address.trim();
  if (!description) throw field('description', '须描述事件', 'describe the event');
  if (!address) throw field('address', '须填写事件地点', 'the address of the place is required');

  let townshipUnitId: string;
  let regionCode: string;
  if (reporter.kind === 'grid-worker') {
    const p = reporter.ctx.principal;
    if (p.role !== 'grid-worker' || p.agency !== 'governance-center' || p.unit.level !== 'township') {
      throw new AppError('FORBIDDEN', {}, { zh: '社会治理事件由网格员上报', en: 'Grid events are reported by grid workers' });
    }
    townshipUnitId = p.unitId;
    regionCode = p.regionCode;
    if (!isAllowed(deps.permissions, p, 'create', { kind: 'grid-event', unitId: townshipUnitId, regionCode, agency: 'governance-center' })) throw new AppError('FORBIDDEN', {});
  } else {
    if (!validatePhone(reporter.phone)) throw new AppError('INVALID_PHONE', [{ field: 'phone', message: { zh: '电话号码无效', en: 'Invalid phone number' } }]);
    const region = await repo.findRegion(deps.db, reporter.townshipCode);
    const [center] = region?.level === 'township' ? await repo.governanceCentersIn(deps.db, region.code) : [];
    if (!center) throw new AppError('GRID_EVENT_PLACE_INVALID', { townshipCode: reporter.townshipCode });
    townshipUnitId = center.id;
    regionCode = reporter.townshipCode;
  }
  const at = deps.now();
  const dueAt = dueFrom(deps, 'reported', false, at.getTime())!;
  return deps.db.transaction(async (tx) => {
    const created = await repo.insertGridEvent(tx, {
      category: input.category, description, address, latitude: lat, longitude: lon, regionCode,
      reporterKind: reporter.kind, reportedBy: reporter.kind === 'grid-worker' ? reporter.ctx.principal.userId : null,
      reporterPhone: reporter.kind === 'citizen' ? reporter.phone : null, townshipUnitId, dueAt, reportedAt: at.toISOString(),
    });
    const byWorker = reporter.kind === 'grid-worker';
    if (reporter.kind === 'citizen' && reporter.within) await reporter.within(tx, created);
    await repo.appendTimeline(tx, {
      eventId: created.id, at: at.toISOString(), kind: 'reported', unitId: byWorker ? townshipUnitId : null,
      userId: byWorker ? reporter.ctx.principal.userId : null, dueAt, toState: 'reported',
    });
    const actor = byWorker
      ? auditActor(reporter.ctx)
      : { actorUserId: null, actorUsername: null, actorUnitId: null, regionCode, clientAddress: reporter.clientAddress };
    await appendAudit(tx, { ...actor, action: 'grid-event.report', resourceKind: 'grid-event', resourceId: created.id, details: { category: input.category, reporterKind: reporter.kind, townshipUnitId } });
    return { ...created, dueAt };
  });
}

/** What a step changes beyond its state, worked out inside the step's transaction. */
type StepPlan = Omit<repo.GridEventChange, 'state' | 'dueAt'> & { dueAt?: string | null; auditDetails?: Record<string, unknown> };

const TIMELINE_KIND: Record<GridEventAction, string> = {
  accept: 'accepted', 'handle-locally': 'handled-locally', escalate: 'escalated', assign: 'assigned', 'record-handling': 'handling-recorded',
  verify: 'verified', close: 'closed', rate: 'rated',
};

/** One step of the flow: checked for side and state, planned, saved with its timeline entry and audit record. */
async function step(
  deps: Deps, ctx: RequestContext, id: string, action: GridEventAction, note: string | null,
  plan: (tx: Queryable, e: repo.GridEventRecord, next: GridEventState, atMs: number) => Promise<StepPlan> | StepPlan, verifiedOk = true,
) {
  await deps.db.transaction(async (tx) => {
    const e = await visibleEvent(deps, tx, ctx, id, 'update', true);
    const sides = sidesFor(ctx, e);
    const next = nextGridEventState(e, action, sides, verifiedOk);
    const rule = GRID_EVENT_FLOW[action];
    if (typeof next !== 'string') {
      throw next.code === 'GRID_EVENT_WRONG_STATE'
        ? new AppError('GRID_EVENT_WRONG_STATE', { state: e.state, action, allowed: next.allowed }, { zh: `事件当前为「${e.state}」，不能${rule.zh}`, en: `The event is ${e.state}: "${rule.en}" is not possible now` })
        : new AppError('FORBIDDEN', { action, side: next.side }, { zh: `「${rule.zh}」由${SIDE_NAME[next.side].zh}办理`, en: `"${rule.en}" is for ${SIDE_NAME[next.side].en}` });
    }
    const atMs = deps.now().getTime();
    const at = new Date(atMs).toISOString();
    const { auditDetails, ...planned } = await plan(tx, e, next, atMs);
    const escalated = (planned.countyUnitId ?? e.countyUnitId) !== null;
    const dueAt = planned.dueAt !== undefined ? planned.dueAt : dueFrom(deps, next, escalated, atMs);
    await repo.updateGridEvent(tx, e.id, { ...planned, state: next, dueAt });
    const kind = action === 'verify' && next === 'handling' ? 'verify-failed' : TIMELINE_KIND[action];
    await repo.appendTimeline(tx, { eventId: e.id, at, kind, unitId: ctx.principal.unitId, userId: ctx.principal.userId, note, dueAt, fromState: e.state, toState: next });
    await appendAudit(tx, { ...auditActor(ctx), action: `grid-event.${action}`, resourceKind: 'grid-event', resourceId: e.id, details: { from: e.state, to: next, dueAt, ...auditDetails } });
  });
  return getGridEvent(deps, ctx, id);
}

const SIDE_NAME: Record<GridEventSide, { zh: string; en: string }> = {
  'township-center': { zh: '乡镇（街道）综治中心', en: 'the township center' },
  'county-center': { zh: '县级社会治理中心', en: 'the county center' },
  'responsible-unit': { zh: '责任部门', en: 'the responsible unit' },
  verifier: { zh: '上报的网格员（群众上报的由本乡镇网格员）', en: 'the reporting grid worker (for a citizen’s report, a grid worker of the township)' },
};

const requireNote = (note: string | undefined, why: { zh: string; en: string }): string => {
  const n = note?.trim();
  if (!n) throw field('note', why.zh, why.en);
  return n;
};

/** The township center accepts a reported event; the handle period starts. */
export function acceptGridEvent(deps: Deps, ctx: RequestContext, id: string, input: { note?: string } = {}) {
  return step(deps, ctx, id, 'accept', input.note?.trim() || null, (_tx, _e, _next, atMs) => ({ at: { column: 'accepted_at', value: new Date(atMs).toISOString() } }));
}

/** The township center handles it itself: it becomes the responsible unit, within the period that ran from acceptance. */
export function handleLocally(deps: Deps, ctx: RequestContext, id: string, input: { note?: string } = {}) {
  return step(deps, ctx, id, 'handle-locally', input.note?.trim() || null, (_tx, e) => ({ responsibleUnitId: e.townshipUnitId, dueAt: e.dueAt }));
}

/** The township center escalates to the governance center of its county, which must assign a department. */
export function escalateGridEvent(deps: Deps, ctx: RequestContext, id: string, input: { note?: string }) {
  const note = requireNote(input.note, { zh: '须说明上报县级中心的理由', en: 'say why the event goes to the county center' });
  return step(deps, ctx, id, 'escalate', note, async (tx, e, _next, atMs) => {
    const township = await repo.findRegion(tx, e.regionCode);
    const countyCode = township?.parentCode ?? null;
    const center = countyCode ? countyCenterFor(countyCode, await repo.governanceCentersIn(tx, countyCode)) : null;
    if (!center) throw new AppError('GRID_EVENT_NO_COUNTY_CENTER', { regionCode: e.regionCode });
    return { countyUnitId: center.id, responsibleUnitId: null, at: { column: 'escalated_at', value: new Date(atMs).toISOString() }, auditDetails: { countyUnitId: center.id } };
  });
}

/** The county center assigns the responsible department: a unit of its county (not itself). */
export function assignDepartment(deps: Deps, ctx: RequestContext, id: string, input: { unitId: string; note?: string }) {
  return step(deps, ctx, id, 'assign', input.note?.trim() || null, async (tx, e) => {
    const unit = await repo.findUnit(tx, input.unitId);
    const county = await repo.findRegion(tx, e.regionCode);
    if (!unit || !county?.parentCode || !isDepartmentOfCounty(county.parentCode, e.countyUnitId!, unit)) {
      throw new AppError('GRID_EVENT_DEPARTMENT_INVALID', { unitId: input.unitId, countyCode: county?.parentCode ?? null });
    }
    return { responsibleUnitId: unit.id, auditDetails: { responsibleUnitId: unit.id } };
  });
}

/** The responsible unit records what it did; the reporter is to verify within the verify period. */
export function recordHandling(deps: Deps, ctx: RequestContext, id: string, input: { note?: string }) {
  const note = requireNote(input.note, { zh: '须填写处置情况', en: 'say how the event was handled' });
  return step(deps, ctx, id, 'record-handling', note, (_tx, _e, _next, atMs) => ({ at: { column: 'handled_at', value: new Date(atMs).toISOString() } }));
}

/** The reporter (or a grid worker, for a citizen's report) verifies on the spot; when it fails, back to handling. */
export function verifyGridEvent(deps: Deps, ctx: RequestContext, id: string, input: { ok: boolean; note?: string }) {
  const note = input.ok ? input.note?.trim() || null : requireNote(input.note, { zh: '核查未通过须说明原因', en: 'say why the verification fails' });
  return step(
    deps, ctx, id, 'verify', note,
    (_tx, _e, next, atMs) => (next === 'verified' ? { at: { column: 'verified_at', value: new Date(atMs).toISOString() }, auditDetails: { ok: true } } : { auditDetails: { ok: false } }),
    input.ok,
  );
}

/** The township center closes a verified event. */
export function closeGridEvent(deps: Deps, ctx: RequestContext, id: string, input: { note?: string } = {}) {
  return step(deps, ctx, id, 'close', input.note?.trim() || null, (_tx, _e, _next, atMs) => ({ at: { column: 'closed_at', value: new Date(atMs).toISOString() } }));
}

/** The reporter's satisfaction, 1 to 5, recorded by the reporting grid worker (for a citizen, after calling back). */
export function rateGridEvent(deps: Deps, ctx: RequestContext, id: string, input: { rating: number; note?: string }) {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw field('rating', '评价须为 1 至 5', 'the rating is a whole number from 1 to 5');
  return step(deps, ctx, id, 'rate', input.note?.trim() || null, (_tx, _e, _next, atMs) => ({ rating: input.rating, at: { column: 'rated_at', value: new Date(atMs).toISOString() }, auditDetails: { rating: input.rating } }));
}

/** An event as answered to a reader: the reporter's phone masked. */
function present(deps: Deps, e: repo.GridEventRecord, now: string) {
  const category = deps.gridEventRules.categories.find((c) => c.id === e.category);
  return {
    ...e,
    reporterPhone: maskPhone(e.reporterPhone),
    categoryName: category ? { zh: category.zh, en: category.en } : { zh: e.category, en: e.category },
    overdue: isOverdue(e.state, e.dueAt, now),
  };
}

/** One event with its timeline and photos, the sides the caller acts on and the steps open to them now. */
export async function getGridEvent(deps: Deps, ctx: RequestContext, id: string) {
  const e = await visibleEvent(deps, deps.db, ctx, id);
  const [timeline, photos] = await Promise.all([repo.listTimeline(deps.db, id), repo.listPhotos(deps.db, id)]);
  const sides = isAllowed(deps.permissions, ctx.principal, 'update', refOf(e)) ? sidesFor(ctx, e) : new Set<GridEventSide>();
  return { ...present(deps, e, deps.now().toISOString()), timeline, photos, sides: [...sides], actions: availableActions(e, sides) };
}

export async function listGridEvents(deps: Deps, ctx: RequestContext, filter: repo.GridEventFilter) {
  if (filter.category) categoryOf(deps, filter.category);
  const scope = scopeOf(deps.permissions, ctx.principal, 'read', 'grid-event');
  const now = deps.now().toISOString();
  const result = await repo.listGridEvents(deps.db, scope, filter, now);
  return { total: result.total, items: result.items.map((e) => present(deps, e, now)) };
}

/** The citizen's phone whole, to call them back: for the centers the event is with, and audited. */
export async function revealReporterContact(deps: Deps, ctx: RequestContext, id: string): Promise<{ reporterKind: string; phone: string | null }> {
  return deps.db.transaction(async (tx) => {
    const e = await visibleEvent(deps, tx, ctx, id, 'reveal');
    await appendAudit(tx, { ...auditActor(ctx), action: 'grid-event.reporter.reveal', resourceKind: 'grid-event', resourceId: e.id, details: { reporterKind: e.reporterKind } });
    return { reporterKind: e.reporterKind, phone: e.reporterPhone };
  });
}

const PHOTO_TYPES: ReadonlySet<string> = new Set(['jpeg', 'png']);

/**
 * A photo of the place (JPEG or PNG, checked by its bytes like a dossier's documents), added by anyone acting on
 * the event while it is open: the reporter, the centers, the responsible unit.
 */
export async function addGridEventPhoto(deps: Deps, ctx: RequestContext, id: string, bytes: Uint8Array, input: { name: string; declaredMime: string }) {
  const e = await visibleEvent(deps, deps.db, ctx, id, 'update');
  const sides = sidesFor(ctx, e);
  if (sides.size === 0) throw new AppError('FORBIDDEN', { gridEvent: id });
  if (isClosed(e.state)) throw new AppError('GRID_EVENT_WRONG_STATE', { state: e.state, action: 'add-photo' }, { zh: '事件已结案，不能再添加照片', en: 'The event is closed: no more photos' });
  checkDocumentSize(bytes.length, deps.config.photoMaxBytes);
  const type = checkDeclaredType(bytes, input.declaredMime, input.name);
  if (!PHOTO_TYPES.has(type.type)) throw new AppError('GRID_EVENT_PHOTO_TYPE', { fileName: input.name, actual: type.type });
  const stored = await deps.files.put(bytes);
  const at = deps.now().toISOString();
  return deps.db.transaction(async (tx) => {
    // the event locked: two uploads at once cannot both take the last place
    const locked = await repo.findGridEvent(tx, id, true);
    if (!locked || isClosed(locked.state)) throw new AppError('GRID_EVENT_WRONG_STATE', { state: locked?.state ?? null, action: 'add-photo' });
    const max = deps.gridEventRules.photosPerEvent;
    if ((await repo.countPhotos(tx, id)) >= max) throw new AppError('GRID_EVENT_PHOTO_LIMIT', { max });
    const timelineId = await repo.appendTimeline(tx, { eventId: id, at, kind: 'photo-added', unitId: ctx.principal.unitId, userId: ctx.principal.userId, note: input.name });
    const photoId = await repo.insertPhoto(tx, { eventId: id, timelineId, name: input.name, mime: type.mime, sizeBytes: bytes.length, sm3: stored.sm3, unitId: ctx.principal.unitId, uploadedAt: at, uploadedBy: ctx.principal.userId });
    await appendAudit(tx, { ...auditActor(ctx), action: 'grid-event.photo', resourceKind: 'grid-event', resourceId: id, details: { photoId, sm3: stored.sm3 } });
    return { id: photoId, name: input.name, mime: type.mime, sizeBytes: bytes.length, sm3: stored.sm3 };
  });
}

export async function readGridEventPhoto(deps: Deps, ctx: RequestContext, id: string, photoId: string) {
  await visibleEvent(deps, deps.db, ctx, id);
  const photo = (await repo.listPhotos(deps.db, id)).find((p) => p.id === photoId);
  if (!photo) throw new AppError('NOT_FOUND', { photoId });
  return { photo, bytes: await deps.files.get(photo.sm3) };
}

/** The published rules: categories and periods with their source. */
export function gridEventRulesView(deps: Pick<AppDeps, 'gridEventRules'>) {
  return { ...deps.gridEventRules, categories: [...deps.gridEventRules.categories] };
}
