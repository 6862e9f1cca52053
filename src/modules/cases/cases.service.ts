/**
 * The criminal case across agencies (issue 4): registering a case and its persons, the dossier, and every
 * transition of rules/case-flow.yaml — checked by the flow engine, handed over as a transfer signed with the
 * sending unit's SM2 key over the SM3 of a canonical manifest, verified by the receiver before it accepts,
 * driving each person's statutory clocks. Each change and its audit record are one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/client.ts';
import { type CaseFlow, type ClockEffect, FlowRefusal, type Transition, checkTransition } from '../../engine/case-flow/flow.ts';
import { missingEvidence } from '../../engine/evidence/checklists.ts';
import { type Agency, type RegionLevel, regionScopePrefix } from '../../engine/organisation.ts';
import { type Action, type ResourceRef, isAllowed, scopeOf } from '../../engine/permissions/permissions.ts';
import { canonicalManifest, manifestDigest } from '../../shared/canonical-manifest.ts';
import { AppError } from '../../shared/errors.ts';
import { maskName, maskPhone, maskResidentId } from '../../shared/masking.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { type RequestContext, auditActor } from '../auth/principal.ts';
import { checkDeclaredType, checkDocumentSize } from '../dossiers/file-type.ts';
import { countPages } from '../dossiers/page-count.ts';
import { releaseHandoversOf } from '../property/property.repository.ts';
import { type UnitRecord, findUnitById } from '../units/units.repository.ts';
import { type ClockChange, applyClockEffects } from './case-clocks.ts';
import {
  type CaseRecord,
  type DocumentRecord,
  type PersonRecord,
  type TransferRecord,
  addCaseUnit,
  appendCaseEvent,
  dossierPages,
  evidenceItemIds,
  findCase,
  findDocument,
  findTransfer,
  findTransferByKey,
  insertCase,
  insertDocument,
  insertEvidence,
  insertPerson,
  insertTransfer,
  latestRequest,
  listCases,
  listPersons,
  markOnPaper,
  pendingTransfers,
  reassignClocks,
  setPersonMeasure,
  recordCustodyDue,
  setPersonRole,
  setTransferState,
  updateCaseStage,
} from './cases.repository.ts';
import { activeSigningKey, signDigest } from './unit-keys.ts';
import { type VerificationFailure, verifyTransfer } from './verify.ts';

type Deps = Pick<AppDeps, 'db' | 'permissions' | 'caseFlow' | 'clock' | 'evidenceChecklists' | 'files' | 'masterKey' | 'config' | 'now'>;

export const caseRef = (c: CaseRecord): ResourceRef => ({
  kind: 'case',
  unitId: c.holderUnitId,
  regionCode: c.regionCode,
  agency: (c.holderAgency as Agency | null) ?? null,
  partyUnitIds: c.partyUnitIds,
});


/** The case if the caller may `action` it; otherwise CASE_NOT_FOUND, so that a case's existence does not leak. */
export async function visibleCase(deps: Pick<Deps, 'permissions'>, db: Queryable, ctx: RequestContext, id: string, action: Action = 'read', lock = false): Promise<CaseRecord> {
  const c = await findCase(db, id, lock);
  if (!c || !isAllowed(deps.permissions, ctx.principal, 'read', caseRef(c))) throw new AppError('CASE_NOT_FOUND', { caseId: id });
  if (action !== 'read' && !isAllowed(deps.permissions, ctx.principal, action, caseRef(c))) throw new AppError('FORBIDDEN', { caseId: id, action });
  return c;
}

function flowError(e: unknown): never {
  if (e instanceof FlowRefusal) throw new AppError(e.code, e.details, { zh: e.zh, en: e.en });
  throw e;
}

// --- registering ---------------------------------------------------------------------------------------------

export interface NewPersonInput {
  role: PersonRecord['role'];
  name: string;
  idNumber?: string | null;
  phone?: string | null;
}

export interface NewCaseInput {
  title: string;
  charge: string;
  classified?: boolean;
  registeredAt?: string;
  persons?: NewPersonInput[];
}

export async function registerCase(deps: Deps, ctx: RequestContext, input: NewCaseInput): Promise<{ id: string; caseNumber: string }> {
  const p = ctx.principal;
  if (!isAllowed(deps.permissions, p, 'create', { kind: 'case', unitId: p.unitId, regionCode: p.regionCode, agency: p.agency })) {
    throw new AppError('FORBIDDEN', { action: 'create', resource: 'case' });
  }
  const at = input.registeredAt ? new Date(input.registeredAt).toISOString() : deps.now().toISOString();
  return deps.db.transaction(async (tx) => {
    const created = await insertCase(tx, { title: input.title, charge: input.charge, regionCode: p.regionCode, unitId: p.unitId, registeredAt: at, classified: input.classified ?? false });
    for (const person of input.persons ?? []) {
      await insertPerson(tx, { caseId: created.id, role: person.role, name: person.name, idNumber: person.idNumber?.toUpperCase() ?? null, phone: person.phone ?? null });
    }
    await appendCaseEvent(tx, { caseId: created.id, at, kind: 'registered', unitId: p.unitId, userId: p.userId, details: { caseNumber: created.caseNumber, charge: input.charge, classified: input.classified ?? false } });
    if (input.classified) await appendCaseEvent(tx, { caseId: created.id, at, kind: 'on-paper', unitId: p.unitId, userId: p.userId, details: { reason: 'classified' } });
    await appendAudit(tx, { ...auditActor(ctx), action: 'case.register', resourceKind: 'case', resourceId: created.id, details: { caseNumber: created.caseNumber, persons: input.persons?.length ?? 0 } });
    return created;
  });
}

