import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../src/modules/disputes-import/disputes-import.service.ts';
import { type TestApp, bearer, createTestApp } from './app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
}, 120_000);
afterAll(async () => t?.close());

const HANDLER = 'governance-center-990102-handler';
const HEAD = 'governance-center-990102-unit-head';
const CSV = [
  '纠纷类型,纠纷简要情况,申请人姓名,申请人电话,被申请人姓名',
  '邻里纠纷,楼上漏水,张三,13800138000,李四',
  '邻里纠纷,<script>alert(1)</script>,王五,13900139000,赵六',
].join('\n');

async function upload(user: string, body: string | Uint8Array, query = 'name=a.csv', contentType = 'text/csv') {
  return t.app.inject({ method: 'POST', url: `/api/disputes/imports?${query}`, headers: { ...bearer(await t.login(user)), 'content-type': contentType }, payload: Buffer.from(body) });
}

describe('POST /api/disputes/imports', () => {
  it('a governance center handler imports; the report is the CLI\'s; again, nothing is stored twice; the import is audited', async () => {
    const dry = await upload(HANDLER, CSV, 'name=a.csv&dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, accepted: 1, rejected: 1 });
    const first = await upload(HANDLER, CSV);
    expect(first.json()).toMatchObject({ dryRun: false, rows: 2, accepted: 1, alreadyImported: 0, rejected: 1 });
    const rejection = (first.json() as ImportReport).rejections[0]!;
    expect(rejection).toMatchObject({ row: 3, problems: [{ column: '纠纷简要情况', message: { zh: '不能包含 HTML 标签或脚本', en: 'must not contain HTML tags or scripts' } }] });
    const again = await upload(HEAD, CSV);
    expect(again.json()).toMatchObject({ accepted: 0, alreadyImported: 1, rejected: 1 });
    const stored = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM dispute WHERE channel = 'import'");
    expect(stored[0]!.n).toBe(1);
    const audit = await t.db.query<{ details: string }>("SELECT details::text FROM audit_record WHERE action = 'dispute.import' ORDER BY seq");
    expect(audit.map((a) => JSON.parse(a.details))).toMatchObject([
      { file: 'a.csv', rows: 2, accepted: 1, rejected: 1 },
      { file: 'a.csv', accepted: 0, alreadyImported: 1 },
    ]);
  });

  it('an Excel workbook sent as octet-stream is read by its bytes', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('纠纷');
    for (const line of CSV.split('\n')) ws.addRow(line.split(','));
    // another applicant: the same one against the same respondent would be the same matter, still open
    ws.getRow(2).getCell(3).value = '孙七';
    ws.getRow(2).getCell(4).value = 13700137000;
    const res = await upload(HANDLER, new Uint8Array(await wb.xlsx.writeBuffer()), 'name=b.xlsx', 'application/octet-stream');
    expect(res.json()).toMatchObject({ format: 'xlsx', accepted: 1, rejected: 1 });
  });

  it('a file refused as a whole answers its code in both languages and stores nothing', async () => {
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM dispute'))[0]!.n;
    const renamed = await upload(HANDLER, 'not,a,workbook\n', 'name=c.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(renamed.statusCode).toBe(415);
    expect(renamed.json()).toMatchObject({ code: 'IMPORT_NOT_A_WORKBOOK', message: { zh: expect.stringContaining('Excel'), en: expect.stringContaining('Excel') } });
    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect((await upload(HANDLER, ole, 'name=old.xls', 'application/vnd.ms-excel')).json()).toMatchObject({ code: 'IMPORT_LEGACY_XLS' });
    const columns = await upload(HANDLER, '纠纷类型,申请人姓名\n邻里纠纷,张三\n');
    expect(columns.statusCode).toBe(422);
    expect(columns.json()).toMatchObject({ code: 'IMPORT_COLUMNS_MISSING', details: { missing: [{ field: 'summary' }, { field: 'respondentName' }] } });
    expect((await upload(HANDLER, '')).statusCode).toBe(422);
    expect((await upload(HANDLER, CSV, 'name=a.csv&encoding=latin1')).statusCode).toBe(400);
    expect((await upload(HANDLER, JSON.stringify({ a: 1 }), 'name=a.csv', 'application/json')).statusCode).toBe(415);
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM dispute'))[0]!.n).toBe(before);
  });

  it('only a governance center\'s handler or head may import: others are forbidden, a stranger must log in', async () => {
    for (const user of ['governance-center-990102-mediator', 'governance-center-990102001-grid-worker', 'mediation-committee-990102001-mediator', 'police-990102-handler', 'committee-990102-supervisor']) {
      const res = await upload(user, CSV);
      expect(res.statusCode, user).toBe(403);
    }
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/disputes/imports?name=a.csv', headers: { 'content-type': 'text/csv' }, payload: CSV });
    expect(anonymous.statusCode).toBe(401);
  });
});
