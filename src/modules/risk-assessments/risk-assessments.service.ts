/**
 * Stability risk assessments of major decisions (重大决策社会稳定风险评估, issue 7 part 4, flows.md §5): the owner
 * body registers a major decision, plans its assessment, records the opinions gathered (public comment, hearings,
 * expert review), lists the risks (likelihood x impact, each with its mitigation), rates the assessment by the
 * rule of rules/risk-assessment.yaml, records the decision of the decision-making body, tracks mitigations to done
 * and reviews after implementation. One function per verb; each step is one transaction with its timeline entry
 * and audit record. The flow is src/engine/risk-assessments/assessment-flow.ts; who may is risk-assessments.policy.ts.
 */
import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/client.ts';
import { cstDayOf, isoDate, parseIsoDate } from '../../engine/clock/civil-date.ts';
import { scopeOf } from '../../engine/permissions/permissions.ts';
import {
  type ActionInput, RISK_ASSESSMENT_FLOW, RISK_ASSESSMENT_STATE_NAMES, type RiskAssessmentAction, type RiskAssessmentState, availableAssessmentActions, nextAssessmentState,
} from '../../engine/risk-assessments/assessment-flow.ts';
import {
  DECISION_NAMES, type Decision, LEVEL_NAMES, type OpinionKind, type RiskLevel, allowedDecisions, rateAssessment, riskLevel,
} from '../../engine/risk-assessments/risk-matrix.ts';
import { AppError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { type RequestContext, auditActor } from '../auth/principal.ts';
import { isOwner, mayRegister, mayRead } from './risk-assessments.policy.ts';
import * as repo from './risk-assessments.repository.ts';

type Deps = Pick<AppDeps, 'db' | 'permissions' | 'riskAssessmentRules' | 'now'>;

const field = (name: string, zh: string, en: string) => new AppError('VALIDATION_FAILED', [{ field: name, message: { zh, en } }]);

/** The assessment if the caller may see it (not found otherwise: an outsider learns nothing of it). */
async function visibleAssessment(deps: Deps, db: Queryable, ctx: RequestContext, id: string, lock = false): Promise<repo.AssessmentRecord> {
  const a = await repo.findAssessment(db, id, lock);
  if (!a || !mayRead(deps.permissions, ctx.principal, a)) throw new AppError('NOT_FOUND', { riskAssessment: id });
  return a;
}

const text = (v: string | undefined, name: string, zh: string, en: string): string => {
  const t = v?.trim();
  if (!t) throw field(name, zh, en);
  return t;
};

/** A civil date YYYY-MM-DD; `notBeforeToday` for dates set ahead (plans, mitigations), `notAfterToday` for what happened. */
function civilDate(deps: Deps, value: string, name: string, rule: 'not-before-today' | 'not-after-today'): string {
  const d = parseIsoDate(value);
  if (d === null) throw field(name, '须为有效日期 YYYY-MM-DD', 'must be a real date, YYYY-MM-DD');
  const today = cstDayOf(deps.now().getTime());
  if (rule === 'not-before-today' && d < today) throw field(name, '日期不能早于今天', 'cannot be before today');
  if (rule === 'not-after-today' && d > today) throw field(name, '日期不能晚于今天', 'cannot be after today');
  return isoDate(d);
}

function checkScale(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 5) throw field(name, '须为 1 至 5 的整数', 'must be a whole number from 1 to 5');
  return value;
}

export interface RegisterInput {
  title: string;
  summary: string;
  /** The body that takes the decision, by name (e.g. 河口县人民政府). */
  decisionBody: string;
  regionCode: string;
  peopleAffected: number;
}

