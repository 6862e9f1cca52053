/**
 * Statistical reports (issue 7 part 3) over cases, warnings and disputes written straight into the tables: the
 * figures of a report per group and in its totals, the xlsx and PDF files (opened again and read), the history,
 * the download, the monthly bulletin, schedules issuing a period once, and the refusals of every route.
 */
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sm3Hex } from '../src/shared/sm3.ts';
import { loadReportDeps, runDueSchedules } from '../src/modules/reports/reports.service.ts';
import { renderReport } from '../src/modules/reports/report-render.ts';
import { parseReportPeriod } from '../src/engine/reports/period.ts';
import { type TestApp, bearer, createTestApp } from './app.ts';
import { caseDriver } from './case-fixtures.ts';
import { REPORT_ROUTES } from './report-routes.ts';

let t: TestApp;
const unit: Record<string, string> = {};
const SUPERVISOR = 'committee-990100-supervisor';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
async function call(user: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<{ status: number; body: any; headers: Record<string, unknown>; raw: Buffer }> {
  const res = await t.app.inject({ method, url, headers: bearer(await t.login(user)), ...(payload === undefined ? {} : { payload: payload as object }) });
  const isJson = String(res.headers['content-type'] ?? '').includes('json');
  return { status: res.statusCode, body: isJson ? res.json() : null, headers: res.headers, raw: res.rawPayload };
}

let seq = 0;
async function criminalCase(c: { holder: string; region: string; stage: string; registeredAt: string; closedAt?: string; registeredBy?: string }) {
  seq++;
  await t.db.query(
    `INSERT INTO criminal_case (case_number, title, charge, region_code, stage, holder_unit_id, registered_by, registered_at, closed_at)
     VALUES ($1, '测试案件', 'theft', $2, $3, $4, $5, $6, $7)`,
    [`RPT-${seq}`, c.region, c.stage, unit[c.holder], unit[c.registeredBy ?? c.holder], c.registeredAt, c.closedAt ?? null],
  );
}

async function dispute(d: { handler: string; region: string; createdAt: string; closedAt?: string; outcome?: 'resolved' | 'not-resolved-referred' }) {
  seq++;
  await t.db.query(
    `INSERT INTO dispute (number, tracking_code, channel, state, type, risk_level, urgency, summary, region_code, intake_unit_id, handling_unit_id, route_kind,
                          outcome, closed_at, fingerprints, created_at, updated_at)
     VALUES ($1, $2, 'walk-in', $3, 'neighbour', 'low', 'normal', '测试纠纷', $4, $5, $5, 'mediation-committee', $6, $7, '{}', $8, $8)`,
    [`RPT-D-${seq}`, `JF${String(seq).padStart(12, '0')}`, d.closedAt ? 'closed' : 'handling', d.region, unit[d.handler], d.outcome ?? null, d.closedAt ?? null, d.createdAt],
  );
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  for (const u of await t.db.query<{ id: string; agency: string; region_code: string }>('SELECT id, agency, region_code FROM unit')) unit[`${u.agency}-${u.region_code}`] = u.id;
  // October 2026 (CST): Qingshan county's police registers 4 cases (one on 1 October 00:30 CST = 30 September
  // UTC, inside; one now under review at its procuratorate), one at 1 November 00:10 CST (outside); Xichuan city's
  // police one. One closed in October.
  await criminalCase({ holder: 'police-990102', region: '990102', stage: 'investigation', registeredAt: '2026-09-30T16:30:00Z' });
  await criminalCase({ holder: 'police-990102', region: '990102', stage: 'investigation', registeredAt: '2026-10-15T02:00:00Z' });
  await criminalCase({ holder: 'police-990102', region: '990102', stage: 'closed', registeredAt: '2026-10-02T02:00:00Z', closedAt: '2026-10-20T02:00:00Z' });
  await criminalCase({ holder: 'police-990102', region: '990102', stage: 'investigation', registeredAt: '2026-10-31T16:10:00Z' });
  await criminalCase({ holder: 'procuratorate-990102', registeredBy: 'police-990102', region: '990102', stage: 'prosecution-review', registeredAt: '2026-10-03T02:00:00Z' });
  await criminalCase({ holder: 'police-990202', region: '990202', stage: 'investigation', registeredAt: '2026-10-05T02:00:00Z' });
  // disputes: two received in October at Qingshan's mediation committee, one resolved; one in September (the
  // bulletin's previous month)
  await dispute({ handler: 'mediation-committee-990102', region: '990102', createdAt: '2026-10-05T02:00:00Z', closedAt: '2026-10-09T02:00:00Z', outcome: 'resolved' });
  await dispute({ handler: 'mediation-committee-990102', region: '990102', createdAt: '2026-10-06T02:00:00Z' });
  await dispute({ handler: 'mediation-committee-990102', region: '990102', createdAt: '2026-09-06T02:00:00Z' });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the catalogue', () => {
  it('a committee supervisor sees every report and the bulletin; a governance center head the governance ones', async () => {
    const all = await call(SUPERVISOR, 'GET', '/api/reports');
    expect(all.status).toBe(200);
    expect(all.body.reports.length).toBeGreaterThanOrEqual(8);
    expect(all.body.bulletin).toBe(true);
    const gov = await call('governance-center-990102-unit-head', 'GET', '/api/reports');
    expect(gov.status).toBe(200);
    expect(gov.body.reports.map((r: { audience: string }) => r.audience)).toEqual(gov.body.reports.map(() => 'governance'));
    expect(gov.body.bulletin).toBe(false);
  });
  it('a handler has no report centre', async () => {
    expect((await call('police-990102-handler', 'GET', '/api/reports')).status).toBe(403);
    expect((await call('police-990102-handler', 'POST', '/api/reports/issues', { report: 'cases-by-stage', period: '2026-10', format: 'xlsx' })).status).toBe(403);
  });
});

