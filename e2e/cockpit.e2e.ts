// The cockpit in a real browser: the province committee's supervisor reads the province's panels, opens the list
// behind a figure, goes down to a city and a county and back up; a county committee opens its own county.
//
//   Setup (through the API, as the police's own pages would): the police of 青山县 (990102) register two cases and
//   those of 990103 one, so the cases panel, the trends and the regions below have something of this run to show
//   (other journeys on the same server add theirs: the figures are compared with what the API answers, not with
//   fixed numbers).
//   1. the province's cockpit: every panel drawn, the open-cases figure as the API counts it;
//   2. the list behind the open-cases figure holds as many rows as the figure says;
//   3. down to the city and the county of 青山县 by the regions panel, then up again;
//   4. the county committee's own cockpit opens on its county.
// Run against a running server started with `--demo-cases 0` (scripts/e2e.sh): `npx tsx e2e/cockpit.e2e.ts`.
// Screenshots go to test-results/e2e/cockpit-NN-<step>.png.
import { BASE_URL, type Step, StepFailure, TIMEOUT_MS, assert, byTestId, callApi, expectPath, expectVisible, runJourneys, textOf } from './harness.ts';

const SUPERVISOR = 'supervisor';
const COUNTY_SUPERVISOR = 'committee-990102-supervisor';
const PANELS = ['cases', 'clocks', 'regions', 'trends', 'warnings', 'supervision', 'collaboration', 'governance', 'risk'];

interface Panel {
  region: { code: string; name: string; parentCode: string | null };
  figures: { id: string; value: number | null; link: string | null }[];
  series: { id: string; points: { key: string; value: number | null }[] }[];
}

const panel = (user: string, id: string, region: string) => callApi<Panel>(user, 'GET', `/api/cockpit/panels/${id}?region=${region}`);

async function makeCases(): Promise<void> {
  const stamp = Date.now().toString(36);
  for (const [police, n] of [['police-990102-handler', 2], ['police-990103-handler', 1]] as const) {
    for (let i = 0; i < n; i++) {
      await callApi(police, 'POST', '/api/cases', { title: `驾驶舱旅程案件 ${stamp}-${i}`, charge: '寻衅滋事', persons: [{ role: 'suspect', name: '王五' }] });
    }
  }
}

/** The number a figure shows, digits only (a count is shown with thousands separators). */
async function shownCount(page: import('playwright-core').Page, testId: string): Promise<number> {
  const text = (await textOf(page, testId)).replace(/[^0-9]/g, '');
  return Number(text);
}

/** The city above 990102, found through the API once. */
const city = { code: '', name: '' };

const steps: Step[] = [
  {
    name: 'province',
    as: SUPERVISOR,
    run: async (page) => {
      await makeCases();
      await page.goto(`${BASE_URL}/cockpit`);
      await expectVisible(page, 'cockpit-page', 'the cockpit');
      for (const id of PANELS) await expectVisible(page, `cockpit-panel-${id}`, `the ${id} panel`);
      await expectVisible(page, 'cockpit-figure-cases-open', 'the open-cases figure');
      const api = await panel(SUPERVISOR, 'cases', '990000');
      const open = api.figures.find((f) => f.id === 'open')!.value!;
      assert(open >= 3, `the API counts ${open} open cases, fewer than this run made`);
      const shown = await shownCount(page, 'cockpit-figure-cases-open');
      assert(shown === open, `the page shows ${shown} open cases, the API ${open}`);
      await expectVisible(page, 'cockpit-chart-cases-by-stage', 'the cases chart');
      await expectVisible(page, 'cockpit-chart-trends-case.received', 'the trend chart');
      await expectVisible(page, 'cockpit-chart-regions-open-cases', 'the regions treemap');
      await page.waitForTimeout(500);
    },
  },
  {
    name: 'list-behind-figure',
    as: SUPERVISOR,
    run: async (page) => {
      const shown = await shownCount(page, 'cockpit-figure-cases-open');
      await byTestId(page, 'cockpit-figure-cases-open').locator('a').first().click();
      await expectPath(page, '/cockpit/list', 'the list behind the figure');
      await expectVisible(page, 'cockpit-list-total', 'the list total');
      await byTestId(page, 'cockpit-list-total').filter({ hasText: /[0-9]/ }).waitFor({ timeout: TIMEOUT_MS });
      const total = Number((await textOf(page, 'cockpit-list-total')).trim());
      assert(total === shown, `the list holds ${total} rows, the figure said ${shown}`);
      await expectVisible(page, 'cockpit-list-link', 'a case in the list');
    },
  },
  {
    name: 'drill-down',
    as: SUPERVISOR,
    run: async (page) => {
      const county = await panel(SUPERVISOR, 'cases', '990102');
      const parent = county.region.parentCode;
      if (!parent) throw new StepFailure('county 990102 has no parent region');
      city.code = parent;
      await page.goto(`${BASE_URL}/cockpit`);
      await byTestId(page, `cockpit-drill-${city.code}`).click();
      await page.waitForURL(`**/cockpit?region=${city.code}`, { timeout: TIMEOUT_MS });
      await byTestId(page, 'cockpit-drill-990102').click();
      await page.waitForURL('**/cockpit?region=990102', { timeout: TIMEOUT_MS });
      await byTestId(page, 'cockpit-title').filter({ hasText: '青山县' }).waitFor({ timeout: TIMEOUT_MS });
      const title = await textOf(page, 'cockpit-title');
      assert(title.includes('青山县'), `the county's cockpit is titled "${title}"`);
      await page.waitForTimeout(500);
    },
  },
  {
    name: 'up-again',
    as: SUPERVISOR,
    run: async (page) => {
      await byTestId(page, 'cockpit-up').click();
      await page.waitForURL(`**/cockpit?region=${city.code}`, { timeout: TIMEOUT_MS });
      await expectVisible(page, 'cockpit-drill-990102', 'the county again, one level down');
    },
  },
  {
    name: 'county-committee',
    as: COUNTY_SUPERVISOR,
    run: async (page) => {
      await page.goto(`${BASE_URL}/cockpit`);
      await byTestId(page, 'cockpit-title').filter({ hasText: '青山县' }).waitFor({ timeout: TIMEOUT_MS });
      const api = await panel(COUNTY_SUPERVISOR, 'cases', '990102');
      const shown = await shownCount(page, 'cockpit-figure-cases-open');
      assert(shown === api.figures.find((f) => f.id === 'open')!.value, `the county's page shows ${shown} open cases`);
      await page.waitForTimeout(500);
    },
  },
];

process.exitCode = await runJourneys([['cockpit', steps]]);
