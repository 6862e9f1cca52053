/** SQL of grid events: the events, their timeline and photos. */
import type { Queryable } from '../../db/client.ts';
import { scopeToSql } from '../../db/scope-sql.ts';
import { type NewStateTimelineEntry, type StateTimeline, type StateTimelineEntry, appendStateTimeline, listStateTimeline } from '../../db/state-timeline.ts';
import type { GridEventState } from '../../engine/grid-events/event-flow.ts';
import type { Scope } from '../../engine/permissions/permissions.ts';
import { iso } from '../cases/cases.repository.ts';

const isoOf = (v: Date | string): string => iso(v)!;

export interface GridEventRecord {
  id: string;
  number: string;
  category: string;
  description: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  regionCode: string;
  reporterKind: 'grid-worker' | 'citizen';
  reportedBy: string | null;
  /** Whole: the service masks it for every answer but the audited reveal. */
  reporterPhone: string | null;
  state: GridEventState;
  townshipUnitId: string;
  townshipUnitName: string;
  countyUnitId: string | null;
  countyUnitName: string | null;
  responsibleUnitId: string | null;
  responsibleUnitName: string | null;
  /** The agency of the unit that has the event now (responsible, else county center, else township center). */
  holderAgency: string;
  dueAt: string | null;
  reportedAt: string;
  acceptedAt: string | null;
  escalatedAt: string | null;
  handledAt: string | null;
  verifiedAt: string | null;
  closedAt: string | null;
  rating: number | null;
  ratedAt: string | null;
  version: number;
}

const SELECT = `SELECT e.*, tu.name AS township_unit_name, cu.name AS county_unit_name, ru.name AS responsible_unit_name,
    coalesce(ru.agency, cu.agency, tu.agency) AS holder_agency
  FROM grid_event e
  JOIN unit tu ON tu.id = e.township_unit_id
  LEFT JOIN unit cu ON cu.id = e.county_unit_id
  LEFT JOIN unit ru ON ru.id = e.responsible_unit_id`;

type Row = {
  id: string; number: string; category: string; description: string; address: string; latitude: number | string | null; longitude: number | string | null;
  region_code: string; reporter_kind: 'grid-worker' | 'citizen'; reported_by: string | null; reporter_phone: string | null; state: GridEventState;
  township_unit_id: string; township_unit_name: string; county_unit_id: string | null; county_unit_name: string | null;
  responsible_unit_id: string | null; responsible_unit_name: string | null; holder_agency: string; due_at: Date | string | null;
  reported_at: Date | string; accepted_at: Date | string | null; escalated_at: Date | string | null; handled_at: Date | string | null;
  verified_at: Date | string | null; closed_at: Date | string | null; rating: number | null; rated_at: Date | string | null; version: number;
};

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

const toRecord = (r: Row): GridEventRecord => ({
  id: r.id,
  number: r.number,
  category: r.category,
  description: r.description,
  address: r.address,
  latitude: num(r.latitude),
  longitude: num(r.longitude),
  regionCode: r.region_code,
  reporterKind: r.reporter_kind,
  reportedBy: r.reported_by,
  reporterPhone: r.reporter_phone,
  state: r.state,
  townshipUnitId: r.township_unit_id,
  townshipUnitName: r.township_unit_name,
  countyUnitId: r.county_unit_id,
  countyUnitName: r.county_unit_name,
  responsibleUnitId: r.responsible_unit_id,
  responsibleUnitName: r.responsible_unit_name,
  holderAgency: r.holder_agency,
  dueAt: iso(r.due_at),
  reportedAt: isoOf(r.reported_at),
  acceptedAt: iso(r.accepted_at),
  escalatedAt: iso(r.escalated_at),
  handledAt: iso(r.handled_at),
  verifiedAt: iso(r.verified_at),
  closedAt: iso(r.closed_at),
  rating: r.rating === null ? null : Number(r.rating),
  ratedAt: iso(r.rated_at),
  version: r.version,
});

