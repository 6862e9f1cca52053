import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, createTestApp } from '../../../test/app.ts';

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  token = await t.login('procuratorate-990102-handler');
});
afterAll(() => t.close());

const compute = (payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/deadlines/compute', headers: bearer(token), payload: payload as Record<string, unknown> });

describe('POST /api/deadlines/compute', () => {
  it('answers the due moment, the articles applied and the steps', async () => {
    const res = await compute({ rule: 'cpl.investigation.custody', start: '2026-01-15T10:00', custody: true, extend: [{ id: 'art156' }] });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ rule: 'cpl.investigation.custody', due: '2026-04-15T23:59:59+08:00', provisional: false, custody: true, state: 'running' });
    expect(body.basis).toEqual(expect.arrayContaining([{ law: '刑事诉讼法', article: '105' }, { law: '刑事诉讼法', article: '156' }]));
    expect(body.steps.join('')).toContain('延长1个月');
  });

  it('computes a ledger: paused for an appraisal, resumed, then restarted', async () => {
    const res = await compute({
      rule: 'cpl.prosecution.review',
      events: [
        { type: 'started', at: '2026-03-02T09:00', custody: true },
        { type: 'paused', at: '2026-03-05T09:00', reason: '精神病鉴定' },
        { type: 'resumed', at: '2026-03-12T09:00' },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().due).toBe('2026-04-09T23:59:59+08:00');
    const restarted = await compute({
      rule: 'cpl.prosecution.review',
      events: [
        { type: 'started', at: '2026-03-02T09:00', custody: true },
        { type: 'restarted', at: '2026-05-06T09:00', reason: '补充侦查后重新移送' },
      ],
    });
    expect(restarted.json().due).toBe('2026-06-06T23:59:59+08:00');
  });

  it('says when a result is provisional', async () => {
    const res = await compute({ rule: 'petition.handle', start: '2027-03-01T10:00' });
    expect(res.json().provisional).toBe(true);
  });

  it('refuses an unknown rule, an impossible date, an unknown extension and a bad ledger with the error shape', async () => {
    const cases: [unknown, number, string][] = [
      [{ rule: 'cpl.no.such-rule', start: '2026-03-02T10:00' }, 404, 'RULE_UNKNOWN'],
      [{ rule: 'cpl.arrest.decide', start: '2026-02-30T10:00' }, 400, 'DATE_INVALID'],
      [{ rule: 'cpl.arrest.decide', start: '2026-13-01T10:00' }, 400, 'DATE_INVALID'],
      [{ rule: 'cpl.arrest.decide', start: 'yesterday' }, 400, 'VALIDATION_FAILED'],
      [{ rule: 'cpl.arrest.decide', start: '2026-03-02T10:00', extend: [{ id: 'art156' }] }, 422, 'EXTENSION_UNKNOWN'],
      [{ rule: 'cpl.detention.request-arrest', start: '2026-03-02T10:00', extend: [{ id: 'special', length: { days: 9 } }] }, 422, 'EXTENSION_OUT_OF_RANGE'],
      [{ rule: 'cpl.arrest.decide' }, 400, 'VALIDATION_FAILED'],
      [{ rule: 'cpl.arrest.decide', events: [{ type: 'resumed', at: '2026-03-02T10:00' }] }, 422, 'LEDGER_INVALID'],
      [{ rule: 'cpl.arrest.decide', events: [{ type: 'exploded', at: '2026-03-02T10:00' }] }, 400, 'VALIDATION_FAILED'],
      [{ rule: 'cpl.arrest.decide', start: '2026-03-02T10:00', sneaky: 1 }, 400, 'VALIDATION_FAILED'],
      [{ rule: "cpl.arrest.decide'; DROP TABLE app_user;--", start: '2026-03-02T10:00' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [payload, status, code] of cases) {
      const res = await compute(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      const body = res.json();
      expect(body.code, JSON.stringify(payload)).toBe(code);
      expect(body.message.zh).toBeTruthy();
      expect(body.message.en).toBeTruthy();
    }
  });
});

describe('GET /api/rules/time-limits', () => {
  it('lists every rule with its basis', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/rules/time-limits', headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    const { items, total } = res.json() as { items: { id: string; basis: unknown[] }[]; total: number };
    expect(total).toBe(items.length);
    expect(items.length).toBeGreaterThanOrEqual(58);
    for (const r of items) expect(r.basis.length, r.id).toBeGreaterThan(0);
    expect(items.map((r) => r.id)).toEqual(expect.arrayContaining(['cpl.investigation.custody', 'petition.object-remit', 'civ.judicial-confirmation.decide']));
  });
});