/** Registers a major decision at the caller's unit, the owner body of its assessment. */
export async function registerAssessment(deps: Deps, ctx: RequestContext, input: RegisterInput): Promise<{ id: string; number: string }> {
  const p = ctx.principal;
  if (!mayRegister(deps.permissions, p)) {
    throw new AppError('FORBIDDEN', {}, { zh: '重大决策由县级以上政法委、社会治理中心、司法局、公安机关的承办人员登记', en: 'Major decisions are registered by the staff of a committee, governance center, justice bureau or public security bureau at county level or above' });
  }
  const title = text(input.title, 'title', '须填写决策事项名称', 'the decision is required');
  const summary = text(input.summary, 'summary', '须填写决策事项概要', 'a summary of the decision is required');
  const decisionBody = text(input.decisionBody, 'decisionBody', '须填写决策机关', 'the decision-making body is required');
  if (!Number.isInteger(input.peopleAffected) || input.peopleAffected < 0) throw field('peopleAffected', '涉及人数须为非负整数', 'the people affected is a whole number, 0 or more');
  if (!(await repo.regionExists(deps.db, input.regionCode))) throw new AppError('REGION_NOT_FOUND', { regionCode: input.regionCode });
  if (!input.regionCode.startsWith(p.regionPrefix)) throw new AppError('RISK_ASSESSMENT_REGION_INVALID', { regionCode: input.regionCode });
  const at = deps.now().toISOString();
  return deps.db.transaction(async (tx) => {
    const created = await repo.insertAssessment(tx, { title, summary, decisionBody, ownerUnitId: p.unitId, regionCode: input.regionCode, peopleAffected: input.peopleAffected, registeredAt: at, createdBy: p.userId });
    await repo.appendTimeline(tx, created.id, { at, kind: 'registered', unitId: p.unitId, userId: p.userId, note: decisionBody, toState: 'registered' });
    await appendAudit(tx, { ...auditActor(ctx), action: 'risk-assessment.register', resourceKind: 'risk-assessment', resourceId: created.id, details: { regionCode: input.regionCode, peopleAffected: input.peopleAffected } });
    return created;
  });
}

/** What a step changes, worked out inside the step's transaction after the flow allowed it. */
interface StepPlan {
  change?: Omit<repo.AssessmentChange, 'state' | 'at'>;
  timeline: { kind: string; note?: string | null; dueAt?: string | null };
  audit?: Record<string, unknown>;
}

/** One step: the row locked, the caller the owner body, the flow's table and guards, saved with timeline and audit. */
async function step(
  deps: Deps, ctx: RequestContext, id: string, action: RiskAssessmentAction, input: ActionInput,
  plan: (tx: Queryable, a: repo.AssessmentRecord, next: RiskAssessmentState, at: string) => Promise<StepPlan> | StepPlan,
) {
  await deps.db.transaction(async (tx) => {
    const a = await visibleAssessment(deps, tx, ctx, id, true);
    if (!isOwner(deps.permissions, ctx.principal, a)) {
      throw new AppError('FORBIDDEN', { riskAssessment: id }, { zh: '风险评估的各环节由评估主体办理', en: 'Only the owner body takes the steps of an assessment' });
    }
    const [opinions, risks, mitigations] = await Promise.all([repo.listOpinions(tx, id), repo.listRiskItems(tx, id), repo.listMitigations(tx, id)]);
    const facts = {
      state: a.state, rating: a.rating, opinions: opinions.length,
      risks: risks.map((r) => ({ id: r.id, mitigations: mitigations.filter((m) => m.riskItemId === r.id).length })),
      mitigations: mitigations.map((m) => ({ id: m.id, state: m.state })),
    };
    const next = nextAssessmentState(deps.riskAssessmentRules, facts, action, input);
    if (typeof next !== 'string') throw refusal(a, action, next);
    const at = deps.now().toISOString();
    const planned = await plan(tx, a, next, at);
    await repo.updateAssessment(tx, a.id, a.version, { ...planned.change, state: next, at });
    await repo.appendTimeline(tx, a.id, { at, kind: planned.timeline.kind, unitId: ctx.principal.unitId, userId: ctx.principal.userId, note: planned.timeline.note ?? null, dueAt: planned.timeline.dueAt ?? null, fromState: a.state, toState: next });
    await appendAudit(tx, { ...auditActor(ctx), action: `risk-assessment.${action}`, resourceKind: 'risk-assessment', resourceId: a.id, details: { from: a.state, to: next, ...planned.audit } });
  });
  return getAssessment(deps, ctx, id);
}

function refusal(a: repo.AssessmentRecord, action: RiskAssessmentAction, r: Exclude<ReturnType<typeof nextAssessmentState>, string>): AppError {
  const rule = RISK_ASSESSMENT_FLOW[action];
  const state = RISK_ASSESSMENT_STATE_NAMES[a.state];
  switch (r.code) {
    case 'RISK_ASSESSMENT_WRONG_STATE':
      return new AppError('RISK_ASSESSMENT_WRONG_STATE', { state: a.state, action, allowed: r.allowed }, { zh: `风险评估当前为「${state.zh}」，不能${rule.zh}`, en: `The assessment is ${state.en}: "${rule.en}" is not possible now` });
    case 'RISK_ASSESSMENT_INCOMPLETE':
      return new AppError('RISK_ASSESSMENT_INCOMPLETE', { missing: r.missing });
    case 'RISK_DECISION_NOT_ALLOWED': {
      const names = r.allowed.map((d) => DECISION_NAMES[d]);
      return new AppError('RISK_DECISION_NOT_ALLOWED', { rating: r.rating, allowed: r.allowed }, {
        zh: `评估为${LEVEL_NAMES[r.rating].zh}，只能：${names.map((n) => n.zh).join('、')}`,
        en: `Rated ${r.rating}: only ${names.map((n) => n.en.toLowerCase()).join(', ')}`,
      });
    }
    case 'RISK_MITIGATIONS_UNPLANNED':
      return new AppError('RISK_MITIGATIONS_UNPLANNED', { riskIds: r.riskIds });
    case 'RISK_MITIGATIONS_OPEN':
      return new AppError('RISK_MITIGATIONS_OPEN', { mitigationIds: r.mitigationIds });
    default: {
      const never: never = r;
      throw new Error(`unknown refusal ${JSON.stringify(never)}`);
    }
  }
}

