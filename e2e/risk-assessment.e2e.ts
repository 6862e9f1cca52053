// A stability risk assessment of a major decision in a real browser. The owner body is the county's social
// governance center (青山县社会治理中心): it registers the decision and runs its assessment on behalf of the county
// government, which is recorded by name as the decision-making body (the organisation has no government offices;
// rules/permissions.yaml lets a county's governance center, justice bureau, public security bureau or committee
// head register).
//
//   1. the center's handler opens 风险评估 from the menu and registers a decision; the list is kept as a screenshot;
//   2. plans the assessment;
//   3. records a public comment (200 took part, 30 against);
//   4. lists two risks, each placed in its cell of the 5x5 matrix;
//   5. rates it: medium, by the rule;
//   6. plans a mitigation for each risk and records the decision to proceed after mitigation;
//   7. completes one mitigation;
//   8. reviews after implementation, explaining the open one: reviewed;
//   9. the list shows it reviewed;
//  10. the county committee's supervisor opens it from the list: read only, the matrix and timeline there; the
//      page in English.
// Run against a running server started with `--demo-cases 0` (scripts/e2e.sh): `npx tsx e2e/risk-assessment.e2e.ts`.
// Screenshots go to test-results/e2e/risk-assessment-NN-<step>.png.
import type { Page } from 'playwright-core';
import { BASE_URL, type Step, StepFailure, TIMEOUT_MS, assert, byTestId, choose, expectPath, expectText, expectVisible, runJourneys } from './harness.ts';

const OWNER = 'governance-center-990102-handler';
const SUPERVISOR = 'committee-990102-supervisor';
const TITLE = `青山县老城区棚户区改造房屋征收补偿方案（${String(Date.now() % 100_000)}）`;

const run = { id: '', number: '' };

const day = (plus: number) => new Date(Date.now() + 8 * 3_600_000 + plus * 86_400_000).toISOString().slice(0, 10);

/** Types into an antd InputNumber (the test id lands on the input itself or on its wrapper). */
async function fillNumber(page: Page, testId: string, value: string): Promise<void> {
  const el = byTestId(page, testId).first();
  const input = (await el.evaluate((x) => x.tagName)) === 'INPUT' ? el : el.locator('input').first();
  await input.fill(value);
}

/** Takes one step through its dialog (opened by `open`), waits for the server's answer and the dialog closed. */
async function act(page: Page, action: string, fill: (p: Page) => Promise<void>, open?: () => Promise<void>): Promise<void> {
  if (open) await open();
  else {
    await expectVisible(page, `risk-action-${action}`, `the "${action}" button`);
    await byTestId(page, `risk-action-${action}`).click();
  }
  await expectVisible(page, `risk-act-${action}`, `the "${action}" dialog`);
  await fill(page);
  const answered = page.waitForResponse(
    (r) => r.url().includes(`/api/risk-assessments/${run.id}/`) && ['POST', 'PUT'].includes(r.request().method()),
    { timeout: TIMEOUT_MS },
  );
  await byTestId(page, `risk-act-${action}-submit`).click();
  const res = await answered;
  if (res.status() !== 200) throw new StepFailure(`"${action}": HTTP ${res.status()} ${await res.text()}`);
  await byTestId(page, `risk-act-${action}`).waitFor({ state: 'detached', timeout: TIMEOUT_MS });
}

async function expectState(page: Page, state: string, why: string): Promise<void> {
  const tag = page.locator(`[data-testid="risk-header"] [data-testid="risk-state"][data-state="${state}"]`);
  await tag.waitFor({ timeout: TIMEOUT_MS }).catch(async () => {
    const shown = await page.locator('[data-testid="risk-header"] [data-testid="risk-state"]').first().getAttribute('data-state');
    throw new StepFailure(`${why}: expected "${state}", the page shows "${shown}"`);
  });
}

