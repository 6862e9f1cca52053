/**
 * The oversight part of the demo (issue 5 part 8), loaded after the demo's cases: what the catalogue watches that
 * the cases' flow does not produce by itself — incidents and what became of them (one re-registered after a
 * withdrawal), one county's police withdrawing a run of investigations (drunk drivers over the aggravated level among
 * the withdrawn), structured case records (sentences, meritorious service, appraisals, blood alcohol, commutation and
 * parole proposals), paper-dossier loans (one procuratorate borrowing far more than the others), historical records
 * imported from the province's former system (a case that reached the procuratorate off-line, a dossier over the
 * online page limit, a case returned three times and once resubmitted without its report) — then a full run of the
 * models and supervision items raised from its hits in every state, one of them overdue. Everything goes through
 * the services as the demo's officers, with the services' clock set back, except the imported records, which the
 * platform itself would refuse and which are marked as imported.
 */
import { randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type { AppDeps } from '../app-deps.ts';
import { activePrincipals } from '../modules/auth/auth.repository.ts';
import type { RequestContext } from '../modules/auth/principal.ts';
import { addCaseUnit, appendCaseEvent, insertCase, insertDocument, insertTransfer, setTransferState } from '../modules/cases/cases.repository.ts';
import { fireTransition, registerCase, uploadDocument } from '../modules/cases/cases.service.ts';
import { activeSigningKey, signDigest } from '../modules/cases/unit-keys.ts';
import { decideIncident, receiveIncident } from '../modules/incidents/incidents.service.ts';
import { decideLoan, requestLoan, returnLoan } from '../modules/loans/loans.service.ts';
import { addCaseRecord } from '../modules/records/records.service.ts';
import { actOnItem, raiseClassRemediation, raiseItem } from '../modules/supervision/supervision.service.ts';
import { type RunSummary, runFull } from '../modules/warnings/warnings.service.ts';
import { canonicalManifest, manifestDigest } from '../shared/canonical-manifest.ts';
import { DEMO_CLIENT } from './seed-demo-cases.ts';

const DAY = 86_400_000;
const IMPORTED = '【原系统迁移】';

export interface DemoOversightResult {
  incidents: number;
  records: number;
  loans: number;
  imported: number;
  items: number;
  run: RunSummary;
}

interface CaseRow {
  id: string;
  title: string;
  charge: string;
  stage: string;
  holder: string | null;
  registered_by_code: string;
  registered_at: Date | string;
  persons: string[];
}

/** Loads the demo's oversight facts into a database holding the demo province and its cases (seed 1). */
export async function seedDemoOversight(deps: AppDeps, opts: { now: Date }): Promise<DemoOversightResult> {
  const now = opts.now.getTime();
  const principals = await activePrincipals(deps.db, DEMO_CLIENT);
  const ctxOf = (username: string): RequestContext => {
    const principal = principals.get(username);
    if (!principal) throw new Error(`demo oversight: no active account ${username}`);
    return { principal, clientAddress: DEMO_CLIENT };
  };
  /** The services as they were `ago` ms before the demo's "now". */
  const at = (ago: number): AppDeps => ({ ...deps, now: () => new Date(now - ago) });
  const cases = async (where: string, params: unknown[] = []) =>
    deps.db.query<CaseRow>(
      `SELECT c.id, c.title, c.charge, c.stage, hu.code AS holder, ru.code AS registered_by_code, c.registered_at,
              ARRAY(SELECT p.id::text FROM case_person p WHERE p.case_id = c.id AND p.role IN ('suspect', 'defendant', 'convict') ORDER BY p.created_at, p.id) AS persons
         FROM criminal_case c LEFT JOIN unit hu ON hu.id = c.holder_unit_id JOIN unit ru ON ru.id = c.registered_by
        WHERE ${where} ORDER BY c.case_number`,
      params,
    );
  const counties = (await deps.db.query<{ code: string }>("SELECT code FROM region WHERE level = 'county' ORDER BY code")).map((r) => r.code);
  let incidents = 0;
  let records = 0;
  let loans = 0;
  let imported = 0;

  // Incidents (警情), per county: declined, mediated, registered as one of its cases, one pending within the days
  // allowed; two counties leave one over the threshold pending too long, one fines what is a crime
  for (const [i, county] of counties.entries()) {
    const police = ctxOf(`police-${county}-handler`);
    const receive = async (ago: number, category: string, amount: number | null, summary: string) => {
      incidents++;
      return receiveIncident(at(ago), police, { category, amount, summary, reportedAt: new Date(now - ago).toISOString() });
    };
    const declined = await receive(20 * DAY, 'theft', 1200, '电动车电瓶被盗');
    await decideIncident(at(18 * DAY), police, declined.id, { outcome: 'declined', note: '涉案数额未达到立案追诉标准' });
    const mediated = await receive(15 * DAY, 'fight', null, '邻里纠纷引发推搡');
    await decideIncident(at(14 * DAY), police, mediated.id, { outcome: 'mediated', note: '双方达成调解协议' });
    const [own] = await cases('ru.code = $1 AND c.incident_id IS NULL AND c.registered_at < $2', [`police-${county}`, new Date(now - 25 * DAY).toISOString()]);
    if (own) {
      const registered = await receive(now - new Date(own.registered_at).getTime() + DAY, own.charge in CATEGORY ? CATEGORY[own.charge]! : 'other', 15000, `${own.title}（报案）`);
      await decideIncident(at(now - new Date(own.registered_at).getTime()), police, registered.id, { outcome: 'registered', caseId: own.id });
    }
    await receive(2 * DAY, 'theft', 3500, '手机被盗');
    if (i < 2) await receive(12 * DAY, 'theft', 6800, '商铺现金被盗');
    if (i === 2) {
      const fined = await receive(30 * DAY, 'fraud', 9000, '冒充客服骗取钱款');
      await decideIncident(at(27 * DAY), police, fined.id, { outcome: 'administrative-penalty', note: '处以罚款五千元' });
    }
  }

  // A withdrawn case registered again for the same facts
  const [withdrawn] = await deps.db.query<{ id: string; code: string; title: string; charge: string; registered_at: Date; withdrawn_at: Date }>(
    `SELECT c.id, u.code, c.title, c.charge, c.registered_at, e.at AS withdrawn_at FROM criminal_case c
       JOIN case_event e ON e.case_id = c.id AND e.kind = 'transition' AND e.details->>'transition' = 'withdraw-case'
       JOIN unit u ON u.id = c.registered_by
      WHERE c.incident_id IS NULL AND e.at < $1 ORDER BY e.at LIMIT 1`,
    [new Date(now - 10 * DAY).toISOString()],
  );
  if (withdrawn) {
    const police = ctxOf(`${withdrawn.code}-handler`);
    const registeredAgo = now - new Date(withdrawn.registered_at).getTime();
    const incident = await receiveIncident(at(registeredAgo + DAY), police, { category: CATEGORY[withdrawn.charge] ?? 'other', amount: 8000, summary: `${withdrawn.title}（报案）`, reportedAt: new Date(now - registeredAgo - DAY).toISOString() });
    await decideIncident(at(registeredAgo), police, incident.id, { outcome: 'registered', caseId: withdrawn.id });
    const againAgo = Math.max(DAY, (now - new Date(withdrawn.withdrawn_at).getTime()) / 2);
    const again = await registerCase(at(againAgo), police, { title: `${withdrawn.title}（重新立案）`, charge: withdrawn.charge, persons: [{ role: 'suspect', name: '王某某' }] });
    await decideIncident(at(againAgo), police, incident.id, { outcome: 'registered', caseId: again.id });
    incidents++;
  }

  // One county's police withdraw a run of their investigations within a month, well above the province's rate; among
  // them a drunk driver tested above the aggravated level, as is a second one withdrawn in another county
  const quiet = (police: string) =>
    cases(
      `c.stage IN ('registered', 'investigation') AND hu.code = $1 AND NOT c.on_paper
         AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.case_id = c.id AND t.state = 'sent')
         AND (SELECT max(e.at) FROM case_event e WHERE e.case_id = c.id) < $2`,
      [police, new Date(now - 30 * DAY).toISOString()],
    );
  const decision = await onePagePdf('Decision to withdraw the case (demo)');
  const withdraw = async (c: CaseRow, police: string, ago: number, mg: number | null) => {
    if (mg !== null) {
      await addCaseRecord(at(ago + 3 * DAY), ctxOf(`${police}-handler`), c.id, { kind: 'blood-alcohol', personId: c.persons[0]!, data: { mg_per_100ml: mg } });
      records++;
    }
    const head = ctxOf(`${police}-unit-head`);
    const doc = await uploadDocument(at(ago), head, c.id, decision, { kind: 'withdrawal-decision', name: '撤销案件决定书.pdf', volume: 1, declaredMime: 'application/pdf' });
    await fireTransition(at(ago), head, c.id, { transition: 'withdraw-case', documentIds: [doc.id] });
  };
  const drunk = (list: CaseRow[]) => list.filter((c) => c.charge === 'drunk-driving' && c.persons.length > 0);
  const [clearing, other] = [counties[counties.length - 2]!, counties[1]!].map((county) => `police-${county}`) as [string, string];
  const quietOnes = await quiet(clearing);
  const firstDrunk = drunk(quietOnes)[0];
  const batch = [...(firstDrunk ? [firstDrunk] : []), ...quietOnes.filter((c) => c !== firstDrunk)].slice(0, 12);
  for (const [i, c] of batch.entries()) await withdraw(c, clearing, (28 - 2 * i) * DAY, c === firstDrunk ? 236 : null);
  const secondDrunk = drunk(await quiet(other))[0];
  if (secondDrunk) await withdraw(secondDrunk, other, 12 * DAY, 212);

  // Sentences recorded by the courts holding judged cases: around each charge's usual term, one theft far above it
  const judged = await cases("c.stage IN ('appeal-period', 'effective', 'second-instance') AND hu.code LIKE 'court-%'");
  let farDone = false;
  for (const [i, c] of judged.entries()) {
    const person = c.persons[0];
    if (!person) continue;
    const usual = USUAL_MONTHS[c.charge] ?? 12;
    const far: boolean = !farDone && c.charge === 'theft';
    farDone ||= far;
    const months = far ? usual * 5 : usual + ((i * 7) % 5) - 2;
    await addCaseRecord(at(DAY), ctxOf(`${c.holder}-handler`), c.id, { kind: 'sentence', personId: person, data: { penalty: 'fixed-term', months, circumstances: ['confession'] } });
    records++;
  }

  // Meritorious service found on one informant's leads in three cases before three courts
  const tried = (await cases("c.stage = 'first-instance' AND hu.code LIKE 'court-%'")).filter((c) => c.persons.length > 0);
  for (const c of tried.slice(0, 3)) {
    await addCaseRecord(at(3 * DAY), ctxOf(`${c.holder}-handler`), c.id, { kind: 'merit-finding', personId: c.persons[0]!, data: { grade: 'ordinary', informant_ref: 'XS-990102-0031' } });
    records++;
  }

  // Appraisals by the police: three price appraisals of one case, one forensic appraisal not done after 90 days,
  // single ones elsewhere; blood alcohol in the drunk-driving cases they hold
  const investigated = await cases("c.stage = 'investigation' AND hu.code LIKE 'police-%'");
  for (const [i, c] of investigated.slice(0, 8).entries()) {
    const police = ctxOf(`${c.holder}-handler`);
    const appraisal = (kind: string, requestedAgo: number, doneAfter: number | null) =>
      addCaseRecord(at(requestedAgo - (doneAfter ?? 0) * DAY), police, c.id, {
        kind: 'appraisal',
        data: { appraisal_kind: kind, requested_on: isoDay(now - requestedAgo), ...(doneAfter === null ? {} : { completed_on: isoDay(now - requestedAgo + doneAfter * DAY) }) },
      });
    if (i === 0) for (const ago of [40, 30, 20]) await appraisal('price', ago * DAY, 7);
    else if (i === 1) await appraisal('forensic-medicine', 90 * DAY, null);
    else await appraisal(i % 2 ? 'price' : 'forensic-medicine', 30 * DAY, 10);
    records += i === 0 ? 3 : 1;
  }
  for (const [i, c] of investigated.filter((x) => x.charge === 'drunk-driving' && x.persons.length).entries()) {
    await addCaseRecord(at(DAY), ctxOf(`${c.holder}-handler`), c.id, { kind: 'blood-alcohol', personId: c.persons[0]!, data: { mg_per_100ml: 95 + ((i * 37) % 100) } });
    records++;
  }

  // Commutation and parole proposals by the prisons: most in order; one too soon after the last, one too large, one
  // parole before half the term
  const serving = (await cases("c.stage = 'execution' AND hu.code LIKE 'prison-%'")).filter((c) => c.persons.length > 0);
  const proposals: Record<string, unknown>[] = [
    { proposal: 'commutation', penalty: 'fixed-term', sentence_months: 120, served_months: 60, amount_months: 8, last_commutation_on: isoDay(now - 400 * DAY) },
    { proposal: 'commutation', penalty: 'fixed-term', sentence_months: 96, served_months: 50, amount_months: 6, last_commutation_on: isoDay(now - 240 * DAY) },
    { proposal: 'commutation', penalty: 'fixed-term', sentence_months: 180, served_months: 90, amount_months: 15 },
    { proposal: 'parole', penalty: 'fixed-term', sentence_months: 120, served_months: 50 },
    { proposal: 'parole', penalty: 'fixed-term', sentence_months: 60, served_months: 45 },
    { proposal: 'commutation', penalty: 'life', served_months: 80, last_commutation_on: isoDay(now - 800 * DAY) },
  ];
  for (const [i, data] of proposals.entries()) {
    const c = serving[i];
    if (!c) break;
    await addCaseRecord(at(5 * DAY), ctxOf(`${c.holder}-handler`), c.id, { kind: 'commutation-proposal', personId: c.persons[0]!, data });
    records++;
  }

  // Paper-dossier loans: procuratorates borrow from the police of supplementary investigations; one not back
  const supplementary = await cases("c.stage = 'supplementary-investigation' AND hu.code LIKE 'police-%'");
  for (const [i, c] of supplementary.slice(0, 3).entries()) {
    const procuratorate = (await deps.db.query<{ code: string }>("SELECT u.code FROM case_unit cu JOIN unit u ON u.id = cu.unit_id WHERE cu.case_id = $1 AND u.agency = 'procuratorate' LIMIT 1", [c.id]))[0]?.code;
    if (!procuratorate) continue;
    const loan = await requestLoan(at(25 * DAY), ctxOf(`${procuratorate}-handler`), c.id, { reason: '补充侦查期间核对原始卷宗', pages: '第一卷全部' });
    await decideLoan(at(24 * DAY), ctxOf(`${c.holder}-handler`), loan.id, { approve: true, dueDate: isoDay(now - (i === 0 ? 10 : -10) * DAY) });
    if (i === 2) await returnLoan(at(3 * DAY), ctxOf(`${c.holder}-handler`), loan.id);
    loans++;
  }

  // One procuratorate reads the paper dossiers of the cases it works on instead of the online ones: a loan for one case
  // in four of its own over half a year, from the police, courts and prisons holding them, far more than any other unit
  const borrower = `procuratorate-${counties[3]}`;
  const borrowed = await deps.db.query<{ id: string; holder: string; last: Date | string }>(
    `SELECT c.id, hu.code AS holder, (SELECT max(e.at) FROM case_event e WHERE e.case_id = c.id) AS last
       FROM criminal_case c JOIN unit hu ON hu.id = c.holder_unit_id
      WHERE hu.code <> $1 AND EXISTS (SELECT 1 FROM case_unit cu JOIN unit u ON u.id = cu.unit_id WHERE cu.case_id = c.id AND u.code = $1)
        AND NOT EXISTS (SELECT 1 FROM paper_loan l WHERE l.case_id = c.id)
      ORDER BY c.case_number`,
    [borrower],
  );
  const ownCases = (await deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_unit cu JOIN unit u ON u.id = cu.unit_id WHERE u.code = $1', [borrower]))[0]!.n;
  // each after the case's last step, within the half year
  const agoOf = (c: { last: Date | string }) => Math.round(Math.min(170 * DAY, (now - new Date(c.last).getTime()) / 2) / 3_600_000) * 3_600_000;
  for (const c of borrowed.filter((x) => agoOf(x) >= 2 * DAY).slice(0, Math.ceil(ownCases / 4))) {
    const ago = agoOf(c);
    const loan = await requestLoan(at(ago), ctxOf(`${borrower}-handler`), c.id, { reason: '核对原始卷宗材料', pages: '全部卷宗' });
    await decideLoan(at(ago - DAY / 2), ctxOf(`${c.holder}-handler`), loan.id, { approve: true, dueDate: isoDay(now - ago + 14 * DAY) });
    if (ago > 10 * DAY) await returnLoan(at(ago - 7 * DAY), ctxOf(`${c.holder}-handler`), loan.id);
    loans++;
  }

  // Imported from the former system: a case the procuratorate received off-line, and a dossier of 520 pages online
  const pdf = await onePagePdf('Imported from the former system (scanned dossier, 520 pages on paper)');
  const stored = await deps.files.put(pdf);
  const [big] = await cases("c.stage = 'investigation' AND hu.code = 'police-990104' AND NOT c.on_paper");
  await deps.db.transaction(async (tx) => {
    const [police, procuratorate] = await tx.query<{ id: string; code: string }>("SELECT id, code FROM unit WHERE code IN ('police-990103', 'procuratorate-990103') ORDER BY code");
    const registeredAt = new Date(now - 60 * DAY).toISOString();
    const c = await insertCase(tx, { title: `${IMPORTED}赵某某盗窃案`, charge: 'theft', regionCode: '990103', unitId: police!.id, registeredAt, classified: false });
    await tx.query("UPDATE criminal_case SET stage = 'prosecution-review', holder_unit_id = $2 WHERE id = $1", [c.id, procuratorate!.id]);
    await tx.query('INSERT INTO case_unit (case_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [c.id, procuratorate!.id]);
    await appendCaseEvent(tx, { caseId: c.id, at: registeredAt, kind: 'registered', unitId: police!.id, userId: null, details: { caseNumber: c.caseNumber, imported: true } });
    if (big) {
      await tx.query(
        `INSERT INTO case_document (case_id, kind, name, sm3, mime, size_bytes, pages, unit_id, uploaded_at) VALUES ($1, 'dossier', $2, $3, 'application/pdf', $4, 520, $5, $6)`,
        [big.id, `${IMPORTED}卷宗第一卷（纸质扫描 520 页）.pdf`, stored.sm3, pdf.length, police!.id, new Date(now - 40 * DAY).toISOString()],
      );
      await appendCaseEvent(tx, { caseId: big.id, at: new Date(now - 40 * DAY).toISOString(), kind: 'document-added', unitId: null, userId: null, details: { imported: true, pages: 520 } });
    }
    imported += big ? 2 : 1;
  });

  // A case of the former system returned three times for supplementary investigation (it did not stop a third return;
  // CPL 175 allows two), once sent back without its supplementary investigation report. Its hand-overs are sealed on
  // import with the sending units' keys over what was migrated, so that they verify like the platform's own.
  await deps.db.transaction(async (tx) => {
    const [police, procuratorate] = await tx.query<{ id: string; code: string }>("SELECT id, code FROM unit WHERE code IN ('police-990202', 'procuratorate-990202') ORDER BY code");
    const iso = (ago: number) => new Date(now - ago).toISOString();
    const c = await insertCase(tx, { title: `${IMPORTED}钱某某诈骗案`, charge: 'fraud', regionCode: '990202', unitId: police!.id, registeredAt: iso(200 * DAY), classified: false });
    await tx.query("UPDATE criminal_case SET stage = 'supplementary-investigation', holder_unit_id = $2, counters = $3 WHERE id = $1", [c.id, police!.id, JSON.stringify({ 'supplementary-returns': 3 })]);
    await addCaseUnit(tx, c.id, procuratorate!.id);
    await appendCaseEvent(tx, { caseId: c.id, at: iso(200 * DAY), kind: 'registered', unitId: police!.id, userId: null, details: { caseNumber: c.caseNumber, imported: true } });
    const handOver = async (ago: number, transition: string, scenario: string, from: { id: string; code: string }, to: { id: string; code: string }, stages: [string, string], kinds: string[]) => {
      const documents: { id: string; name: string; sm3: string }[] = [];
      for (const kind of kinds) {
        const name = `${IMPORTED}${deps.caseFlow.documents.get(kind)?.zh ?? kind}.pdf`;
        const id = await insertDocument(tx, { caseId: c.id, kind, name, volume: 1, sm3: stored.sm3, mime: 'application/pdf', sizeBytes: pdf.length, pages: 1, unitId: from.id, uploadedBy: null, uploadedAt: iso(ago) });
        documents.push({ id, name, sm3: stored.sm3 });
      }
      const id = randomUUID();
      const manifest = { caseId: c.id, transferId: id, documents, sender: { unitId: from.id, unitCode: from.code }, receiver: { unitId: to.id, unitCode: to.code }, at: iso(ago), scenario };
      const digest = manifestDigest(manifest);
      const key = await activeSigningKey(tx, from.id, deps.masterKey());
      await insertTransfer(tx, {
        id, caseId: c.id, transition, scenario, senderUnitId: from.id, receiverUnitId: to.id, sentBy: null, sentAt: iso(ago), idempotencyKey: `imported-${id}`,
        manifest: canonicalManifest(manifest), manifestSm3: digest, signature: signDigest(key.privateKey, digest), keyId: key.id, fromStage: stages[0], toStage: stages[1],
        onPaper: false, personIds: [], extension: null, answersTransferId: null, evidenceOverride: null, note: IMPORTED, documentIds: documents.map((d) => d.id),
      });
      await setTransferState(tx, id, { state: 'accepted', receivedBy: null, receivedAt: iso(ago - DAY) });
      await appendCaseEvent(tx, { caseId: c.id, at: iso(ago), kind: 'transfer-sent', unitId: from.id, userId: null, details: { transition, transferId: id, imported: true } });
      await appendCaseEvent(tx, { caseId: c.id, at: iso(ago - DAY), kind: 'transfer-accepted', unitId: to.id, userId: null, details: { transition, transferId: id, imported: true } });
    };
    const back: [string, string] = ['prosecution-review', 'supplementary-investigation'];
    const again: [string, string] = ['supplementary-investigation', 'prosecution-review'];
    await handOver(150 * DAY, 'return-for-supplementary-investigation', 'supplementary-return', procuratorate!, police!, back, ['return-form']);
    await handOver(120 * DAY, 'resubmit-after-supplementary-investigation', 'prosecution-transfer', police!, procuratorate!, again, ['supplementary-report', 'dossier']);
    await handOver(100 * DAY, 'return-for-supplementary-investigation', 'supplementary-return', procuratorate!, police!, back, ['return-form']);
    await handOver(70 * DAY, 'resubmit-after-supplementary-investigation', 'prosecution-transfer', police!, procuratorate!, again, ['dossier']);
    await handOver(40 * DAY, 'return-for-supplementary-investigation', 'supplementary-return', procuratorate!, police!, back, ['return-form']);
    imported++;
  });

  // The models over the province, then supervision items raised from their hits: one overdue, one rectifying, one
  // reported, one closed, and a class remediation of the province's missed family notices
  // as of the demo's moment, like everything above (the server's own runs then go on from the real one)
  let run = await runFull(at(0));
  const hits = await deps.db.query<{ id: string; region_code: string; model_id: string }>(
    "SELECT DISTINCT ON (model_id) id, region_code, model_id FROM warning_hit WHERE closed_at IS NULL AND model_id IN ('custody.overdue', 'detention.house-late', 'flow.evidence-incomplete', 'case.idle', 'sentence.disparity') ORDER BY model_id, opened_at, id",
  );
  let items = 0;
  const plans: { ago: number; steps: ('accept' | 'report' | 'verify')[] }[] = [
    { ago: 20 * DAY, steps: [] },
    { ago: 8 * DAY, steps: ['accept'] },
    { ago: 12 * DAY, steps: ['accept', 'report'] },
    { ago: 25 * DAY, steps: ['accept', 'report', 'verify'] },
    { ago: 2 * DAY, steps: [] },
  ];
  for (const [i, hit] of hits.entries()) {
    const { ago, steps } = plans[i % plans.length]!;
    const supervisor = ctxOf(`committee-${hit.region_code.slice(0, 6)}-supervisor`);
    const item = await raiseItem(at(ago), supervisor, { source: 'warning', hitId: hit.id, description: '请核实情况，说明原因并限期整改，按时反馈整改结果。' });
    const [assignee] = await deps.db.query<{ code: string }>('SELECT u.code FROM supervision_item i JOIN unit u ON u.id = i.assignee_unit_id WHERE i.id = $1', [item.id]);
    const unit = ctxOf(`${assignee!.code}-${assignee!.code.startsWith('committee') ? 'supervisor' : 'handler'}`);
    if (steps.includes('accept')) await actOnItem(at(ago - DAY), unit, item.id, { action: 'accept' });
    if (steps.includes('report')) await actOnItem(at(ago - 5 * DAY), unit, item.id, { action: 'report', note: '已查明原因，责任人已作检讨，相关程序已补正。' });
    if (steps.includes('verify')) await actOnItem(at(ago - 7 * DAY), supervisor, item.id, { action: 'verify', ok: true, note: '经核查，整改到位。' });
    items++;
  }
  try {
    const cls = await raiseClassRemediation(at(4 * DAY), ctxOf('supervisor'), { modelId: 'detention.notify-family-late', description: '全省集中整改拘留后未按时通知家属问题' });
    items += 1 + cls.children.length;
  } catch {
    // no open hit of the model: nothing to group
  }
  run = await runFull(at(0));
  return { incidents, records, loans, imported, items, run };
}

/** Incident categories of rules/case-records.yaml by charge. */
const CATEGORY: Record<string, string> = {
  theft: 'theft',
  fraud: 'fraud',
  'telecom-fraud': 'telecom-fraud',
  'intentional-injury': 'intentional-injury',
  'drunk-driving': 'drunk-driving',
  'drug-trafficking': 'drug-trafficking',
};

/** The demo's usual fixed terms, in months, by charge. */
const USUAL_MONTHS: Record<string, number> = { theft: 9, fraud: 24, 'telecom-fraud': 30, 'intentional-injury': 18, 'drug-trafficking': 60, 'drunk-driving': 4 };

const isoDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

async function onePagePdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText(text, { x: 40, y: 800, size: 12 });
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  return doc.save();
}
