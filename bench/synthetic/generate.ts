/**
 * The synthetic province: a deterministic generator of criminal cases for benchmarks (oversight warning models
 * over the whole province, the cockpit, load tests). Pure: rows out, no I/O; load.ts writes them with COPY.
 *
 * What it builds, from a seed and a number of cases, over the demo province's real organisation (the units and
 * accounts seed-demo.ts creates from rules/organisation.yaml; buildDemoProvince gives their ids):
 *   - cases registered over `years` years ending 2026-10-31 (China Standard Time), spread over the six counties,
 *     each left at a stage of rules/case-flow.yaml (most closed or in execution, the rest at every open stage);
 *   - 1-3 persons per case, their coercive measures and custody; evidence items of the charge's checklist;
 *   - every step of the case's path as the case services would record it: transfers (sent / accepted / returned /
 *     answered, a few still on their way, a few returned unreceived), their documents (metadata only: kind,
 *     pages, size, a digest string — there are no files), the timeline, the units party to the case;
 *   - statutory clocks: each ledger built by the same effects as src/modules/cases/case-clocks.ts, its due moment
 *     and provisional flag computed by the clock engine (replayLedger + computeDueBatch) — a small share of the
 *     open cases is aimed past its main clock's due moment, and a few 24-hour duties are left undone, so that
 *     oversight models have something to find;
 *   - seized property with its hand-overs (received, cancelled with a returned transfer, disposed of on the
 *     decision that closes the case) and paper-dossier loans (some lent past their due date).
 *
 * NOT VERIFIABLE, BY DESIGN: real SM2 signing of millions of manifests takes hours, so every unit gets one
 * synthetic `unit_key` whose public key is a digest-derived placeholder (no private key exists: sealed_private
 * says so) and every transfer carries the placeholder signature SYNTHETIC_SIGNATURE. The manifests and their
 * SM3 digests are real (canonicalManifest), but the documents' digests name no stored bytes. `dossier verify` on
 * this database fails for every transfer. It is a database for benchmarks only, never for a demo or production.
 *
 * Personal data is obviously synthetic: names 测试人员0000123, GB 11643 ID numbers of the demo counties (99xxxx,
 * a province code no real province has; valid check digits so that validators accept them), phone numbers
 * starting 100 (no Chinese mobile or landline number does).
 *
 * Deterministic: the same province, rules, seed, size and years give byte-identical rows. Each case draws from
 * its own stream (seed and case index mixed), so cases can be generated in chunks in any order.
 */
import type { CaseFlow, ClockEffect, Transition } from '../../src/engine/case-flow/flow.ts';
import { isoCst } from '../../src/engine/clock/civil-date.ts';
import { type GrantedExtension, computeDueBatch, grantExtension, replayLedger } from '../../src/engine/clock/compute.ts';
import type { LedgerEvent, TimeLimitRule } from '../../src/engine/clock/types.ts';
import type { EvidenceChecklist } from '../../src/engine/evidence/checklists.ts';
import type { Clock } from '../../src/rules/load-clock.ts';
import { type DemoProvince, makeResidentId } from '../../src/seed/demo-province.ts';
import { canonicalManifest } from '../../src/shared/canonical-manifest.ts';
import { type Prng, createPrng } from '../../src/shared/prng.ts';
import { sm3Hex } from '../../src/shared/sm3.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Placeholder written in every synthetic transfer's signature column: it is not an SM2 signature. */
export const SYNTHETIC_SIGNATURE = 'SYNTHETIC-PLACEHOLDER-NOT-SIGNED';
/** Placeholder written in every synthetic unit key's sealed_private column: there is no private key. */
export const SYNTHETIC_SEALED_PRIVATE = 'SYNTHETIC-PLACEHOLDER-NO-PRIVATE-KEY';
/** Synthetic persons' names: this prefix and the person's number. */
export const SYNTHETIC_NAME_PREFIX = '测试人员';
/** Synthetic phone numbers start with this (no Chinese number does). */
export const SYNTHETIC_PHONE_PREFIX = '100';

/** The last moment of the generated period: 2026-10-31 24:00 China Standard Time. */
export const SYNTHETIC_END_MS = Date.UTC(2026, 9, 31, 16, 0, 0);

/** The tables written, in load order (foreign keys point backwards), with their columns. */
export const TABLES = {
  unit_key: ['id', 'unit_id', 'public_key', 'sealed_private', 'created_at', 'retired_at'],
  criminal_case: ['id', 'case_number', 'title', 'charge', 'region_code', 'stage', 'holder_unit_id', 'registered_by', 'registered_at', 'classified', 'on_paper', 'on_paper_reason', 'counters', 'closed_at', 'version', 'created_at'],
  case_unit: ['case_id', 'unit_id', 'since'],
  case_person: ['id', 'case_id', 'role', 'name', 'id_number', 'phone', 'measure', 'in_custody', 'created_at'],
  case_document: ['id', 'case_id', 'kind', 'name', 'volume', 'sm3', 'mime', 'size_bytes', 'pages', 'unit_id', 'uploaded_by', 'uploaded_at'],
  transfer: ['id', 'case_id', 'transition', 'scenario', 'sender_unit_id', 'receiver_unit_id', 'sent_by', 'sent_at', 'idempotency_key', 'manifest', 'manifest_sm3', 'signature', 'key_id', 'state', 'received_by', 'received_at', 'return_reason', 'from_stage', 'to_stage', 'on_paper', 'person_ids', 'extension', 'answers_transfer_id', 'evidence_override', 'note'],
  transfer_document: ['transfer_id', 'document_id'],
  case_clock: ['id', 'case_id', 'person_id', 'rule_id', 'ledger', 'state', 'due_at', 'provisional', 'unit_id', 'started_at', 'updated_at'],
  evidence_item: ['id', 'case_id', 'checklist_item', 'description', 'document_id', 'unit_id', 'added_at'],
  seized_property: ['id', 'case_id', 'description', 'quantity', 'storage_receipt', 'photo_document_ids', 'holder_unit_id', 'state', 'registered_at', 'disposal', 'disposal_document_id', 'disposed_at'],
  property_handover: ['id', 'property_id', 'transfer_id', 'from_unit_id', 'to_unit_id', 'sent_at', 'received_at', 'received_by', 'note', 'cancelled_at'],
  paper_loan: ['id', 'case_id', 'requester_unit_id', 'requested_by', 'holder_unit_id', 'reason', 'pages', 'state', 'requested_at', 'decided_at', 'decided_by', 'refusal_reason', 'due_date', 'returned_at'],
  // id is GENERATED ALWAYS: the database numbers the events in load order
  case_event: ['case_id', 'at', 'kind', 'unit_id', 'user_id', 'details'],
} as const;

export type TableName = keyof typeof TABLES;
/** A cell: text, number, boolean, null, or a list (uuid[] columns). Timestamps are ISO strings. */
export type Cell = string | number | boolean | null | readonly string[];
export type Rows = { [T in TableName]: Cell[][] };

export const emptyRows = (): Rows => Object.fromEntries(Object.keys(TABLES).map((t) => [t, []])) as unknown as Rows;

/** What the generator needs of the rules: the flow, the clock, the evidence checklists (as the app loads them). */
export interface SyntheticRules {
  caseFlow: CaseFlow;
  clock: Clock;
  evidenceChecklists: ReadonlyMap<string, EvidenceChecklist>;
}

export interface SyntheticOptions {
  seed: number;
  cases: number;
  /** Years of registrations ending at SYNTHETIC_END_MS (default 5). */
  years?: number;
}

// --- what the cases are about ----------------------------------------------------------------------------------

interface ChargeSpec {
  id: string;
  title: string;
  weight: number;
  /** Persons may include victims. */
  victims: boolean;
  /** Share of suspects detained, the rest bailed or at liberty. */
  custody: number;
  /** Share of cases with seized property. */
  property: number;
  items: readonly string[];
}

