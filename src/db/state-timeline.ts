/**
 * SQL of the timelines that share one shape — a row per step with its unit, note, due moment and the state
 * before and after: supervision_event (of a supervision item) and grid_event_event (of a grid event).
 */
import { iso } from '../modules/cases/cases.repository.ts';
import type { Queryable } from './client.ts';

/** Which timeline, and the column naming its matter; a closed list, so no text from a request reaches the SQL. */
export type StateTimeline =
  | { table: 'supervision_event'; owner: 'item_id' }
  | { table: 'grid_event_event'; owner: 'event_id' }
  | { table: 'risk_assessment_event'; owner: 'assessment_id' };

export interface StateTimelineEntry {
  id: number;
  at: string;
  kind: string;
  unitId: string | null;
  unitName: string | null;
  note: string | null;
  dueAt: string | null;
  fromState: string | null;
  toState: string | null;
}

export interface NewStateTimelineEntry {
  at: string;
  kind: string;
  unitId: string | null;
  userId: string | null;
  note?: string | null;
  dueAt?: string | null;
  fromState?: string | null;
  toState?: string | null;
}

export async function appendStateTimeline(tx: Queryable, t: StateTimeline, ownerId: string, e: NewStateTimelineEntry): Promise<number> {
  const [row] = await tx.query<{ id: string | number }>(
    `INSERT INTO ${t.table} (${t.owner}, at, kind, unit_id, user_id, note, due_at, from_state, to_state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [ownerId, e.at, e.kind, e.unitId, e.userId, e.note ?? null, e.dueAt ?? null, e.fromState ?? null, e.toState ?? null],
  );
  return Number(row!.id);
}

export async function listStateTimeline(db: Queryable, t: StateTimeline, ownerId: string): Promise<StateTimelineEntry[]> {
  const rows = await db.query<{ id: string | number; at: Date | string; kind: string; unit_id: string | null; unit_name: string | null; note: string | null; due_at: Date | string | null; from_state: string | null; to_state: string | null }>(
    `SELECT t.*, u.name AS unit_name FROM ${t.table} t LEFT JOIN unit u ON u.id = t.unit_id WHERE t.${t.owner} = $1 ORDER BY t.at, t.id`,
    [ownerId],
  );
  return rows.map((r) => ({ id: Number(r.id), at: iso(r.at), kind: r.kind, unitId: r.unit_id, unitName: r.unit_name, note: r.note, dueAt: iso(r.due_at), fromState: r.from_state, toState: r.to_state }));
}