export async function addPerson(deps: Deps, ctx: RequestContext, caseId: string, input: NewPersonInput): Promise<{ id: string }> {
  return deps.db.transaction(async (tx) => {
    const c = await visibleCase(deps, tx, ctx, caseId, 'update', true);
    const id = await insertPerson(tx, { caseId: c.id, role: input.role, name: input.name, idNumber: input.idNumber?.toUpperCase() ?? null, phone: input.phone ?? null });
    await appendCaseEvent(tx, { caseId: c.id, at: deps.now().toISOString(), kind: 'person-added', unitId: ctx.principal.unitId, userId: ctx.principal.userId, details: { personId: id, role: input.role } });
    await appendAudit(tx, { ...auditActor(ctx), action: 'case.person.add', resourceKind: 'case', resourceId: c.id, details: { personId: id, role: input.role } });
    return { id };
  });
}

/** A person's full name, ID number and phone: allowed to the units party to the case, and audited. */
export async function revealPerson(deps: Deps, ctx: RequestContext, caseId: string, personId: string): Promise<PersonRecord> {
  return deps.db.transaction(async (tx) => {
    const c = await visibleCase(deps, tx, ctx, caseId, 'reveal');
    const person = (await listPersons(tx, c.id)).find((x) => x.id === personId);
    if (!person) throw new AppError('PERSON_NOT_FOUND', { personId });
    await appendAudit(tx, { ...auditActor(ctx), action: 'case.person.reveal', resourceKind: 'case', resourceId: c.id, details: { personId } });
    return person;
  });
}

export function presentPerson(p: PersonRecord) {
  return { id: p.id, role: p.role, name: maskName(p.name), idNumber: maskResidentId(p.idNumber), phone: maskPhone(p.phone), measure: p.measure, inCustody: p.inCustody };
}

// --- dossier -------------------------------------------------------------------------------------------------

export interface UploadInput {
  kind: string;
  name: string;
  volume: number;
  declaredMime: string;
}

/**
 * Who adds documents to a case: the unit holding it (its working files), and a unit that is to act on it now
 * without holding it — the receiver of a request that waits for its answer (a custody extension decided one
 * level up), or a party whose transition the current stage allows (the procuratorate's protest while the
 * court holds the case). Everyone else only reads.
 */
export async function writableCase(deps: Deps, db: Queryable, ctx: RequestContext, caseId: string, lock = false): Promise<CaseRecord> {
  const p = ctx.principal;
  const c = await visibleCase(deps, db, ctx, caseId, 'read', lock);
  if (isAllowed(deps.permissions, p, 'update', caseRef(c))) return c;
  const acting = ['handler', 'unit-head'].includes(p.role);
  const awaited = acting && (await pendingTransfers(db, c.id)).some((t) => t.receiverUnitId === p.unitId);
  const asParty =
    acting &&
    c.partyUnitIds.includes(p.unitId) &&
    [...deps.caseFlow.transitions.values()].some((t) => t.by.actor === 'party' && t.from.includes(c.stage) && t.by.agency.includes(p.agency) && t.by.roles.includes(p.role));
  if (!awaited && !asParty) throw new AppError('FORBIDDEN', { caseId, action: 'update' });
  return c;
}

/**
 * Adds a document to the dossier: size, then type by content, then page count; the bytes stored once under
 * their SM3. A classified case, or a dossier that would go over the online page limit, is refused and the
 * case recorded as handled on paper (so oversight still sees it).
 */
