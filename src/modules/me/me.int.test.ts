import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app.ts';
import { type CaseDriver, caseDriver } from '../../../test/case-fixtures.ts';

let t: TestApp;
let d: CaseDriver;

const POLICE = 'police-990102-handler';
const PROCURATOR = 'procuratorate-990102-handler';

beforeAll(async () => {
  t = await createTestApp();
  d = await caseDriver(t);
});
afterAll(() => t.close());

describe('GET /api/me: the menu and the permissions the web app shows', () => {
  it('offers the case pages to the roles that read cases, and says who may register, change and reveal', async () => {
    const me = async (user: string) => (await d.api(user, 'GET', '/api/me')).body as { menu: string[]; permissions: string[] };
    const police = await me(POLICE);
    expect(police.menu).toContain('cases');
    expect(police.permissions).toEqual(expect.arrayContaining(['case:read', 'case:create', 'case:update', 'case:reveal', 'paper-loan:create', 'seized-property:create']));
    const procurator = await me(PROCURATOR);
    expect(procurator.menu).toContain('cases');
    expect(procurator.permissions).not.toContain('case:create');
    // a supervisor reads every case of the region, personal data masked
    const supervisor = await me('committee-990102-supervisor');
    expect(supervisor.menu).toContain('cases');
    expect(supervisor.permissions).toContain('case:read');
    expect(supervisor.permissions).not.toContain('case:reveal');
    expect(supervisor.permissions).not.toContain('case:update');
    // an administrator manages accounts, not cases
    const admin = await me('committee-990102-administrator');
    expect(admin.menu).not.toContain('cases');
    expect(admin.permissions).not.toContain('case:read');
  });

  it('offers the collaboration rate to a committee supervisor and to the handlers and heads of case-handling units only', async () => {
    const menu = async (user: string) => ((await d.api(user, 'GET', '/api/me')).body as { menu: string[] }).menu;
    for (const user of ['committee-990102-supervisor', POLICE, 'procuratorate-990102-unit-head']) expect(await menu(user), user).toContain('collaboration-rate');
    for (const user of ['committee-990102-administrator', 'committee-990102-auditor', 'governance-center-990102-mediator']) {
      expect(await menu(user), user).not.toContain('collaboration-rate');
    }
  });

  it('offers the governance pages by permission: the intake desk to who takes disputes in, the lists to who reads them', async () => {
    const me = async (user: string) => (await d.api(user, 'GET', '/api/me')).body as { menu: string[]; permissions: string[] };
    const handler = await me('governance-center-990102-handler');
    expect(handler.menu).toEqual(expect.arrayContaining(['dispute-desk', 'disputes', 'grid-events']));
    expect(handler.permissions).toEqual(expect.arrayContaining(['dispute:create', 'dispute:read', 'dispute:update', 'dispute:reveal']));
    const office = await me('petition-office-990102-handler');
    expect(office.menu).toContain('petitions');
    expect(office.menu).not.toContain('dispute-desk');
    expect(office.permissions).toContain('petition:create');
    const supervisor = await me('committee-990102-supervisor');
    expect(supervisor.menu).toEqual(expect.arrayContaining(['disputes', 'petitions', 'grid-events', 'governance-metrics']));
    expect(supervisor.menu).not.toContain('dispute-desk');
    expect(supervisor.permissions).not.toContain('dispute:update');
    const police = await me(POLICE);
    expect(police.menu).not.toContain('dispute-desk');
    expect(police.menu).not.toContain('governance-metrics');
  });
});

describe('GET /api/inbox', () => {
  it('gives the case flow\'s items an English title beside the Chinese one', async () => {
    const caseId = await d.register(POLICE);
    await d.investigate(POLICE, caseId);
    const transferId = await d.requestArrest(POLICE, caseId, 'procuratorate-990102');
    const items = (await d.api(PROCURATOR, 'GET', '/api/inbox')).body.items as { id: string; title: string; titleEn?: string }[];
    const item = items.find((i) => i.id === `transfer:${transferId}`);
    expect(item?.title).toMatch(/^待接收：提请批准逮捕/);
    expect(item?.titleEn).toMatch(/^To receive: Request for approval of arrest · /);
  });
});
