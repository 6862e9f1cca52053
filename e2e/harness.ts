// What the browser journeys share: the browser, logging in through the form, waiting for what a step expects,
// and running steps one after another with a screenshot each. Not a spec itself (scripts/e2e.sh runs *.e2e.ts).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const BASE_URL = (process.env.CASELINK_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const PASSWORD = process.env.CASELINK_DEMO_PASSWORD ?? 'demo1234';
export const SCREENSHOT_DIR = join('test-results', 'e2e');
export const TIMEOUT_MS = 10_000;

export class StepFailure extends Error {}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new StepFailure(message);
}

export const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

export async function expectVisible(page: Page, testId: string, what: string): Promise<void> {
  try {
    await byTestId(page, testId).first().waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  } catch {
    throw new StepFailure(`${what} ([data-testid="${testId}"]) did not appear within ${TIMEOUT_MS} ms at ${page.url()}`);
  }
}

export async function textOf(page: Page, testId: string): Promise<string> {
  return ((await byTestId(page, testId).first().textContent()) ?? '').trim();
}

export async function expectText(page: Page, testId: string, expected: string, what: string): Promise<void> {
  try {
    await page
      .locator(`[data-testid="${testId}"]`, { hasText: expected })
      .first()
      .waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  } catch {
    throw new StepFailure(`${what}: expected "${expected}" in [data-testid="${testId}"], found "${await textOf(page, testId)}"`);
  }
}

export async function expectPath(page: Page, pathname: string | RegExp, why: string): Promise<void> {
  const matches = (p: string) => (typeof pathname === 'string' ? p === pathname : pathname.test(p));
  try {
    await page.waitForURL((url) => matches(url.pathname), { timeout: TIMEOUT_MS });
  } catch {
    throw new StepFailure(`${why}: expected to be at ${String(pathname)}, but the browser is at ${page.url()}`);
  }
}

/** Logs in through the form and waits for the home page; a login error fails the step with its text. */
export async function logIn(page: Page, username: string): Promise<void> {
  await byTestId(page, 'login-username').fill(username);
  await byTestId(page, 'login-password').fill(PASSWORD);
  await byTestId(page, 'login-submit').click();
  const loginError = byTestId(page, 'login-error');
  // Either the home page or the login error, whichever comes first; the loser's timeout is swallowed.
  const outcome = await Promise.race([
    page.waitForURL((url) => url.pathname === '/', { timeout: TIMEOUT_MS }).then(() => 'home' as const, () => 'timeout' as const),
    loginError.waitFor({ timeout: TIMEOUT_MS }).then(() => 'error' as const, () => 'timeout' as const),
  ]);
  if (outcome === 'error') throw new StepFailure(`login as "${username}" failed: ${await textOf(page, 'login-error')}`);
  await expectPath(page, '/', 'after logging in');
}

/** Chooses an option of an antd Select by typing part of its label (retried while the options load). */
export async function choose(page: Page, testId: string, text: string, what: string): Promise<void> {
  const select = byTestId(page, testId).first();
  for (let attempt = 0; attempt < 3; attempt++) {
    await select.click();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
    if ((await select.textContent())?.includes(text)) return;
    await page.waitForTimeout(300); // the options may still be loading
  }
  throw new StepFailure(`${what}: could not choose "${text}" in [data-testid="${testId}"]`);
}

/**
 * Takes one step of a matter (a dispute, a supervision item) through its dialog: the button
 * `<prefix>-action-<action>`, the dialog `<prefix>-act-<action>` filled in by `fill`, its submit; then waits for
 * the server's answer (a failure names its status and body) and the dialog closed.
 */
export async function actThroughDialog(page: Page, prefix: string, action: string, fill: (dialog: Page) => Promise<void> = async () => {}): Promise<void> {
  await expectVisible(page, `${prefix}-action-${action}`, `the "${action}" button`);
  await byTestId(page, `${prefix}-action-${action}`).click();
  await expectVisible(page, `${prefix}-act-${action}`, `the "${action}" dialog`);
  await fill(page);
  const answered = page.waitForResponse((r) => r.url().endsWith('/actions') && r.request().method() === 'POST', { timeout: TIMEOUT_MS });
  await byTestId(page, `${prefix}-act-${action}-submit`).click();
  const res = await answered;
  if (res.status() !== 200) throw new StepFailure(`"${action}": HTTP ${res.status()} ${await res.text()}`);
  await byTestId(page, `${prefix}-act-${action}`).waitFor({ state: 'detached', timeout: TIMEOUT_MS });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** One browser session per user, logged in through the form the first time a step needs it. */
export class Sessions {
  private readonly pages = new Map<string, Page>();
  private readonly contexts: BrowserContext[] = [];
  /** Uncaught errors of every page since the last `takeErrors`. */
  private errors: string[] = [];

  constructor(private readonly browser: Browser) {}

  async as(username: string): Promise<Page> {
    const known = this.pages.get(username);
    if (known) return known;
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => this.errors.push(`${username}: ${err.message}`));
    await page.goto(`${BASE_URL}/`);
    await expectPath(page, '/login', `opening / as ${username} without a session`);
    await logIn(page, username);
    this.pages.set(username, page);
    return page;
  }

  /**
   * A session without logging in (the citizens' pages) under `name`, at a phone's viewport by default; later
   * steps `as: name` run in it.
   */
  async anonymous(name: string, viewport = { width: 375, height: 812 }): Promise<Page> {
    const context = await this.browser.newContext({ viewport, locale: 'zh-CN', isMobile: true, hasTouch: true });
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => this.errors.push(`${name}: ${err.message}`));
    this.pages.set(name, page);
    return page;
  }

  takeErrors(): string[] {
    const e = this.errors;
    this.errors = [];
    return e;
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => {});
  }
}

