/** SQL of supervision items: the items, their timeline and attachments. */
import type { Queryable } from '../../db/client.ts';
import { scopeToSql } from '../../db/scope-sql.ts';
import { type NewStateTimelineEntry, type StateTimeline, type StateTimelineEntry, appendStateTimeline, listStateTimeline } from '../../db/state-timeline.ts';
import type { Scope } from '../../engine/permissions/permissions.ts';
import type { ItemState } from '../../engine/supervision/item-flow.ts';
import { iso } from '../cases/cases.repository.ts';


export interface ItemRecord {
  id: string;
  number: string;
  title: string;
  description: string;
  source: 'warning' | 'case-review' | 'petition' | 'manual' | 'class';
  hitId: string | null;
  modelId: string | null;
  caseId: string | null;
  caseNumber: string | null;
  sourceReference: string | null;
  parentId: string | null;
  severity: 'high' | 'medium' | 'low';
  raisedByUnitId: string;
  raisedByUnitName: string;
  assigneeUnitId: string | null;
  assigneeUnitName: string | null;
  assigneeAgency: string | null;
  regionCode: string;
  state: ItemState;
  dueAt: string | null;
  followUps: number;
  createdAt: string;
  closedAt: string | null;
  version: number;
}

const ITEM_SELECT = `SELECT i.*, c.case_number, ru.name AS raised_by_unit_name, au.name AS assignee_unit_name, au.agency AS assignee_agency
  FROM supervision_item i
  JOIN unit ru ON ru.id = i.raised_by_unit_id
  LEFT JOIN unit au ON au.id = i.assignee_unit_id
  LEFT JOIN criminal_case c ON c.id = i.case_id`;

type ItemRow = {
  id: string; number: string; title: string; description: string; source: ItemRecord['source']; hit_id: string | null; model_id: string | null;
  case_id: string | null; case_number: string | null; source_reference: string | null; parent_id: string | null; severity: ItemRecord['severity'];
  raised_by_unit_id: string; raised_by_unit_name: string; assignee_unit_id: string | null; assignee_unit_name: string | null; assignee_agency: string | null;
  region_code: string; state: ItemState; due_at: Date | string | null; follow_ups: number; created_at: Date | string; closed_at: Date | string | null; version: number;
};

const toItem = (r: ItemRow): ItemRecord => ({
  id: r.id,
  number: r.number,
  title: r.title,
  description: r.description,
  source: r.source,
  hitId: r.hit_id,
  modelId: r.model_id,
  caseId: r.case_id,
  caseNumber: r.case_number,
  sourceReference: r.source_reference,
  parentId: r.parent_id,
  severity: r.severity,
  raisedByUnitId: r.raised_by_unit_id,
  raisedByUnitName: r.raised_by_unit_name,
  assigneeUnitId: r.assignee_unit_id,
  assigneeUnitName: r.assignee_unit_name,
  assigneeAgency: r.assignee_agency,
  regionCode: r.region_code,
  state: r.state,
  dueAt: iso(r.due_at),
  followUps: r.follow_ups,
  createdAt: iso(r.created_at),
  closedAt: iso(r.closed_at),
  version: r.version,
});

export async function findItem(db: Queryable, id: string, lock = false): Promise<ItemRecord | null> {
  // FOR UPDATE locks the item only (the joined rows are read)
  const rows = await db.query<ItemRow>(`${ITEM_SELECT} WHERE i.id = $1${lock ? ' FOR UPDATE OF i' : ''}`, [id]);
  return rows[0] ? toItem(rows[0]) : null;
}

export async function findItemByHit(db: Queryable, hitId: string): Promise<ItemRecord | null> {
  const rows = await db.query<ItemRow>(`${ITEM_SELECT} WHERE i.hit_id = $1`, [hitId]);
  return rows[0] ? toItem(rows[0]) : null;
}

export interface NewItem {
  title: string;
  description: string;
  source: ItemRecord['source'];
  hitId: string | null;
  modelId: string | null;
  caseId: string | null;
  sourceReference: string | null;
  parentId: string | null;
  severity: ItemRecord['severity'];
  raisedByUnitId: string;
  raisedBy: string | null;
  assigneeUnitId: string | null;
  regionCode: string;
  state: ItemState;
  dueAt: string | null;
  createdAt: string;
}

export async function insertItem(tx: Queryable, n: NewItem): Promise<{ id: string; number: string }> {
  const [row] = await tx.query<{ id: string; number: string }>(
    `INSERT INTO supervision_item (number, title, description, source, hit_id, model_id, case_id, source_reference, parent_id, severity,
                                   raised_by_unit_id, raised_by, assignee_unit_id, region_code, state, due_at, created_at)
     VALUES ('督' || to_char($16::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || (SELECT lpad(n::text, greatest(6, length(n::text)), '0') FROM nextval('supervision_item_number_seq') AS n),
             $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     RETURNING id, number`,
    [n.title, n.description, n.source, n.hitId, n.modelId, n.caseId, n.sourceReference, n.parentId, n.severity, n.raisedByUnitId, n.raisedBy, n.assigneeUnitId, n.regionCode, n.state, n.dueAt, n.createdAt],
  );
  return row!;
}

