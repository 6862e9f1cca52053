/** Paper-dossier loans and seized property of a case, as the case page lists them. */
import type { Queryable } from '../../db/client.ts';
import { type LoanRecord, loansOfCase } from '../loans/loans.repository.ts';
import { iso } from './cases.repository.ts';

/** A loan on its case's page: the loan without the case it is of. */
export type LoanView = Omit<LoanRecord, 'caseId' | 'caseNumber' | 'caseTitle' | 'regionCode' | 'holderAgency'>;

export interface PropertyView {
  id: string;
  description: string;
  quantity: string;
  storageReceipt: string;
  photoDocumentIds: string[];
  holderUnitId: string;
  holderUnitName: string;
  state: 'held' | 'in-transfer' | 'disposed';
  registeredAt: string;
  /** returned-to-owner, confiscated or destroyed, on the decision document; null until disposed of. */
  disposal: string | null;
  disposalDocumentId: string | null;
  disposedAt: string | null;
  /** The chain of custody: every hand-over of the item, oldest first; cancelled when its transfer was returned. */
  handovers: {
    id: string;
    transferId: string | null;
    fromUnitId: string;
    fromUnitName: string;
    toUnitId: string;
    toUnitName: string;
    sentAt: string;
    receivedAt: string | null;
    cancelledAt: string | null;
    note: string | null;
  }[];
}

export async function listCaseExtras(db: Queryable, caseId: string): Promise<{ loans: LoanView[]; property: PropertyView[] }> {
  const loans = await loansOfCase(db, caseId);
  const items = await db.query<Record<string, unknown>>(
    `SELECT p.*, u.name AS holder_unit_name FROM seized_property p JOIN unit u ON u.id = p.holder_unit_id
      WHERE p.case_id = $1 ORDER BY p.registered_at, p.id`,
    [caseId],
  );
  const handovers = await db.query<Record<string, unknown>>(
    `SELECT h.*, fu.name AS from_unit_name, tu.name AS to_unit_name
       FROM property_handover h JOIN seized_property p ON p.id = h.property_id
            JOIN unit fu ON fu.id = h.from_unit_id JOIN unit tu ON tu.id = h.to_unit_id
      WHERE p.case_id = $1 ORDER BY h.sent_at, h.id`,
    [caseId],
  );
  return {
    loans: loans.map(({ caseId: _case, caseNumber: _number, caseTitle: _title, regionCode: _region, holderAgency: _agency, ...l }) => l),
    property: items.map((r) => ({
      id: r.id as string,
      description: r.description as string,
      quantity: r.quantity as string,
      storageReceipt: r.storage_receipt as string,
      photoDocumentIds: ((r.photo_document_ids as string[] | null) ?? []).map(String),
      holderUnitId: r.holder_unit_id as string,
      holderUnitName: r.holder_unit_name as string,
      state: r.state as PropertyView['state'],
      registeredAt: iso(r.registered_at as Date)!,
      disposal: (r.disposal as string | null) ?? null,
      disposalDocumentId: (r.disposal_document_id as string | null) ?? null,
      disposedAt: iso((r.disposed_at as Date | null) ?? null),
      handovers: handovers
        .filter((h) => h.property_id === r.id)
        .map((h) => ({
          id: h.id as string,
          transferId: (h.transfer_id as string | null) ?? null,
          fromUnitId: h.from_unit_id as string,
          fromUnitName: h.from_unit_name as string,
          toUnitId: h.to_unit_id as string,
          toUnitName: h.to_unit_name as string,
          sentAt: iso(h.sent_at as Date)!,
          receivedAt: iso(h.received_at as Date | null),
          cancelledAt: iso((h.cancelled_at as Date | null) ?? null),
          note: (h.note as string | null) ?? null,
        })),
    })),
  };
}
