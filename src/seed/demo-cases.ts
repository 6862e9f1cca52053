// The demo province's criminal cases, as plans: for each case, who registers it, its persons, and every step
// of the flow (rules/case-flow.yaml) at a simulated moment, ending at a chosen stage and age, so that the
// running statutory clocks are a mix of far from due, nearly due and overdue as of `now`. Pure and
// deterministic: the same province, seed, moment and rules give the same plans. seed-demo-cases.ts carries the
// plans out through the case services.
import type { CaseFlow } from '../engine/case-flow/flow.ts';
import { isoCst } from '../engine/clock/civil-date.ts';
import { computeDue } from '../engine/clock/compute.ts';
import type { LedgerEvent } from '../engine/clock/types.ts';
import type { EvidenceChecklist } from '../engine/evidence/checklists.ts';
import type { Clock } from '../rules/load-clock.ts';
import { type Prng, createPrng } from '../shared/prng.ts';
import { type DemoProvince, makeMobile, makePersonName, makeResidentId } from './demo-province.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What the demo needs of the rules: the flow (to check each step names something real), clocks, checklists. */
export interface DemoRules {
  caseFlow: CaseFlow;
  clock: Clock;
  evidenceChecklists: ReadonlyMap<string, EvidenceChecklist>;
}

export interface DemoPerson {
  role: 'suspect' | 'victim';
  name: string;
  idNumber: string | null;
  phone: string | null;
}

/** One call of a case service, at a simulated moment (ms), by a demo account (username). */
export type DemoStep =
  | { op: 'register'; at: number; user: string }
  /** A coercive measure on each listed person; `upload`: the measure's documents, one set per person. */
  | { op: 'measure'; at: number; user: string; measure: string; persons: number[]; upload: string[] }
  /**
   * A transition: `upload` the documents of these kinds first, attach them and the case's latest document of each
   * `reuse` kind. `to`: the receiving unit's code; `persons`: indexes into the plan's persons.
   */
  | { op: 'fire'; at: number; user: string; transition: string; upload: string[]; reuse: string[]; to?: string; persons?: number[]; override?: string; extension?: string }
  /** Accept, or return unreceived, the transfer the case's latest hand-over created. */
  | { op: 'accept'; at: number; user: string }
  | { op: 'return'; at: number; user: string; reason: string }
  | { op: 'evidence'; at: number; user: string; item: string; description: string }
  /** A dossier volume over the online page limit: refused, and the case goes on paper. */
  | { op: 'upload-over-limit'; at: number; user: string }
  /** Seized property registered by the unit holding the case, one item per description. */
  | { op: 'seize'; at: number; user: string; items: string[] }
  /** The case's seized property listed on its latest transfer, then received item by item by its receiver. */
  | { op: 'hand-over-property'; at: number; user: string }
  | { op: 'receive-property'; at: number; user: string }
  /** The holder disposes of every item still held, on the case's latest document of `document` kind. */
  | { op: 'dispose-property'; at: number; user: string; disposal: 'returned-to-owner' | 'confiscated' | 'destroyed'; document: string };

export type ClockOutlook = 'far' | 'near' | 'overdue' | 'none';

export interface DemoCasePlan {
  /** Registration order (case numbers follow it). */
  index: number;
  county: string;
  charge: string;
  title: string;
  classified: boolean;
  persons: DemoPerson[];
  steps: DemoStep[];
  /** Where the plan leaves the case, and what its main running clock was aimed at (the engine decides). */
  stage: string;
  variant: string;
  outlook: ClockOutlook;
}

export interface DemoCaseOptions {
  seed: number;
  /** The moment the demo is "now": every step happens before it. */
  now: number;
  /** How many cases (default DEMO_CASE_COUNT). */
  count?: number;
}

export const DEMO_CASE_COUNT = 520;
/** Cases are registered within this many days before now; commutation cases, which need time served, earlier. */
export const DEMO_WINDOW_DAYS = 300;
const COMMUTATION_WINDOW_DAYS = [380, 760] as const;
const NEAR_DAYS = 3;

// --- what the cases are about ----------------------------------------------------------------------------------

interface ChargeSpec {
  id: string;
  /** The offence as a case title names it. */
  title: string;
  weight: number;
  victims: [number, number];
  suspects: readonly number[];
  /** Share of suspects taken into custody (detention), the rest bailed or at liberty. */
  custody: number;
}

const CHARGES: readonly ChargeSpec[] = [
  { id: 'theft', title: '盗窃', weight: 22, victims: [1, 2], suspects: [1, 1, 1, 2, 2, 3], custody: 0.7 },
  { id: 'fraud', title: '诈骗', weight: 11, victims: [1, 3], suspects: [1, 1, 2, 2, 3], custody: 0.6 },
  { id: 'telecom-fraud', title: '电信网络诈骗', weight: 11, victims: [1, 3], suspects: [1, 2, 2, 3, 3], custody: 0.8 },
  { id: 'intentional-injury', title: '故意伤害', weight: 12, victims: [1, 1], suspects: [1, 1, 1, 2, 3], custody: 0.6 },
  { id: 'drunk-driving', title: '危险驾驶', weight: 14, victims: [0, 0], suspects: [1], custody: 0.3 },
  { id: 'drug-trafficking', title: '贩卖毒品', weight: 10, victims: [0, 0], suspects: [1, 1, 2, 2, 3], custody: 0.95 },
  { id: '抢劫罪', title: '抢劫', weight: 5, victims: [1, 2], suspects: [1, 2, 2, 3], custody: 0.9 },
  { id: '寻衅滋事罪', title: '寻衅滋事', weight: 5, victims: [1, 2], suspects: [1, 2, 3, 3], custody: 0.6 },
  { id: '开设赌场罪', title: '开设赌场', weight: 4, victims: [0, 0], suspects: [1, 2, 3], custody: 0.7 },
  { id: '交通肇事罪', title: '交通肇事', weight: 3, victims: [1, 1], suspects: [1], custody: 0.3 },
  { id: '非法吸收公众存款罪', title: '非法吸收公众存款', weight: 3, victims: [2, 3], suspects: [1, 2, 3], custody: 0.7 },
];

