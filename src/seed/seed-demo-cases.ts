// Loads the demo's criminal cases (demo-cases.ts plans them) through the case services, as the demo's officers,
// with the services' clock set back to each step's moment: every transfer is signed with its unit's SM2 key and
// verified on acceptance, every clock is computed by the engine, every step is audited and on the timeline.
// Nothing here writes a case's rows itself.
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { AppDeps } from '../app-deps.ts';
import { appendAudit } from '../modules/audit/audit.repository.ts';
import { activePrincipals } from '../modules/auth/auth.repository.ts';
import type { RequestContext } from '../modules/auth/principal.ts';
import { listPersons } from '../modules/cases/cases.repository.ts';
import { acceptTransfer, addEvidence, applyMeasure, fireTransition, registerCase, returnTransfer, uploadDocument } from '../modules/cases/cases.service.ts';
import { disposeOfProperty, handOverProperty, receiveProperty, registerProperty } from '../modules/property/property.service.ts';
import { findUnitByCode } from '../modules/units/units.repository.ts';
import { CLI_ACTOR } from '../modules/users/users.service.ts';
import { AppError } from '../shared/errors.ts';
import { type DemoCasePlan, type DemoStep, planDemoCases } from './demo-cases.ts';
import { buildDemoProvince } from './demo-province.ts';
import type { OrganisationLayout } from './organisation.ts';

/** Where the demo's service calls say they came from (the audit's client address). */
export const DEMO_CLIENT = 'demo-seed';

export interface DemoCasesOptions {
  /** The province's seed: the same seed gives the same cases. */
  seed: number;
  /** The demo's "now" (default: the real one). */
  now?: Date;
  count?: number;
  /** The plan index of the first case to load (to go on after an interruption); default 0. */
  from?: number;
  /** Called before each case is loaded, with its plan index (to record where a resumed load goes on). */
  beforeCase?: (index: number) => Promise<void>;
  /** Stops the load between two cases when it returns true. */
  stopRequested?: () => boolean;
  /** Called after each case with how many are done. */
  onProgress?: (done: number, total: number) => void;
}

export interface DemoCasesResult {
  cases: number;
  steps: number;
  ms: number;
  /** Where the time went: the calls of each case service, and their total milliseconds. */
  calls: Record<string, { count: number; ms: number }>;
}

/** Loads the demo cases into a database that holds the demo province of the same seed (seedDemo). */
export async function seedDemoCases(deps: AppDeps, layout: OrganisationLayout, opts: DemoCasesOptions): Promise<DemoCasesResult> {
  const started = performance.now();
  const now = (opts.now ?? new Date()).getTime();
  const plans = planDemoCases(buildDemoProvince(layout, opts.seed), deps, { seed: opts.seed, now, ...(opts.count === undefined ? {} : { count: opts.count }) });
  const principals = await activePrincipals(deps.db, DEMO_CLIENT);
  const unitIds = new Map<string, string>();
  const ctxOf = (username: string): RequestContext => {
    const principal = principals.get(username);
    if (!principal) throw new Error(`demo cases: no active account ${username} (is the demo province of seed ${opts.seed} loaded?)`);
    return { principal, clientAddress: DEMO_CLIENT };
  };
  const unitOf = async (code: string): Promise<string> => {
    let id = unitIds.get(code);
    if (!id) {
      id = (await findUnitByCode(deps.db, code))?.id;
      if (!id) throw new Error(`demo cases: no unit ${code}`);
      unitIds.set(code, id);
    }
    return id;
  };
  const documents = new DemoDocuments(deps.config.dossierOnlinePageLimit);
  const calls: DemoCasesResult['calls'] = {};
  const timed = async <T>(name: string, call: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await call();
    } finally {
      const c = calls[name] ?? { count: 0, ms: 0 };
      c.count++;
      c.ms += performance.now() - t0;
      calls[name] = c;
    }
  };
  let steps = 0;
  let loaded = 0;
  for (const plan of plans) {
    if (plan.index < (opts.from ?? 0)) continue;
    if (opts.stopRequested?.()) break;
    await opts.beforeCase?.(plan.index);
    await loadCase(deps, plan, { ctxOf, unitOf, documents, timed });
    loaded++;
    steps += plan.steps.length;
    opts.onProgress?.(plan.index + 1, plans.length);
  }
  for (const c of Object.values(calls)) c.ms = Math.round(c.ms);
  const result = { cases: loaded, steps, ms: Math.round(performance.now() - started), calls };
  await deps.db.transaction((tx) =>
    appendAudit(tx, { ...CLI_ACTOR, action: 'seed.demo-cases', resourceKind: 'instance', resourceId: null, details: { seed: opts.seed, now: new Date(now).toISOString(), cases: result.cases, steps } }),
  );
  return result;
}

