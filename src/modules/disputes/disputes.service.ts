/**
 * Disputes (矛盾纠纷, issue 6 part 1, flows.md §3): intake from every channel with the same matter recognised,
 * assessment, routing by the rules, sessions, a sealed mediation agreement and its judicial confirmation on the
 * court's statutory clock, closure, the follow-up visit and rating, reopening. One exported function per verb;
 * each step is one transaction with its timeline event and audit record.
 */
import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/client.ts';
import {
  DISPUTE_FLOW, DISPUTE_STATE_NAMES, type DisputeAction, type DisputeState, type FlowFacts, type Outcome, type Side, availableActions, isOpen, nextDisputeState,
} from '../../engine/disputes/dispute-flow.ts';
import type { DisputeType, RiskLevel, TargetKind } from '../../engine/disputes/dispute-rules.ts';
import { DISPUTE_LIMITS, type PartyInput, type Problem, checkAmount, checkParties, checkText } from '../../engine/disputes/input.ts';
import { classifyIntake, matterKeys } from '../../engine/disputes/matching.ts';
import { stepDue } from '../../engine/disputes/periods.ts';
import { type CandidateUnit, routeByRules } from '../../engine/disputes/routing.ts';
import { type Agency, REGION_LEVELS, type RegionLevel, regionScopePrefix } from '../../engine/organisation.ts';
import { type ResourceRef, isAllowed, scopeOf } from '../../engine/permissions/permissions.ts';
import { AppError } from '../../shared/errors.ts';
import { maskName, maskPhone, maskResidentId } from '../../shared/masking.ts';
import { sm3Hex } from '../../shared/sm3.ts';
import { newTrackingCode } from '../../shared/tracking-code.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { type RequestContext, auditActor } from '../auth/principal.ts';
import { activeSigningKey, signDigest, verifyDigestSignature } from '../cases/unit-keys.ts';
import { matterClocks, reassignMatterClocks, startMatterClock, stopMatterClock } from '../matter-clocks/matter-clocks.ts';
import { agreementText, renderAgreementPdf } from './agreement-pdf.ts';
import * as repo from './disputes.repository.ts';

type Deps = Pick<AppDeps, 'db' | 'permissions' | 'clock' | 'disputeRules' | 'files' | 'masterKey' | 'now'>;

const APPLY_RULE = 'civ.judicial-confirmation.apply';
const DECIDE_RULE = 'civ.judicial-confirmation.decide';

const refOf = (d: repo.DisputeRecord): ResourceRef => ({
  kind: 'dispute',
  unitId: d.handlingUnitId ?? d.intakeUnitId,
  regionCode: d.regionCode,
  agency: d.holderAgency as Agency,
  partyUnitIds: [d.intakeUnitId, d.handlingUnitId, d.courtUnitId].filter((u): u is string => u !== null),
});

const invalid = (problems: Problem[]) => new AppError('VALIDATION_FAILED', problems);

function check(...problems: (Problem | null)[]): void {
  const found = problems.filter((p): p is Problem => p !== null);
  if (found.length > 0) throw invalid(found);
}

/** The dispute if the caller may see it (not found otherwise: an outsider learns nothing of it). */
async function visibleDispute(deps: Deps, db: Queryable, ctx: RequestContext, id: string, lock = false): Promise<repo.DisputeRecord> {
  const d = await repo.findDispute(db, id, lock);
  if (!d || !isAllowed(deps.permissions, ctx.principal, 'read', refOf(d))) throw new AppError('NOT_FOUND', { dispute: id });
  return d;
}

/** The side the caller acts on, or null when they may only read (or add notes, as a unit party to it). */
function sideOf(deps: Deps, ctx: RequestContext, d: repo.DisputeRecord): Exclude<Side, 'any'> | 'party' | null {
  const p = ctx.principal;
  if (!isAllowed(deps.permissions, p, 'update', refOf(d))) return null;
  if (p.unitId === (d.handlingUnitId ?? d.intakeUnitId)) return 'holder';
  if (d.courtUnitId !== null && p.unitId === d.courtUnitId) return 'court';
  if (p.agency === 'governance-center') return 'overseer';
  return 'party';
}

function typeOf(deps: Deps, id: string, field = 'type'): DisputeType {
  const t = deps.disputeRules.types.get(id);
  if (!t) throw new AppError('DISPUTE_TYPE_UNKNOWN', { [field]: id, known: [...deps.disputeRules.types.keys()] });
  return t;
}

// the citizen's tracking code: the shared form (src/shared/tracking-code.ts), checked before any lookup
const trackingCode = () => newTrackingCode('dispute');

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function dueFor(deps: Deps, state: DisputeState, type: DisputeType, atMs: number, currentDue: string | null): string | null {
  return iso(stepDue(deps.clock.calendar, state, atMs, deps.disputeRules.steps, type.handling, currentDue === null ? null : Date.parse(currentDue)));
}

// ---------------------------------------------------------------------------------------------------------------
// Intake

export type Channel = repo.Channel;
/** Channels staff enter through the API; 'online' and 'import' come from the citizens' form and the importer. */
export const STAFF_CHANNELS = ['walk-in', 'hotline', 'grid', 'court-referral', 'referral'] as const;

