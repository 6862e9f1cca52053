// The governance center's other staff pages in a real browser: petitions, grid events and the metrics, and the
// citizens' petition and report forms (e2e/governance.e2e.ts walks a dispute; e2e/public.e2e.ts files one).
//
//   Setup (through the API, as the office's and the grid worker's own pages would): the petition office of 青山县
//   registers a petition, and a grid worker of 河口镇 reports a hazard.
//   1. the petition office's list shows the petition; its page opens with its number and the steps it may take;
//   2. the township center's grid-event list shows the report; its page opens with the description and its actions;
//   3. the county governance center's metrics page shows every metric with its definition;
//   4. the citizens' petition and report forms open on a phone without an account.
// Run against a running server started with `--demo-cases 0` (scripts/e2e.sh): `npx tsx e2e/governance-pages.e2e.ts`.
// Screenshots go to test-results/e2e/governance-pages-NN-<step>.png.
import { BASE_URL, type Step, StepFailure, TIMEOUT_MS, assert, byTestId, callApi, expectVisible, runJourneys, textOf } from './harness.ts';

const OFFICE = 'petition-office-990102-handler';
const WORKER = 'governance-center-990102001-grid-worker';
const TOWN = 'governance-center-990102001-handler';
const CENTER_HEAD = 'governance-center-990102-unit-head';
const CITIZEN = 'citizen';

/** What this run made, filled in as the steps go. */
const run = { petitionId: '', petitionNumber: '', eventId: '', eventNumber: '' };

/** Opens a list and the link of the record this run made (the list shows the newest first). */
async function openFromList(page: import('playwright-core').Page, path: string, linkTestId: string, text: string, what: string): Promise<void> {
  await page.goto(`${BASE_URL}${path}`);
  const link = byTestId(page, linkTestId).filter({ hasText: text });
  await link.first().waitFor({ timeout: TIMEOUT_MS }).catch(() => {
    throw new StepFailure(`${path} does not list ${what} ${text}`);
  });
  await link.first().click();
}

const steps: Step[] = [
  {
    name: 'petition-list-and-page',
    as: OFFICE,
    run: async (page) => {
      const stamp = Date.now().toString(36);
      const made = await callApi<{ id: string; number: string }>(OFFICE, 'POST', '/api/petitions', {
        channel: 'visit',
        petitioner: { name: '赵小六', phone: '13812340000' },
        respondent: '东州市某区住房和城乡建设局',
        subject: `拆迁补偿款未付（旅程 ${stamp}）`,
        content: '签订补偿协议后三个月内应支付，至今未付。',
      });
      run.petitionId = made.id;
      run.petitionNumber = made.number;
      await openFromList(page, '/petitions', 'petition-link', made.number, 'the petition');
      await page.waitForURL(`**/petitions/${made.id}`, { timeout: TIMEOUT_MS });
      await expectVisible(page, 'petition-header', 'the petition page');
      const header = await textOf(page, 'petition-header');
      assert(header.includes(made.number), `the page's header shows "${header}", not ${made.number}`);
      await expectVisible(page, 'petition-actions', 'the steps the office may take');
    },
  },
  {
    name: 'grid-event-list-and-page',
    as: TOWN,
    run: async (page) => {
      const made = await callApi<{ id: string; number: string }>(WORKER, 'POST', '/api/grid-events', {
        category: 'safety-hazard',
        description: '河口镇老街路灯杆倾斜，有倒塌风险（旅程）',
        address: '河口镇老街 12 号旁',
      });
      run.eventId = made.id;
      run.eventNumber = made.number;
      await openFromList(page, '/grid-events', 'grid-link', made.number, 'the grid event');
      await page.waitForURL(`**/grid-events/${made.id}`, { timeout: TIMEOUT_MS });
      const number = await textOf(page, 'grid-number');
      assert(number.includes(made.number), `the page shows number "${number}", not ${made.number}`);
      const description = await textOf(page, 'grid-description');
      assert(description.includes('路灯杆倾斜'), `the page shows description "${description}"`);
      await expectVisible(page, 'grid-actions', 'the steps the township center may take');
    },
  },
  {
    name: 'metrics',
    as: CENTER_HEAD,
    run: async (page) => {
      await page.goto(`${BASE_URL}/governance-metrics`);
      await expectVisible(page, 'metrics-table', 'the metrics table');
      await byTestId(page, 'metric-heading').first().waitFor({ timeout: TIMEOUT_MS });
      const headings = await byTestId(page, 'metric-heading').count();
      assert(headings >= 5, `the metrics table has ${headings} metric columns`);
      await expectVisible(page, 'metrics-definitions', 'the definitions below the table');
    },
  },
  {
    name: 'public-petition-form',
    as: CITIZEN,
    run: async (page) => {
      await page.goto(`${BASE_URL}/public/petition`);
      await expectVisible(page, 'petition-form', "the citizens' petition form");
      await expectVisible(page, 'petition-region', 'where the petition goes');
    },
  },
  {
    name: 'public-report-form',
    as: CITIZEN,
    run: async (page) => {
      await page.goto(`${BASE_URL}/public/report`);
      await expectVisible(page, 'report-form', "the citizens' report form");
    },
  },
];

process.exitCode = await runJourneys([['governance-pages', steps]], async (sessions) => {
  await sessions.anonymous(CITIZEN);
});
