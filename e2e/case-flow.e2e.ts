// Criminal cases in a real browser, by the users of four agencies, through the web app only:
//   A. one case from registration to execution: the police register it and detain the suspect, ask for an
//      arrest; the procuratorate receives and approves it; the police record evidence and seized property, and a
//      unit head transfers the case for prosecution over the evidence still missing, the item going with it; the
//      procuratorate receives both, returns the item to its owner on a decision, and indicts; the court receives
//      it and lends the procuratorate the paper dossier; pronounces judgment; the procuratorate acknowledges it;
//      the judgment takes effect; the court delivers it for execution; the prison receives it.
//   B. a return for supplementary investigation and back: the procuratorate first returns a transfer unreceived
//      (退回), then returns the case for supplementary investigation; the police receive it and resubmit; the
//      procuratorate accepts it again.
// Run against a running server: `npx tsx e2e/case-flow.e2e.ts`. Screenshots go to test-results/e2e/.
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
  assert,
  byTestId,
  choose,
  expectPath,
  expectText,
  expectVisible,
  runJourneys,
  textOf,
} from './harness.ts';

const POLICE = 'police-990102-handler';
const POLICE_HEAD = 'police-990102-unit-head';
const PROCURATOR = 'procuratorate-990102-handler';
const JUDGE = 'court-990102-handler';
const PRISON = 'prison-990102-handler';

const PROCURATORATE_UNIT = '青山县人民检察院';
const COURT_UNIT = '青山县人民法院';
const POLICE_UNIT = '青山县公安局';
const PRISON_UNIT = '青山县监狱';

let documentCounter = 0;

/** A case registered in this run, filled in by its registration step. */
interface CaseRef {
  title: string;
  id: string;
  caseNumber: string;
}

async function openCase(page: Page, c: CaseRef): Promise<void> {
  await page.goto(`${BASE_URL}/cases/${c.id}`);
  await expectText(page, 'case-number', c.caseNumber, 'the case page');
}

async function expectStage(page: Page, stage: string, why: string): Promise<void> {
  try {
    await page.locator(`[data-testid="case-stage"][data-stage="${stage}"]`).waitFor({ timeout: TIMEOUT_MS });
  } catch {
    const shown = await byTestId(page, 'case-stage').getAttribute('data-stage').catch(() => null);
    throw new StepFailure(`${why}: expected the case at stage "${stage}", the page shows "${shown}"`);
  }
}

/** Uploads a small PDF through an upload button inside the element with this test id, and waits for the server. */
async function uploadPdf(page: Page, testId: string, kind: string): Promise<void> {
  const bytes = await pdfBytes(1, `${kind} #${++documentCounter}`);
  const answered = page.waitForResponse((r) => r.url().includes('/documents?') && r.request().method() === 'POST', { timeout: TIMEOUT_MS });
  await page.locator(`[data-testid="${testId}"] input[type="file"]`).setInputFiles({
    name: `${kind}-${documentCounter}.pdf`,
    mimeType: 'application/pdf',
    buffer: Buffer.from(bytes),
  });
  const res = await answered;
  if (res.status() !== 201) throw new StepFailure(`uploading ${kind}: the server answered ${res.status()} ${await res.text()}`);
}

/** The text of the error alert inside an open dialog, for a failure message. */
async function dialogError(page: Page): Promise<string> {
  const alert = page.locator('.ant-modal [role="alert"]').first();
  const text = await alert.textContent({ timeout: 1000 }).catch(() => null);
  return text?.trim() || '(no error shown)';
}

interface Firing {
  /** Document kinds to upload in the dialog (the others are preselected from the dossier). */
  upload?: string[];
  receiver?: string;
  override?: string;
}

