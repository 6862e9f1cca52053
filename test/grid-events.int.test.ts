/**
 * Grid events through the API (issue 6 part 3, flows.md §6): reported by a grid worker with the place and photos,
 * accepted by the township center, escalated to the county center, assigned to a department of the county,
 * handled, verified (failing once), closed and rated; handled locally; a citizen's report with the phone masked and
 * revealed only to the centers, audited; photos checked by content; refusals; who sees and does what
 * (GRID_EVENT_ROUTES of the permission matrix).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportGridEvent } from '../src/modules/grid-events/grid-events.service.ts';
import { type TestApp, bearer, createTestApp } from './app.ts';
import { PNG_1X1, pdfBytes } from './documents.ts';
import { GRID_EVENT_ROUTES } from './grid-event-routes.ts';

let t: TestApp;
const WORKER = 'governance-center-990102001-grid-worker';
const TOWN = 'governance-center-990102001-handler';
const TOWN_HEAD = 'governance-center-990102001-unit-head';
const TOWN_MEDIATOR = 'governance-center-990102001-mediator';
const OTHER_TOWN = 'governance-center-990102002-handler';
const OTHER_WORKER = 'governance-center-990102002-grid-worker';
const COUNTY = 'governance-center-990102-handler';
const POLICE = 'police-990102-handler';
const COURT = 'court-990102-handler';
const FAR_POLICE = 'police-990202-handler';
const SUPERVISOR = 'committee-990102-supervisor';
const FAR_SUPERVISOR = 'committee-990202-supervisor';
const units: Record<string, string> = {};
/** Routes exercised by this file, to check GRID_EVENT_ROUTES against. */
const exercised = new Set<string>();

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
async function api(user: string | null, method: 'GET' | 'POST', url: string, payload?: object): Promise<{ status: number; body: any }> {
  exercised.add(`${method} ${url.split('?')[0]!.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').replace(/photos\/:id/, 'photos/:photoId')}`);
  const headers = user ? bearer(await t.login(user)) : {};
  const res = await t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.body ? res.json() : null };
}