/** The assessment plan: how opinions are gathered and by when it is to be rated. */
export function planAssessment(deps: Deps, ctx: RequestContext, id: string, input: { plan: string; dueOn: string }) {
  const plan = text(input.plan, 'plan', '须填写评估方案', 'the assessment plan is required');
  const dueOn = civilDate(deps, input.dueOn, 'dueOn', 'not-before-today');
  return step(deps, ctx, id, 'plan', {}, () => ({ change: { plan, planDueOn: dueOn, stamp: 'planned_at' }, timeline: { kind: 'planned', note: plan }, audit: { dueOn } }));
}

export interface OpinionInput {
  kind: OpinionKind;
  heldOn: string;
  summary: string;
  participants: number;
  countFor: number;
  countAgainst: number;
}

/** An opinion gathered: a public comment, a hearing or an expert review, with how many were for and against. */
export function addOpinion(deps: Deps, ctx: RequestContext, id: string, input: OpinionInput) {
  if (!deps.riskAssessmentRules.opinionKinds.some((k) => k.id === input.kind)) throw field('kind', '没有这种意见征集方式', 'no such kind of opinion');
  const summary = text(input.summary, 'summary', '须填写意见摘要', 'a summary of the opinions is required');
  const heldOn = civilDate(deps, input.heldOn, 'heldOn', 'not-after-today');
  for (const k of ['participants', 'countFor', 'countAgainst'] as const) {
    if (!Number.isInteger(input[k]) || input[k] < 0) throw field(k, '人数须为非负整数', 'a whole number, 0 or more');
  }
  if (input.countFor + input.countAgainst > input.participants) throw field('participants', '赞成与反对人数之和不能超过参与人数', 'those for and against cannot be more than those who took part');
  return step(deps, ctx, id, 'add-opinion', {}, async (tx, a, _next, at) => {
    const opinionId = await repo.insertOpinion(tx, a.id, { ...input, summary, heldOn, recordedAt: at, recordedBy: ctx.principal.userId });
    const kind = deps.riskAssessmentRules.opinionKinds.find((k) => k.id === input.kind)!;
    return { timeline: { kind: 'opinion-added', note: `${kind.zh}：${summary}` }, audit: { opinionId, kind: input.kind } };
  });
}

export interface RiskInput {
  title: string;
  likelihood: number;
  impact: number;
  mitigation: string;
}

function checkRisk(input: RiskInput) {
  return {
    title: text(input.title, 'title', '须填写风险点', 'the risk is required'),
    likelihood: checkScale(input.likelihood, 'likelihood'),
    impact: checkScale(input.impact, 'impact'),
    mitigation: text(input.mitigation, 'mitigation', '须填写防范化解措施', 'the proposed mitigation is required'),
  };
}

/** A risk listed with its likelihood and impact; its level is the matrix's (条例 art. 23: 明确风险点). */
export function listRisk(deps: Deps, ctx: RequestContext, id: string, input: RiskInput) {
  const r = checkRisk(input);
  const level = riskLevel(deps.riskAssessmentRules, r.likelihood, r.impact);
  return step(deps, ctx, id, 'list-risk', {}, async (tx, a, _next, at) => {
    const riskId = await repo.insertRiskItem(tx, a.id, { ...r, level, listedAt: at });
    return { timeline: { kind: 'risk-listed', note: `${r.title}（${r.likelihood}×${r.impact}，${LEVEL_NAMES[level].zh}）` }, audit: { riskId, likelihood: r.likelihood, impact: r.impact, level } };
  });
}