export interface IntakeInput {
  channel: Channel;
  type: string;
  riskLevel?: RiskLevel | undefined;
  urgency?: 'normal' | 'urgent' | undefined;
  amount?: number | null | undefined;
  summary: string;
  /** where the dispute arose (default: the intake unit's region) */
  regionCode?: string | undefined;
  parties: PartyInput[];
  /** one submission's key (the importer's row, the online form's submission): the same key is the same dispute */
  importKey?: string | undefined;
}

/**
 * Who takes the dispute in: a logged-in member of staff, or (for the citizens' online form and the CSV/Excel
 * importer) the system on behalf of a receiving unit, named for the audit record.
 */
export type IntakeBy = { ctx: RequestContext } | { system: { unitId: string; username: string; clientAddress: string | null } };

export interface IntakeResult {
  id: string;
  number: string;
  trackingCode: string;
  /** false: the import key was seen before, and this is the dispute it made */
  created: boolean;
  /** the resolved dispute this one reopens (reported again within the reopen window) */
  reopenedFrom: { id: string; number: string } | null;
}

/** Validates an intake the way the API does, for callers without a schema (importer, online form). */
export function checkIntake(deps: Pick<Deps, 'disputeRules' | 'now'>, input: IntakeInput): void {
  const problems = [
    checkText(input.summary, 'summary', DISPUTE_LIMITS.summary, { multiline: true }),
    checkAmount(input.amount, 'amount'),
    checkText(input.importKey, 'importKey', 200, { required: false }),
    ...checkParties(input.parties, deps.now()),
  ].filter((p): p is Problem => p !== null);
  if (problems.length > 0) throw invalid(problems);
  if (!deps.disputeRules.types.has(input.type)) throw new AppError('DISPUTE_TYPE_UNKNOWN', { type: input.type, known: [...deps.disputeRules.types.keys()] });
}

/**
 * Takes a dispute in (受理). The same matter entered twice — same applicant phone or ID, same respondent, same
 * type, within the duplicate window — is refused (DISPUTE_DUPLICATE) while the first is open; a matter resolved
 * within the reopen window comes back as a new dispute linked to the old one. An import key seen before answers
 * the dispute it made (created: false). Exported for the importer (channel 'import') and the online form ('online').
 */
