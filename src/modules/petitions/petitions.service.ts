/**
 * Petitions (信访, issue 6, flows.md §4): a petition office registers a petition and routes it to the body that
 * handles it; that body accepts it with a written notice, refuses it with reasons or objects that it is outside its
 * remit; it issues a written opinion (extended once when complex); the bodies one level up answer a review and a
 * re-review; a law-related petition is routed into the legal procedure of its case and follows it. Each step is
 * checked by the flow's closed table (src/engine/petitions/petition-flow.ts), starts and stops the statutory
 * clocks the rules name (rules/governance/petition-flow.yaml), and is one transaction with its timeline event and
 * audit record. The petitioner's data is read whole only by the bodies the petition is with, and every such read
 * is audited; the petitioner's own progress view carries no personal data.
 */
import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/client.ts';
import { cstDayOf, isoDate } from '../../engine/clock/civil-date.ts';
import type { Agency } from '../../engine/organisation.ts';
import { type ResourceRef, isAllowed, scopeOf } from '../../engine/permissions/permissions.ts';
import {
  type CallerSides, PETITION_FLOW, type PetitionAction, type PetitionState, availableActions, isFinal, matterKey, nextPetitionState,
} from '../../engine/petitions/petition-flow.ts';
import { AppError } from '../../shared/errors.ts';
import { validateResidentId } from '../../shared/gb11643.ts';
import { maskName, maskPhone, maskResidentId, validatePhone } from '../../shared/masking.ts';
import { sm3Hex } from '../../shared/sm3.ts';
import { newTrackingCode, normalizeTrackingCode } from '../../shared/tracking-code.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { type RequestContext, auditActor } from '../auth/principal.ts';
import { extendMatterClock, matterClocks, startMatterClock, stopMatterClock } from '../matter-clocks/matter-clocks.ts';
import * as repo from './petitions.repository.ts';

type Deps = Pick<AppDeps, 'db' | 'permissions' | 'clock' | 'petitionFlow' | 'caseFlow' | 'now'>;

const refOf = (p: repo.PetitionRecord): ResourceRef => ({
  kind: 'petition',
  unitId: p.answeringUnitId,
  regionCode: p.regionCode,
  agency: p.answeringAgency as Agency,
  partyUnitIds: p.partyUnitIds,
});

const notFound = (id: string) => new AppError('PETITION_NOT_FOUND', { petition: id });

/** The petition if the caller may read it (not found otherwise: an outsider learns nothing of it). */
async function visiblePetition(deps: Deps, db: Queryable, ctx: RequestContext, id: string, lock = false): Promise<repo.PetitionRecord> {
  const p = await repo.findPetition(db, id, lock);
  if (!p || !isAllowed(deps.permissions, ctx.principal, 'read', refOf(p))) throw notFound(id);
  return p;
}

/** Where the caller stands: the office that received it, the body that handles it (neither without the right to act). */
function sidesOf(deps: Deps, ctx: RequestContext, p: repo.PetitionRecord): CallerSides {
  if (!isAllowed(deps.permissions, ctx.principal, 'update', refOf(p))) return { receiving: false, handling: false };
  return { receiving: ctx.principal.unitId === p.receivingUnitId, handling: p.handlingUnitId !== null && ctx.principal.unitId === p.handlingUnitId };
}

/** Starts, extends and stops the petition's clocks as rules/governance/petition-flow.yaml says for this action. */
async function applyClockEffects(deps: Deps, tx: Queryable, action: PetitionAction, p: { id: string; receivingUnitId: string; handlingUnitId: string | null }, at: string): Promise<void> {
  const m = { kind: 'petition' as const, matterId: p.id };
  for (const e of deps.petitionFlow.clocks[action]) {
    if (e.action === 'start') {
      const unitId = e.answering === 'receiving' ? p.receivingUnitId : e.answering === 'handling' ? p.handlingUnitId : null;
      await startMatterClock(tx, deps.clock, { ...m, ruleId: e.rule!, unitId, at });
    } else if (e.action === 'stop') {
      await stopMatterClock(tx, deps.clock, { ...m, ruleId: e.rule!, at });
    } else if (e.action === 'extend') {
      await extendMatterClock(tx, deps.clock, { ...m, ruleId: e.rule!, extensionId: e.extension!, at });
    } else {
      await stopMatterClock(tx, deps.clock, { ...m, at });
    }
  }
}