/** Where the plan leaves a case: a stage of the flow and how it got or stays there. Weights per 1000 cases. */
const TARGETS: readonly { stage: string; variant: string; weight: number }[] = [
  { stage: 'registered', variant: 'fresh', weight: 22 },
  { stage: 'registered', variant: 'duties-pending', weight: 8 },
  { stage: 'registered', variant: 'awaiting-arrest-request', weight: 8 },
  { stage: 'investigation', variant: 'arrested', weight: 95 },
  { stage: 'investigation', variant: 'arrested-extended', weight: 20 },
  { stage: 'investigation', variant: 'bailed', weight: 45 },
  { stage: 'investigation', variant: 'arrest-refused', weight: 18 },
  { stage: 'investigation', variant: 'arrest-duties-pending', weight: 8 },
  { stage: 'investigation', variant: 'arrest-request-in-transit', weight: 8 },
  { stage: 'investigation', variant: 'prosecution-transfer-in-transit', weight: 6 },
  { stage: 'investigation', variant: 'prosecution-transfer-returned', weight: 8 },
  { stage: 'arrest-review', variant: 'pending-decision', weight: 45 },
  { stage: 'prosecution-review', variant: 'first-review', weight: 95 },
  { stage: 'prosecution-review', variant: 'after-one-return', weight: 22 },
  { stage: 'prosecution-review', variant: 'after-two-returns', weight: 12 },
  { stage: 'prosecution-review', variant: 'indictment-in-transit', weight: 6 },
  { stage: 'supplementary-investigation', variant: 'first-return', weight: 28 },
  { stage: 'supplementary-investigation', variant: 'second-return', weight: 12 },
  { stage: 'first-instance', variant: 'trial', weight: 100 },
  { stage: 'first-instance', variant: 'after-trial-supplementary', weight: 8 },
  { stage: 'first-instance', variant: 'indictment-returned-then-accepted', weight: 6 },
  { stage: 'trial-supplementary', variant: 'with-procuratorate', weight: 16 },
  { stage: 'appeal-period', variant: 'judgment-served', weight: 38 },
  { stage: 'second-instance', variant: 'appeal', weight: 24 },
  { stage: 'second-instance', variant: 'protest', weight: 10 },
  { stage: 'effective', variant: 'no-appeal', weight: 22 },
  { stage: 'effective', variant: 'after-second-instance', weight: 6 },
  { stage: 'effective', variant: 'execution-in-transit', weight: 6 },
  { stage: 'execution', variant: 'prison', weight: 40 },
  { stage: 'execution', variant: 'detention-house', weight: 12 },
  { stage: 'execution', variant: 'community-correction', weight: 28 },
  { stage: 'execution', variant: 'commutation-ruled', weight: 8 },
  { stage: 'commutation-review', variant: 'proposal', weight: 24 },
  { stage: 'closed', variant: 'non-prosecution', weight: 32 },
  { stage: 'closed', variant: 'withdrawn', weight: 22 },
  { stage: 'closed', variant: 'terminated', weight: 16 },
  { stage: 'closed', variant: 'released', weight: 22 },
];

/** Of the cases with a running clock, the share aimed at each outlook; a 24-hour duty is never far. */
const OUTLOOK_SHARES = { overdue: 0.06, near: 0.14 } as const;
/**
 * Periods more often let run out than the others: courts late with the execution documents or with an appeal passed
 * on by the higher court, residential surveillance kept past its six months (what execution.delivery-late,
 * appeal.forward-late and bail.over-limit watch).
 */
const OVERDUE_SHARE_BY_RULE: Readonly<Record<string, number>> = { 'cpl.execution.send-documents': 0.45, 'cpl.residential-surveillance.max': 0.4, 'cpl.appeal.forward': 0.5 };
const SHORT_OVERDUE_SHARE = 0.25;

/** What the police seize, by charge (the charges without are not listed). */
const SEIZED: Readonly<Record<string, readonly string[]>> = {
  theft: ['被盗电动自行车一辆', '作案工具液压剪一把'],
  fraud: ['涉案手机两部', '赃款人民币三万元'],
  'telecom-fraud': ['涉案手机五部、银行卡十二张', '涉案笔记本电脑两台'],
  'drug-trafficking': ['甲基苯丙胺十二点五克', '电子秤一台'],
  抢劫罪: ['作案用折叠刀一把'],
  开设赌场罪: ['赌资人民币八万元', '赌博机三台'],
  非法吸收公众存款罪: ['涉案财务账册一批', '涉案车辆一辆'],
};

const OVERRIDE_REASONS = [
  '鉴定意见尚未出具，先行移送，出具后及时补送',
  '被害人在外地务工，陈述待补取，先行移送',
  '同案人在逃，相关证据待补充，先行移送在案犯罪嫌疑人',
  '调取的银行交易记录尚未反馈，先行移送并说明情况',
];
const RETURN_REASONS = [
  '移送材料不齐全，缺少证据材料清单所列部分证据，请补齐后重新移送',
  '卷宗材料未按规定装订编目，请整理后重新移送',
  '犯罪嫌疑人身份信息与户籍信息不符，请核实后重新移送',
];

