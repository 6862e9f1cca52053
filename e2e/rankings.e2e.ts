// The rankings (晾晒) in a real browser: the province's committee supervisor takes a monthly snapshot, reads the
// ranking on the safety index with its weights and a chart, switches to the cities on one indicator, lists a city
// for remediation (挂牌整治) with a goal and a deadline; the city's own committee supervisor records progress.
//
//   1. the province supervisor opens 晾晒排名 from the menu and takes the snapshot of a past month not yet taken
//      (the spec asks the API which): the ranking of the units on the safety index appears, with its weights and
//      the bar chart;
//   2. the cities ranked on the dispute resolution rate: the indicator's formula and source shown;
//   3. the supervisor lists Xichuan for remediation (a listing left open by an earlier run is lifted first): the
//      listing opens, state 已挂牌, its goals;
//   4. the city's committee supervisor opens the listing and records progress: state 整治中, the timeline shows it;
//   5. a county police handler reads the province's ranking (no snapshot, no remediation actions offered).
// Run against a running server started with `--demo-cases 0` (scripts/e2e.sh): `npx tsx e2e/rankings.e2e.ts`.
// Screenshots go to test-results/e2e/rankings-NN-<step>.png.
import type { Page } from 'playwright-core';
import { BASE_URL, type Step, StepFailure, TIMEOUT_MS, assert, byTestId, choose, expectPath, expectText, expectVisible, runJourneys } from './harness.ts';

const SUPERVISOR = 'supervisor';
const run = { period: '', city: '', cityName: '' };

