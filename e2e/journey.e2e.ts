// The web app's main journey in a real browser: login redirect, home page, language switch, 403 page, the
// deadline calculator, the directory pages, the collaboration rate, logout.
// Run against a running server: `npx tsx e2e/journey.e2e.ts`. Screenshots go to test-results/e2e/.
//
// Environment: CASELINK_URL (default http://127.0.0.1:8080), CASELINK_E2E_USER (default supervisor),
// CASELINK_DEMO_PASSWORD (default demo1234), CASELINK_E2E_FORBIDDEN_PATH (a page the user may not open,
// default /audit), CHROMIUM_PATH (default /usr/bin/chromium).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  BASE_URL,
  SCREENSHOT_DIR,
  StepFailure,
  TIMEOUT_MS,
  assert,
  byTestId,
  expectPath,
  expectText,
  expectVisible,
  launchBrowser,
  logIn,
  textOf,
} from './harness.ts';

const USERNAME = process.env.CASELINK_E2E_USER ?? 'supervisor';
const FORBIDDEN_PATH = process.env.CASELINK_E2E_FORBIDDEN_PATH ?? '/audit';
const AUDITOR = process.env.CASELINK_E2E_AUDITOR ?? 'committee-990000-auditor';

/** Waits until the page shows at least one row of a table (or tree node). */
async function expectRows(page: Page, selector: string, what: string): Promise<void> {
  try {
    await page.locator(selector).first().waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  } catch {
    throw new StepFailure(`${what}: no ${selector} appeared within ${TIMEOUT_MS} ms at ${page.url()}`);
  }
}

interface Step {
  name: string;
  run: (page: Page) => Promise<void>;
}