const problem = (field: string, zh: string, en: string) => new AppError('VALIDATION_FAILED', [{ field, message: { zh, en } }]);

// --- registering ---------------------------------------------------------------------------------------------

export interface RegisterPetitionInput {
  channel: string;
  petitioner: { name: string; phone?: string | null; idNumber?: string | null };
  /** The body the petition is about, as the petitioner names it; its unit when it is one of ours. */
  respondent: string;
  respondentUnitId?: string | null;
  subject: string;
  content: string;
  /** Where the matter arose: the office's region (default) or one below it. */
  regionCode?: string;
  lawRelated?: boolean;
}

/**
 * Who registers: a petition office's handler or head (a request's caller), or — for the public form and the demo
 * loader — the office a petition was submitted to, with the submitter's address.
 */
export type Registrar =
  | RequestContext
  | {
      receivingUnitId: string;
      clientAddress: string | null;
      /** run inside the registering transaction (the public form records its submission there: one record per submission) */
      within?: (tx: Queryable, created: { id: string; number: string; trackingCode: string }) => Promise<void>;
    };

/** Registers a petition received by a petition office (信访工作条例 22): its route clock starts. */
export async function registerPetition(deps: Deps, by: Registrar, input: RegisterPetitionInput): Promise<{ id: string; number: string; trackingCode: string; matterPetitions: number }> {
  const ctx = 'principal' in by ? (by as RequestContext) : null;
  const officeId = ctx ? ctx.principal.unitId : (by as { receivingUnitId: string }).receivingUnitId;
  const office = await repo.findUnitPlace(deps.db, officeId);
  if (!office) throw new AppError('UNIT_NOT_FOUND', { unitId: officeId });
  if (ctx) {
    if (!isAllowed(deps.permissions, ctx.principal, 'create', { kind: 'petition', unitId: office.id, regionCode: office.regionCode, agency: office.agency as Agency })) {
      throw new AppError('FORBIDDEN', { action: 'create', resource: 'petition' }, { zh: '信访事项由信访部门登记', en: 'Petitions are registered by petition offices' });
    }
  } else if (office.agency !== 'petition-office') {
    throw new AppError('PETITION_UNIT_INVALID', { unitId: office.id }, { zh: '信访事项只能向信访部门提出', en: 'A petition is submitted to a petition office' });
  }
  if (!deps.petitionFlow.channels.has(input.channel)) throw new AppError('PETITION_OPTION_UNKNOWN', { channel: input.channel, known: [...deps.petitionFlow.channels.keys()] });
  // the public form reaches here without the route's schema: the same checks of the person's numbers
  const name = input.petitioner.name.trim();
  if (!name) throw problem('petitioner.name', '须填写信访人姓名', "the petitioner's name is required");
  const phone = input.petitioner.phone?.trim() || null;
  if (phone && !validatePhone(phone)) throw new AppError('INVALID_PHONE', [{ field: 'petitioner.phone', message: { zh: '电话号码无效', en: 'not a valid phone number' } }]);
  let idNumber = input.petitioner.idNumber?.trim().toUpperCase() || null;
  if (idNumber) {
    const v = validateResidentId(idNumber, deps.now());
    if (!v.ok) throw new AppError('INVALID_RESIDENT_ID', [{ field: 'petitioner.idNumber', message: { zh: '公民身份号码无效', en: `not a valid resident ID number (${v.reason})` } }]);
    idNumber = v.value;
  }
  for (const [field, value] of [['respondent', input.respondent], ['subject', input.subject], ['content', input.content]] as const) {
    if (!value.trim()) throw problem(field, '不能为空', 'must not be empty');
  }
  const regionCode = input.regionCode ?? office.regionCode;
  if (!regionCode.startsWith(office.scopePrefix) || !(await repo.regionExists(deps.db, regionCode))) {
    throw problem('regionCode', '须为本信访部门所在地区或其下级地区', "must be the office's region or a region below it");
  }
  if (input.respondentUnitId && !(await repo.findUnitPlace(deps.db, input.respondentUnitId))) throw new AppError('UNIT_NOT_FOUND', { unitId: input.respondentUnitId });
  const key = sm3Hex(matterKey({ petitionerIdNumber: idNumber, petitionerName: name, petitionerPhone: phone, respondentUnitId: input.respondentUnitId ?? null, respondent: input.respondent, subject: input.subject }));
  const at = deps.now().toISOString();
  return deps.db.transaction(async (tx) => {
    const created = await repo.insertPetition(tx, {
      trackingCode: newTrackingCode('petition'), channel: input.channel, petitionerName: name, petitionerPhone: phone, petitionerIdNumber: idNumber,
      respondent: input.respondent.trim(), respondentUnitId: input.respondentUnitId ?? null, subject: input.subject.trim(), content: input.content,
      regionCode, receivingUnitId: office.id, matterKey: key, lawRelated: input.lawRelated ?? false, receivedAt: at, createdBy: ctx?.principal.userId ?? null,
    });
    await repo.addPetitionUnit(tx, { petitionId: created.id, unitId: office.id, role: 'receiving', since: at });
    if (!ctx && 'within' in by && by.within) await by.within(tx, created);
    await repo.appendPetitionEvent(tx, { petitionId: created.id, at, kind: 'register', unitId: office.id, userId: ctx?.principal.userId ?? null, fromState: null, toState: 'received' });
    await applyClockEffects(deps, tx, 'register', { id: created.id, receivingUnitId: office.id, handlingUnitId: null }, at);
    const matterPetitions = await repo.countMatter(tx, key);
    const actor = ctx ? auditActor(ctx) : { actorUserId: null, actorUsername: null, actorUnitId: office.id, regionCode: office.regionCode, clientAddress: (by as { clientAddress: string | null }).clientAddress };
    await appendAudit(tx, { ...actor, action: 'petition.register', resourceKind: 'petition', resourceId: created.id, details: { number: created.number, channel: input.channel, matterPetitions, public: ctx === null } });
    return { ...created, matterPetitions };
  });
}