// six charges with an evidence checklist (rules/evidence-checklists) and five others, named as charges are
const CHARGES: readonly ChargeSpec[] = [
  { id: 'theft', title: '盗窃', weight: 24, victims: true, custody: 0.6, property: 0.6, items: ['手机', '电动自行车', '现金', '金项链'] },
  { id: 'fraud', title: '诈骗', weight: 10, victims: true, custody: 0.55, property: 0.5, items: ['银行卡', '现金', '手机'] },
  { id: 'telecom-fraud', title: '电信网络诈骗', weight: 10, victims: true, custody: 0.8, property: 0.7, items: ['手机', '银行卡', '电脑主机', '手机卡'] },
  { id: 'intentional-injury', title: '故意伤害', weight: 12, victims: true, custody: 0.55, property: 0.2, items: ['刀具', '木棍'] },
  { id: 'drunk-driving', title: '危险驾驶', weight: 18, victims: false, custody: 0.25, property: 0.3, items: ['小型汽车', '二轮摩托车'] },
  { id: 'drug-trafficking', title: '贩卖毒品', weight: 8, victims: false, custody: 0.95, property: 0.8, items: ['甲基苯丙胺', '电子秤', '现金', '手机'] },
  { id: '抢劫罪', title: '抢劫', weight: 4, victims: true, custody: 0.9, property: 0.4, items: ['刀具', '手机'] },
  { id: '寻衅滋事罪', title: '寻衅滋事', weight: 5, victims: true, custody: 0.6, property: 0.1, items: ['木棍'] },
  { id: '开设赌场罪', title: '开设赌场', weight: 4, victims: false, custody: 0.7, property: 0.8, items: ['赌资', '麻将机', '手机'] },
  { id: '交通肇事罪', title: '交通肇事', weight: 3, victims: true, custody: 0.3, property: 0.5, items: ['小型汽车'] },
  { id: '非法吸收公众存款罪', title: '非法吸收公众存款', weight: 2, victims: true, custody: 0.7, property: 0.6, items: ['账册', '电脑主机', '银行卡'] },
];

/**
 * Where a case is left: a stage and how it got there (`variant`). Weights per 1000 cases: most closed or in
 * execution (old cases), the open stages young cases. The shares of the generated province follow them.
 */
export const TARGETS: readonly { stage: string; variant: string; weight: number }[] = [
  { stage: 'registered', variant: 'fresh', weight: 8 },
  { stage: 'registered', variant: 'duties-pending', weight: 3 },
  { stage: 'registered', variant: 'awaiting-arrest-request', weight: 4 },
  { stage: 'investigation', variant: 'arrested', weight: 30 },
  { stage: 'investigation', variant: 'arrested-extended', weight: 6 },
  { stage: 'investigation', variant: 'bailed', weight: 28 },
  { stage: 'investigation', variant: 'arrest-refused', weight: 6 },
  { stage: 'investigation', variant: 'arrest-request-in-transit', weight: 2 },
  { stage: 'investigation', variant: 'prosecution-transfer-in-transit', weight: 3 },
  { stage: 'investigation', variant: 'prosecution-transfer-returned', weight: 2 },
  { stage: 'arrest-review', variant: 'pending-decision', weight: 7 },
  { stage: 'prosecution-review', variant: 'first-review', weight: 28 },
  { stage: 'prosecution-review', variant: 'after-one-return', weight: 6 },
  { stage: 'prosecution-review', variant: 'after-two-returns', weight: 3 },
  { stage: 'prosecution-review', variant: 'indictment-in-transit', weight: 2 },
  { stage: 'supplementary-investigation', variant: 'first-return', weight: 8 },
  { stage: 'supplementary-investigation', variant: 'second-return', weight: 3 },
  { stage: 'first-instance', variant: 'trial', weight: 28 },
  { stage: 'first-instance', variant: 'indictment-returned-then-accepted', weight: 2 },
  { stage: 'trial-supplementary', variant: 'with-procuratorate', weight: 4 },
  { stage: 'appeal-period', variant: 'judgment-served', weight: 8 },
  { stage: 'second-instance', variant: 'appeal', weight: 7 },
  { stage: 'second-instance', variant: 'protest', weight: 2 },
  { stage: 'effective', variant: 'no-appeal', weight: 5 },
  { stage: 'effective', variant: 'execution-in-transit', weight: 2 },
  { stage: 'execution', variant: 'prison', weight: 55 },
  { stage: 'execution', variant: 'detention-house', weight: 12 },
  { stage: 'execution', variant: 'community-correction', weight: 45 },
  { stage: 'execution', variant: 'commutation-ruled', weight: 5 },
  { stage: 'commutation-review', variant: 'proposal', weight: 4 },
  { stage: 'closed', variant: 'non-prosecution', weight: 80 },
  { stage: 'closed', variant: 'withdrawn', weight: 65 },
  { stage: 'closed', variant: 'terminated', weight: 18 },
  { stage: 'closed', variant: 'released', weight: 503 },
];

/** Of the open cases with a running main clock, the share aimed past its due moment. */
export const OVERDUE_SHARE = 0.06;
/** Of the detentions, the share whose 24-hour duties are left undone (a clock running past due). */
export const DUTY_SKIPPED_SHARE = 0.015;
const CLASSIFIED_SHARE = 0.008;
const OVER_LIMIT_SHARE = 0.008;
const LOAN_SHARE = 0.08;
const TRANSFER_RETURN_SHARE = 0.025;

const OVERRIDE_REASONS = ['鉴定意见尚未出具，先行移送，出具后及时补送', '同案人在逃，相关证据待补充，先行移送在案犯罪嫌疑人', '调取的银行交易记录尚未反馈，先行移送并说明情况'];
const RETURN_REASONS = ['移送材料不齐全，缺少证据材料清单所列部分证据，请补齐后重新移送', '卷宗材料未按规定装订编目，请整理后重新移送', '犯罪嫌疑人身份信息与户籍信息不符，请核实后重新移送'];
const LOAN_REASONS = ['执法监督抽查案卷', '案件评查调阅原始卷宗', '核对涉案财物清单与原始凭证', '核查羁押期限计算依据'];
const DUTY_DOCUMENT = { 'deliver-to-detention-house': 'custody-receipt', 'notify-family-of-detention': 'detention-notice', 'record-interrogation': 'interrogation-record' } as const;

// --- the plan of one case ---------------------------------------------------------------------------------------

/** Symbolic units of a case: resolved against its county. */
type UnitKey = 'police' | 'proc' | 'court' | 'cityProc' | 'cityCourt' | 'prison' | 'detention' | 'correction' | 'justice' | 'committee';

type Step =
  | { op: 'register'; rel: number }
  | { op: 'measure'; rel: number; by: UnitKey; measure: string; persons: number[] }
  | { op: 'fire'; rel: number; by: UnitKey; head?: boolean; transition: string; upload: string[]; reuse?: string[]; to?: UnitKey; persons?: number[]; extension?: string; override?: string; missing?: string[]; property?: boolean }
  | { op: 'accept'; rel: number; by: UnitKey }
  | { op: 'return'; rel: number; by: UnitKey; reason: string }
  | { op: 'evidence'; rel: number; item: string; description: string }
  | { op: 'property'; rel: number; count: number }
  | { op: 'dispose'; rel: number; decision: string }
  | { op: 'over-limit'; rel: number };

interface CasePlan {
  index: number;
  county: number;
  charge: ChargeSpec;
  target: (typeof TARGETS)[number];
  personRoles: ('suspect' | 'victim')[];
  classified: boolean;
  steps: Step[];
  /** Registration moment (ms) and the factor the path's relative moments are stretched by. */
  registeredAt: number;
  pace: number;
  /** Loan drawn for the case (when it has a holder at the end). */
  loan: number;
}

interface CountyUnitIds {
  code: string;
  units: Record<UnitKey, { id: string; code: string; agency: string; keyId: string }>;
}

/** Mixes the seed and a case index into the seed of that case's stream (a 32-bit integer hash). */
function caseSeed(seed: number, index: number, salt: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b) ^ Math.imul(salt + 1, 0xc2b2ae35)) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h | 0;
}

/** A rough length of a rule's period (ms), to aim a case's idle time; the engine computes the real due moment. */
function nominalLength(rule: TimeLimitRule, extensions: readonly GrantedExtension[]): number {
  let ms = 0;
  for (const d of [rule.length, ...extensions.map((g) => g.length)]) {
    ms += (d.months ?? 0) * 30.44 * DAY + (d.days ?? 0) * DAY + (d.workingDays ?? 0) * 1.4 * DAY + (d.hours ?? 0) * HOUR;
  }
  return ms;
}

/** The clock the idle time of an open case is measured against: its rule, when it started (relative), its extensions. */
interface MainClock {
  rule: string;
  rel: number;
  extensions: string[];
}

class Reached {
  constructor(
    readonly main: MainClock | null,
    /** The case has no clock to aim at: how long after its last step it may stand (ms). */
    readonly idle: readonly [number, number] = [DAY / 2, 60 * DAY],
  ) {}
}