export async function uploadDocument(deps: Deps, ctx: RequestContext, caseId: string, bytes: Uint8Array, input: UploadInput): Promise<DocumentRecord> {
  const c = await writableCase(deps, deps.db, ctx, caseId);
  if (input.kind !== 'other' && !deps.caseFlow.documents.has(input.kind)) {
    throw new AppError('DOCUMENT_KIND_UNKNOWN', { kind: input.kind, known: ['other', ...deps.caseFlow.documents.keys()] });
  }
  if (c.classified || c.onPaper) throw new AppError('CASE_ON_PAPER', { caseId, reason: c.onPaperReason ?? 'classified' });
  checkDocumentSize(bytes.length, deps.config.documentMaxBytes);
  const type = checkDeclaredType(bytes, input.declaredMime, input.name);
  const pages = await countPages(bytes, type.type);
  const limit = deps.config.dossierOnlinePageLimit;
  // content-addressed: bytes stored before the row, so a row never points at bytes that are not there; bytes of
  // a refused upload stay unreferenced in the store
  const stored = await deps.files.put(bytes);
  // one transaction under the case's lock: the page count checked is the one the document is added to
  const result = await deps.db.transaction(async (tx) => {
    const locked = await writableCase(deps, tx, ctx, caseId, true);
    const at = deps.now().toISOString();
    const before = await dossierPages(tx, locked.id);
    if (before + pages > limit) {
      // the refusal is itself recorded: the case goes on paper
      const over = { pagesBefore: before, pagesOfDocument: pages, limit };
      await markOnPaper(tx, locked.id, 'page-limit');
      await appendCaseEvent(tx, { caseId: locked.id, at, kind: 'on-paper', unitId: ctx.principal.unitId, userId: ctx.principal.userId, details: { reason: 'page-limit', ...over } });
      await appendAudit(tx, { ...auditActor(ctx), action: 'case.on-paper', resourceKind: 'case', resourceId: locked.id, details: { reason: 'page-limit', ...over } });
      return { over };
    }
    const record = { caseId: locked.id, kind: input.kind, name: input.name, volume: input.volume, sm3: stored.sm3, mime: type.mime, sizeBytes: bytes.length, pages, unitId: ctx.principal.unitId, uploadedAt: at };
    const id = await insertDocument(tx, { ...record, uploadedBy: ctx.principal.userId });
    await appendCaseEvent(tx, { caseId: locked.id, at, kind: 'document-added', unitId: ctx.principal.unitId, userId: ctx.principal.userId, details: { documentId: id, kind: input.kind, name: input.name, pages, sm3: stored.sm3 } });
    await appendAudit(tx, { ...auditActor(ctx), action: 'case.document.add', resourceKind: 'case', resourceId: locked.id, details: { documentId: id, sm3: stored.sm3, pages } });
    return { document: { ...record, id } };
  });
  if ('over' in result) throw new AppError('DOSSIER_OVER_PAGE_LIMIT', result.over);
  return result.document;
}

export async function readDocument(deps: Deps, ctx: RequestContext, caseId: string, documentId: string): Promise<{ doc: DocumentRecord; bytes: Uint8Array }> {
  const c = await visibleCase(deps, deps.db, ctx, caseId);
  const doc = await findDocument(deps.db, documentId);
  if (!doc || doc.caseId !== c.id) throw new AppError('NOT_FOUND', { documentId });
  return { doc, bytes: await deps.files.get(doc.sm3) };
}

export async function addEvidence(deps: Deps, ctx: RequestContext, caseId: string, input: { checklistItem?: string | null; description: string; documentId?: string | null }): Promise<{ id: string }> {
  return deps.db.transaction(async (tx) => {
    const c = await visibleCase(deps, tx, ctx, caseId, 'update', true);
    const checklist = deps.evidenceChecklists.get(c.charge);
    if (input.checklistItem && !checklist?.items.some((i) => i.id === input.checklistItem)) {
      throw new AppError('VALIDATION_FAILED', [{ field: 'checklistItem', message: { zh: `本案罪名的证据清单中没有「${input.checklistItem}」`, en: `the charge's evidence checklist has no item "${input.checklistItem}"` } }]);
    }
    if (input.documentId) {
      const d = await findDocument(tx, input.documentId);
      if (!d || d.caseId !== c.id) throw new AppError('DOCUMENT_NOT_IN_CASE', { documentId: input.documentId });
    }
    const id = await insertEvidence(tx, { caseId: c.id, checklistItem: input.checklistItem ?? null, description: input.description, documentId: input.documentId ?? null, unitId: ctx.principal.unitId, addedAt: deps.now().toISOString() });
    await appendCaseEvent(tx, { caseId: c.id, at: deps.now().toISOString(), kind: 'evidence-added', unitId: ctx.principal.unitId, userId: ctx.principal.userId, details: { evidenceId: id, checklistItem: input.checklistItem ?? null } });
    await appendAudit(tx, { ...auditActor(ctx), action: 'case.evidence.add', resourceKind: 'case', resourceId: c.id, details: { evidenceId: id } });
    return { id };
  });
}

// --- transitions ---------------------------------------------------------------------------------------------

export interface TransitionInput {
  transition: string;
  documentIds?: string[];
  /** The unit a hand-over goes to (required for a hand-over that does not answer a request). */
  receiverUnitId?: string;
  /** The persons concerned (default: every suspect, defendant and convict of the case). */
  personIds?: string[];
  /** For a transition that extends a clock: which of the rule's extensions (default: its first). */
  extension?: string;
  /** A unit head's reason to transfer despite missing evidence. */
  override?: { reason: string };
  /** The sender's key for this hand-over: sent again after a time-out, it gives back the same transfer. */
  idempotencyKey?: string;
  note?: string;
}

export interface TransitionResult {
  caseId: string;
  transition: string;
  stage: string;
  holderUnitId: string | null;
  transfer: { id: string; state: TransferRecord['state']; receiverUnitId: string; replayed: boolean } | null;
  clocks: ClockChange[];
}

const CONCERNED_ROLES = new Set(['suspect', 'defendant', 'convict']);

function concernedPersons(all: PersonRecord[], ids: readonly string[] | undefined): PersonRecord[] {
  if (!ids || ids.length === 0) return all.filter((p) => CONCERNED_ROLES.has(p.role));
  return ids.map((id) => {
    const p = all.find((x) => x.id === id);
    if (!p) throw new AppError('PERSON_NOT_FOUND', { personId: id });
    return p;
  });
}

