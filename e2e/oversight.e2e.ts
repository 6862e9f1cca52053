// Oversight in a real browser: a warning on the supervisor's desk, a supervision item raised from it, the unit
// accepting and reporting back, the supervisor verifying it closed.
//
//   Setup (through the API, as the units would through their pages): the police of 青山县 register a theft case,
//   start the investigation, and their unit head transfers it for prosecution over the evidence the theft checklist
//   still misses (a unit head's override). That is what the model flow.evidence-incomplete watches (a prosecution
//   transfer passed by an override): it holds at once, with no clock to wait for and no parameter to change, so the
//   other journeys on the same server are not disturbed. The supervisor then runs that model (POST
//   /api/warnings/runs), as the desk's scheduler would.
//   1. the supervisor's desk shows the warning with the case's number, the charts and the tables;
//   2. the catalogue of models and the model's page (definition, parameters, trend, run now, a backtest), and the
//      parameter form of two other models;
//   3. the supervisor raises a supervision item from the warning and lands on the item's page, assigned;
//   4. the list of items shows it, not closed;
//   5. the police handler sees the warning on the unit's desk, accepts the item, attaches a file and reports back;
//   6. the supervisor verifies it: the item is closed, with the whole timeline;
//   7. the supervisor raises an item by hand to the procuratorate and follows it up with a new date, then a class
//      remediation of the model (an item per unit), and reads the desk in English.
// Run against a running server started with `--demo-cases 0` (scripts/e2e.sh): `npx tsx e2e/oversight.e2e.ts`.
// Screenshots go to test-results/e2e/oversight-NN-<step>.png.
//
// Environment: CASELINK_URL (default http://127.0.0.1:8080), CASELINK_DEMO_PASSWORD (default demo1234),
// CHROMIUM_PATH (default /usr/bin/chromium).
import type { Page } from 'playwright-core';
import { pdfBytes } from '../test/documents.ts';
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
  callApi as call,
} from './harness.ts';

const SUPERVISOR = 'supervisor';
const POLICE = 'police-990102-handler';
const POLICE_HEAD = 'police-990102-unit-head';
const MODEL = 'flow.evidence-incomplete';
const MODEL_NAME = '证据不全移送起诉';
const POLICE_UNIT = '青山县公安局';
const PROCURATORATE_UNIT = '青山县人民检察院';

/** The case and the item this run makes, filled in as the steps go. */
const run = { caseId: '', caseNumber: '', itemId: '', itemNumber: '' };

// --- the API, as the units' own pages would call it ---------------------------------------------------------------

async function upload(username: string, caseId: string, kind: string): Promise<string> {
  const bytes = await pdfBytes(1, `${kind} (oversight journey)`);
  const doc = await call<{ id: string }>(username, 'POST', `/api/cases/${caseId}/documents?kind=${kind}&name=${kind}.pdf&volume=1`, undefined, bytes);
  return doc.id;
}

/** A theft case of 青山县 transferred for prosecution over missing evidence on the police unit head's decision. */
async function makeWarning(): Promise<void> {
  const stamp = Date.now().toString(36);
  const created = await call<{ id: string; caseNumber: string }>(POLICE, 'POST', '/api/cases', {
    title: `示范区某商场盗窃案（监督旅程 ${stamp}）`,
    charge: 'theft',
    persons: [
      { role: 'suspect', name: '赵六' },
      { role: 'victim', name: '钱七' },
    ],
  });
  run.caseId = created.id;
  run.caseNumber = created.caseNumber;
  const decision = await upload(POLICE, run.caseId, 'registration-decision');
  await call(POLICE, 'POST', `/api/cases/${run.caseId}/transitions`, { transition: 'start-investigation', documentIds: [decision] });
  const documentIds: string[] = [];
  for (const kind of ['transfer-form', 'dossier', 'evidence-list', 'seized-property-list']) documentIds.push(await upload(POLICE, run.caseId, kind));
  const units = await call<{ items: { id: string; name: string }[] }>(POLICE_HEAD, 'GET', '/api/units?agency=procuratorate&regionCode=990102');
  const receiver = units.items[0];
  assert(receiver, 'no procuratorate in 990102 to transfer to');
  await call(POLICE_HEAD, 'POST', `/api/cases/${run.caseId}/transitions`, {
    transition: 'transfer-for-prosecution',
    documentIds,
    receiverUnitId: receiver.id,
    override: { reason: '羁押期限将届满，证据随后补充（监督旅程）' },
  });
  const result = await call<{ models: { id: string; opened?: number; error?: string }[] }>(SUPERVISOR, 'POST', '/api/warnings/runs', { models: [MODEL] });
  const model = result.models.find((m) => m.id === MODEL);
  assert(model && !model.error, `running ${MODEL}: ${model?.error ?? 'not in the answer'}`);
  const hits = await call<{ items: { caseNumber: string | null }[] }>(SUPERVISOR, 'GET', `/api/warnings/hits?model=${MODEL}&case=${run.caseId}`);
  assert(hits.items.length === 1, `expected one open ${MODEL} warning on ${run.caseNumber}, the server has ${hits.items.length}`);
}