function buildPath(target: (typeof TARGETS)[number], charge: ChargeSpec, roles: readonly ('suspect' | 'victim')[], checklist: EvidenceChecklist | undefined, prng: Prng): { steps: Step[]; main: MainClock | null; idle: readonly [number, number] } {
  const v = target.variant;
  const steps: Step[] = [];
  let t = 0;
  const wait = (minHours: number, maxHours: number) => {
    t += Math.round(prng.between(minHours, maxHours) * HOUR);
  };
  const waitDays = (min: number, max: number) => wait(min * 24, max * 24);
  const fire = (by: UnitKey, transition: string, more: Partial<Extract<Step, { op: 'fire' }>> = {}) => steps.push({ op: 'fire', rel: t, by, transition, upload: [], ...more });
  const accept = (by: UnitKey) => steps.push({ op: 'accept', rel: t, by });
  const suspects = roles.flatMap((r, i) => (r === 'suspect' ? [i] : []));
  const needsCustody = ['duties-pending', 'awaiting-arrest-request', 'arrested', 'arrested-extended', 'arrest-refused', 'arrest-request-in-transit', 'pending-decision', 'prison', 'detention-house', 'commutation-ruled', 'proposal'].includes(v);
  const barsCustody = v === 'bailed' || v === 'community-correction' || v === 'fresh';
  const plan = suspects.map(() => (prng.chance(charge.custody) ? 'detain' : prng.chance(0.75) ? 'bail' : 'free'));
  if (barsCustody) for (const [i, c] of plan.entries()) if (c === 'detain') plan[i] = 'bail';
  if (needsCustody && !plan.includes('detain')) plan[0] = 'detain';
  if (v === 'community-correction' && !plan.includes('bail')) plan[0] = 'bail';
  const detained = suspects.filter((_, i) => plan[i] === 'detain');
  const bailed = () => suspects.filter((_, i) => plan[i] === 'bail');
  const hasProperty = prng.chance(charge.property);
  let main: MainClock | null = null;
  const startMain = (rule: string) => {
    main = { rule, rel: t, extensions: [] };
  };
  let bailedAt: number | null = null;
  const bail = (persons: number[]) => {
    steps.push({ op: 'measure', rel: t, by: 'police', measure: 'bail', persons });
    bailedAt ??= t;
  };
  const bailClock = (): MainClock | null => (bailedAt === null ? null : { rule: 'cpl.bail.max', rel: bailedAt, extensions: [] });

  try {
    steps.push({ op: 'register', rel: t });
    if (v === 'fresh') throw new Reached(null, [HOUR, 5 * DAY]);
    if (target.stage !== 'registered') {
      wait(1, 8);
      fire('police', 'start-investigation', { upload: ['registration-decision'] });
    }
    if (hasProperty) {
      wait(2, 48);
      steps.push({ op: 'property', rel: t, count: prng.int(1, 3) });
    }
    if (bailed().length > 0) {
      wait(2, 30);
      bail(bailed());
    }
    if (detained.length > 0) {
      wait(1, 24);
      steps.push({ op: 'measure', rel: t, by: 'police', measure: 'detention', persons: detained });
      const detainedAt = t;
      if (v === 'duties-pending') throw new Reached({ rule: 'cpl.detention.notify-family', rel: detainedAt, extensions: [] });
      // now and then a 24-hour duty is not done (an oversight model's find)
      const skipped = prng.chance(DUTY_SKIPPED_SHARE) ? prng.pick(Object.keys(DUTY_DOCUMENT)) : null;
      for (const act of Object.keys(DUTY_DOCUMENT) as (keyof typeof DUTY_DOCUMENT)[]) {
        if (act === skipped) continue;
        wait(1, 7);
        fire('police', act, { upload: [DUTY_DOCUMENT[act]], persons: detained });
      }
      if (v === 'awaiting-arrest-request') throw new Reached({ rule: 'cpl.detention.request-arrest', rel: detainedAt, extensions: [] });
    }
    main = bailClock();
    if (v === 'bailed' && prng.chance(0.4)) throw new Reached(main);

    // evidence gathered during the investigation; now and then an item or two still missing at the transfer
    const unconditional = checklist ? checklist.items.filter((i) => i.required && i.when === undefined) : [];
    const withheld = prng.chance(0.1) ? unconditional.slice(-prng.int(1, 2)) : [];
    // conditional items (`when`) are not gathered: the gate does not require them, and they would add a tenth of the rows
    const evidence = unconditional.filter((i) => !withheld.includes(i));
    const gather = (share: number) => {
      const n = Math.round(evidence.length * share);
      for (const item of evidence.splice(0, n)) {
        wait(2, 60);
        steps.push({ op: 'evidence', rel: t, item: item.id, description: `${item.name.zh}（已收集）` });
      }
    };

    let arrested: number[] = [];
    if (detained.length > 0) {
      t = Math.max(t + HOUR, (steps.find((s) => s.op === 'measure' && s.measure === 'detention')?.rel ?? t) + Math.round(prng.between(30, 66) * HOUR));
      fire('police', 'request-arrest', { upload: ['arrest-request-form', 'dossier'], to: 'proc', persons: detained });
      if (v === 'arrest-request-in-transit') throw new Reached(null, [HOUR, 2 * DAY]);
      wait(2, 20);
      accept('proc');
      startMain('cpl.arrest.decide');
      if (v === 'pending-decision') throw new Reached(main);
      waitDays(1.5, 5.5);
      const mayRefuse = !['arrested', 'arrested-extended', 'prison', 'detention-house', 'commutation-ruled', 'proposal'].includes(v);
      if (v === 'arrest-refused' || (mayRefuse && prng.chance(0.12))) {
        fire('proc', 'refuse-arrest', { upload: ['arrest-refusal'], persons: detained });
        wait(1, 10);
        accept('police');
        wait(1, 20);
        for (const i of detained) plan[suspects.indexOf(i)] = 'bail';
        bail(detained);
        main = bailClock();
        gather(0.6);
        if (v === 'arrest-refused') throw new Reached(main);
      } else {
        fire('proc', 'approve-arrest', { upload: ['arrest-decision'], persons: detained });
        arrested = detained;
        wait(1, 10);
        accept('police');
        startMain('cpl.investigation.custody');
        const custodyStart = t;
        wait(1, 6);
        fire('police', 'notify-family-of-arrest', { upload: ['arrest-notice'], persons: arrested });
        wait(1, 6);
        fire('police', 'record-interrogation', { upload: ['interrogation-record'], persons: arrested });
        gather(0.6);
        if (v === 'arrested-extended') {
          t = Math.max(t + HOUR, custodyStart + Math.round(prng.between(44, 50) * DAY));
          fire('police', 'request-custody-extension', { head: true, upload: ['custody-extension-request'], to: 'cityProc', persons: arrested });
          waitDays(1, 4);
          fire('cityProc', 'approve-custody-extension', { upload: ['custody-extension-decision'], persons: arrested, extension: 'art156' });
          (main as MainClock | null)?.extensions.push('art156');
          wait(1, 10);
          accept('police');
          throw new Reached(main);
        }
        if (v === 'arrested') throw new Reached(main);
      }
    }
    if (detained.length === 0) gather(0.6);
    if (v === 'bailed') throw new Reached(main);

    if (v === 'withdrawn') {
      waitDays(10, 90);
      fire('police', 'withdraw-case', { head: true, upload: ['withdrawal-decision'] });
      throw new Reached(null, [DAY, 4 * 365 * DAY]);
    }

    // --- transfer for prosecution
    const custodyStarted = arrested.length > 0 ? t : null;
    const investigationEnd = custodyStarted !== null ? custodyStarted + Math.round(prng.between(20, 50) * DAY) : t + Math.round(prng.between(25, 150) * DAY);
    t = Math.max(t, investigationEnd - 6 * DAY);
    gather(1);
    t = Math.max(t + HOUR, investigationEnd);
    if (prng.chance(OVER_LIMIT_SHARE)) steps.push({ op: 'over-limit', rel: t });
    const override = withheld.length > 0 ? prng.pick(OVERRIDE_REASONS) : undefined;
    const transferDocs = { upload: ['transfer-form', 'dossier', 'evidence-list', 'seized-property-list'], to: 'proc' as const, property: hasProperty, ...(override ? { override, missing: withheld.map((i) => i.id), head: true } : {}) };
    fire('police', 'transfer-for-prosecution', transferDocs);
    if (v === 'prosecution-transfer-in-transit') throw new Reached(null, [HOUR, 3 * DAY]);
    if (v === 'prosecution-transfer-returned' || prng.chance(TRANSFER_RETURN_SHARE)) {
      wait(4, 30);
      steps.push({ op: 'return', rel: t, by: 'proc', reason: prng.pick(RETURN_REASONS) });
      if (v === 'prosecution-transfer-returned') throw new Reached(arrested.length > 0 ? main : bailClock());
      waitDays(1, 4);
      fire('police', 'transfer-for-prosecution', { ...transferDocs, upload: ['evidence-list'], reuse: ['transfer-form', 'dossier', 'seized-property-list'] });
    }
    wait(2, 40);
    accept('proc');
    startMain('cpl.prosecution.review');
    const renewBail = (holder: UnitKey) => {
      if (bailed().length === 0) return;
      wait(4, 72);
      fire(holder, 'renew-measure', { upload: ['measure-decision'], persons: bailed() });
    };
    const legalAid = (holder: UnitKey) => {
      if (!prng.chance(0.1)) return;
      wait(4, 48);
      fire(holder, 'notify-legal-aid', { upload: ['legal-aid-notice'], to: 'justice' });
      wait(2, 30);
      accept('justice');
    };
    renewBail('proc');
    legalAid('proc');

    const returns = v === 'after-one-return' || v === 'first-return' ? 1 : v === 'after-two-returns' || v === 'second-return' ? 2 : prng.chance(0.12) ? 1 : 0;
    for (let round = 1; round <= returns; round++) {
      waitDays(10, 28);
      fire('proc', 'return-for-supplementary-investigation', { upload: ['return-form'], to: 'police' });
      wait(2, 30);
      accept('police');
      startMain('cpl.supplementary-investigation');
      if ((v === 'first-return' && round === 1) || (v === 'second-return' && round === 2)) throw new Reached(main);
      for (const item of withheld.splice(0)) {
        waitDays(1, 6);
        steps.push({ op: 'evidence', rel: t, item: item.id, description: `${item.name.zh}（补充侦查取得）` });
      }
      waitDays(10, 28);
      fire('police', 'resubmit-after-supplementary-investigation', { upload: ['supplementary-report', 'dossier'], to: 'proc' });
      wait(2, 30);
      accept('proc');
      startMain('cpl.prosecution.review');
    }
    if (target.stage === 'prosecution-review' && v !== 'indictment-in-transit') throw new Reached(main);

    if (v === 'non-prosecution') {
      waitDays(8, 40);
      fire('proc', 'decide-not-to-prosecute', { upload: ['non-prosecution-decision'], to: 'police' });
      wait(4, 48);
      accept('police');
      if (hasProperty) {
        waitDays(2, 20);
        steps.push({ op: 'dispose', rel: t, decision: 'non-prosecution-decision' });
      }
      throw new Reached(null, [DAY, 4 * 365 * DAY]);
    }
    if (v === 'terminated') {
      waitDays(5, 30);
      fire('proc', 'terminate-proceedings', { head: true, upload: ['termination-decision'] });
      throw new Reached(null, [DAY, 4 * 365 * DAY]);
    }
    waitDays(8, 30);
    const indict = () => fire('proc', 'indict', { upload: ['indictment', 'seized-property-list'], reuse: ['dossier'], to: 'court', property: hasProperty });
    indict();
    if (v === 'indictment-in-transit') throw new Reached(null, [HOUR, 3 * DAY]);
    if (v === 'indictment-returned-then-accepted') {
      wait(6, 48);
      steps.push({ op: 'return', rel: t, by: 'court', reason: '起诉书载明的被告人身份信息有误，请更正后重新移送' });
      waitDays(1, 3);
      indict();
    }
    wait(4, 72);
    accept('court');
    startMain('cpl.trial.first-instance');
    renewBail('court');
    legalAid('court');

    if (v === 'with-procuratorate' || prng.chance(0.04)) {
      waitDays(10, 25);
      fire('proc', 'request-trial-supplementary-investigation', { upload: ['supplementary-request'], to: 'court' });
      wait(4, 48);
      accept('court');
      startMain('cpl.supplementary-investigation');
      if (v === 'with-procuratorate') throw new Reached(main);
      waitDays(8, 25);
      fire('proc', 'return-case-to-court', { upload: ['supplementary-report'], to: 'court' });
      wait(4, 48);
      accept('court');
      startMain('cpl.trial.first-instance');
    }
    if (target.stage === 'first-instance') throw new Reached(main);
    waitDays(18, 60);
    fire('court', 'pronounce-judgment', { upload: ['judgment'], to: 'proc' });
    wait(2, 20);
    accept('proc');
    startMain('cpl.appeal.judgment');
    if (target.stage === 'appeal-period') throw new Reached(main);

    let executingCourt: UnitKey = 'court';
    if (v === 'appeal' || v === 'protest' || prng.chance(0.08)) {
      const protest = v === 'protest' || (v !== 'appeal' && prng.chance(0.25));
      waitDays(5, 9);
      if (protest) fire('proc', 'lodge-protest', { upload: ['protest'], to: 'cityCourt' });
      else fire('court', 'forward-appeal', { upload: ['appeal'], reuse: ['dossier'], to: 'cityCourt' });
      waitDays(1, 3);
      accept('cityCourt');
      startMain('cpl.trial.second-instance');
      if (target.stage === 'second-instance') throw new Reached(main);
      waitDays(25, 60);
      fire('cityCourt', 'second-instance-judgment', { upload: ['judgment'], to: 'cityProc' });
      wait(4, 48);
      accept('cityProc');
      executingCourt = 'cityCourt';
    } else {
      waitDays(10.5, 12);
      fire('court', 'judgment-takes-effect');
    }
    startMain('cpl.execution.send-documents');
    if (hasProperty) steps.push({ op: 'dispose', rel: t + Math.round(prng.between(1, 20) * DAY), decision: 'judgment' });
    if (target.stage === 'effective' && v !== 'execution-in-transit') throw new Reached(main);

    wait(6, 72);
    if (bailed().length > 0) steps.push({ op: 'measure', rel: t, by: executingCourt, measure: 'release', persons: bailed() });
    const sentence = prng.next();
    const executor: UnitKey =
      v === 'community-correction' || arrested.length === 0 || (v === 'released' && sentence < 0.35) ? 'correction' : v === 'detention-house' || (v === 'released' && sentence < 0.6) ? 'detention' : 'prison';
    wait(1, 48);
    fire(executingCourt, 'deliver-for-execution', { upload: ['execution-notice'], reuse: ['judgment'], to: executor });
    if (v === 'execution-in-transit') throw new Reached(null, [HOUR, 2 * DAY]);
    wait(4, 72);
    accept(executor);
    if (v === 'released') {
      const [lo, hi] = executor === 'detention' ? [30, 180] : executor === 'correction' ? [90, 720] : [180, 1400];
      waitDays(lo, hi);
      fire(executor, 'release-on-completion', { upload: ['release-certificate'] });
      throw new Reached(null, [DAY, 3 * 365 * DAY]);
    }
    if (target.stage === 'execution' && v !== 'commutation-ruled') throw new Reached(null, [DAY, 4 * 365 * DAY]);

    t += Math.round(prng.between(330, 480) * DAY);
    fire('prison', 'propose-commutation', { upload: ['commutation-proposal', 'conduct-evidence'], to: 'cityCourt' });
    waitDays(1, 4);
    accept('cityCourt');
    startMain('cpl.commutation.rule-fixed-term');
    if (target.stage === 'commutation-review') throw new Reached(main);
    waitDays(12, 26);
    fire('cityCourt', 'rule-on-commutation', { upload: ['commutation-ruling'] });
    throw new Reached(null, [DAY, 2 * 365 * DAY]);
  } catch (e) {
    if (!(e instanceof Reached)) throw e;
    // a disposal that would come after the path's last step is not done yet
    const last = Math.max(...steps.filter((s) => s.op !== 'dispose').map((s) => s.rel));
    return { steps: steps.filter((s) => s.op !== 'dispose' || s.rel <= last).sort((a, b) => a.rel - b.rel), main: e.main, idle: e.idle };
  }
}