export async function updateItemState(tx: Queryable, id: string, o: { state: ItemState; dueAt: string | null; followUp?: boolean; closedAt?: string | null }): Promise<void> {
  await tx.query(
    `UPDATE supervision_item SET state = $2, due_at = $3, follow_ups = follow_ups + $4, closed_at = $5, version = version + 1 WHERE id = $1`,
    [id, o.state, o.dueAt, o.followUp ? 1 : 0, o.closedAt ?? null],
  );
}

export type ItemEvent = StateTimelineEntry;
const TIMELINE: StateTimeline = { table: 'supervision_event', owner: 'item_id' };

export const appendItemEvent = (tx: Queryable, { itemId, ...e }: NewStateTimelineEntry & { itemId: string }): Promise<number> => appendStateTimeline(tx, TIMELINE, itemId, e);

export const listItemEvents = (db: Queryable, itemId: string): Promise<ItemEvent[]> => listStateTimeline(db, TIMELINE, itemId);

export interface AttachmentRecord {
  id: string;
  itemId: string;
  eventId: number | null;
  name: string;
  mime: string;
  sizeBytes: number;
  sm3: string;
  unitId: string;
  uploadedAt: string;
}

export async function insertAttachment(tx: Queryable, a: Omit<AttachmentRecord, 'id'> & { uploadedBy: string | null }): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO supervision_attachment (item_id, event_id, name, mime, size_bytes, sm3, unit_id, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [a.itemId, a.eventId, a.name, a.mime, a.sizeBytes, a.sm3, a.unitId, a.uploadedBy, a.uploadedAt],
  );
  return row!.id;
}

export async function listAttachments(db: Queryable, itemId: string): Promise<AttachmentRecord[]> {
  const rows = await db.query<{ id: string; item_id: string; event_id: string | number | null; name: string; mime: string; size_bytes: string | number; sm3: string; unit_id: string; uploaded_at: Date | string }>(
    'SELECT * FROM supervision_attachment WHERE item_id = $1 ORDER BY uploaded_at, id',
    [itemId],
  );
  return rows.map((r) => ({ id: r.id, itemId: r.item_id, eventId: r.event_id === null ? null : Number(r.event_id), name: r.name, mime: r.mime, sizeBytes: Number(r.size_bytes), sm3: r.sm3, unitId: r.unit_id, uploadedAt: iso(r.uploaded_at) }));
}

export interface ItemFilter {
  state?: ItemState | 'not-closed';
  overdue?: boolean;
  source?: ItemRecord['source'];
  modelId?: string;
  parentId?: string;
  assigneeUnitId?: string;
  limit: number;
  offset: number;
}

export async function listItems(db: Queryable, scope: Scope, f: ItemFilter, now: string): Promise<{ total: number; items: ItemRecord[] }> {
  const params: unknown[] = [];
  const where = [scopeToSql(scope, { unitId: 'coalesce(i.assignee_unit_id, i.raised_by_unit_id)', regionCode: 'i.region_code', agency: 'coalesce(au.agency, ru.agency)' }, params)];
  if (f.state === 'not-closed') where.push("i.state <> 'closed'");
  else if (f.state) where.push(`i.state = $${params.push(f.state)}`);
  if (f.overdue) where.push(`i.state IN ('assigned', 'rectifying') AND i.due_at < $${params.push(now)}::timestamptz`);
  if (f.source) where.push(`i.source = $${params.push(f.source)}`);
  if (f.modelId) where.push(`i.model_id = $${params.push(f.modelId)}`);
  if (f.parentId) where.push(`i.parent_id = $${params.push(f.parentId)}::uuid`);
  if (f.assigneeUnitId) where.push(`i.assignee_unit_id = $${params.push(f.assigneeUnitId)}::uuid`);
  const sqlWhere = `WHERE ${where.join(' AND ')}`;
  const [count] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM supervision_item i JOIN unit ru ON ru.id = i.raised_by_unit_id LEFT JOIN unit au ON au.id = i.assignee_unit_id ${sqlWhere}`,
    params,
  );
  const rows = await db.query<ItemRow>(
    `${ITEM_SELECT} ${sqlWhere} ORDER BY (i.state = 'closed'), i.due_at NULLS LAST, i.created_at DESC, i.id LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset)}`,
    params,
  );
  return { total: count!.n, items: rows.map(toItem) };
}

/** The children of a class remediation that are not closed yet. */
export async function openChildren(db: Queryable, parentId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM supervision_item WHERE parent_id = $1 AND state <> 'closed'", [parentId]);
  return row!.n;
}
