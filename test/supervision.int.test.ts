/**
 * Supervision items through the API (issue 5 part 4, flows.md §2): raised from a warning and assigned, accepted,
 * followed up with a new date, reported back, verified (failing once), closed; who may take which step; a class
 * remediation with a child per unit closing its parent; attachments; bad input; an overdue item is a warning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFull } from '../src/modules/warnings/warnings.service.ts';
import { type TestApp, bearer, createTestApp } from './app.ts';
import { PNG_1X1 } from './documents.ts';
import { HOUR, fixtures } from './warning-fixtures.ts';

let t: TestApp;
const SUPERVISOR = 'committee-990102-supervisor';
const FAR_SUPERVISOR = 'committee-990202-supervisor';
const POLICE = 'police-990102-handler';
const OTHER_POLICE = 'police-990103-handler';
const units: Record<string, string> = {};
const hit: Record<string, string> = {};

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
async function api(user: string, method: 'GET' | 'POST', url: string, payload?: object): Promise<{ status: number; body: any }> {
  const res = await t.app.inject({ method, url, headers: bearer(await t.login(user)), ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.body ? res.json() : null };
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  const f = await fixtures(t.db);
  Object.assign(units, f.units);
  // overdue arrest decisions answered for by two police units of the city, and one far away
  await f.clock(await f.case(), { rule: 'cpl.detention.request-arrest', dueIn: -HOUR, unit: 'police-990102' });
  await f.clock(await f.case(), { rule: 'cpl.detention.request-arrest', dueIn: -2 * HOUR, unit: 'police-990102' });
  await f.clock(await f.case({ holder: 'police-990103', registeredBy: 'police-990103' }), { rule: 'cpl.detention.request-arrest', dueIn: -HOUR, unit: 'police-990103' });
  await f.clock(await f.case({ holder: 'police-990202', registeredBy: 'police-990202' }), { rule: 'cpl.detention.request-arrest', dueIn: -HOUR, unit: 'police-990202' });
  await runFull(t.deps, ['detention.arrest-request-late']);
  for (const r of await t.db.query<{ id: string; code: string }>(
    "SELECT h.id, u.code FROM warning_hit h JOIN unit u ON u.id = h.unit_id WHERE h.model_id = 'detention.arrest-request-late' ORDER BY h.opened_at",
  )) hit[r.code] ??= r.id;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('an item raised from a warning, through its whole flow', () => {
  let id = '';

  it('the county committee raises it from the hit: assigned to the unit with the accept date; raising again answers the same item', async () => {
    const r = await api(SUPERVISOR, 'POST', '/api/supervision-items', { source: 'warning', hitId: hit['police-990102'], description: '请说明逾期未提请批准逮捕的原因并整改' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.number).toMatch(/^督\d{4}-\d{6}$/);
    id = r.body.id;
    const again = await api(SUPERVISOR, 'POST', '/api/supervision-items', { source: 'warning', hitId: hit['police-990102'], description: '再次' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ id, number: r.body.number, created: false });
    const page = await api(SUPERVISOR, 'GET', `/api/supervision-items/${id}`);
    expect(page.body).toMatchObject({ state: 'assigned', source: 'warning', modelId: 'detention.arrest-request-late', assigneeUnitId: units['police-990102'], side: 'committee' });
    expect(page.body.title).toContain('拘留后逾期未提请批准逮捕');
    expect(page.body.dueAt > new Date().toISOString()).toBe(true);
    expect(page.body.actions).toEqual(['follow-up', 'comment']);
  });

  it('a unit elsewhere and a committee elsewhere do not see it', async () => {
    expect((await api(OTHER_POLICE, 'GET', `/api/supervision-items/${id}`)).status).toBe(404);
    expect((await api(FAR_SUPERVISOR, 'GET', `/api/supervision-items/${id}`)).status).toBe(404);
    const list = await api(OTHER_POLICE, 'GET', '/api/supervision-items');
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
  });

  it("the unit may not take the committee's steps, nor the committee the unit's", async () => {
    const verify = await api(POLICE, 'POST', `/api/supervision-items/${id}/actions`, { action: 'follow-up', note: '自己督办', dueDate: '2099-01-01' });
    expect(verify.status).toBe(403);
    const accept = await api(SUPERVISOR, 'POST', `/api/supervision-items/${id}/actions`, { action: 'accept' });
    expect(accept.status).toBe(403);
    const report = await api(POLICE, 'POST', `/api/supervision-items/${id}/actions`, { action: 'report', note: '尚未签收就反馈' });
    expect(report.status).toBe(409);
    expect(report.body.code).toBe('SUPERVISION_WRONG_STATE');
    // the state is named as users read it, in both languages
    expect(report.body.message).toEqual({ zh: '监督事项当前为「待签收」，不能整改反馈', en: 'The item is at "Assigned": "Report back" is not possible now' });
  });

  it('the unit accepts: rectifying, with the rectify date of its severity', async () => {
    const r = await api(POLICE, 'POST', `/api/supervision-items/${id}/actions`, { action: 'accept' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ state: 'rectifying', side: 'assignee' });
    expect(r.body.actions).toEqual(['report', 'comment']);
  });

  it('the committee follows up with a new date (not in the past; a note required)', async () => {
    expect((await api(SUPERVISOR, 'POST', `/api/supervision-items/${id}/actions`, { action: 'follow-up', note: '督办', dueDate: '2020-01-01' })).status).toBe(400);
    expect((await api(SUPERVISOR, 'POST', `/api/supervision-items/${id}/actions`, { action: 'follow-up', dueDate: '2099-01-01' })).status).toBe(400);
    expect((await api(SUPERVISOR, 'POST', `/api/supervision-items/${id}/actions`, { action: 'follow-up', note: '督办', dueDate: '2099-02-30' })).status).toBe(400);
    const r = await api(SUPERVISOR, 'POST', `/api/supervision-items/${id}/actions`, { action: 'follow-up', note: '请于月底前完成整改', dueDate: '2099-01-31' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'rectifying', followUps: 1, dueAt: '2099-01-31T15:59:59.000Z' });
  });

  it('the unit attaches its report and reports back; the committee finds it wanting, then verifies it', async () => {
    const file = await t.app.inject({
      method: 'POST',
      url: `/api/supervision-items/${id}/attachments?name=${encodeURIComponent('整改报告.png')}`,
      headers: { ...bearer(await t.login(POLICE)), 'content-type': 'image/png' },
      payload: Buffer.from(PNG_1X1),
    });
    expect(file.statusCode, file.body).toBe(201);
    const content = await t.app.inject({ method: 'GET', url: `/api/supervision-items/${id}/attachments/${file.json().id}/content`, headers: bearer(await t.login(SUPERVISOR)) });
    expect(content.statusCode).toBe(200);
    expect(content.headers['x-content-sm3']).toBe(file.json().sm3);
    const disguised = await t.app.inject({
      method: 'POST',
      url: `/api/supervision-items/${id}/attachments?name=report.pdf`,
      headers: { ...bearer(await t.login(POLICE)), 'content-type': 'application/pdf' },
      payload: Buffer.from('MZ\x90\x00 this is not a pdf'),
    });
    expect(disguised.statusCode).toBeGreaterThanOrEqual(400);
    expect(disguised.statusCode).toBeLessThan(500);

    expect((await api(POLICE, 'POST', `/api/supervision-items/${id}/actions`, { action: 'report', note: '已提请批准逮捕，责任人已作检讨' })).body.state).toBe('reported');
    expect((await api(SUPERVISOR, 'POST', `/api/supervision-items/${id}/actions`, { action: 'verify', ok: false })).status).toBe(400);
    const failed = await api(SUPERVISOR, 'POST', `/api/supervision-items/${id}/actions`, { action: 'verify', ok: false, note: '未附提请批准逮捕书' });
    expect(failed.body.state).toBe('rectifying');
    expect(failed.body.dueAt).not.toBeNull();
    await api(POLICE, 'POST', `/api/supervision-items/${id}/actions`, { action: 'report', note: '已补附文书' });
    const ok = await api(SUPERVISOR, 'POST', `/api/supervision-items/${id}/actions`, { action: 'verify', ok: true, note: '整改到位' });
    expect(ok.body).toMatchObject({ state: 'closed', actions: [] });
    expect(ok.body.events.map((e: { kind: string }) => e.kind)).toEqual([
      'raised', 'assigned', 'accepted', 'followed-up', 'commented', 'reported', 'verify-failed', 'reported', 'verified',
    ]);
    expect(ok.body.attachments).toHaveLength(1);
    expect((await api(POLICE, 'POST', `/api/supervision-items/${id}/actions`, { action: 'comment', note: '已结' })).status).toBe(409);
    // every step is in the audit log
    const audit = await t.db.query<{ action: string }>("SELECT action FROM audit_record WHERE resource_id = $1 ORDER BY seq", [id]);
    expect(audit.map((a) => a.action)).toEqual([
      'supervision.raise', 'supervision.accept', 'supervision.follow-up', 'supervision.attach', 'supervision.report', 'supervision.verify', 'supervision.report', 'supervision.verify',
    ]);
  });
});

describe('raising by hand, from a case review, from a petition; bad input', () => {
  it('refuses what is missing or out of reach, with the field named', async () => {
    const cases: [object, number, string][] = [
      [{ source: 'manual', description: '无标题', assigneeUnitId: units['police-990102'] }, 400, 'title'],
      [{ source: 'manual', title: '无单位', description: 'x' }, 400, 'assigneeUnitId'],
      [{ source: 'petition', title: '信访', description: 'x', assigneeUnitId: units['police-990102'] }, 400, 'sourceReference'],
      [{ source: 'warning', description: 'x' }, 400, 'hitId'],
      [{ source: 'case-review', description: 'x' }, 400, 'caseId'],
      [{ source: 'manual', title: '远方', description: 'x', assigneeUnitId: units['police-990202'] }, 403, ''],
      [{ source: 'warning', hitId: hit['police-990202'], description: 'x' }, 404, ''],
      [{ source: 'manual', title: '<script>alert(1)</script>', description: 'x'.repeat(5001), assigneeUnitId: units['police-990102'] }, 400, 'description'],
    ];
    for (const [body, status, field] of cases) {
      const r = await api(SUPERVISOR, 'POST', '/api/supervision-items', body);
      expect(r.status, JSON.stringify(body).slice(0, 100)).toBe(status);
      if (field) expect(JSON.stringify(r.body.details)).toContain(field);
    }
    expect((await api(POLICE, 'POST', '/api/supervision-items', { source: 'manual', title: 't', description: 'x', assigneeUnitId: units['police-990102'] })).status).toBe(403);
  });

  it('a petition item by hand, left open, then assigned to another unit', async () => {
    const r = await api(SUPERVISOR, 'POST', '/api/supervision-items', { source: 'petition', sourceReference: '信2026-000001', title: '群众反映立案不及时', description: '核查是否存在有案不立', assigneeUnitId: units['police-990102'], assign: false });
    expect(r.status).toBe(201);
    const page = await api(SUPERVISOR, 'GET', `/api/supervision-items/${r.body.id}`);
    expect(page.body).toMatchObject({ state: 'open', dueAt: null, actions: ['assign', 'comment'] });
    // not to a unit of another county
    expect((await api(SUPERVISOR, 'POST', `/api/supervision-items/${r.body.id}/actions`, { action: 'assign', assigneeUnitId: units['police-990103'] })).status).toBe(403);
    const assigned = await api(SUPERVISOR, 'POST', `/api/supervision-items/${r.body.id}/actions`, { action: 'assign', assigneeUnitId: units['procuratorate-990102'] });
    expect(assigned.body).toMatchObject({ state: 'assigned', assigneeUnitId: units['procuratorate-990102'] });
    expect((await api('procuratorate-990102-handler', 'GET', `/api/supervision-items/${r.body.id}`)).status).toBe(200);
    expect((await api(POLICE, 'GET', `/api/supervision-items/${r.body.id}`)).status).toBe(404);
  });
});

describe('class remediation', () => {
  it("groups the model's open hits of the city by unit; the parent closes with its last child", async () => {
    const city = 'committee-990100-supervisor';
    const r = await api(city, 'POST', '/api/supervision-items/class', { modelId: 'detention.arrest-request-late', description: '全市集中整改拘留后逾期未提请批准逮捕问题' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const byUnit = Object.fromEntries(r.body.children.map((c: { unitId: string; hits: number }) => [c.unitId, c.hits]));
    expect(byUnit).toEqual({ [units['police-990102']!]: 2, [units['police-990103']!]: 1 });
    const parent = await api(city, 'GET', `/api/supervision-items/${r.body.id}`);
    expect(parent.body.children).toHaveLength(2);
    expect(parent.body.actions).toEqual(['comment']);
    // what the page offers is what the service allows: the parent is not followed up itself
    const followUp = await api(city, 'POST', `/api/supervision-items/${r.body.id}/actions`, { action: 'follow-up', note: '督办', dueDate: '2099-01-01' });
    expect(followUp.status).toBe(409);
    expect(followUp.body.code).toBe('SUPERVISION_CLASS_PARENT');
    for (const child of r.body.children as { id: string; unitId: string }[]) {
      const user = child.unitId === units['police-990102'] ? POLICE : OTHER_POLICE;
      await api(user, 'POST', `/api/supervision-items/${child.id}/actions`, { action: 'accept' });
      await api(user, 'POST', `/api/supervision-items/${child.id}/actions`, { action: 'report', note: '已整改' });
      await api(city, 'POST', `/api/supervision-items/${child.id}/actions`, { action: 'verify', ok: true });
    }
    const closed = await api(city, 'GET', `/api/supervision-items/${r.body.id}`);
    expect(closed.body.state).toBe('closed');
    expect(closed.body.events.at(-1).kind).toBe('child-closed');
    const none = await api(city, 'POST', '/api/supervision-items/class', { modelId: 'flow.too-many-returns', description: 'x' });
    expect(none.status).toBe(422);
  });
});

describe('an overdue item is itself a warning', () => {
  it('supervision.overdue hits an item past its date, answered for by the assignee', async () => {
    const r = await api(SUPERVISOR, 'POST', '/api/supervision-items', { source: 'manual', title: '逾期测试', description: 'x', assigneeUnitId: units['police-990102'] });
    await t.db.query("UPDATE supervision_item SET due_at = now() - interval '1 hour' WHERE id = $1", [r.body.id]);
    const list = await api(SUPERVISOR, 'GET', '/api/supervision-items?overdue=true');
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(r.body.id);
    await runFull(t.deps, ['supervision.overdue']);
    const [h] = await t.db.query<{ unit_id: string }>("SELECT unit_id FROM warning_hit WHERE model_id = 'supervision.overdue' AND subject_id = $1 AND closed_at IS NULL", [r.body.id]);
    expect(h?.unit_id).toBe(units['police-990102']);
  });
});