async function api<T>(page: Page, path: string): Promise<T> {
  const res = await page.context().request.get(`${BASE_URL}${path}`);
  if (res.status() !== 200) throw new StepFailure(`GET ${path}: HTTP ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A past month whose province snapshot is not taken yet: two months back or earlier (the scheduler takes last month). */
async function freeMonth(page: Page): Promise<string> {
  const taken = new Set((await api<{ items: { period: string }[] }>(page, '/api/indicator-snapshots?periodKind=month&region=990000&pageSize=200')).items.map((s) => s.period));
  const d = new Date();
  for (let back = 2; back < 120; back++) {
    const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1));
    const label = `${m.getUTCFullYear()}-${String(m.getUTCMonth() + 1).padStart(2, '0')}`;
    if (!taken.has(label)) return label;
  }
  throw new StepFailure('no free month in ten years');
}

async function submitDialog(page: Page, testId: string, path: RegExp, status: number): Promise<void> {
  const answered = page.waitForResponse((r) => path.test(new URL(r.url()).pathname) && r.request().method() === 'POST', { timeout: TIMEOUT_MS });
  await byTestId(page, `${testId}-submit`).click();
  const res = await answered;
  if (res.status() !== status) throw new StepFailure(`${testId}: HTTP ${res.status()} ${await res.text()}`);
  await byTestId(page, testId).waitFor({ state: 'detached', timeout: TIMEOUT_MS });
}

const steps: Step[] = [
  {
    name: 'take-snapshot',
    as: SUPERVISOR,
    run: async (page) => {
      await byTestId(page, 'menu-rankings').click();
      await expectPath(page, '/rankings', 'the rankings page');
      run.period = await freeMonth(page);
      await byTestId(page, 'take-snapshot').click();
      await expectVisible(page, 'take-snapshot-form', 'the snapshot dialog');
      await byTestId(page, 'take-period').fill(run.period);
      await submitDialog(page, 'take-snapshot-form', /^\/api\/indicator-snapshots$/, 201);
      await expectVisible(page, 'ranking-table', 'the ranking table');
      await expectText(page, 'ranking-period', run.period, 'the period chosen');
      await expectVisible(page, 'safety-weights', "the safety index's weights");
      const weights = await page.locator('[data-testid="safety-weights"] .ant-tag').count();
      assert(weights === 10, `${weights} weights shown, not 10`);
      await expectVisible(page, 'ranking-chart', 'the bar chart');
      assert((await page.locator('[data-testid="ranking-chart"] canvas').count()) > 0, 'the chart has no canvas');
      const rows = await page.locator('[data-testid="ranking-table"] tbody tr.ant-table-row').count();
      assert(rows > 0, 'no unit in the ranking');
    },
  },
  {
    name: 'cities-on-an-indicator',
    as: SUPERVISOR,
    run: async (page) => {
      await page.locator('[data-testid="ranking-subject"] label', { hasText: '下级地区' }).click();
      await choose(page, 'ranking-indicator', '矛盾纠纷化解率', 'the indicator');
      await page.keyboard.press('Escape');
      await expectText(page, 'ranking-definition', 'disputes_resolved / disputes_closed', "the indicator's formula");
      await expectText(page, 'ranking-definition', '平安建设考评', "the indicator's basis");
      await expectText(page, 'ranking-table', '东州市', 'Dongzhou among the cities');
      await expectText(page, 'ranking-table', '西川市', 'Xichuan among the cities');
    },
  },
  {
    name: 'list-for-remediation',
    as: SUPERVISOR,
    run: async (page) => {
      // a second run on the same server: Xichuan's listing of the first run is lifted first (one open listing per region)
      const open = (await api<{ items: { id: string; regionCode: string; state: string }[] }>(page, '/api/remediations?region=990200&pageSize=200')).items.filter((l) => l.state !== 'lifted');
      for (const l of open) {
        const res = await page.context().request.post(`${BASE_URL}/api/remediations/${l.id}/actions`, {
          headers: { 'X-Requested-With': 'caselink' },
          data: { action: 'lift', note: '上一轮浏览器旅程的挂牌，摘牌后重新挂牌。', goalsMet: false },
        });
        if (res.status() !== 200) throw new StepFailure(`lifting the earlier listing: HTTP ${res.status()} ${await res.text()}`);
      }
      run.city = '990200';
      run.cityName = '西川市';
      const city = run.city;
      await page.locator('[data-testid="rankings-tabs"] .ant-tabs-tab', { hasText: '挂牌整治' }).click();
      await expectVisible(page, 'list-remediation', 'the listing button');
      await byTestId(page, 'list-remediation').click();
      await expectVisible(page, 'remediation-form', 'the listing dialog');
      await byTestId(page, 'remediation-region').fill(city);
      await byTestId(page, 'remediation-problem').fill(`${run.period} 矛盾纠纷化解率排名靠后，积案清理进度慢，予以挂牌整治（浏览器旅程）。`);
      await choose(page, 'remediation-indicator', '矛盾纠纷化解率', 'the goal indicator');
      await byTestId(page, 'remediation-target').fill('0.9');
      await byTestId(page, 'remediation-goal-text').fill('建立矛盾纠纷化解周调度机制');
      const deadline = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
      await byTestId(page, 'remediation-deadline').fill(deadline);
      await submitDialog(page, 'remediation-form', /^\/api\/remediations$/, 201);
      await expectVisible(page, 'remediation-drawer', 'the listing');
      await expectText(page, 'drawer-state', '已挂牌', 'the state');
      await expectText(page, 'remediation-goals', '建立矛盾纠纷化解周调度机制', 'the goals');
      await expectText(page, 'remediation-table', run.cityName, 'the listing in the table');
    },
  },
  {
    name: 'record-progress',
    as: 'committee-990200-supervisor',
    run: async (page) => {
      await page.goto(`${BASE_URL}/rankings`);
      await page.locator('[data-testid="rankings-tabs"] .ant-tabs-tab', { hasText: '挂牌整治' }).click();
      await expectText(page, 'remediation-table', run.cityName, 'the listing seen by the city');
      await page.locator('[data-testid="remediation-table"] tbody tr', { hasText: run.cityName }).locator('[data-testid="open-remediation"]').first().click();
      await expectVisible(page, 'remediation-progress', 'the progress button');
      await byTestId(page, 'remediation-progress').click();
      await expectVisible(page, 'remediation-step-form', 'the progress dialog');
      await byTestId(page, 'remediation-note').fill('已召开整治推进会，建立周调度机制，逐件清理积案。');
      await byTestId(page, 'remediation-progress-value').fill('0.7');
      await submitDialog(page, 'remediation-step-form', /^\/api\/remediations\/[^/]+\/actions$/, 200);
      await expectText(page, 'drawer-state', '整治中', 'the state after progress');
      await expectText(page, 'remediation-timeline', '报送进展', 'the progress in the timeline');
    },
  },
  {
    name: 'a-county-handler-reads-it',
    as: 'police-990102-handler',
    run: async (page) => {
      // 晾晒 is publication: every account reads the rankings; a county without snapshots of its own sees the province's
      await byTestId(page, 'menu-rankings').click();
      await expectPath(page, '/rankings', 'the rankings page');
      await expectVisible(page, 'ranking-table', 'the ranking table');
      const region = await byTestId(page, 'ranking-region').inputValue();
      assert(region === '990000', `the ranking region shown is ${region}, not the province`);
      assert((await byTestId(page, 'take-snapshot').count()) === 0, 'a handler is offered to take a snapshot');
      assert((await page.locator('[data-testid="rankings-tabs"] .ant-tabs-tab', { hasText: '挂牌整治' }).count()) === 0, 'a handler is offered the remediation tab');
    },
  },
];

process.exitCode = await runJourneys([['rankings', steps]]);