// --- the steps of the flow -------------------------------------------------------------------------------------

interface StepPlan {
  change?: Omit<repo.PetitionChange, 'state'>;
  note?: string | null;
  /** A body that joins the petition (it holds the petitioner's data from now on). */
  join?: { unitId: string; role: 'handling' | 'review' | 'rereview' };
  /** Bodies whose part ends: one unit, or every body but the receiving office. */
  release?: { unitId: string } | 'all-but-receiving';
  details?: Record<string, unknown>;
}

export interface StepResult {
  id: string;
  number: string;
  state: PetitionState;
  eventId: number;
}

/** One step: visible, the caller's side and the state checked by the flow, the change, clocks, timeline and audit in one transaction. */
async function step(deps: Deps, ctx: RequestContext, id: string, action: PetitionAction, plan: (tx: Queryable, p: repo.PetitionRecord) => Promise<StepPlan>): Promise<StepResult> {
  return deps.db.transaction(async (tx) => {
    const p = await visiblePetition(deps, tx, ctx, id, true);
    if (!isAllowed(deps.permissions, ctx.principal, 'update', refOf(p))) throw new AppError('FORBIDDEN', { petition: id, action });
    const rule = PETITION_FLOW[action];
    const next = nextPetitionState(p.state, action, sidesOf(deps, ctx, p), { complexExtended: p.complexExtended });
    if (typeof next !== 'string') {
      if (next.code === 'PETITION_WRONG_STATE') {
        throw new AppError('PETITION_WRONG_STATE', { state: p.state, action, allowed: next.allowed }, { zh: `信访事项当前为「${p.state}」，不能${rule.zh}`, en: `The petition is ${p.state}: "${rule.en}" is not possible now` });
      }
      if (next.code === 'PETITION_ALREADY_EXTENDED') throw new AppError('PETITION_ALREADY_EXTENDED', { petition: id });
      const who = { receiving: { zh: '登记的信访部门', en: 'the petition office that registered it' }, handling: { zh: '承办机关、单位', en: 'the body handling it' }, office: { zh: '登记的信访部门或承办机关、单位', en: 'the registering office or the handling body' } }[next.by];
      throw new AppError('FORBIDDEN', { petition: id, action, by: next.by }, { zh: `「${rule.zh}」由${who.zh}办理`, en: `"${rule.en}" is for ${who.en}` });
    }
    const at = deps.now().toISOString();
    const s = await plan(tx, p);
    const change: repo.PetitionChange = { ...s.change, state: next, ...(isFinal(next) && next !== 'in-legal-procedure' ? { closedAt: at } : {}) };
    await repo.updatePetition(tx, p.id, change);
    if (s.release) await repo.releasePetitionUnits(tx, p.id, at, s.release === 'all-but-receiving' ? undefined : s.release.unitId);
    if (s.join) await repo.addPetitionUnit(tx, { petitionId: p.id, unitId: s.join.unitId, role: s.join.role, since: at });
    const handlingUnitId = change.handlingUnitId !== undefined ? change.handlingUnitId : p.handlingUnitId;
    await applyClockEffects(deps, tx, action, { id: p.id, receivingUnitId: p.receivingUnitId, handlingUnitId }, at);
    const eventId = await repo.appendPetitionEvent(tx, { petitionId: p.id, at, kind: action, unitId: ctx.principal.unitId, userId: ctx.principal.userId, fromState: p.state, toState: next, note: s.note ?? null });
    await appendAudit(tx, { ...auditActor(ctx), action: `petition.${action}`, resourceKind: 'petition', resourceId: p.id, details: { from: p.state, to: next, ...s.details } });
    return { id: p.id, number: p.number, state: next, eventId };
  });
}