export async function intakeDispute(deps: Deps, by: IntakeBy, input: IntakeInput): Promise<IntakeResult> {
  checkIntake(deps, input);
  const type = typeOf(deps, input.type);
  const unitId = 'ctx' in by ? by.ctx.principal.unitId : by.system.unitId;
  const unit = await repo.findUnit(deps.db, unitId);
  if (!unit) throw new AppError('UNIT_NOT_FOUND', { unitId });
  if ('ctx' in by) {
    const p = by.ctx.principal;
    if (!isAllowed(deps.permissions, p, 'create', { kind: 'dispute', unitId: p.unitId, regionCode: p.regionCode, agency: p.agency })) throw new AppError('FORBIDDEN', {});
    const fits = p.role === 'grid-worker' ? input.channel === 'grid' : p.agency === 'court' ? input.channel === 'court-referral' : (['walk-in', 'hotline', 'referral'] as Channel[]).includes(input.channel);
    if (!fits) throw new AppError('DISPUTE_CHANNEL_INVALID', { channel: input.channel, role: p.role, agency: p.agency });
  } else {
    if (input.channel !== 'online' && input.channel !== 'import') throw new AppError('DISPUTE_CHANNEL_INVALID', { channel: input.channel });
    if (unit.agency !== 'governance-center' && unit.agency !== 'mediation-committee') throw new AppError('DISPUTE_CHANNEL_INVALID', { channel: input.channel, agency: unit.agency });
  }
  const regionCode = input.regionCode ?? unit.regionCode;
  const scope = regionScopePrefix(unit.regionCode, unit.level as RegionLevel);
  if (!regionCode.startsWith(scope) || !(await repo.regionExists(deps.db, regionCode))) throw new AppError('DISPUTE_REGION_INVALID', { regionCode, unitRegion: unit.regionCode });
  if (input.importKey) {
    const seen = await repo.findByImportKey(deps.db, input.importKey);
    if (seen) return { id: seen.id, number: seen.number, trackingCode: seen.trackingCode, created: false, reopenedFrom: seen.reopenedFrom ? { id: seen.reopenedFrom, number: seen.reopenedFromNumber! } : null };
  }
  const parties = input.parties.map((p) => ({
    role: p.role, kind: p.kind, name: p.name.trim(), phone: p.phone || null, idNumber: p.idNumber ? p.idNumber.toUpperCase() : null, address: p.address || null,
  }));
  const keys = matterKeys(type.id, parties);
  const now = deps.now();
  const at = now.toISOString();
  const actor = 'ctx' in by ? auditActor(by.ctx) : { actorUserId: null, actorUsername: by.system.username, actorUnitId: unit.id, regionCode: unit.regionCode, clientAddress: by.system.clientAddress };
  try {
    return await deps.db.transaction(async (tx) => {
      await repo.lockMatterKeys(tx, keys);
      const earlier = await repo.findSameMatter(tx, type.id, keys);
      const verdict = classifyIntake(
        earlier.map((e) => ({ id: e.id, number: e.number, open: isOpen(e.state), createdAtMs: Date.parse(e.createdAt), outcome: e.outcome, closedAtMs: e.closedAt === null ? null : Date.parse(e.closedAt) })),
        now.getTime(),
        deps.disputeRules.matching,
      );
      if (verdict.kind === 'duplicate') {
        throw new AppError('DISPUTE_DUPLICATE', { id: verdict.of.id, number: verdict.of.number }, {
          zh: `同一申请人就同一被申请人的同类纠纷已登记为 ${verdict.of.number}，正在办理中，未重复登记`,
          en: `The same matter is already registered as ${verdict.of.number} and still open; nothing was registered twice`,
        });
      }
      const reopenedFrom = verdict.kind === 'reopen' ? verdict.of : null;
      const created = await repo.insertDispute(tx, {
        trackingCode: trackingCode(), channel: input.channel, type: type.id, riskLevel: input.riskLevel ?? type.risk, urgency: input.urgency ?? 'normal',
        amount: input.amount ?? null, summary: input.summary, regionCode, intakeUnitId: unit.id, intakeBy: 'ctx' in by ? by.ctx.principal.userId : null,
        dueAt: dueFor(deps, 'intake', type, now.getTime(), null), reopenedFrom: reopenedFrom?.id ?? null, fingerprints: keys, importKey: input.importKey ?? null, at,
      });
      await repo.insertParties(tx, created.id, parties);
      const userId = 'ctx' in by ? by.ctx.principal.userId : null;
      await repo.appendEvent(tx, { disputeId: created.id, at, kind: 'intake', unitId: unit.id, userId, data: { channel: input.channel, reopenedFrom: reopenedFrom?.number ?? null }, toState: 'intake' });
      if (reopenedFrom) {
        await repo.appendEvent(tx, { disputeId: reopenedFrom.id, at, kind: 'reopened-as', unitId: unit.id, userId, data: { number: created.number, id: created.id } });
      }
      await appendAudit(tx, { ...actor, action: 'dispute.intake', resourceKind: 'dispute', resourceId: created.id, details: { channel: input.channel, type: type.id, reopenedFrom: reopenedFrom?.id ?? null, importKey: input.importKey ?? null } });
      const [row] = await tx.query<{ tracking_code: string }>('SELECT tracking_code FROM dispute WHERE id = $1', [created.id]);
      return { id: created.id, number: created.number, trackingCode: row!.tracking_code, created: true, reopenedFrom: reopenedFrom ? { id: reopenedFrom.id, number: reopenedFrom.number } : null };
    });
  } catch (error) {
    // the same import key submitted twice at once: the second answers the first one's dispute
    if (input.importKey && /dispute_import_key_key/.test((error as Error).message)) {
      const seen = await repo.findByImportKey(deps.db, input.importKey);
      if (seen) return { id: seen.id, number: seen.number, trackingCode: seen.trackingCode, created: false, reopenedFrom: null };
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Steps

export interface StepInput {
  note?: string | undefined;
  // assess
  type?: string | undefined;
  riskLevel?: RiskLevel | undefined;
  urgency?: 'normal' | 'urgent' | undefined;
  amount?: number | null | undefined;
  // route: by hand (a unit, and the kind of body it acts as); without: by the rules
  unitId?: string | undefined;
  kind?: TargetKind | undefined;
  // agree
  terms?: string | undefined;
  performance?: string | undefined;
  // request-confirmation
  courtUnitId?: string | undefined;
  // accept-confirmation / decide-confirmation
  decision?: boolean | undefined;
  // close
  outcome?: Outcome | undefined;
  referredTo?: string | undefined;
  // visit / rate
  satisfaction?: number | undefined;
}

const NOTE_REQUIRED: ReadonlySet<DisputeAction> = new Set(['session', 'no-agreement', 'withdraw', 'visit', 'reopen', 'follow-up', 'note']);

function checkStepInput(action: DisputeAction, input: StepInput): void {
  check(
    checkText(input.note, 'note', DISPUTE_LIMITS.note, { multiline: true, required: NOTE_REQUIRED.has(action) }),
    checkText(input.referredTo, 'referredTo', 200, { required: action === 'close' && input.outcome === 'not-resolved-referred' }),
    action === 'agree' ? checkText(input.terms, 'terms', DISPUTE_LIMITS.terms, { multiline: true }) : null,
    action === 'agree' ? checkText(input.performance, 'performance', DISPUTE_LIMITS.summary, { multiline: true }) : null,
    checkAmount(input.amount, 'amount'),
    (action === 'rate' || input.satisfaction !== undefined) && !(Number.isInteger(input.satisfaction) && input.satisfaction! >= 1 && input.satisfaction! <= 5)
      ? { field: 'satisfaction', message: { zh: '满意度须为 1 至 5 的整数', en: 'must be a whole number from 1 to 5' } }
      : null,
    action === 'request-confirmation' && !input.courtUnitId ? { field: 'courtUnitId', message: { zh: '须指明受理司法确认的人民法院', en: 'the court to confirm the agreement is required' } } : null,
  );
}

function refusal(d: repo.DisputeRecord, action: DisputeAction, r: Exclude<ReturnType<typeof nextDisputeState>, string>, reopenDays: number): AppError {
  const rule = DISPUTE_FLOW[action];
  if (r.code === 'DISPUTE_WRONG_STATE') {
    const name = DISPUTE_STATE_NAMES[d.state];
    return new AppError('DISPUTE_WRONG_STATE', { state: d.state, action, allowed: r.allowed }, { zh: `纠纷当前${name.zh}，不能${rule.zh}`, en: `The dispute is ${name.en}: "${rule.en}" is not possible now` });
  }
  if (r.code === 'DISPUTE_WRONG_SIDE') {
    const who = { holder: ['承办单位', 'the unit holding the dispute'], court: ['受理司法确认的人民法院', 'the court asked to confirm'], overseer: ['辖区社会治理中心', "the region's governance center"], any: ['', ''] }[r.side];
    return new AppError('FORBIDDEN', { action, side: r.side }, { zh: `「${rule.zh}」由${who[0]}办理`, en: `"${rule.en}" is for ${who[1]}` });
  }
  const why: Record<typeof r.predicate, [string, string]> = {
    'decision-given': ['须给出决定（decision）', 'a decision is required'],
    'confirmation-accepted': ['人民法院须先受理司法确认申请', 'the court must accept the request first'],
    'confirmation-pending': ['司法确认申请已受理，请作出是否确认的决定', 'the request is already accepted: decide on it'],
    'outcome-fits': ['结案结果与纠纷状态不符：达成协议的为化解，调解不成或不予确认的为未化解并引导', 'the outcome does not fit: resolved with an agreement standing, not resolved (referred) otherwise'],
    'not-rated': ['已作过满意度评价', 'satisfaction has already been rated'],
    'resolved-recently': [`只能重新受理已化解且结案不超过 ${reopenDays} 日的纠纷`, `only a dispute resolved within the last ${reopenDays} days can be reopened`],
    'has-handling-unit': ['纠纷尚未流转到承办单位', 'the dispute has no handling unit yet'],
  };
  return new AppError('DISPUTE_CONDITION_UNMET', { action, predicate: r.predicate }, { zh: why[r.predicate][0], en: why[r.predicate][1] });
}

async function factsOf(deps: Deps, db: Queryable, d: repo.DisputeRecord, input: StepInput): Promise<FlowFacts> {
  const agreement = d.state === 'confirmation-requested' ? await repo.findAgreement(db, d.id) : null;
  return {
    decision: input.decision,
    confirmationAccepted: agreement?.confirmationState === 'accepted',
    outcome: input.outcome,
    closedOutcome: d.outcome,
    satisfaction: d.satisfaction,
    closedAtMs: d.closedAt === null ? null : Date.parse(d.closedAt),
    nowMs: deps.now().getTime(),
    reopenWithinDays: deps.disputeRules.matching.reopenWithinDays,
    handlingUnitId: d.handlingUnitId,
  };
}

interface StepResult {
  eventId: number;
  /** reopen: the new dispute */
  reopened?: IntakeResult;
}

/** Takes one step of the dispute's flow (DISPUTE_FLOW): checked for side, state and predicates, with its event and audit record. */
async function act(deps: Deps, ctx: RequestContext, id: string, action: DisputeAction, input: StepInput): Promise<StepResult> {
  checkStepInput(action, input);
  const p = ctx.principal;
  let reopened: IntakeResult | undefined;
  const result = await deps.db.transaction(async (tx) => {
    const d = await visibleDispute(deps, tx, ctx, id, true);
    const side = sideOf(deps, ctx, d);
    if (side === null || (side === 'party' && action !== 'note')) throw new AppError('FORBIDDEN', { dispute: id, action });
    const next = nextDisputeState(d.state, action, side === 'party' ? 'overseer' : side, await factsOf(deps, tx, d, input));
    if (typeof next !== 'string') throw refusal(d, action, next, deps.disputeRules.matching.reopenWithinDays);
    const now = deps.now();
    const at = now.toISOString();
    let type = typeOf(deps, d.type);
    const change: repo.DisputeChange = {};
    const data: Record<string, unknown> = {};
    switch (action) {
      case 'assess': {
        if (input.type !== undefined) {
          type = typeOf(deps, input.type);
          change.type = type.id;
        }
        change.riskLevel = input.riskLevel ?? (input.type !== undefined ? type.risk : d.riskLevel);
        if (input.urgency) change.urgency = input.urgency;
        if (input.amount !== undefined) change.amount = input.amount;
        Object.assign(data, { type: type.id, riskLevel: change.riskLevel, urgency: change.urgency ?? d.urgency, amount: input.amount ?? d.amount });
        if (type.id !== d.type) {
          const parties = await repo.listParties(tx, d.id);
          await tx.query('UPDATE dispute SET fingerprints = $2 WHERE id = $1', [d.id, matterKeys(type.id, parties)]);
        }
        break;
      }
      case 'route': {
        const target = await chooseTarget(deps, tx, { ...d, type: type.id, riskLevel: change.riskLevel ?? d.riskLevel }, type, input);
        Object.assign(change, { handlingUnitId: target.unitId, routeKind: target.kind, routeRule: target.ruleId, handlerId: null });
        Object.assign(data, { unitId: target.unitId, unitName: target.unitName, kind: target.kind, rule: target.ruleId });
        await reassignMatterClocks(tx, { kind: 'dispute', matterId: d.id, unitId: target.unitId });
        break;
      }
      case 'session':
        change.handlerId = p.userId;
        break;
      case 'agree': {
        const sealed = await sealAgreement(deps, tx, d, { terms: input.terms!, performance: input.performance!, mediator: p.displayName, unitId: p.unitId, unitName: p.unit.name, at: now });
        Object.assign(data, { pdfSm3: sealed.pdfSm3, keyId: sealed.keyId });
        change.handlerId = p.userId;
        // the parties may apply for judicial confirmation within 30 days of the agreement taking effect
        await startMatterClock(tx, deps.clock, { kind: 'dispute', matterId: d.id, ruleId: APPLY_RULE, unitId: d.handlingUnitId, at });
        break;
      }
      case 'request-confirmation': {
        const court = await repo.findUnit(tx, input.courtUnitId!);
        if (court?.agency !== 'court' || !d.regionCode.startsWith(regionScopePrefix(court.regionCode, court.level as RegionLevel))) {
          throw new AppError('DISPUTE_COURT_INVALID', { courtUnitId: input.courtUnitId });
        }
        await repo.updateConfirmation(tx, d.id, { state: 'requested', courtUnitId: court.id, requestedAt: at });
        await stopMatterClock(tx, deps.clock, { kind: 'dispute', matterId: d.id, ruleId: APPLY_RULE, at });
        Object.assign(data, { courtUnitId: court.id, courtName: court.name });
        break;
      }
      case 'accept-confirmation':
        await repo.updateConfirmation(tx, d.id, input.decision ? { state: 'accepted', acceptedAt: at } : { state: 'not-accepted', decidedAt: at, decisionNote: input.note ?? null });
        // SPC 2011 provisions art. 5: decided within 15 days of acceptance (+10 with the president's approval)
        if (input.decision) data.clock = (await startMatterClock(tx, deps.clock, { kind: 'dispute', matterId: d.id, ruleId: DECIDE_RULE, unitId: p.unitId, at })).dueAt;
        data.accepted = input.decision;
        break;
      case 'decide-confirmation':
        await repo.updateConfirmation(tx, d.id, { state: input.decision ? 'confirmed' : 'refused', decidedAt: at, decisionNote: input.note ?? null });
        await stopMatterClock(tx, deps.clock, { kind: 'dispute', matterId: d.id, ruleId: DECIDE_RULE, at });
        data.confirmed = input.decision;
        break;
      case 'close':
        Object.assign(change, { outcome: input.outcome, referredTo: input.referredTo ?? null, closedAt: at });
        Object.assign(data, { outcome: input.outcome, referredTo: input.referredTo ?? null });
        await stopMatterClock(tx, deps.clock, { kind: 'dispute', matterId: d.id, at });
        break;
      case 'withdraw':
        Object.assign(change, { outcome: 'withdrawn', closedAt: at });
        await stopMatterClock(tx, deps.clock, { kind: 'dispute', matterId: d.id, at });
        break;
      case 'visit':
        Object.assign(change, { visitedAt: at, visitNote: input.note ?? null });
        if (input.satisfaction !== undefined) change.satisfaction = input.satisfaction;
        data.satisfaction = input.satisfaction ?? null;
        break;
      case 'rate':
        change.satisfaction = input.satisfaction!;
        data.satisfaction = input.satisfaction;
        break;
      case 'follow-up':
        change.followUp = true;
        break;
      case 'reopen':
        reopened = await reopenAs(deps, tx, ctx, d, input.note!);
        data.reopenedAs = reopened.number;
        break;
      case 'no-agreement':
      case 'note':
        break;
      default: {
        const never: never = action;
        throw new Error(`unknown action ${String(never)}`);
      }
    }
    // a step left after its due moment was late (the on-time figure, rules/governance/metrics.yaml, counts these);
    // the follow-up visit after the close is not a step of the handling
    if (next !== d.state && d.state !== 'closed' && d.dueAt !== null && d.dueAt < at) data.late = true;
    if (next !== d.state) change.state = next;
    // a step entered starts its period; routing again (to another unit) starts the handling period again
    if (next !== d.state || action === 'assess' || action === 'route') change.dueAt = dueFor(deps, next, type, now.getTime(), action === 'session' ? d.dueAt : null);
    if (Object.keys(change).length > 0) await repo.updateDispute(tx, d.id, change, at);
    const eventId = await repo.appendEvent(tx, { disputeId: d.id, at, kind: action, unitId: p.unitId, userId: p.userId, note: input.note ?? null, data, fromState: d.state, toState: next });
    await appendAudit(tx, { ...auditActor(ctx), action: `dispute.${action}`, resourceKind: 'dispute', resourceId: d.id, details: { from: d.state, to: next, ...pickAuditable(data) } });
    return { eventId };
  });
  return reopened ? { ...result, reopened } : result;
}

/** Audit details carry ids and facts, never personal data or free text. */
function pickAuditable(data: Record<string, unknown>): Record<string, unknown> {
  const { unitName: _u, courtName: _c, ...rest } = data;
  return rest;
}

/**
 * The matter comes back (reopen): a new dispute with the same parties, taken in by the unit that reopens it, in
 * the reopening's transaction; refused as a duplicate when the matter is already open again.
 */
async function reopenAs(deps: Deps, tx: Queryable, ctx: RequestContext, old: repo.DisputeRecord, note: string): Promise<IntakeResult> {
  const p = ctx.principal;
  if (!isAllowed(deps.permissions, p, 'create', { kind: 'dispute', unitId: p.unitId, regionCode: p.regionCode, agency: p.agency })) {
    throw new AppError('FORBIDDEN', { action: 'reopen' }, { zh: '本单位不受理矛盾纠纷，不能重新受理', en: 'Your unit does not take disputes in, so it cannot reopen one' });
  }
  const now = deps.now();
  const at = now.toISOString();
  const type = typeOf(deps, old.type);
  const parties = await repo.listParties(tx, old.id);
  const keys = matterKeys(type.id, parties);
  await repo.lockMatterKeys(tx, keys);
  const open = (await repo.findSameMatter(tx, type.id, keys)).find((e) => isOpen(e.state));
  if (open) throw new AppError('DISPUTE_DUPLICATE', { id: open.id, number: open.number }, { zh: `此纠纷已重新登记为 ${open.number}，正在办理中`, en: `The matter is already open again as ${open.number}` });
  const created = await repo.insertDispute(tx, {
    trackingCode: trackingCode(), channel: 'referral', type: type.id, riskLevel: old.riskLevel, urgency: old.urgency, amount: old.amount, summary: old.summary,
    regionCode: old.regionCode, intakeUnitId: p.unitId, intakeBy: p.userId, dueAt: dueFor(deps, 'intake', type, now.getTime(), null), reopenedFrom: old.id,
    fingerprints: keys, importKey: null, at,
  });
  await repo.insertParties(tx, created.id, parties.map(({ id: _id, ...rest }) => rest));
  await repo.appendEvent(tx, { disputeId: created.id, at, kind: 'intake', unitId: p.unitId, userId: p.userId, note, data: { channel: 'referral', reopenedFrom: old.number }, toState: 'intake' });
  await repo.appendEvent(tx, { disputeId: old.id, at, kind: 'reopened-as', unitId: p.unitId, userId: p.userId, data: { number: created.number, id: created.id } });
  await appendAudit(tx, { ...auditActor(ctx), action: 'dispute.intake', resourceKind: 'dispute', resourceId: created.id, details: { channel: 'referral', type: type.id, reopenedFrom: old.id } });
  const [row] = await tx.query<{ tracking_code: string }>('SELECT tracking_code FROM dispute WHERE id = $1', [created.id]);
  return { id: created.id, number: created.number, trackingCode: row!.tracking_code, created: true, reopenedFrom: { id: old.id, number: old.number } };
}

/** The unit a dispute is routed to: the one given (checked against the kinds and the region), or the rules' choice. */
async function chooseTarget(deps: Deps, tx: Queryable, d: repo.DisputeRecord, type: DisputeType, input: StepInput): Promise<{ unitId: string; unitName: string; kind: TargetKind; ruleId: string | null }> {
  const rules = deps.disputeRules;
  if (input.unitId) {
    const u = await repo.findUnit(tx, input.unitId);
    if (!u) throw new AppError('UNIT_NOT_FOUND', { unitId: input.unitId });
    const kind = input.kind ?? (Object.entries(rules.kinds).find(([, k]) => k.agencies.includes(u.agency as Agency))?.[0] as TargetKind | undefined);
    const covers = d.regionCode.startsWith(regionScopePrefix(u.regionCode, u.level as RegionLevel));
    if (!kind || !rules.kinds[kind].agencies.includes(u.agency as Agency) || !covers) {
      throw new AppError('DISPUTE_TARGET_INVALID', { unitId: u.id, kind: input.kind ?? null, agency: u.agency }, {
        zh: `${u.name}不能承办此纠纷：须为辖区覆盖纠纷发生地、与化解方式相符的单位`,
        en: `${u.name} cannot take this dispute: the unit must cover the dispute's region and stand for the kind of resolution`,
      });
    }
    return { unitId: u.id, unitName: u.name, kind, ruleId: null };
  }
  const agencies = [...new Set(rules.routes.map((r) => r.target.agency))];
  const units: (CandidateUnit & { name: string })[] = (await repo.candidateUnits(tx, agencies))
    .filter((u) => (REGION_LEVELS as readonly string[]).includes(u.level))
    .map((u) => ({ id: u.id, code: u.code, name: u.name, agency: u.agency as Agency, level: u.level as CandidateUnit['level'], scopePrefix: regionScopePrefix(u.regionCode, u.level as RegionLevel), openLoad: u.openLoad }));
  const choice = routeByRules(rules.routes, { type, risk: d.riskLevel, amount: d.amount, regionCode: d.regionCode }, units);
  if (!choice) throw new AppError('DISPUTE_NO_ROUTE', { type: type.id, regionCode: d.regionCode });
  return { unitId: choice.unitId, unitName: units.find((u) => u.id === choice.unitId)!.name, kind: choice.kind, ruleId: choice.ruleId };
}

/** The agreement as a PDF from the template, stored by its SM3 and sealed with the handling unit's SM2 key. */
async function sealAgreement(
  deps: Deps,
  tx: Queryable,
  d: repo.DisputeRecord,
  a: { terms: string; performance: string; mediator: string; unitId: string; unitName: string; at: Date },
): Promise<{ pdfSm3: string; keyId: string }> {
  const parties = await repo.listParties(tx, d.id);
  const key = await activeSigningKey(tx, a.unitId, deps.masterKey());
  const values = {
    number: d.number,
    parties: parties.map((x) => `${x.role === 'applicant' ? '申请人' : '被申请人'} ${x.name}`).join('；'),
    summary: d.summary,
    terms: a.terms,
    performance: a.performance,
    mediator: a.mediator,
    committee: a.unitName,
    date: a.at.toISOString().slice(0, 10),
    keyId: key.id,
  };
  const text = agreementText(deps.disputeRules.agreement, { ...values, digest: '' });
  const pdf = await renderAgreementPdf(deps.disputeRules.agreement, { ...values, digest: sm3Hex(text.zh) }, a.at);
  const stored = await deps.files.put(pdf);
  await repo.insertAgreement(tx, {
    disputeId: d.id, terms: a.terms, performance: a.performance, pdfSm3: stored.sm3, pdfSize: pdf.length, sealedByUnitId: a.unitId, sealKeyId: key.id,
    sealSignature: signDigest(key.privateKey, stored.sm3), signedAt: a.at.toISOString(),
  });
  return { pdfSm3: stored.sm3, keyId: key.id };
}

// The verbs, one function each (what the route and other capabilities call).
export const assessDispute = (deps: Deps, ctx: RequestContext, id: string, input: Pick<StepInput, 'type' | 'riskLevel' | 'urgency' | 'amount' | 'note'>) => act(deps, ctx, id, 'assess', input);
/** Routes by hand (unitId, kind) or, without a unit, by rules/governance/dispute-routing.yaml. */
export const routeDispute = (deps: Deps, ctx: RequestContext, id: string, input: Pick<StepInput, 'unitId' | 'kind' | 'note'>) => act(deps, ctx, id, 'route', input);
export const recordSession = (deps: Deps, ctx: RequestContext, id: string, input: { note: string }) => act(deps, ctx, id, 'session', input);
export const recordAgreement = (deps: Deps, ctx: RequestContext, id: string, input: { terms: string; performance: string; note?: string }) => act(deps, ctx, id, 'agree', input);
export const recordNoAgreement = (deps: Deps, ctx: RequestContext, id: string, input: { note: string }) => act(deps, ctx, id, 'no-agreement', input);
export const requestConfirmation = (deps: Deps, ctx: RequestContext, id: string, input: { courtUnitId: string; note?: string }) => act(deps, ctx, id, 'request-confirmation', input);
export const acceptConfirmation = (deps: Deps, ctx: RequestContext, id: string, input: { decision: boolean; note?: string }) => act(deps, ctx, id, 'accept-confirmation', input);
export const decideConfirmation = (deps: Deps, ctx: RequestContext, id: string, input: { decision: boolean; note?: string }) => act(deps, ctx, id, 'decide-confirmation', input);
export const closeDispute = (deps: Deps, ctx: RequestContext, id: string, input: { outcome: Exclude<Outcome, 'withdrawn'>; referredTo?: string; note?: string }) => act(deps, ctx, id, 'close', input);
export const withdrawDispute = (deps: Deps, ctx: RequestContext, id: string, input: { note: string }) => act(deps, ctx, id, 'withdraw', input);
export const recordFollowUpVisit = (deps: Deps, ctx: RequestContext, id: string, input: { note: string; satisfaction?: number }) => act(deps, ctx, id, 'visit', input);
export const rateDispute = (deps: Deps, ctx: RequestContext, id: string, input: { satisfaction: number; note?: string }) => act(deps, ctx, id, 'rate', input);
export const reopenDispute = (deps: Deps, ctx: RequestContext, id: string, input: { note: string }) => act(deps, ctx, id, 'reopen', input);
export const followUpDispute = (deps: Deps, ctx: RequestContext, id: string, input: { note: string }) => act(deps, ctx, id, 'follow-up', input);
export const noteDispute = (deps: Deps, ctx: RequestContext, id: string, input: { note: string }) => act(deps, ctx, id, 'note', input);

export async function actOnDispute(deps: Deps, ctx: RequestContext, id: string, action: DisputeAction, input: StepInput) {
  const r = await act(deps, ctx, id, action, input);
  return { ...(await disputePage(deps, ctx, id, false)), eventId: r.eventId, reopened: r.reopened ?? null };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

const maskedParty = (x: repo.PartyRow) => ({ ...x, name: x.kind === 'person' ? maskName(x.name) : x.name, phone: maskPhone(x.phone), idNumber: x.kind === 'person' ? maskResidentId(x.idNumber) : x.idNumber, address: x.address === null ? null : '***' });

function present(deps: Deps, d: repo.DisputeRecord, nowIso: string) {
  const { importKey: _k, courtUnitId: _c, confirmationState: _s, ...rest } = d;
  return {
    ...rest,
    typeName: deps.disputeRules.types.get(d.type)?.name ?? { zh: d.type, en: d.type },
    overdue: d.dueAt !== null && isOpen(d.state) && d.dueAt < nowIso,
  };
}

/**
 * The dispute's page: timeline, clocks, agreement, the steps the caller may take. With `reveal` (getDispute),
 * the parties' data is whole for a unit working the dispute, and that read is audited; otherwise masked.
 */
async function disputePage(deps: Deps, ctx: RequestContext, id: string, reveal: boolean) {
  const d = await visibleDispute(deps, deps.db, ctx, id);
  const mayReveal = reveal && isAllowed(deps.permissions, ctx.principal, 'reveal', refOf(d));
  const [parties, events, agreement, clocks] = await Promise.all([
    repo.listParties(deps.db, id), repo.listEvents(deps.db, id), repo.findAgreement(deps.db, id), matterClocks(deps.db, deps.clock, 'dispute', id),
  ]);
  if (mayReveal) {
    await deps.db.transaction(async (tx) => {
      await appendAudit(tx, { ...auditActor(ctx), action: 'dispute.read-personal-data', resourceKind: 'dispute', resourceId: id, details: { parties: parties.length } });
    });
  }
  const side = sideOf(deps, ctx, d);
  const facts = await factsOf(deps, deps.db, d, {});
  const actions = side === null ? [] : side === 'party' ? availableActions(d.state, 'overseer', facts).filter((a) => a === 'note') : availableActions(d.state, side, facts);
  let seal: { keyId: string; unitId: string; valid: boolean } | null = null;
  if (agreement) {
    const [key] = await deps.db.query<{ public_key: string }>('SELECT public_key FROM unit_key WHERE id = $1', [agreement.sealKeyId]);
    seal = { keyId: agreement.sealKeyId, unitId: agreement.sealedByUnitId, valid: key ? verifyDigestSignature(key.public_key, agreement.pdfSm3, agreement.sealSignature) : false };
  }
  return {
    ...present(deps, d, deps.now().toISOString()),
    personalData: mayReveal ? ('whole' as const) : ('masked' as const),
    parties: mayReveal ? parties : parties.map(maskedParty),
    events,
    agreement: agreement === null ? null : { ...agreement, seal },
    clocks,
    side: side === 'party' ? null : side,
    actions,
  };
}

/** getDispute: the page, with the parties whole (audited) for a unit working the dispute. */
export const getDispute = (deps: Deps, ctx: RequestContext, id: string) => disputePage(deps, ctx, id, true);

export interface ListQuery {
  state?: DisputeState | 'open';
  type?: string;
  riskLevel?: 'low' | 'medium' | 'high';
  unitId?: string;
  region?: string;
  mine?: boolean;
  overdue?: boolean;
  limit: number;
  offset: number;
}

/** The disputes the caller may read, newest first, parties masked. */
export async function listDisputes(deps: Deps, ctx: RequestContext, q: ListQuery) {
  const scope = scopeOf(deps.permissions, ctx.principal, 'read', 'dispute');
  const now = deps.now().toISOString();
  const r = await repo.listDisputes(deps.db, scope, {
    state: q.state, type: q.type, riskLevel: q.riskLevel, unitId: q.unitId, regionPrefix: q.region, mine: q.mine ? ctx.principal.userId : undefined, overdueAt: q.overdue ? now : undefined,
    limit: q.limit, offset: q.offset,
  });
  return {
    total: r.total,
    items: r.items.map((d) => ({ ...present(deps, d, now), firstApplicant: maskName(d.firstApplicant), firstRespondent: d.firstRespondent })),
  };
}

/** The agreement's PDF: personal data whole, so for the units working the dispute, audited. */
export async function readAgreementPdf(deps: Deps, ctx: RequestContext, id: string): Promise<{ bytes: Uint8Array; sm3: string; number: string }> {
  const d = await visibleDispute(deps, deps.db, ctx, id);
  if (!isAllowed(deps.permissions, ctx.principal, 'reveal', refOf(d))) throw new AppError('FORBIDDEN', { dispute: id });
  const agreement = await repo.findAgreement(deps.db, id);
  if (!agreement) throw new AppError('NOT_FOUND', { dispute: id, agreement: null });
  const bytes = await deps.files.get(agreement.pdfSm3);
  await deps.db.transaction(async (tx) => {
    await appendAudit(tx, { ...auditActor(ctx), action: 'dispute.agreement.read', resourceKind: 'dispute', resourceId: id, details: { sm3: agreement.pdfSm3 } });
  });
  return { bytes, sm3: agreement.pdfSm3, number: d.number };
}

/** GET /api/rules/disputes: the taxonomy with periods and sources, the windows, the step periods, the routing rules. */
export function disputeRulesView(deps: Pick<Deps, 'disputeRules'>) {
  const r = deps.disputeRules;
  return {
    types: [...r.types.values()].map((t) => ({ id: t.id, name: t.name, risk: t.risk, routeAs: t.routeAs, handling: { unit: t.handling.unit, length: t.handling.length, source: t.handling.source } })),
    matching: r.matching,
    steps: r.steps,
    kinds: Object.entries(r.kinds).map(([id, k]) => ({ id, name: k.name, agencies: [...k.agencies] })),
    routes: r.routes.map((x) => ({ ...x, types: x.types === '*' ? ['*'] : [...x.types], risk: x.risk ? [...x.risk] : null })),
    channels: ['walk-in', 'hotline', 'online', 'grid', 'court-referral', 'referral', 'import'],
  };
}