/** A listed risk changed, while the assessment is not rated. */
export function editRisk(deps: Deps, ctx: RequestContext, id: string, riskId: string, input: RiskInput) {
  const r = checkRisk(input);
  const level = riskLevel(deps.riskAssessmentRules, r.likelihood, r.impact);
  return step(deps, ctx, id, 'edit-risk', {}, async (tx, a, _next, at) => {
    const before = (await repo.listRiskItems(tx, a.id)).find((x) => x.id === riskId);
    if (!before) throw new AppError('RISK_ITEM_NOT_FOUND', { riskId });
    await repo.updateRiskItem(tx, riskId, { ...r, level, updatedAt: at });
    return {
      timeline: { kind: 'risk-edited', note: `${r.title}（${r.likelihood}×${r.impact}，${LEVEL_NAMES[level].zh}）` },
      audit: { riskId, before: { likelihood: before.likelihood, impact: before.impact, level: before.level }, after: { likelihood: r.likelihood, impact: r.impact, level } },
    };
  });
}

/** Rates the assessment by the rule over its risks and opinions; the reasons go on the record. */
export function rateRiskAssessment(deps: Deps, ctx: RequestContext, id: string, input: { note?: string } = {}) {
  return step(deps, ctx, id, 'rate', {}, async (tx, a) => {
    const [risks, opinions] = await Promise.all([repo.listRiskItems(tx, a.id), repo.listOpinions(tx, a.id)]);
    const result = rateAssessment(deps.riskAssessmentRules, { risks, opinions });
    const why = result.reasons.map((r) => r.zh).join('；') || '无中、高风险因素';
    const note = [`${LEVEL_NAMES[result.rating].zh}：${why}`, input.note?.trim()].filter(Boolean).join('。');
    return { change: { rating: result.rating, stamp: 'rated_at' }, timeline: { kind: 'rated', note }, audit: { rating: result.rating, reasons: result.reasons.map((r) => r.en) } };
  });
}

/**
 * The decision of the decision-making body, recorded by the owner body: what the rating allows (条例 art. 24); a
 * high-rated decision adjusted goes back to be assessed again, its rating and the adjustment on the record.
 */
export function recordDecision(deps: Deps, ctx: RequestContext, id: string, input: { decision: Decision; note?: string }) {
  const note = input.note?.trim() || null;
  if (input.decision === 'proceed-after-adjustment' && !note) throw field('note', '须说明对决策草案作出的调整', 'say how the decision was adjusted');
  return step(deps, ctx, id, 'decide', { decision: input.decision }, (_tx, a, next) => {
    const name = DECISION_NAMES[input.decision];
    if (next === 'assessing') {
      return {
        // no decided_at: the decision is still to come (the cockpit and reports count decided_at as decided)
        change: { rating: null, decision: null, decisionNote: note, reassessed: true },
        timeline: { kind: 'reassessing', note: `${name.zh}：${note}` },
        audit: { decision: input.decision, rating: a.rating },
      };
    }
    return { change: { decision: input.decision, decisionNote: note, stamp: 'decided_at' }, timeline: { kind: 'decided', note: note ? `${name.zh}：${note}` : name.zh }, audit: { decision: input.decision, rating: a.rating } };
  });
}

export interface MitigationInput {
  riskItemId: string;
  action: string;
  responsibleUnitId: string;
  dueOn: string;
}

/** A mitigation planned against a listed risk: who does what by when. */
export function addMitigation(deps: Deps, ctx: RequestContext, id: string, input: MitigationInput) {
  const action = text(input.action, 'action', '须填写措施内容', 'the action is required');
  const dueOn = civilDate(deps, input.dueOn, 'dueOn', 'not-before-today');
  return step(deps, ctx, id, 'add-mitigation', {}, async (tx, a, _next, at) => {
    const risk = (await repo.listRiskItems(tx, a.id)).find((r) => r.id === input.riskItemId);
    if (!risk) throw new AppError('RISK_ITEM_NOT_FOUND', { riskId: input.riskItemId });
    const unit = await repo.findUnit(tx, input.responsibleUnitId);
    if (!unit) throw new AppError('UNIT_NOT_FOUND', { unitId: input.responsibleUnitId });
    const mitigationId = await repo.insertMitigation(tx, a.id, { riskItemId: risk.id, action, responsibleUnitId: unit.id, dueOn, createdAt: at });
    return { timeline: { kind: 'mitigation-added', note: `${risk.title}：${action}（${unit.name}，${dueOn}）` }, audit: { mitigationId, riskId: risk.id, responsibleUnitId: unit.id, dueOn } };
  });
}