// --- planning --------------------------------------------------------------------------------------------------

interface CountyUnits {
  county: string;
  police: string;
  procuratorate: string;
  court: string;
  justiceBureau: string;
  prison: string;
  detentionHouse: string;
  correctionOffice: string;
  cityProcuratorate: string;
  cityCourt: string;
}

/** Plans the demo's cases over the counties of the province. */
export function planDemoCases(province: DemoProvince, rules: DemoRules, opts: DemoCaseOptions): DemoCasePlan[] {
  const count = opts.count ?? DEMO_CASE_COUNT;
  const prng = createPrng((opts.seed * 7919 + 104_729) % 2 ** 31);
  const counties = countyUnits(province);
  const drafts: Omit<DemoCasePlan, 'index'>[] = [];
  const targets = spreadTargets(count, prng);
  for (let i = 0; i < count; i++) {
    const target = targets[i]!;
    const units = counties[i % counties.length]!;
    const caseSeed = prng.nextUint32();
    drafts.push(planCase(units, counties.map((c) => c.county), target, caseSeed, rules, opts.now));
  }
  // registration order: case numbers follow the moment of registration
  drafts.sort((a, b) => a.steps[0]!.at - b.steps[0]!.at);
  return drafts.map((d, index) => ({ ...d, index }));
}

function countyUnits(province: DemoProvince): CountyUnits[] {
  const codes = new Set(province.units.map((u) => u.code));
  const need = (code: string): string => {
    if (!codes.has(code)) throw new Error(`demo cases: the province has no unit ${code}`);
    return code;
  };
  return province.regions
    .filter((r) => r.level === 'county')
    .map((r) => ({
      county: r.code,
      police: need(`police-${r.code}`),
      procuratorate: need(`procuratorate-${r.code}`),
      court: need(`court-${r.code}`),
      justiceBureau: need(`justice-bureau-${r.code}`),
      prison: need(`prison-${r.code}`),
      detentionHouse: need(`detention-house-${r.code}`),
      correctionOffice: need(`correction-office-${r.code}`),
      cityProcuratorate: need(`procuratorate-${r.parentCode}`),
      cityCourt: need(`court-${r.parentCode}`),
    }));
}

