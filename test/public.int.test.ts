/**
 * The citizens' pages through the API (issue 6 part 4): filing a dispute, a petition and a report of a problem
 * without logging in, each answered with a tracking code; following it with the code and the last four digits of
 * the phone (the same 404 for an unknown code and for wrong digits); the abuse limits per address, phone and
 * code, a refused filing storing nothing; hostile input; the progress answer carrying no personal data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { residentIdCheckChar } from '../src/shared/gb11643.ts';
import { normalizeTrackingCode } from '../src/shared/tracking-code.ts';
import { type TestApp, bearer, createTestApp } from './app.ts';
import { caseDriver } from './case-fixtures.ts';

let t: TestApp;
const units: Record<string, string> = {};
let nowMs = Date.parse('2026-03-02T02:00:00Z');

const TOWNSHIP = '990102001';
const COUNTY = '990102';
const CENTER_HANDLER = 'governance-center-990102001-handler';
const OFFICE_HANDLER = 'petition-office-990102-handler';

const ID_NUMBER = (() => {
  const first17 = '99010219800101123';
  return first17 + residentIdCheckChar(first17);
})();

// every test uses its own phones and client addresses: the limits count across the file
let serial = 0;
const nextPhone = () => `1390000${String(1000 + ++serial).slice(-4)}`;
const nextAddress = () => `10.1.${Math.floor(++serial / 250)}.${serial % 250}`;

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
type Answer = { status: number; body: any; headers: Record<string, unknown>; raw: string };

async function pub(url: string, payload: object | undefined, address: string, method: 'GET' | 'POST' = 'POST'): Promise<Answer> {
  const res = await t.app.inject({ method, url, remoteAddress: address, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.body ? res.json() : null, headers: res.headers, raw: res.body };
}

async function staff(user: string, method: 'GET' | 'POST', url: string, payload?: object): Promise<Answer> {
  const res = await t.app.inject({ method, url, headers: bearer(await t.login(user)), ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.body ? res.json() : null, headers: res.headers, raw: res.body };
}

let disputeType = '';
const dispute = (phone: string, over: Record<string, unknown> = {}) => ({
  regionCode: TOWNSHIP,
  type: disputeType,
  summary: `邻居装修噪音扰民，协商未果 ${phone}`,
  applicant: { name: '王小明', phone, address: '示范省东州市一号' },
  // one respondent per applicant: the same applicant and respondent would be the same matter (DISPUTE_DUPLICATE)
  respondent: { kind: 'person', name: `李大强${phone.slice(-2)}` },
  consent: true,
  ...over,
});
const petition = (phone: string, over: Record<string, unknown> = {}) => ({
  regionCode: COUNTY,
  petitioner: { name: '赵秀兰', phone, idNumber: ID_NUMBER },
  respondent: '某街道办事处',
  subject: '拆迁补偿未到位',
  content: `2025 年签订的补偿协议至今未履行。${phone}`,
  consent: true,
  ...over,
});
const report = (phone: string, over: Record<string, unknown> = {}) => ({
  townshipCode: TOWNSHIP,
  category: 'road-facilities',
  description: `路灯损坏，夜间无照明 ${phone}`,
  address: '东州市一号路口',
  phone,
  consent: true,
  ...over,
});

const count = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  t.deps.now = () => new Date(nowMs);
  for (const u of await t.db.query<{ id: string; code: string }>('SELECT id, code FROM unit')) units[u.code] = u.id;
  const options = await pub('/api/public/options', undefined, nextAddress(), 'GET');
  disputeType = options.body.disputeTypes[0].id;
});
afterAll(() => t?.close());

describe('options', () => {
  it('lists dispute types, petition channels, categories, the places with their receiving units, and the limits, without logging in', async () => {
    const r = await pub('/api/public/options', undefined, nextAddress(), 'GET');
    expect(r.status).toBe(200);
    expect(r.body.disputeTypes.length).toBeGreaterThan(5);
    expect(r.body.gridEventCategories.map((c: { id: string }) => c.id)).toContain('road-facilities');
    expect(r.body.petitionChannels.map((c: { id: string }) => c.id)).toContain('online');
    const region = (code: string) => r.body.regions.find((x: { code: string }) => x.code === code);
    expect(region(TOWNSHIP)).toMatchObject({ level: 'township', hasGovernanceCenter: true, hasPetitionOffice: false });
    expect(region(COUNTY)).toMatchObject({ level: 'county', hasGovernanceCenter: true, hasPetitionOffice: true });
    expect(r.body.limits).toMatchObject({ summary: 5000, name: 50 });
  });
});

describe('the same matter filed again', () => {
  it('is refused as registered, without the earlier number or id (an anonymous caller learns of no one else\'s dispute)', async () => {
    const phone = nextPhone();
    const first = await pub('/api/public/disputes', dispute(phone), nextAddress());
    expect(first.status).toBe(201);
    // another wording of the same matter: a new submission, the same applicant, respondent and type
    const again = await pub('/api/public/disputes', dispute(phone, { summary: '还是邻居装修噪音的问题，再次反映' }), nextAddress());
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DISPUTE_DUPLICATE');
    expect(again.body.details ?? {}).toEqual({});
    const [row] = await t.db.query<{ number: string; id: string }>('SELECT number, id FROM dispute WHERE tracking_code = $1', [first.body.trackingCode]);
    expect(again.raw).not.toContain(row!.number);
    expect(again.raw).not.toContain(row!.id);
  });
});

describe('filing and following', () => {
  it('a dispute: taken in online at the township center, audited as the system for the citizen, followed with the code', async () => {
    const phone = nextPhone();
    const address = nextAddress();
    const r = await pub('/api/public/disputes', dispute(phone), address);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'dispute', created: true });
    expect(normalizeTrackingCode(r.body.trackingCode)).toEqual({ kind: 'dispute', code: r.body.trackingCode });
    expect(r.body.trackingCodeFormatted.replace(/ /g, '')).toBe(r.body.trackingCode);

    const [row] = await t.db.query<{ id: string; channel: string; intake_unit_id: string; region_code: string }>('SELECT id, channel, intake_unit_id, region_code FROM dispute WHERE tracking_code = $1', [r.body.trackingCode]);
    expect(row).toMatchObject({ channel: 'online', intake_unit_id: units[`governance-center-${TOWNSHIP}`], region_code: TOWNSHIP });
    const [audit] = await t.db.query<{ actor_username: string; client_address: string; actor_user_id: string | null }>(
      "SELECT actor_username, client_address, actor_user_id FROM audit_record WHERE action = 'dispute.intake' AND resource_id = $1", [row!.id],
    );
    expect(audit).toMatchObject({ actor_username: 'public-form', client_address: address, actor_user_id: null });

    // the center reads it and assesses it; the citizen sees the step
    expect((await staff(CENTER_HANDLER, 'GET', `/api/disputes/${row!.id}`)).status).toBe(200);
    nowMs += 3600_000;
    expect((await staff(CENTER_HANDLER, 'POST', `/api/disputes/${row!.id}/actions`, { action: 'assess', note: '内部研判：双方情绪激动' })).status).toBe(200);

    const track = await pub('/api/public/track', { code: r.body.trackingCode.toLowerCase(), phoneLast4: phone.slice(-4) }, nextAddress());
    expect(track.status).toBe(200);
    expect(track.body).toMatchObject({
      kind: 'dispute', number: expect.any(String), state: 'assessed', stateName: { zh: '分析研判中', en: 'Being assessed' }, closed: false,
      handlingBody: { zh: expect.stringContaining('综治中心'), en: expect.stringContaining('Governance Center') }, outcome: null,
    });
    expect(track.body.steps.map((s: { state: string }) => s.state)).toEqual(['intake', 'assessed']);
    expect(track.body.dueDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const secret of ['王小明', '李大强', phone, '邻居装修', '内部研判', '示范省东州市一号']) expect(track.raw).not.toContain(secret);
  });

  it('a petition: registered online at the county petition office; the progress follows routing and names the body, not the petitioner', async () => {
    const phone = nextPhone();
    const address = nextAddress();
    const r = await pub('/api/public/petitions', petition(phone), address);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'petition', created: true, trackingCode: expect.stringMatching(/^XF/) });
    const [row] = await t.db.query<{ id: string; channel: string; receiving_unit_id: string }>('SELECT id, channel, receiving_unit_id FROM petition WHERE tracking_code = $1', [r.body.trackingCode]);
    expect(row).toMatchObject({ channel: 'online', receiving_unit_id: units[`petition-office-${COUNTY}`] });
    const [audit] = await t.db.query<{ client_address: string }>("SELECT client_address FROM audit_record WHERE action = 'petition.register' AND resource_id = $1", [row!.id]);
    expect(audit!.client_address).toBe(address);

    nowMs += 3600_000;
    const routed = await staff(OFFICE_HANDLER, 'POST', `/api/petitions/${row!.id}/route`, { handlingUnitId: units['justice-bureau-990102'], note: '内部：转县司法局' });
    expect(routed.status).toBe(200);
    const track = await pub('/api/public/track', { code: r.body.trackingCode, phoneLast4: phone.slice(-4) }, nextAddress());
    expect(track.status).toBe(200);
    expect(track.body).toMatchObject({ kind: 'petition', state: 'routed', handlingBody: { zh: expect.stringContaining('司法局'), en: expect.stringContaining('Justice Bureau') }, caseStage: null });
    expect(track.body.steps.map((s: { state: string }) => s.state)).toEqual(['received', 'routed']);
    expect(track.body.dueDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const secret of ['赵秀兰', phone, ID_NUMBER, '拆迁补偿', '补偿协议', '内部', '某街道办事处']) expect(track.raw).not.toContain(secret);
  });

  it('a law-related petition routed into its case\'s procedure: the progress gives the case\'s stage and the case\'s holder, not the case', async () => {
    const cases = await caseDriver(t);
    const caseId = await cases.register('police-990102-handler', { title: '信访关联案件' });
    const caseNumber = (await cases.api('police-990102-handler', 'GET', `/api/cases/${caseId}`)).body.caseNumber;
    const phone = nextPhone();
    const r = await pub('/api/public/petitions', petition(phone, { subject: '对公安机关久侦不结不服', lawRelated: true }), nextAddress());
    expect(r.status).toBe(201);
    const [row] = await t.db.query<{ id: string }>('SELECT id FROM petition WHERE tracking_code = $1', [r.body.trackingCode]);
    const routed = await staff(OFFICE_HANDLER, 'POST', `/api/petitions/${row!.id}/legal-procedure`, { caseNumber, legalRoute: 'case-procedure', note: '内部：导入法律程序' });
    expect(routed.status).toBe(200);
    const track = await pub('/api/public/track', { code: r.body.trackingCode, phoneLast4: phone.slice(-4) }, nextAddress());
    expect(track.body).toMatchObject({
      state: 'in-legal-procedure', caseStage: { zh: expect.any(String), en: expect.any(String) }, dueDay: null,
      handlingBody: { zh: expect.stringContaining('公安局'), en: expect.stringContaining('Public Security') },
    });
    expect(track.raw).not.toContain(caseNumber);
    expect(track.raw).not.toContain(caseId);
  });

  it('a report of a problem: to the township center, with a tracking code of its own', async () => {
    const phone = nextPhone();
    const r = await pub('/api/public/grid-events', report(phone), nextAddress());
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'grid-event', created: true, trackingCode: expect.stringMatching(/^SJ/) });
    const [row] = await t.db.query<{ id: string; reporter_kind: string; township_unit_id: string }>(
      "SELECT e.id, e.reporter_kind, e.township_unit_id FROM grid_event e JOIN public_filing f ON f.matter_id = e.id WHERE f.tracking_code = $1", [r.body.trackingCode],
    );
    expect(row).toMatchObject({ reporter_kind: 'citizen', township_unit_id: units[`governance-center-${TOWNSHIP}`] });
    nowMs += 600_000;
    expect((await staff(CENTER_HANDLER, 'POST', `/api/grid-events/${row!.id}/accept`, {})).status).toBe(200);
    const track = await pub('/api/public/track', { code: r.body.trackingCodeFormatted, phoneLast4: phone.slice(-4) }, nextAddress());
    expect(track.status).toBe(200);
    expect(track.body).toMatchObject({ kind: 'grid-event', state: 'accepted', stateName: { zh: '已受理', en: 'Accepted' } });
    for (const secret of [phone, '路灯损坏', '一号路口']) expect(track.raw).not.toContain(secret);
  });

  it('wrong digits and an unknown code get the same 404; a malformed code is told apart before any lookup', async () => {
    const phone = nextPhone();
    const r = await pub('/api/public/grid-events', report(phone), nextAddress());
    const wrong = String((Number(phone.slice(-4)) + 1) % 10_000).padStart(4, '0');
    const wrongDigits = await pub('/api/public/track', { code: r.body.trackingCode, phoneLast4: wrong }, nextAddress());
    const unknownCode = await pub('/api/public/track', { code: `JF00000000000${checkOf('JF00000000000')}`, phoneLast4: phone.slice(-4) }, nextAddress());
    expect(wrongDigits.status).toBe(404);
    expect(unknownCode.status).toBe(404);
    expect(wrongDigits.body).toEqual(unknownCode.body);
    expect(wrongDigits.body.code).toBe('TRACKING_NOT_FOUND');

    const malformed = await pub('/api/public/track', { code: '<script>alert(1)</script>', phoneLast4: '1234' }, nextAddress());
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'TRACKING_CODE_INVALID', details: [{ field: 'code' }] });
    // the digits are four digits, nothing else
    expect((await pub('/api/public/track', { code: r.body.trackingCode, phoneLast4: '12a4' }, nextAddress())).body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'phoneLast4' }] });
  });
});

/** A well-formed code no matter has: the body's check symbol made by normalizeTrackingCode's own rule. */
function checkOf(prefixAndBody: string): string {
  for (const c of '0123456789ABCDEFGHJKMNPQRSTVWXYZ') if (normalizeTrackingCode(prefixAndBody + c)) return c;
  throw new Error('no check symbol');
}