/** Fires a transition from the case page's action buttons, through its dialog. */
async function fire(page: Page, transition: string, f: Firing = {}): Promise<void> {
  await expectVisible(page, `transition-${transition}`, `the "${transition}" button`);
  await byTestId(page, `transition-${transition}`).click();
  await expectVisible(page, 'transition-form', `the "${transition}" dialog`);
  for (const kind of f.upload ?? []) await uploadPdf(page, `upload-${kind}`, kind);
  if (f.receiver) await choose(page, 'transition-receiver', f.receiver, `the receiver of "${transition}"`);
  if (f.override) {
    await expectVisible(page, 'transition-evidence-missing', 'the missing-evidence warning');
    await byTestId(page, 'transition-override-reason').fill(f.override);
  }
  const answered = page.waitForResponse((r) => r.url().endsWith('/transitions') && r.request().method() === 'POST', {
    timeout: TIMEOUT_MS,
  }).catch(() => null);
  await byTestId(page, 'transition-submit').click();
  const res = await answered;
  if (res?.status() !== 200) {
    throw new StepFailure(`"${transition}" was not done (${res ? `HTTP ${res.status()}` : 'no request'}): ${await dialogError(page)}`);
  }
  await byTestId(page, 'transition-form').waitFor({ state: 'detached', timeout: TIMEOUT_MS });
}

/** In the open receive dialog: waits for the seal check to pass, then accepts. */
async function acceptInDialog(page: Page): Promise<void> {
  await expectText(page, 'receive-verification', '校验通过', 'the e-seal and digest check');
  const answered = page.waitForResponse((r) => /\/api\/transfers\/[^/]+\/accept$/.test(r.url()), { timeout: TIMEOUT_MS });
  await byTestId(page, 'receive-accept').click();
  const res = await answered;
  if (res.status() !== 200) throw new StepFailure(`accepting: HTTP ${res.status()} ${await dialogError(page)}`);
  await byTestId(page, 'receive-dialog').waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
}

/** Receives what was sent to the user's unit from the home page's inbox, by the case's number. */
async function receiveFromInbox(page: Page, c: CaseRef): Promise<void> {
  await page.goto(`${BASE_URL}/`);
  const item = page.locator('[data-testid="inbox-item"][data-kind="transfer-to-receive"]', { hasText: c.caseNumber });
  try {
    await item.first().waitFor({ timeout: TIMEOUT_MS });
  } catch {
    throw new StepFailure(`the inbox shows no transfer of ${c.caseNumber} to receive`);
  }
  await item.first().locator('[data-testid="inbox-receive"]').click();
  await acceptInDialog(page);
}

/** Receives what was sent to the user's unit from the case page's actions. */
async function receiveOnCasePage(page: Page, c: CaseRef): Promise<void> {
  await openCase(page, c);
  await expectVisible(page, 'receive-transfer', 'the receive button on the case page');
  await byTestId(page, 'receive-transfer').first().click();
  await acceptInDialog(page);
}

