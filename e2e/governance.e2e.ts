// The one-stop governance center in a real browser: a walk-in dispute taken in at the county center's desk, assessed
// and routed by the rules to the county's people's mediation committee, whose mediator holds a session, records the
// agreement (the sealed PDF opens), closes it resolved and records the follow-up visit with the parties' rating.
//
//   1. the center's handler opens the intake desk from the menu and takes in a walk-in medical dispute (an applicant
//      reachable by phone, a hospital as respondent): the number and the tracking code are shown;
//   2. the same matter entered again is refused as a duplicate, naming (and linking) the first registration;
//   3. the handler opens the dispute, assesses it (risk, amount) and routes it by the rules: the county mediation
//      committee holds it, its clock shown with the due day;
//   4. the committee's mediator finds it in the dispute list, with the parties masked, and holds a session;
//   5. the mediator records the agreement: the agreement card shows a valid seal, the PDF opens as a PDF;
//   6. the mediator closes it resolved;
//   7. the mediator records the follow-up visit with a satisfaction of 5: followed up, the rating shown, the whole
//      timeline there; the page in English.
// Run against a running server started with `--demo-cases 0` (scripts/e2e.sh): `npx tsx e2e/governance.e2e.ts`.
// Screenshots go to test-results/e2e/governance-NN-<step>.png.
//
// Environment: CASELINK_URL (default http://127.0.0.1:8080), CASELINK_DEMO_PASSWORD (default demo1234),
// CHROMIUM_PATH (default /usr/bin/chromium).
import type { Page } from 'playwright-core';
import {
  BASE_URL,
  type Step,
  StepFailure,
  TIMEOUT_MS,
  actThroughDialog,
  assert,
  byTestId,
  choose,
  expectPath,
  expectText,
  expectVisible,
  runJourneys,
  textOf,
} from './harness.ts';

const HANDLER = 'governance-center-990102-handler';
const MEDIATOR = 'mediation-committee-990102-mediator';
const COMMITTEE = '青山县人民调解委员会';

// a phone of this run only, so that a second run on the same server is not a duplicate of the first
const PHONE = `139${String(Date.now() % 100_000_000).padStart(8, '0')}`;
const APPLICANT = '孙八';
const RESPONDENT = '青山县第一人民医院';

const run = { id: '', number: '' };

async function fillIntake(page: Page): Promise<void> {
  await expectVisible(page, 'intake-form', 'the intake form');
  await choose(page, 'intake-type', '医疗纠纷', 'the type');
  await byTestId(page, 'intake-summary').fill('患者家属对手术后并发症的处理不满，要求医院赔偿医疗费及误工费（治理旅程）。');
  await byTestId(page, 'party-0-name').fill(APPLICANT);
  await byTestId(page, 'party-0-phone').fill(PHONE);
  await byTestId(page, 'party-1-kind').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '法人或其他组织' }).click();
  await byTestId(page, 'party-1-name').fill(RESPONDENT);
}

/** Types into an antd InputNumber (the test id lands on the input itself or on its wrapper). */
async function fillNumber(page: Page, testId: string, value: string): Promise<void> {
  const el = byTestId(page, testId).first();
  const input = (await el.evaluate((x) => x.tagName)) === 'INPUT' ? el : el.locator('input').first();
  await input.fill(value);
}

async function openDispute(page: Page): Promise<void> {
  await page.goto(`${BASE_URL}/disputes/${run.id}`);
  await expectText(page, 'dispute-number', run.number, 'the dispute page');
}

async function expectState(page: Page, state: string, why: string): Promise<void> {
  try {
    await page.locator(`[data-testid="dispute-header"] [data-testid="dispute-state"][data-state="${state}"]`).waitFor({ timeout: TIMEOUT_MS });
  } catch {
    const shown = await page.locator('[data-testid="dispute-header"] [data-testid="dispute-state"]').first().getAttribute('data-state');
    throw new StepFailure(`${why}: expected the dispute "${state}", the page shows "${shown}"`);
  }
}

/** Takes one step through its dialog, then waits for the server's answer and the page reloaded. */
const act = (page: Page, action: string, fill?: (dialog: Page) => Promise<void>) => actThroughDialog(page, 'dispute', action, fill);

