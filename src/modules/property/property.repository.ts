/** SQL of seized property (涉案财物) and its chain of custody. No rules here. */
import type { Queryable } from '../../db/client.ts';
import { isUuid, iso } from '../cases/cases.repository.ts';

export const DISPOSALS = ['returned-to-owner', 'confiscated', 'destroyed'] as const;
export type Disposal = (typeof DISPOSALS)[number];

export interface PropertyRecord {
  id: string;
  caseId: string;
  description: string;
  holderUnitId: string;
  holderAgency: string;
  regionCode: string;
  state: 'held' | 'in-transfer' | 'disposed';
}

interface PropertyRow {
  id: string;
  case_id: string;
  description: string;
  holder_unit_id: string;
  holder_agency: string;
  region_code: string;
  state: PropertyRecord['state'];
}

const toProperty = (r: PropertyRow): PropertyRecord => ({
  id: r.id,
  caseId: r.case_id,
  description: r.description,
  holderUnitId: r.holder_unit_id,
  holderAgency: r.holder_agency,
  regionCode: r.region_code,
  state: r.state,
});

const PROPERTY_SELECT = `
  SELECT p.id, p.case_id, p.description, p.holder_unit_id, u.agency AS holder_agency, c.region_code, p.state
    FROM seized_property p JOIN unit u ON u.id = p.holder_unit_id JOIN criminal_case c ON c.id = p.case_id`;

/** The item, or null; `lock` takes its row lock for the rest of the transaction. */
export async function findProperty(db: Queryable, id: string, lock = false): Promise<PropertyRecord | null> {
  if (!isUuid(id)) return null;
  if (lock) await db.query('SELECT 1 FROM seized_property WHERE id = $1 FOR UPDATE', [id]);
  const [row] = await db.query<PropertyRow>(`${PROPERTY_SELECT} WHERE p.id = $1`, [id]);
  return row ? toProperty(row) : null;
}

export async function insertProperty(
  tx: Queryable,
  p: { caseId: string; description: string; quantity: string; storageReceipt: string; photoDocumentIds: string[]; holderUnitId: string; registeredAt: string },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO seized_property (case_id, description, quantity, storage_receipt, photo_document_ids, holder_unit_id, state, registered_at)
     VALUES ($1, $2, $3, $4, $5::uuid[], $6, 'held', $7) RETURNING id`,
    [p.caseId, p.description, p.quantity, p.storageReceipt, p.photoDocumentIds, p.holderUnitId, p.registeredAt],
  );
  return row!.id;
}

export async function setPropertyInTransfer(tx: Queryable, id: string): Promise<void> {
  await tx.query(`UPDATE seized_property SET state = 'in-transfer' WHERE id = $1`, [id]);
}

export async function setPropertyHolder(tx: Queryable, id: string, unitId: string): Promise<void> {
  await tx.query(`UPDATE seized_property SET state = 'held', holder_unit_id = $2 WHERE id = $1`, [id, unitId]);
}

export async function disposeProperty(tx: Queryable, id: string, d: { disposal: Disposal; documentId: string; at: string }): Promise<void> {
  await tx.query(`UPDATE seized_property SET state = 'disposed', disposal = $2, disposal_document_id = $3, disposed_at = $4 WHERE id = $1`, [
    id,
    d.disposal,
    d.documentId,
    d.at,
  ]);
}

export interface HandoverRecord {
  id: string;
  propertyId: string;
  transferId: string | null;
  fromUnitId: string;
  toUnitId: string;
  toAgency: string;
  sentAt: string;
  receivedAt: string | null;
  cancelledAt: string | null;
  transferState: string | null;
}

export async function findHandover(db: Queryable, id: string, lock = false): Promise<HandoverRecord | null> {
  if (!isUuid(id)) return null;
  if (lock) await db.query('SELECT 1 FROM property_handover WHERE id = $1 FOR UPDATE', [id]);
  const [r] = await db.query<{
    id: string; property_id: string; transfer_id: string | null; from_unit_id: string; to_unit_id: string; to_agency: string;
    sent_at: Date | string; received_at: Date | string | null; cancelled_at: Date | string | null; transfer_state: string | null;
  }>(
    `SELECT h.*, u.agency AS to_agency, t.state AS transfer_state
       FROM property_handover h JOIN unit u ON u.id = h.to_unit_id LEFT JOIN transfer t ON t.id = h.transfer_id WHERE h.id = $1`,
    [id],
  );
  if (!r) return null;
  return {
    id: r.id,
    propertyId: r.property_id,
    transferId: r.transfer_id,
    fromUnitId: r.from_unit_id,
    toUnitId: r.to_unit_id,
    toAgency: r.to_agency,
    sentAt: iso(r.sent_at)!,
    receivedAt: iso(r.received_at),
    cancelledAt: iso(r.cancelled_at),
    transferState: r.transfer_state,
  };
}

export async function insertHandover(tx: Queryable, h: { propertyId: string; transferId: string; fromUnitId: string; toUnitId: string; sentAt: string }): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    'INSERT INTO property_handover (property_id, transfer_id, from_unit_id, to_unit_id, sent_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [h.propertyId, h.transferId, h.fromUnitId, h.toUnitId, h.sentAt],
  );
  return row!.id;
}

export async function markHandoverReceived(tx: Queryable, id: string, r: { at: string; by: string | null; note: string | null }): Promise<void> {
  await tx.query('UPDATE property_handover SET received_at = $2, received_by = $3, note = $4 WHERE id = $1', [id, r.at, r.by, r.note]);
}

/**
 * The receiver returned the transfer: the hand-overs of items on it that were not received yet close unreceived
 * and the items are held by their sender again. Answers the items released.
 */
export async function releaseHandoversOf(tx: Queryable, transferId: string, at: string): Promise<{ handoverId: string; propertyId: string }[]> {
  const rows = await tx.query<{ id: string; property_id: string }>(
    `UPDATE property_handover SET cancelled_at = $2 WHERE transfer_id = $1 AND received_at IS NULL AND cancelled_at IS NULL
     RETURNING id, property_id`,
    [transferId, at],
  );
  for (const r of rows) await tx.query(`UPDATE seized_property SET state = 'held' WHERE id = $1 AND state = 'in-transfer'`, [r.property_id]);
  return rows.map((r) => ({ handoverId: r.id, propertyId: r.property_id }));
}

/** Hand-overs addressed to a unit that wait to be received, oldest first. */
export async function handoversToReceive(db: Queryable, unitId: string): Promise<
  { id: string; caseId: string; caseNumber: string; caseTitle: string; description: string; fromUnitName: string; sentAt: string }[]
> {
  const rows = await db.query<{ id: string; case_id: string; case_number: string; title: string; description: string; from_unit_name: string; sent_at: Date | string }>(
    `SELECT h.id, p.case_id, c.case_number, c.title, p.description, u.name AS from_unit_name, h.sent_at
       FROM property_handover h JOIN seized_property p ON p.id = h.property_id JOIN criminal_case c ON c.id = p.case_id
            JOIN unit u ON u.id = h.from_unit_id
      WHERE h.to_unit_id = $1 AND h.received_at IS NULL AND h.cancelled_at IS NULL ORDER BY h.sent_at LIMIT 200`,
    [unitId],
  );
  return rows.map((r) => ({ id: r.id, caseId: r.case_id, caseNumber: r.case_number, caseTitle: r.title, description: r.description, fromUnitName: r.from_unit_name, sentAt: iso(r.sent_at)! }));
}