/** The unit that holds a case at a new stage: the one of the two ends of the move whose agency holds that stage. */
function nextHolder(flow: CaseFlow, stage: string, candidates: readonly { unitId: string; agency: string }[]): string | null {
  const holders = flow.stages.get(stage)?.holder ?? [];
  if (holders.length === 0) return null;
  return (candidates.find((c) => holders.includes(c.agency as Agency)) ?? candidates[0])?.unitId ?? null;
}

async function checkReceiver(flow: CaseFlow, db: Queryable, scenarioId: string, sender: { unitId: string; agency: Agency; regionCode: string; level: RegionLevel }, receiverUnitId: string | undefined): Promise<UnitRecord> {
  const scenario = flow.scenarios.get(scenarioId)!;
  const receiver = receiverUnitId ? await findUnitById(db, receiverUnitId) : null;
  const refuse = (zh: string, en: string): never => {
    throw new AppError('FLOW_RECEIVER_INVALID', { scenario: scenarioId, receiverUnitId: receiverUnitId ?? null, agencies: scenario.to, level: scenario.receiverLevel }, { zh, en });
  };
  if (!receiver) return refuse(`「${scenario.zh}」须指定接收单位（${scenario.to.join('、')}）`, `${scenarioId} needs a receiving unit (${scenario.to.join(', ')})`);
  if (receiver.id === sender.unitId) return refuse('不能移送给本单位', 'a unit cannot hand over to itself');
  if (!scenario.to.includes(receiver.agency)) return refuse(`「${scenario.zh}」的接收单位须为${scenario.to.join('、')}`, `${scenarioId} goes to ${scenario.to.join(' or ')}, not ${receiver.agency}`);
  const levels = ['township', 'county', 'city', 'province'];
  if (scenario.receiverLevel === 'same' && receiver.level !== sender.level) {
    return refuse('接收单位须与本单位同级', `${scenarioId} goes to a unit of the same level (${sender.level})`);
  }
  const above = levels.indexOf(receiver.level) > levels.indexOf(sender.level) && sender.regionCode.startsWith(regionScopePrefix(receiver.regionCode, receiver.level));
  if (scenario.receiverLevel === 'higher' && !above) {
    return refuse('接收单位须为本单位的上级', `${scenarioId} goes to a unit at a higher level above the sender's region`);
  }
  return receiver;
}

async function signedTransfer(
  deps: Deps,
  tx: Queryable,
  c: CaseRecord,
  args: {
    transition: Transition;
    scenario: string;
    sender: { unitId: string; code: string; userId: string | null };
    receiver: UnitRecord;
    documents: DocumentRecord[];
    personIds: string[];
    extension: string | null;
    answersTransferId: string | null;
    toStage: string | null;
    override: string | null;
    note: string | null;
    idempotencyKey: string;
    at: string;
  },
): Promise<TransferRecord> {
  const id = randomUUID();
  const manifestInput = {
    caseId: c.id,
    transferId: id,
    documents: args.documents.map((d) => ({ id: d.id, name: d.name, sm3: d.sm3 })),
    sender: { unitId: args.sender.unitId, unitCode: args.sender.code },
    receiver: { unitId: args.receiver.id, unitCode: args.receiver.code },
    at: args.at,
    scenario: args.scenario,
  };
  const manifest = canonicalManifest(manifestInput);
  const digest = manifestDigest(manifestInput);
  const key = await activeSigningKey(tx, args.sender.unitId, deps.masterKey());
  const inserted = await insertTransfer(tx, {
    id,
    caseId: c.id,
    transition: args.transition.id,
    scenario: args.scenario,
    senderUnitId: args.sender.unitId,
    receiverUnitId: args.receiver.id,
    sentBy: args.sender.userId,
    sentAt: args.at,
    idempotencyKey: args.idempotencyKey,
    manifest,
    manifestSm3: digest,
    signature: signDigest(key.privateKey, digest),
    keyId: key.id,
    fromStage: c.stage,
    toStage: args.toStage,
    onPaper: c.onPaper,
    personIds: args.personIds,
    extension: args.extension,
    answersTransferId: args.answersTransferId,
    evidenceOverride: args.override,
    note: args.note,
    documentIds: args.documents.map((d) => d.id),
  });
  if (!inserted) throw new AppError('IDEMPOTENCY_KEY_REUSED', { idempotencyKey: args.idempotencyKey });
  await addCaseUnit(tx, c.id, args.receiver.id);
  return (await findTransfer(tx, id))!;
}

/** A transition's own clocks, then those of the measure it applies, at one moment. */
function effectsOf(flow: CaseFlow, t: Transition): { effects: ClockEffect[]; measure: string | null } {
  const measure = t.measure ? flow.measures.get(t.measure)! : null;
  const measureEffects = (measure?.clocks ?? []).map((e) => ({ ...e, subject: 'persons' as const }));
  return { effects: [...t.clocks, ...measureEffects], measure: t.measure ?? null };
}

