import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, createTestApp } from '../../../test/app.ts';
import { residentIdCheckChar } from '../../shared/gb11643.ts';

let t: TestApp;
let admin: string;
let unitId: (code: string) => Promise<string>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  unitId = async (code) => (await t.db.query<{ id: string }>('SELECT id FROM unit WHERE code = $1', [code]))[0]!.id;
});
afterAll(() => t.close());

const validId = (first17: string) => first17 + residentIdCheckChar(first17);
const auditHead = async () => (await t.db.query<{ seq: number }>('SELECT seq FROM audit_head'))[0]!.seq;
const userCount = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user'))[0]!.n;

describe('creating users', () => {
  it('creates a user with masked personal data, audits it in the same transaction, and the user can log in', async () => {
    const before = await auditHead();
    const idNumber = validId('99010219850612123');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(admin),
      payload: {
        username: 'zhang.wei',
        displayName: '张伟',
        password: 'Secret-pass-1',
        role: 'handler',
        unitId: await unitId('police-990102'),
        phone: '13912345678',
        idNumber,
      },
    });
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({ username: 'zhang.wei', role: 'handler', phone: '139****5678', idNumber: `990102********${idNumber.slice(-4)}` });
    expect(await auditHead()).toBe(before + 1);
    const [record] = await t.db.query<{ action: string; resource_id: string; actor_username: string }>(
      'SELECT action, resource_id, actor_username FROM audit_record ORDER BY seq DESC LIMIT 1',
    );
    expect(record).toEqual({ action: 'user.create', resource_id: user.id, actor_username: 'admin' });
    expect(await t.login('zhang.wei', 'Secret-pass-1')).toBeTruthy();
  });

  it('refuses a taken username with 409 and writes nothing', async () => {
    const [count, head] = [await userCount(), await auditHead()];
    const res = await t.app.inject({
      method: 'POST', url: '/api/users', headers: bearer(admin),
      payload: { username: 'zhang.wei', displayName: '张伟', password: 'Secret-pass-1', role: 'handler', unitId: await unitId('police-990102') },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('USERNAME_TAKEN');
    expect([await userCount(), await auditHead()]).toEqual([count, head]);
  });

  it('refuses a role the unit does not have, and an unknown unit', async () => {
    const wrongRole = await t.app.inject({
      method: 'POST', url: '/api/users', headers: bearer(admin),
      payload: { username: 'x.grid', displayName: '李四', password: 'Secret-pass-1', role: 'grid-worker', unitId: await unitId('court-990102') },
    });
    expect(wrongRole.statusCode).toBe(422);
    expect(wrongRole.json()).toMatchObject({ code: 'ROLE_NOT_OFFERED', details: [{ field: 'role' }] });
    const noUnit = await t.app.inject({
      method: 'POST', url: '/api/users', headers: bearer(admin),
      payload: { username: 'x.nounit', displayName: '李四', password: 'Secret-pass-1', role: 'handler', unitId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(noUnit.statusCode).toBe(422);
    expect(noUnit.json().code).toBe('UNIT_NOT_FOUND');
  });

  it('refuses an ID number whose check digit is wrong', async () => {
    const good = validId('99010219850612123');
    const bad = good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');
    const res = await t.app.inject({
      method: 'POST', url: '/api/users', headers: bearer(admin),
      payload: { username: 'x.badid', displayName: '王五', password: 'Secret-pass-1', role: 'handler', unitId: await unitId('police-990102'), idNumber: bad },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'idNumber' }] });
    expect(res.json().details[0].message.zh).toContain('GB 11643');
  });
});

describe('reading personal data', () => {
  it('lists mask ID and phone numbers for everyone, administrators included', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/users?pageSize=500', headers: bearer(admin) });
    const items = res.json().items as { phone: string | null; idNumber: string | null }[];
    expect(items.length).toBeGreaterThan(200);
    for (const u of items) {
      if (u.phone) expect(u.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
      if (u.idNumber) expect(u.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    }
  });

  it('an administrator reveals a number whole, and the read is audited', async () => {
    const [target] = await t.db.query<{ id: string; phone: string; id_number: string }>(
      "SELECT id, phone, id_number FROM app_user WHERE username = 'court-990102-handler'",
    );
    const res = await t.app.inject({ method: 'GET', url: `/api/users/${target!.id}/personal-data`, headers: bearer(admin) });
    expect(res.json()).toEqual({ phone: target!.phone, idNumber: target!.id_number });
    const [record] = await t.db.query<{ action: string; resource_id: string }>(
      'SELECT action, resource_id FROM audit_record ORDER BY seq DESC LIMIT 1',
    );
    expect(record).toEqual({ action: 'user.reveal-personal-data', resource_id: target!.id });
  });

  it('a supervisor reads users but may not reveal their numbers', async () => {
    const supervisor = await t.login('supervisor');
    const [target] = await t.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'court-990102-handler'");
    expect((await t.app.inject({ method: 'GET', url: `/api/users/${target!.id}`, headers: bearer(supervisor) })).statusCode).toBe(200);
    const reveal = await t.app.inject({ method: 'GET', url: `/api/users/${target!.id}/personal-data`, headers: bearer(supervisor) });
    expect(reveal.statusCode).toBe(403);
  });
});

describe('changing users', () => {
  it('deactivating a user ends their sessions', async () => {
    const token = await t.login('court-990103-handler');
    const [target] = await t.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'court-990103-handler'");
    const res = await t.app.inject({ method: 'PATCH', url: `/api/users/${target!.id}`, headers: bearer(admin), payload: { active: false } });
    expect(res.json().active).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('an empty change is refused', async () => {
    const [target] = await t.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'court-990104-handler'");
    const res = await t.app.inject({ method: 'PATCH', url: `/api/users/${target!.id}`, headers: bearer(admin), payload: {} });
    expect(res.statusCode).toBe(400);
  });
});