// --- the generator ----------------------------------------------------------------------------------------------

export interface SyntheticProvince {
  readonly cases: number;
  /** One synthetic key per unit (placeholders, see the file header). */
  unitKeys(): Rows;
  /** Registration moments (ms) of cases [from, to): numbering them in registration order needs all of them first. */
  registrations(from: number, to: number): Float64Array;
  /** Rows of cases [from, to), in case-index order; `sequence` gives each case's number (caseSequence). */
  generate(from: number, to: number, sequence: ArrayLike<number>): Rows;
  /** The plan's target of case `index` (for tests). */
  targetOf(index: number): { stage: string; variant: string };
}

/** Each case's number (1-based) in registration order, ties by index: the case-number sequence of the province. */
export function caseSequence(registeredAt: Float64Array): Uint32Array {
  const order = Array.from({ length: registeredAt.length }, (_, i) => i).sort((a, b) => registeredAt[a]! - registeredAt[b]! || a - b);
  const sequence = new Uint32Array(registeredAt.length);
  order.forEach((caseIndex, rank) => {
    sequence[caseIndex] = rank + 1;
  });
  return sequence;
}

export function createSyntheticProvince(province: DemoProvince, rules: SyntheticRules, opts: SyntheticOptions): SyntheticProvince {
  const years = opts.years ?? 5;
  if (!Number.isInteger(opts.cases) || opts.cases < 1) throw new Error(`synthetic province: cases must be a positive integer, got ${opts.cases}`);
  const windowStart = Date.UTC(2026 - years, 9, 31, 16, 0, 0);
  const end = SYNTHETIC_END_MS;
  const unitByCode = new Map(province.units.map((u) => [u.code, u]));
  const userByName = new Map(province.users.map((u) => [u.username, u.id]));
  const keyOf = (unitId: string) => uuidFromDigest(sm3Hex(`synthetic-unit-key:${unitId}`));
  const counties: CountyUnitIds[] = province.regions
    .filter((r) => r.level === 'county')
    .map((r) => {
      const pick = (code: string) => {
        const u = unitByCode.get(code);
        if (!u) throw new Error(`synthetic province: the organisation has no unit ${code}`);
        return { id: u.id, code: u.code, agency: u.agency, keyId: keyOf(u.id) };
      };
      return {
        code: r.code,
        units: {
          police: pick(`police-${r.code}`),
          proc: pick(`procuratorate-${r.code}`),
          court: pick(`court-${r.code}`),
          cityProc: pick(`procuratorate-${r.parentCode}`),
          cityCourt: pick(`court-${r.parentCode}`),
          prison: pick(`prison-${r.code}`),
          detention: pick(`detention-house-${r.code}`),
          correction: pick(`correction-office-${r.code}`),
          justice: pick(`justice-bureau-${r.code}`),
          committee: pick(`committee-${r.code}`),
        },
      };
    });
  if (counties.length === 0) throw new Error('synthetic province: the organisation has no counties');
  const countyCodes = counties.map((c) => c.code);
  const ruleList = [...rules.clock.rules.values()];
  const ruleIndex = new Map(ruleList.map((r, i) => [r.id, i]));

  const planCase = (index: number): CasePlan => {
    const prng = createPrng(caseSeed(opts.seed, index, 0));
    const county = prng.int(0, counties.length - 1);
    const charge = prng.weighted(CHARGES);
    const target = prng.weighted(TARGETS);
    const count = prng.pick([1, 1, 2, 2, 2, 3, 3]);
    const suspects = charge.victims ? Math.max(1, count - prng.int(0, count - 1)) : count;
    const personRoles = [...Array<'suspect'>(suspects).fill('suspect'), ...Array<'victim'>(count - suspects).fill('victim')];
    const classified = prng.chance(CLASSIFIED_SHARE);
    const loan = prng.next();
    const overdueDraw = prng.next();
    const fraction = prng.next();
    const idleDraw = prng.next();
    const pace = prng.between(0.7, 1.4);
    const built = buildPath(target, charge, personRoles, rules.evidenceChecklists.get(charge.id), createPrng(prng.nextUint32()));
    const last = built.steps[built.steps.length - 1]!.rel * pace;
    let idle: number;
    if (built.main) {
      const rule = rules.clock.rules.get(built.main.rule);
      if (!rule) throw new Error(`synthetic province: no time-limit rule ${built.main.rule}`);
      const length = nominalLength(rule, built.main.extensions.map((x) => grantExtension(rule, x)));
      const ranSoFar = last - built.main.rel * pace;
      // elapsed on the main clock as of the end: inside its period, or (a few) past its due moment
      const elapsed = overdueDraw < OVERDUE_SHARE ? length + createPrng(caseSeed(opts.seed, index, 1)).between(0.1 * DAY, Math.max(DAY, Math.min(30 * DAY, length))) : ranSoFar + fraction * Math.max(0, 0.9 * length - ranSoFar);
      idle = Math.max(10 * 60_000, elapsed - ranSoFar);
    } else {
      const [lo, hi] = built.idle;
      // closed cases and cases in execution were registered any time in the window
      idle = lo + idleDraw * Math.max(0, Math.min(hi, end - windowStart - last - lo) - lo);
    }
    const registeredAt = Math.floor((end - idle - last) / 60_000) * 60_000;
    if (registeredAt < windowStart) {
      // a long path: stretch it less
      const p = Math.max(0.2, (end - windowStart - idle) / (last / pace));
      return { index, county, charge, target, personRoles, classified, steps: built.steps, registeredAt: windowStart + (index % 1000) * 60_000, pace: Math.min(pace, p * 0.98), loan };
    }
    return { index, county, charge, target, personRoles, classified, steps: built.steps, registeredAt, pace, loan };
  };

  const user = (unitCode: string, head = false) => {
    const id = userByName.get(`${unitCode}-${head ? 'unit-head' : 'handler'}`);
    if (!id) throw new Error(`synthetic province: no account ${unitCode}-${head ? 'unit-head' : 'handler'}`);
    return id;
  };

  return {
    cases: opts.cases,
    targetOf: (index) => {
      const p = planCase(index);
      return { stage: p.target.stage, variant: p.target.variant };
    },
    registrations(from, to) {
      const out = new Float64Array(to - from);
      for (let i = from; i < to; i++) out[i - from] = planCase(i).registeredAt;
      return out;
    },
    unitKeys() {
      const rows = emptyRows();
      for (const u of province.units) {
        const digest = sm3Hex(`synthetic-unit-public-key:${u.id}`);
        rows.unit_key.push([keyOf(u.id), u.id, `04${digest}${sm3Hex(digest)}`, SYNTHETIC_SEALED_PRIVATE, isoZ(windowStart - 30 * DAY), null]);
      }
      return rows;
    },
    generate(from, to, sequence) {
      const rows = emptyRows();
      const clocks: SimClock[] = [];
      for (let i = from; i < to; i++) {
        const plan = planCase(i);
        simulateCase(plan, sequence[i]!, counties[plan.county]!, countyCodes, rules, user, rows, clocks, end, opts.seed);
      }
      emitClocks(clocks, ruleList, ruleIndex, rules.clock, rows);
      return rows;
    },
  };
}