/** Applies what a transition does to the persons and clocks when it takes effect (now, or on acceptance). */
async function takeEffect(
  deps: Deps,
  tx: Queryable,
  c: CaseRecord,
  t: Transition,
  persons: PersonRecord[],
  holderUnitId: string | null,
  at: string,
  extension: string | null,
): Promise<ClockChange[]> {
  const { effects, measure } = effectsOf(deps.caseFlow, t);
  if (measure) {
    const m = deps.caseFlow.measures.get(measure)!;
    for (const p of persons) {
      await setPersonMeasure(tx, p.id, measure === 'release' ? null : measure, m.custody);
      p.measure = measure === 'release' ? null : measure;
      p.inCustody = m.custody;
    }
  }
  for (const change of t.personRoles) await setPersonRole(tx, c.id, change.from, change.to);
  const all = await listPersons(tx, c.id);
  const caseCustody = all.some((p) => p.inCustody);
  return applyClockEffects(tx, deps.clock, effects, { caseId: c.id, unitId: holderUnitId, persons, caseCustody }, at, extension);
}

async function moveCase(tx: Queryable, c: CaseRecord, t: Transition, stage: string, holderUnitId: string | null, at: string): Promise<void> {
  const counters = { ...c.counters };
  if (t.limit) counters[t.limit.counter] = (counters[t.limit.counter] ?? 0) + 1;
  const closed = stage === 'closed';
  await updateCaseStage(tx, c.id, { stage, holderUnitId: closed ? null : holderUnitId, counters, closedAt: closed ? at : null });
  await reassignClocks(tx, c.id, closed ? null : holderUnitId);
  if (holderUnitId) await addCaseUnit(tx, c.id, holderUnitId);
  c.stage = stage;
  c.holderUnitId = closed ? null : holderUnitId;
  c.counters = counters;
}

/**
 * Fires a transition of the flow on a case. A hand-over creates a signed transfer; when it moves the case to
 * another unit, the move, its clocks and its measures take effect when the receiver accepts. An answer (an
 * arrest decision) takes effect at once and is delivered as a signed transfer to the requesting unit.
 */
