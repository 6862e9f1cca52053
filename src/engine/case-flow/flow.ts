/**
 * The criminal case across agencies as data (rules/case-flow.yaml, flows.md §1): stages, collaboration
 * scenarios, transitions and measures, parsed and cross-checked here; and the one check every transition goes
 * through. Pure: no I/O.
 */
import { AGENCIES, type Agency, ROLES, type Role } from '../organisation.ts';
import { type Fail, isRecord, oneOf, record, text } from '../rules-data.ts';

/** `pause` and `resume`: a period not counted while it lasts (a suspended trial, CPL 206). */
export type ClockAction = 'start' | 'stop' | 'extend' | 'restart' | 'pause' | 'resume' | 'stop-all';
export type ClockSubject = 'case' | 'persons';

export interface ClockEffect {
  action: ClockAction;
  /** A rule id of rules/time-limits; absent only for stop-all. */
  rule?: string;
  subject: ClockSubject;
}

export interface Stage {
  id: string;
  zh: string;
  en: string;
  /** The agencies that may hold a case at this stage; none for closed. */
  holder: Agency[];
}

export interface Scenario {
  id: string;
  zh: string;
  en: string;
  from: Agency[];
  to: Agency[];
  receiverLevel: 'same' | 'higher' | 'any';
  requires: string[];
  answers: string[];
}

export interface Transition {
  id: string;
  zh: string;
  en: string;
  from: string[];
  /** The stage after; absent when the transition leaves the stage as it is. */
  to?: string;
  by: { agency: Agency[]; roles: Role[]; actor: 'holder' | 'receiver' | 'party' };
  handsOver?: string;
  answers?: string;
  requires: string[];
  evidenceChecklist: boolean;
  limit?: { counter: string; max: number };
  measure?: string;
  /** What the persons of the case are called after it (a suspect becomes a defendant when indicted). */
  personRoles: { from: PersonRole; to: PersonRole }[];
  clocks: ClockEffect[];
}