// --- carrying a plan out, as the case services would ---------------------------------------------------------------

interface SimPerson {
  id: string;
  role: 'suspect' | 'defendant' | 'convict' | 'victim' | 'defender';
  measure: string | null;
  inCustody: boolean;
  row: Cell[];
}

interface SimClock {
  id: string;
  caseId: string;
  personId: string | null;
  ruleId: string;
  ledger: LedgerEvent[];
  stopped: boolean;
  unitId: string | null;
  startedAt: string;
  updatedAt: string;
}

interface SimTransfer {
  row: Cell[];
  id: string;
  scenario: string;
  transition: Transition;
  senderKey: UnitKey | null;
  sender: string;
  receiver: string;
  receiverKey: UnitKey;
  toStage: string | null;
  personIds: string[];
  extension: string | null;
  answers: string | null;
  state: 'sent' | 'accepted' | 'returned' | 'answered';
  handovers: Cell[][];
}

interface SimDocument {
  id: string;
  name: string;
  sm3: string;
  kind: string;
}

const T_STATE = TABLES.transfer.indexOf('state');
const T_RECEIVED_BY = TABLES.transfer.indexOf('received_by');
const T_RECEIVED_AT = TABLES.transfer.indexOf('received_at');
const T_RETURN_REASON = TABLES.transfer.indexOf('return_reason');
const P_ROLE = TABLES.case_person.indexOf('role');
const P_MEASURE = TABLES.case_person.indexOf('measure');
const P_CUSTODY = TABLES.case_person.indexOf('in_custody');
const SP_HOLDER = TABLES.seized_property.indexOf('holder_unit_id');
const SP_STATE = TABLES.seized_property.indexOf('state');
const H_RECEIVED_AT = TABLES.property_handover.indexOf('received_at');
const H_RECEIVED_BY = TABLES.property_handover.indexOf('received_by');
const H_CANCELLED_AT = TABLES.property_handover.indexOf('cancelled_at');

function isoZ(ms: number): string {
  return new Date(ms).toISOString();
}

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

/**
 * The ids of one case: UUIDs with the version 4 layout, unique by construction (the case's index and a counter
 * within the case are in them; the rest is a hash of the seed, the index and the counter). Drawing them from the
 * seeded stream is not safe at this size: mulberry32's streams of a million cases overlap.
 */
