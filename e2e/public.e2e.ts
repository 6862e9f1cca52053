// The citizens' pages in a real browser at a phone's width (375 px), without logging in:
//   1. the login page links to the citizens' pages; /public offers the four choices;
//   2. the dispute form refuses a wrong phone number next to its field before sending;
//   3. a dispute is filed at 河口镇 (青山县): the tracking code is shown large, with a copy button;
//   4. the code and the phone's last four digits look it up: its state, the center handling it, the steps;
//   5. wrong digits get the server's bilingual refusal next to the field, nothing of the matter;
//   6. the progress page in English.
// Run against a running server (scripts/e2e.sh): `npx tsx e2e/public.e2e.ts`. Screenshots go to
// test-results/e2e/public-NN-<step>.png.
import type { Page } from 'playwright-core';
import { BASE_URL, type Step, assert, byTestId, expectPath, expectText, expectVisible, runJourneys, textOf } from './harness.ts';

const CITIZEN = 'citizen';
// a phone of its own per run: the server's limits allow 3 filings a day per phone
const PHONE = `139${String(Date.now()).slice(-8)}`;
const run = { code: '' };

/** Picks a place in a region cascader by the names along its path. */
async function pickPlace(page: Page, testId: string, names: string[]): Promise<void> {
  await byTestId(page, testId).click();
  for (const name of names) {
    await page.locator('.ant-cascader-menu-item', { hasText: name }).first().click();
  }
  // close the menu with the choice kept (changeOnSelect keeps every level)
  await page.keyboard.press('Escape');
}

const steps: Step[] = [
  {
    name: 'login-links-to-public',
    as: CITIZEN,
    run: async (page) => {
      await page.goto(`${BASE_URL}/login`);
      await expectVisible(page, 'login-public-link', 'the link to the citizens\' pages');
      await byTestId(page, 'login-public-link').click();
      await expectPath(page, '/public', 'after following the link');
      for (const c of ['dispute', 'petition', 'report', 'track']) await expectVisible(page, `public-choose-${c}`, `the choice ${c}`);
      const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
      assert(width <= 375, `the page is wider than the phone (${width} px)`);
    },
  },
  {
    name: 'dispute-form-checks-phone',
    as: CITIZEN,
    run: async (page) => {
      await byTestId(page, 'public-choose-dispute').click();
      await expectPath(page, '/public/dispute', 'the dispute form');
      await expectVisible(page, 'dispute-form', 'the dispute form');
      await byTestId(page, 'dispute-phone').fill('12345');
      await byTestId(page, 'dispute-submit').click();
      await page.getByText('请填写 11 位手机号码').first().waitFor({ timeout: 10_000 });
    },
  },
  {
    name: 'dispute-filed',
    as: CITIZEN,
    run: async (page) => {
      await pickPlace(page, 'dispute-region', ['东州市', '青山县', '河口镇']);
      await byTestId(page, 'dispute-type').click();
      await page.locator('.ant-select-item-option').first().click();
      // text as typed: an emoji and angle brackets that are not markup stay as they are
      await byTestId(page, 'dispute-summary').fill('楼上漏水淹了我家厨房😢，物业说 <不归他们管>，协商没有结果。');
      await byTestId(page, 'dispute-name').fill('陈小红');
      await byTestId(page, 'dispute-phone').fill(PHONE);
      await byTestId(page, 'dispute-respondent').fill(`楼上住户${PHONE.slice(-3)}`);
      await byTestId(page, 'dispute-consent').click();
      await byTestId(page, 'dispute-submit').click();
      await expectVisible(page, 'tracking-code', 'the tracking code');
      run.code = (await textOf(page, 'tracking-code')).replace(/\s/g, '');
      assert(/^JF[0-9A-Z]{12}$/.test(run.code), `a dispute's tracking code, got "${run.code}"`);
      await expectVisible(page, 'filed-result', 'the filing answer');
      assert((await page.locator('[data-testid="filed-result"] .ant-typography-copy').count()) === 1, 'a copy button beside the code');
    },
  },
  {
    name: 'progress-looked-up',
    as: CITIZEN,
    run: async (page) => {
      await byTestId(page, 'go-track').click();
      await expectPath(page, '/public/track', 'the lookup page');
      assert((await byTestId(page, 'track-code').inputValue()) === run.code, 'the code carried over');
      await byTestId(page, 'track-last4').fill(PHONE.slice(-4));
      await byTestId(page, 'track-submit').click();
      await expectText(page, 'progress-state', '已登记受理', 'the state');
      await expectText(page, 'progress', '河口镇综治中心', 'the center handling it');
      const text = await textOf(page, 'progress');
      for (const secret of ['陈小红', PHONE, '楼上漏水']) assert(!text.includes(secret), `the progress shows "${secret}"`);
    },
  },
  {
    name: 'wrong-digits-refused',
    as: CITIZEN,
    run: async (page) => {
      const wrong = String((Number(PHONE.slice(-4)) + 1) % 10_000).padStart(4, '0');
      await byTestId(page, 'track-last4').fill(wrong);
      await byTestId(page, 'track-submit').click();
      await page.getByText('查询码与手机号后四位不匹配').first().waitFor({ timeout: 10_000 });
      assert((await byTestId(page, 'progress').count()) === 0, 'no progress shown after wrong digits');
    },
  },
  {
    name: 'progress-in-english',
    as: CITIZEN,
    run: async (page) => {
      await byTestId(page, 'track-last4').fill(PHONE.slice(-4));
      await byTestId(page, 'lang-switch').click();
      await byTestId(page, 'track-submit').click();
      await expectText(page, 'progress-state', 'Received', 'the state in English');
      await expectText(page, 'progress', 'Comprehensive Governance Center', 'the center in English');
    },
  },
];

process.exitCode = await runJourneys([['public', steps]], async (sessions) => {
  await sessions.anonymous(CITIZEN);
});