const required = (value: string | undefined, field: string): string => {
  if (!value?.trim()) throw problem(field, '须填写', 'is required for this step');
  return value;
};

/** The petition office routes the petition to the body that has the power to handle it (信访工作条例 22, 属地管理). */
export function routePetition(deps: Deps, ctx: RequestContext, id: string, input: { handlingUnitId: string; note?: string }): Promise<StepResult> {
  return step(deps, ctx, id, 'route', async (tx) => {
    const unit = await repo.findUnitPlace(tx, input.handlingUnitId);
    if (!unit) throw new AppError('UNIT_NOT_FOUND', { unitId: input.handlingUnitId });
    if (unit.id === ctx.principal.unitId || !unit.regionCode.startsWith(ctx.principal.regionPrefix)) {
      throw new AppError('PETITION_UNIT_INVALID', { unitId: unit.id }, { zh: '只能转送本地区及下级地区的其他机关、单位', en: 'A petition goes to another body of your region or a region below it' });
    }
    return { change: { handlingUnitId: unit.id }, join: { unitId: unit.id, role: 'handling' }, note: input.note ?? null, details: { handlingUnitId: unit.id } };
  });
}

/** The handling body accepts the petition and tells the petitioner in writing (信访工作条例 23): the handling clock starts. */
export function acceptPetition(deps: Deps, ctx: RequestContext, id: string, input: { note?: string }): Promise<StepResult> {
  return step(deps, ctx, id, 'accept', async () => ({ note: input.note ?? null }));
}

/** The handling body does not accept the petition, with its reasons (信访工作条例 23, 31). */
export function refusePetition(deps: Deps, ctx: RequestContext, id: string, input: { reason: string }): Promise<StepResult> {
  const reason = required(input.reason, 'reason');
  return step(deps, ctx, id, 'refuse', async () => ({ note: reason }));
}

/** The body it was routed to objects that the matter is outside its remit (信访工作条例 23): back to the office, materials returned. */
export function objectToRemit(deps: Deps, ctx: RequestContext, id: string, input: { reason: string }): Promise<StepResult> {
  const reason = required(input.reason, 'reason');
  return step(deps, ctx, id, 'object', async (_tx, p) => ({ change: { handlingUnitId: null }, release: { unitId: p.handlingUnitId! }, note: reason, details: { objectingUnitId: p.handlingUnitId } }));
}

/** A complex matter: the handling period is extended once by 30 days, the petitioner told why (信访工作条例 34). */
export function extendHandling(deps: Deps, ctx: RequestContext, id: string, input: { reason: string }): Promise<StepResult> {
  const reason = required(input.reason, 'reason');
  return step(deps, ctx, id, 'extend', async () => ({ change: { extensionReason: reason }, note: reason }));
}

