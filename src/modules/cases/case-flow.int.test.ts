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

interface Named {
  id: string;
  zh: string;
  en: string;
}

describe('GET /api/rules/case-flow', () => {
  it('serves every name of the flow in both languages, who may do what and the documents it needs, to every account', async () => {
    const flow = (await d.api(POLICE, 'GET', '/api/rules/case-flow')).body;
    for (const kind of ['documents', 'stages', 'scenarios', 'transitions', 'measures']) {
      expect(flow[kind].length, kind).toBeGreaterThan(0);
      for (const n of flow[kind] as Named[]) {
        expect(n.zh, `${kind}.${n.id}`).toBeTruthy();
        expect(n.en, `${kind}.${n.id}`).toBeTruthy();
      }
    }
    expect(flow.scenarios.find((s: Named) => s.id === 'arrest-request')).toMatchObject({
      zh: '提请批准逮捕',
      en: 'Request for approval of arrest',
      from: ['police'],
      to: ['procuratorate'],
      requires: ['arrest-request-form', 'dossier'],
      answers: ['approve-arrest', 'refuse-arrest'],
    });
    expect(flow.transitions.find((x: Named) => x.id === 'transfer-for-prosecution')).toMatchObject({
      zh: '移送审查起诉',
      en: 'Transfer for prosecution',
      from: ['investigation'],
      to: 'prosecution-review',
      by: { agency: ['police'], roles: ['handler', 'unit-head'], actor: 'holder' },
      handsOver: 'prosecution-transfer',
      answers: null,
      evidenceChecklist: true,
      measure: null,
    });
    expect(flow.measures.find((m: Named) => m.id === 'arrest')).toEqual({
      id: 'arrest',
      zh: '逮捕',
      en: 'Arrest',
      custody: true,
      by: ['procuratorate', 'court'],
      requires: ['arrest-decision'],
    });
    expect(flow.stages.find((s: Named) => s.id === 'closed')).toEqual({ id: 'closed', zh: '已结案', en: 'Closed', holder: [] });
    // reference data: any logged-in account reads it, none without a login
    for (const user of ['supervisor', 'committee-990000-auditor', 'committee-990102-administrator']) {
      expect((await d.api(user, 'GET', '/api/rules/case-flow')).status, user).toBe(200);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/rules/case-flow' })).statusCode).toBe(401);
  });
});

describe('the case page names transitions and transfers in English too', () => {
  it('gives each available transition its English name and each transfer its scenario in English', async () => {
    const caseId = await d.register(POLICE);
    const before = (await d.api(POLICE, 'GET', `/api/cases/${caseId}`)).body;
    expect(before.transitions.find((x: Named) => x.id === 'start-investigation')).toMatchObject({ zh: '开始侦查', en: 'Start the investigation' });
    await d.investigate(POLICE, caseId);
    await d.requestArrest(POLICE, caseId, 'procuratorate-990102');
    const after = (await d.api(PROCURATOR, 'GET', `/api/cases/${caseId}`)).body;
    expect(after.transfers[0]).toMatchObject({ scenario: 'arrest-request', scenarioName: '提请批准逮捕', scenarioNameEn: 'Request for approval of arrest' });
  });
});