const steps: Step[] = [
  {
    name: 'redirect-to-login',
    run: async (page) => {
      await page.goto(`${BASE_URL}/`);
      await expectPath(page, '/login', 'opening / without a session');
      await expectVisible(page, 'login-username', 'the username field');
      await expectVisible(page, 'login-password', 'the password field');
      await expectVisible(page, 'lang-switch', 'the language switch on the login page');
    },
  },
  {
    name: 'login-home',
    run: async (page) => {
      await logIn(page, USERNAME);
      for (const [id, what] of [
        ['home-unit', 'the unit card'],
        ['home-region', 'the region card'],
        ['home-role', 'the role card'],
      ] as const) {
        await expectVisible(page, id, what);
        assert((await textOf(page, id)).length > 0, `${what} is empty`);
      }
      await expectText(page, 'app-name', '政法协同办案与监督平台', 'the product name in Chinese by default');
      await expectVisible(page, 'menu-home', 'the home menu entry');
    },
  },
  {
    name: 'switch-to-english',
    run: async (page) => {
      await byTestId(page, 'lang-switch').click();
      await expectText(page, 'app-name', 'CaseLink', 'the product name after switching to English');
      await expectText(page, 'logout', 'Log out', 'the logout button after switching to English');
      await expectText(page, 'menu-home', 'Home', 'the home menu entry after switching to English');
      const lang = await page.locator('html').getAttribute('lang');
      assert(lang === 'en-US', `<html lang> should be en-US after switching, is "${lang}"`);
    },
  },
  {
    name: 'forbidden-page',
    run: async (page) => {
      await page.goto(`${BASE_URL}${FORBIDDEN_PATH}`);
      await expectVisible(page, 'forbidden', `the 403 page at ${FORBIDDEN_PATH}`);
      await expectText(page, 'forbidden', 'you may not open this page', 'the 403 page text (in English, kept after reload)');
      const menuKey = FORBIDDEN_PATH.replace(/^\//, '').split('/')[0] ?? '';
      assert(
        (await byTestId(page, `menu-${menuKey}`).count()) === 0,
        `the side menu offers "${menuKey}", which the user may not open`,
      );
    },
  },
  {
    name: 'deadline-calculator',
    run: async (page) => {
      // the statutory clock from the menu: arrested 15 January 2026, in custody, two months (CPL 156)
      await page.goto(`${BASE_URL}/deadlines`);
      await expectVisible(page, 'deadline-rule', 'the rule picker of the deadline calculator');
      await byTestId(page, 'deadline-rule').first().click();
      await page.keyboard.type('cpl.investigation.custody');
      await page.keyboard.press('Enter');
      await expectVisible(page, 'deadline-rule-facts', 'the facts of the chosen rule');
      const start = byTestId(page, 'deadline-start').first();
      const input = (await start.evaluate((el) => el.tagName)) === 'INPUT' ? start : start.locator('input').first();
      await input.click();
      await input.fill('2026-01-15 10:00');
      await input.press('Enter');
      await byTestId(page, 'deadline-custody').first().click();
      await byTestId(page, 'deadline-compute').first().click();
      await expectText(page, 'deadline-due', '2026-03-15T23:59:59+08:00', 'the due moment of two months of investigation custody');
    },
  },
  {
    name: 'directory-pages',
    run: async (page) => {
      await page.goto(`${BASE_URL}/users`);
      await expectRows(page, '.ant-table-row', 'the users table');
      const users = await page.locator('.ant-table-tbody').innerText();
      assert(/\d{3}\*{4}\d{4}/.test(users), 'phone numbers in the users list are not masked');
      await page.goto(`${BASE_URL}/units`);
      await expectRows(page, '.ant-table-row', 'the units table');
      await page.goto(`${BASE_URL}/regions`);
      await expectRows(page, 'text=Demo Province', 'the region tree');
    },
  },
  {
    name: 'collaboration-rate',
    run: async (page) => {
      // the supervisor's collaboration rate (协同率) from the menu: last month's figures per unit, a chart of the two
      // shares, and the definition beside them (the page is in English since the switch above)
      await byTestId(page, 'menu-collaboration-rate').click();
      await expectPath(page, '/collaboration-rate', 'after choosing the collaboration rate in the menu');
      await expectText(page, 'collaboration-definition', 'counted for the sending unit', 'the definition of the shares');
      await expectText(page, 'collaboration-definition', 'counted for the receiving unit', 'the definition of the shares');
      await expectRows(page, '[data-testid="collaboration-table"] .ant-table-row', 'the rows of the collaboration rate');
      await expectVisible(page, 'collaboration-chart', 'the chart of the two shares');
      // by county: the province supervisor sees a row for each county
      await page.locator('[data-testid="collaboration-by"] label', { hasText: 'County' }).click();
      await expectRows(page, '[data-testid="collaboration-table"] .ant-table-row:has-text("Qingshan County")', 'the row of Qingshan County');
    },
  },
  {
    name: 'logout',
    run: async (page) => {
      await byTestId(page, 'logout').click();
      await expectPath(page, '/login', 'after logging out');
      await expectVisible(page, 'login-username', 'the login form after logging out');
      // The session must be gone on the server too, not only in the page.
      await page.goto(`${BASE_URL}/`);
      await expectPath(page, '/login', 'opening / after logging out');
    },
  },
  {
    name: 'auditor-verifies-chain',
    run: async (page) => {
      await logIn(page, AUDITOR);
      await page.goto(`${BASE_URL}/audit`);
      await expectRows(page, '.ant-table-row', 'the audit log');
      await byTestId(page, 'audit-verify').first().click();
      await expectVisible(page, 'audit-verify-result', 'the result of verifying the audit chain');
      const result = await textOf(page, 'audit-verify-result');
      assert(!/broken|断/i.test(result), `the audit chain should verify, the page says "${result}"`);
    },
  },
];

async function main(): Promise<number> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  let browser: Browser | undefined;
  let passed = 0;
  let failed = 0;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));

    for (const [i, step] of steps.entries()) {
      const label = `${String(i + 1).padStart(2, '0')}-${step.name}`;
      if (failed > 0) {
        console.log(`- ${label}: not run (an earlier step failed)`);
        failed += 1;
        continue;
      }
      try {
        pageErrors.length = 0;
        await step.run(page);
        assert(pageErrors.length === 0, `uncaught error(s) in the page: ${pageErrors.join(' | ')}`);
        passed += 1;
        console.log(`ok ${label}`);
      } catch (err) {
        failed += 1;
        console.log(`FAIL ${label}: ${err instanceof StepFailure ? err.message : String(err)}`);
      } finally {
        await page.screenshot({ path: join(SCREENSHOT_DIR, `${label}.png`), fullPage: true }).catch(() => {});
      }
    }
  } catch (err) {
    console.log(`FAIL the browser could not run the journey: ${String(err)}`);
    failed = steps.length - passed;
  } finally {
    await browser?.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