export async function fireTransition(deps: Deps, ctx: RequestContext, caseId: string, input: TransitionInput): Promise<TransitionResult> {
  const p = ctx.principal;
  const key = input.idempotencyKey ?? randomUUID();
  if (input.idempotencyKey) {
    const earlier = await findTransferByKey(deps.db, p.unitId, input.idempotencyKey);
    if (earlier) return replay(deps.db, earlier, caseId, input.transition);
  }
  try {
    return await deps.db.transaction(async (tx) => {
      const c = await visibleCase(deps, tx, ctx, caseId, 'read', true);
      // asked again while the first send held the case's lock: the first one's transfer is the answer
      if (input.idempotencyKey) {
        const earlier = await findTransferByKey(tx, p.unitId, input.idempotencyKey);
        if (earlier) return replay(tx, earlier, caseId, input.transition);
      }
      const flow = deps.caseFlow;
      const pending = await pendingTransfers(tx, c.id);
      const inTransit = pending.find((x) => x.toStage !== null);
      if (inTransit) {
        throw new AppError('FLOW_IN_TRANSIT', { transferId: inTransit.id, receiverUnitId: inTransit.receiverUnitId, toStage: inTransit.toStage });
      }
      const t0 = flow.transitions.get(input.transition);
      if (t0?.by.actor === 'party' && !c.partyUnitIds.includes(p.unitId)) {
        throw new AppError('FLOW_NOT_ALLOWED', { transition: input.transition }, { zh: '本单位未参与本案，不能办理此流转', en: 'your unit has no part in this case' });
      }
      const documents: DocumentRecord[] = [];
      for (const id of input.documentIds ?? []) {
        const d = await findDocument(tx, id);
        if (!d || d.caseId !== c.id) throw new AppError('DOCUMENT_NOT_IN_CASE', { documentId: id });
        documents.push(d);
      }
      // a case on paper: its documents go on paper, and the hand-over is recorded online without them
      const kinds = new Set(c.onPaper ? (t0?.requires ?? []) : documents.map((d) => d.kind));
      const checklist = deps.evidenceChecklists.get(c.charge);
      const gap = t0?.evidenceChecklist && checklist ? missingEvidence(checklist, await evidenceItemIds(tx, c.id)).missing : [];
      let t: Transition;
      try {
        t = checkTransition(
          flow,
          { stage: c.stage, holderUnitId: c.holderUnitId, pending: pending.map((x) => ({ scenario: x.scenario, receiverUnitId: x.receiverUnitId })), counters: c.counters },
          input.transition,
          { agency: p.agency, role: p.role, unitId: p.unitId },
          { documents: kinds, missingEvidence: gap.map((g) => ({ id: g.id, name: g.name })), ...(input.override ? { override: input.override } : {}) },
        );
      } catch (e) {
        flowError(e);
      }
      const all = await listPersons(tx, c.id);
      const persons = concernedPersons(all, input.personIds);
      const at = deps.now().toISOString();
      const overrideReason = gap.length > 0 ? (input.override?.reason ?? null) : null;
      const sender = { unitId: p.unitId, code: await unitCode(tx, p.unitId), userId: p.userId };
      let transfer: TransferRecord | null = null;
      let clocks: ClockChange[] = [];
      const fromStage = c.stage;

      if (t.answers) {
        // an answer: to the unit that sent the request it answers
        const request = await latestRequest(tx, c.id, t.answers, p.unitId);
        if (!request) throw new AppError('FLOW_NOT_ALLOWED', { scenario: t.answers }, { zh: '没有待答复的请求', en: 'there is no request to answer' });
        const receiver = (await findUnitById(tx, request.senderUnitId))!;
        transfer = await signedTransfer(deps, tx, c, { transition: t, scenario: t.answers, sender, receiver, documents, personIds: persons.map((x) => x.id), extension: input.extension ?? null, answersTransferId: request.id, toStage: null, override: null, note: input.note ?? null, idempotencyKey: key, at });
        await setTransferState(tx, request.id, { state: 'answered' });
        const holder = t.to ? nextHolder(flow, t.to, [{ unitId: receiver.id, agency: receiver.agency }, { unitId: p.unitId, agency: p.agency }]) : c.holderUnitId;
        if (t.to) await moveCase(tx, c, t, t.to, holder, at);
        clocks = await takeEffect(deps, tx, c, t, persons, c.holderUnitId, at, input.extension ?? null);
      } else if (t.handsOver) {
        const receiver = await checkReceiver(flow, tx, t.handsOver, { unitId: p.unitId, agency: p.agency, regionCode: p.regionCode, level: p.unit.level }, input.receiverUnitId);
        transfer = await signedTransfer(deps, tx, c, { transition: t, scenario: t.handsOver, sender, receiver, documents, personIds: persons.map((x) => x.id), extension: input.extension ?? null, answersTransferId: null, toStage: t.to ?? null, override: overrideReason, note: input.note ?? null, idempotencyKey: key, at });
        // an extension request keeps the due moment of the custody it asks to extend (custody.extension-request-late)
        const extended = [...flow.transitions.values()].filter((x) => x.answers === t.handsOver).flatMap((x) => x.clocks.flatMap((k) => (k.action === 'extend' && k.rule ? [k.rule] : [])));
        if (extended.length) await recordCustodyDue(tx, transfer.id, c.id, extended, persons.map((x) => x.id));
        // a hand-over that moves the case takes effect on acceptance; any other at once
        if (!t.to) clocks = await takeEffect(deps, tx, c, t, persons, c.holderUnitId, at, input.extension ?? null);
      } else {
        if (t.to) {
          const holder = nextHolder(flow, t.to, [{ unitId: p.unitId, agency: p.agency }, ...(await earlierSenders(tx, c.id))]);
          await moveCase(tx, c, t, t.to, holder, at);
        }
        clocks = await takeEffect(deps, tx, c, t, persons, c.holderUnitId, at, input.extension ?? null);
      }

      const details = { transition: t.id, from: fromStage, to: t.to ?? null, transferId: transfer?.id ?? null, receiverUnitId: transfer?.receiverUnitId ?? null, documents: documents.map((d) => d.id), clocks: clocks.map((x) => `${x.action}:${x.rule}`) };
      await appendCaseEvent(tx, { caseId: c.id, at, kind: transfer ? 'transfer-sent' : 'transition', unitId: p.unitId, userId: p.userId, details: { ...details, note: input.note ?? null } });
      if (overrideReason) {
        await appendCaseEvent(tx, { caseId: c.id, at, kind: 'evidence-override', unitId: p.unitId, userId: p.userId, details: { reason: overrideReason, missing: gap.map((g) => g.id) } });
      }
      await appendAudit(tx, { ...auditActor(ctx), action: transfer ? 'case.transfer.send' : 'case.transition', resourceKind: 'case', resourceId: c.id, details: { ...details, evidenceOverride: overrideReason !== null } });
      return {
        caseId: c.id,
        transition: t.id,
        stage: c.stage,
        holderUnitId: c.holderUnitId,
        transfer: transfer ? { id: transfer.id, state: transfer.state, receiverUnitId: transfer.receiverUnitId, replayed: false } : null,
        clocks,
      };
    });
  } catch (error) {
    // two sends with one key at once: the loser's insert found the winner's row
    if (error instanceof AppError && error.code === 'IDEMPOTENCY_KEY_REUSED' && input.idempotencyKey) {
      const earlier = await findTransferByKey(deps.db, p.unitId, input.idempotencyKey);
      if (earlier) return replay(deps.db, earlier, caseId, input.transition);
    }
    throw error;
  }
}

async function unitCode(db: Queryable, unitId: string): Promise<string> {
  return (await findUnitById(db, unitId))!.code;
}

async function earlierSenders(db: Queryable, caseId: string): Promise<{ unitId: string; agency: string }[]> {
  const rows = await db.query<{ unit_id: string; agency: string }>(
    `SELECT t.sender_unit_id AS unit_id, u.agency FROM transfer t JOIN unit u ON u.id = t.sender_unit_id
      WHERE t.case_id = $1 AND t.state IN ('accepted', 'answered') ORDER BY t.sent_at DESC`,
    [caseId],
  );
  return rows.map((r) => ({ unitId: r.unit_id, agency: r.agency }));
}