export interface Step {
  name: string;
  /** Whose browser the step runs in (and whose page is kept as its screenshot). */
  as: string;
  run: (page: Page) => Promise<void>;
}

/**
 * Runs the steps in order, each with a screenshot `<prefix>-NN-<name>.png`; after a failure the rest are
 * reported as not run. Returns the counts.
 */
export async function runSteps(sessions: Sessions, prefix: string, steps: readonly Step[]): Promise<{ passed: number; failed: number }> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  let passed = 0;
  let failed = 0;
  for (const [i, step] of steps.entries()) {
    const label = `${prefix}-${String(i + 1).padStart(2, '0')}-${step.name}`;
    if (failed > 0) {
      console.log(`- ${label}: not run (an earlier step failed)`);
      failed += 1;
      continue;
    }
    let page: Page | undefined;
    const started = Date.now();
    try {
      sessions.takeErrors();
      page = await sessions.as(step.as);
      await step.run(page);
      const errors = sessions.takeErrors();
      assert(errors.length === 0, `uncaught error(s) in the page: ${errors.join(' | ')}`);
      passed += 1;
      console.log(`ok ${label} (${step.as}, ${Date.now() - started} ms)`);
    } catch (err) {
      failed += 1;
      console.log(`FAIL ${label} (${step.as}): ${err instanceof StepFailure ? err.message : String(err)}`);
    } finally {
      await page?.screenshot({ path: join(SCREENSHOT_DIR, `${label}.png`), fullPage: true }).catch(() => {});
    }
  }
  return { passed, failed };
}

/** A spec's journeys: each a screenshot prefix and its steps, run one after another in the same sessions. */
export type Journeys = readonly (readonly [prefix: string, steps: readonly Step[]])[];

/**
 * A spec's whole run: starts the browser, lets `prepare` open sessions of its own (the citizens' anonymous one),
 * runs the journeys, closes the browser and prints the totals. Returns the process's exit code.
 */
export async function runJourneys(journeys: Journeys, prepare?: (sessions: Sessions) => Promise<void>): Promise<number> {
  const started = Date.now();
  const browser = await launchBrowser().catch((err: unknown) => {
    console.log(`FAIL the browser could not start: ${String(err)}`);
    return null;
  });
  if (!browser) return 1;
  const sessions = new Sessions(browser);
  let passed = 0;
  let failed = 0;
  try {
    await prepare?.(sessions);
    for (const [prefix, steps] of journeys) {
      const r = await runSteps(sessions, prefix, steps);
      passed += r.passed;
      failed += r.failed;
    }
  } finally {
    await sessions.close();
    await browser.close();
  }
  console.log(`${passed} passed, ${failed} failed (${Math.round((Date.now() - started) / 1000)} s)`);
  return failed === 0 ? 0 : 1;
}

// --- the API, for the data a journey needs made before its pages are opened ---------------------------------------

const tokens = new Map<string, string>();

/**
 * One API call as `username` (logged in once through the API, the token kept), the way a unit's own pages would make
 * it: a JSON body, or a PDF's bytes as `file`. A refusal fails the step with the server's answer.
 */
export async function callApi<T>(username: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, file?: Uint8Array): Promise<T> {
  let token = tokens.get(username);
  if (!token) {
    const login = await fetch(`${BASE_URL}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    if (!login.ok) throw new StepFailure(`logging in ${username} through the API: HTTP ${login.status} ${await login.text()}`);
    token = ((await login.json()) as { token: string }).token;
    tokens.set(username, token);
  }
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json', 'X-Requested-With': 'caselink' };
  if (file) headers['Content-Type'] = 'application/pdf';
  else if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${BASE_URL}${path}`, {
    method,
    headers,
    body: file ? Buffer.from(file) : body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new StepFailure(`${username}: ${method} ${path} answered HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