class CaseIds {
  private n = 0;
  private readonly seedHex: string;
  private readonly indexHex: string;
  constructor(
    private readonly seed: number,
    private readonly index: number,
  ) {
    this.seedHex = hex8(caseSeed(seed, 0x5eed, 7)).slice(0, 6);
    this.indexHex = index.toString(16).padStart(12, '0');
  }
  uuid(): string {
    const n = this.n++;
    if (n > 0xffff) throw new Error(`synthetic province: case ${this.index} needs more than 65536 ids`);
    const mix = hex8(caseSeed(this.seed, this.index, n + 16));
    return `${mix}-${n.toString(16).padStart(4, '0')}-4${this.seedHex.slice(0, 3)}-8${this.seedHex.slice(3, 6)}-${this.indexHex}`;
  }
  /** A 64-hex-digit digest string (a document's "SM3": there are no bytes behind it). */
  digest(): string {
    const n = this.n++;
    let out = '';
    for (let i = 0; i < 8; i++) out += hex8(caseSeed(this.seed ^ (i * 0x1000193), this.index, n + 16));
    return out;
  }
}

function uuidFromDigest(d: string): string {
  const v = `${d.slice(0, 12)}4${d.slice(13, 16)}${((Number.parseInt(d[16]!, 16) & 0x3) | 0x8).toString(16)}${d.slice(17, 32)}`;
  return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20, 32)}`;
}

function nextHolder(flow: CaseFlow, stage: string, candidates: readonly { unitId: string; agency: string }[]): string | null {
  const holders = flow.stages.get(stage)?.holder ?? [];
  if (holders.length === 0) return null;
  return (candidates.find((c) => (holders as string[]).includes(c.agency)) ?? candidates[0])?.unitId ?? null;
}

function simulateCase(
  plan: CasePlan,
  sequence: number,
  county: CountyUnitIds,
  countyCodes: readonly string[],
  rules: SyntheticRules,
  userOf: (unitCode: string, head?: boolean) => string,
  rows: Rows,
  clocks: SimClock[],
  end: number,
  seed: number,
): void {
  const prng = createPrng(caseSeed(seed, plan.index, 2));
  const ids = new CaseIds(seed, plan.index);
  const flow = rules.caseFlow;
  const U = county.units;
  const unitById = new Map(Object.values(U).map((u) => [u.id, u]));
  const caseId = ids.uuid();
  const at = (s: Step) => plan.registeredAt + Math.round(s.rel * plan.pace);
  const reg = plan.registeredAt;
  const regIso = isoZ(reg);
  const year = new Date(reg + 8 * HOUR).getUTCFullYear();
  const caseNumber = `(${year})${county.code}刑立${String(sequence).padStart(6, '0')}号`;

  // persons
  const persons: SimPerson[] = plan.personRoles.map((role, i) => {
    const id = ids.uuid();
    const number = `${String(plan.index).padStart(7, '0')}${i}`;
    const idNumber = role === 'suspect' || prng.chance(0.7) ? makeResidentId(prng.chance(0.8) ? county.code : prng.pick(countyCodes), prng, { bornFrom: Date.UTC(1950, 0, 1), bornTo: Date.UTC(2006, 11, 31) }) : null;
    const phone = prng.chance(0.85) ? `${SYNTHETIC_PHONE_PREFIX}${String(prng.int(0, 99_999_999)).padStart(8, '0')}` : null;
    const row: Cell[] = [id, caseId, role, `${SYNTHETIC_NAME_PREFIX}${number}`, idNumber, phone, null, false, regIso];
    return { id, role, measure: null, inCustody: false, row };
  });
  const suspectCount = plan.personRoles.filter((r) => r === 'suspect').length;
  const lead = persons[0]!.row[3] as string;
  const title = suspectCount > 1 ? `${lead}等${suspectCount}人${plan.charge.title}案` : `${lead}${plan.charge.title}案`;

  // the case as it moves
  const c = {
    stage: 'registered',
    holder: U.police.id as string | null,
    counters: {} as Record<string, number>,
    onPaper: plan.classified,
    onPaperReason: plan.classified ? 'classified' : (null as string | null),
    closedAt: null as string | null,
    version: 1,
  };
  const caseUnits = new Map<string, string>();
  const addCaseUnit = (unitId: string, when: string) => {
    if (!caseUnits.has(unitId)) caseUnits.set(unitId, when);
  };
  const caseClocks: SimClock[] = [];
  const transfers: SimTransfer[] = [];
  const latestDoc = new Map<string, SimDocument>();
  const property: Cell[][] = [];
  let volumes = 0;
  let pages = 0;
  const event = (when: string, kind: string, unitId: string | null, userId: string | null, details: Record<string, unknown>) => {
    rows.case_event.push([caseId, when, kind, unitId, userId, JSON.stringify(details)]);
  };

  const upload = (kind: string, unit: { id: string; code: string }, when: string, head = false): SimDocument | null => {
    if (c.onPaper) return null;
    const volume = kind === 'dossier' ? ++volumes : 1;
    const zh = flow.documents.get(kind)?.zh ?? kind;
    const name = kind === 'dossier' ? `${zh}（第${volume}卷）.pdf` : `${zh}.pdf`;
    const docPages = kind === 'dossier' ? prng.int(20, 180) : prng.int(1, 12);
    const doc: SimDocument = { id: ids.uuid(), name, sm3: ids.digest(), kind };
    const size = docPages * prng.int(40_000, 160_000);
    const userId = userOf(unit.code, head);
    rows.case_document.push([doc.id, caseId, kind, name, volume, doc.sm3, 'application/pdf', size, docPages, unit.id, userId, when]);
    // the service also writes a 'document-added' event per upload; left out here (a sixth of all rows, and the
    // transfer-sent event that follows lists the documents)
    latestDoc.set(kind, doc);
    pages += docPages;
    return doc;
  };

  // --- clocks, as case-clocks.ts applyClockEffects
  const applyClockEffects = (effects: readonly ClockEffect[], targets: { unitId: string | null; persons: readonly SimPerson[]; caseCustody: boolean }, whenMs: number, extension: string | null): string[] => {
    if (effects.length === 0) return [];
    const when = isoCst(Math.floor(whenMs / 1000) * 1000);
    const changes: string[] = [];
    const append = (k: SimClock, e: LedgerEvent, action: string) => {
      k.ledger.push(e);
      if (e.type === 'stopped') k.stopped = true;
      k.unitId = targets.unitId;
      k.updatedAt = isoZ(whenMs);
      changes.push(`${action}:${k.ruleId}`);
    };
    const start = (ruleId: string, personId: string | null, custody: boolean, action: string) => {
      if (!rules.clock.rules.has(ruleId)) throw new Error(`case flow names time-limit rule ${ruleId}, which is not loaded`);
      caseClocks.push({ id: ids.uuid(), caseId, personId, ruleId, ledger: [{ type: 'started', at: when, custody }], stopped: false, unitId: targets.unitId, startedAt: when, updatedAt: isoZ(whenMs) });
      changes.push(`${action}:${ruleId}`);
    };
    for (const effect of effects) {
      const subjects = effect.subject === 'case' ? [{ personId: null, custody: targets.caseCustody }] : targets.persons.map((p) => ({ personId: p.id, custody: p.inCustody }));
      for (const subject of subjects) {
        const mine = caseClocks.filter((k) => k.personId === subject.personId && !k.stopped);
        if (effect.action === 'stop-all') {
          for (const k of effect.subject === 'case' ? caseClocks.filter((x) => !x.stopped) : mine) append(k, { type: 'stopped', at: when }, 'stop-all');
          continue;
        }
        const ruleId = effect.rule!;
        const current = mine.find((k) => k.ruleId === ruleId);
        switch (effect.action) {
          case 'start':
            if (!current) start(ruleId, subject.personId, subject.custody, 'start');
            break;
          case 'stop':
            if (current) append(current, { type: 'stopped', at: when }, 'stop');
            break;
          case 'restart':
            if (current) append(current, { type: 'restarted', at: when }, 'restart');
            else start(ruleId, subject.personId, subject.custody, 'restart');
            break;
          case 'extend': {
            if (!current) break;
            const rule = rules.clock.rules.get(ruleId)!;
            const id = extension ?? rule.extensions[0]?.id;
            if (!id || !rule.extensions.some((x) => x.id === id)) throw new Error(`synthetic province: rule ${ruleId} has no extension ${id}`);
            append(current, { type: 'extension-granted', at: when, extension: id }, 'extend');
            break;
          }
        }
      }
    }
    return changes;
  };

  const setMeasure = (p: SimPerson, measure: string) => {
    const m = flow.measures.get(measure)!;
    p.measure = measure === 'release' ? null : measure;
    p.inCustody = m.custody;
  };
  const concerned = (ids: readonly string[] | undefined) => (ids && ids.length > 0 ? ids.map((id) => persons.find((p) => p.id === id)!) : persons.filter((p) => p.role === 'suspect' || p.role === 'defendant' || p.role === 'convict'));
  const takeEffect = (t: Transition, ps: SimPerson[], whenMs: number, extension: string | null): string[] => {
    const measure = t.measure ? flow.measures.get(t.measure)! : null;
    if (measure) for (const p of ps) setMeasure(p, measure.id);
    for (const change of t.personRoles) for (const p of persons) if (p.role === change.from) p.role = change.to;
    const effects = [...t.clocks, ...(measure?.clocks ?? []).map((e) => ({ ...e, subject: 'persons' as const }))];
    return applyClockEffects(effects, { unitId: c.holder, persons: ps, caseCustody: persons.some((p) => p.inCustody) }, whenMs, extension);
  };
  const moveCase = (t: Transition, stage: string, holder: string | null, when: string) => {
    if (t.limit) c.counters[t.limit.counter] = (c.counters[t.limit.counter] ?? 0) + 1;
    const closed = stage === 'closed';
    c.stage = stage;
    c.holder = closed ? null : holder;
    c.closedAt = closed ? when : null;
    c.version++;
    for (const k of caseClocks) if (!k.stopped) k.unitId = c.holder;
    if (holder) addCaseUnit(holder, when);
  };
  const earlierSenders = () =>
    transfers
      .filter((x) => x.state === 'accepted' || x.state === 'answered')
      .reverse()
      .map((x) => ({ unitId: x.sender, agency: unitById.get(x.sender)!.agency }));

  const signedTransfer = (t: Transition, scenario: string, senderKey: UnitKey, receiverKey: UnitKey, docs: SimDocument[], ps: SimPerson[], extra: { extension: string | null; answers: string | null; toStage: string | null; override: string | null; head: boolean }, whenMs: number): SimTransfer => {
    const sender = U[senderKey];
    const receiver = U[receiverKey];
    const id = ids.uuid();
    const when = isoZ(whenMs);
    const manifest = canonicalManifest({
      caseId,
      transferId: id,
      documents: docs.map((d) => ({ id: d.id, name: d.name, sm3: d.sm3 })),
      sender: { unitId: sender.id, unitCode: sender.code },
      receiver: { unitId: receiver.id, unitCode: receiver.code },
      at: when,
      scenario,
    });
    const personIds = ps.map((p) => p.id);
    const row: Cell[] = [
      id, caseId, t.id, scenario, sender.id, receiver.id, userOf(sender.code, extra.head), when, ids.uuid(), manifest, sm3Hex(Buffer.from(manifest, 'utf8')),
      SYNTHETIC_SIGNATURE, sender.keyId, 'sent', null, null, null, c.stage, extra.toStage, c.onPaper, personIds, extra.extension, extra.answers, extra.override, null,
    ];
    for (const d of docs) rows.transfer_document.push([id, d.id]);
    addCaseUnit(receiver.id, when);
    const transfer: SimTransfer = { row, id, scenario, transition: t, senderKey, sender: sender.id, receiver: receiver.id, receiverKey, toStage: extra.toStage, personIds, extension: extra.extension, answers: extra.answers, state: 'sent', handovers: [] };
    transfers.push(transfer);
    return transfer;
  };
  const setState = (x: SimTransfer, state: SimTransfer['state'], by?: string, when?: string, reason?: string) => {
    x.state = state;
    x.row[T_STATE] = state;
    if (by) x.row[T_RECEIVED_BY] = by;
    if (when) x.row[T_RECEIVED_AT] = when;
    if (reason) x.row[T_RETURN_REASON] = reason;
  };

  // --- the steps
  addCaseUnit(U.police.id, regIso);
  let lastMs = reg;
  for (const step of plan.steps) {
    const ms = Math.max(lastMs, at(step));
    lastMs = ms;
    const when = isoZ(ms);
    switch (step.op) {
      case 'register': {
        const userId = userOf(U.police.code);
        event(when, 'registered', U.police.id, userId, { caseNumber, charge: plan.charge.id, classified: plan.classified });
        if (plan.classified) event(when, 'on-paper', U.police.id, userId, { reason: 'classified' });
        break;
      }
      case 'measure': {
        const unit = U[step.by];
        const m = flow.measures.get(step.measure)!;
        for (const i of step.persons) {
          const p = persons[i]!;
          const docs: string[] = [];
          for (const kind of m.requires) {
            const d = upload(kind, unit, when);
            if (d) docs.push(d.id);
          }
          setMeasure(p, m.id);
          const changes = applyClockEffects(m.clocks.map((e) => ({ ...e, subject: 'persons' as const })), { unitId: c.holder, persons: [p], caseCustody: persons.some((x) => x.inCustody) }, ms, null);
          event(when, 'measure', unit.id, userOf(unit.code), { personId: p.id, measure: m.id, clocks: changes });
        }
        break;
      }
      case 'evidence': {
        const id = ids.uuid();
        const userId = userOf(U.police.code);
        rows.evidence_item.push([id, caseId, step.item, step.description, null, U.police.id, when]);
        event(when, 'evidence-added', U.police.id, userId, { evidenceId: id, checklistItem: step.item });
        break;
      }
      case 'over-limit': {
        if (c.onPaper) break;
        const over = { pagesBefore: pages, pagesOfDocument: 501 + prng.int(0, 400), limit: 500 };
        c.onPaper = true;
        c.onPaperReason = 'page-limit';
        event(when, 'on-paper', U.police.id, userOf(U.police.code), { reason: 'page-limit', ...over });
        break;
      }
      case 'property': {
        for (let n = 0; n < step.count; n++) {
          const id = ids.uuid();
          const description = prng.pick(plan.charge.items);
          const quantity = `${prng.int(1, 5)}件`;
          const receipt = `${county.code}-涉财-${String(sequence).padStart(7, '0')}-${n + 1}`;
          property.push([id, caseId, description, quantity, receipt, [], U.police.id, 'held', when, null, null, null]);
          event(when, 'property-registered', U.police.id, userOf(U.police.code), { propertyId: id, description, quantity, storageReceipt: receipt, photos: 0 });
        }
        break;
      }
      case 'dispose': {
        const doc = latestDoc.get(step.decision);
        if (!doc || ms > end) break;
        for (const item of property) {
          if (item[SP_STATE] !== 'held') continue;
          const holder = unitById.get(item[SP_HOLDER] as string)!;
          const disposal = prng.pick(['returned-to-owner', 'confiscated', 'confiscated', 'destroyed'] as const);
          item[SP_STATE] = 'disposed';
          item[9] = disposal;
          item[10] = doc.id;
          item[11] = when;
          event(when, 'property-disposed', holder.id, userOf(holder.code), { propertyId: item[0], disposal, documentId: doc.id });
        }
        break;
      }
      case 'fire': {
        const t = flow.transitions.get(step.transition);
        if (!t) throw new Error(`synthetic province: no transition ${step.transition}`);
        const actor = U[step.by];
        const docs: SimDocument[] = [];
        for (const kind of step.upload) {
          const d = upload(kind, actor, when, step.head);
          if (d) docs.push(d);
        }
        if (!c.onPaper) for (const kind of step.reuse ?? []) docs.push(latestDoc.get(kind)!);
        const ps = concerned(step.persons?.map((i) => persons[i]!.id));
        const fromStage = c.stage;
        let transfer: SimTransfer | null = null;
        let changes: string[] = [];
        if (t.answers) {
          const request = [...transfers].reverse().find((x) => x.scenario === t.answers && x.receiver === actor.id && (x.state === 'sent' || x.state === 'accepted') && x.answers === null);
          if (!request?.senderKey) throw new Error(`synthetic province: ${t.id} answers no request`);
          transfer = signedTransfer(t, t.answers, step.by, request.senderKey, docs, ps, { extension: step.extension ?? null, answers: request.id, toStage: null, override: null, head: step.head ?? false }, ms);
          setState(request, 'answered');
          if (t.to) moveCase(t, t.to, nextHolder(flow, t.to, [{ unitId: request.sender, agency: unitById.get(request.sender)!.agency }, { unitId: actor.id, agency: actor.agency }]), when);
          changes = takeEffect(t, ps, ms, step.extension ?? null);
        } else if (t.handsOver) {
          transfer = signedTransfer(t, t.handsOver, step.by, step.to!, docs, ps, { extension: step.extension ?? null, answers: null, toStage: t.to ?? null, override: step.override ?? null, head: step.head ?? false }, ms);
          if (!t.to) changes = takeEffect(t, ps, ms, step.extension ?? null);
        } else {
          if (t.to) moveCase(t, t.to, nextHolder(flow, t.to, [{ unitId: actor.id, agency: actor.agency }, ...earlierSenders()]), when);
          changes = takeEffect(t, ps, ms, step.extension ?? null);
        }
        const userId = userOf(actor.code, step.head);
        const details = { transition: t.id, from: fromStage, to: t.to ?? null, transferId: transfer?.id ?? null, receiverUnitId: transfer?.receiver ?? null, documents: docs.map((d) => d.id), clocks: changes };
        event(when, transfer ? 'transfer-sent' : 'transition', actor.id, userId, { ...details, note: null });
        if (step.override) event(when, 'evidence-override', actor.id, userId, { reason: step.override, missing: step.missing ?? [] });
        if (transfer && step.property) {
          // the sender lists the items it holds on the transfer
          const handovers: { id: string; propertyId: string }[] = [];
          for (const item of property) {
            if (item[SP_STATE] !== 'held' || item[SP_HOLDER] !== actor.id) continue;
            const h: Cell[] = [ids.uuid(), item[0]!, transfer.id, actor.id, transfer.receiver, when, null, null, null, null];
            item[SP_STATE] = 'in-transfer';
            transfer.handovers.push(h);
            rows.property_handover.push(h);
            handovers.push({ id: h[0] as string, propertyId: item[0] as string });
          }
          if (handovers.length) event(when, 'property-handed-over', actor.id, userId, { transferId: transfer.id, receiverUnitId: transfer.receiver, handovers });
        }
        break;
      }
      case 'accept': {
        const transfer = transfers[transfers.length - 1]!;
        const receiver = U[step.by];
        const userId = userOf(receiver.code);
        setState(transfer, 'accepted', userId, when);
        let changes: string[] = [];
        if (transfer.toStage) {
          moveCase(transfer.transition, transfer.toStage, nextHolder(flow, transfer.toStage, [{ unitId: receiver.id, agency: receiver.agency }, { unitId: transfer.sender, agency: unitById.get(transfer.sender)!.agency }]), when);
          changes = takeEffect(transfer.transition, concerned(transfer.personIds), ms, transfer.extension);
        }
        event(when, 'transfer-accepted', receiver.id, userId, { transferId: transfer.id, transition: transfer.transition.id, scenario: transfer.scenario, to: transfer.toStage, clocks: changes });
        // the receiver then receives the items listed on it, one by one
        for (const h of transfer.handovers) {
          const item = property.find((p) => p[0] === h[1])!;
          const got = isoZ(ms + prng.int(10, 600) * 60_000);
          h[H_RECEIVED_AT] = got;
          h[H_RECEIVED_BY] = userId;
          item[SP_HOLDER] = receiver.id;
          item[SP_STATE] = 'held';
          event(got, 'property-received', receiver.id, userId, { propertyId: item[0], handoverId: h[0], transferId: transfer.id, fromUnitId: transfer.sender, note: null });
        }
        break;
      }
      case 'return': {
        const transfer = transfers[transfers.length - 1]!;
        const receiver = U[step.by];
        const userId = userOf(receiver.code);
        setState(transfer, 'returned', userId, when, step.reason);
        const released: { handoverId: string; propertyId: string }[] = [];
        for (const h of transfer.handovers) {
          h[H_CANCELLED_AT] = when;
          const item = property.find((p) => p[0] === h[1])!;
          item[SP_STATE] = 'held';
          released.push({ handoverId: h[0] as string, propertyId: item[0] as string });
        }
        event(when, 'transfer-returned', receiver.id, userId, { transferId: transfer.id, transition: transfer.transition.id, reason: step.reason, ...(released.length ? { propertyReleased: released } : {}) });
        break;
      }
    }
  }

  // a paper-dossier loan of a case someone holds: asked by another unit party to the case after the last step
  const LOAN_AGENCIES = ['police', 'procuratorate', 'court', 'justice-bureau', 'prison', 'detention-house', 'correction-office'];
  const requesters = [...caseUnits.keys()].filter((id) => id !== c.holder && LOAN_AGENCIES.includes(unitById.get(id)!.agency));
  if (c.holder && plan.loan < LOAN_SHARE && requesters.length > 0) {
    const holder = unitById.get(c.holder)!;
    const requester = unitById.get(prng.pick(requesters))!;
    const requestedMs = lastMs + Math.floor((end - lastMs) * prng.between(0.1, 0.6));
    const decidedMs = requestedMs + prng.int(2, 72) * HOUR;
    const roll = plan.loan / LOAN_SHARE;
    const state = roll < 0.1 || decidedMs > end ? 'requested' : roll < 0.2 ? 'refused' : roll < 0.55 ? 'lent' : 'returned';
    const dueDay = decidedMs + prng.int(5, 30) * DAY;
    const returnedMs = decidedMs + prng.int(1, 20) * DAY;
    const loanId = ids.uuid();
    const reason = prng.pick(LOAN_REASONS);
    const pagesAsked = `第1卷第1-${prng.int(10, 120)}页`;
    const decided = state !== 'requested';
    const requesterUser = userOf(requester.code);
    const holderUser = userOf(holder.code);
    rows.paper_loan.push([
      loanId, caseId, requester.id, requesterUser, holder.id, reason, pagesAsked, state === 'returned' && returnedMs > end ? 'lent' : state, isoZ(requestedMs),
      decided ? isoZ(decidedMs) : null, decided ? holderUser : null, state === 'refused' ? '案卷正在使用中，请于审查结束后再行调阅' : null,
      state === 'lent' || state === 'returned' ? isoCst(dueDay).slice(0, 10) : null, state === 'returned' && returnedMs <= end ? isoZ(returnedMs) : null,
    ]);
    event(isoZ(requestedMs), 'loan-requested', requester.id, requesterUser, { loanId, holderUnitId: holder.id, pages: pagesAsked, reason });
    if (decided) event(isoZ(decidedMs), state === 'refused' ? 'loan-refused' : 'loan-lent', holder.id, holderUser, { loanId, requesterUnitId: requester.id, dueDate: state === 'refused' ? null : isoCst(dueDay).slice(0, 10), reason: state === 'refused' ? '案卷正在使用中，请于审查结束后再行调阅' : null });
    if (state === 'returned' && returnedMs <= end) event(isoZ(returnedMs), 'loan-returned', holder.id, holderUser, { loanId });
  }

  for (const p of persons) {
    p.row[P_ROLE] = p.role;
    p.row[P_MEASURE] = p.measure;
    p.row[P_CUSTODY] = p.inCustody;
  }
  rows.criminal_case.push([
    caseId, caseNumber, title, plan.charge.id, county.code, c.stage, c.holder, U.police.id, regIso, plan.classified, c.onPaper, c.onPaperReason,
    JSON.stringify(c.counters), c.closedAt, c.version, regIso,
  ]);
  for (const [unitId, since] of caseUnits) rows.case_unit.push([caseId, unitId, since]);
  for (const p of persons) rows.case_person.push(p.row);
  for (const x of transfers) rows.transfer.push(x.row);
  for (const item of property) rows.seized_property.push(item);
  clocks.push(...caseClocks);
}

/** Each clock's due moment and provisional flag from the engine: the ledger replayed, then one batch computation. */
function emitClocks(clocks: SimClock[], ruleList: TimeLimitRule[], ruleIndex: Map<string, number>, clock: Clock, rows: Rows): void {
  const n = clocks.length;
  const batch = { rule: new Uint16Array(n), startMs: new Float64Array(n), custody: new Uint8Array(n), extensions: new Array<GrantedExtension[] | undefined>(n) };
  const states: string[] = [];
  clocks.forEach((k, i) => {
    const rule = ruleList[ruleIndex.get(k.ruleId)!]!;
    const s = replayLedger(rule, k.ledger);
    if (s.pausedMs !== 0 || s.openPauseMs !== null) throw new Error('synthetic clocks are never paused');
    batch.rule[i] = ruleIndex.get(k.ruleId)!;
    batch.startMs[i] = s.startMs;
    batch.custody[i] = s.custody ? 1 : 0;
    batch.extensions[i] = s.extensions.length ? s.extensions : undefined;
    states.push(s.state);
  });
  const due = new Float64Array(n);
  const provisional = new Uint8Array(n);
  computeDueBatch(ruleList, batch, clock, due, provisional);
  clocks.forEach((k, i) => {
    rows.case_clock.push([k.id, k.caseId, k.personId, k.ruleId, JSON.stringify(k.ledger), states[i]!, isoZ(due[i]!), provisional[i] === 1, k.unitId, k.startedAt, k.updatedAt]);
  });
}
