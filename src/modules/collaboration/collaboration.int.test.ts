import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app.ts';
import { type CaseDriver, caseDriver } from '../../../test/case-fixtures.ts';

let t: TestApp;
let d: CaseDriver;

const POLICE = 'police-990102-handler';
const PROCURATOR = 'procuratorate-990102-handler';
const at = (cst: string) => () => new Date(`${cst}+08:00`);

/**
 * March 2026, county 990102, police -> procuratorate, each an arrest request:
 *   A sent 03-02, accepted 03-03 (in time)      B sent 03-02, accepted 03-09 (late)
 *   C sent 03-02, returned 03-02 (not received) D on paper, sent 03-02, accepted 03-02 (not online)
 *   E sent 03-30, still waiting on 03-31 (pending with N = 3)
 * and, in county 990202, one transfer sent online and accepted at once.
 */
beforeAll(async () => {
  t = await createTestApp();
  d = await caseDriver(t);
  const realNow = t.deps.now;
  const send = async (police: string, procuratorate: string, sentAt: string) => {
    t.deps.now = at(sentAt);
    const id = await d.register(police);
    await d.investigate(police, id);
    return d.requestArrest(police, id, procuratorate);
  };
  try {
    const a = await send(POLICE, 'procuratorate-990102', '2026-03-02T10:00:00');
    const b = await send(POLICE, 'procuratorate-990102', '2026-03-02T11:00:00');
    const c = await send(POLICE, 'procuratorate-990102', '2026-03-02T12:00:00');
    t.deps.now = at('2026-03-02T13:00:00');
    const secret = (await d.api(POLICE, 'POST', '/api/cases', { title: '涉密案件', charge: '寻衅滋事', classified: true })).body.id;
    expect((await d.fire(POLICE, secret, { transition: 'start-investigation' })).status).toBe(200);
    const onPaper = await d.fire(POLICE, secret, { transition: 'request-arrest', receiverUnitId: d.units['procuratorate-990102'] });
    expect(onPaper.status, JSON.stringify(onPaper.body)).toBe(200);
    expect((await d.api(PROCURATOR, 'POST', `/api/transfers/${c}/return`, { reason: '材料不全' })).status).toBe(200);
    await d.accept(PROCURATOR, onPaper.body.transfer.id);
    t.deps.now = at('2026-03-03T09:00:00');
    await d.accept(PROCURATOR, a);
    t.deps.now = at('2026-03-09T09:00:00');
    await d.accept(PROCURATOR, b);
    await send(POLICE, 'procuratorate-990102', '2026-03-30T10:00:00');
    const far = await send('police-990202-handler', 'procuratorate-990202', '2026-03-05T10:00:00');
    await d.accept('procuratorate-990202-handler', far);
  } finally {
    t.deps.now = realNow;
  }
  t.deps.now = at('2026-03-31T12:00:00');
});
afterAll(() => t.close());

const rate = (user: string, query: string) => d.api(user, 'GET', `/api/collaboration-rate?${query}`);
type Row = { key: string; name: string; agency: string | null; [k: string]: unknown };