/** Progress lines for a person waiting: at the start and about every tenth of the cases. */
export function demoProgress(log: (line: string) => void): (done: number, total: number) => void {
  const started = performance.now();
  let next = 0;
  return (done, total) => {
    if (done === 1) {
      log(`demo: loading ${total} criminal cases through the case services (signed transfers, clocks, audit)…`);
      next = Math.ceil(total / 10);
    }
    if (done >= next || done === total) {
      const seconds = Math.round((performance.now() - started) / 1000);
      log(`demo: ${done}/${total} cases (${seconds} s)`);
      next = done + Math.ceil(total / 10);
    }
  };
}

interface Helpers {
  ctxOf(username: string): RequestContext;
  unitOf(code: string): Promise<string>;
  documents: DemoDocuments;
  timed<T>(name: string, call: () => Promise<T>): Promise<T>;
}

async function loadCase(deps: AppDeps, plan: DemoCasePlan, h: Helpers): Promise<void> {
  let caseId = '';
  let personIds: string[] = [];
  let onPaper = plan.classified;
  let lastTransfer: string | null = null;
  const latest = new Map<string, string>();
  let volumes = 0;
  const property: string[] = [];
  let handovers: string[] = [];

  for (const [i, step] of plan.steps.entries()) {
    const d: AppDeps = { ...deps, now: () => new Date(step.at) };
    const ctx = h.ctxOf(step.user);
    const upload = async (kind: string): Promise<string | null> => {
      if (onPaper) return null;
      const volume = kind === 'dossier' ? ++volumes : 1;
      const name = deps.caseFlow.documents.get(kind)?.zh ?? kind;
      const bytes = await h.documents.pdf(kind);
      const doc = await h.timed('uploadDocument', () => uploadDocument(d, ctx, caseId, bytes, { kind, name: kind === 'dossier' ? `${name}（第${volume}卷）.pdf` : `${name}.pdf`, volume, declaredMime: 'application/pdf' }));
      latest.set(kind, doc.id);
      return doc.id;
    };
    const persons = (indexes: readonly number[] | undefined) => indexes?.map((x) => personIds[x]!);
    try {
      switch (step.op) {
        case 'register': {
          const created = await h.timed('registerCase', () => registerCase(d, ctx, { title: plan.title, charge: plan.charge, classified: plan.classified, persons: plan.persons }));
          caseId = created.id;
          // persons are matched by name (unique within a case): their rows come back in no fixed order
          const rows = await listPersons(deps.db, caseId);
          personIds = plan.persons.map((p) => rows.find((r) => r.name === p.name)!.id);
          break;
        }
        case 'measure':
          for (const id of persons(step.persons)!) {
            const documentIds: string[] = [];
            for (const kind of step.upload) {
              const doc = await upload(kind);
              if (doc) documentIds.push(doc);
            }
            await h.timed('applyMeasure', () => applyMeasure(d, ctx, caseId, id, { measure: step.measure, documentIds }));
          }
          break;
        case 'fire': {
          const documentIds: string[] = [];
          for (const kind of step.upload) {
            const doc = await upload(kind);
            if (doc) documentIds.push(doc);
          }
          if (!onPaper) for (const kind of step.reuse) documentIds.push(latest.get(kind) ?? missingDocument(kind));
          const input = {
            transition: step.transition,
            documentIds,
            ...(step.to ? { receiverUnitId: await h.unitOf(step.to) } : {}),
            ...(step.persons ? { personIds: persons(step.persons)! } : {}),
            ...(step.override ? { override: { reason: step.override } } : {}),
            ...(step.extension ? { extension: step.extension } : {}),
          };
          const result = await h.timed('fireTransition', () => fireTransition(d, ctx, caseId, input));
          if (result.transfer) lastTransfer = result.transfer.id;
          break;
        }
        case 'accept':
          await h.timed('acceptTransfer', () => acceptTransfer(d, ctx, lastTransfer ?? noTransfer()));
          break;
        case 'return':
          await h.timed('returnTransfer', () => returnTransfer(d, ctx, lastTransfer ?? noTransfer(), step.reason));
          break;
        case 'evidence':
          await h.timed('addEvidence', () => addEvidence(d, ctx, caseId, { checklistItem: step.item, description: step.description }));
          break;
        case 'upload-over-limit':
          try {
            await uploadDocument(d, ctx, caseId, await h.documents.overLimit(), { kind: 'dossier', name: '案卷材料（全卷）.pdf', volume: ++volumes, declaredMime: 'application/pdf' });
            throw new Error('the over-limit dossier was accepted online');
          } catch (error) {
            if (!(error instanceof AppError && error.code === 'DOSSIER_OVER_PAGE_LIMIT')) throw error;
          }
          onPaper = true;
          break;
        case 'seize':
          for (const [n, description] of step.items.entries()) {
            const item = await h.timed('registerProperty', () => registerProperty(d, ctx, caseId, { description, quantity: '1', storageReceipt: `KG-${plan.county}-${String(plan.index + 1).padStart(4, '0')}-${n + 1}` }));
            property.push(item.id);
          }
          break;
        case 'hand-over-property': {
          const sent = await h.timed('handOverProperty', () => handOverProperty(d, ctx, caseId, { transferId: lastTransfer ?? noTransfer(), propertyIds: property }));
          handovers = sent.handovers.map((x) => x.id);
          break;
        }
        case 'receive-property':
          for (const id of handovers) await h.timed('receiveProperty', () => receiveProperty(d, ctx, id, {}));
          handovers = [];
          break;
        case 'dispose-property': {
          const documentId = latest.get(step.document) ?? missingDocument(step.document);
          for (const id of property) await h.timed('disposeOfProperty', () => disposeOfProperty(d, ctx, id, { disposal: step.disposal, documentId }));
          break;
        }
      }
    } catch (error) {
      throw new Error(`demo case ${plan.index} (${plan.title}, ${plan.stage}/${plan.variant}), step ${i} ${describe(step)}: ${message(error)}`, { cause: error });
    }
  }
}