export const PERSON_ROLES = ['suspect', 'defendant', 'convict', 'victim', 'defender'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export interface Measure {
  id: string;
  zh: string;
  en: string;
  custody: boolean;
  by: Agency[];
  requires: string[];
  clocks: ClockEffect[];
}

export interface CaseFlow {
  documents: Map<string, { zh: string; en: string }>;
  stages: Map<string, Stage>;
  scenarios: Map<string, Scenario>;
  transitions: Map<string, Transition>;
  measures: Map<string, Measure>;
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const CLOCK_ACTIONS = ['start', 'stop', 'extend', 'restart', 'pause', 'resume', 'stop-all'] as const;

function ids(value: unknown, path: string, fail: Fail, known?: ReadonlySet<string> | readonly string[], allowEmpty = true): string[] {
  if (!Array.isArray(value)) return fail(path, 'must be a list');
  if (!allowEmpty && value.length === 0) fail(path, 'must not be empty');
  const knownSet = known ? new Set(known) : null;
  return value.map((v, i) => {
    const id = text(v, `${path}[${i}]`, fail);
    if (knownSet && !knownSet.has(id)) fail(`${path}[${i}]`, `unknown "${id}"`);
    return id;
  });
}

function mapping(value: unknown, path: string, fail: Fail): [string, unknown][] {
  if (!isRecord(value)) return fail(path, 'must be a mapping');
  return Object.entries(value).map(([key, v]) => {
    if (!ID.test(key)) fail(`${path}.${key}`, 'ids are lower-case words joined by "-"');
    return [key, v];
  });
}

function clockEffects(value: unknown, path: string, fail: Fail, rules: ReadonlySet<string>, subjectRequired: boolean): ClockEffect[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(path, 'must be a list');
  return value.map((v, i) => {
    const at = `${path}[${i}]`;
    const r = record(v, at, ['action', 'rule', 'subject'], fail);
    const action = oneOf(r.action, CLOCK_ACTIONS, `${at}.action`, fail);
    const subject = r.subject === undefined && !subjectRequired ? 'persons' : oneOf(r.subject, ['case', 'persons'] as const, `${at}.subject`, fail);
    if (action === 'stop-all') {
      if (r.rule !== undefined) fail(`${at}.rule`, 'stop-all takes no rule');
      return { action, subject };
    }
    const rule = text(r.rule, `${at}.rule`, fail);
    if (!rules.has(rule)) fail(`${at}.rule`, `no time-limit rule "${rule}" in rules/time-limits`);
    return { action, rule, subject };
  });
}

function personRoles(value: unknown, path: string, fail: Fail): { from: PersonRole; to: PersonRole }[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(path, 'must be a list');
  return value.map((v, i) => {
    const r = record(v, `${path}[${i}]`, ['from', 'to'], fail);
    return { from: oneOf(r.from, PERSON_ROLES, `${path}[${i}].from`, fail), to: oneOf(r.to, PERSON_ROLES, `${path}[${i}].to`, fail) };
  });
}

/**
 * Parses and cross-checks the flow: every stage, document, scenario, measure and clock rule a transition
 * names must exist, so a typo stops start-up with the file and field instead of surfacing in a case.
 */
export function parseCaseFlow(raw: unknown, source: string, timeLimitRules: ReadonlySet<string>): CaseFlow {
  const fail: Fail = (path, what) => {
    throw new Error(`${source}: ${path}: ${what}`);
  };
  const root = record(raw, '(root)', ['documents', 'stages', 'scenarios', 'transitions', 'measures'], fail);
  const agencies = (v: unknown, path: string) => ids(v, path, fail, AGENCIES) as Agency[];

  const documents = new Map(
    mapping(root.documents, 'documents', fail).map(([id, v]) => {
      const r = record(v, `documents.${id}`, ['zh', 'en'], fail);
      return [id, { zh: text(r.zh, `documents.${id}.zh`, fail), en: text(r.en, `documents.${id}.en`, fail) }];
    }),
  );
  const docIds = [...documents.keys()];

  const stages = new Map(
    mapping(root.stages, 'stages', fail).map(([id, v]): [string, Stage] => {
      const at = `stages.${id}`;
      const r = record(v, at, ['zh', 'en', 'holder'], fail);
      return [id, { id, zh: text(r.zh, `${at}.zh`, fail), en: text(r.en, `${at}.en`, fail), holder: agencies(r.holder, `${at}.holder`) }];
    }),
  );
  const stageIds = [...stages.keys()];
  const transitionKeys = isRecord(root.transitions) ? Object.keys(root.transitions) : [];

  const scenarios = new Map(
    mapping(root.scenarios, 'scenarios', fail).map(([id, v]): [string, Scenario] => {
      const at = `scenarios.${id}`;
      const r = record(v, at, ['zh', 'en', 'from', 'to', 'receiver-level', 'requires', 'answers'], fail);
      return [
        id,
        {
          id,
          zh: text(r.zh, `${at}.zh`, fail),
          en: text(r.en, `${at}.en`, fail),
          from: agencies(r.from, `${at}.from`),
          to: agencies(r.to, `${at}.to`),
          receiverLevel: oneOf(r['receiver-level'], ['same', 'higher', 'any'] as const, `${at}.receiver-level`, fail),
          requires: ids(r.requires, `${at}.requires`, fail, docIds),
          answers: ids(r.answers, `${at}.answers`, fail, transitionKeys),
        },
      ];
    }),
  );

  const measures = new Map(
    mapping(root.measures, 'measures', fail).map(([id, v]): [string, Measure] => {
      const at = `measures.${id}`;
      const r = record(v, at, ['zh', 'en', 'custody', 'by', 'requires', 'clocks'], fail);
      if (typeof r.custody !== 'boolean') fail(`${at}.custody`, 'must be true or false');
      return [
        id,
        {
          id,
          zh: text(r.zh, `${at}.zh`, fail),
          en: text(r.en, `${at}.en`, fail),
          custody: r.custody as boolean,
          by: agencies(r.by, `${at}.by`),
          requires: ids(r.requires, `${at}.requires`, fail, docIds),
          clocks: clockEffects(r.clocks, `${at}.clocks`, fail, timeLimitRules, false),
        },
      ];
    }),
  );

  const transitions = new Map(
    mapping(root.transitions, 'transitions', fail).map(([id, v]): [string, Transition] => {
      const at = `transitions.${id}`;
      const r = record(v, at, ['zh', 'en', 'from', 'to', 'by', 'hands-over', 'answers', 'requires', 'evidence-checklist', 'limit', 'measure', 'person-roles', 'clocks'], fail);
      const by = record(r.by, `${at}.by`, ['agency', 'roles', 'actor'], fail);
      const t: Transition = {
        id,
        zh: text(r.zh, `${at}.zh`, fail),
        en: text(r.en, `${at}.en`, fail),
        from: ids(r.from, `${at}.from`, fail, stageIds, false),
        by: {
          agency: agencies(by.agency, `${at}.by.agency`),
          roles: ids(by.roles, `${at}.by.roles`, fail, ROLES, false) as Role[],
          actor: oneOf(by.actor, ['holder', 'receiver', 'party'] as const, `${at}.by.actor`, fail),
        },
        requires: ids(r.requires, `${at}.requires`, fail, docIds),
        evidenceChecklist: r['evidence-checklist'] === true,
        clocks: clockEffects(r.clocks, `${at}.clocks`, fail, timeLimitRules, true),
        personRoles: personRoles(r['person-roles'], `${at}.person-roles`, fail),
      };
      if (r.to !== undefined) {
        t.to = text(r.to, `${at}.to`, fail);
        if (!stages.has(t.to)) fail(`${at}.to`, `unknown stage "${t.to}"`);
      }
      if (r['hands-over'] !== undefined) {
        t.handsOver = text(r['hands-over'], `${at}.hands-over`, fail);
        const scenario = scenarios.get(t.handsOver);
        if (!scenario) fail(`${at}.hands-over`, `unknown scenario "${t.handsOver}"`);
        for (const agency of t.by.agency) if (!scenario!.from.includes(agency)) fail(`${at}.by.agency`, `${agency} is not a sender of ${t.handsOver}`);
      }
      if (r.answers !== undefined) {
        t.answers = text(r.answers, `${at}.answers`, fail);
        if (!scenarios.has(t.answers)) fail(`${at}.answers`, `unknown scenario "${t.answers}"`);
      }
      if (r.limit !== undefined) {
        const l = record(r.limit, `${at}.limit`, ['counter', 'max'], fail);
        if (!Number.isInteger(l.max) || (l.max as number) < 1) fail(`${at}.limit.max`, 'must be a whole number >= 1');
        t.limit = { counter: text(l.counter, `${at}.limit.counter`, fail), max: l.max as number };
      }
      if (r.measure !== undefined) {
        t.measure = text(r.measure, `${at}.measure`, fail);
        if (!measures.has(t.measure)) fail(`${at}.measure`, `unknown measure "${t.measure}"`);
      }
      for (const stage of t.from) {
        const holders = stages.get(stage)!.holder;
        if (t.by.actor === 'holder' && !t.by.agency.some((a) => holders.includes(a))) {
          fail(`${at}.by.agency`, `no agency of it holds a case at ${stage} (held by ${holders.join(', ') || 'nobody'})`);
        }
      }
      return [id, t];
    }),
  );
  // scenario answers must name transitions that answer that scenario
  for (const s of scenarios.values()) {
    for (const a of s.answers) if (transitions.get(a)?.answers !== s.id) fail(`scenarios.${s.id}.answers`, `transition "${a}" does not answer ${s.id}`);
  }
  return { documents, stages, scenarios, transitions, measures };
}

/** Where a case stands, as the transition check needs it. */
export interface CaseSnapshot {
  stage: string;
  /** The unit holding the case at its stage (null when closed). */
  holderUnitId: string | null;
  /** Hand-overs awaiting an answer: the receiving unit may fire the scenario's answers. */
  pending: readonly { scenario: string; receiverUnitId: string }[];
  /** Counts of limited transitions so far (e.g. supplementary-returns). */
  counters: Readonly<Record<string, number>>;
}

export interface FlowActor {
  agency: Agency;
  role: Role;
  unitId: string;
}

export interface TransitionRequest {
  /** Kinds of the documents attached (ids of the flow's documents). */
  documents: ReadonlySet<string>;
  /** For a transition with an evidence checklist: the required items the case's evidence lacks. */
  missingEvidence?: readonly { id: string; name: { zh: string; en: string } }[];
  /** A unit head's decision to transfer despite missing evidence, with the reason recorded. */
  override?: { reason: string };
}

/** A refusal of the flow: a stable code, bilingual words, and what exactly is wrong in `details`. */
export class FlowRefusal extends Error {
  constructor(
    readonly code: 'FLOW_TRANSITION_UNKNOWN' | 'FLOW_WRONG_STAGE' | 'FLOW_NOT_ALLOWED' | 'FLOW_DOCUMENTS_MISSING' | 'FLOW_LIMIT_REACHED' | 'FLOW_EVIDENCE_MISSING',
    readonly zh: string,
    readonly en: string,
    readonly details: Record<string, unknown>,
  ) {
    super(en);
    this.name = 'FlowRefusal';
  }
}

/**
 * The one check every transition of a case goes through: it exists, the case is at one of its stages, the
 * actor's agency and role may fire it and the actor's unit is the holder (or the receiver of the hand-over it
 * answers), its documents are attached, its limit is not reached, and its evidence checklist is complete or
 * overridden by a unit head with a reason. Answers the transition, or throws a FlowRefusal naming what is
 * missing.
 */
export function checkTransition(flow: CaseFlow, c: CaseSnapshot, transitionId: string, actor: FlowActor, req: TransitionRequest): Transition {
  const t = flow.transitions.get(transitionId);
  if (!t) throw new FlowRefusal('FLOW_TRANSITION_UNKNOWN', `没有「${transitionId}」这一流转`, `no transition "${transitionId}"`, { transition: transitionId });
  const stage = flow.stages.get(c.stage);
  if (!t.from.includes(c.stage)) {
    const allowed = t.from.map((s) => flow.stages.get(s)?.zh ?? s).join('、');
    const allowedEn = t.from.map((s) => flow.stages.get(s)?.en ?? s).join(', ');
    throw new FlowRefusal('FLOW_WRONG_STAGE', `案件处于「${stage?.zh ?? c.stage}」阶段，「${t.zh}」只能在${allowed}阶段进行`, `the case is at the stage "${stage?.en ?? c.stage}"; "${t.en}" needs one of: ${allowedEn}`, { stage: c.stage, allowed: t.from });
  }
  if (!t.by.agency.includes(actor.agency) || !t.by.roles.includes(actor.role)) {
    throw new FlowRefusal('FLOW_NOT_ALLOWED', `「${t.zh}」须由${t.by.agency.join('、')}的${t.by.roles.join('、')}办理`, `"${t.en}" is for ${t.by.roles.join('/')} of ${t.by.agency.join('/')}`, { agencies: t.by.agency, roles: t.by.roles });
  }
  if (t.by.actor === 'holder' && c.holderUnitId !== actor.unitId) {
    throw new FlowRefusal('FLOW_NOT_ALLOWED', `本单位不是案件当前的承办单位，不能「${t.zh}」`, `only the unit holding the case may do "${t.en}"`, { holder: c.holderUnitId });
  }
  if (t.by.actor === 'receiver') {
    const awaiting = c.pending.some((p) => p.scenario === t.answers && p.receiverUnitId === actor.unitId);
    const scenario = flow.scenarios.get(t.answers ?? '');
    if (!awaiting) throw new FlowRefusal('FLOW_NOT_ALLOWED', `本单位没有待答复的「${scenario?.zh ?? t.answers}」`, `no "${scenario?.en ?? t.answers}" awaits this unit's answer`, { scenario: t.answers });
  }
  const missing = t.requires.filter((d) => !req.documents.has(d));
  if (missing.length) {
    const names = missing.map((d) => flow.documents.get(d)!);
    throw new FlowRefusal('FLOW_DOCUMENTS_MISSING', `「${t.zh}」缺少：${names.map((n) => n.zh).join('、')}`, `"${t.en}" lacks: ${names.map((n) => n.en).join(', ')}`, { missing });
  }
  if (t.limit && (c.counters[t.limit.counter] ?? 0) >= t.limit.max) {
    throw new FlowRefusal('FLOW_LIMIT_REACHED', `「${t.zh}」以${t.limit.max}次为限，已达上限`, `"${t.en}" may happen at most ${t.limit.max} times`, { counter: t.limit.counter, max: t.limit.max });
  }
  if (t.evidenceChecklist && req.missingEvidence?.length) {
    const overridden = req.override && req.override.reason.trim().length >= 4 && actor.role === 'unit-head';
    if (!overridden) {
      throw new FlowRefusal(
        'FLOW_EVIDENCE_MISSING',
        `证据清单尚缺：${req.missingEvidence.map((e) => e.name.zh).join('、')}（单位负责人可说明理由后继续移送）`,
        `evidence missing: ${req.missingEvidence.map((e) => e.name.en).join(', ')} (a unit head may go ahead with a recorded reason)`,
        { missing: req.missingEvidence.map((e) => e.id) },
      );
    }
  }
  return t;
}
