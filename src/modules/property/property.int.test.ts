import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app.ts';
import { type CaseDriver, auditHead, caseDriver } from '../../../test/case-fixtures.ts';

let t: TestApp;
let d: CaseDriver;

const POLICE = 'police-990102-handler';
const PROCURATOR = 'procuratorate-990102-handler';
const OTHER_POLICE = 'police-990202-handler';
const SUPERVISOR = 'committee-990102-supervisor';

beforeAll(async () => {
  t = await createTestApp();
  d = await caseDriver(t);
  // logged in once beforehand: a login is audited
  for (const u of [POLICE, PROCURATOR, OTHER_POLICE, SUPERVISOR]) await t.login(u);
});
afterAll(() => t.close());

const item = (n: number, photos: string[] = []) => ({ description: `涉案手机 ${n}`, quantity: '1部', storageReceipt: `RK-2026-${n}`, photoDocumentIds: photos });

async function page(user: string, caseId: string) {
  const r = await d.api(user, 'GET', `/api/cases/${caseId}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function expectRefused(answer: { status: number; body: { code: string; message: unknown } }, status: number, code: string) {
  expect([answer.status, answer.body.code], JSON.stringify(answer.body)).toEqual([status, code]);
  expect(answer.body.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
}

describe('seized property', () => {
  it('registered by the holder with photos from the dossier, handed over with a transfer, received item by item: the chain of custody on the case page and the timeline', async () => {
    const caseId = await d.register(POLICE);
    const photo = await d.upload(POLICE, caseId, 'other', { png: true });
    const a = await d.api(POLICE, 'POST', `/api/cases/${caseId}/property`, item(1, [photo]));
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const b = await d.api(POLICE, 'POST', `/api/cases/${caseId}/property`, item(2));
    expect(b.status).toBe(201);
    await d.investigate(POLICE, caseId);
    const transferId = await d.transferForProsecution(POLICE, caseId, 'procuratorate-990102');

    const head = Number((await auditHead(t)).seq);
    const sent = await d.api(POLICE, 'POST', `/api/cases/${caseId}/property/handovers`, { transferId, propertyIds: [a.body.id, b.body.id] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ transferId, receiverUnitId: d.units['procuratorate-990102'] });
    expect(sent.body.handovers).toHaveLength(2);
    const handoverOf = (propertyId: string) => sent.body.handovers.find((h: { propertyId: string }) => h.propertyId === propertyId).id;

    // the receiver sees them in its inbox; receives the first before even accepting the transfer
    const inbox = (await d.api(PROCURATOR, 'GET', '/api/inbox')).body.items.filter((i: { kind: string }) => i.kind === 'property-to-receive');
    expect(inbox.map((i: { id: string }) => i.id).sort()).toEqual(sent.body.handovers.map((h: { id: string }) => `property-handover:${h.id}`).sort());
    const got = await d.api(PROCURATOR, 'POST', `/api/property-handovers/${handoverOf(a.body.id)}/receive`, { note: '外观完好，封存完整' });
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    expect(got.body).toMatchObject({ propertyId: a.body.id, holderUnitId: d.units['procuratorate-990102'], state: 'held' });
    await d.accept(PROCURATOR, transferId);
    // a receipt without a note (no body at all) is fine too
    expect((await d.api(PROCURATOR, 'POST', `/api/property-handovers/${handoverOf(b.body.id)}/receive`)).status).toBe(200);
    expect(Number((await auditHead(t)).seq)).toBe(head + 4);

    const p = await page(PROCURATOR, caseId);
    const first = p.property.find((x: { id: string }) => x.id === a.body.id);
    expect(first).toMatchObject({
      state: 'held', holderUnitId: d.units['procuratorate-990102'], photoDocumentIds: [photo], storageReceipt: 'RK-2026-1', disposal: null,
      handovers: [{ transferId, fromUnitId: d.units['police-990102'], toUnitId: d.units['procuratorate-990102'], fromUnitName: expect.any(String), toUnitName: expect.any(String), receivedAt: expect.any(String), cancelledAt: null, note: '外观完好，封存完整' }],
    });
    const kinds = p.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds.filter((k: string) => k === 'property-registered')).toHaveLength(2);
    expect(kinds).toContain('property-handed-over');
    expect(kinds.filter((k: string) => k === 'property-received')).toHaveLength(2);

    // the new holder hands it on with its own transfer to the court, and the chain grows
    const legalAid = await d.upload(PROCURATOR, caseId, 'legal-aid-notice');
    const notice = await d.fire(PROCURATOR, caseId, { transition: 'notify-legal-aid', documentIds: [legalAid], receiverUnitId: d.units['justice-bureau-990102'] });
    expect(notice.status, JSON.stringify(notice.body)).toBe(200);
    const again = await d.api(PROCURATOR, 'POST', `/api/cases/${caseId}/property/handovers`, { transferId: notice.body.transfer.id, propertyIds: [a.body.id] });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect((await page(POLICE, caseId)).property.find((x: { id: string }) => x.id === a.body.id).handovers).toHaveLength(2);

    // disposal by the holder on a decision of the dossier
    const decision = await d.upload(PROCURATOR, caseId, 'other');
    const disposed = await d.api(PROCURATOR, 'POST', `/api/property/${b.body.id}/disposal`, { disposal: 'returned-to-owner', documentId: decision });
    expect(disposed.status, JSON.stringify(disposed.body)).toBe(200);
    expect(disposed.body).toMatchObject({ state: 'disposed', disposal: 'returned-to-owner', disposalDocumentId: decision });
    const after = (await page(POLICE, caseId)).property.find((x: { id: string }) => x.id === b.body.id);
    expect(after).toMatchObject({ state: 'disposed', disposal: 'returned-to-owner', disposalDocumentId: decision, disposedAt: expect.any(String) });
    expect((await page(POLICE, caseId)).timeline.map((e: { kind: string }) => e.kind)).toContain('property-disposed');
  });

  it('refuses items the unit does not hold, transfers that are not its own or not open, bad photos and bad input — with stable codes, writing nothing', async () => {
    const caseId = await d.register(POLICE);
    const pdf = await d.upload(POLICE, caseId, 'other');
    const otherCase = await d.register(POLICE);
    const foreignPhoto = await d.upload(POLICE, otherCase, 'other', { png: true });
    const held = (await d.api(POLICE, 'POST', `/api/cases/${caseId}/property`, item(3))).body.id;
    const foreignItem = (await d.api(POLICE, 'POST', `/api/cases/${otherCase}/property`, item(4))).body.id;
    await d.investigate(POLICE, caseId);
    const arrest = await d.requestArrest(POLICE, caseId, 'procuratorate-990102');
    const otherCounty = await d.register(OTHER_POLICE);
    const head = await auditHead(t);

    const refusals: [string, string, unknown, number, string][] = [
      [POLICE, `/api/cases/${caseId}/property`, item(5, [pdf]), 422, 'PROPERTY_PHOTO_INVALID'],
      [POLICE, `/api/cases/${caseId}/property`, item(5, [foreignPhoto]), 422, 'DOCUMENT_NOT_IN_CASE'],
      [POLICE, `/api/cases/${caseId}/property`, item(5, ['00000000-0000-4000-8000-000000000000']), 422, 'DOCUMENT_NOT_IN_CASE'],
      [POLICE, `/api/cases/${caseId}/property`, { description: '手机', quantity: '1部' }, 400, 'VALIDATION_FAILED'],
      [POLICE, `/api/cases/${caseId}/property`, { ...item(5), description: 'x\u0000y' }, 400, 'VALIDATION_FAILED'],
      [POLICE, `/api/cases/${caseId}/property`, { ...item(5), photoDocumentIds: [pdf, pdf] }, 400, 'VALIDATION_FAILED'],
      [POLICE, `/api/cases/${caseId}/property`, { ...item(5), holderUnitId: d.units['court-990102'] }, 400, 'VALIDATION_FAILED'],
      // a party that does not hold the case registers nothing; outsiders do not see it
      [PROCURATOR, `/api/cases/${caseId}/property`, item(5), 403, 'FORBIDDEN'],
      [OTHER_POLICE, `/api/cases/${caseId}/property`, item(5), 404, 'CASE_NOT_FOUND'],
      [SUPERVISOR, `/api/cases/${caseId}/property`, item(5), 403, 'FORBIDDEN'],
      // hand-overs
      [POLICE, `/api/cases/${caseId}/property/handovers`, { transferId: arrest, propertyIds: [] }, 400, 'VALIDATION_FAILED'],
      [POLICE, `/api/cases/${caseId}/property/handovers`, { transferId: arrest, propertyIds: [held, held] }, 400, 'VALIDATION_FAILED'],
      [POLICE, `/api/cases/${caseId}/property/handovers`, { transferId: arrest, propertyIds: [foreignItem] }, 404, 'PROPERTY_NOT_FOUND'],
      [POLICE, `/api/cases/${caseId}/property/handovers`, { transferId: '00000000-0000-4000-8000-000000000000', propertyIds: [held] }, 422, 'PROPERTY_TRANSFER_INVALID'],
      [POLICE, `/api/cases/${otherCase}/property/handovers`, { transferId: arrest, propertyIds: [foreignItem] }, 422, 'PROPERTY_TRANSFER_INVALID'],
      // the receiver of a transfer cannot hand over on it, nor items it does not hold
      [PROCURATOR, `/api/cases/${caseId}/property/handovers`, { transferId: arrest, propertyIds: [held] }, 422, 'PROPERTY_TRANSFER_INVALID'],
      [OTHER_POLICE, `/api/cases/${caseId}/property/handovers`, { transferId: arrest, propertyIds: [held] }, 404, 'CASE_NOT_FOUND'],
      [SUPERVISOR, `/api/cases/${caseId}/property/handovers`, { transferId: arrest, propertyIds: [held] }, 403, 'FORBIDDEN'],
      [OTHER_POLICE, `/api/cases/${otherCounty}/property/handovers`, { transferId: arrest, propertyIds: [held] }, 422, 'PROPERTY_TRANSFER_INVALID'],
      // disposal
      [POLICE, `/api/property/${held}/disposal`, { disposal: 'sold', documentId: pdf }, 400, 'VALIDATION_FAILED'],
      [POLICE, `/api/property/${held}/disposal`, { disposal: 'destroyed' }, 400, 'VALIDATION_FAILED'],
      [POLICE, `/api/property/${held}/disposal`, { disposal: 'destroyed', documentId: foreignPhoto }, 422, 'DOCUMENT_NOT_IN_CASE'],
      [PROCURATOR, `/api/property/${held}/disposal`, { disposal: 'destroyed', documentId: pdf }, 403, 'PROPERTY_NOT_HELD'],
      [OTHER_POLICE, `/api/property/${held}/disposal`, { disposal: 'destroyed', documentId: pdf }, 404, 'PROPERTY_NOT_FOUND'],
      [POLICE, '/api/property/00000000-0000-4000-8000-000000000000/disposal', { disposal: 'destroyed', documentId: pdf }, 404, 'PROPERTY_NOT_FOUND'],
      [POLICE, '/api/property/nope/disposal', { disposal: 'destroyed', documentId: pdf }, 400, 'VALIDATION_FAILED'],
      [POLICE, '/api/property-handovers/00000000-0000-4000-8000-000000000000/receive', {}, 404, 'PROPERTY_HANDOVER_NOT_FOUND'],
    ];
    for (const [user, url, payload, status, code] of refusals) {
      await expectRefused(await d.api(user, 'POST', url, payload), status, code);
    }
    expect(await auditHead(t)).toEqual(head);

    // listed once: in transfer, it cannot be listed again nor disposed of; only the receiver receives it, once
    const sent = await d.api(POLICE, 'POST', `/api/cases/${caseId}/property/handovers`, { transferId: arrest, propertyIds: [held] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const handoverId = sent.body.handovers[0].id;
    const head2 = await auditHead(t);
    await expectRefused(await d.api(POLICE, 'POST', `/api/cases/${caseId}/property/handovers`, { transferId: arrest, propertyIds: [held] }), 409, 'PROPERTY_NOT_AVAILABLE');
    await expectRefused(await d.api(POLICE, 'POST', `/api/property/${held}/disposal`, { disposal: 'destroyed', documentId: pdf }), 409, 'PROPERTY_NOT_AVAILABLE');
    await expectRefused(await d.api(POLICE, 'POST', `/api/property-handovers/${handoverId}/receive`, {}), 403, 'PROPERTY_HANDOVER_NOT_RECEIVER');
    await expectRefused(await d.api(OTHER_POLICE, 'POST', `/api/property-handovers/${handoverId}/receive`, {}), 404, 'PROPERTY_HANDOVER_NOT_FOUND');
    await expectRefused(await d.api(SUPERVISOR, 'POST', `/api/property-handovers/${handoverId}/receive`, {}), 403, 'FORBIDDEN');
    await expectRefused(await d.api(PROCURATOR, 'POST', `/api/property-handovers/${handoverId}/receive`, { note: 'a\u0007' }), 400, 'VALIDATION_FAILED');
    await expectRefused(await d.api(PROCURATOR, 'POST', `/api/property-handovers/${handoverId}/receive`, { received: true }), 400, 'VALIDATION_FAILED');
    expect(await auditHead(t)).toEqual(head2);
    const [x, y] = await Promise.all([
      d.api(PROCURATOR, 'POST', `/api/property-handovers/${handoverId}/receive`, {}),
      d.api('procuratorate-990102-unit-head', 'POST', `/api/property-handovers/${handoverId}/receive`, {}),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    expect([x.body.code, y.body.code]).toContain('PROPERTY_ALREADY_RECEIVED');
    // the police no longer hold it: they cannot hand it over or dispose of it
    await expectRefused(await d.api(POLICE, 'POST', `/api/property/${held}/disposal`, { disposal: 'destroyed', documentId: pdf }), 403, 'PROPERTY_NOT_HELD');
  });

  it('a returned transfer puts its items back with the sender; they cannot be received on it, and go on the next one', async () => {
    const caseId = await d.register(POLICE);
    const held = (await d.api(POLICE, 'POST', `/api/cases/${caseId}/property`, item(6))).body.id;
    await d.investigate(POLICE, caseId);
    const arrest = await d.requestArrest(POLICE, caseId, 'procuratorate-990102');
    const sent = await d.api(POLICE, 'POST', `/api/cases/${caseId}/property/handovers`, { transferId: arrest, propertyIds: [held] });
    const handoverId = sent.body.handovers[0].id;
    expect((await d.api(PROCURATOR, 'POST', `/api/transfers/${arrest}/return`, { reason: '材料不全' })).status).toBe(200);
    const p = await page(POLICE, caseId);
    const it0 = p.property.find((x: { id: string }) => x.id === held);
    expect(it0).toMatchObject({ state: 'held', holderUnitId: d.units['police-990102'], handovers: [{ id: handoverId, receivedAt: null, cancelledAt: expect.any(String) }] });
    expect(p.timeline.find((e: { kind: string }) => e.kind === 'transfer-returned').details.propertyReleased).toEqual([{ handoverId, propertyId: held }]);
    await expectRefused(await d.api(PROCURATOR, 'POST', `/api/property-handovers/${handoverId}/receive`, {}), 409, 'PROPERTY_TRANSFER_RETURNED');
    await expectRefused(await d.api(POLICE, 'POST', `/api/cases/${caseId}/property/handovers`, { transferId: arrest, propertyIds: [held] }), 409, 'PROPERTY_TRANSFER_CLOSED');
    expect((await d.api(PROCURATOR, 'GET', '/api/inbox')).body.items.map((i: { id: string }) => i.id)).not.toContain(`property-handover:${handoverId}`);
    const next = await d.requestArrest(POLICE, caseId, 'procuratorate-990102');
    expect((await d.api(POLICE, 'POST', `/api/cases/${caseId}/property/handovers`, { transferId: next, propertyIds: [held] })).status).toBe(201);
  });
});
