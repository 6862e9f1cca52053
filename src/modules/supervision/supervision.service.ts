/**
 * Supervision items (issue 5 part 4, flows.md §2): a committee raises an item from a warning, a case review, a
 * petition or by hand and assigns it to the unit that must rectify; the unit accepts it and reports back; the
 * committee follows up with new dates and verifies; the item closes. A class remediation groups one model's
 * open hits across units: a parent item and a child per unit, the parent closing with its last child. Every step
 * is one transaction with its timeline event and audit record.
 */
import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/client.ts';
import { scopeToSql } from '../../db/scope-sql.ts';
import { cstDayOf, endOfCstDay, parseIsoDate } from '../../engine/clock/civil-date.ts';
import { type ResourceRef, isAllowed, scopeOf } from '../../engine/permissions/permissions.ts';
import { ITEM_FLOW, ITEM_STATE_NAMES, type ItemAction, type ItemState, actOnItemFacts, availableActions, dueAfterWorkingDays, isOverdue } from '../../engine/supervision/item-flow.ts';
import { AppError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { type RequestContext, auditActor } from '../auth/principal.ts';
import { checkDeclaredType, checkDocumentSize } from '../dossiers/file-type.ts';
import * as repo from './supervision.repository.ts';

type Deps = Pick<AppDeps, 'db' | 'permissions' | 'clock' | 'supervisionPeriods' | 'warningModels' | 'files' | 'config' | 'now'>;

const refOf = (item: repo.ItemRecord): ResourceRef => ({
  kind: 'supervision-item',
  unitId: item.assigneeUnitId ?? item.raisedByUnitId,
  regionCode: item.regionCode,
  agency: (item.assigneeAgency ?? 'committee') as ResourceRef['agency'],
});

const notFound = (id: string) => new AppError('NOT_FOUND', { item: id });

/** The item if the caller may see it (not found otherwise: an outsider learns nothing of it). */
async function visibleItem(deps: Deps, db: Queryable, ctx: RequestContext, id: string, lock = false): Promise<repo.ItemRecord> {
  const item = await repo.findItem(db, id, lock);
  if (!item || !isAllowed(deps.permissions, ctx.principal, 'read', refOf(item))) throw notFound(id);
  return item;
}

/** Which side the caller acts on: the supervising committee, the unit that must rectify, or neither (null). */
function sideOf(deps: Deps, ctx: RequestContext, item: repo.ItemRecord): 'committee' | 'assignee' | null {
  if (!isAllowed(deps.permissions, ctx.principal, 'update', refOf(item))) return null;
  if (ctx.principal.agency === 'committee') return 'committee';
  if (item.assigneeUnitId === ctx.principal.unitId) return 'assignee';
  return null;
}

/** The caller's side, or FORBIDDEN for one who may read the item but is neither side. */
function requireSide(deps: Deps, ctx: RequestContext, item: repo.ItemRecord): 'committee' | 'assignee' {
  const side = sideOf(deps, ctx, item);
  if (side === null) throw new AppError('FORBIDDEN', { item: item.id });
  return side;
}

/** Only committee supervisors with a region to supervise raise items. */
function requireRaiser(deps: Deps, ctx: RequestContext): void {
  const p = ctx.principal;
  if (p.agency !== 'committee' || scopeOf(deps.permissions, p, 'create', 'supervision-item').conditions.length === 0) {
    throw new AppError('FORBIDDEN', {}, { zh: '监督事项由政法委监督人员提出', en: 'Supervision items are raised by committee supervisors' });
  }
}

async function unitOf(db: Queryable, id: string): Promise<{ id: string; region_code: string; agency: string; name: string }> {
  const [u] = await db.query<{ id: string; region_code: string; agency: string; name: string }>('SELECT id, region_code, agency, name FROM unit WHERE id = $1', [id]);
  if (!u) throw new AppError('UNIT_NOT_FOUND', { unitId: id });
  return u;
}

function periodDue(deps: Deps, days: number): string {
  return new Date(dueAfterWorkingDays(deps.clock.calendar, deps.now().getTime(), days).dueMs).toISOString();
}

/** A date the committee sets (YYYY-MM-DD): the end of that day in CST, not in the past. */
function dueFromDate(deps: Deps, date: string, field: string): string {
  const day = parseIsoDate(date);
  if (day === null) throw new AppError('DATE_INVALID', [{ field, message: { zh: '须为有效日期 YYYY-MM-DD', en: 'must be a real date, YYYY-MM-DD' } }]);
  if (day < cstDayOf(deps.now().getTime())) throw new AppError('DATE_INVALID', [{ field, message: { zh: '期限不能早于今天', en: 'cannot be before today' } }]);
  return new Date(endOfCstDay(day)).toISOString();
}

export interface RaiseInput {
  source: 'warning' | 'case-review' | 'petition' | 'manual';
  hitId?: string;
  caseId?: string;
  sourceReference?: string;
  assigneeUnitId?: string;
  title?: string;
  description: string;
  severity?: 'high' | 'medium' | 'low';
  /** Assign at once (the usual case): the unit is asked to accept within the accept period. */
  assign?: boolean;
}

/** Raises an item; from a warning, the same hit raises the same item again (no duplicate). */
export async function raiseItem(deps: Deps, ctx: RequestContext, input: RaiseInput): Promise<{ id: string; number: string; created: boolean }> {
  const p = ctx.principal;
  requireRaiser(deps, ctx);
  let assigneeUnitId = input.assigneeUnitId ?? null;
  let caseId = input.caseId ?? null;
  let modelId: string | null = null;
  let severity = input.severity ?? 'medium';
  let title = input.title ?? null;
  if (input.source === 'warning') {
    if (!input.hitId) throw new AppError('VALIDATION_FAILED', [{ field: 'hitId', message: { zh: '来源为预警时须指明预警', en: 'required when the source is a warning' } }]);
    const existing = await repo.findItemByHit(deps.db, input.hitId);
    if (existing && isAllowed(deps.permissions, p, 'read', refOf(existing))) return { id: existing.id, number: existing.number, created: false };
    const [hit] = await deps.db.query<{ id: string; model_id: string; unit_id: string; region_code: string; agency: string; case_id: string | null; severity: 'high' | 'medium' | 'low'; case_number: string | null; closed_at: Date | null }>(
      `SELECT h.id, h.model_id, h.unit_id, h.region_code, u.agency, h.case_id, h.severity, c.case_number, h.closed_at
         FROM warning_hit h JOIN unit u ON u.id = h.unit_id LEFT JOIN criminal_case c ON c.id = h.case_id WHERE h.id = $1`,
      [input.hitId],
    );
    if (!hit || !isAllowed(deps.permissions, p, 'read', { kind: 'warning-hit', unitId: hit.unit_id, regionCode: hit.region_code, agency: hit.agency as ResourceRef['agency'] })) {
      throw new AppError('NOT_FOUND', { hit: input.hitId });
    }
    if (existing) throw new AppError('NOT_FOUND', { hit: input.hitId });
    assigneeUnitId ??= hit.unit_id;
    caseId = hit.case_id;
    modelId = hit.model_id;
    severity = input.severity ?? hit.severity;
    const model = deps.warningModels.models.get(hit.model_id);
    title ??= `${model?.name.zh ?? hit.model_id}${hit.case_number ? `：${hit.case_number}` : ''}`;
  } else if (input.source === 'case-review') {
    if (!caseId) throw new AppError('VALIDATION_FAILED', [{ field: 'caseId', message: { zh: '来源为案件评查时须指明案件', en: 'required when the source is a case review' } }]);
    const [c] = await deps.db.query<{ holder_unit_id: string | null; region_code: string; case_number: string }>('SELECT holder_unit_id, region_code, case_number FROM criminal_case WHERE id = $1', [caseId]);
    if (!c || !isAllowed(deps.permissions, p, 'read', { kind: 'case', unitId: c.holder_unit_id, regionCode: c.region_code, agency: null })) throw new AppError('NOT_FOUND', { caseId });
    assigneeUnitId ??= c.holder_unit_id;
    title ??= `案件评查：${c.case_number}`;
  } else if (input.source === 'petition' && !input.sourceReference) {
    throw new AppError('VALIDATION_FAILED', [{ field: 'sourceReference', message: { zh: '来源为信访时须填写信访件编号', en: "required when the source is a petition (the petition's number)" } }]);
  }
  if (!assigneeUnitId) throw new AppError('VALIDATION_FAILED', [{ field: 'assigneeUnitId', message: { zh: '须指明承办整改的单位', en: 'the unit that must rectify is required' } }]);
  if (!title) throw new AppError('VALIDATION_FAILED', [{ field: 'title', message: { zh: '须填写标题', en: 'a title is required' } }]);
  const assignee = await unitOf(deps.db, assigneeUnitId);
  const ref: ResourceRef = { kind: 'supervision-item', unitId: assignee.id, regionCode: assignee.region_code, agency: assignee.agency as ResourceRef['agency'] };
  if (!isAllowed(deps.permissions, p, 'create', ref)) {
    throw new AppError('FORBIDDEN', { assigneeUnitId }, { zh: '只能向本地区及下级地区的单位交办', en: 'Items go to units of your region and below' });
  }
  const at = deps.now().toISOString();
  const assign = input.assign ?? true;
  try {
    return await deps.db.transaction(async (tx) => {
      const dueAt = assign ? periodDue(deps, deps.supervisionPeriods.acceptWorkingDays) : null;
      const created = await repo.insertItem(tx, {
        title, description: input.description, source: input.source, hitId: input.hitId ?? null, modelId, caseId, sourceReference: input.sourceReference ?? null,
        parentId: null, severity, raisedByUnitId: p.unitId, raisedBy: p.userId, assigneeUnitId: assignee.id, regionCode: assignee.region_code,
        state: assign ? 'assigned' : 'open', dueAt, createdAt: at,
      });
      await repo.appendItemEvent(tx, { itemId: created.id, at, kind: 'raised', unitId: p.unitId, userId: p.userId, note: input.description, toState: 'open' });
      if (assign) await repo.appendItemEvent(tx, { itemId: created.id, at, kind: 'assigned', unitId: p.unitId, userId: p.userId, dueAt, fromState: 'open', toState: 'assigned' });
      await appendAudit(tx, { ...auditActor(ctx), action: 'supervision.raise', resourceKind: 'supervision-item', resourceId: created.id, details: { source: input.source, hitId: input.hitId ?? null, caseId, assigneeUnitId: assignee.id, assign } });
      return { ...created, created: true };
    });
  } catch (error) {
    // two supervisors raising from one hit at once: the second gets the first one's item
    if (input.hitId && /supervision_item_hit_idx/.test((error as Error).message)) {
      const existing = await repo.findItemByHit(deps.db, input.hitId);
      if (existing) return { id: existing.id, number: existing.number, created: false };
    }
    throw error;
  }
}

export interface ActInput {
  action: ItemAction;
  note?: string;
  /** follow-up: the new date (required); verify when it fails: the new date (default: the rectify period). */
  dueDate?: string;
  /** verify: the rectification holds (true) or not (false). */
  ok?: boolean;
  /** assign: to another unit than proposed. */
  assigneeUnitId?: string;
}

const NOTE_REQUIRED: ReadonlySet<ItemAction> = new Set(['follow-up', 'report', 'comment']);

/** Takes one step of the item's flow (ITEM_FLOW), checked for side and state, with its event and audit record. */
export async function actOnItem(deps: Deps, ctx: RequestContext, id: string, input: ActInput) {
  const p = ctx.principal;
  const needsNote = NOTE_REQUIRED.has(input.action) || (input.action === 'verify' && input.ok === false);
  if (needsNote && !input.note?.trim()) throw new AppError('VALIDATION_FAILED', [{ field: 'note', message: { zh: '须填写说明', en: 'a note is required for this step' } }]);
  if (input.action === 'verify' && input.ok === undefined) throw new AppError('VALIDATION_FAILED', [{ field: 'ok', message: { zh: '须说明核查是否通过', en: 'say whether the rectification holds' } }]);
  if (input.action === 'follow-up' && !input.dueDate) throw new AppError('VALIDATION_FAILED', [{ field: 'dueDate', message: { zh: '督办须给出新的期限', en: 'a follow-up sets a new date' } }]);
  const result = await deps.db.transaction(async (tx) => {
    const item = await visibleItem(deps, tx, ctx, id, true);
    const side = requireSide(deps, ctx, item);
    const next = actOnItemFacts(item, input.action, side, input.ok ?? true);
    if (typeof next !== 'string') {
      const rule = ITEM_FLOW[input.action];
      const state = ITEM_STATE_NAMES[item.state];
      if (next.code === 'SUPERVISION_CLASS_PARENT') throw new AppError('SUPERVISION_CLASS_PARENT', { action: input.action });
      throw next.code === 'SUPERVISION_WRONG_STATE'
        ? new AppError('SUPERVISION_WRONG_STATE', { state: item.state, action: input.action, allowed: next.allowed }, { zh: `监督事项当前为「${state.zh}」，不能${rule.zh}`, en: `The item is at "${state.en}": "${rule.en}" is not possible now` })
        : new AppError('FORBIDDEN', { action: input.action, side: next.side }, { zh: `「${rule.zh}」由${next.side === 'committee' ? '政法委' : '承办单位'}办理`, en: `"${rule.en}" is for ${next.side === 'committee' ? 'the committee' : 'the unit that must rectify'}` });
    }
    const at = deps.now().toISOString();
    let dueAt = item.dueAt;
    let assignee = item.assigneeUnitId;
    if (input.action === 'assign') {
      if (input.assigneeUnitId) {
        const u = await unitOf(tx, input.assigneeUnitId);
        if (!isAllowed(deps.permissions, p, 'create', { kind: 'supervision-item', unitId: u.id, regionCode: u.region_code, agency: u.agency as ResourceRef['agency'] })) throw new AppError('FORBIDDEN', { assigneeUnitId: u.id });
        assignee = u.id;
        await tx.query('UPDATE supervision_item SET assignee_unit_id = $2, region_code = $3 WHERE id = $1', [item.id, u.id, u.region_code]);
      }
      if (!assignee) throw new AppError('VALIDATION_FAILED', [{ field: 'assigneeUnitId', message: { zh: '须指明承办整改的单位', en: 'the unit that must rectify is required' } }]);
      dueAt = input.dueDate ? dueFromDate(deps, input.dueDate, 'dueDate') : periodDue(deps, deps.supervisionPeriods.acceptWorkingDays);
    } else if (input.action === 'accept') {
      dueAt = periodDue(deps, deps.supervisionPeriods.rectifyWorkingDays[item.severity]);
    } else if (input.action === 'follow-up') {
      dueAt = dueFromDate(deps, input.dueDate!, 'dueDate');
    } else if (input.action === 'report') {
      dueAt = null;
    } else if (input.action === 'verify' && next === 'rectifying') {
      dueAt = input.dueDate ? dueFromDate(deps, input.dueDate, 'dueDate') : periodDue(deps, deps.supervisionPeriods.rectifyWorkingDays[item.severity]);
    } else if (next === 'closed') {
      dueAt = null;
    }
    const closedAt = next === 'closed' ? at : null;
    if (input.action !== 'comment') await repo.updateItemState(tx, item.id, { state: next, dueAt, followUp: input.action === 'follow-up', closedAt });
    const kind = input.action === 'verify' ? (next === 'closed' ? 'verified' : 'verify-failed') : ({ assign: 'assigned', accept: 'accepted', 'follow-up': 'followed-up', report: 'reported', comment: 'commented' } as const)[input.action];
    const eventId = await repo.appendItemEvent(tx, { itemId: item.id, at, kind, unitId: p.unitId, userId: p.userId, note: input.note ?? null, dueAt: input.action === 'comment' ? null : dueAt, fromState: item.state, toState: next });
    await appendAudit(tx, { ...auditActor(ctx), action: `supervision.${input.action}`, resourceKind: 'supervision-item', resourceId: item.id, details: { from: item.state, to: next, dueAt, ok: input.ok ?? null } });
    // the last child of a class remediation closed: the parent closes with it
    if (next === 'closed' && item.parentId && (await repo.openChildren(tx, item.parentId)) === 0) {
      const parent = await repo.findItem(tx, item.parentId, true);
      if (parent && parent.state !== 'closed') {
        await repo.updateItemState(tx, parent.id, { state: 'closed', dueAt: null, closedAt: at });
        await repo.appendItemEvent(tx, { itemId: parent.id, at, kind: 'child-closed', unitId: p.unitId, userId: p.userId, note: item.number, fromState: parent.state, toState: 'closed' });
      }
    }
    return { eventId };
  });
  return { ...(await itemPage(deps, ctx, id)), eventId: result.eventId };
}

/** A class remediation (类案整改): one model's open hits in the caller's region, grouped into a child item per unit. */
export async function raiseClassRemediation(deps: Deps, ctx: RequestContext, input: { modelId: string; title?: string; description: string }) {
  const p = ctx.principal;
  requireRaiser(deps, ctx);
  const model = deps.warningModels.models.get(input.modelId);
  if (!model) throw new AppError('WARNING_MODEL_UNKNOWN', { model: input.modelId });
  const hitScope = scopeOf(deps.permissions, p, 'read', 'warning-hit');
  const params: unknown[] = [input.modelId];
  const where = scopeToSql(hitScope, { unitId: 'h.unit_id', regionCode: 'h.region_code', agency: 'u.agency' }, params);
  const units = await deps.db.query<{ unit_id: string; region_code: string; hits: number }>(
    `SELECT h.unit_id, min(h.region_code) AS region_code, count(*)::int AS hits
       FROM warning_hit h JOIN unit u ON u.id = h.unit_id
      WHERE h.model_id = $1 AND h.closed_at IS NULL AND ${where}
      GROUP BY h.unit_id ORDER BY count(*) DESC`,
    params,
  );
  if (units.length === 0) throw new AppError('SUPERVISION_NOTHING_TO_GROUP', { model: input.modelId }, { zh: '本地区该模型没有未解除的预警', en: 'The model has no open warnings in your region' });
  const at = deps.now().toISOString();
  const title = input.title ?? `类案整改：${model.name.zh}`;
  return deps.db.transaction(async (tx) => {
    const parent = await repo.insertItem(tx, {
      title, description: input.description, source: 'class', hitId: null, modelId: model.id, caseId: null, sourceReference: null, parentId: null,
      severity: model.severity, raisedByUnitId: p.unitId, raisedBy: p.userId, assigneeUnitId: null, regionCode: p.regionCode, state: 'assigned', dueAt: null, createdAt: at,
    });
    await repo.appendItemEvent(tx, { itemId: parent.id, at, kind: 'raised', unitId: p.unitId, userId: p.userId, note: input.description, toState: 'assigned' });
    const children: { id: string; number: string; unitId: string; hits: number }[] = [];
    for (const u of units) {
      const dueAt = periodDue(deps, deps.supervisionPeriods.acceptWorkingDays);
      const child = await repo.insertItem(tx, {
        title: `${title}（${u.hits} 条预警）`, description: input.description, source: 'class', hitId: null, modelId: model.id, caseId: null, sourceReference: null,
        parentId: parent.id, severity: model.severity, raisedByUnitId: p.unitId, raisedBy: p.userId, assigneeUnitId: u.unit_id, regionCode: u.region_code, state: 'assigned', dueAt, createdAt: at,
      });
      await repo.appendItemEvent(tx, { itemId: child.id, at, kind: 'assigned', unitId: p.unitId, userId: p.userId, note: `${u.hits} 条「${model.name.zh}」预警`, dueAt, fromState: 'open', toState: 'assigned' });
      children.push({ ...child, unitId: u.unit_id, hits: u.hits });
    }
    await appendAudit(tx, { ...auditActor(ctx), action: 'supervision.class-remediation', resourceKind: 'supervision-item', resourceId: parent.id, details: { model: model.id, children: children.length } });
    return { id: parent.id, number: parent.number, children };
  });
}

export async function itemPage(deps: Deps, ctx: RequestContext, id: string) {
  const item = await visibleItem(deps, deps.db, ctx, id);
  const [events, attachments, children] = await Promise.all([
    repo.listItemEvents(deps.db, id),
    repo.listAttachments(deps.db, id),
    repo.listItems(deps.db, scopeOf(deps.permissions, ctx.principal, 'read', 'supervision-item'), { parentId: id, limit: 500, offset: 0 }, deps.now().toISOString()),
  ]);
  const side = sideOf(deps, ctx, item);
  return {
    ...item,
    overdue: isOverdue(item, deps.now().toISOString()),
    modelName: item.modelId ? (deps.warningModels.models.get(item.modelId)?.name ?? null) : null,
    events,
    attachments,
    children: children.items,
    side,
    actions: availableActions(item, side),
  };
}

export async function listItemsFor(deps: Deps, ctx: RequestContext, filter: repo.ItemFilter) {
  const scope = scopeOf(deps.permissions, ctx.principal, 'read', 'supervision-item');
  const now = deps.now().toISOString();
  const result = await repo.listItems(deps.db, scope, filter, now);
  return { total: result.total, items: result.items.map((i) => ({ ...i, overdue: isOverdue(i, now) })) };
}

/** A file attached to an item by either side (a rectification report, a photo): checked by content like a dossier's. */
export async function attachToItem(deps: Deps, ctx: RequestContext, id: string, bytes: Uint8Array, input: { name: string; declaredMime: string }) {
  const item = await visibleItem(deps, deps.db, ctx, id);
  requireSide(deps, ctx, item);
  if (item.state === 'closed') throw new AppError('SUPERVISION_WRONG_STATE', { state: item.state, action: 'attach', allowed: ['open', 'assigned', 'rectifying', 'reported'] satisfies ItemState[] });
  checkDocumentSize(bytes.length, deps.config.documentMaxBytes);
  const type = checkDeclaredType(bytes, input.declaredMime, input.name);
  const stored = await deps.files.put(bytes);
  const at = deps.now().toISOString();
  return deps.db.transaction(async (tx) => {
    const eventId = await repo.appendItemEvent(tx, { itemId: id, at, kind: 'commented', unitId: ctx.principal.unitId, userId: ctx.principal.userId, note: `附件：${input.name}` });
    const attachmentId = await repo.insertAttachment(tx, { itemId: id, eventId, name: input.name, mime: type.mime, sizeBytes: bytes.length, sm3: stored.sm3, unitId: ctx.principal.unitId, uploadedAt: at, uploadedBy: ctx.principal.userId });
    await appendAudit(tx, { ...auditActor(ctx), action: 'supervision.attach', resourceKind: 'supervision-item', resourceId: id, details: { attachmentId, sm3: stored.sm3 } });
    return { id: attachmentId, name: input.name, mime: type.mime, sizeBytes: bytes.length, sm3: stored.sm3 };
  });
}

export async function readAttachment(deps: Deps, ctx: RequestContext, id: string, attachmentId: string) {
  await visibleItem(deps, deps.db, ctx, id);
  const a = (await repo.listAttachments(deps.db, id)).find((x) => x.id === attachmentId);
  if (!a) throw new AppError('NOT_FOUND', { attachmentId });
  return { attachment: a, bytes: await deps.files.get(a.sm3) };
}
