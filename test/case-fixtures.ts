/**
 * Drives cases through the API for the integration tests of the case flow's extras (loans, seized property,
 * the collaboration rate) and the case permission matrix: every step as a demo user would take it.
 */
import { expect } from 'vitest';
import { type TestApp, bearer } from './app.ts';
import { PNG_1X1, pdfBytes } from './documents.ts';

export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test answers are read field by field
  body: any;
}

export interface CaseDriver {
  /** Unit ids by unit code (`police-990102`). */
  units: Record<string, string>;
  api(user: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown): Promise<ApiAnswer>;
  /** Uploads a one-page PDF (or a PNG with `png`) to the case's dossier; answers its id. */
  upload(user: string, caseId: string, kind: string, opts?: { png?: boolean }): Promise<string>;
  fire(user: string, caseId: string, body: Record<string, unknown>): Promise<ApiAnswer>;
  /** A case registered by `police` (a police handler), with a suspect and a victim. */
  register(police: string, opts?: { title?: string; charge?: string }): Promise<string>;
  /** registered -> investigation. */
  investigate(police: string, caseId: string): Promise<void>;
  /** Sends the arrest request to the procuratorate of `procuratorateCode`; answers the transfer id. */
  requestArrest(police: string, caseId: string, procuratorateCode: string): Promise<string>;
  /** Sends the case for prosecution (a charge without an evidence checklist, so no gate); answers the transfer id. */
  transferForProsecution(police: string, caseId: string, procuratorateCode: string): Promise<string>;
  accept(user: string, transferId: string): Promise<void>;
}

export async function caseDriver(t: TestApp): Promise<CaseDriver> {
  const units: Record<string, string> = {};
  for (const r of await t.db.query<{ id: string; code: string }>('SELECT id, code FROM unit')) units[r.code] = r.id;
  let counter = 0;

  const api: CaseDriver['api'] = async (user, method, url, payload) => {
    const res = await t.app.inject({ method, url, headers: bearer(await t.login(user)), ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  };

  const upload: CaseDriver['upload'] = async (user, caseId, kind, opts = {}) => {
    const bytes = opts.png ? PNG_1X1 : await pdfBytes(1, `${kind} #${++counter} ${caseId}`);
    const name = `${kind}-${counter}.${opts.png ? 'png' : 'pdf'}`;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/documents?kind=${kind}&name=${encodeURIComponent(name)}`,
      headers: { ...bearer(await t.login(user)), 'content-type': opts.png ? 'image/png' : 'application/pdf' },
      payload: Buffer.from(bytes),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  const fire: CaseDriver['fire'] = (user, caseId, body) => api(user, 'POST', `/api/cases/${caseId}/transitions`, body);

  const ok = (r: ApiAnswer, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };

  const driver: CaseDriver = {
    units,
    api,
    upload,
    fire,
    async register(police, opts = {}) {
      const body = await api(police, 'POST', '/api/cases', {
        title: opts.title ?? `示范案件 ${++counter}`,
        charge: opts.charge ?? '寻衅滋事',
        persons: [
          { role: 'suspect', name: '张三丰' },
          { role: 'victim', name: '李四' },
        ],
      });
      return ok(body, 201).id as string;
    },
    async investigate(police, caseId) {
      const reg = await upload(police, caseId, 'registration-decision');
      ok(await fire(police, caseId, { transition: 'start-investigation', documentIds: [reg] }));
    },
    async requestArrest(police, caseId, procuratorateCode) {
      const docs = [await upload(police, caseId, 'arrest-request-form'), await upload(police, caseId, 'dossier')];
      return ok(await fire(police, caseId, { transition: 'request-arrest', documentIds: docs, receiverUnitId: units[procuratorateCode] })).transfer.id;
    },
    async transferForProsecution(police, caseId, procuratorateCode) {
      const docs = [];
      for (const kind of ['transfer-form', 'dossier', 'evidence-list', 'seized-property-list']) docs.push(await upload(police, caseId, kind));
      return ok(await fire(police, caseId, { transition: 'transfer-for-prosecution', documentIds: docs, receiverUnitId: units[procuratorateCode] })).transfer.id;
    },
    async accept(user, transferId) {
      ok(await api(user, 'POST', `/api/transfers/${transferId}/accept`));
    },
  };
  return driver;
}

/** The audit chain's head: a refused request must leave it as it was. */
export async function auditHead(t: TestApp): Promise<{ seq: string; hash: string }> {
  return (await t.db.query<{ seq: string; hash: string }>('SELECT seq::text, hash FROM audit_head WHERE id = 1'))[0]!;
}