export interface OpinionInput {
  outcome: 'supported' | 'explained' | 'not-supported';
  opinion: string;
}

/** The handling body's written opinion (信访处理意见书, 信访工作条例 31-32): the petitioner may ask for a review within 30 days. */
export function issueOpinion(deps: Deps, ctx: RequestContext, id: string, input: OpinionInput): Promise<StepResult> {
  const opinion = required(input.opinion, 'opinion');
  return step(deps, ctx, id, 'issue-opinion', async () => ({ change: { outcome: input.outcome, opinion }, note: opinion, details: { outcome: input.outcome } }));
}

/** The body one level up of `of` (原办理机关、单位的上一级机关、单位): a unit in the parent region. */
async function oneLevelUp(tx: Queryable, unitId: string, ofUnitId: string | null, field: string): Promise<repo.UnitPlace> {
  const unit = await repo.findUnitPlace(tx, unitId);
  if (!unit) throw new AppError('UNIT_NOT_FOUND', { unitId });
  const of = ofUnitId ? await repo.findUnitPlace(tx, ofUnitId) : null;
  if (!of || of.parentRegionCode === null || unit.regionCode !== of.parentRegionCode) {
    throw new AppError('PETITION_UNIT_INVALID', { [field]: unitId }, { zh: '复查、复核由上一级机关、单位办理', en: 'A review or re-review goes to a body one level up' });
  }
  return unit;
}

/** The petitioner asks the body one level up to review the opinion (信访工作条例 35): it answers within 30 days. */
export function requestReview(deps: Deps, ctx: RequestContext, id: string, input: { reviewUnitId: string; note?: string }): Promise<StepResult> {
  return step(deps, ctx, id, 'request-review', async (tx, p) => {
    const unit = await oneLevelUp(tx, input.reviewUnitId, p.handlingUnitId, 'reviewUnitId');
    return { change: { handlingUnitId: unit.id }, join: { unitId: unit.id, role: 'review' }, note: input.note ?? null, details: { reviewUnitId: unit.id } };
  });
}

/** The reviewing body's written answer (复查意见, 信访工作条例 35): the petitioner may ask for a re-review within 30 days. */
export function answerReview(deps: Deps, ctx: RequestContext, id: string, input: OpinionInput): Promise<StepResult> {
  const opinion = required(input.opinion, 'opinion');
  return step(deps, ctx, id, 'answer-review', async () => ({ change: { outcome: input.outcome, opinion }, note: opinion, details: { outcome: input.outcome } }));
}

/** The petitioner asks the body one level above the reviewing body for a re-review (信访工作条例 36). */
export function requestRereview(deps: Deps, ctx: RequestContext, id: string, input: { rereviewUnitId: string; note?: string }): Promise<StepResult> {
  return step(deps, ctx, id, 'request-rereview', async (tx, p) => {
    const unit = await oneLevelUp(tx, input.rereviewUnitId, p.handlingUnitId, 'rereviewUnitId');
    return { change: { handlingUnitId: unit.id }, join: { unitId: unit.id, role: 'rereview' }, note: input.note ?? null, details: { rereviewUnitId: unit.id } };
  });
}

/** The re-review answer (复核意见, 信访工作条例 36): final; the same facts and reasons are not taken again. */
export function answerRereview(deps: Deps, ctx: RequestContext, id: string, input: OpinionInput): Promise<StepResult> {
  const opinion = required(input.opinion, 'opinion');
  return step(deps, ctx, id, 'answer-rereview', async () => ({ change: { outcome: input.outcome, opinion }, note: opinion, details: { outcome: input.outcome } }));
}

/** The petitioner accepts the opinion (or review answer), or lets the period to ask further pass: the petition is final. */
export function concludePetition(deps: Deps, ctx: RequestContext, id: string, input: { note?: string }): Promise<StepResult> {
  return step(deps, ctx, id, 'conclude', async () => ({ note: input.note ?? null }));
}

/**
 * A law-related petition goes into the legal procedure of its case (信访工作条例 22, 28, 31(1)): the case is named by
 * its number and must be one the caller could reach — in the caller's region or below, or one its unit has been
 * party to — else it is not found. From then on the unit holding the case handles the matter and the petition's
 * progress is the case's; the petition's own clocks stop.
 */
