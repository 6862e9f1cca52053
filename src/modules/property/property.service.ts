/**
 * Seized property (涉案财物, flows.md §1 scenario property-transfer): the unit holding a case registers its items
 * (description, quantity, storage receipt, photos from the dossier); an item goes to another unit with one of its
 * holder's transfers of the case and is received item by item, which makes the receiver its holder; the holder
 * disposes of it (returned to its owner, confiscated, destroyed) on a decision of the dossier. Every hand-over is
 * kept: the chain of custody. Each step goes on the case timeline and into the audit log, in one transaction.
 */
import type { AppDeps } from '../../app-deps.ts';
import type { Agency } from '../../engine/organisation.ts';
import { type ResourceRef, isAllowed } from '../../engine/permissions/permissions.ts';
import { AppError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { type RequestContext, auditActor } from '../auth/principal.ts';
import { appendCaseEvent, findCase, findDocument, findTransfer } from '../cases/cases.repository.ts';
import { caseRef, visibleCase } from '../cases/cases.service.ts';
import {
  type Disposal,
  type PropertyRecord,
  disposeProperty,
  findHandover,
  findProperty,
  insertHandover,
  insertProperty,
  markHandoverReceived,
  setPropertyHolder,
  setPropertyInTransfer,
} from './property.repository.ts';

type Deps = Pick<AppDeps, 'db' | 'permissions' | 'now'>;

/** An item stands at the unit holding it. */
const propertyRef = (item: { holderUnitId: string; holderAgency: string; regionCode: string }): ResourceRef => ({
  kind: 'seized-property',
  unitId: item.holderUnitId,
  regionCode: item.regionCode,
  agency: item.holderAgency as Agency,
});

export interface NewPropertyInput {
  description: string;
  quantity: string;
  storageReceipt: string;
  photoDocumentIds?: string[];
}

export async function registerProperty(deps: Deps, ctx: RequestContext, caseId: string, input: NewPropertyInput): Promise<{ id: string }> {
  const p = ctx.principal;
  return deps.db.transaction(async (tx) => {
    const c = await visibleCase(deps, tx, ctx, caseId, 'read', true);
    if (!c.holderUnitId || !isAllowed(deps.permissions, p, 'create', { ...caseRef(c), kind: 'seized-property' })) {
      throw new AppError('FORBIDDEN', { caseId, action: 'create', resource: 'seized-property' });
    }
    const photos = input.photoDocumentIds ?? [];
    for (const id of photos) {
      const d = await findDocument(tx, id);
      if (!d || d.caseId !== c.id) throw new AppError('DOCUMENT_NOT_IN_CASE', { documentId: id });
      if (!d.mime.startsWith('image/')) throw new AppError('PROPERTY_PHOTO_INVALID', { documentId: id, mime: d.mime });
    }
    const at = deps.now().toISOString();
    const id = await insertProperty(tx, { caseId: c.id, description: input.description, quantity: input.quantity, storageReceipt: input.storageReceipt, photoDocumentIds: photos, holderUnitId: c.holderUnitId, registeredAt: at });
    const details = { propertyId: id, description: input.description, quantity: input.quantity, storageReceipt: input.storageReceipt, photos: photos.length };
    await appendCaseEvent(tx, { caseId: c.id, at, kind: 'property-registered', unitId: p.unitId, userId: p.userId, details });
    await appendAudit(tx, { ...auditActor(ctx), action: 'case.property.register', resourceKind: 'case', resourceId: c.id, details: { propertyId: id } });
    return { id };
  });
}

/**
 * The sender lists items it holds on one of its transfers of the case (pending or accepted): each item is in
 * transfer to the transfer's receiver until received.
 */
export async function handOverProperty(deps: Deps, ctx: RequestContext, caseId: string, input: { transferId: string; propertyIds: string[] }) {
  const p = ctx.principal;
  return deps.db.transaction(async (tx) => {
    const c = await visibleCase(deps, tx, ctx, caseId, 'read', true);
    const transfer = await findTransfer(tx, input.transferId, true);
    if (!transfer || transfer.caseId !== c.id || transfer.senderUnitId !== p.unitId) throw new AppError('PROPERTY_TRANSFER_INVALID', { transferId: input.transferId });
    if (transfer.state !== 'sent' && transfer.state !== 'accepted') throw new AppError('PROPERTY_TRANSFER_CLOSED', { transferId: transfer.id, state: transfer.state });
    const at = deps.now().toISOString();
    const handovers: { id: string; propertyId: string }[] = [];
    // locked in one order, so that two hand-overs of overlapping lists cannot deadlock
    for (const propertyId of [...input.propertyIds].sort()) {
      const item = await findProperty(tx, propertyId, true);
      if (!item || item.caseId !== c.id) throw new AppError('PROPERTY_NOT_FOUND', { propertyId });
      if (!isAllowed(deps.permissions, p, 'update', propertyRef(item))) throw new AppError('PROPERTY_NOT_HELD', { propertyId, holderUnitId: item.holderUnitId });
      if (item.state !== 'held') throw new AppError('PROPERTY_NOT_AVAILABLE', { propertyId, state: item.state });
      const id = await insertHandover(tx, { propertyId, transferId: transfer.id, fromUnitId: p.unitId, toUnitId: transfer.receiverUnitId, sentAt: at });
      await setPropertyInTransfer(tx, propertyId);
      handovers.push({ id, propertyId });
    }
    const details = { transferId: transfer.id, receiverUnitId: transfer.receiverUnitId, handovers };
    await appendCaseEvent(tx, { caseId: c.id, at, kind: 'property-handed-over', unitId: p.unitId, userId: p.userId, details });
    await appendAudit(tx, { ...auditActor(ctx), action: 'case.property.hand-over', resourceKind: 'case', resourceId: c.id, details });
    return { transferId: transfer.id, receiverUnitId: transfer.receiverUnitId, handovers };
  });
}

/** The receiving unit receives one item: from now on it holds it. */
export async function receiveProperty(deps: Deps, ctx: RequestContext, handoverId: string, input: { note?: string }) {
  const p = ctx.principal;
  return deps.db.transaction(async (tx) => {
    const h = await findHandover(tx, handoverId, true);
    const item = h ? await findProperty(tx, h.propertyId, true) : null;
    const c = item ? await findCase(tx, item.caseId) : null;
    if (!h || !item || !c || !isAllowed(deps.permissions, p, 'read', caseRef(c))) throw new AppError('PROPERTY_HANDOVER_NOT_FOUND', { handoverId });
    if (h.toUnitId !== p.unitId || !isAllowed(deps.permissions, p, 'update', propertyRef({ holderUnitId: h.toUnitId, holderAgency: h.toAgency, regionCode: c.regionCode }))) {
      throw new AppError('PROPERTY_HANDOVER_NOT_RECEIVER', { handoverId });
    }
    if (h.receivedAt) throw new AppError('PROPERTY_ALREADY_RECEIVED', { handoverId, receivedAt: h.receivedAt });
    if (h.cancelledAt || h.transferState === 'returned') throw new AppError('PROPERTY_TRANSFER_RETURNED', { handoverId, transferId: h.transferId });
    const at = deps.now().toISOString();
    await markHandoverReceived(tx, h.id, { at, by: p.userId, note: input.note ?? null });
    await setPropertyHolder(tx, item.id, p.unitId);
    const details = { propertyId: item.id, handoverId: h.id, transferId: h.transferId, fromUnitId: h.fromUnitId };
    await appendCaseEvent(tx, { caseId: c.id, at, kind: 'property-received', unitId: p.unitId, userId: p.userId, details: { ...details, note: input.note ?? null } });
    await appendAudit(tx, { ...auditActor(ctx), action: 'case.property.receive', resourceKind: 'case', resourceId: c.id, details });
    return { handoverId: h.id, propertyId: item.id, holderUnitId: p.unitId, state: 'held' as const, receivedAt: at };
  });
}

/** The holding unit disposes of an item on a decision of the dossier. */
export async function disposeOfProperty(deps: Deps, ctx: RequestContext, propertyId: string, input: { disposal: Disposal; documentId: string }) {
  const p = ctx.principal;
  return deps.db.transaction(async (tx) => {
    const item: PropertyRecord | null = await findProperty(tx, propertyId, true);
    const c = item ? await findCase(tx, item.caseId) : null;
    if (!item || !c || !isAllowed(deps.permissions, p, 'read', caseRef(c))) throw new AppError('PROPERTY_NOT_FOUND', { propertyId });
    if (!isAllowed(deps.permissions, p, 'update', propertyRef(item))) throw new AppError('PROPERTY_NOT_HELD', { propertyId, holderUnitId: item.holderUnitId });
    if (item.state !== 'held') throw new AppError('PROPERTY_NOT_AVAILABLE', { propertyId, state: item.state });
    const doc = await findDocument(tx, input.documentId);
    if (!doc || doc.caseId !== c.id) throw new AppError('DOCUMENT_NOT_IN_CASE', { documentId: input.documentId });
    const at = deps.now().toISOString();
    await disposeProperty(tx, item.id, { disposal: input.disposal, documentId: doc.id, at });
    const details = { propertyId: item.id, disposal: input.disposal, documentId: doc.id };
    await appendCaseEvent(tx, { caseId: c.id, at, kind: 'property-disposed', unitId: p.unitId, userId: p.userId, details });
    await appendAudit(tx, { ...auditActor(ctx), action: 'case.property.dispose', resourceKind: 'case', resourceId: c.id, details });
    return { id: item.id, state: 'disposed' as const, disposal: input.disposal, disposalDocumentId: doc.id, disposedAt: at };
  });
}