const steps: Step[] = [
  {
    name: 'intake-desk',
    as: HANDLER,
    run: async (page) => {
      await byTestId(page, 'menu-dispute-desk').click();
      await expectPath(page, '/dispute-desk', 'after choosing the intake desk in the menu');
      await fillIntake(page);
      // a mistyped phone is refused at its field with the server's own words, before anything is sent
      await byTestId(page, 'party-0-phone').fill('1390000');
      await byTestId(page, 'intake-submit').click();
      await expectText(page, 'intake-parties', '电话号码格式无效', 'the phone check at its field');
      await byTestId(page, 'party-0-phone').fill(PHONE);
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/disputes') && r.request().method() === 'POST', { timeout: TIMEOUT_MS });
      await byTestId(page, 'intake-submit').click();
      const res = await answered;
      if (res.status() !== 201) throw new StepFailure(`the intake: HTTP ${res.status()} ${await res.text()}`);
      const body = (await res.json()) as { id: string; number: string };
      run.id = body.id;
      run.number = body.number;
      await expectText(page, 'intake-number', run.number, 'the registered number');
      assert((await textOf(page, 'intake-tracking')).length > 0, 'no tracking code shown');
      await expectText(page, 'intake-recent', run.number, "the unit's recent intakes");
    },
  },
  {
    name: 'duplicate-refused',
    as: HANDLER,
    run: async (page) => {
      await byTestId(page, 'intake-next').click();
      await fillIntake(page);
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/disputes') && r.request().method() === 'POST', { timeout: TIMEOUT_MS });
      await byTestId(page, 'intake-submit').click();
      const res = await answered;
      assert(res.status() === 409, `the same matter again: expected 409, got HTTP ${res.status()}`);
      await expectText(page, 'intake-duplicate', run.number, 'the duplicate refusal naming the first registration');
      const link = await byTestId(page, 'intake-duplicate-link').getAttribute('href');
      assert(link === `/disputes/${run.id}`, `the duplicate refusal links ${link}, not the first registration`);
    },
  },
  {
    name: 'assess-and-route',
    as: HANDLER,
    run: async (page) => {
      await openDispute(page);
      await expectState(page, 'intake', 'a new dispute');
      await expectVisible(page, 'dispute-clocks', 'the clocks');
      await act(page, 'assess', async (p) => {
        await p.locator('[data-testid="dispute-act-risk"] input[value="medium"]').check();
        await fillNumber(p, 'dispute-act-amount', '48000');
        await byTestId(p, 'dispute-act-note').fill('涉及手术并发症，双方均愿意调解。');
      });
      await expectState(page, 'assessed', 'after the assessment');
      await act(page, 'route', async (p) => {
        await expectVisible(p, 'dispute-act-route-mode', 'the choice of routing');
      });
      await expectState(page, 'routed', 'after routing by the rules');
      await expectText(page, 'dispute-handling-unit', COMMITTEE, 'the committee the rules chose');
      await expectText(page, 'dispute-timeline', COMMITTEE, 'the routing in the timeline');
      await page.locator('[data-testid="dispute-clocks"] [data-testid="days-left"]').first().waitFor({ timeout: TIMEOUT_MS }).catch(() => {
        throw new StepFailure("the clocks show no days left on the step's due day");
      });
    },
  },
  {
    name: 'mediator-session',
    as: MEDIATOR,
    run: async (page) => {
      await byTestId(page, 'menu-disputes').click();
      await expectPath(page, '/disputes', 'after choosing disputes in the menu');
      const row = page.locator('.ant-table-row', { hasText: run.number });
      await row.first().waitFor({ timeout: TIMEOUT_MS }).catch(() => {
        throw new StepFailure(`the mediator's list does not show ${run.number}`);
      });
      const applicant = await row.first().locator('[data-testid="dispute-applicant"]').innerText();
      assert(applicant !== APPLICANT && applicant.includes('*'), `the list shows the applicant unmasked: ${applicant}`);
      await row.first().locator('[data-testid="dispute-link"]').click();
      await expectText(page, 'dispute-number', run.number, 'the dispute page from the list');
      // the parties masked on screen until asked for; the read is audited
      assert(!(await textOf(page, 'dispute-parties')).includes(PHONE), 'the phone is on screen before it was asked for');
      await byTestId(page, 'dispute-reveal').click();
      await expectText(page, 'dispute-parties', PHONE, 'the phone after "show personal data"');
      await expectVisible(page, 'dispute-reveal-audited', 'the note that the read is audited');
      await act(page, 'session', async (p) => {
        await byTestId(p, 'dispute-act-note').fill('组织双方面对面调解，医院同意承担部分费用。');
      });
      await expectState(page, 'handling', 'after the session');
    },
  },
  {
    name: 'agreement-pdf',
    as: MEDIATOR,
    run: async (page) => {
      await act(page, 'agree', async (p) => {
        await byTestId(p, 'dispute-act-terms').fill('一、医院一次性补偿申请人医疗费及误工费共计人民币叁万元整。\n二、双方就本纠纷再无其他争议。');
        await byTestId(p, 'dispute-act-performance').fill('医院于协议签订之日起十五日内转账支付。');
      });
      await expectState(page, 'agreement', 'after the agreement');
      await expectVisible(page, 'dispute-agreement', 'the agreement card');
      const seal = await byTestId(page, 'dispute-seal').getAttribute('data-valid');
      assert(seal === 'true', `the agreement's seal is not shown valid (${seal})`);
      const href = await byTestId(page, 'dispute-agreement-pdf').getAttribute('href');
      assert(href, 'no link to the agreement PDF');
      const pdf = await page.context().request.get(`${BASE_URL}${href}`);
      assert(pdf.status() === 200, `the agreement PDF: HTTP ${pdf.status()}`);
      assert((pdf.headers()['content-type'] ?? '').startsWith('application/pdf'), `the agreement is not served as a PDF: ${pdf.headers()['content-type']}`);
      const bytes = await pdf.body();
      assert(bytes.subarray(0, 5).toString('latin1') === '%PDF-', 'the agreement file is not a PDF');
      // and it opens in the browser's own tab
      const [tab] = await Promise.all([page.context().waitForEvent('page', { timeout: TIMEOUT_MS }), byTestId(page, 'dispute-agreement-pdf').click()]);
      await tab.waitForLoadState('load', { timeout: TIMEOUT_MS }).catch(() => {});
      assert(tab.url().endsWith(href), `the PDF tab opened at ${tab.url()}`);
      await tab.close();
    },
  },
  {
    name: 'close-resolved',
    as: MEDIATOR,
    run: async (page) => {
      await act(page, 'close', async (p) => {
        const resolved = p.locator('[data-testid="dispute-act-outcome"] input[value="resolved"]');
        assert(await resolved.isChecked(), 'the only outcome after an agreement, resolved, is not chosen');
        await byTestId(p, 'dispute-act-note').fill('协议已履行完毕。');
      });
      await expectState(page, 'closed', 'after closing');
      await expectText(page, 'dispute-outcome', '化解成功', 'the outcome');
    },
  },
  {
    name: 'follow-up-rating',
    as: MEDIATOR,
    run: async (page) => {
      await act(page, 'visit', async (p) => {
        await p.locator('[data-testid="dispute-act-satisfaction"] li').nth(4).locator('div[role="radio"]').first().click();
        await byTestId(p, 'dispute-act-note').fill('电话回访申请人，补偿款已到账，对调解结果满意。');
      });
      await expectState(page, 'followed-up', 'after the follow-up visit');
      const rating = await byTestId(page, 'dispute-satisfaction').getAttribute('data-value');
      assert(rating === '5', `the satisfaction shown is ${rating}, not 5`);
      for (const kind of ['intake', 'assess', 'route', 'session', 'agree', 'close', 'visit']) {
        const n = await page.locator(`[data-testid="dispute-timeline-event"][data-kind="${kind}"]`).count();
        assert(n >= 1, `the timeline lacks "${kind}"`);
      }
      assert((await byTestId(page, 'dispute-actions').innerText()).length > 0, 'no actions card');
      await byTestId(page, 'lang-switch').click();
      await expectText(page, 'dispute-header', 'Followed up', 'the page in English');
      await expectText(page, 'menu-disputes', 'Disputes', 'the menu in English');
      await byTestId(page, 'lang-switch').click();
      await expectText(page, 'menu-disputes', '矛盾纠纷', 'the menu back in Chinese');
    },
  },
];

process.exitCode = await runJourneys([['governance', steps]]);