export function routeIntoLegalProcedure(deps: Deps, ctx: RequestContext, id: string, input: { caseNumber: string; legalRoute: string; note?: string }): Promise<StepResult> {
  if (!deps.petitionFlow.legalRoutes.has(input.legalRoute)) throw new AppError('PETITION_OPTION_UNKNOWN', { legalRoute: input.legalRoute, known: [...deps.petitionFlow.legalRoutes.keys()] });
  return step(deps, ctx, id, 'route-legal', async (tx, p) => {
    const c = await repo.findCaseByNumber(tx, input.caseNumber.trim());
    const me = ctx.principal;
    if (!c || !(c.regionCode.startsWith(me.regionPrefix) || c.holderUnitId === me.unitId || c.partyUnitIds.includes(me.unitId))) {
      throw new AppError('CASE_NOT_FOUND', { caseNumber: input.caseNumber });
    }
    return {
      change: { caseId: c.id, legalRoute: input.legalRoute, lawRelated: true, handlingUnitId: c.holderUnitId ?? p.handlingUnitId },
      release: 'all-but-receiving',
      note: input.note ?? null,
      details: { caseId: c.id, legalRoute: input.legalRoute },
    };
  });
}

// --- reading -------------------------------------------------------------------------------------------------

function caseView(deps: Deps, p: repo.PetitionRecord) {
  if (!p.caseId) return null;
  const stage = p.caseStage ? deps.caseFlow.stages.get(p.caseStage) : undefined;
  return {
    id: p.caseId,
    caseNumber: p.caseNumber!,
    stage: p.caseStage!,
    stageName: stage ? { zh: stage.zh, en: stage.en } : { zh: p.caseStage!, en: p.caseStage! },
    holderUnitId: p.caseHolderUnitId,
    holderUnitName: p.caseHolderUnitName,
  };
}

function summary(deps: Deps, p: repo.PetitionRecord) {
  return {
    id: p.id,
    number: p.number,
    channel: p.channel,
    state: p.state,
    petitionerName: maskName(p.petitionerName),
    petitionerPhone: maskPhone(p.petitionerPhone),
    petitionerIdNumber: maskResidentId(p.petitionerIdNumber),
    respondent: p.respondent,
    subject: p.subject,
    regionCode: p.regionCode,
    receivingUnitId: p.receivingUnitId,
    receivingUnitName: p.receivingUnitName,
    handlingUnitId: p.handlingUnitId,
    handlingUnitName: p.handlingUnitName,
    lawRelated: p.lawRelated,
    caseNumber: p.caseNumber,
    caseStage: p.caseStage,
    legalRoute: p.legalRoute,
    complexExtended: p.complexExtended,
    outcome: p.outcome,
    matterPetitions: p.matterPetitions,
    nextDueAt: p.nextDueAt,
    overdue: p.nextDueAt !== null && p.nextDueAt < deps.now().toISOString(),
    receivedAt: p.receivedAt,
    closedAt: p.closedAt,
    version: p.version,
  };
}

export type PetitionListFilter = Omit<repo.PetitionFilter, 'limit' | 'offset'> & { limit: number; offset: number };

/** The petitions the caller may read, the petitioner masked in every row. */
export async function listPetitions(deps: Deps, ctx: RequestContext, filter: PetitionListFilter) {
  const scope = scopeOf(deps.permissions, ctx.principal, 'read', 'petition');
  const result = await repo.listPetitions(deps.db, scope, filter);
  return { total: result.total, items: result.items.map((p) => summary(deps, p)) };
}

/**
 * A petition with its timeline, clocks and the linked case's current stage. The bodies the petition is with read
 * the petitioner whole, and that read is audited; everyone else who may read it sees them masked.
 */