/** Registers a theft case with a suspect and a victim through the case list's form. */
async function registerCase(page: Page, c: CaseRef): Promise<void> {
  await page.goto(`${BASE_URL}/cases`);
  await expectVisible(page, 'register-case', 'the register button of the case list');
  await byTestId(page, 'register-case').click();
  await byTestId(page, 'register-title').fill(c.title);
  await byTestId(page, 'register-person-name').first().fill('张三丰');
  await byTestId(page, 'register-add-person').click();
  await byTestId(page, 'register-person-name').nth(1).fill('李四');
  await byTestId(page, 'register-case-submit').click();
  await expectPath(page, /^\/cases\/[0-9a-f-]{36}$/, 'after registering');
  c.id = page.url().split('/cases/')[1]?.split(/[?#]/)[0] ?? '';
  await expectVisible(page, 'case-number', 'the new case page');
  c.caseNumber = await textOf(page, 'case-number');
  await expectStage(page, 'registered', 'a new case');
}

function journeyA(c: CaseRef): Step[] {
  return [
    {
      name: 'police-register',
      as: POLICE,
      run: async (page) => {
        await registerCase(page, c);
        // the suspect's name is masked on the page
        const persons = await byTestId(page, 'case-persons').innerText();
        assert(!persons.includes('张三丰') && persons.includes('张*'), 'the suspect\'s name should be masked on the case page');
        // the case list finds it by its number
        await page.goto(`${BASE_URL}/cases`);
        await byTestId(page, 'case-search').locator('input').fill(c.caseNumber);
        await byTestId(page, 'case-search').locator('input').press('Enter');
        await expectText(page, 'case-link', c.caseNumber, 'the case list searched by case number');
      },
    },
    {
      name: 'police-detain-and-reveal',
      as: POLICE,
      run: async (page) => {
        await openCase(page, c);
        const suspectRow = page.locator('[data-testid="case-persons"] tr', { hasText: '犯罪嫌疑人' });
        await suspectRow.locator('[data-testid="person-measure-change"]').click();
        await expectVisible(page, 'measure-form', 'the measure dialog');
        await uploadPdf(page, 'upload-detention-warrant', 'detention-warrant');
        await byTestId(page, 'measure-submit').click();
        await byTestId(page, 'measure-form').waitFor({ state: 'detached', timeout: TIMEOUT_MS });
        await expectText(page, 'person-measure', '拘留', 'the suspect\'s measure');
        // detention starts the 24-hour clocks: due within the day, coloured as nearly due
        await page.locator('[data-testid="case-clocks"] [data-testid="days-left"][data-urgency="nearly-due"]').first().waitFor({ timeout: TIMEOUT_MS });
        // the audited reveal
        await suspectRow.locator('[data-testid="person-reveal"]').click();
        await expectText(page, 'revealed-name', '张三丰', 'the revealed name');
        await expectText(page, 'reveal-audited', '审计', 'the notice that the reveal is recorded');
        await page.keyboard.press('Escape');
      },
    },
    {
      name: 'police-start-investigation',
      as: POLICE,
      run: async (page) => {
        await fire(page, 'start-investigation', { upload: ['registration-decision'] });
        await expectStage(page, 'investigation', 'after starting the investigation');
      },
    },
    {
      name: 'police-request-arrest',
      as: POLICE,
      run: async (page) => {
        await fire(page, 'request-arrest', { upload: ['arrest-request-form', 'dossier'], receiver: PROCURATORATE_UNIT });
        // a hand-over moves the case when the receiver accepts it
        await expectStage(page, 'investigation', 'while the arrest request waits to be received');
        await byTestId(page, 'case-tab-transfers').click();
        await page.locator('[data-testid="transfer-state"][data-state="sent"]').first().waitFor({ timeout: TIMEOUT_MS });
        await byTestId(page, 'transfer-verify').first().click();
        await expectText(page, 'transfer-verify-result', '校验通过', 'verifying the sent transfer');
      },
    },
    {
      name: 'procuratorate-receive-arrest-request',
      as: PROCURATOR,
      run: async (page) => {
        await receiveFromInbox(page, c);
        await openCase(page, c);
        await expectStage(page, 'arrest-review', 'after the procuratorate accepted the arrest request');
      },
    },
    {
      name: 'procuratorate-approve-arrest',
      as: PROCURATOR,
      run: async (page) => {
        await fire(page, 'approve-arrest', { upload: ['arrest-decision'] });
        await expectStage(page, 'investigation', 'after approving the arrest');
        await expectText(page, 'person-measure', '逮捕', 'the suspect\'s measure after the arrest');
      },
    },
    {
      name: 'police-record-evidence',
      as: POLICE,
      run: async (page) => {
        await openCase(page, c);
        await byTestId(page, 'case-tab-evidence').click();
        await expectVisible(page, 'evidence-missing', 'the list of missing evidence');
        await byTestId(page, 'evidence-add-victim-statement').click();
        await byTestId(page, 'evidence-description').fill('被害人李四询问笔录（2份）');
        await byTestId(page, 'evidence-submit').click();
        await byTestId(page, 'evidence-form').waitFor({ state: 'detached', timeout: TIMEOUT_MS });
        await page.locator('[data-testid="evidence-status"][data-item="victim-statement"]', { hasText: '已登记' }).waitFor({ timeout: TIMEOUT_MS });
        // a handler cannot transfer over the rest: the dialog says what is missing and asks for a unit head
        await byTestId(page, 'transition-transfer-for-prosecution').click();
        await expectVisible(page, 'transition-evidence-missing', 'the missing-evidence warning for a handler');
        assert((await byTestId(page, 'transition-override-reason').count()) === 0, 'a handler is offered the unit head\'s override');
        await page.keyboard.press('Escape');
      },
    },
    {
      name: 'police-register-property',
      as: POLICE,
      run: async (page) => {
        await openCase(page, c);
        await byTestId(page, 'case-tab-property').click();
        await byTestId(page, 'property-register').click();
        await byTestId(page, 'property-description').fill('黑色电动自行车一辆（车架号 LX2026001）');
        await byTestId(page, 'property-quantity').fill('1辆');
        await byTestId(page, 'property-storageReceipt').fill('QS-2026-0815');
        await byTestId(page, 'property-form-submit').click();
        await byTestId(page, 'property-form').waitFor({ state: 'detached', timeout: TIMEOUT_MS });
        await page.locator('[data-testid="property-state"][data-state="held"]').waitFor({ timeout: TIMEOUT_MS });
      },
    },
    {
      name: 'police-head-transfer-for-prosecution',
      as: POLICE_HEAD,
      run: async (page) => {
        await openCase(page, c);
        await fire(page, 'transfer-for-prosecution', {
          upload: ['transfer-form', 'evidence-list', 'seized-property-list'],
          receiver: PROCURATORATE_UNIT,
          override: '价格认定结论书尚未出具，羁押期限将届满，先行移送',
        });
        await byTestId(page, 'case-tab-timeline').click();
        await page.locator('[data-testid="timeline-event"][data-kind="evidence-override"]').waitFor({ timeout: TIMEOUT_MS });
      },
    },
    {
      name: 'police-hand-over-property',
      as: POLICE,
      run: async (page) => {
        await openCase(page, c);
        await byTestId(page, 'case-tab-property').click();
        await byTestId(page, 'property-hand-over').click();
        await byTestId(page, 'property-hand-over-form-submit').click();
        await byTestId(page, 'property-hand-over-form').waitFor({ state: 'detached', timeout: TIMEOUT_MS });
        await page.locator('[data-testid="property-state"][data-state="in-transfer"]').waitFor({ timeout: TIMEOUT_MS });
      },
    },
    {
      name: 'procuratorate-receive-on-case-page',
      as: PROCURATOR,
      run: async (page) => {
        await receiveOnCasePage(page, c);
        await expectStage(page, 'prosecution-review', 'after accepting the transfer for prosecution');
        // the seized property came with it, received item by item
        await byTestId(page, 'case-tab-property').click();
        await byTestId(page, 'property-receive').first().click();
        await page.locator('[data-testid="property-state"][data-state="held"]').waitFor({ timeout: TIMEOUT_MS });
        await expectText(page, 'case-property', PROCURATORATE_UNIT, 'the unit now keeping the item');
      },
    },
    {
      name: 'procuratorate-return-property-to-owner',
      as: PROCURATOR,
      run: async (page) => {
        // the victim's bicycle goes back to its owner on the procuratorate's decision, uploaded in the dialog
        await openCase(page, c);
        await byTestId(page, 'case-tab-property').click();
        await byTestId(page, 'property-dispose').first().click();
        await expectVisible(page, 'property-disposal-form', 'the disposal dialog');
        await page.locator('[data-testid="property-disposal-choice"] label', { hasText: '发还' }).click();
        await uploadPdf(page, 'property-disposal-upload', 'return-decision');
        const answered = page.waitForResponse((r) => /\/api\/property\/[^/]+\/disposal$/.test(r.url()), { timeout: TIMEOUT_MS });
        await byTestId(page, 'property-disposal-form-submit').click();
        const res = await answered;
        if (res.status() !== 200) throw new StepFailure(`disposing of the item: HTTP ${res.status()} ${await dialogError(page)}`);
        await page.locator('[data-testid="property-state"][data-state="disposed"]').waitFor({ timeout: TIMEOUT_MS });
        await expectText(page, 'property-disposal', '发还', 'how the item was disposed of');
        assert((await byTestId(page, 'property-dispose').count()) === 0, 'a disposed item is offered for disposal again');
        await byTestId(page, 'case-tab-timeline').click();
        await page.locator('[data-testid="timeline-event"][data-kind="property-disposed"]').waitFor({ timeout: TIMEOUT_MS });
      },
    },
    {
      name: 'procuratorate-indict',
      as: PROCURATOR,
      run: async (page) => {
        await fire(page, 'indict', { upload: ['indictment', 'seized-property-list'], receiver: COURT_UNIT });
      },
    },
    {
      name: 'court-receive-indictment',
      as: JUDGE,
      run: async (page) => {
        await receiveFromInbox(page, c);
        await openCase(page, c);
        await expectStage(page, 'first-instance', 'after the court accepted the indictment');
        await expectText(page, 'case-persons', '被告人', 'the suspect, now a defendant');
      },
    },
    {
      name: 'procuratorate-ask-for-paper-dossier',
      as: PROCURATOR,
      run: async (page) => {
        await openCase(page, c);
        await byTestId(page, 'case-tab-loans').click();
        await byTestId(page, 'loan-request').click();
        await byTestId(page, 'loan-reason').fill('出庭支持公诉，需核对原始讯问笔录');
        await byTestId(page, 'loan-pages').fill('第1卷第1-12页');
        await byTestId(page, 'loan-request-form-submit').click();
        await page.locator('[data-testid="loan-state"][data-state="requested"]').waitFor({ timeout: TIMEOUT_MS });
      },
    },
    {
      name: 'court-lend-and-take-back-paper-dossier',
      as: JUDGE,
      run: async (page) => {
        await openCase(page, c);
        await byTestId(page, 'case-tab-loans').click();
        await byTestId(page, 'loan-decide').click();
        const due = new Date(Date.now() + (8 + 7 * 24) * 3_600_000).toISOString().slice(0, 10);
        const picker = byTestId(page, 'loan-due-date').first();
        const input = (await picker.evaluate((el) => el.tagName)) === 'INPUT' ? picker : picker.locator('input').first();
        await input.click();
        await input.fill(due);
        await input.press('Enter');
        await byTestId(page, 'loan-decision-form-submit').click();
        await page.locator('[data-testid="loan-state"][data-state="lent"]').waitFor({ timeout: TIMEOUT_MS });
        await byTestId(page, 'loan-return').click();
        await page.locator('[data-testid="loan-state"][data-state="returned"]').waitFor({ timeout: TIMEOUT_MS });
      },
    },
    {
      name: 'court-pronounce-judgment',
      as: JUDGE,
      run: async (page) => {
        await fire(page, 'pronounce-judgment', { upload: ['judgment'], receiver: PROCURATORATE_UNIT });
      },
    },
    {
      name: 'procuratorate-acknowledge-judgment',
      as: PROCURATOR,
      run: async (page) => {
        await receiveFromInbox(page, c);
        await openCase(page, c);
        await expectStage(page, 'appeal-period', 'after the procuratorate received the judgment');
      },
    },
    {
      name: 'court-judgment-takes-effect',
      as: JUDGE,
      run: async (page) => {
        await openCase(page, c);
        await fire(page, 'judgment-takes-effect');
        await expectStage(page, 'effective', 'after the appeal period');
        await expectText(page, 'case-persons', '罪犯', 'the defendant, now a convict');
      },
    },
    {
      name: 'court-deliver-for-execution',
      as: JUDGE,
      run: async (page) => {
        await fire(page, 'deliver-for-execution', { upload: ['execution-notice'], receiver: PRISON_UNIT });
      },
    },
    {
      name: 'prison-receive',
      as: PRISON,
      run: async (page) => {
        await receiveFromInbox(page, c);
        await openCase(page, c);
        await expectStage(page, 'execution', 'after the prison received the case');
        await expectText(page, 'case-holder', PRISON_UNIT, 'the unit holding the case');
        // the dossier went along: the prison reads every document, with its digest
        await byTestId(page, 'document-view').first().click();
        await expectVisible(page, 'document-frame', 'the PDF viewer');
        await page.keyboard.press('Escape');
        // and in English
        await byTestId(page, 'lang-switch').click();
        await expectText(page, 'case-stage', 'Execution', 'the stage in English');
        await byTestId(page, 'lang-switch').click();
      },
    },
  ];
}

function journeyB(c: CaseRef): Step[] {
  return [
    {
      name: 'police-register-and-investigate',
      as: POLICE,
      run: async (page) => {
        await registerCase(page, c);
        await fire(page, 'start-investigation', { upload: ['registration-decision'] });
        await expectStage(page, 'investigation', 'after starting the investigation');
      },
    },
    {
      name: 'police-head-transfer',
      as: POLICE_HEAD,
      run: async (page) => {
        await openCase(page, c);
        await fire(page, 'transfer-for-prosecution', {
          upload: ['transfer-form', 'dossier', 'evidence-list', 'seized-property-list'],
          receiver: PROCURATORATE_UNIT,
          override: '证据材料随后补充，先行移送审查',
        });
      },
    },
    {
      name: 'procuratorate-return-unreceived',
      as: PROCURATOR,
      run: async (page) => {
        await openCase(page, c);
        await byTestId(page, 'receive-transfer').first().click();
        await expectText(page, 'receive-verification', '校验通过', 'the e-seal and digest check');
        await byTestId(page, 'receive-return').click();
        await byTestId(page, 'receive-return-reason').fill('移送材料缺少讯问笔录，不予接收');
        await byTestId(page, 'receive-return-confirm').click();
        await byTestId(page, 'receive-dialog').waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
        await byTestId(page, 'case-tab-transfers').click();
        await page.locator('[data-testid="transfer-state"][data-state="returned"]').first().waitFor({ timeout: TIMEOUT_MS });
        await expectStage(page, 'investigation', 'a returned transfer leaves the case with the police');
      },
    },
    {
      name: 'police-head-transfer-again',
      as: POLICE_HEAD,
      run: async (page) => {
        await openCase(page, c);
        await fire(page, 'transfer-for-prosecution', { receiver: PROCURATORATE_UNIT, override: '已补充讯问笔录，重新移送' });
      },
    },
    {
      name: 'procuratorate-accept',
      as: PROCURATOR,
      run: async (page) => {
        await receiveFromInbox(page, c);
        await openCase(page, c);
        await expectStage(page, 'prosecution-review', 'after accepting the transfer for prosecution');
      },
    },
    {
      name: 'procuratorate-return-for-supplementary-investigation',
      as: PROCURATOR,
      run: async (page) => {
        await fire(page, 'return-for-supplementary-investigation', { upload: ['return-form'], receiver: POLICE_UNIT });
      },
    },
    {
      name: 'police-accept-return',
      as: POLICE,
      run: async (page) => {
        await receiveFromInbox(page, c);
        await openCase(page, c);
        await expectStage(page, 'supplementary-investigation', 'after the police accepted the return');
        // the supplementary investigation's clock runs
        await expectText(page, 'case-clocks', '补充侦查', 'the supplementary investigation clock');
      },
    },
    {
      name: 'police-resubmit',
      as: POLICE,
      run: async (page) => {
        await fire(page, 'resubmit-after-supplementary-investigation', {
          upload: ['supplementary-report'],
          receiver: PROCURATORATE_UNIT,
        });
      },
    },
    {
      name: 'procuratorate-accept-again',
      as: PROCURATOR,
      run: async (page) => {
        await receiveOnCasePage(page, c);
        await expectStage(page, 'prosecution-review', 'after accepting the resubmitted case');
        await expectText(page, 'case-header', '退回补充侦查次数', 'the count of returns');
      },
    },
  ];
}

const run = Date.now().toString(36);
const a: CaseRef = { title: `示范区某超市盗窃案（浏览器旅程 A ${run}）`, id: '', caseNumber: '' };
const b: CaseRef = { title: `示范区某小区盗窃案（浏览器旅程 B ${run}）`, id: '', caseNumber: '' };
process.exitCode = await runJourneys([
  ['case-a', journeyA(a)],
  ['case-b', journeyB(b)],
]);
