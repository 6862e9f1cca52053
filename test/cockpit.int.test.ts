/**
 * The cockpit (issue 7 part 1) over cases made through the case API: the database's triggers keep the counts
 * as every write happens (equal to a recount at each step), the panels read them for a region and its children
 * within the caller's scope, a clock whose due moment passes shows as overdue, and the list behind a figure holds
 * exactly what the figure counted. Refusals: no cockpit permission, a region outside the caller's, bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildCounts, verifyCounts } from '../src/modules/cockpit/cockpit.repository.ts';
import { type TestApp, createTestApp } from './app.ts';
import { type ApiAnswer, type CaseDriver, caseDriver } from './case-fixtures.ts';

let t: TestApp;
let d: CaseDriver;
const PROVINCE = 'supervisor';
const COUNTY_COMMITTEE = 'committee-990102-supervisor';
const POLICE = 'police-990102-handler';
const OTHER_POLICE = 'police-990103-handler';
const cases: string[] = [];

// biome-ignore lint/suspicious/noExplicitAny: panels are read field by field
const panel = async (user: string, id: string, region?: string): Promise<any> => {
  const r = await d.api(user, 'GET', `/api/cockpit/panels/${id}${region ? `?region=${region}` : ''}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
// biome-ignore lint/suspicious/noExplicitAny: figures are read by id
const figure = (p: any, id: string) => p.figures.find((f: any) => f.id === id);
const list = (user: string, link: string): Promise<ApiAnswer> => d.api(user, 'GET', `/api/cockpit/list?${link.split('?')[1]}&pageSize=200`);

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  d = await caseDriver(t);
  // three cases of county 990102 (two sent for arrest review and accepted, one registered), one of county 990103
  for (let i = 0; i < 3; i++) cases.push(await d.register(POLICE));
  await d.investigate(POLICE, cases[0]!);
  await d.investigate(POLICE, cases[1]!);
  // the arrest requests start the procuratorate's review clocks
  for (const c of [cases[0]!, cases[1]!]) await d.accept('procuratorate-990102-handler', await d.requestArrest(POLICE, c, 'procuratorate-990102'));
  cases.push(await d.register(OTHER_POLICE));
}, 120_000);
afterAll(() => t?.close());

describe('the counts the database keeps', () => {
  it('equal a recount after every kind of write made so far, and a rebuild changes nothing', async () => {
    expect(await verifyCounts(t.db)).toEqual([]);
    const before = await t.db.query<{ figure: string; n: string }>('SELECT figure, sum(n)::bigint AS n FROM cockpit_count GROUP BY figure ORDER BY figure');
    await rebuildCounts(t.db);
    const after = await t.db.query<{ figure: string; n: string }>('SELECT figure, sum(n)::bigint AS n FROM cockpit_count GROUP BY figure ORDER BY figure');
    expect(after).toEqual(before);
    expect(Number(before.find((r) => r.figure === 'case.open')?.n)).toBe(4);
  });

  it('a recount tells when a count was changed behind the triggers', async () => {
    await t.db.query(`UPDATE cockpit_count SET n = n + 5 WHERE figure = 'case.open' AND key = 'registered'`);
    const wrong = await verifyCounts(t.db);
    expect(wrong.length).toBeGreaterThan(0);
    expect(wrong[0]).toMatchObject({ figure: 'case.open', key: 'registered' });
    await rebuildCounts(t.db);
    expect(await verifyCounts(t.db)).toEqual([]);
  });
});

describe('panels', () => {
  it('cases: open cases by stage and agency, for the province and for a county', async () => {
    const province = await panel(PROVINCE, 'cases', '990000');
    expect(figure(province, 'open').value).toBe(4);
    // two went to the procuratorate's arrest review, two are still registered with the police
    expect(figure(province, 'open.police').value).toBe(2);
    expect(figure(province, 'open.procuratorate').value).toBe(2);
    const stages = province.series[0].points;
    expect(stages.find((p: { key: string; group: string }) => p.key === 'arrest-review' && p.group === 'procuratorate').value).toBe(2);
    expect(stages.find((p: { key: string; group: string }) => p.key === 'registered' && p.group === 'police').value).toBe(2);
    const county = await panel(COUNTY_COMMITTEE, 'cases');
    expect(county.region.code).toBe('990102');
    expect(figure(county, 'open').value).toBe(3);
  });

  it('regions: the drill-down sums each child region, and one level down again', async () => {
    const province = await panel(PROVINCE, 'regions', '990000');
    const open = province.series.find((s: { id: string }) => s.id === 'open-cases').points;
    const total = open.reduce((s: number, p: { value: number }) => s + p.value, 0);
    expect(total).toBe(4);
    const city = open.find((p: { value: number }) => p.value === 4);
    expect(city, 'both counties lie in one city').toBeTruthy();
    const down = await panel(PROVINCE, 'regions', city.key);
    const counties = down.series.find((s: { id: string }) => s.id === 'open-cases').points;
    expect(counties.find((p: { key: string }) => p.key === '990102').value).toBe(3);
    expect(counties.find((p: { key: string }) => p.key === '990103').value).toBe(1);
  });

  it('clocks: running clocks; one whose due moment has passed is overdue, and listed behind the figure', async () => {
    const before = await panel(PROVINCE, 'clocks', '990000');
    const running = figure(before, 'running').value;
    expect(running).toBeGreaterThan(0);
    expect(figure(before, 'overdue').value).toBe(0);
    // a clock of the first case falls due yesterday (as if the days had passed): the trigger moves its count
    await t.db.query(
      `UPDATE case_clock SET due_at = now() - interval '1 day' WHERE id = (SELECT id FROM case_clock WHERE case_id = $1 AND state = 'running' ORDER BY started_at LIMIT 1)`,
      [cases[0]],
    );
    const after = await panel(PROVINCE, 'clocks', '990000');
    expect(figure(after, 'running').value).toBe(running);
    expect(figure(after, 'overdue').value).toBe(1);
    const listed = await list(PROVINCE, figure(after, 'overdue').link);
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(1);
    expect(listed.body.items[0].link).toBe(`/cases/${cases[0]}`);
    // and one due a minute ago, today: overdue from the precise count, not the day's
    await t.db.query(
      `UPDATE case_clock SET due_at = greatest(now() - interval '1 minute', date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')
        WHERE id = (SELECT id FROM case_clock WHERE case_id = $1 AND state = 'running' ORDER BY started_at LIMIT 1)`,
      [cases[1]],
    );
    expect(figure(await panel(PROVINCE, 'clocks', '990000'), 'overdue').value).toBe(2);
    expect(await verifyCounts(t.db)).toEqual([]);
  });

  it('every panel answers for the province, and every count figure adds up to the list behind it', async () => {
    for (const id of ['cases', 'clocks', 'warnings', 'supervision', 'collaboration', 'governance', 'trends', 'regions', 'risk']) {
      const p = await panel(PROVINCE, id, '990000');
      expect(p.id).toBe(id);
      expect(p.name.zh.length).toBeGreaterThan(0);
      for (const f of p.figures) {
        if (f.kind !== 'count' || !f.link?.startsWith('/cockpit/list')) continue;
        const listed = await list(PROVINCE, f.link);
        expect(listed.status, `${id}.${f.id}: ${JSON.stringify(listed.body)}`).toBe(200);
        expect(listed.body.total, `${id}.${f.id}`).toBe(f.value);
      }
    }
  });

  it('trends: this month holds the cases registered', async () => {
    const trends = await panel(PROVINCE, 'trends', '990000');
    const received = trends.series.find((s: { id: string }) => s.id === 'case.received').points;
    expect(received).toHaveLength(12);
    expect(received[11].value).toBe(4);
    const listed = await list(PROVINCE, received[11].link);
    expect(listed.body.total).toBe(4);
  });
});

describe('who sees what', () => {
  it('a county committee sees its county, not a neighbour nor the province above', async () => {
    expect((await d.api(COUNTY_COMMITTEE, 'GET', '/api/cockpit/panels/cases?region=990103')).status).toBe(403);
    // the province: allowed to ask, but only the county's own units are counted
    const above = await panel(COUNTY_COMMITTEE, 'cases', '990000');
    expect(figure(above, 'open').value).toBe(3);
  });

  it("a unit head sees their own unit's figures; a handler has no cockpit", async () => {
    const head = await panel('police-990103-unit-head', 'cases', '990000');
    expect(figure(head, 'open').value).toBe(1);
    const refused = await d.api(POLICE, 'GET', '/api/cockpit/panels/cases');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
  });

  it('bad input: an unknown panel, region or list kind is refused with a stable code', async () => {
    const unknownPanel = await d.api(PROVINCE, 'GET', '/api/cockpit/panels/weather');
    expect(unknownPanel.status).toBe(400);
    expect(unknownPanel.body.code).toBe('VALIDATION_FAILED');
    const noRegion = await d.api(PROVINCE, 'GET', '/api/cockpit/panels/cases?region=990999');
    expect(noRegion.status).toBe(422);
    expect(noRegion.body.code).toBe('REGION_NOT_FOUND');
    const badKind = await d.api(PROVINCE, 'GET', '/api/cockpit/list?kind=person');
    expect(badKind.status).toBe(400);
    const badMonth = await d.api(PROVINCE, 'GET', '/api/cockpit/list?kind=case&month=2026-13');
    expect(badMonth.status).toBe(400);
  });
});