export async function getPetition(deps: Deps, ctx: RequestContext, id: string) {
  const p = await visiblePetition(deps, deps.db, ctx, id);
  const reveal = isAllowed(deps.permissions, ctx.principal, 'reveal', refOf(p));
  if (reveal) {
    await deps.db.transaction(async (tx) => {
      await appendAudit(tx, { ...auditActor(ctx), action: 'petition.petitioner.reveal', resourceKind: 'petition', resourceId: p.id, details: { number: p.number } });
    });
  }
  const [events, clocks] = await Promise.all([repo.listPetitionEvents(deps.db, p.id), matterClocks(deps.db, deps.clock, 'petition', p.id)]);
  const sides = sidesOf(deps, ctx, p);
  const channel = deps.petitionFlow.channels.get(p.channel);
  const legalRoute = p.legalRoute ? deps.petitionFlow.legalRoutes.get(p.legalRoute) : undefined;
  return {
    ...summary(deps, p),
    trackingCode: reveal ? p.trackingCode : null,
    petitioner: reveal
      ? { name: p.petitionerName, phone: p.petitionerPhone, idNumber: p.petitionerIdNumber, masked: false }
      : { name: maskName(p.petitionerName), phone: maskPhone(p.petitionerPhone), idNumber: maskResidentId(p.petitionerIdNumber), masked: true },
    respondentUnitId: p.respondentUnitId,
    content: p.content,
    channelName: channel ? { zh: channel.zh, en: channel.en } : { zh: p.channel, en: p.channel },
    legalRouteName: legalRoute ? { zh: legalRoute.zh, en: legalRoute.en } : null,
    extensionReason: p.extensionReason,
    opinion: p.opinion,
    case: caseView(deps, p),
    events,
    clocks: clocks.map((c) => ({ ruleId: c.ruleId, name: c.name, state: c.state, dueAt: c.dueAt, provisional: c.provisional, unitId: c.unitId, startedAt: c.startedAt })),
    side: sides.receiving ? 'receiving' : sides.handling ? 'handling' : null,
    actions: availableActions(p.state, sides, { complexExtended: p.complexExtended }),
  };
}

/** The names a progress view may carry (optional: without them it gives ids only). */
export type ProgressNames = Pick<AppDeps, 'clock' | 'caseFlow'>;

/**
 * What the petitioner sees with their tracking code (flows.md §4): states and dates, the clocks' due days, the body
 * it went to, and for a law-related petition its case's stage and holder — no personal data, no body's notes.
 * The code as typed (src/shared/tracking-code.ts reads it); with `phoneLast4`, the petitioner's phone must end so.
 * Null for a malformed or unknown code, or a phone that does not match.
 */
export async function petitionProgress(db: Queryable, trackingCode: string, names?: ProgressNames, opts: { phoneLast4?: string } = {}) {
  const code = normalizeTrackingCode(trackingCode);
  if (code?.kind !== 'petition') return null;
  const p = await repo.findPetitionByTrackingCode(db, code.code);
  if (!p) return null;
  if (opts.phoneLast4 !== undefined && !(opts.phoneLast4.length === 4 && p.petitionerPhone?.endsWith(opts.phoneLast4))) return null;
  const [events, clocks] = await Promise.all([repo.listPetitionEvents(db, p.id), repo.progressClocks(db, p.id)]);
  const stage = p.caseStage && names ? names.caseFlow.stages.get(p.caseStage) : undefined;
  const day = (iso: string | null) => (iso === null ? null : isoDate(cstDayOf(Date.parse(iso))));
  return {
    trackingCode: p.trackingCode,
    state: p.state,
    receivedAt: p.receivedAt,
    receivedDay: day(p.receivedAt),
    closedAt: p.closedAt,
    handlingUnitName: p.state === 'in-legal-procedure' ? p.caseHolderUnitName : p.handlingUnitName,
    complexExtended: p.complexExtended,
    lawRelated: p.lawRelated,
    legalRoute: p.legalRoute,
    case: p.caseId
      ? { caseNumber: p.caseNumber!, stage: p.caseStage!, stageName: stage ? { zh: stage.zh, en: stage.en } : null, holderUnitName: p.caseHolderUnitName }
      : null,
    steps: events.map((e) => ({ action: e.kind, state: e.toState, at: e.at, day: day(e.at) })),
    clocks: clocks.map((c) => {
      const rule = names?.clock.rules.get(c.ruleId);
      return { ruleId: c.ruleId, name: rule ? { zh: rule.name.zh, en: rule.name.en } : null, state: c.state, dueAt: c.dueAt, dueDay: day(c.dueAt) };
    }),
  };
}
