// The report centre (报表中心) in a real browser: the province's committee supervisor issues two reports and the
// monthly bulletin, downloads one and sees them all in the history.
//
//   1. the supervisor opens 报表中心 from the menu, chooses the disputes table, last month, Excel, and issues it:
//      the file's name, size and SM3 appear, its definitions below; the download answers an xlsx (a zip) with a
//      UTF-8 file name;
//   2. the cases-by-stage table as PDF for last quarter: a PDF answers;
//   3. the monthly bulletin issued as PDF, then its preview read in the 月度通报 tab;
//   4. the history lists the three issues, newest first.
// The e2e server has no cases: the tables may be empty, which is what they show. Run against a running server
// started with `--demo-cases 0` (scripts/e2e.sh): `npx tsx e2e/reports.e2e.ts`.
// Screenshots go to test-results/e2e/reports-NN-<step>.png.
import type { Page } from 'playwright-core';
import { BASE_URL, type Step, StepFailure, TIMEOUT_MS, assert, byTestId, choose, expectPath, expectText, expectVisible, runJourneys } from './harness.ts';

const SUPERVISOR = 'supervisor';
const now = new Date();
const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
const LAST_MONTH = `${last.getUTCFullYear()}-${String(last.getUTCMonth() + 1).padStart(2, '0')}`;
const LAST_QUARTER = (() => {
  const q = Math.floor(now.getUTCMonth() / 3);
  return q === 0 ? `${now.getUTCFullYear() - 1}-Q4` : `${now.getUTCFullYear()}-Q${q}`;
})();
const run = { issued: [] as string[] };

/** Issues the report chosen in the form and waits for the server's 201; answers the issue's download link. */
async function issue(page: Page, report: string, period: string, format: 'Excel (.xlsx)' | 'PDF' | null): Promise<string> {
  await choose(page, 'report-select', report, 'the report');
  await byTestId(page, 'report-period').fill(period);
  if (format) await page.locator('[data-testid="report-format"] label', { hasText: format }).click();
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/reports/issues' && r.request().method() === 'POST', { timeout: 60_000 });
  await byTestId(page, 'report-generate').click();
  const res = await answered;
  if (res.status() !== 201) throw new StepFailure(`issuing ${report}: HTTP ${res.status()} ${await res.text()}`);
  const body = (await res.json()) as { id: string; fileName: string };
  run.issued.push(body.id);
  await expectText(page, 'report-issued', body.fileName, 'the issued file');
  const href = await byTestId(page, 'report-download').getAttribute('href');
  assert(href === `/api/reports/issues/${body.id}/file`, `the download link is ${href}`);
  return href;
}

async function download(page: Page, href: string): Promise<{ type: string; disposition: string; bytes: Buffer }> {
  const res = await page.context().request.get(`${BASE_URL}${href}`);
  if (res.status() !== 200) throw new StepFailure(`GET ${href}: HTTP ${res.status()}`);
  return { type: res.headers()['content-type'] ?? '', disposition: res.headers()['content-disposition'] ?? '', bytes: await res.body() };
}

const steps: Step[] = [
  {
    name: 'issue-xlsx-and-download',
    as: SUPERVISOR,
    run: async (page) => {
      await byTestId(page, 'menu-reports').click();
      await expectPath(page, '/reports', 'the report centre');
      const href = await issue(page, '矛盾纠纷化解统计表', LAST_MONTH, 'Excel (.xlsx)');
      await expectText(page, 'report-notes', '化解率', 'the definitions of the figures');
      const file = await download(page, href);
      assert(file.type === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `content type ${file.type}`);
      assert(/^attachment; filename="[^"]+"; filename\*=UTF-8''.+\.xlsx$/.test(file.disposition), `content disposition ${file.disposition}`);
      assert(file.bytes.subarray(0, 2).toString('latin1') === 'PK', 'the xlsx is not a zip');
    },
  },
  {
    name: 'issue-pdf',
    as: SUPERVISOR,
    run: async (page) => {
      const href = await issue(page, '刑事案件分阶段分部门统计表', LAST_QUARTER, 'PDF');
      const file = await download(page, href);
      assert(file.type === 'application/pdf', `content type ${file.type}`);
      assert(file.bytes.subarray(0, 5).toString('latin1') === '%PDF-', 'not a PDF');
    },
  },
  {
    name: 'bulletin',
    as: SUPERVISOR,
    run: async (page) => {
      await issue(page, '月度通报', LAST_MONTH, null);
      await page.locator('[data-testid="reports-tabs"] .ant-tabs-tab', { hasText: '月度通报' }).click();
      await byTestId(page, 'bulletin-month').fill(LAST_MONTH);
      await byTestId(page, 'bulletin-preview').click();
      await expectText(page, 'bulletin-text', '政法工作运行情况通报', 'the bulletin title');
      await expectText(page, 'bulletin-text', '矛盾纠纷化解与信访', 'a section');
      await expectText(page, 'bulletin-text', '需要关注的变化', 'the notable changes');
    },
  },
  {
    name: 'history',
    as: SUPERVISOR,
    run: async (page) => {
      await page.locator('[data-testid="reports-tabs"] .ant-tabs-tab', { hasText: '生成记录' }).click();
      await expectVisible(page, 'history-table', 'the history');
      const table = byTestId(page, 'history-table');
      await table.locator('tbody tr.ant-table-row').first().waitFor({ timeout: TIMEOUT_MS });
      for (const title of ['月度通报', '刑事案件分阶段分部门统计表', '矛盾纠纷化解统计表']) await expectText(page, 'history-table', title, `${title} in the history`);
      const first = await table.locator('tbody tr.ant-table-row').first().textContent();
      assert(first?.includes('月度通报'), `the newest issue is not the bulletin: ${first}`);
      assert((await table.locator('[data-testid="history-download"]').count()) >= 3, 'fewer than three downloads listed');
    },
  },
];

process.exitCode = await runJourneys([['reports', steps]]);