describe('abuse limits', () => {
  it('the 4th filing from one phone in a day is refused 429 with a retry time, and stores nothing; the next day it is taken', async () => {
    const phone = nextPhone();
    for (let i = 0; i < 3; i++) {
      const ok = await pub('/api/public/grid-events', report(phone, { description: `第 ${i} 处路灯损坏` }), nextAddress());
      expect(ok.status).toBe(201);
    }
    const before = await count('grid_event');
    const refused = await pub('/api/public/grid-events', report(phone, { description: '第 4 处路灯损坏' }), nextAddress());
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'PUBLIC_LIMIT_REACHED', details: { by: 'phone', max: 3, perMinutes: 1440, retryAfterSeconds: expect.any(Number) } });
    expect(refused.body.message.zh).toContain('该手机号码');
    expect(refused.body.message.en).toContain('this phone number');
    expect(Number(refused.headers['retry-after'])).toBe(refused.body.details.retryAfterSeconds);
    expect(refused.body.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.body.details.retryAfterSeconds).toBeLessThanOrEqual(86_400);
    expect(await count('grid_event')).toBe(before);
    // the other forms count the same phone
    expect((await pub('/api/public/petitions', petition(phone), nextAddress())).status).toBe(429);
    expect((await pub('/api/public/disputes', dispute(phone), nextAddress())).status).toBe(429);

    nowMs += 86_400_000 + 1000;
    expect((await pub('/api/public/grid-events', report(phone, { description: '第 4 处路灯损坏' }), nextAddress())).status).toBe(201);
  });

  it('one address may file 5 times in an hour', async () => {
    const address = nextAddress();
    for (let i = 0; i < 5; i++) expect((await pub('/api/public/grid-events', report(nextPhone()), address)).status).toBe(201);
    const refused = await pub('/api/public/grid-events', report(nextPhone()), address);
    expect(refused.status).toBe(429);
    expect(refused.body.details).toMatchObject({ by: 'address', max: 5, perMinutes: 60 });
  });

  it('behind a trusted reverse proxy the citizen\'s address is the forwarded one (not the proxy\'s, shared by all)', async () => {
    const behindProxy = await buildApp({ ...t.deps, config: { ...t.deps.config, trustProxy: ['127.0.0.1'] } });
    try {
      const file = (forwardedFor: string) =>
        behindProxy.inject({ method: 'POST', url: '/api/public/grid-events', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': forwardedFor }, payload: report(nextPhone()) });
      // six citizens through the one proxy: each their own allowance
      for (let i = 0; i < 6; i++) expect((await file(nextAddress())).statusCode).toBe(201);
      // one citizen six times: the sixth refused
      const one = nextAddress();
      for (let i = 0; i < 5; i++) expect((await file(one)).statusCode).toBe(201);
      const refused = await file(one);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().details).toMatchObject({ by: 'address' });
    } finally {
      await behindProxy.close();
    }
  });

  it('trying the last four digits of a code is stopped after 5 misses, even with the right digits after', async () => {
    const phone = nextPhone();
    const r = await pub('/api/public/disputes', dispute(phone), nextAddress());
    expect(r.status).toBe(201);
    const right = phone.slice(-4);
    let misses = 0;
    for (let d = 0; misses < 5; d++) {
      const guess = String(d).padStart(4, '0');
      if (guess === right) continue;
      // from a new address each time: the per-address limit is not what stops it
      expect((await pub('/api/public/track', { code: r.body.trackingCode, phoneLast4: guess }, nextAddress())).status).toBe(404);
      misses++;
    }
    const stopped = await pub('/api/public/track', { code: r.body.trackingCode, phoneLast4: right }, nextAddress());
    expect(stopped.status).toBe(429);
    expect(stopped.body.details).toMatchObject({ by: 'code', max: 5 });
    nowMs += 3600_000 + 1000;
    expect((await pub('/api/public/track', { code: r.body.trackingCode, phoneLast4: right }, nextAddress())).status).toBe(200);
  });

  it('guesses sent all at once are counted one after another: no more than 5 get an answer', async () => {
    const phone = nextPhone();
    const r = await pub('/api/public/grid-events', report(phone), nextAddress());
    const right = phone.slice(-4);
    const guesses = Array.from({ length: 20 }, (_, i) => String(i).padStart(4, '0')).filter((g) => g !== right).slice(0, 15);
    const answers = await Promise.all(guesses.map((g) => pub('/api/public/track', { code: r.body.trackingCode, phoneLast4: g }, nextAddress())));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 404)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });

  it('the limits table holds digests, never an address or a phone number', async () => {
    const rows = await t.db.query<{ digest: string }>('SELECT digest FROM public_attempt');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.digest).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('hostile input', () => {
  it('a script tag is refused with the field named in Chinese and English; nothing is stored', async () => {
    const before = await count('dispute');
    const r = await pub('/api/public/disputes', dispute(nextPhone(), { summary: '<script>alert(document.cookie)</script>' }), nextAddress());
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'summary', message: { zh: expect.stringContaining('HTML'), en: expect.stringContaining('HTML') } }] });
    const p = await pub('/api/public/petitions', petition(nextPhone(), { subject: '<img src=x onerror=alert(1)>' }), nextAddress());
    expect(p.body.details).toEqual([expect.objectContaining({ field: 'subject' })]);
    const g = await pub('/api/public/grid-events', report(nextPhone(), { address: '<a href="javascript:alert(1)">x</a>' }), nextAddress());
    expect(g.body.details).toEqual([expect.objectContaining({ field: 'address' })]);
    expect(await count('dispute')).toBe(before);
    // every answer is JSON, never a page
    for (const a of [r, p, g]) expect(String(a.headers['content-type'])).toMatch(/^application\/json/);
  });

  it('100,000 characters are refused with the field and its limit named', async () => {
    const r = await pub('/api/public/petitions', petition(nextPhone(), { content: '长'.repeat(100_000) }), nextAddress());
    expect(r.status).toBe(400);
    expect(r.body.details).toEqual([{ field: 'content', message: { zh: '长度不得超过 5000 个字符', en: 'must be at most 5000 characters' } }]);
  });

  it('emoji are kept as typed (a character each)', async () => {
    const phone = nextPhone();
    const content = `楼道堆放杂物😡🔥，多次反映无果🙏 ${phone}`;
    const r = await pub('/api/public/petitions', petition(phone, { content }), nextAddress());
    expect(r.status).toBe(201);
    const [row] = await t.db.query<{ content: string }>('SELECT content FROM petition WHERE tracking_code = $1', [r.body.trackingCode]);
    expect(row!.content).toBe(content);
  });

  it('wrong phone and ID formats, a missing consent and an unknown place are refused by field', async () => {
    const badPhone = await pub('/api/public/disputes', dispute('12345'), nextAddress());
    expect(badPhone.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'applicant.phone' }] });
    const badId = await pub('/api/public/petitions', petition(nextPhone(), { petitioner: { name: '赵秀兰', phone: nextPhone(), idNumber: '990102198001011230' } }), nextAddress());
    expect(badId.status).toBe(400);
    expect(badId.body.details[0]).toMatchObject({ field: 'petitioner.idNumber', message: { zh: expect.stringContaining('GB 11643') } });
    const noConsent = await pub('/api/public/grid-events', report(nextPhone(), { consent: false }), nextAddress());
    expect(noConsent.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'consent' }] });
    const countyForReport = await pub('/api/public/grid-events', report(nextPhone(), { townshipCode: COUNTY }), nextAddress());
    expect(countyForReport.body.details).toEqual([expect.objectContaining({ field: 'townshipCode' })]);
    const townshipForPetition = await pub('/api/public/petitions', petition(nextPhone(), { regionCode: TOWNSHIP }), nextAddress());
    expect(townshipForPetition.body.details).toEqual([expect.objectContaining({ field: 'regionCode' })]);
    const unknownField = await pub('/api/public/grid-events', { ...report(nextPhone()), reporterKind: 'grid-worker' }, nextAddress());
    expect(unknownField.body.code).toBe('VALIDATION_FAILED');
  });

  it('NUL bytes, unknown choices, a body over the size limit and broken JSON get a 4xx with the error shape, never a 500', async () => {
    const answers = [
      await pub('/api/public/disputes', dispute(nextPhone(), { type: 'noise\u0000' }), nextAddress()),
      await pub('/api/public/grid-events', report(nextPhone(), { category: 'no-such-category' }), nextAddress()),
      await pub('/api/public/petitions', petition(nextPhone(), { content: 'a\u0000b' }), nextAddress()),
      await pub('/api/public/track', { code: '\u0000'.repeat(14), phoneLast4: '1234' }, nextAddress()),
      await pub('/api/public/petitions', petition(nextPhone(), { content: 'x'.repeat(2_000_000) }), nextAddress()),
    ];
    const broken = await t.app.inject({ method: 'POST', url: '/api/public/track', remoteAddress: nextAddress(), headers: { 'content-type': 'application/json' }, payload: '{"code": "JF' });
    for (const a of [...answers, { status: broken.statusCode, body: broken.json() }]) {
      expect(a.status).toBeGreaterThanOrEqual(400);
      expect(a.status).toBeLessThan(500);
      expect(a.body).toMatchObject({ code: expect.any(String), message: { zh: expect.any(String), en: expect.any(String) } });
    }
    expect(answers.map((a) => a.body.code)).toEqual(['DISPUTE_TYPE_UNKNOWN', 'VALIDATION_FAILED', 'VALIDATION_FAILED', 'TRACKING_CODE_INVALID', 'BODY_TOO_LARGE']);
  });

  it('a refused filing uses up nothing: three typos, then three filings from the same phone are all taken', async () => {
    const phone = nextPhone();
    for (let i = 0; i < 3; i++) expect((await pub('/api/public/grid-events', report(phone, { consent: false }), nextAddress())).status).toBe(400);
    for (let i = 0; i < 3; i++) expect((await pub('/api/public/grid-events', report(phone, { description: `第 ${i} 处` }), nextAddress())).status).toBe(201);
  });

  it('the same submission sent twice is one record with one code, and the second is not counted', async () => {
    for (const [url, body, table] of [
      ['/api/public/disputes', dispute(nextPhone()), 'dispute'],
      ['/api/public/petitions', petition(nextPhone()), 'petition'],
      ['/api/public/grid-events', report(nextPhone()), 'grid_event'],
    ] as const) {
      const first = await pub(url, body, nextAddress());
      expect(first.status).toBe(201);
      const before = await count(table);
      const again = await pub(url, body, nextAddress());
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ ...first.body, created: false });
      expect(await count(table)).toBe(before);
    }
  });

  it('the same submission sent twice at once is still one record', async () => {
    const body = petition(nextPhone());
    const before = await count('petition');
    const [a, b] = await Promise.all([pub('/api/public/petitions', body, nextAddress()), pub('/api/public/petitions', body, nextAddress())]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.trackingCode).toBe(b.body.trackingCode);
    expect(await count('petition')).toBe(before + 1);
  });
});