export async function findGridEvent(db: Queryable, id: string, lock = false): Promise<GridEventRecord | null> {
  const rows = await db.query<Row>(`${SELECT} WHERE e.id = $1${lock ? ' FOR UPDATE OF e' : ''}`, [id]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export type NewGridEvent = Pick<
  GridEventRecord,
  'category' | 'description' | 'address' | 'latitude' | 'longitude' | 'regionCode' | 'reporterKind' | 'reportedBy' | 'reporterPhone' | 'townshipUnitId' | 'reportedAt'
> & { dueAt: string };

export async function insertGridEvent(tx: Queryable, n: NewGridEvent): Promise<{ id: string; number: string }> {
  const [row] = await tx.query<{ id: string; number: string }>(
    `INSERT INTO grid_event (number, category, description, address, latitude, longitude, region_code, reporter_kind, reported_by, reporter_phone,
                             state, township_unit_id, due_at, reported_at)
     VALUES ('网' || to_char($13::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || (SELECT lpad(n::text, greatest(6, length(n::text)), '0') FROM nextval('grid_event_number_seq') AS n),
             $1, $2, $3, $4, $5, $6, $7, $8, $9, 'reported', $10, $11, $12)
     RETURNING id, number`,
    [n.category, n.description, n.address, n.latitude, n.longitude, n.regionCode, n.reporterKind, n.reportedBy, n.reporterPhone, n.townshipUnitId, n.dueAt, n.reportedAt, n.reportedAt],
  );
  return row!;
}

/** The columns a step may change; a moment column is set once, by the step it names. */
export interface GridEventChange {
  state: GridEventState;
  dueAt: string | null;
  countyUnitId?: string;
  responsibleUnitId?: string | null;
  at?: { column: 'accepted_at' | 'escalated_at' | 'handled_at' | 'verified_at' | 'closed_at' | 'rated_at'; value: string };
  rating?: number;
}

export async function updateGridEvent(tx: Queryable, id: string, c: GridEventChange): Promise<void> {
  const params: unknown[] = [id, c.state, c.dueAt];
  const sets = ['state = $2', 'due_at = $3', 'version = version + 1'];
  if (c.countyUnitId !== undefined) sets.push(`county_unit_id = $${params.push(c.countyUnitId)}`);
  if (c.responsibleUnitId !== undefined) sets.push(`responsible_unit_id = $${params.push(c.responsibleUnitId)}`);
  if (c.rating !== undefined) sets.push(`rating = $${params.push(c.rating)}`);
  // the column is one of a closed list (the type), never text from a request
  if (c.at) sets.push(`${c.at.column} = $${params.push(c.at.value)}`);
  await tx.query(`UPDATE grid_event SET ${sets.join(', ')} WHERE id = $1`, params);
}

export type TimelineEntry = StateTimelineEntry;
const TIMELINE: StateTimeline = { table: 'grid_event_event', owner: 'event_id' };

export const appendTimeline = (tx: Queryable, { eventId, ...e }: NewStateTimelineEntry & { eventId: string }): Promise<number> => appendStateTimeline(tx, TIMELINE, eventId, e);

export const listTimeline = (db: Queryable, eventId: string): Promise<TimelineEntry[]> => listStateTimeline(db, TIMELINE, eventId);

export interface PhotoRecord {
  id: string;
  eventId: string;
  name: string;
  mime: string;
  sizeBytes: number;
  sm3: string;
  unitId: string | null;
  uploadedAt: string;
}

export async function insertPhoto(tx: Queryable, p: Omit<PhotoRecord, 'id'> & { timelineId: number; uploadedBy: string | null }): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    'INSERT INTO grid_event_photo (event_id, timeline_id, name, mime, size_bytes, sm3, unit_id, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id',
    [p.eventId, p.timelineId, p.name, p.mime, p.sizeBytes, p.sm3, p.unitId, p.uploadedBy, p.uploadedAt],
  );
  return row!.id;
}

export async function listPhotos(db: Queryable, eventId: string): Promise<PhotoRecord[]> {
  const rows = await db.query<{ id: string; event_id: string; name: string; mime: string; size_bytes: string | number; sm3: string; unit_id: string | null; uploaded_at: Date | string }>(
    'SELECT * FROM grid_event_photo WHERE event_id = $1 ORDER BY uploaded_at, id',
    [eventId],
  );
  return rows.map((r) => ({ id: r.id, eventId: r.event_id, name: r.name, mime: r.mime, sizeBytes: Number(r.size_bytes), sm3: r.sm3, unitId: r.unit_id, uploadedAt: isoOf(r.uploaded_at) }));
}

export async function countPhotos(db: Queryable, eventId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM grid_event_photo WHERE event_id = $1', [eventId]);
  return row!.n;
}