async function upload(user: string, id: string, name: string, mime: string, bytes: Uint8Array | Buffer) {
  exercised.add('POST /api/grid-events/:id/photos');
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/grid-events/${id}/photos?name=${encodeURIComponent(name)}`,
    headers: { ...bearer(await t.login(user)), 'content-type': mime },
    payload: Buffer.from(bytes),
  });
  return { status: res.statusCode, body: res.json() };
}

/** A minimal JPEG: SOI, an APP0 segment, EOI. */
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0, ...new Array(64).fill(0x20), 0xff, 0xd9]);
/** A JPEG that is also a ZIP: an end-of-central-directory record at its tail, its comment ending the JPEG. */
function polyglotJpeg(): Uint8Array {
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(46, 12);
  eocd.writeUInt32LE(0, 16);
  eocd.writeUInt16LE(2, 20);
  return Buffer.concat([Buffer.from(JPEG.slice(0, -2)), eocd, Buffer.from([0xff, 0xd9])]);
}
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60, 1)]);

const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM grid_event'))[0]!.n;
const auditHead = async () => (await t.db.query<{ seq: number }>('SELECT seq FROM audit_head'))[0]!.seq;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  for (const r of await t.db.query<{ id: string; code: string }>("SELECT id, code FROM unit WHERE region_code LIKE '9901%' OR region_code LIKE '9902%'")) units[r.code] = r.id;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the rules', () => {
  it('every account reads the categories and periods with their source; no one without logging in', async () => {
    for (const user of [WORKER, POLICE, SUPERVISOR, FAR_POLICE, 'committee-990102-auditor']) {
      const r = await api(user, 'GET', '/api/rules/grid-events');
      expect(r.status, user).toBe(200);
      expect(r.body.categories.length).toBeGreaterThanOrEqual(12);
      expect(r.body.periods.township.accept).toEqual({ hours: 24 });
      expect(r.body.basis.zh).toContain('本省实践');
    }
    expect((await api(null, 'GET', '/api/rules/grid-events')).status).toBe(401);
  });
});

describe('an event escalated to the county, through its whole flow', () => {
  let id = '';

  it('a grid worker reports it at their township: reported, to be accepted within 24 hours', async () => {
    const before = Date.now();
    const r = await api(WORKER, 'POST', '/api/grid-events', { category: 'safety-hazard', description: '河口镇老街桥栏杆断裂，有坠落风险', address: '河口镇老街石桥', latitude: 30.123456, longitude: 120.654321 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.number).toMatch(/^网\d{4}-\d{6}$/);
    id = r.body.id;
    const due = Date.parse(r.body.dueAt);
    expect(due - before).toBeGreaterThanOrEqual(24 * 3_600_000 - 1000);
    expect(due - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
    const page = await api(WORKER, 'GET', `/api/grid-events/${id}`);
    expect(page.body).toMatchObject({ state: 'reported', reporterKind: 'grid-worker', reporterPhone: null, townshipUnitId: units['governance-center-990102001'], latitude: 30.123456, longitude: 120.654321, sides: ['verifier'], actions: [] });
    expect(page.body.categoryName).toEqual({ zh: '安全隐患', en: 'Safety hazard' });
    expect(page.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['reported']);
  });

  it('with photos of the place: JPEG and PNG, read back with their SM3', async () => {
    const jpeg = await upload(WORKER, id, '现场.jpg', 'image/jpeg', JPEG);
    expect(jpeg.status, JSON.stringify(jpeg.body)).toBe(201);
    expect(jpeg.body).toMatchObject({ mime: 'image/jpeg', sizeBytes: JPEG.length });
    const png = await upload(WORKER, id, 'scene.png', 'image/png', PNG_1X1);
    expect(png.status).toBe(201);
    const content = await t.app.inject({ method: 'GET', url: `/api/grid-events/${id}/photos/${jpeg.body.id}/content`, headers: bearer(await t.login(TOWN)) });
    exercised.add('GET /api/grid-events/:id/photos/:photoId/content');
    expect(content.statusCode).toBe(200);
    expect(content.headers['content-type']).toBe('image/jpeg');
    expect(content.headers['x-content-sm3']).toBe(jpeg.body.sm3);
    expect(Buffer.from(content.rawPayload).equals(Buffer.from(JPEG))).toBe(true);
    const far = await t.app.inject({ method: 'GET', url: `/api/grid-events/${id}/photos/${jpeg.body.id}/content`, headers: bearer(await t.login(OTHER_TOWN)) });
    expect(far.statusCode).toBe(404);
    const page = await api(TOWN, 'GET', `/api/grid-events/${id}`);
    expect(page.body.photos.map((p: { name: string }) => p.name)).toEqual(['现场.jpg', 'scene.png']);
  });

  it('refuses as a photo a PDF, a ZIP, a JPEG that is also a ZIP, a PDF declared as a JPEG, and a photo over the cap; nothing is stored', async () => {
    const head = await auditHead();
    const pdf = await upload(WORKER, id, 'scan.pdf', 'application/pdf', await pdfBytes());
    expect(pdf.status).toBe(415);
    expect(pdf.body.code).toBe('GRID_EVENT_PHOTO_TYPE');
    const zip = await upload(WORKER, id, 'photos.zip', 'application/octet-stream', ZIP);
    expect(zip.status).toBe(415);
    expect(zip.body.code).toBe('DOCUMENT_TYPE_UNSUPPORTED');
    const polyglot = await upload(WORKER, id, 'photo.jpg', 'image/jpeg', polyglotJpeg());
    expect(polyglot.status).toBe(415);
    expect(polyglot.body.code).toBe('DOCUMENT_TYPE_UNSUPPORTED');
    const disguised = await upload(WORKER, id, 'photo.jpg', 'image/jpeg', await pdfBytes());
    expect(disguised.status).toBe(415);
    expect(disguised.body.code).toBe('DOCUMENT_TYPE_MISMATCH');
    const big = Buffer.concat([Buffer.from(JPEG.slice(0, -2)), Buffer.alloc(t.deps.config.photoMaxBytes, 0x20), Buffer.from([0xff, 0xd9])]);
    const oversize = await upload(WORKER, id, 'big.jpg', 'image/jpeg', big);
    expect(oversize.status).toBe(413);
    const text = await t.app.inject({ method: 'POST', url: `/api/grid-events/${id}/photos?name=a.jpg`, headers: { ...bearer(await t.login(WORKER)), 'content-type': 'application/json' }, payload: { photo: 'x' } });
    expect(text.statusCode).toBe(415);
    expect((await api(WORKER, 'GET', `/api/grid-events/${id}`)).body.photos).toHaveLength(2);
    expect(await auditHead()).toBe(head);
  });

  it('holds no more photos than the rules allow', async () => {
    const rules = t.deps.gridEventRules;
    try {
      t.deps.gridEventRules = { ...rules, photosPerEvent: 2 };
      const third = await upload(TOWN, id, 'more.png', 'image/png', PNG_1X1);
      expect(third.status).toBe(409);
      expect(third.body).toMatchObject({ code: 'GRID_EVENT_PHOTO_LIMIT', details: { max: 2 } });
    } finally {
      t.deps.gridEventRules = rules;
    }
    expect((await api(WORKER, 'GET', '/api/rules/grid-events')).body.photosPerEvent).toBe(20);
  });

  it('outsiders do not see it: another township, the county center before escalation, a department before assignment, another county', async () => {
    for (const user of [OTHER_TOWN, OTHER_WORKER, COUNTY, POLICE, FAR_POLICE, FAR_SUPERVISOR]) {
      expect((await api(user, 'GET', `/api/grid-events/${id}`)).status, user).toBe(404);
      const list = await api(user, 'GET', '/api/grid-events');
      if (list.status === 200) expect(list.body.items.map((e: { id: string }) => e.id), user).not.toContain(id);
      else expect(list.status, user).toBe(403);
    }
    // a township center's mediators work on disputes, not on grid events
    expect((await api(TOWN_MEDIATOR, 'GET', `/api/grid-events/${id}`)).status).toBe(403);
    expect((await api(TOWN_MEDIATOR, 'GET', '/api/grid-events')).status).toBe(403);
    expect((await api(OTHER_TOWN, 'POST', `/api/grid-events/${id}/accept`, {})).status).toBe(404);
    expect((await upload(OTHER_WORKER, id, 'x.png', 'image/png', PNG_1X1)).status).toBe(404);
    // the county committee reads it, and may not act on it
    expect((await api(SUPERVISOR, 'GET', `/api/grid-events/${id}`)).status).toBe(200);
    expect((await api(SUPERVISOR, 'POST', `/api/grid-events/${id}/accept`, {})).status).toBe(403);
    expect((await upload(SUPERVISOR, id, 'x.png', 'image/png', PNG_1X1)).status).toBe(403);
  });

  it('a step out of turn or by the wrong side is refused and changes nothing', async () => {
    const head = await auditHead();
    const worker = await api(WORKER, 'POST', `/api/grid-events/${id}/accept`, {});
    expect(worker.status).toBe(403);
    const early = await api(TOWN, 'POST', `/api/grid-events/${id}/handle-locally`, { note: '尚未受理就处置' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('GRID_EVENT_WRONG_STATE');
    const close = await api(TOWN, 'POST', `/api/grid-events/${id}/close`, {});
    expect(close.status).toBe(409);
    // the department's step, by a unit that is not the responsible one
    expect((await api(TOWN, 'POST', `/api/grid-events/${id}/handling`, { note: '尚未受理就办结' })).status).toBe(403);
    expect(await auditHead()).toBe(head);
  });

  it('the township center accepts it, then escalates it (with a reason) to the county center of its county', async () => {
    const accepted = await api(TOWN, 'POST', `/api/grid-events/${id}/accept`, { note: '已受理' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ state: 'accepted', sides: ['township-center'], actions: ['handle-locally', 'escalate'] });
    expect(accepted.body.acceptedAt).not.toBeNull();
    expect((await api(TOWN, 'POST', `/api/grid-events/${id}/escalate`, {})).status).toBe(400);
    const escalated = await api(TOWN_HEAD, 'POST', `/api/grid-events/${id}/escalate`, { note: '桥梁维修超出乡镇能力' });
    expect(escalated.status).toBe(200);
    expect(escalated.body).toMatchObject({ state: 'escalated', countyUnitId: units['governance-center-990102'], responsibleUnitId: null, actions: [] });
    const county = await api(COUNTY, 'GET', `/api/grid-events/${id}`);
    expect(county.status).toBe(200);
    expect(county.body).toMatchObject({ sides: ['county-center'], actions: ['assign'] });
  });

  it('the county center assigns a unit of its county (not of another county, not itself); the department then sees and handles it', async () => {
    const far = await api(COUNTY, 'POST', `/api/grid-events/${id}/assign`, { unitId: units['police-990202'] });
    expect(far.status).toBe(422);
    expect(far.body.code).toBe('GRID_EVENT_DEPARTMENT_INVALID');
    expect((await api(COUNTY, 'POST', `/api/grid-events/${id}/assign`, { unitId: units['governance-center-990102'] })).status).toBe(422);
    expect((await api(COUNTY, 'POST', `/api/grid-events/${id}/assign`, { unitId: '00000000-0000-4000-8000-000000000000' })).status).toBe(422);
    expect((await api(TOWN, 'POST', `/api/grid-events/${id}/assign`, { unitId: units['police-990102'] })).status).toBe(403);
    const assigned = await api(COUNTY, 'POST', `/api/grid-events/${id}/assign`, { unitId: units['police-990102'], note: '请公安局设置警示并联系维修' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ state: 'handling', responsibleUnitId: units['police-990102'], holderAgency: 'police' });
    const police = await api(POLICE, 'GET', `/api/grid-events/${id}`);
    expect(police.status).toBe(200);
    expect(police.body).toMatchObject({ sides: ['responsible-unit'], actions: ['record-handling'] });
    expect((await api(COURT, 'GET', `/api/grid-events/${id}`)).status).toBe(404);
    expect((await api(POLICE, 'GET', '/api/grid-events')).body.items.map((e: { id: string }) => e.id)).toContain(id);
    expect((await api(POLICE, 'POST', `/api/grid-events/${id}/handling`, {})).status).toBe(400);
    const handled = await api(POLICE, 'POST', `/api/grid-events/${id}/handling`, { note: '已设置警示围挡' });
    expect(handled.status).toBe(200);
    expect(handled.body.state).toBe('handled');
  });

  it('the reporting grid worker verifies: it fails (back to the department), then holds', async () => {
    expect((await api(WORKER, 'POST', `/api/grid-events/${id}/verify`, { ok: false })).status).toBe(400);
    expect((await api(TOWN, 'POST', `/api/grid-events/${id}/verify`, { ok: true })).status).toBe(403);
    const failed = await api(WORKER, 'POST', `/api/grid-events/${id}/verify`, { ok: false, note: '栏杆仍未修复' });
    expect(failed.status).toBe(200);
    expect(failed.body.state).toBe('handling');
    expect(failed.body.timeline.at(-1)).toMatchObject({ kind: 'verify-failed', note: '栏杆仍未修复', fromState: 'handled', toState: 'handling' });
    expect((await api(POLICE, 'POST', `/api/grid-events/${id}/handling`, { note: '栏杆已更换' })).body.state).toBe('handled');
    const ok = await api(WORKER, 'POST', `/api/grid-events/${id}/verify`, { ok: true, note: '现场核实已修复' });
    expect(ok.body).toMatchObject({ state: 'verified', dueAt: null });
  });

  it('the township center closes it; the grid worker records the rating; then nothing more', async () => {
    expect((await api(COUNTY, 'POST', `/api/grid-events/${id}/close`, {})).status).toBe(403);
    const closed = await api(TOWN, 'POST', `/api/grid-events/${id}/close`, { note: '结案' });
    expect(closed.body).toMatchObject({ state: 'closed' });
    expect((await api(WORKER, 'POST', `/api/grid-events/${id}/rate`, { rating: 6 })).status).toBe(400);
    expect((await api(WORKER, 'POST', `/api/grid-events/${id}/rate`, { rating: 4.5 })).status).toBe(400);
    const rated = await api(WORKER, 'POST', `/api/grid-events/${id}/rate`, { rating: 5, note: '满意' });
    expect(rated.body).toMatchObject({ state: 'rated', rating: 5, actions: [] });
    expect((await upload(WORKER, id, 'late.png', 'image/png', PNG_1X1)).status).toBe(409);
    expect((await api(WORKER, 'POST', `/api/grid-events/${id}/rate`, { rating: 1 })).status).toBe(409);
    const kinds = rated.body.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['reported', 'photo-added', 'photo-added', 'accepted', 'escalated', 'assigned', 'handling-recorded', 'verify-failed', 'handling-recorded', 'verified', 'closed', 'rated']);
    const audit = await t.db.query<{ action: string }>('SELECT action FROM audit_record WHERE resource_id = $1 ORDER BY seq', [id]);
    expect(audit.map((a) => a.action)).toEqual([
      'grid-event.report', 'grid-event.photo', 'grid-event.photo', 'grid-event.accept', 'grid-event.escalate', 'grid-event.assign', 'grid-event.record-handling',
      'grid-event.verify', 'grid-event.record-handling', 'grid-event.verify', 'grid-event.close', 'grid-event.rate',
    ]);
  });
});

describe('an event handled by the township itself', () => {
  it('accepted, handled locally within the period from acceptance, handled, verified, closed', async () => {
    const r = await api(WORKER, 'POST', '/api/grid-events', { category: 'environment-sanitation', description: '垃圾桶满溢', address: '河口镇菜市场东门' });
    expect(r.status).toBe(201);
    const id = r.body.id;
    const accepted = await api(TOWN, 'POST', `/api/grid-events/${id}/accept`, {});
    const local = await api(TOWN, 'POST', `/api/grid-events/${id}/handle-locally`, { note: '由镇环卫所清运' });
    expect(local.body).toMatchObject({ state: 'handling', responsibleUnitId: units['governance-center-990102001'], countyUnitId: null, dueAt: accepted.body.dueAt, latitude: null });
    expect(local.body.actions).toEqual(['escalate', 'record-handling']);
    expect((await api(TOWN, 'POST', `/api/grid-events/${id}/handling`, { note: '已清运' })).body.state).toBe('handled');
    expect((await api(WORKER, 'POST', `/api/grid-events/${id}/verify`, { ok: true })).body.state).toBe('verified');
    expect((await api(TOWN_HEAD, 'POST', `/api/grid-events/${id}/close`, {})).body.state).toBe('closed');
    expect((await api(COUNTY, 'GET', `/api/grid-events/${id}`)).status).toBe(404);
  });
});

describe("a citizen's report (the public form's entry point)", () => {
  let id = '';
  beforeAll(async () => {
    const r = await reportGridEvent(t.deps, { kind: 'citizen', phone: '13912345678', townshipCode: '990102001', clientAddress: '203.0.113.9' }, { category: 'road-facilities', description: '路灯不亮', address: '河口镇滨河路 12 号' });
    id = r.id;
  });

  it('goes to the township center of the township named; the phone is masked in the list and on the page', async () => {
    const list = await api(TOWN, 'GET', '/api/grid-events?state=reported');
    const item = list.body.items.find((e: { id: string }) => e.id === id);
    expect(item).toMatchObject({ reporterKind: 'citizen', reportedBy: null, reporterPhone: '139****5678', state: 'reported' });
    expect((await api(TOWN, 'GET', `/api/grid-events/${id}`)).body.reporterPhone).toBe('139****5678');
    const county = await api(SUPERVISOR, 'GET', '/api/grid-events?region=990102');
    expect(county.body.items.find((e: { id: string }) => e.id === id).reporterPhone).toBe('139****5678');
    expect(JSON.stringify(county.body)).not.toContain('13912345678');
  });

  it('only the centers read the phone whole, and every such read is audited', async () => {
    const before = await t.db.query('SELECT 1 FROM audit_record WHERE resource_id = $1 AND action = $2', [id, 'grid-event.reporter.reveal']);
    const whole = await api(TOWN, 'GET', `/api/grid-events/${id}/reporter-contact`);
    expect(whole).toEqual({ status: 200, body: { reporterKind: 'citizen', phone: '13912345678' } });
    for (const user of [WORKER, SUPERVISOR, POLICE]) expect((await api(user, 'GET', `/api/grid-events/${id}/reporter-contact`)).status, user).toBe(403);
    expect((await api(OTHER_TOWN, 'GET', `/api/grid-events/${id}/reporter-contact`)).status).toBe(404);
    const after = await t.db.query<{ actor_username: string }>('SELECT actor_username FROM audit_record WHERE resource_id = $1 AND action = $2', [id, 'grid-event.reporter.reveal']);
    expect(after.length - before.length).toBe(1);
    expect(after.at(-1)!.actor_username).toBe(TOWN);
  });

  it('any grid worker of the township verifies it; one of another township cannot', async () => {
    const page = await api(WORKER, 'GET', `/api/grid-events/${id}`);
    expect(page.body.sides).toEqual(['verifier']);
    expect((await api(OTHER_WORKER, 'GET', `/api/grid-events/${id}`)).status).toBe(404);
  });

  it('a citizen must leave a valid phone and name a township with a center', async () => {
    const input = { category: 'road-facilities', description: 'x', address: 'y' };
    await expect(reportGridEvent(t.deps, { kind: 'citizen', phone: '12345', townshipCode: '990102001', clientAddress: '203.0.113.9' }, input)).rejects.toMatchObject({ code: 'INVALID_PHONE' });
    await expect(reportGridEvent(t.deps, { kind: 'citizen', phone: '13912345678', townshipCode: '990102', clientAddress: '203.0.113.9' }, input)).rejects.toMatchObject({ code: 'GRID_EVENT_PLACE_INVALID' });
  });
});

describe('bad input', () => {
  const ok = { category: 'public-order', description: '夜间噪声扰民', address: '河口镇新街' };

  it('is refused with a 4xx and writes nothing', async () => {
    const n = await count();
    const head = await auditHead();
    const cases: [object, number][] = [
      [{ ...ok, latitude: 91, longitude: 120 }, 400],
      [{ ...ok, latitude: 30, longitude: -181 }, 400],
      [{ ...ok, latitude: 30 }, 400],
      [{ ...ok, latitude: '30', longitude: '120' }, 400],
      [{ ...ok, description: 'x'.repeat(100_000) }, 400],
      [{ ...ok, description: '' }, 400],
      [{ ...ok, address: '' }, 400],
      [{ ...ok, category: 'no-such-category' }, 422],
      [{ ...ok, category: 'DROP TABLE' }, 400],
      [{ ...ok, reporterName: '张三' }, 400],
      [{ ...ok, personId: '110105199001010011' }, 400],
    ];
    for (const [payload, status] of cases) {
      const r = await api(WORKER, 'POST', '/api/grid-events', payload);
      expect(r.status, JSON.stringify(payload).slice(0, 80)).toBe(status);
      expect(r.body.code).toBeTruthy();
    }
    // reporting is a grid worker's: a township handler, a department and a committee may not
    for (const user of [TOWN, POLICE, SUPERVISOR]) expect((await api(user, 'POST', '/api/grid-events', ok)).status, user).toBe(403);
    expect((await api(TOWN, 'GET', '/api/grid-events?state=nonsense')).status).toBe(400);
    expect((await api(TOWN, 'GET', '/api/grid-events?category=no-such-category')).status).toBe(422);
    expect((await api(TOWN, 'GET', '/api/grid-events/not-a-uuid')).status).toBe(400);
    expect((await api(TOWN, 'GET', '/api/grid-events/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect(await count()).toBe(n);
    expect(await auditHead()).toBe(head);
  });

  it('script tags are stored as text and answered as text', async () => {
    const description = '<script>alert("x")</script> 井盖缺失 <img src=x onerror=alert(1)>';
    const r = await api(WORKER, 'POST', '/api/grid-events', { ...ok, description, address: '<b>新街</b>' });
    expect(r.status).toBe(201);
    const res = await t.app.inject({ method: 'GET', url: `/api/grid-events/${r.body.id}`, headers: bearer(await t.login(TOWN)) });
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toMatchObject({ description, address: '<b>新街</b>' });
  });
});

describe('deadlines', () => {
  it('an event not accepted within the period is overdue (in the list filter and on the page)', async () => {
    const r = await api(WORKER, 'POST', '/api/grid-events', { category: 'fire-hazard', description: '楼道堆放杂物', address: '河口镇幸福小区3幢' });
    const realNow = t.deps.now;
    try {
      t.deps.now = () => new Date(Date.parse(r.body.dueAt) + 60_000);
      const overdue = await api(TOWN, 'GET', '/api/grid-events?overdue=true');
      expect(overdue.body.items.map((e: { id: string }) => e.id)).toContain(r.body.id);
      expect((await api(TOWN, 'GET', `/api/grid-events/${r.body.id}`)).body.overdue).toBe(true);
    } finally {
      t.deps.now = realNow;
    }
    const notYet = await api(TOWN, 'GET', '/api/grid-events?overdue=true');
    expect(notYet.body.items.map((e: { id: string }) => e.id)).not.toContain(r.body.id);
    expect((await api(TOWN, 'GET', `/api/grid-events/${r.body.id}`)).body.overdue).toBe(false);
  });
});

describe('the work inbox', () => {
  const inbox = async (user: string) => ((await api(user, 'GET', '/api/inbox')).body.items as { id: string; kind: string; title: string; titleEn: string; dueAt: string | null; link: string }[]).filter((i) => i.id.startsWith('grid-event:'));
  it('holds each event for the side whose step is next, with its due moment, and nowhere else', async () => {
    const r = await api(WORKER, 'POST', '/api/grid-events', { category: 'traffic-order', description: '路口信号灯故障', address: '河口镇中心路口' });
    const key = `grid-event:${r.body.id}`;
    const town = (await inbox(TOWN)).find((i) => i.id === key);
    expect(town).toMatchObject({ kind: 'grid-event-accept', dueAt: r.body.dueAt, link: `/grid-events/${r.body.id}` });
    expect(town!.title).toContain(r.body.number);
    expect(town!.title).toContain('待受理');
    expect(town!.titleEn).toContain('accept');
    for (const user of [WORKER, COUNTY, POLICE, OTHER_TOWN, SUPERVISOR]) expect((await inbox(user)).map((i) => i.id), user).not.toContain(key);
    await api(TOWN, 'POST', `/api/grid-events/${r.body.id}/accept`, {});
    expect((await inbox(TOWN)).find((i) => i.id === key)?.kind).toBe('grid-event-handle-locally');
    await api(TOWN, 'POST', `/api/grid-events/${r.body.id}/escalate`, { note: '需县交警处理' });
    expect((await inbox(TOWN)).map((i) => i.id)).not.toContain(key);
    expect((await inbox(COUNTY)).find((i) => i.id === key)?.kind).toBe('grid-event-assign');
    await api(COUNTY, 'POST', `/api/grid-events/${r.body.id}/assign`, { unitId: units['police-990102'] });
    expect((await inbox(POLICE)).find((i) => i.id === key)?.kind).toBe('grid-event-record-handling');
    await api(POLICE, 'POST', `/api/grid-events/${r.body.id}/handling`, { note: '已修复信号灯' });
    expect((await inbox(WORKER)).find((i) => i.id === key)?.kind).toBe('grid-event-verify');
    expect((await inbox(POLICE)).map((i) => i.id)).not.toContain(key);
  });
});

describe('coverage', () => {
  it('this file exercised every route of GRID_EVENT_ROUTES', () => {
    expect([...exercised].filter((r) => (GRID_EVENT_ROUTES as readonly string[]).includes(r)).sort()).toEqual([...GRID_EVENT_ROUTES].sort());
  });
});