const steps: Step[] = [
  {
    name: 'register',
    as: OWNER,
    run: async (page) => {
      await byTestId(page, 'menu-risk-assessments').click();
      await expectPath(page, '/risk-assessments', 'after choosing 风险评估 in the menu');
      await expectVisible(page, 'risk-table', 'the list');
      await byTestId(page, 'risk-new').click();
      await expectVisible(page, 'risk-register', 'the registration form');
      await byTestId(page, 'risk-register-title').fill(TITLE);
      await byTestId(page, 'risk-register-body').fill('青山县人民政府');
      await fillNumber(page, 'risk-register-people', '2400');
      await byTestId(page, 'risk-register-summary').fill('对老城区约 40 公顷棚户区实施征收改造，货币补偿与产权调换相结合。');
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/risk-assessments') && r.request().method() === 'POST', { timeout: TIMEOUT_MS });
      await byTestId(page, 'risk-register-submit').click();
      const res = await answered;
      if (res.status() !== 201) throw new StepFailure(`the registration: HTTP ${res.status()} ${await res.text()}`);
      Object.assign(run, (await res.json()) as { id: string; number: string });
      await expectPath(page, `/risk-assessments/${run.id}`, 'the new assessment opened');
      await expectText(page, 'risk-number', run.number, 'the number');
      await expectState(page, 'registered', 'a new assessment');
      await page.goto(`${BASE_URL}/risk-assessments`);
      await page.locator('.ant-table-row', { hasText: run.number }).first().waitFor({ timeout: TIMEOUT_MS }).catch(() => {
        throw new StepFailure(`the list does not show ${run.number}`);
      });
    },
  },
  {
    name: 'plan',
    as: OWNER,
    run: async (page) => {
      await byTestId(page, 'risk-link').filter({ hasText: run.number }).click();
      await expectText(page, 'risk-number', run.number, 'the assessment from the list');
      await act(page, 'plan', async (p) => {
        await byTestId(p, 'risk-act-plan-text').fill('采取问卷调查、入户走访、听证会和专家论证相结合的方式收集意见。');
        await byTestId(p, 'risk-act-due').fill(day(30));
      });
      await expectState(page, 'assessing', 'after the plan');
    },
  },
  {
    name: 'opinion',
    as: OWNER,
    run: async (page) => {
      await act(page, 'add-opinion', async (p) => {
        await fillNumber(p, 'risk-act-participants', '200');
        await fillNumber(p, 'risk-act-for', '150');
        await fillNumber(p, 'risk-act-against', '30');
        await byTestId(p, 'risk-act-summary').fill('群众主要关注补偿标准和安置房交付时间。');
      });
      await expectText(page, 'risk-opinions', '群众主要关注补偿标准', 'the opinion listed');
    },
  },
  {
    name: 'risks-on-the-matrix',
    as: OWNER,
    run: async (page) => {
      await act(page, 'list-risk', async (p) => {
        await byTestId(p, 'risk-act-title').fill('对补偿标准不满引发集体上访');
        await choose(p, 'risk-act-likelihood', '3 可能', 'the likelihood');
        await choose(p, 'risk-act-impact', '3 中等', 'the impact');
        await byTestId(p, 'risk-act-mitigation').fill('公开补偿标准与测算依据，逐户入户解释。');
      });
      await act(page, 'list-risk', async (p) => {
        await byTestId(p, 'risk-act-title').fill('施工噪声扰民');
        await choose(p, 'risk-act-likelihood', '2 不太可能', 'the likelihood');
        await choose(p, 'risk-act-impact', '2 较小', 'the impact');
        await byTestId(p, 'risk-act-mitigation').fill('限定施工时段，公开投诉电话。');
      });
      const cell = (l: number, i: number) => page.locator(`[data-testid="risk-matrix-cell"][data-likelihood="${l}"][data-impact="${i}"]`);
      assert((await cell(3, 3).getAttribute('data-level')) === 'medium', 'the 3x3 cell is not medium');
      assert((await cell(3, 3).locator('[data-testid="risk-matrix-risk"]').count()) === 1, 'R1 is not in its cell 3x3');
      assert((await cell(2, 2).locator('[data-testid="risk-matrix-risk"]').count()) === 1, 'R2 is not in its cell 2x2');
      assert((await page.locator('[data-testid="risk-matrix-cell"]').count()) === 25, 'the matrix is not 5x5');
      await expectText(page, 'risk-proposed', '中风险', 'the rating the rule gives');
    },
  },
  {
    name: 'rate',
    as: OWNER,
    run: async (page) => {
      await act(page, 'rate', async () => {});
      await expectState(page, 'rated', 'after rating');
      const rating = await page.locator('[data-testid="risk-header"] [data-testid="risk-rating"]').getAttribute('data-rating');
      assert(rating === 'medium', `rated ${rating}, not medium`);
    },
  },
  {
    name: 'mitigations-and-decision',
    as: OWNER,
    run: async (page) => {
      for (const [risk, action, unit] of [['R1', '设立政策咨询点，逐户解释补偿方案', '青山县司法局'], ['R2', '夜间 22 时至次日 6 时停止施工', '青山县公安局']] as const) {
        await act(page, 'add-mitigation', async (p) => {
          await choose(p, 'risk-act-risk', risk, 'the risk');
          await byTestId(p, 'risk-act-action').fill(action);
          await choose(p, 'risk-act-unit', unit, 'the responsible unit');
          await byTestId(p, 'risk-act-due').fill(day(20));
        });
      }
      await act(page, 'decide', async (p) => {
        await choose(p, 'risk-act-decision', '落实防范措施后实施', 'the decision');
        await byTestId(p, 'risk-act-note').fill('县政府常务会议研究同意，落实防范措施后实施。');
      });
      await expectState(page, 'implementing', 'after the decision');
      await expectText(page, 'risk-decision', '落实防范措施后实施', 'the decision shown');
    },
  },
  {
    name: 'complete-mitigation',
    as: OWNER,
    run: async (page) => {
      await act(page, 'complete-mitigation', async (p) => {
        await byTestId(p, 'risk-act-note').fill('咨询点已设立，入户解释完成。');
      }, async () => {
        await byTestId(page, 'risk-complete').first().click();
      });
      await page.locator('[data-testid="risk-mitigation-state"][data-state="done"]').first().waitFor({ timeout: TIMEOUT_MS });
    },
  },
  {
    name: 'review',
    as: OWNER,
    run: async (page) => {
      await act(page, 'review', async (p) => {
        await byTestId(p, 'risk-act-explanation').first().fill('工程已提前完工，夜间施工限制不再需要。');
        await byTestId(p, 'risk-act-note').fill('决策实施平稳，未发生群体性事件。');
      });
      await expectState(page, 'reviewed', 'after the review');
      for (const kind of ['registered', 'planned', 'opinion-added', 'risk-listed', 'rated', 'mitigation-added', 'decided', 'mitigation-done', 'reviewed']) {
        assert((await page.locator(`[data-testid="risk-timeline-event"][data-kind="${kind}"]`).count()) >= 1, `the timeline lacks "${kind}"`);
      }
    },
  },
  {
    name: 'list',
    as: OWNER,
    run: async (page) => {
      await byTestId(page, 'menu-risk-assessments').click();
      await expectPath(page, '/risk-assessments', 'the list');
      const row = page.locator('.ant-table-row', { hasText: run.number }).first();
      await row.waitFor({ timeout: TIMEOUT_MS });
      assert((await row.locator('[data-testid="risk-state"]').getAttribute('data-state')) === 'reviewed', 'the list does not show it reviewed');
      assert((await row.locator('[data-testid="risk-rating"]').getAttribute('data-rating')) === 'medium', 'the list does not show it medium');
    },
  },
  {
    name: 'supervisor-reads',
    as: SUPERVISOR,
    run: async (page) => {
      await byTestId(page, 'menu-risk-assessments').click();
      await expectPath(page, '/risk-assessments', "the supervisor's list");
      // as the cockpit's figures open it: the city's code covers its counties, the filters taken from the address
      await page.goto(`${BASE_URL}/risk-assessments?region=990100&rating=medium`);
      await page.locator('[data-testid="risk-link"]', { hasText: run.number }).first().waitFor({ timeout: TIMEOUT_MS }).catch(() => {
        throw new StepFailure(`the list filtered by the city and medium does not show ${run.number}`);
      });
      assert((await page.locator('[data-testid="risk-rating-filter"]').innerText()).includes('中风险'), 'the rating filter is not taken from the address');
      await page.locator('[data-testid="risk-link"]', { hasText: run.number }).first().click();
      await expectText(page, 'risk-number', run.number, 'the assessment opened by the supervisor');
      await expectVisible(page, 'risk-read-only', 'the read-only note');
      assert((await page.locator('[data-testid^="risk-action-"]').count()) === 0, 'the supervisor is offered steps');
      await expectVisible(page, 'risk-matrix', 'the matrix');
      await expectText(page, 'risk-timeline', '实施后评估', 'the timeline');
      await byTestId(page, 'lang-switch').click();
      await expectText(page, 'risk-header', 'Reviewed', 'the page in English');
      await expectText(page, 'risk-matrix', 'Almost certain', 'the matrix in English');
      await expectText(page, 'menu-risk-assessments', 'Risk assessments', 'the menu in English');
      await byTestId(page, 'lang-switch').click();
      await expectText(page, 'menu-risk-assessments', '风险评估', 'the menu back in Chinese');
    },
  },
];

process.exitCode = await runJourneys([['risk-assessment', steps]]);