describe('issuing a report', () => {
  let xlsxIssue: { id: string; sm3: string; bytes: number };
  it('xlsx: the figures per agency and the totals, header block, frozen header, number formats and notes', async () => {
    const res = await call(SUPERVISOR, 'POST', '/api/reports/issues', { report: 'cases-by-stage', period: '2026-10', region: '990100', format: 'xlsx' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ reportId: 'cases-by-stage', period: '2026-10', regionCode: '990100', format: 'xlsx', issuedBy: SUPERVISOR });
    xlsxIssue = res.body;
    const file = await call(SUPERVISOR, 'GET', `/api/reports/issues/${res.body.id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(String(file.headers['content-disposition'])).toMatch(/^attachment; filename="[^"]+\.xlsx"; filename\*=UTF-8''.+%E5%88%91%E4%BA%8B.+_2026-10\.xlsx$/);
    expect(sm3Hex(new Uint8Array(file.raw))).toBe(res.body.sm3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell(1, 1).value)).toContain('刑事案件分阶段分部门统计表');
    expect(String(ws.getCell(2, 2).value)).toContain('990100');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 7 });
    const rows = new Map<string, unknown[]>();
    ws.eachRow((row, n) => {
      if (n > 7) rows.set(String(row.getCell(1).value), [1, 2, 3, 4, 5, 6].map((i) => row.getCell(i + 1).value));
    });
    // registered, investigation, review, trial, execution, closed (Xichuan city 990200 is outside 990100)
    // the case under review: registered for the police, in review for the procuratorate holding it
    expect(rows.get('公安机关')).toEqual([4, 2, 0, 0, 0, 1]);
    expect(rows.get('人民检察院')).toEqual([0, 0, 1, 0, 0, 0]);
    expect(rows.get('合计 Total')).toEqual([4, 2, 1, 0, 0, 1]);
    expect(ws.getRow(8).getCell(2).numFmt).toBe('#,##0');
    expect(wb.worksheets[1]!.rowCount).toBeGreaterThan(3);
  });
  it('the same data and moment give the same bytes', async () => {
    const rdeps = loadReportDeps(t.deps);
    const def = rdeps.reportRules.reports.find((r) => r.id === 'disputes')!;
    const period = parseReportPeriod('2026-10')!;
    const doc = { def, table: { rows: [{ key: 'a', name: '甲', nameEn: 'A', cells: [1, 1, 1, 1, null, 1, null] }], totals: [1, 1, 1, 1, null, 1, null] }, region: { code: '990100', name: '市' }, period, generatedAt: new Date('2026-11-01T00:00:00Z'), issuingUnit: '政法委' };
    for (const format of ['xlsx', 'pdf'] as const) {
      const first = sm3Hex(await renderReport(format, doc));
      // past the zip's two-second resolution: the entries' dates must come from generatedAt, not the clock
      await new Promise((r) => setTimeout(r, 2100));
      expect(sm3Hex(await renderReport(format, doc)), format).toBe(first);
    }
  });
  it('pdf: a wide table on landscape pages that parse, with the figures of the governance table', async () => {
    const res = await call(SUPERVISOR, 'POST', '/api/reports/issues', { report: 'disputes', period: '2026-10', region: '990100', format: 'pdf' });
    expect(res.status).toBe(201);
    const file = await call(SUPERVISOR, 'GET', `/api/reports/issues/${res.body.id}/file`);
    expect(file.headers['content-type']).toBe('application/pdf');
    const pdf = await PDFDocument.load(new Uint8Array(file.raw));
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
    const { width, height } = pdf.getPage(0).getSize();
    expect(width).toBeGreaterThan(height);
    expect(pdf.getTitle()).toBe('矛盾纠纷化解统计表 2026-10');
    expect(file.raw.length).toBeGreaterThan(5000);
  });
  it('every report of the catalogue issues for a quarter as PDF and a year as xlsx', async () => {
    const { body } = await call(SUPERVISOR, 'GET', '/api/reports');
    for (const r of body.reports as { id: string }[]) {
      for (const [period, format] of [['2026-Q4', 'pdf'], ['2026', 'xlsx']] as const) {
        const res = await call(SUPERVISOR, 'POST', '/api/reports/issues', { report: r.id, period, format });
        expect(res.status, `${r.id} ${period} ${format}: ${JSON.stringify(res.body)}`).toBe(201);
      }
    }
  }, 120_000);
  it('rankings: the safety index of the period\'s snapshot, without a totals row', async () => {
    const [snap] = await t.db.query<{ id: string }>(
      `INSERT INTO indicator_snapshot (period_kind, period, region_code, taken_at, rules_digest, definitions)
       VALUES ('month', '2026-10', '990100', '2026-11-01T02:00:00Z', repeat('b', 64), '[]') RETURNING id`,
    );
    await t.db.query(
      `INSERT INTO indicator_value (snapshot_id, subject_kind, subject_key, subject_name, indicator_id, value, score, rank, previous_rank)
       VALUES ($1, 'region', '990102', '青山县', 'safety-index', 91.5, 91.5, 1, 2), ($1, 'region', '990103', '另一县', 'safety-index', 80, 80, 2, 1)`,
      [snap!.id],
    );
    const res = await call(SUPERVISOR, 'POST', '/api/reports/issues', { report: 'rankings', period: '2026-10', region: '990100', format: 'xlsx' });
    expect(res.status).toBe(201);
    const file = await call(SUPERVISOR, 'GET', `/api/reports/issues/${res.body.id}/file`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect([8, 9, 10].map((n) => ws.getRow(n).values)).toEqual([
      [undefined, '青山县', 1, 91.5, 91.5, 2, 1],
      [undefined, '另一县', 2, 80, 80, 1, -1],
      [],
    ]);
  });
  it('custody clocks: running, due soon and overdue as at the period\'s end, extensions in the period', async () => {
    const [k] = await t.db.query<{ id: string }>("SELECT id FROM criminal_case WHERE case_number = 'RPT-2'");
    const clock = (state: string, startedAt: string, dueAt: string, updatedAt: string, ledger: unknown[] = []) =>
      t.db.query(
        'INSERT INTO case_clock (case_id, rule_id, ledger, state, due_at, unit_id, started_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [k!.id, 'cpl.investigation.custody', JSON.stringify([{ type: 'started', at: startedAt }, ...ledger]), state, dueAt, unit['police-990102'], startedAt, updatedAt],
      );
    // running, due 1 November 18:00 CST (within 3 days of 1 November 00:00 CST), extended on 12 October
    await clock('running', '2026-10-10T02:00:00Z', '2026-11-01T10:00:00Z', '2026-10-12T00:00:00Z', [{ type: 'extension-granted', at: '2026-10-12T00:00:00Z', extension: 'art156' }]);
    // stopped on 5 November, overdue since 20 October: running and overdue at the end of October
    await clock('stopped', '2026-10-01T02:00:00Z', '2026-10-20T02:00:00Z', '2026-11-05T02:00:00Z');
    // stopped on 15 October: not running at the end; started in November: not counted
    await clock('stopped', '2026-10-02T02:00:00Z', '2026-10-30T02:00:00Z', '2026-10-15T02:00:00Z');
    await clock('running', '2026-11-05T02:00:00Z', '2026-12-05T02:00:00Z', '2026-11-05T02:00:00Z');
    const res = await call(SUPERVISOR, 'POST', '/api/reports/issues', { report: 'custody-clocks', period: '2026-10', region: '990100', format: 'xlsx' });
    expect(res.status).toBe(201);
    const file = await call(SUPERVISOR, 'GET', `/api/reports/issues/${res.body.id}/file`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.raw as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.worksheets[0]!.eachRow((row, n) => {
      if (n > 7) rows.push([1, 2, 3, 4, 5, 6, 7].map((i) => row.getCell(i).value));
    });
    // started, running, due within 3 days, overdue, extended, overdue share
    expect(rows).toEqual([
      ['青山县公安局', 3, 2, 1, 1, 1, 0.5],
      ['合计 Total', 3, 2, 1, 1, 1, 0.5],
    ]);
    expect(wb.worksheets[0]!.getRow(8).getCell(7).numFmt).toBe('0.0%');
  });
  it('risk assessments: registered, rated, open, and mitigations done, open and overdue', async () => {
    const owner = unit['governance-center-990102'];
    const [a] = await t.db.query<{ id: string }>(
      `INSERT INTO risk_assessment (number, title, summary, decision_body, owner_unit_id, region_code, people_affected, state, rating, decision,
                                    registered_at, rated_at, decided_at, updated_at)
       VALUES ('RPT-RA-1', '旧城改造', '拆迁安置方案', '县政府', $1, '990102', 300, 'implementing', 'medium', 'proceed-after-mitigation',
               '2026-10-02T02:00:00Z', '2026-10-10T02:00:00Z', '2026-10-12T02:00:00Z', '2026-10-12T02:00:00Z') RETURNING id`,
      [owner],
    );
    const [risk] = await t.db.query<{ id: string }>(
      `INSERT INTO risk_item (assessment_id, title, likelihood, impact, level, mitigation, listed_at, updated_at)
       VALUES ($1, '补偿标准争议', 3, 3, 'medium', '公开补偿标准', '2026-10-05T02:00:00Z', '2026-10-05T02:00:00Z') RETURNING id`,
      [a!.id],
    );
    const mitigation = (state: string, dueOn: string, doneAt: string | null) =>
      t.db.query(
        `INSERT INTO risk_mitigation (assessment_id, risk_item_id, action, responsible_unit_id, due_on, state, done_at, created_at)
         VALUES ($1, $2, '召开听证会', $3, $4, $5, $6, '2026-10-12T02:00:00Z')`,
        [a!.id, risk!.id, owner, dueOn, state, doneAt],
      );
    // done on 20 October; open, due 31 October (overdue at the end of October in CST); open, due 1 November (not yet)
    await mitigation('done', '2026-10-25', '2026-10-20T02:00:00Z');
    await mitigation('open', '2026-10-31', null);
    await mitigation('open', '2026-11-01', null);
    const res = await call(SUPERVISOR, 'POST', '/api/reports/issues', { report: 'risk-assessments', period: '2026-10', region: '990100', format: 'xlsx' });
    expect(res.status).toBe(201);
    const file = await call(SUPERVISOR, 'GET', `/api/reports/issues/${res.body.id}/file`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.raw as unknown as ArrayBuffer);
    // registered, high, medium, low, not proceeding, open at the end, mitigations done, open, overdue
    expect(wb.worksheets[0]!.getRow(8).values).toEqual([undefined, '青山县社会治理中心', 1, 0, 1, 0, 0, 1, 1, 2, 1]);
  });
  it('collaboration: the rate by county, by the collaboration rate\'s own definition', async () => {
    const d = await caseDriver(t);
    const realNow = t.deps.now;
    const at = (cst: string) => () => new Date(`${cst}+08:00`);
    try {
      // March 2026: two arrest requests sent online by Qingshan's police; the procuratorate accepts one the next day
      t.deps.now = at('2026-03-02T10:00:00');
      const a = await d.register('police-990102-handler');
      await d.investigate('police-990102-handler', a);
      const first = await d.requestArrest('police-990102-handler', a, 'procuratorate-990102');
      const b = await d.register('police-990102-handler');
      await d.investigate('police-990102-handler', b);
      await d.requestArrest('police-990102-handler', b, 'procuratorate-990102');
      t.deps.now = at('2026-03-03T09:00:00');
      await d.accept('procuratorate-990102-handler', first);
    } finally {
      t.deps.now = realNow;
    }
    const res = await call(SUPERVISOR, 'POST', '/api/reports/issues', { report: 'collaboration', period: '2026-03', region: '990100', format: 'xlsx' });
    expect(res.status).toBe(201);
    const file = await call(SUPERVISOR, 'GET', `/api/reports/issues/${res.body.id}/file`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.raw as unknown as ArrayBuffer);
    const rows = new Map<string, unknown[]>();
    wb.worksheets[0]!.eachRow((row, n) => {
      if (n > 7) rows.set(String(row.getCell(1).value), [2, 3, 4, 5, 6, 7].map((i) => row.getCell(i).value));
    });
    // sent, online, online rate, to receive, received in time, in-time rate: the one never accepted is late by now
    expect(rows.get('青山县')).toEqual([2, 2, 1, 2, 1, 0.5]);
    expect(rows.get('合计 Total')).toEqual([2, 2, 1, 2, 1, 0.5]);
  });
  it('warnings by model and supervision items by unit: raised, cleared, open at the end, on time and late', async () => {
    const [run] = await t.db.query<{ id: string }>("INSERT INTO warning_run (kind, started_at) VALUES ('full', '2026-10-01T00:00:00Z') RETURNING id");
    const hit = (subject: string, severity: string, openedAt: string, closedAt: string | null) =>
      t.db.query(
        `INSERT INTO warning_hit (model_id, subject_id, unit_id, region_code, severity, opened_at, opened_run, closed_at, closed_run)
         VALUES ('arrest.decision-late', $1, $2, '990102', $3, $4, $5, $6, $7) RETURNING id`,
        [subject, unit['procuratorate-990102'], severity, openedAt, run!.id, closedAt, closedAt ? run!.id : null],
      );
    // raised in October (one high, cleared in October; one still open); raised in September, open at the end
    await hit('s1', 'high', '2026-10-05T02:00:00Z', '2026-10-08T02:00:00Z');
    await hit('s2', 'medium', '2026-10-06T02:00:00Z', null);
    await hit('s3', 'medium', '2026-09-06T02:00:00Z', null);
    const warnings = await call(SUPERVISOR, 'POST', '/api/reports/issues', { report: 'warnings', period: '2026-10', region: '990100', format: 'xlsx' });
    expect(warnings.status).toBe(201);
    const read = async (id: string) => {
      const file = await call(SUPERVISOR, 'GET', `/api/reports/issues/${id}/file`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file.raw as unknown as ArrayBuffer);
      const rows: unknown[][] = [];
      wb.worksheets[0]!.eachRow((row, n) => {
        if (n > 7) rows.push((row.values as unknown[]).slice(1));
      });
      return rows;
    };
    // raised, of which high, cleared, open at the end, cleared / raised; the model named as in rules/warning-models
    const model = t.deps.warningModels.models.get('arrest.decision-late')!.name.zh;
    expect(await read(warnings.body.id)).toEqual([
      [model, 2, 1, 1, 2, 0.5],
      ['合计 Total', 2, 1, 1, 2, 0.5],
    ]);

    const item = (n: number, state: string, createdAt: string, dueAt: string, closedAt: string | null) =>
      t.db.query(
        `INSERT INTO supervision_item (number, title, description, source, severity, raised_by_unit_id, assignee_unit_id, region_code, state, due_at, created_at, closed_at)
         VALUES ($1, '督办', '说明', 'manual', 'medium', $2, $3, '990102', $4, $5, $6, $7)`,
        [`RPT-S-${n}`, unit['committee-990100'], unit['police-990102'], state, dueAt, createdAt, closedAt],
      );
    // raised in October: closed on time, closed late, open and overdue (due 20 October); raised in September, open
    await item(1, 'closed', '2026-10-02T02:00:00Z', '2026-10-10T02:00:00Z', '2026-10-09T02:00:00Z');
    await item(2, 'closed', '2026-10-02T02:00:00Z', '2026-10-10T02:00:00Z', '2026-10-12T02:00:00Z');
    await item(3, 'rectifying', '2026-10-03T02:00:00Z', '2026-10-20T02:00:00Z', null);
    await item(4, 'assigned', '2026-09-03T02:00:00Z', '2026-12-20T02:00:00Z', null);
    const supervision = await call(SUPERVISOR, 'POST', '/api/reports/issues', { report: 'supervision', period: '2026-10', region: '990100', format: 'xlsx' });
    expect(supervision.status).toBe(201);
    // raised, closed, on time, late, open at the end, open and overdue, on-time rate
    expect(await read(supervision.body.id)).toEqual([
      ['青山县公安局', 3, 2, 1, 1, 2, 1, 0.5],
      ['合计 Total', 3, 2, 1, 1, 2, 1, 0.5],
    ]);
  });
  it('grid events: reported, escalated, closed and the mean rating, for the unit answering for each', async () => {
    const township = unit['governance-center-990102001'];
    const county = unit['governance-center-990102'];
    let n = 0;
    const event = (e: { state: string; reportedAt: string; escalatedAt?: string; closedAt?: string; rating?: number; ratedAt?: string; responsible?: string }) =>
      t.db.query(
        `INSERT INTO grid_event (number, category, description, address, region_code, reporter_kind, reporter_phone, state, township_unit_id,
                                 county_unit_id, responsible_unit_id, reported_at, escalated_at, closed_at, rating, rated_at)
         VALUES ($1, 'road-damage', '路面破损', '青山镇主街', '990102001', 'citizen', '13900000000', $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [`RPT-G-${++n}`, e.state, township, e.escalatedAt ? county : null, e.responsible ?? null, e.reportedAt, e.escalatedAt ?? null, e.closedAt ?? null, e.rating ?? null, e.ratedAt ?? null],
      );
    // at the township: one reported in October, still open; escalated to the county and closed there, rated 4 and 2
    await event({ state: 'reported', reportedAt: '2026-10-03T02:00:00Z' });
    await event({ state: 'rated', reportedAt: '2026-10-04T02:00:00Z', escalatedAt: '2026-10-05T02:00:00Z', closedAt: '2026-10-08T02:00:00Z', rating: 4, ratedAt: '2026-10-09T02:00:00Z', responsible: county });
    await event({ state: 'rated', reportedAt: '2026-10-04T02:00:00Z', escalatedAt: '2026-10-05T02:00:00Z', closedAt: '2026-10-10T02:00:00Z', rating: 2, ratedAt: '2026-10-11T02:00:00Z', responsible: county });
    const res = await call(SUPERVISOR, 'POST', '/api/reports/issues', { report: 'grid-events', period: '2026-10', region: '990100', format: 'xlsx' });
    expect(res.status).toBe(201);
    const file = await call(SUPERVISOR, 'GET', `/api/reports/issues/${res.body.id}/file`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.raw as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.worksheets[0]!.eachRow((row, r) => {
      if (r > 7) rows.push([2, 3, 4, 5, 6].map((i) => row.getCell(i).value));
    });
    // reported, escalated, closed, on-time rate (no clock ended: empty), mean rating; the county's row, the township's, the totals
    expect(rows).toEqual([
      [2, 2, 2, null, 3],
      [1, 0, 0, null, null],
      [3, 2, 2, null, 3],
    ]);
  });
  it('petitions: registered, accepted, concluded, reviews and the on-time rate of the bodies\' time limits', async () => {
    const office = unit['petition-office-990102'];
    const petition = async (n: number, state: string, receivedAt: string, closedAt: string | null) => {
      const [p] = await t.db.query<{ id: string }>(
        `INSERT INTO petition (number, tracking_code, channel, state, petitioner_name, respondent, subject, content, region_code, receiving_unit_id,
                               handling_unit_id, matter_key, outcome, opinion, received_at, closed_at)
         VALUES ($1, $2, 'visit', $3, '王某', '某局', '诉求', '内容', '990102', $4, $4, repeat('c', 64), $5, $6, $7, $8) RETURNING id`,
        [`RPT-P-${n}`, `XF00000000000${n}`, state, office, closedAt ? 'supported' : null, closedAt ? '支持' : null, receivedAt, closedAt],
      );
      return p!.id;
    };
    const event = (id: string, kind: string, at: string, to: string) =>
      t.db.query('INSERT INTO petition_event (petition_id, at, kind, unit_id, to_state) VALUES ($1, $2, $3, $4, $5)', [id, at, kind, office, to]);
    const clock = (id: string, rule: string, dueAt: string, stoppedAt: string) =>
      t.db.query(
        `INSERT INTO matter_clock (matter_kind, matter_id, rule_id, ledger, state, due_at, unit_id, started_at, stopped_at)
         VALUES ('petition', $1, $2, '[]', 'stopped', $3, $4, '2026-10-02T02:00:00Z', $5)`,
        [id, rule, dueAt, office, stoppedAt],
      );
    // one accepted on 3 October, handled within its limit; one concluded on 28 October, its acceptance notice late,
    // a review asked for on 29 October
    const p1 = await petition(1, 'accepted', '2026-10-02T02:00:00Z', null);
    await event(p1, 'accept', '2026-10-03T02:00:00Z', 'accepted');
    await clock(p1, 'petition.handle', '2026-10-25T02:00:00Z', '2026-10-20T02:00:00Z');
    const p2 = await petition(2, 'final', '2026-10-05T02:00:00Z', '2026-10-28T02:00:00Z');
    await event(p2, 'request-review', '2026-10-29T02:00:00Z', 'review-requested');
    await clock(p2, 'petition.accept-notice', '2026-10-10T02:00:00Z', '2026-10-20T02:00:00Z');
    const res = await call(SUPERVISOR, 'POST', '/api/reports/issues', { report: 'petitions', period: '2026-10', region: '990100', format: 'xlsx' });
    expect(res.status).toBe(201);
    const file = await call(SUPERVISOR, 'GET', `/api/reports/issues/${res.body.id}/file`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.raw as unknown as ArrayBuffer);
    // registered, accepted, concluded, reviews, time limits ended, on-time rate
    expect([2, 3, 4, 5, 6, 7].map((i) => wb.worksheets[0]!.getRow(8).getCell(i).value)).toEqual([2, 1, 1, 1, 2, 0.5]);
  });
  it("a unit head's report counts their own unit only", async () => {
    const res = await call('police-990102-unit-head', 'POST', '/api/reports/issues', { report: 'cases-by-stage', period: '2026-10', region: '990100', format: 'xlsx' });
    expect(res.status).toBe(201);
    const file = await call('police-990102-unit-head', 'GET', `/api/reports/issues/${res.body.id}/file`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const names: string[] = [];
    ws.eachRow((row, n) => {
      if (n > 7) names.push(String(row.getCell(1).value));
    });
    expect(names).toEqual(['公安机关', '合计 Total']);
    expect(ws.getRow(9).getCell(2).value).toBe(4);
    // a governance table is not theirs
    expect((await call('police-990102-unit-head', 'POST', '/api/reports/issues', { report: 'disputes', period: '2026-10', format: 'xlsx' })).status).toBe(403);
  });
  it('the history lists the issues the caller may see, newest first, with filters', async () => {
    const mine = await call(SUPERVISOR, 'GET', '/api/reports/issues?report=cases-by-stage&format=xlsx&period=2026-10');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(xlsxIssue.id);
    // the police head sees their own issue only, not the supervisor's
    const head = await call('police-990102-unit-head', 'GET', '/api/reports/issues');
    expect(head.body.items.every((i: { issuedBy: string }) => i.issuedBy === 'police-990102-unit-head')).toBe(true);
    // another city's supervisor sees none of 990100's, and may not download them
    const other = await call('committee-990200-supervisor', 'GET', '/api/reports/issues');
    expect(other.body.items.filter((i: { regionCode: string }) => i.regionCode.startsWith('9901'))).toEqual([]);
    expect((await call('committee-990200-supervisor', 'GET', `/api/reports/issues/${xlsxIssue.id}/file`)).status).toBe(404);
  });
  it('issuing and downloading are audited', async () => {
    const rows = await t.db.query<{ action: string }>("SELECT action FROM audit_record WHERE resource_kind = 'report-issue' AND resource_id = $1 ORDER BY seq", [xlsxIssue.id]);
    expect(rows.map((r) => r.action)).toEqual(['report.issue', 'report.download']);
  });
  it('refuses a bad period, an unknown report, a region outside the caller\'s, and bad input, writing nothing', async () => {
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM report_issue'))[0]!.n;
    const cases: [unknown, number, string][] = [
      [{ report: 'cases-by-stage', period: '2026-13', format: 'xlsx' }, 422, 'REPORT_PERIOD_INVALID'],
      [{ report: 'cases-by-stage', period: '2025-01-01..2026-12-31', format: 'xlsx' }, 422, 'REPORT_PERIOD_INVALID'],
      [{ report: 'nope', period: '2026-10', format: 'xlsx' }, 422, 'REPORT_UNKNOWN'],
      [{ report: 'cases-by-stage', period: '2026-10', region: '990200', format: 'xlsx' }, 403, 'FORBIDDEN'],
      [{ report: 'cases-by-stage', period: '2026-10', region: '999999', format: 'xlsx' }, 422, 'REGION_NOT_FOUND'],
      [{ report: 'cases-by-stage', period: '2026-10', format: 'docx' }, 400, 'VALIDATION_FAILED'],
      [{ report: 'bulletin', period: '2026-10', format: 'xlsx' }, 422, 'REPORT_FORMAT_UNSUPPORTED'],
      [{ report: 'bulletin', period: '2026-Q4', format: 'pdf' }, 422, 'REPORT_PERIOD_INVALID'],
    ];
    for (const [payload, status, code] of cases) {
      const res = await call(SUPERVISOR, 'POST', '/api/reports/issues', payload);
      expect([res.status, res.body.code], JSON.stringify(payload)).toEqual([status, code]);
    }
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM report_issue'))[0]!.n).toBe(before);
    expect((await call(SUPERVISOR, 'GET', '/api/reports/issues/00000000-0000-4000-8000-000000000000/file')).status).toBe(404);
  });
});

describe('the monthly bulletin', () => {
  it('previews in both languages with the month and the change on the month before', async () => {
    const res = await call(SUPERVISOR, 'GET', '/api/reports/bulletin?period=2026-10&region=990100');
    expect(res.status).toBe(200);
    expect(res.body.zh.title).toContain('2026年10月');
    const governance = res.body.zh.sections.find((s: { id: string }) => s.id === 'governance');
    // two disputes received in October against one in September: up 100.0%
    expect(governance.paragraph).toContain('受理矛盾纠纷2件，较上月上升100.0%');
    expect(res.body.en.sections[0].paragraph).toMatch(/cases were registered/);
    expect(res.body.zh.notable.items.length).toBeGreaterThan(0);
  });
  it('issues as PDF, listed in the history', async () => {
    const res = await call(SUPERVISOR, 'POST', '/api/reports/issues', { report: 'bulletin', period: '2026-10', format: 'pdf' });
    expect(res.status).toBe(201);
    expect(res.body.fileName).toContain('月度通报');
    const file = await call(SUPERVISOR, 'GET', `/api/reports/issues/${res.body.id}/file`);
    expect((await PDFDocument.load(new Uint8Array(file.raw))).getPageCount()).toBeGreaterThanOrEqual(1);
  });
  it('is for committee supervisors only; a month only', async () => {
    expect((await call('governance-center-990102-unit-head', 'GET', '/api/reports/bulletin?period=2026-10')).status).toBe(403);
    expect((await call(SUPERVISOR, 'GET', '/api/reports/bulletin?period=2026-Q4')).status).toBe(400);
  });
});

describe('schedules', () => {
  it('a committee supervisor creates, lists, changes and deletes a schedule; others may not', async () => {
    const created = await call(SUPERVISOR, 'POST', '/api/reports/schedules', { report: 'warnings', region: '990100', format: 'pdf', cadence: 'monthly', dayOfMonth: 2, hour: 8 });
    expect(created.status).toBe(201);
    expect((await call(SUPERVISOR, 'GET', '/api/reports/schedules')).body.items.map((s: { id: string }) => s.id)).toContain(created.body.id);
    const patched = await call(SUPERVISOR, 'PATCH', `/api/reports/schedules/${created.body.id}`, { enabled: false });
    expect(patched.body).toMatchObject({ enabled: false, version: 2 });
    expect((await call('committee-990200-supervisor', 'PATCH', `/api/reports/schedules/${created.body.id}`, { enabled: true })).status).toBe(404);
    expect((await call('police-990102-unit-head', 'GET', '/api/reports/schedules')).status).toBe(403);
    expect((await call(SUPERVISOR, 'POST', '/api/reports/schedules', { report: 'warnings', region: '990200', format: 'pdf', cadence: 'monthly', dayOfMonth: 2, hour: 8 })).status).toBe(403);
    expect((await call(SUPERVISOR, 'POST', '/api/reports/schedules', { report: 'warnings', region: '990100', format: 'pdf', cadence: 'monthly', dayOfMonth: 31, hour: 8 })).status).toBe(400);
    expect((await call(SUPERVISOR, 'DELETE', `/api/reports/schedules/${created.body.id}`)).status).toBe(204);
    expect((await call(SUPERVISOR, 'DELETE', `/api/reports/schedules/${created.body.id}`)).status).toBe(404);
  });
  it('a due schedule issues its period once, however often the scheduler runs', async () => {
    const created = await call(SUPERVISOR, 'POST', '/api/reports/schedules', { report: 'supervision', region: '990100', format: 'xlsx', cadence: 'monthly', dayOfMonth: 3, hour: 9 });
    const at = (iso: string) => ({ ...loadReportDeps(t.deps), now: () => new Date(iso) });
    // 3 November 08:59 CST: not yet; 09:00: October is issued; again: nothing more
    expect(await runDueSchedules(at('2026-11-03T00:59:00Z'), () => undefined)).toBe(0);
    expect(await runDueSchedules(at('2026-11-03T01:00:00Z'), () => undefined)).toBe(1);
    expect(await runDueSchedules(at('2026-11-03T02:00:00Z'), () => undefined)).toBe(0);
    const issues = await t.db.query<{ period: string; issued_by: string }>('SELECT period, issued_by FROM report_issue WHERE schedule_id = $1', [created.body.id]);
    expect(issues).toEqual([{ period: '2026-10', issued_by: 'scheduler' }]);
  });
});

describe('roles without reports', () => {
  const ID = '00000000-0000-4000-8000-000000000000';
  const probes: Record<(typeof REPORT_ROUTES)[number], ['GET' | 'POST' | 'PATCH' | 'DELETE', string, unknown?]> = {
    'GET /api/reports': ['GET', '/api/reports'],
    'POST /api/reports/issues': ['POST', '/api/reports/issues', { report: 'disputes', period: '2026-10', format: 'xlsx' }],
    'GET /api/reports/issues': ['GET', '/api/reports/issues'],
    'GET /api/reports/issues/:id/file': ['GET', `/api/reports/issues/${ID}/file`],
    'GET /api/reports/bulletin': ['GET', '/api/reports/bulletin?period=2026-10'],
    'GET /api/reports/schedules': ['GET', '/api/reports/schedules'],
    'POST /api/reports/schedules': ['POST', '/api/reports/schedules', { report: 'warnings', region: '990102', format: 'pdf', cadence: 'monthly', dayOfMonth: 2, hour: 8 }],
    'PATCH /api/reports/schedules/:id': ['PATCH', `/api/reports/schedules/${ID}`, { enabled: false }],
    'DELETE /api/reports/schedules/:id': ['DELETE', `/api/reports/schedules/${ID}`],
  };
  it.each(['police-990102-handler', 'committee-990102-administrator', 'committee-990102-auditor', 'governance-center-990102-mediator'])('%s is refused every report route (403)', async (user) => {
    for (const route of REPORT_ROUTES) {
      const [method, url, body] = probes[route];
      expect((await call(user, method, url, body)).status, `${user} ${route}`).toBe(403);
    }
  });
  it('a unit head issues and reads the history, but keeps no schedules', async () => {
    const head = 'procuratorate-990102-unit-head';
    expect((await call(head, 'GET', '/api/reports')).status).toBe(200);
    expect((await call(head, 'GET', '/api/reports/issues')).status).toBe(200);
    for (const route of REPORT_ROUTES.filter((r) => r.includes('schedules'))) {
      const [method, url, body] = probes[route];
      expect((await call(head, method, url, body)).status, route).toBe(403);
    }
  });
});