/** A mitigation done. */
export function completeRiskMitigation(deps: Deps, ctx: RequestContext, id: string, mitigationId: string, input: { note?: string } = {}) {
  const note = input.note?.trim() || null;
  return step(deps, ctx, id, 'complete-mitigation', {}, async (tx, a, _next, at) => {
    const m = (await repo.listMitigations(tx, a.id)).find((x) => x.id === mitigationId);
    if (!m) throw new AppError('RISK_MITIGATION_NOT_FOUND', { mitigationId });
    if (m.state === 'done') throw new AppError('RISK_MITIGATION_DONE', { mitigationId });
    await repo.completeMitigation(tx, m.id, at, note);
    return { timeline: { kind: 'mitigation-done', note: note ? `${m.action}：${note}` : m.action }, audit: { mitigationId } };
  });
}

/** The review after implementation: every mitigation done, or each open one explained (kept on the mitigation). */
export function reviewAssessment(deps: Deps, ctx: RequestContext, id: string, input: { note: string; explanations?: { mitigationId: string; explanation: string }[] }) {
  const note = text(input.note, 'note', '须填写实施后评估意见', 'the review is required');
  const explanations = (input.explanations ?? []).map((e, i) => ({ mitigationId: e.mitigationId, explanation: text(e.explanation, `explanations[${i}].explanation`, '须说明未落实的原因', 'say why it is still open') }));
  const explained = new Set(explanations.map((e) => e.mitigationId));
  return step(deps, ctx, id, 'review', { explained }, async (tx, a) => {
    const open = new Set((await repo.listMitigations(tx, a.id)).filter((m) => m.state === 'open').map((m) => m.id));
    for (const e of explanations) {
      if (!open.has(e.mitigationId)) throw new AppError('RISK_MITIGATION_NOT_FOUND', { mitigationId: e.mitigationId }, { zh: '只能说明本评估未落实的措施', en: 'Explain only the open mitigations of this assessment' });
      await repo.explainOpenMitigation(tx, e.mitigationId, e.explanation);
    }
    return { change: { reviewNote: note, stamp: 'reviewed_at' }, timeline: { kind: 'reviewed', note }, audit: { openExplained: explanations.length } };
  });
}

/** The assessment with its opinions, risks (placed on the matrix), mitigations, timeline and the caller's steps. */
export async function getAssessment(deps: Deps, ctx: RequestContext, id: string) {
  const a = await visibleAssessment(deps, deps.db, ctx, id);
  const [opinions, risks, mitigations, timeline] = await Promise.all([repo.listOpinions(deps.db, id), repo.listRiskItems(deps.db, id), repo.listMitigations(deps.db, id), repo.listTimeline(deps.db, id)]);
  const owner = isOwner(deps.permissions, ctx.principal, a);
  const proposed = a.state === 'assessing' && risks.length > 0 ? rateAssessment(deps.riskAssessmentRules, { risks, opinions }) : null;
  return {
    ...a,
    open: !['reviewed', 'not-proceeding'].includes(a.state),
    opinions,
    risks,
    mitigations,
    timeline,
    isOwner: owner,
    actions: availableAssessmentActions(a.state, owner),
    allowedDecisions: a.rating && a.state === 'rated' ? [...allowedDecisions(deps.riskAssessmentRules, a.rating)] : [],
    proposedRating: proposed ? { rating: proposed.rating, reasons: proposed.reasons } : null,
  };
}

export async function listAssessmentsFor(deps: Deps, ctx: RequestContext, filter: repo.AssessmentFilter) {
  const scope = scopeOf(deps.permissions, ctx.principal, 'read', 'risk-assessment');
  const result = await repo.listAssessments(deps.db, scope, filter);
  const counts = await repo.mitigationCounts(deps.db, result.items.map((a) => a.id));
  return { total: result.total, items: result.items.map((a) => ({ ...a, mitigationsOpen: counts.get(a.id)?.open ?? 0, mitigationsDone: counts.get(a.id)?.done ?? 0 })) };
}

/** The published rules: the matrix, the rating rule, the decisions per rating, the opinion kinds, with sources. */
export function riskAssessmentRulesView(deps: Pick<AppDeps, 'riskAssessmentRules'>) {
  const r = deps.riskAssessmentRules;
  return {
    basis: r.basis,
    matrix: { ...r.matrix, likelihood: [...r.matrix.likelihood], impact: [...r.matrix.impact], levels: [...r.matrix.levels] },
    rating: { ...r.rating, anyRiskAt: [...r.rating.anyRiskAt], opposition: { ...r.rating.opposition, kinds: [...r.rating.opposition.kinds] } },
    decisions: { high: [...r.decisions.high], medium: [...r.decisions.medium], low: [...r.decisions.low] },
    opinionKinds: [...r.opinionKinds],
  };
}

export type { RiskLevel };