const missingDocument = (kind: string): never => {
  throw new Error(`no ${kind} in the case to send again`);
};
const noTransfer = (): never => {
  throw new Error('no transfer to answer');
};
const describe = (s: DemoStep) => (s.op === 'fire' ? `fire ${s.transition}` : s.op === 'measure' ? `measure ${s.measure}` : s.op);
const message = (e: unknown) => (e instanceof AppError ? `${e.code} ${JSON.stringify(e.details)}` : e instanceof Error ? e.message : String(e));

/**
 * Tiny PDFs, one per kind of document: the same bytes for every document of a kind, so the content-addressed
 * store keeps one file per kind however many cases there are.
 */
class DemoDocuments {
  private readonly byKind = new Map<string, Promise<Uint8Array>>();
  private big: Promise<Uint8Array> | null = null;
  constructor(private readonly pageLimit: number) {}

  pdf(kind: string): Promise<Uint8Array> {
    let bytes = this.byKind.get(kind);
    if (!bytes) {
      bytes = demoPdf(1, `CaseLink demo document: ${kind}`);
      this.byKind.set(kind, bytes);
    }
    return bytes;
  }

  /** A dossier one page over the online limit (refused before it is stored). */
  overLimit(): Promise<Uint8Array> {
    this.big ??= demoPdf(this.pageLimit + 1, 'CaseLink demo document: dossier over the online page limit');
    return this.big;
  }
}

async function demoPdf(pages: number, label: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([200, 100]);
    if (i === 0) page.drawText(label, { x: 10, y: 50, size: 6, font });
  }
  // fixed dates: the same label gives the same bytes
  doc.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  return doc.save();
}