/** Every target at least once, the rest by weight, in a shuffled order. */
function spreadTargets(count: number, prng: Prng): (typeof TARGETS)[number][] {
  const total = TARGETS.reduce((n, t) => n + t.weight, 0);
  const list: (typeof TARGETS)[number][] = [];
  for (const t of TARGETS) {
    const n = Math.max(1, Math.round((t.weight / total) * count));
    for (let i = 0; i < n; i++) list.push(t);
  }
  while (list.length > count) list.splice(prng.int(0, list.length - 1), 1);
  while (list.length < count) list.push(prng.weighted(TARGETS));
  for (let i = list.length - 1; i > 0; i--) {
    const j = prng.int(0, i);
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

/** The point `share` of the way from min to max. */
const lerp = (share: number, min: number, max: number) => min + share * (max - min);

function planCase(units: CountyUnits, counties: readonly string[], target: (typeof TARGETS)[number], caseSeed: number, rules: DemoRules, now: number): Omit<DemoCasePlan, 'index'> {
  const fixed = createPrng(caseSeed);
  const charge = fixed.weighted(CHARGES);
  const persons = makePersons(charge, units.county, counties, fixed);
  const classified = fixed.chance(0.012);
  const draws = { outlook: fixed.next(), left: fixed.next(), age: fixed.next() };
  const pathSeed = fixed.nextUint32();
  const suspects = persons.filter((p) => p.role === 'suspect').length;
  const lead = persons[0]!.name;
  const title = suspects > 1 ? `${lead}等${suspects}人${charge.title}案` : `${lead}${charge.title}案`;
  const window = target.stage === 'commutation-review' || target.variant === 'commutation-ruled' ? COMMUTATION_WINDOW_DAYS : ([0, DEMO_WINDOW_DAYS] as const);

  // the path's pace shrinks until the case fits in its window
  for (let pace = 1; pace > 0.2; pace *= 0.85) {
    const built = buildPath({ units, target, charge, persons, classified, rules, prng: createPrng(pathSeed), pace });
    const placed = place(built, rules.clock, now, draws, window);
    if (placed) {
      return { county: units.county, charge: charge.id, title, classified, persons, steps: placed.steps, stage: target.stage, variant: target.variant, outlook: placed.outlook };
    }
  }
  throw new Error(`demo cases: could not fit a ${target.stage}/${target.variant} case into its window`);
}

/** The case's suspects and victims, most registered in the case's county, the others in another of `counties`. */
function makePersons(charge: ChargeSpec, county: string, counties: readonly string[], prng: Prng): DemoPerson[] {
  const names = new Set<string>();
  const uniqueName = () => {
    for (;;) {
      const name = makePersonName(prng);
      if (!names.has(name)) {
        names.add(name);
        return name;
      }
    }
  };
  const persons: DemoPerson[] = [];
  const suspects = prng.pick(charge.suspects);
  for (let i = 0; i < suspects; i++) {
    const sex = prng.chance(0.86) ? 'male' : 'female';
    const home = prng.chance(0.8) ? county : prng.pick(counties);
    persons.push({
      role: 'suspect',
      name: uniqueName(),
      idNumber: makeResidentId(home, prng, { bornFrom: Date.UTC(1962, 0, 1), bornTo: Date.UTC(2006, 11, 31), sex }),
      phone: prng.chance(0.9) ? makeMobile(prng) : null,
    });
  }
  const victims = prng.int(charge.victims[0], charge.victims[1]);
  for (let i = 0; i < victims; i++) {
    persons.push({
      role: 'victim',
      name: uniqueName(),
      idNumber: prng.chance(0.7) ? makeResidentId(prng.chance(0.85) ? county : prng.pick(counties), prng, { bornFrom: Date.UTC(1948, 0, 1), bornTo: Date.UTC(2006, 11, 31) }) : null,
      phone: prng.chance(0.9) ? makeMobile(prng) : null,
    });
  }
  return persons;
}

// --- one case's path -------------------------------------------------------------------------------------------

/** The clock the case's outlook is about: its ledger relative to registration. */
interface MainClock {
  rule: string;
  custody: boolean;
  ledger: { type: 'started' | 'restarted' | 'extension-granted'; rel: number; extension?: string }[];
}

interface BuiltPath {
  steps: DemoStep[];
  main: MainClock | null;
  /** A lower bound of the time the case stays at its last step before now (e.g. a decision pending). */
  minAge: number;
  /** A 24-hour duty: the outlook is near or overdue, never far. */
  short: boolean;
  /** Without a clock: just happened (a transfer on its way, a case just registered), not weeks ago. */
  fresh: boolean;
  /** A transfer on its way for days: nobody has received it (flow.transfer-not-received). */
  stale: boolean;
}

interface PathInput {
  units: CountyUnits;
  target: (typeof TARGETS)[number];
  charge: ChargeSpec;
  persons: DemoPerson[];
  classified: boolean;
  rules: DemoRules;
  prng: Prng;
  pace: number;
}

type Custody = 'detain' | 'bail' | 'free';

/** Stops the path: the target is reached. */
class Reached {
  constructor(
    readonly main: MainClock | null,
    readonly minAge = 0,
    readonly how: { short?: boolean; fresh?: boolean; stale?: boolean } = {},
  ) {}
}

function buildPath(input: PathInput): BuiltPath {
  const { units, target, charge, persons, rules, prng, pace } = input;
  const v = target.variant;
  const steps: DemoStep[] = [];
  let t = 0;
  const wait = (minHours: number, maxHours: number) => {
    t += Math.round(prng.between(minHours, maxHours) * HOUR * pace);
  };
  const waitDays = (min: number, max: number) => wait(min * 24, max * 24);
  const user = (unit: string, head = false) => `${unit}-${head ? 'unit-head' : 'handler'}`;
  const someone = (unit: string) => user(unit, prng.chance(0.2));
  const fire = (by: string, transition: string, more: Partial<Extract<DemoStep, { op: 'fire' }>> = {}) => {
    if (!rules.caseFlow.transitions.has(transition)) throw new Error(`demo cases: no transition ${transition}`);
    steps.push({ op: 'fire', at: t, user: by, transition, upload: [], reuse: [], ...more });
  };
  const accept = (by: string) => steps.push({ op: 'accept', at: t, user: by });
  const suspectIdx = persons.flatMap((p, i) => (p.role === 'suspect' ? [i] : []));
  const checklist = rules.evidenceChecklists.get(charge.id);

  // who is in custody: detention cases detain at least one suspect; bail-only cases none
  const custodyNeeded = ['duties-pending', 'awaiting-arrest-request', 'arrested', 'arrested-extended', 'arrest-refused', 'arrest-duties-pending', 'arrest-request-in-transit', 'pending-decision', 'prison', 'detention-house', 'commutation-ruled', 'proposal', 'released'].includes(v);
  const custodyBarred = v === 'bailed' || v === 'community-correction' || v === 'fresh';
  const plan: Custody[] = suspectIdx.map(() => (prng.chance(charge.custody) ? 'detain' : prng.chance(0.75) ? 'bail' : 'free'));
  if (custodyBarred) for (const [i, c] of plan.entries()) if (c === 'detain') plan[i] = 'bail';
  if (custodyNeeded && !plan.includes('detain')) plan[0] = 'detain';
  if (v === 'community-correction' && !plan.includes('bail')) plan[0] = 'bail';
  const detained = suspectIdx.filter((_, i) => plan[i] === 'detain');
  const bailed = () => suspectIdx.filter((_, i) => plan[i] === 'bail');

  const police = units.police;
  const proc = units.procuratorate;
  const court = units.court;
  let main = null as MainClock | null;
  const startMain = (rule: string, custody: boolean) => {
    main = { rule, custody, ledger: [{ type: 'started', rel: t }] };
  };
  // the first bail decided is the one due first; some of those left at liberty are watched at home instead (CPL 74)
  const surveilled = v === 'bailed' && prng.chance(0.35);
  let bailedAt: number | null = null;
  const bail = (persons: number[]) => {
    steps.push({ op: 'measure', at: t, user: user(police), measure: surveilled ? 'residential-surveillance' : 'bail', persons, upload: ['measure-decision'] });
    bailedAt ??= t;
  };
  const bailClock = (): MainClock | null =>
    bailedAt === null ? null : { rule: surveilled ? 'cpl.residential-surveillance.max' : 'cpl.bail.max', custody: false, ledger: [{ type: 'started', rel: bailedAt }] };
  // a transfer on its way: mostly sent hours ago, now and then left unreceived for days
  const inTransit = () => (prng.chance(0.5) ? { stale: true } : { fresh: true });
  // now and then a closing decision names the suspects but one on bail, whose bail then stays on record
  const releasing = (): { persons?: number[] } => {
    const onBail = bailed();
    if (suspectIdx.length < 2 || onBail.length === 0 || !prng.chance(0.7)) return {};
    const left = onBail[onBail.length - 1]!;
    return { persons: suspectIdx.filter((i) => i !== left) };
  };

  try {
    // --- registration and investigation
    steps.push({ op: 'register', at: t, user: user(police) });
    if (v === 'fresh') throw new Reached(null, 2 * HOUR, { fresh: true });
    const registeredOnly = target.stage === 'registered';
    if (!registeredOnly) {
      wait(1, 8);
      fire(user(police), 'start-investigation', { upload: ['registration-decision'] });
    }
    // measures
    if (bailed().length > 0) {
      wait(2, 30);
      bail(bailed());
    }
    if (detained.length > 0) {
      wait(1, 24);
      steps.push({ op: 'measure', at: t, user: user(police), measure: 'detention', persons: detained, upload: ['detention-warrant'] });
      startMain('cpl.detention.notify-family', true);
      if (v === 'duties-pending') throw new Reached(main, HOUR, { short: true });
      for (const act of ['deliver-to-detention-house', 'notify-family-of-detention', 'record-interrogation'] as const) {
        wait(1, 7);
        fire(user(police), act, { upload: [DUTY_DOCUMENT[act]], persons: detained });
      }
      main = { rule: 'cpl.detention.request-arrest', custody: true, ledger: [{ type: 'started', rel: main!.ledger[0]!.rel }] };
      if (v === 'awaiting-arrest-request') throw new Reached(main, HOUR, { short: true });
    }
    main = bailClock();
    if (v === 'bailed' && prng.chance(0.4)) throw new Reached(main, DAY);

    // seized property, in some of the cases that end at prosecution review or closed: handed over with the case
    // (now and then forgotten), disposed of once the case is closed (now and then not, for more than a month)
    const seized = input.classified || !['first-review', 'non-prosecution', 'withdrawn'].includes(v) ? undefined : SEIZED[charge.id];
    const seizes = seized !== undefined && prng.chance(0.5);
    const forgets = seizes && prng.chance(0.3);
    if (seizes) {
      wait(2, 48);
      steps.push({ op: 'seize', at: t, user: user(police), items: seized.slice(0, prng.int(1, seized.length)) });
    }
    const handOver = () => {
      if (!seizes || forgets) return;
      wait(0.2, 2);
      steps.push({ op: 'hand-over-property', at: t, user: user(police) });
    };
    const receive = () => {
      if (seizes && !forgets) steps.push({ op: 'receive-property', at: t, user: user(proc) });
    };
    /** After the close: the property disposed of on the closing decision, or left; answers the case's least age. */
    const settle = (holder: string, document: string): number => {
      if (!seizes) return DAY;
      if (prng.chance(0.4)) return 31 * DAY;
      waitDays(2, 20);
      const disposal = charge.id === 'drug-trafficking' || charge.id === '开设赌场罪' ? 'confiscated' : 'returned-to-owner';
      steps.push({ op: 'dispose-property', at: t, user: user(holder), disposal, document });
      return DAY;
    };

    // evidence gathered during the investigation, spread over it; now and then the file still lacks an item or two
    // when it goes for prosecution, and the unit head sends it anyway with a reason
    const unconditional = checklist ? checklist.items.filter((i) => i.required && i.when === undefined) : [];
    const withheld = prng.chance(0.12) ? unconditional.slice(-prng.int(1, 2)) : [];
    const evidence = checklist ? checklist.items.filter((i) => i.required && !withheld.includes(i) && (i.when === undefined || prng.chance(0.5))) : [];
    const gather = (share: number) => {
      const n = Math.round(evidence.length * share);
      for (const item of evidence.splice(0, n)) {
        wait(2, 60);
        steps.push({ op: 'evidence', at: t, user: user(police), item: item.id, description: `${item.name.zh}（已收集）` });
      }
    };

    // --- arrest
    let arrested: number[] = [];
    if (detained.length > 0) {
      const requestAt = detainedAt(steps) + Math.round(prng.between(30, 66) * HOUR * pace);
      t = Math.max(t + HOUR, requestAt);
      fire(user(police), 'request-arrest', { upload: ['arrest-request-form', 'dossier'], to: proc, persons: detained });
      if (v === 'arrest-request-in-transit') throw new Reached(null, 0, { fresh: true });
      wait(2, 20);
      accept(someone(proc));
      startMain('cpl.arrest.decide', true);
      if (v === 'pending-decision') throw new Reached(main, 0);
      waitDays(1.5, 5.5);
      const refuse = v === 'arrest-refused' || (!['arrested', 'arrested-extended', 'arrest-duties-pending', 'prison', 'detention-house', 'commutation-ruled', 'proposal', 'released'].includes(v) && prng.chance(0.12));
      if (refuse) {
        fire(user(proc), 'refuse-arrest', { upload: ['arrest-refusal'], persons: detained });
        wait(1, 10);
        accept(user(police));
        wait(1, 20);
        for (const i of detained) plan[suspectIdx.indexOf(i)] = 'bail';
        bail(detained);
        main = bailClock();
        gather(0.6);
        if (v === 'arrest-refused') throw new Reached(main, DAY);
      } else {
        fire(user(proc), 'approve-arrest', { upload: ['arrest-decision'], persons: detained });
        arrested = detained;
        startMain('cpl.investigation.custody', true);
        const custodyStart = t;
        wait(1, 10);
        accept(user(police));
        if (v === 'arrest-duties-pending') {
          main = { rule: 'cpl.arrest.notify-family', custody: true, ledger: [{ type: 'started', rel: custodyStart }] };
          throw new Reached(main, 0, { short: true });
        }
        wait(1, 6);
        fire(user(police), 'notify-family-of-arrest', { upload: ['arrest-notice'], persons: arrested });
        wait(1, 6);
        fire(user(police), 'record-interrogation', { upload: ['interrogation-record'], persons: arrested });
        gather(0.6);
        if (v === 'arrested-extended') {
          // the extension is asked for at least 7 days before custody runs out (police rules 148); now and then in
          // its last week, and decided within a day or so
          const late = prng.chance(0.3);
          t = Math.max(t + HOUR, custodyStart + Math.round((late ? prng.between(55.5, 57) : prng.between(44, 50)) * DAY));
          fire(user(police, true), 'request-custody-extension', { upload: ['custody-extension-request'], to: units.cityProcuratorate, persons: arrested });
          if (late) waitDays(0.5, 1.5);
          else waitDays(1, 4);
          fire(user(units.cityProcuratorate), 'approve-custody-extension', { upload: ['custody-extension-decision'], persons: arrested, extension: 'art156' });
          main?.ledger.push({ type: 'extension-granted', rel: t, extension: 'art156' });
          wait(1, 10);
          accept(user(police));
          throw new Reached(main, DAY);
        }
        if (v === 'arrested') throw new Reached(main, DAY);
      }
    }
    if (detained.length === 0) gather(0.6);
    if (v === 'bailed') throw new Reached(main, DAY);

    // --- withdrawn: the police find no crime, or no criminal liability (CPL 163)
    if (v === 'withdrawn') {
      waitDays(10, 60);
      fire(user(police, true), 'withdraw-case', { upload: ['withdrawal-decision'], ...releasing() });
      throw new Reached(null, settle(police, 'withdrawal-decision'));
    }

    // --- transfer for prosecution
    const custodyStarted = arrested.length > 0 ? lastAt(steps, 'approve-arrest') : null;
    const investigationEnd = custodyStarted !== null ? custodyStarted + Math.round(prng.between(25, 55) * DAY * pace) : t + Math.round(prng.between(25, 120) * DAY * pace);
    t = Math.max(t, investigationEnd - 6 * DAY);
    gather(1);
    const missing = withheld;
    t = Math.max(t + HOUR, investigationEnd);
    const overLimit = v !== 'withdrawn' && !input.classified && prng.chance(0.012);
    if (overLimit) steps.push({ op: 'upload-over-limit', at: t, user: user(police) });
    const transferDocs = { upload: ['transfer-form', 'dossier', 'evidence-list', 'seized-property-list'], to: proc };
    const sendTransfer = () =>
      missing.length > 0
        ? fire(user(police, true), 'transfer-for-prosecution', { ...transferDocs, override: prng.pick(OVERRIDE_REASONS) })
        : fire(user(police), 'transfer-for-prosecution', transferDocs);
    sendTransfer();
    handOver();
    if (v === 'prosecution-transfer-in-transit') throw new Reached(null, 0, inTransit());
    const returnedOnce = v === 'prosecution-transfer-returned' || prng.chance(0.03);
    if (returnedOnce) {
      wait(4, 30);
      steps.push({ op: 'return', at: t, user: user(proc), reason: prng.pick(RETURN_REASONS) });
      if (v === 'prosecution-transfer-returned') throw new Reached(arrested.length > 0 ? main : bailClock(), DAY);
      waitDays(1, 4);
      fire(user(police), 'transfer-for-prosecution', { upload: ['evidence-list'], reuse: ['transfer-form', 'dossier', 'seized-property-list'], to: proc, ...(missing.length > 0 ? { user: user(police, true), override: prng.pick(OVERRIDE_REASONS) } : {}) });
      handOver();
    }
    wait(2, 40);
    accept(someone(proc));
    receive();
    startMain('cpl.prosecution.review', arrested.length > 0);
    const legalAid = (holder: string) => {
      if (!prng.chance(0.1)) return;
      wait(4, 48);
      fire(user(holder), 'notify-legal-aid', { upload: ['legal-aid-notice'], to: units.justiceBureau });
      wait(2, 30);
      accept(user(units.justiceBureau));
    };
    const renewBail = (holder: string) => {
      if (bailed().length === 0) return;
      wait(4, 72);
      fire(user(holder), 'renew-measure', { upload: ['measure-decision'], persons: bailed() });
    };
    renewBail(proc);
    legalAid(proc);

    // --- returns for supplementary investigation (at most two, CPL 175)
    const returns = v === 'after-one-return' || v === 'first-return' ? 1 : v === 'after-two-returns' || v === 'second-return' ? 2 : prng.chance(0.15) ? 1 : 0;
    for (let round = 1; round <= returns; round++) {
      waitDays(10, 24);
      fire(user(proc), 'return-for-supplementary-investigation', { upload: ['return-form'], to: police });
      wait(2, 30);
      accept(user(police));
      startMain('cpl.supplementary-investigation', arrested.length > 0);
      if ((v === 'first-return' && round === 1) || (v === 'second-return' && round === 2)) throw new Reached(main, DAY);
      for (const item of withheld.splice(0)) {
        waitDays(1, 6);
        steps.push({ op: 'evidence', at: t, user: user(police), item: item.id, description: `${item.name.zh}（补充侦查取得）` });
      }
      waitDays(10, 24);
      fire(user(police), 'resubmit-after-supplementary-investigation', { upload: ['supplementary-report', 'dossier'], to: proc });
      wait(2, 30);
      accept(user(proc));
      startMain('cpl.prosecution.review', arrested.length > 0);
    }
    if (target.stage === 'prosecution-review' && v !== 'indictment-in-transit') throw new Reached(main, DAY);

    // --- the procuratorate decides
    if (v === 'non-prosecution') {
      waitDays(8, 25);
      fire(user(proc), 'decide-not-to-prosecute', { upload: ['non-prosecution-decision'], to: police, ...releasing() });
      wait(4, 48);
      accept(user(police));
      throw new Reached(null, overLimit ? DAY : settle(forgets ? police : proc, 'non-prosecution-decision'));
    }
    if (v === 'terminated') {
      // e.g. the suspect died, or the prosecution period of the offence had run out (CPL 16)
      waitDays(5, 20);
      fire(user(proc, true), 'terminate-proceedings', { upload: ['termination-decision'], ...releasing() });
      throw new Reached(null, DAY);
    }
    waitDays(8, 24);
    const indict = () => fire(user(proc), 'indict', { upload: ['indictment', 'seized-property-list'], reuse: ['dossier'], to: court });
    indict();
    if (v === 'indictment-in-transit') throw new Reached(null, 0, inTransit());
    if (v === 'indictment-returned-then-accepted') {
      wait(6, 48);
      steps.push({ op: 'return', at: t, user: user(court), reason: '起诉书载明的被告人身份信息有误，请更正后重新移送' });
      waitDays(1, 3);
      indict();
    }
    wait(4, 72);
    accept(someone(court));
    startMain('cpl.trial.first-instance', arrested.length > 0);
    renewBail(court);
    legalAid(court);

    // --- trial
    if (v === 'with-procuratorate' || v === 'after-trial-supplementary') {
      waitDays(10, 25);
      fire(user(proc), 'request-trial-supplementary-investigation', { upload: ['supplementary-request'], to: court });
      wait(4, 48);
      accept(user(court));
      startMain('cpl.supplementary-investigation', arrested.length > 0);
      if (v === 'with-procuratorate') throw new Reached(main, DAY);
      waitDays(8, 25);
      fire(user(proc), 'return-case-to-court', { upload: ['supplementary-report'], to: court });
      wait(4, 48);
      accept(user(court));
      startMain('cpl.trial.first-instance', arrested.length > 0);
    }
    // now and then the trial is suspended (the defendant seriously ill or absconded, CPL 206), some for half a year
    if (v === 'trial' && prng.chance(0.1)) {
      waitDays(10, 30);
      fire(user(court, true), 'suspend-trial', { upload: ['suspension-ruling'] });
      throw new Reached(null, prng.chance(0.5) ? 185 * DAY : DAY);
    }
    if (target.stage === 'first-instance') throw new Reached(main, DAY);
    waitDays(18, 45);
    fire(user(court), 'pronounce-judgment', { upload: ['judgment'], to: proc });
    wait(2, 20);
    accept(user(proc));
    startMain('cpl.appeal.judgment', arrested.length > 0);
    // now and then the defendant appeals to the higher court, which passes the appeal on (Interp 382)
    if (v === 'judgment-served' && prng.chance(0.2)) {
      waitDays(2, 6);
      fire(user(court), 'receive-appeal-from-higher-court', { upload: ['appeal'] });
      startMain('cpl.appeal.forward', arrested.length > 0);
      throw new Reached(main, 0);
    }
    if (target.stage === 'appeal-period') throw new Reached(main, 0);

    // --- appeal, protest, or the judgment takes effect
    let executingCourt = court;
    if (v === 'appeal' || v === 'protest' || v === 'after-second-instance') {
      const protest = v === 'protest' || (v === 'after-second-instance' && prng.chance(0.3));
      waitDays(5, 9);
      if (protest) fire(user(proc), 'lodge-protest', { upload: ['protest'], to: units.cityCourt });
      else fire(user(court), 'forward-appeal', { upload: ['appeal'], reuse: ['dossier'], to: units.cityCourt });
      waitDays(1, 3);
      accept(someone(units.cityCourt));
      startMain('cpl.trial.second-instance', arrested.length > 0);
      if (target.stage === 'second-instance') throw new Reached(main, DAY);
      waitDays(25, 50);
      fire(user(units.cityCourt), 'second-instance-judgment', { upload: ['judgment'], to: units.cityProcuratorate });
      wait(4, 48);
      accept(user(units.cityProcuratorate));
      executingCourt = units.cityCourt;
    } else {
      waitDays(10.5, 12);
      fire(user(court), 'judgment-takes-effect');
    }
    startMain('cpl.execution.send-documents', arrested.length > 0);
    if (target.stage === 'effective' && v !== 'execution-in-transit') throw new Reached(main, 0);

    // --- execution
    wait(6, 72);
    if (bailed().length > 0) steps.push({ op: 'measure', at: t, user: user(executingCourt), measure: 'release', persons: bailed(), upload: [] });
    const executor = v === 'community-correction' || arrested.length === 0 ? units.correctionOffice : v === 'detention-house' || v === 'released' ? units.detentionHouse : units.prison;
    wait(1, 48);
    fire(user(executingCourt), 'deliver-for-execution', { upload: ['execution-notice'], reuse: ['judgment'], to: executor });
    if (v === 'execution-in-transit') throw new Reached(null, 0, inTransit());
    wait(4, 72);
    accept(someone(executor));
    if (v === 'released') {
      // a short sentence served at the detention house
      waitDays(30, 150);
      fire(user(executor), 'release-on-completion', { upload: ['release-certificate'] });
      throw new Reached(null, DAY);
    }
    if (target.stage === 'execution' && v !== 'commutation-ruled') throw new Reached(null, DAY);

    // --- commutation: after time served (not hurried with the rest of the path)
    t += Math.round(prng.between(330, 480) * DAY);
    fire(user(units.prison), 'propose-commutation', { upload: ['commutation-proposal', 'conduct-evidence'], to: units.cityCourt });
    waitDays(1, 4);
    accept(someone(units.cityCourt));
    startMain('cpl.commutation.rule-fixed-term', true);
    if (target.stage === 'commutation-review') throw new Reached(main, DAY);
    waitDays(12, 26);
    fire(user(units.cityCourt), 'rule-on-commutation', { upload: ['commutation-ruling'] });
    startMain('cpl.commutation.deliver-ruling', true);
    throw new Reached(main, 0, { short: true });
  } catch (e) {
    if (!(e instanceof Reached)) throw e;
    return { steps, main: e.main, minAge: e.minAge, short: e.how.short ?? false, fresh: e.how.fresh ?? false, stale: e.how.stale ?? false };
  }
}

const DUTY_DOCUMENT = {
  'deliver-to-detention-house': 'custody-receipt',
  'notify-family-of-detention': 'detention-notice',
  'record-interrogation': 'interrogation-record',
} as const;

function detainedAt(steps: readonly DemoStep[]): number {
  const s = steps.find((x) => x.op === 'measure' && x.measure === 'detention');
  if (!s) throw new Error('demo cases: no detention to count from');
  return s.at;
}

function lastAt(steps: readonly DemoStep[], transition: string): number {
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    if (s.op === 'fire' && s.transition === transition) return s.at;
  }
  throw new Error(`demo cases: no ${transition} yet`);
}

// --- placing a path in time ------------------------------------------------------------------------------------

/**
 * Puts a path on the calendar: for a case with a running clock, so that the clock's due moment (as the engine
 * computes it) falls where the outlook wants it relative to now; otherwise a little while before now. The drawn
 * outlook is tried first, then the others (a 12-month bail cannot be due within a 10-month window). Null when the
 * case cannot start inside its window (the caller then walks the path faster).
 */
function place(
  built: BuiltPath,
  clock: Clock,
  now: number,
  draws: { outlook: number; left: number; age: number },
  window: readonly [number, number],
): { steps: DemoStep[]; outlook: ClockOutlook } | null {
  const last = built.steps[built.steps.length - 1]!.at;
  const earliest = now - window[1] * DAY;
  const latest = Math.min(now - window[0] * DAY, now - last - 10 * 60_000);
  const placed = (start: number, outlook: ClockOutlook) => {
    start = Math.floor(start / 60_000) * 60_000;
    if (start < earliest || start > latest) return null;
    return { steps: built.steps.map((s) => ({ ...s, at: start + s.at })), outlook };
  };
  if (!built.main) {
    const [lo, hi] = built.stale ? [4 * DAY, 12 * DAY] : built.fresh ? [HOUR / 2, 2 * DAY] : [DAY / 2, 40 * DAY];
    const maxAge = Math.min(hi, now - last - built.minAge - earliest);
    if (maxAge < lo) return null;
    return placed(now - last - built.minAge - lerp(draws.age, lo, maxAge), 'none');
  }
  const main = built.main;
  const rule = clock.rules.get(main.rule);
  if (!rule) throw new Error(`demo cases: no time-limit rule ${main.rule}`);
  const dueFrom = (t0: number) => {
    const ledger: LedgerEvent[] = main.ledger.map((e) =>
      e.type === 'extension-granted'
        ? { type: e.type, at: isoCst(t0 + e.rel), extension: e.extension! }
        : e.type === 'started'
          ? { type: e.type, at: isoCst(t0 + e.rel), custody: main.custody }
          : { type: e.type, at: isoCst(t0 + e.rel) },
    );
    return computeDue(rule, ledger, clock).dueMs!;
  };
  const clockStart = main.ledger[0]!.rel;
  const length = dueFrom(now - clockStart - 30 * DAY) - (now - 30 * DAY);
  // the case has been at its last step at least minAge, so the clock has run at least this long
  const spent = Math.max(last - clockStart + built.minAge, HOUR);
  const ranges: Record<Exclude<ClockOutlook, 'none'>, [number, number]> = built.short
    ? { overdue: [-3 * DAY, -2 * HOUR], near: [HOUR, length], far: [1, 0] }
    : { overdue: [-20 * DAY, -DAY / 2], near: [0.15 * DAY, NEAR_DAYS * DAY - 2 * HOUR], far: [NEAR_DAYS * DAY + 12 * HOUR, 0.92 * length] };
  const overdueShare = built.short ? SHORT_OVERDUE_SHARE : (OVERDUE_SHARE_BY_RULE[main.rule] ?? OUTLOOK_SHARES.overdue);
  const drawn: Exclude<ClockOutlook, 'none'> = draws.outlook < overdueShare ? 'overdue' : built.short || draws.outlook < overdueShare + OUTLOOK_SHARES.near ? 'near' : 'far';
  for (const outlook of [drawn, 'far', 'near', 'overdue'] as const) {
    // left = due - now; start = now + left - clockStart - length must lie in the window
    const lo = Math.max(ranges[outlook][0], earliest - now + clockStart + length);
    const hi = Math.min(ranges[outlook][1], length - spent, latest - now + clockStart + length);
    if (lo > hi) continue;
    const left = lerp(draws.left, lo, hi);
    // start so that due = now + left; the due moment moves with the start only by calendar effects
    let start = now + left - clockStart - length;
    for (let i = 0; i < 3; i++) start += now + left - dueFrom(start);
    const result = placed(start, outlook);
    if (result) return result;
  }
  return null;
}