async function replay(db: Queryable, earlier: TransferRecord, caseId: string, transition: string): Promise<TransitionResult> {
  if (earlier.caseId !== caseId || earlier.transition !== transition) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', { idempotencyKey: earlier.idempotencyKey, transferId: earlier.id });
  }
  const c = (await findCase(db, caseId))!;
  return {
    caseId,
    transition,
    stage: c.stage,
    holderUnitId: c.holderUnitId,
    transfer: { id: earlier.id, state: earlier.state, receiverUnitId: earlier.receiverUnitId, replayed: true },
    clocks: [],
  };
}

// --- receiving -----------------------------------------------------------------------------------------------

async function receivable(deps: Deps, tx: Queryable, ctx: RequestContext, transferId: string): Promise<{ transfer: TransferRecord; c: CaseRecord }> {
  const transfer = await findTransfer(tx, transferId, true);
  const p = ctx.principal;
  if (!transfer) throw new AppError('TRANSFER_NOT_FOUND', { transferId });
  const c = await visibleCase(deps, tx, ctx, transfer.caseId, 'read', true).catch(() => {
    throw new AppError('TRANSFER_NOT_FOUND', { transferId });
  });
  if (transfer.receiverUnitId !== p.unitId || !['handler', 'unit-head'].includes(p.role)) throw new AppError('TRANSFER_NOT_RECEIVER', { transferId });
  if (transfer.state !== 'sent') throw new AppError('TRANSFER_ALREADY_HANDLED', { transferId, state: transfer.state, receivedAt: transfer.receivedAt });
  return { transfer, c };
}

/**
 * Accepts a transfer after verifying its seal and every document's digest against the stored bytes. A
 * failed verification refuses the acceptance and is kept on the timeline. When the hand-over moves the case,
 * the receiving side now holds it and the transition's clocks and measures take effect.
 */
export async function acceptTransfer(deps: Deps, ctx: RequestContext, transferId: string): Promise<TransitionResult> {
  const p = ctx.principal;
  try {
    return await acceptVerified(deps, ctx, transferId);
  } catch (error) {
    // the refused acceptance rolled back; the failed verification itself is kept, in a transaction of its own
    if (error instanceof AppError && error.code === 'SIGNATURE_INVALID') {
      const { failures } = error.details as { failures: VerificationFailure[] };
      await deps.db.transaction(async (tx) => {
        const transfer = (await findTransfer(tx, transferId))!;
        await appendCaseEvent(tx, { caseId: transfer.caseId, at: deps.now().toISOString(), kind: 'verification-failed', unitId: p.unitId, userId: p.userId, details: { transferId, failures } });
        await appendAudit(tx, { ...auditActor(ctx), action: 'case.transfer.verification-failed', resourceKind: 'case', resourceId: transfer.caseId, details: { transferId, failures: failures.map((f) => f.what) } });
      });
    }
    throw error;
  }
}

/** Verifies and accepts in one transaction, under the transfer's lock, so that nothing changes in between. */
async function acceptVerified(deps: Deps, ctx: RequestContext, transferId: string): Promise<TransitionResult> {
  const p = ctx.principal;
  return deps.db.transaction(async (tx) => {
    const { transfer, c } = await receivable(deps, tx, ctx, transferId);
    const { failures } = await verifyTransfer(tx, deps.files, transfer);
    if (failures.length > 0) throw new AppError('SIGNATURE_INVALID', { transferId, failures });
    const at = deps.now().toISOString();
    await setTransferState(tx, transfer.id, { state: 'accepted', receivedBy: p.userId, receivedAt: at });
    let clocks: ClockChange[] = [];
    if (transfer.toStage) {
      if (c.stage !== transfer.fromStage) throw new AppError('FLOW_WRONG_STAGE', { stage: c.stage, expected: transfer.fromStage });
      const t = deps.caseFlow.transitions.get(transfer.transition)!;
      const sender = (await findUnitById(tx, transfer.senderUnitId))!;
      const holder = nextHolder(deps.caseFlow, transfer.toStage, [{ unitId: p.unitId, agency: p.agency }, { unitId: sender.id, agency: sender.agency }]);
      await moveCase(tx, c, t, transfer.toStage, holder, at);
      const all = await listPersons(tx, c.id);
      clocks = await takeEffect(deps, tx, c, t, concernedPersons(all, transfer.personIds), c.holderUnitId, at, transfer.extension);
    }
    const details = { transferId: transfer.id, transition: transfer.transition, scenario: transfer.scenario, to: transfer.toStage, clocks: clocks.map((x) => `${x.action}:${x.rule}`) };
    await appendCaseEvent(tx, { caseId: c.id, at, kind: 'transfer-accepted', unitId: p.unitId, userId: p.userId, details });
    await appendAudit(tx, { ...auditActor(ctx), action: 'case.transfer.accept', resourceKind: 'case', resourceId: c.id, details });
    return {
      caseId: c.id,
      transition: transfer.transition,
      stage: c.stage,
      holderUnitId: c.holderUnitId,
      transfer: { id: transfer.id, state: 'accepted', receiverUnitId: transfer.receiverUnitId, replayed: false },
      clocks,
    };
  });
}