describe('the collaboration rate', () => {
  it('per unit: sent online for the sender, received within N days for the receiver, with the definition', async () => {
    const r = await rate('committee-990102-supervisor', 'from=2026-03-01&to=2026-03-31');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ from: '2026-03-01', to: '2026-03-31', by: 'unit', days: 3 });
    expect(r.body.definition.zh).toContain('第3个自然日');
    expect(r.body.definition.en).toContain('counted for the receiving unit');
    const police = r.body.items.find((x: Row) => x.key === d.units['police-990102']);
    expect(police).toMatchObject({ name: '青山县公安局', nameEn: 'Qingshan County Public Security Bureau', agency: 'police', sent: 5, sentOnline: 4, sentOnlineRate: 0.8, received: 0, receivedInTimeRate: null });
    const proc = r.body.items.find((x: Row) => x.key === d.units['procuratorate-990102']);
    expect(proc).toMatchObject({ sent: 0, received: 4, receivedInTime: 1, receivedInTimeRate: 0.25, receivedPending: 1 });
    // a county supervisor sees the units of the county only
    expect(r.body.items.every((x: { regionCode: string }) => x.regionCode.startsWith('990102'))).toBe(true);
    expect(r.body.items.map((x: Row) => x.key)).not.toContain(d.units['police-990202']);
    expect(r.body.total).toMatchObject({ sent: 5, sentOnline: 4, received: 4, receivedInTime: 1, receivedPending: 1 });
  });

  it('a days override changes N; a period that leaves the transfers out counts nothing', async () => {
    const ten = await rate('committee-990102-supervisor', 'from=2026-03-01&to=2026-03-31&days=10');
    expect(ten.body.items.find((x: Row) => x.key === d.units['procuratorate-990102'])).toMatchObject({ received: 4, receivedInTime: 2, receivedPending: 1, receivedInTimeRate: 0.5 });
    expect(ten.body.definition.zh).toContain('第10个自然日');
    const zero = await rate('committee-990102-supervisor', 'from=2026-03-01&to=2026-03-31&days=0');
    expect(zero.body.items.find((x: Row) => x.key === d.units['procuratorate-990102'])).toMatchObject({ received: 5, receivedInTime: 0, receivedPending: 0 });
    const april = await rate('committee-990102-supervisor', 'from=2026-04-01&to=2026-04-30');
    expect(april.body.total).toMatchObject({ sent: 0, received: 0, sentOnlineRate: null, receivedInTimeRate: null });
    const oneDay = await rate('committee-990102-supervisor', 'from=2026-03-30&to=2026-03-30');
    expect(oneDay.body.total).toMatchObject({ sent: 1, received: 0, receivedPending: 1 });
  });

  it('per county: the units\' numerators and denominators added; the province supervisor sees every county', async () => {
    const county = await rate('committee-990102-supervisor', 'from=2026-03-01&to=2026-03-31&by=county');
    expect(county.status).toBe(200);
    expect(county.body.items).toEqual([expect.objectContaining({ key: '990102', name: '青山县', nameEn: 'Qingshan County', agency: null, sent: 5, sentOnline: 4, received: 4, receivedInTime: 1, receivedInTimeRate: 0.25 })]);
    const province = await rate('supervisor', 'from=2026-03-01&to=2026-03-31&by=county');
    const keys = province.body.items.map((x: Row) => x.key);
    for (const code of ['990102', '990103', '990202', '990100', '990000']) expect(keys).toContain(code);
    expect(province.body.items.find((x: Row) => x.key === '990202')).toMatchObject({ sent: 1, sentOnline: 1, received: 1, receivedInTime: 1, receivedInTimeRate: 1 });
  });

  it('a unit\'s handler or head sees their own unit only, by unit; other roles are refused', async () => {
    const own = await rate(POLICE, 'from=2026-03-01&to=2026-03-31');
    expect(own.status).toBe(200);
    expect(own.body.items.map((x: Row) => x.key)).toEqual([d.units['police-990102']]);
    expect(own.body.total).toMatchObject({ sent: 5, sentOnline: 4, received: 0 });
    const head = await rate('procuratorate-990102-unit-head', 'from=2026-03-01&to=2026-03-31');
    expect(head.body.items.map((x: Row) => x.key)).toEqual([d.units['procuratorate-990102']]);
    const byCounty = await rate(POLICE, 'from=2026-03-01&to=2026-03-31&by=county');
    expect([byCounty.status, byCounty.body.code]).toEqual([403, 'FORBIDDEN']);
    expect(byCounty.body.message.en).toContain('County figures');
    for (const user of ['governance-center-990102-mediator', 'committee-990102-administrator', 'committee-990102-auditor', 'governance-center-990102001-grid-worker']) {
      expect((await rate(user, 'from=2026-03-01&to=2026-03-31')).status, user).toBe(403);
    }
  });

  it('bad input: a clear bilingual error with a stable code', async () => {
    const cases: [string, number, string][] = [
      ['from=2026-03-31&to=2026-03-01', 400, 'PERIOD_INVALID'],
      ['from=2026-02-30&to=2026-03-01', 400, 'DATE_INVALID'],
      ['from=2026-03-01&to=2026-13-01', 400, 'DATE_INVALID'],
      ['from=2026-03-01', 400, 'VALIDATION_FAILED'],
      ['from=20260301&to=2026-03-31', 400, 'VALIDATION_FAILED'],
      ['from=2026-03-01&to=2026-03-31&by=town', 400, 'VALIDATION_FAILED'],
      ['from=2026-03-01&to=2026-03-31&days=-1', 400, 'VALIDATION_FAILED'],
      ['from=2026-03-01&to=2026-03-31&days=366', 400, 'VALIDATION_FAILED'],
      ['from=2026-03-01&to=2026-03-31&days=2.5', 400, 'VALIDATION_FAILED'],
      ['from=2026-03-01&to=2026-03-31&unit=x', 400, 'VALIDATION_FAILED'],
    ];
    for (const [query, status, code] of cases) {
      const r = await rate('supervisor', query);
      expect([r.status, r.body.code], query).toEqual([status, code]);
      expect(r.body.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
    }
  });
});
