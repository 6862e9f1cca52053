import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, createTestApp } from '../../../test/app.ts';
import { verifyAuditChain } from './audit.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // a few records beyond the seed's
  for (const u of ['police-990102-handler', 'court-990102-handler', 'admin']) await t.login(u);
});
afterAll(() => t.close());

describe('the audit log', () => {
  it('the database refuses UPDATE, DELETE and TRUNCATE of audit records', async () => {
    await expect(t.db.query("UPDATE audit_record SET action = 'x' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_record WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(t.db.exec('TRUNCATE audit_record')).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('the server role of src/db/roles/app-role.sql cannot change audit records nor lift the guard', async () => {
    await t.db.exec(readFileSync(new URL('../../db/roles/app-role.sql', import.meta.url), 'utf8'));
    const asApp = (sql: string) =>
      t.db.transaction(async (tx) => {
        await tx.exec('SET LOCAL ROLE caselink_app');
        await tx.exec(sql);
      });
    await expect(asApp("UPDATE audit_record SET action = 'x' WHERE seq = 1")).rejects.toThrow(/permission denied|append-only/);
    await expect(asApp('DELETE FROM audit_record WHERE seq = 1')).rejects.toThrow(/permission denied|append-only/);
    await expect(asApp('ALTER TABLE audit_record DISABLE TRIGGER audit_record_no_update_delete')).rejects.toThrow(/must be owner|permission denied/);
    // what it needs still works: reading and appending
    await asApp('SELECT count(*) FROM audit_record');
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('a failed write leaves no audit record behind', async () => {
    const [before] = await t.db.query<{ seq: number }>('SELECT seq FROM audit_head');
    await expect(
      t.db.transaction(async (tx) => {
        const { appendAudit } = await import('./audit.repository.ts');
        await appendAudit(tx, {
          actorUserId: null, actorUsername: 'test', actorUnitId: null, regionCode: null,
          action: 'test.write', resourceKind: 'test', resourceId: null, clientAddress: null, details: {},
        });
        throw new Error('the change fails after its audit record was written');
      }),
    ).rejects.toThrow();
    const [after] = await t.db.query<{ seq: number }>('SELECT seq FROM audit_head');
    expect(after!.seq).toBe(before!.seq);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('an auditor verifies the chain over HTTP; others may not', async () => {
    const auditor = await t.login('committee-990000-auditor');
    const res = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: bearer(auditor) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, firstBroken: null });
    expect(res.json().checked).toBeGreaterThan(3);
    const handler = await t.login('police-990102-handler');
    expect((await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: bearer(handler) })).statusCode).toBe(403);
  });

  it('a county auditor lists only the records of their region', async () => {
    const auditor = await t.login('committee-990102-auditor');
    const res = await t.app.inject({ method: 'GET', url: '/api/audit?pageSize=500', headers: bearer(auditor) });
    const regions = new Set((await t.db.query<{ region_code: string | null }>('SELECT region_code FROM audit_record')).map((r) => r.region_code));
    expect(regions.size).toBeGreaterThan(1);
    const items = res.json().items as { seq: number }[];
    expect(items.length).toBeGreaterThan(0);
    const seqs = items.map((i) => i.seq);
    const rows = await t.db.query<{ region_code: string | null }>('SELECT region_code FROM audit_record WHERE seq = ANY($1::bigint[])', [seqs]);
    for (const r of rows) expect(r.region_code).toMatch(/^990102/);
  });

  it('system records (the demo seed, command-line work) are filed under the province, for its auditors', async () => {
    const province = await t.login('committee-990000-auditor');
    const county = await t.login('committee-990102-auditor');
    const seqsFor = async (token: string) =>
      ((await t.app.inject({ method: 'GET', url: '/api/audit?pageSize=500&action=seed.demo', headers: bearer(token) })).json().items as { seq: number }[]).map((i) => i.seq);
    expect(await seqsFor(province)).toEqual([1]);
    expect(await seqsFor(county)).toEqual([]);
  });

  it('a row edited by hand, behind the trigger, is found and named', async () => {
    // a database owner can switch the trigger off; the chain still gives the edit away
    await t.db.exec('ALTER TABLE audit_record DISABLE TRIGGER audit_record_no_update_delete');
    await t.db.query("UPDATE audit_record SET client_address = '203.0.113.9' WHERE seq = 3");
    await t.db.exec('ALTER TABLE audit_record ENABLE TRIGGER audit_record_no_update_delete');
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: 'hash-mismatch' } });
  });

  it('a deleted tail is found through the head', async () => {
    const [head] = await t.db.query<{ seq: number }>('SELECT seq FROM audit_head');
    await t.db.exec('ALTER TABLE audit_record DISABLE TRIGGER audit_record_no_update_delete');
    await t.db.query('DELETE FROM audit_record WHERE seq = $1', [head!.seq]);
    await t.db.exec('ALTER TABLE audit_record ENABLE TRIGGER audit_record_no_update_delete');
    const result = await verifyAuditChain(t.db);
    expect(result.ok).toBe(false);
    // the hand-edited record 3 comes first
    expect(result.firstBroken!.seq).toBe(3);
  });
});