/** The receiver refuses to receive (退回) with a reason: the case stays where it was. */
export async function returnTransfer(deps: Deps, ctx: RequestContext, transferId: string, reason: string): Promise<TransitionResult> {
  const p = ctx.principal;
  return deps.db.transaction(async (tx) => {
    const { transfer, c } = await receivable(deps, tx, ctx, transferId);
    const at = deps.now().toISOString();
    await setTransferState(tx, transfer.id, { state: 'returned', receivedBy: p.userId, receivedAt: at, returnReason: reason });
    // seized property listed on it and not yet received stays with the sender
    const released = await releaseHandoversOf(tx, transfer.id, at);
    const details = { transferId: transfer.id, transition: transfer.transition, reason, ...(released.length ? { propertyReleased: released } : {}) };
    await appendCaseEvent(tx, { caseId: c.id, at, kind: 'transfer-returned', unitId: p.unitId, userId: p.userId, details });
    await appendAudit(tx, { ...auditActor(ctx), action: 'case.transfer.return', resourceKind: 'case', resourceId: c.id, details: { transferId: transfer.id } });
    return { caseId: c.id, transition: transfer.transition, stage: c.stage, holderUnitId: c.holderUnitId, transfer: { id: transfer.id, state: 'returned', receiverUnitId: transfer.receiverUnitId, replayed: false }, clocks: [] };
  });
}

// --- measures ------------------------------------------------------------------------------------------------

/** Applies a coercive measure (detention, bail, ...) to a person: the holding unit, with the measure's documents. */
export async function applyMeasure(deps: Deps, ctx: RequestContext, caseId: string, personId: string, input: { measure: string; documentIds?: string[] }): Promise<{ clocks: ClockChange[] }> {
  const p = ctx.principal;
  const m = deps.caseFlow.measures.get(input.measure);
  if (!m) throw new AppError('MEASURE_UNKNOWN', { measure: input.measure, known: [...deps.caseFlow.measures.keys()] });
  return deps.db.transaction(async (tx) => {
    const c = await visibleCase(deps, tx, ctx, caseId, 'update', true);
    if (!m.by.includes(p.agency)) {
      throw new AppError('FLOW_NOT_ALLOWED', { measure: m.id, agencies: m.by }, { zh: `「${m.zh}」须由${m.by.join('、')}决定`, en: `"${m.en}" is decided by ${m.by.join('/')}` });
    }
    const person = (await listPersons(tx, c.id)).find((x) => x.id === personId);
    if (!person) throw new AppError('PERSON_NOT_FOUND', { personId });
    const kinds = new Set<string>(c.onPaper ? m.requires : []);
    for (const id of input.documentIds ?? []) {
      const d = await findDocument(tx, id);
      if (!d || d.caseId !== c.id) throw new AppError('DOCUMENT_NOT_IN_CASE', { documentId: id });
      kinds.add(d.kind);
    }
    const missing = m.requires.filter((k) => !kinds.has(k));
    if (missing.length) {
      const names = missing.map((k) => deps.caseFlow.documents.get(k)!);
      throw new AppError('FLOW_DOCUMENTS_MISSING', { missing }, { zh: `「${m.zh}」缺少：${names.map((n) => n.zh).join('、')}`, en: `"${m.en}" lacks: ${names.map((n) => n.en).join(', ')}` });
    }
    const at = deps.now().toISOString();
    await setPersonMeasure(tx, person.id, m.id === 'release' ? null : m.id, m.custody);
    person.measure = m.id === 'release' ? null : m.id;
    person.inCustody = m.custody;
    const all = await listPersons(tx, c.id);
    const clocks = await applyClockEffects(tx, deps.clock, m.clocks.map((e) => ({ ...e, subject: 'persons' })), { caseId: c.id, unitId: c.holderUnitId, persons: [person], caseCustody: all.some((x) => x.inCustody) }, at, null);
    const details = { personId: person.id, measure: m.id, clocks: clocks.map((x) => `${x.action}:${x.rule}`) };
    await appendCaseEvent(tx, { caseId: c.id, at, kind: 'measure', unitId: p.unitId, userId: p.userId, details });
    await appendAudit(tx, { ...auditActor(ctx), action: 'case.measure', resourceKind: 'case', resourceId: c.id, details });
    return { clocks };
  });
}

// --- lists ---------------------------------------------------------------------------------------------------

export async function listCasesFor(deps: Deps, ctx: RequestContext, filter: { stage?: string; q?: string; limit: number; offset: number }) {
  const scope = scopeOf(deps.permissions, ctx.principal, 'read', 'case');
  const page = await listCases(deps.db, scope, filter);
  return {
    total: page.total,
    items: page.items.map((c) => ({
      id: c.id,
      caseNumber: c.caseNumber,
      title: c.title,
      charge: c.charge,
      stage: c.stage,
      holderUnitId: c.holderUnitId,
      holderUnitName: c.holderUnitName,
      regionCode: c.regionCode,
      registeredAt: c.registeredAt,
      onPaper: c.onPaper,
    })),
  };
}