// --- the browser ----------------------------------------------------------------------------------------------------

/** The row of the hit table that shows this run's case. */
const hitRow = (page: Page) => page.locator('[data-testid="hit-row"]', { hasText: run.caseNumber });

async function expectItemState(page: Page, state: string, why: string): Promise<void> {
  try {
    await page.locator(`[data-testid="item-header"] [data-testid="item-state"][data-state="${state}"]`).waitFor({ timeout: TIMEOUT_MS });
  } catch {
    const shown = await page.locator('[data-testid="item-header"] [data-testid="item-state"]').getAttribute('data-state').catch(() => null);
    throw new StepFailure(`${why}: expected the item "${state}", the page shows "${shown}"`);
  }
}

/** Types a day into an antd DatePicker. */
async function pickDay(page: Page, testId: string, day: string): Promise<void> {
  const picker = byTestId(page, testId).first();
  const input = (await picker.evaluate((el) => el.tagName)) === 'INPUT' ? picker : picker.locator('input').first();
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

async function openItem(page: Page): Promise<void> {
  await page.goto(`${BASE_URL}/supervision/${run.itemId}`);
  await expectText(page, 'item-number', run.itemNumber, 'the item page');
}

/** Takes one step through its dialog: the note (and verdict) filled in, then waits for the server's answer. */
const act = (page: Page, action: string, fill?: (dialog: Page) => Promise<void>) => actThroughDialog(page, 'item', action, fill);

const steps: Step[] = [
  {
    name: 'supervisor-desk',
    as: SUPERVISOR,
    run: async (page) => {
      await makeWarning();
      await byTestId(page, 'menu-warnings').click();
      await expectPath(page, '/warnings', 'after choosing the warnings desk in the menu');
      await expectVisible(page, 'desk-severity', 'the counts by severity');
      await expectVisible(page, 'desk-model-chart', 'the chart of open warnings by model');
      await expectVisible(page, 'desk-trend-chart', 'the 30-day trend');
      await expectText(page, 'desk-by-unit', POLICE_UNIT, 'the table by unit');
      await expectText(page, 'desk-by-region', '青山县', 'the table by region');
      await expectText(page, 'desk-last-run', '最近一次运行', 'the last run');
      await hitRow(page).first().waitFor({ timeout: TIMEOUT_MS }).catch(() => {
        throw new StepFailure(`the desk shows no warning on ${run.caseNumber}`);
      });
      const row = hitRow(page).first();
      const shown = await row.innerText();
      assert(shown.includes(MODEL_NAME), `the warning row does not name the model: ${shown}`);
      assert(shown.includes(POLICE_UNIT), `the warning row does not name the unit: ${shown}`);
      // the facts in words: the scenario and the step by their names, not their ids
      assert(shown.includes('移送审查起诉'), `the warning's facts are not in words: ${shown}`);
      assert((await row.locator('[data-testid="hit-case"]').getAttribute('href')) === `/cases/${run.caseId}`, 'the case number does not link to the case');
    },
  },
  {
    name: 'supervisor-model-catalogue',
    as: SUPERVISOR,
    run: async (page) => {
      await byTestId(page, 'menu-warning-models').click();
      await expectPath(page, '/warning-models', 'after choosing the warning models in the menu');
      const row = page.locator('[data-testid="models-table"] .ant-table-row', { hasText: MODEL });
      await row.first().waitFor({ timeout: TIMEOUT_MS });
      const custody = await page.locator('[data-testid="models-table"] .ant-table-row', { hasText: 'detention.arrest-request-late' }).innerText();
      assert(custody.includes('《刑事诉讼法》第91条'), `the basis of detention.arrest-request-late is not written as 《law》第N条: ${custody}`);
      await row.first().locator('[data-testid="model-link"]').click();
      await expectPath(page, `/warning-models/${MODEL}`, 'after opening the model');
    },
  },
  {
    name: 'supervisor-model-page',
    as: SUPERVISOR,
    run: async (page) => {
      await expectText(page, 'model-title', MODEL_NAME, 'the model page');
      await expectText(page, 'model-definition', 'evidence_override', 'the condition of the model');
      await expectVisible(page, 'model-setting-form', 'the setting form of a provincial supervisor');
      await expectVisible(page, 'model-trend-chart', 'the trend of the model');
      await expectText(page, 'model-open-hits', '未解除预警', 'the open warnings of the model');
      // run now
      const ran = page.waitForResponse((r) => r.url().endsWith('/api/warnings/runs'), { timeout: TIMEOUT_MS });
      await byTestId(page, 'model-run').click();
      assert((await ran).status() === 200, 'running the model now failed');
      await expectVisible(page, 'model-last-run', 'the last run of the model');
      // a backtest over the last 30 days, every day: the case was transferred today
      const stepInput = byTestId(page, 'backtest-step').first();
      const input = (await stepInput.evaluate((el) => el.tagName)) === 'INPUT' ? stepInput : stepInput.locator('input').first();
      await input.fill('1');
      await byTestId(page, 'backtest-run').click();
      await expectVisible(page, 'backtest-result', 'the backtest result');
      await expectText(page, 'backtest-result', POLICE_UNIT, 'the police unit in the backtest');
    },
  },
  {
    name: 'supervisor-model-parameters',
    as: SUPERVISOR,
    run: async (page) => {
      // a provincial supervisor's form: a number within its bounds, a list of texts (nothing is saved here)
      await page.goto(`${BASE_URL}/warning-models/flow.transfer-not-received`);
      await expectVisible(page, 'model-setting-form', 'the setting form');
      const days = byTestId(page, 'model-parameter-days').first();
      const input = (await days.evaluate((el) => el.tagName)) === 'INPUT' ? days : days.locator('input').first();
      const value = await input.inputValue();
      assert(value === '3', `the days of flow.transfer-not-received show "${value}", not its default 3`);
      await page.goto(`${BASE_URL}/warning-models/flow.missing-documents`);
      await expectText(page, 'model-parameters', 'request-arrest:arrest-request-form', 'the list of required documents');
      await expectText(page, 'model-definition', 'SELECT', 'the SQL of the model');
    },
  },
  {
    name: 'supervisor-raise-item',
    as: SUPERVISOR,
    run: async (page) => {
      await page.goto(`${BASE_URL}/warnings?model=${MODEL}`);
      await hitRow(page).first().waitFor({ timeout: TIMEOUT_MS });
      await hitRow(page).first().locator('[data-testid="hit-raise"]').click();
      await expectVisible(page, 'raise-item', 'the dialog raising an item');
      await byTestId(page, 'raise-item-description').fill('该案在证据清单未齐备的情况下经单位负责人决定移送审查起诉，请说明理由并补齐证据，按期反馈。');
      await byTestId(page, 'raise-item-submit').click();
      await expectPath(page, /^\/supervision\/[0-9a-f-]{36}$/, 'after raising the item');
      run.itemId = page.url().split('/supervision/')[1]?.split(/[?#]/)[0] ?? '';
      await expectVisible(page, 'item-number', 'the item page');
      run.itemNumber = ((await byTestId(page, 'item-number').textContent()) ?? '').trim();
      assert(/^督\d{4}-\d+$/.test(run.itemNumber), `the item number "${run.itemNumber}" is not 督YYYY-NNNNNN`);
      await expectItemState(page, 'assigned', 'an item raised from a warning');
      await expectText(page, 'item-assignee', POLICE_UNIT, 'the unit that must rectify');
      await expectText(page, 'item-case', run.caseNumber, 'the case the item came from');
      await expectText(page, 'item-model', MODEL_NAME, 'the model the item came from');
      await expectVisible(page, 'item-due', 'the due date');
      await page.locator('[data-testid="item-event"][data-kind="assigned"]').waitFor({ timeout: TIMEOUT_MS });
      // the committee's steps now: follow up and comment, not the unit's
      assert((await byTestId(page, 'item-action-follow-up').count()) === 1, 'the supervisor is not offered a follow-up');
      assert((await byTestId(page, 'item-action-accept').count()) === 0, 'the supervisor is offered the unit\'s accept');
    },
  },
  {
    name: 'supervisor-item-list',
    as: SUPERVISOR,
    run: async (page) => {
      await byTestId(page, 'menu-supervision').click();
      await expectPath(page, '/supervision', 'after choosing supervision items in the menu');
      const row = page.locator('[data-testid="item-table"] .ant-table-row', { hasText: run.itemNumber });
      await row.first().waitFor({ timeout: TIMEOUT_MS }).catch(() => {
        throw new StepFailure(`the list of items does not show ${run.itemNumber}`);
      });
      const shown = await row.first().innerText();
      assert(shown.includes('已交办') && shown.includes(POLICE_UNIT), `the item's row: ${shown}`);
      await expectVisible(page, 'item-new', 'the new item button of a committee supervisor');
    },
  },
  {
    name: 'police-desk',
    as: POLICE,
    run: async (page) => {
      // the unit's own warnings: the same desk, scoped by the server
      await byTestId(page, 'menu-warnings').click();
      await expectPath(page, '/warnings', 'the police handler opening the desk');
      await hitRow(page).first().waitFor({ timeout: TIMEOUT_MS }).catch(() => {
        throw new StepFailure(`the police desk shows no warning on ${run.caseNumber}`);
      });
      assert((await byTestId(page, 'hit-raise').count()) === 0, 'a unit handler is offered to raise items');
    },
  },
  {
    name: 'police-accept',
    as: POLICE,
    run: async (page) => {
      await byTestId(page, 'menu-supervision').click();
      await page.locator('[data-testid="item-link"]', { hasText: run.itemNumber }).first().click();
      await expectText(page, 'item-number', run.itemNumber, 'the item page for the police');
      assert((await byTestId(page, 'item-action-follow-up').count()) === 0, 'the unit is offered the committee\'s follow-up');
      await act(page, 'accept');
      await expectItemState(page, 'rectifying', 'after accepting');
      await page.locator('[data-testid="item-event"][data-kind="accepted"]').waitFor({ timeout: TIMEOUT_MS });
    },
  },
  {
    name: 'police-report-back',
    as: POLICE,
    run: async (page) => {
      await openItem(page);
      // the rectification report, attached
      const bytes = await pdfBytes(1, 'rectification report');
      const uploaded = page.waitForResponse((r) => r.url().includes('/attachments?') && r.request().method() === 'POST', { timeout: TIMEOUT_MS });
      await page.locator('[data-testid="item-upload"] input[type="file"]').setInputFiles({ name: '整改报告.pdf', mimeType: 'application/pdf', buffer: Buffer.from(bytes) });
      const res = await uploaded;
      if (res.status() !== 201) throw new StepFailure(`attaching the report: HTTP ${res.status()} ${await res.text()}`);
      await expectText(page, 'item-attachments', '整改报告.pdf', 'the attached report');
      await act(page, 'report', async (p) => {
        await byTestId(p, 'item-act-note').fill('已补充价格认定结论书并移送检察院，对承办人进行了提醒谈话，详见整改报告。');
      });
      await expectItemState(page, 'reported', 'after reporting back');
    },
  },
  {
    name: 'supervisor-verify',
    as: SUPERVISOR,
    run: async (page) => {
      await openItem(page);
      await expectItemState(page, 'reported', 'the item the unit reported back on');
      await act(page, 'verify', async (p) => {
        await p.locator('[data-testid="item-act-verdict"] label', { hasText: '整改到位' }).click();
        await byTestId(p, 'item-act-note').fill('经核查，证据已补齐，整改到位。');
      });
      await expectItemState(page, 'closed', 'after verifying');
      for (const kind of ['raised', 'assigned', 'accepted', 'reported', 'verified']) {
        await page.locator(`[data-testid="item-event"][data-kind="${kind}"]`).first().waitFor({ timeout: TIMEOUT_MS });
      }
      assert((await byTestId(page, 'item-action-verify').count()) === 0, 'a closed item still offers verify');
      // the attachment opens in a new tab from the list
      const href = await byTestId(page, 'item-attachment-open').first().getAttribute('href');
      assert(href?.startsWith(`/api/supervision-items/${run.itemId}/attachments/`), `the attachment link is "${href}"`);
    },
  },
  {
    name: 'supervisor-manual-item-follow-up',
    as: SUPERVISOR,
    run: async (page) => {
      await page.goto(`${BASE_URL}/supervision`);
      await byTestId(page, 'item-new').click();
      await expectVisible(page, 'item-form', 'the dialog of a new item');
      await choose(page, 'item-form-unit', PROCURATORATE_UNIT, 'the unit to rectify');
      await byTestId(page, 'item-form-title').fill('审查起诉案件久拖未决专项检查');
      await byTestId(page, 'item-form-description').fill('请对本院审查起诉超过法定期限的案件逐案说明原因，提出整改措施。');
      await byTestId(page, 'item-form-submit').click();
      await expectPath(page, /^\/supervision\/[0-9a-f-]{36}$/, 'after raising an item by hand');
      await expectItemState(page, 'assigned', 'an item raised by hand');
      await expectText(page, 'item-assignee', PROCURATORATE_UNIT, 'the unit to rectify');
      // 督办 with a new date a fortnight ahead
      const due = new Date(Date.now() + (8 + 14 * 24) * 3_600_000).toISOString().slice(0, 10);
      await act(page, 'follow-up', async (p) => {
        await pickDay(p, 'item-act-due', due);
        await byTestId(p, 'item-act-note').fill('请于新的期限前签收并报送整改方案。');
      });
      await page.locator('[data-testid="item-event"][data-kind="followed-up"]').waitFor({ timeout: TIMEOUT_MS });
      await expectText(page, 'item-due', due, 'the new due date');
      const followUps = ((await byTestId(page, 'item-follow-ups').textContent()) ?? '').trim();
      assert(followUps === '1', `the count of follow-ups is "${followUps}"`);
    },
  },
  {
    name: 'supervisor-class-remediation',
    as: SUPERVISOR,
    run: async (page) => {
      await page.goto(`${BASE_URL}/supervision`);
      await byTestId(page, 'item-class-new').click();
      await expectVisible(page, 'class-form', 'the dialog of a class remediation');
      await choose(page, 'class-form-model', MODEL_NAME, 'the model to remediate');
      await byTestId(page, 'class-form-description').fill('对经单位负责人放行、证据不全即移送审查起诉的案件开展类案整改。');
      await byTestId(page, 'class-form-submit').click();
      await expectPath(page, /^\/supervision\/[0-9a-f-]{36}$/, 'after raising a class remediation');
      await expectText(page, 'item-children', POLICE_UNIT, 'the item for the police unit');
    },
  },
  {
    name: 'supervisor-desk-in-english',
    as: SUPERVISOR,
    run: async (page) => {
      await page.goto(`${BASE_URL}/warnings`);
      await byTestId(page, 'lang-switch').click();
      await expectText(page, 'menu-warnings', 'Warnings desk', 'the menu in English');
      await expectText(page, 'menu-supervision', 'Supervision items', 'the menu in English');
      await expectText(page, 'desk-severity', 'Open warnings in all', 'the counts in English');
      await expectText(page, 'hit-table', 'Sent', 'the facts in English');
      await byTestId(page, 'lang-switch').click();
      await expectText(page, 'menu-warnings', '预警监督台', 'the menu back in Chinese');
    },
  },
];

process.exitCode = await runJourneys([['oversight', steps]]);