export interface GridEventFilter {
  state?: GridEventState | 'open';
  category?: string;
  regionCode?: string;
  overdue?: boolean;
  limit: number;
  offset: number;
}

/** States in which the work is not over (the 'open' filter). */
const OPEN_STATES = "('reported', 'accepted', 'escalated', 'handling', 'handled', 'verified')";
/** States in which a step is owed by a date (engine: hasDeadline). */
const DEADLINE_STATES = "('reported', 'accepted', 'escalated', 'handling', 'handled')";

export async function listGridEvents(db: Queryable, scope: Scope, f: GridEventFilter, now: string): Promise<{ total: number; items: GridEventRecord[] }> {
  const params: unknown[] = [];
  const where = [
    scopeToSql(
      scope,
      {
        unitId: 'coalesce(e.responsible_unit_id, e.county_unit_id, e.township_unit_id)',
        regionCode: 'e.region_code',
        agency: 'coalesce(ru.agency, cu.agency, tu.agency)',
        partyUnit: (p) => `${p}::uuid IN (e.township_unit_id, e.county_unit_id, e.responsible_unit_id)`,
      },
      params,
    ),
  ];
  if (f.state === 'open') where.push(`e.state IN ${OPEN_STATES}`);
  else if (f.state) where.push(`e.state = $${params.push(f.state)}`);
  if (f.category) where.push(`e.category = $${params.push(f.category)}`);
  if (f.regionCode) where.push(`e.region_code LIKE $${params.push(`${f.regionCode}%`)}`);
  if (f.overdue) where.push(`e.state IN ${DEADLINE_STATES} AND e.due_at < $${params.push(now)}::timestamptz`);
  const sqlWhere = `WHERE ${where.join(' AND ')}`;
  const from = 'FROM grid_event e JOIN unit tu ON tu.id = e.township_unit_id LEFT JOIN unit cu ON cu.id = e.county_unit_id LEFT JOIN unit ru ON ru.id = e.responsible_unit_id';
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${from} ${sqlWhere}`, params);
  const rows = await db.query<Row>(
    `${SELECT} ${sqlWhere} ORDER BY (e.state IN ('closed', 'rated')), e.due_at NULLS LAST, e.reported_at DESC, e.id LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset)}`,
    params,
  );
  return { total: count!.n, items: rows.map(toRecord) };
}

/** A unit as the escalation rule sees it. */
export async function findUnit(db: Queryable, id: string): Promise<{ id: string; agency: string; regionCode: string; name: string } | null> {
  const [u] = await db.query<{ id: string; agency: string; region_code: string; name: string }>('SELECT id, agency, region_code, name FROM unit WHERE id = $1', [id]);
  return u ? { id: u.id, agency: u.agency, regionCode: u.region_code, name: u.name } : null;
}

/** The governance centers of a region (the township's or the county's). */
export async function governanceCentersIn(db: Queryable, regionCode: string): Promise<{ id: string; agency: string; regionCode: string }[]> {
  const rows = await db.query<{ id: string; agency: string; region_code: string }>("SELECT id, agency, region_code FROM unit WHERE agency = 'governance-center' AND region_code = $1 ORDER BY code", [regionCode]);
  return rows.map((u) => ({ id: u.id, agency: u.agency, regionCode: u.region_code }));
}

export async function findRegion(db: Queryable, code: string): Promise<{ code: string; level: string; parentCode: string | null } | null> {
  const [r] = await db.query<{ code: string; level: string; parent_code: string | null }>('SELECT code, level, parent_code FROM region WHERE code = $1', [code]);
  return r ? { code: r.code, level: r.level, parentCode: r.parent_code } : null;
}

/**
 * Events a caller may owe the next step of (the inbox's candidates): at their unit as township center, county
 * center or responsible unit, or reported by them; the flow (availableActions) decides which they really owe.
 */
export async function gridEventsNear(db: Queryable, unitId: string, userId: string, limit: number): Promise<GridEventRecord[]> {
  const rows = await db.query<Row>(
    `${SELECT}
     WHERE e.state <> 'rated'
       AND ($1::uuid IN (e.township_unit_id, e.county_unit_id, e.responsible_unit_id) OR e.reported_by = $2::uuid)
     ORDER BY e.due_at NULLS LAST, e.reported_at, e.id
     LIMIT $3`,
    [unitId, userId, limit],
  );
  return rows.map(toRecord);
}
