/**
 * The plan of the demo province's governance center (issue 6 part 7): disputes, petitions and grid events spread
 * over the two years before the demo's "now", in every county and township, each a short story of steps at
 * moments in the past — who takes which step, when, with what. Pure and deterministic from the demo's seed: the
 * loader (demo-governance.ts) plays the stories through the services, and a load stopped half-way goes on with
 * the same stories.
 *
 * Besides the ordinary flow, the plan stages what the governance warning models watch, a few in several counties:
 * disputes left past their step's due moment, resolved disputes registered again within the reopen window and
 * still open, judicial confirmations the court has not decided in time, petitions a body has let run past its
 * time limit, and matters petitioned three times or more without an opinion on any.
 *
 * What is known only when the story plays (the unit the routing rules choose, the criminal case a law-related
 * petition is about) is named by its part in the story ('handling', 'case') and resolved by the loader.
 */
import { type Prng, createPrng } from '../shared/prng.ts';
import { makeMobile, makePersonName, makeResidentId } from './demo-province.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** How far back the demo's governance records reach. */
export const GOVERNANCE_WINDOW_DAYS = 730;

export interface GovernanceSize {
  disputes: number;
  petitions: number;
  gridEvents: number;
}

/** The full demo (issue 6: at least 2,000 disputes, 300 petitions and 500 grid events). */
export const DEMO_GOVERNANCE_SIZE: GovernanceSize = { disputes: 2040, petitions: 310, gridEvents: 510 };

/** The governance part in proportion to the demo's planned criminal cases (a small demo, e.g. in a test, stays small). */
export function governanceSizeFor(cases: number, fullCases: number): GovernanceSize {
  if (cases >= fullCases) return DEMO_GOVERNANCE_SIZE;
  const part = (n: number) => Math.max(cases > 0 ? 1 : 0, Math.ceil((n * cases) / fullCases));
  return { disputes: part(DEMO_GOVERNANCE_SIZE.disputes), petitions: part(DEMO_GOVERNANCE_SIZE.petitions), gridEvents: part(DEMO_GOVERNANCE_SIZE.gridEvents) };
}

/** A place of the demo province: a county and one of its townships. */
export interface Place {
  county: string;
  city: string;
  township: string;
}

// --- disputes --------------------------------------------------------------------------------------------------

export type DisputeChannel = 'walk-in' | 'hotline' | 'online' | 'grid' | 'court-referral' | 'referral' | 'import';

/** Who takes a step: a named account, the unit the dispute was routed to, or the system for a receiving unit. */
export type Actor = { user: string } | { part: 'handling' | 'overseer' } | { system: string };

export type DisputeVerb =
  | { verb: 'assess'; riskLevel?: 'low' | 'medium' | 'high'; amount?: number | null; urgency?: 'normal' | 'urgent'; note?: string }
  | { verb: 'route'; unit?: string }
  | { verb: 'session'; note: string }
  | { verb: 'agree'; terms: string; performance: string }
  | { verb: 'no-agreement'; note: string }
  | { verb: 'request-confirmation'; court: string }
  | { verb: 'accept-confirmation'; decision: boolean; note?: string }
  | { verb: 'decide-confirmation'; decision: boolean; note: string }
  | { verb: 'close'; outcome: 'resolved' | 'not-resolved-referred'; referredTo?: string }
  | { verb: 'withdraw'; note: string }
  | { verb: 'visit'; note: string; satisfaction?: number }
  | { verb: 'rate'; satisfaction: number }
  | { verb: 'follow-up'; note: string }
  | { verb: 'reopen'; note: string }
  | { verb: 'note'; note: string };

export interface DisputeStep {
  at: number;
  by: Actor;
  step: DisputeVerb;
}

export interface DisputeParty {
  role: 'applicant' | 'respondent';
  kind: 'person' | 'organisation';
  name: string;
  phone: string | null;
  idNumber: string | null;
}

export interface DisputeStory {
  kind: 'dispute';
  /** what the story stages, for the loader's tally and the tests */
  shape: DisputeShape;
  place: Place;
  intake: { at: number; by: Actor; channel: DisputeChannel; type: string; amount: number | null; summary: string; parties: DisputeParty[]; importKey?: string };
  steps: DisputeStep[];
  /** the same matter taken in again after it was closed as resolved (reopened: a new, open dispute) */
  again?: { at: number; by: Actor; channel: DisputeChannel; summary: string };
}

export type DisputeShape =
  | 'followed-up' | 'closed-resolved' | 'closed-referred' | 'withdrawn' | 'intake' | 'assessed' | 'routed' | 'handling' | 'agreement' | 'no-agreement'
  | 'confirmation-requested' | 'confirmation-pending' | 'confirmation-late' | 'confirmed' | 'refused' | 'overdue' | 'reopened' | 'reopened-by-hand';

// --- petitions -------------------------------------------------------------------------------------------------

export type PetitionVerb =
  | { verb: 'route'; to: string }
  | { verb: 'accept' }
  | { verb: 'refuse'; reason: string }
  | { verb: 'object'; reason: string }
  | { verb: 'extend'; reason: string }
  | { verb: 'issue-opinion'; outcome: 'supported' | 'explained' | 'not-supported'; opinion: string }
  | { verb: 'request-review'; to: string }
  | { verb: 'answer-review'; outcome: 'supported' | 'explained' | 'not-supported'; opinion: string }
  | { verb: 'request-rereview'; to: string }
  | { verb: 'answer-rereview'; outcome: 'supported' | 'explained' | 'not-supported'; opinion: string }
  | { verb: 'conclude'; note: string }
  | { verb: 'route-legal'; legalRoute: string; note: string };

export interface PetitionStep {
  at: number;
  by: string;
  step: PetitionVerb;
}

export interface OnePetition {
  at: number;
  office: string;
  channel: string;
  petitioner: { name: string; phone: string | null; idNumber: string | null };
  respondent: string;
  subject: string;
  content: string;
  regionCode: string;
  lawRelated: boolean;
  steps: PetitionStep[];
}

export interface PetitionStory {
  kind: 'petition';
  shape: string;
  place: Place;
  /** one petition, or the same matter petitioned again and again */
  petitions: OnePetition[];
}

// --- grid events -----------------------------------------------------------------------------------------------

export type GridVerb =
  | { verb: 'accept' }
  | { verb: 'handle-locally'; note: string }
  | { verb: 'escalate'; note: string }
  | { verb: 'assign'; unit: string }
  | { verb: 'record-handling'; note: string }
  | { verb: 'verify'; ok: boolean; note?: string }
  | { verb: 'close' }
  | { verb: 'rate'; rating: number }
  | { verb: 'photo'; name: string; seed: number };

export interface GridStory {
  kind: 'grid-event';
  shape: string;
  place: Place;
  at: number;
  reporter: { worker: string } | { citizen: string };
  category: string;
  description: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  steps: { at: number; by: string; step: GridVerb }[];
}

export type GovernanceStory = DisputeStory | PetitionStory | GridStory;

// --- the plan --------------------------------------------------------------------------------------------------

/** The demo province's counties and townships (codes as in demo-province.ts). */
export interface GovernanceGeography {
  counties: readonly { code: string; name: string; townships: readonly { code: string; name: string }[] }[];
  /** dispute type ids (rules/governance/dispute-types.yaml) with their handling period in days */
  disputeTypes: readonly { id: string; handlingDays: number }[];
  gridCategories: readonly string[];
  legalRoutes: readonly string[];
  petitionChannels: readonly string[];
}

/** The stories of the demo's governance center, in the order they load. */
export function planDemoGovernance(geo: GovernanceGeography, opts: { seed: number; now: number; size: GovernanceSize }): GovernanceStory[] {
  const prng = createPrng((opts.seed * 7919 + 6) | 0);
  const places: Place[] = geo.counties.flatMap((c) => c.townships.map((t) => ({ county: c.code, city: `${c.code.slice(0, 4)}00`, township: t.code })));
  const countyName = new Map(geo.counties.map((c) => [c.code, c.name]));
  const townshipName = new Map(geo.counties.flatMap((c) => c.townships.map((t) => [t.code, t.name] as const)));
  const ctx: Ctx = { prng, now: opts.now, geo, countyName, townshipName, seed: opts.seed };

  const disputes: DisputeStory[] = [];
  // what the warning models watch first, a few each in several counties, then the ordinary flow
  const special: DisputeShape[] = [];
  for (let i = 0; i < 12; i++) special.push('overdue');
  for (let i = 0; i < 8; i++) special.push('reopened');
  for (let i = 0; i < 2; i++) special.push('reopened-by-hand');
  for (let i = 0; i < 6; i++) special.push('confirmation-late');
  for (let i = 0; i < 6; i++) special.push('confirmation-pending');
  for (let i = 0; i < 3; i++) special.push('confirmation-requested');
  for (const [i, shape] of special.entries()) if (disputes.length < opts.size.disputes) disputes.push(disputeStory(ctx, places[(i * 5) % places.length]!, shape, disputes.length));
  while (disputes.length < opts.size.disputes) disputes.push(disputeStory(ctx, places[disputes.length % places.length]!, ordinaryDisputeShape(prng), disputes.length));

  const petitions: PetitionStory[] = [];
  const specialPetitions = ['unresolved-matter', 'unresolved-matter', 'unresolved-matter', 'unresolved-matter', 'overdue-route', 'overdue-route', 'overdue-accept', 'overdue-accept', 'overdue-handle', 'overdue-handle', 'overdue-review', 'in-legal-procedure', 'in-legal-procedure', 'in-legal-procedure', 'repeat-answered'];
  for (const [i, shape] of specialPetitions.entries()) if (petitions.length < opts.size.petitions) petitions.push(petitionStory(ctx, places[(i * 3 + 1) % places.length]!, shape));
  let petitionCount = petitions.reduce((n, s) => n + s.petitions.length, 0);
  while (petitionCount < opts.size.petitions) {
    const story = petitionStory(ctx, places[(petitions.length * 7) % places.length]!, ordinaryPetitionShape(prng));
    petitions.push(story);
    petitionCount += story.petitions.length;
  }

  const events: GridStory[] = [];
  while (events.length < opts.size.gridEvents) events.push(gridStory(ctx, places[events.length % places.length]!, ordinaryGridShape(prng), events.length));

  // interleaved, so that a small demo still has some of each
  const out: GovernanceStory[] = [];
  const total = disputes.length + petitions.length + events.length;
  const queues: GovernanceStory[][] = [disputes, petitions, events];
  const taken = [0, 0, 0];
  for (let n = 0; n < total; n++) {
    // the list furthest behind its share goes next
    let best = -1;
    let lag = Number.POSITIVE_INFINITY;
    for (const [q, list] of queues.entries()) {
      if (taken[q]! >= list.length) continue;
      const share = taken[q]! / list.length;
      if (share < lag) {
        lag = share;
        best = q;
      }
    }
    out.push(queues[best]![taken[best]!]!);
    taken[best]!++;
  }
  return out;
}

interface Ctx {
  prng: Prng;
  now: number;
  seed: number;
  geo: GovernanceGeography;
  countyName: Map<string, string>;
  townshipName: Map<string, string>;
}

function ordinaryDisputeShape(prng: Prng): DisputeShape {
  return prng.weighted<{ weight: number; shape: DisputeShape }>([
    // a resolved dispute has a sealed agreement PDF (the slowest step): a few hundred of them
    { weight: 15, shape: 'followed-up' },
    { weight: 3, shape: 'closed-resolved' },
    { weight: 30, shape: 'closed-referred' },
    { weight: 28, shape: 'withdrawn' },
    { weight: 3, shape: 'intake' },
    { weight: 2, shape: 'assessed' },
    { weight: 3, shape: 'routed' },
    { weight: 4, shape: 'handling' },
    { weight: 1, shape: 'agreement' },
    { weight: 1.5, shape: 'no-agreement' },
    { weight: 1, shape: 'confirmed' },
    { weight: 0.6, shape: 'refused' },
  ]).shape;
}

const SUMMARY: Record<string, string[]> = {
  family: ['夫妻因抚养费、探视子女发生纠纷', '赡养老人费用分担产生矛盾'],
  inheritance: ['兄弟姐妹之间因房产继承份额发生争执'],
  neighbour: ['邻居装修噪音扰民，多次协商未果', '相邻排水沟堵塞引发邻里矛盾', '楼上漏水致楼下天花板受损'],
  'labour-wages': ['务工人员被拖欠工资', '工地工伤后用工单位拒绝赔偿'],
  'land-contract': ['土地承包地界争议', '流转土地租金未按期支付'],
  homestead: ['宅基地界址争议，双方各执一词'],
  'land-acquisition': ['征地补偿款分配有异议'],
  'property-management': ['业主拒交物业费，物业停止部分服务', '小区停车位分配纠纷'],
  tenancy: ['租户提前退租，押金退还发生争议'],
  medical: ['患者家属对手术后果有异议，要求赔偿'],
  consumer: ['购买的家电质量问题，商家拒绝退换', '预付卡商家关门，消费者要求退款'],
  'traffic-accident': ['电动车与小轿车剐蹭，赔偿金额协商不成'],
  construction: ['房屋装修工程款结算争议'],
  environment: ['养殖场异味影响周边居民'],
  'private-lending': ['借款到期未还，出借人要求归还本息'],
  contract: ['买卖合同货款结算争议'],
  'personal-injury': ['饲养的犬只咬伤路人，赔偿未谈妥'],
  'property-damage': ['施工车辆碾坏农户庄稼'],
  school: ['学生在校园内受伤，家长与学校就赔偿有分歧'],
  'village-affairs': ['村集体收益分配有异议'],
  'enterprise-restructuring': ['企业改制后职工安置补偿争议'],
  insurance: ['保险理赔金额争议'],
  'pre-litigation-civil': ['法院诉前委派调解的合同纠纷'],
  other: ['其他民间纠纷'],
};

const ORGANISATION_RESPONDENT: Record<string, string> = {
  'labour-wages': '建筑劳务有限公司',
  'property-management': '物业服务有限公司',
  consumer: '商贸有限公司',
  medical: '人民医院',
  insurance: '保险股份有限公司支公司',
  construction: '装饰工程有限公司',
  'enterprise-restructuring': '机械厂',
  school: '中心小学',
  'land-acquisition': '人民政府征收办公室',
  environment: '生态养殖专业合作社',
};

const AMOUNT: Record<string, [number, number]> = {
  'labour-wages': [3_000, 120_000], 'private-lending': [5_000, 300_000], 'traffic-accident': [2_000, 80_000], medical: [20_000, 400_000],
  consumer: [300, 20_000], tenancy: [1_000, 15_000], construction: [10_000, 500_000], contract: [5_000, 200_000], insurance: [5_000, 150_000],
  'personal-injury': [1_000, 60_000], 'property-damage': [500, 30_000], 'land-acquisition': [20_000, 600_000],
};

function person(ctx: Ctx, county: string, role: 'applicant' | 'respondent'): DisputeParty {
  const { prng } = ctx;
  const idNumber = prng.chance(role === 'applicant' ? 0.7 : 0.4) ? makeResidentId(prng.chance(0.9) ? county : prng.pick(ctx.geo.counties).code, prng, { bornFrom: Date.UTC(1950, 0, 1), bornTo: Date.UTC(2004, 11, 31) }) : null;
  const phone = prng.chance(0.9) || (role === 'applicant' && idNumber === null) ? makeMobile(prng) : null;
  return { role, kind: 'person', name: makePersonName(prng), phone, idNumber };
}

function parties(ctx: Ctx, place: Place, type: string): DisputeParty[] {
  const list = [person(ctx, place.county, 'applicant')];
  if (ctx.prng.chance(0.12)) list.push(person(ctx, place.county, 'applicant'));
  const org = ORGANISATION_RESPONDENT[type];
  if (org && ctx.prng.chance(0.8)) {
    const where = ctx.townshipName.get(place.township) ?? '';
    list.push({ role: 'respondent', kind: 'organisation', name: `${ctx.countyName.get(place.county)}${where}${org}`, phone: null, idNumber: null });
  } else list.push(person(ctx, place.county, 'respondent'));
  return list;
}

/** The moment `days` days before now, at a working hour (China Standard Time, 08:30-17:30). */
function dayAt(ctx: Ctx, daysAgo: number): number {
  const day = Math.floor((ctx.now + 8 * HOUR) / DAY) - daysAgo;
  return day * DAY - 8 * HOUR + 8.5 * HOUR + Math.floor(ctx.prng.next() * 9 * 60) * 60_000;
}

/**
 * A story's steps laid out forward from its start: `gaps` are days between steps (the first from the intake).
 * Finished stories start anywhere in the window; open ones end `idle` days before now.
 */
function layout(ctx: Ctx, gaps: number[], open: boolean, idle: number): number[] {
  const span = gaps.reduce((a, b) => a + b, 0);
  let start: number;
  if (open) start = ctx.now - (span + idle) * DAY;
  else {
    const latest = Math.max(span + 2, 3);
    const daysAgo = ctx.prng.int(Math.ceil(latest), Math.max(Math.ceil(latest) + 1, GOVERNANCE_WINDOW_DAYS - Math.ceil(span)));
    start = dayAt(ctx, daysAgo);
  }
  const out = [start];
  for (const g of gaps) out.push(out[out.length - 1]! + g * DAY);
  return out;
}

const MEDIATION_NOTES = ['第一次调解：双方到场，各自陈述事实和诉求', '背对背调解，分别做双方工作', '组织双方现场查看，释法说理', '邀请村（居）委会干部参与调解'];
const TERMS: Record<string, string> = {
  default: '被申请人向申请人支付补偿款{amount}元，双方就此纠纷再无其他争议。',
  neighbour: '被申请人于每日12:00-14:00及20:00以后不进行装修作业，并赔偿申请人{amount}元。',
  family: '双方同意按月支付抚养费{amount}元，探视时间为每月第一、三周周末。',
};

function disputeStory(ctx: Ctx, place: Place, shape: DisputeShape, index: number): DisputeStory {
  const { prng } = ctx;
  const needsMediation = ['confirmation-late', 'confirmation-pending', 'confirmation-requested', 'confirmed', 'refused', 'reopened', 'reopened-by-hand'].includes(shape);
  // a channel, and who takes the dispute in by it
  const channel: DisputeChannel = needsMediation
    ? prng.pick(['walk-in', 'hotline', 'referral'] as const)
    : prng.weighted<{ weight: number; c: DisputeChannel }>([
        { weight: 30, c: 'walk-in' }, { weight: 20, c: 'hotline' }, { weight: 12, c: 'online' }, { weight: 13, c: 'grid' }, { weight: 8, c: 'court-referral' },
        { weight: 7, c: 'referral' }, { weight: 10, c: 'import' },
      ]).c;
  // the types the rules know among those that fit (any type, should the rules know none of them)
  const among = (ids: readonly string[]) => {
    const known = ctx.geo.disputeTypes.filter((t) => ids.includes(t.id)).map((t) => t.id);
    return prng.pick(known.length > 0 ? known : ctx.geo.disputeTypes.map((t) => t.id));
  };
  const type = channel === 'court-referral' ? among(['pre-litigation-civil', 'contract', 'private-lending', 'traffic-accident'])
    : needsMediation ? among(['neighbour', 'family', 'property-damage', 'tenancy', 'inheritance', 'personal-injury'])
    : prng.pick(ctx.geo.disputeTypes).id;
  const townCenter = `governance-center-${place.township}`;
  const countyCenter = `governance-center-${place.county}`;
  let intakeBy: Actor;
  switch (channel) {
    case 'grid': intakeBy = { user: `${townCenter}-grid-worker` }; break;
    case 'court-referral': intakeBy = { user: `court-${place.county}-handler` }; break;
    case 'online': intakeBy = { system: prng.chance(0.5) ? townCenter : countyCenter }; break;
    case 'import': intakeBy = { system: countyCenter }; break;
    default:
      intakeBy = { user: prng.weighted([{ weight: 5, u: `${townCenter}-handler` }, { weight: 2, u: `${countyCenter}-handler` }, { weight: 2, u: `mediation-committee-${place.township}-mediator` }]).u };
  }
  // a grid worker's intake is assessed and routed by the township center's staff: the intake unit holds it
  const holder: Actor = 'system' in intakeBy ? { user: `${intakeBy.system}-handler` } : channel === 'grid' ? { user: `${townCenter}-handler` } : intakeBy;
  // a governance center that does not hold the dispute (the county's, or the city's when the county's holds it)
  const overseer: Actor = { part: 'overseer' };
  const range = AMOUNT[type];
  const amount = range ? Math.round(prng.int(range[0], range[1]) / 100) * 100 : null;
  const summary = prng.pick(SUMMARY[type] ?? SUMMARY.other!);
  const handling: Actor = { part: 'handling' };
  const handlingDays = ctx.geo.disputeTypes.find((t) => t.id === type)?.handlingDays ?? 30;

  // the steps, as (gap in days before it, actor, verb)
  const plan: [number, Actor, DisputeVerb][] = [];
  const assess = (): void => void plan.push([prng.between(0.05, 0.9), holder, { verb: 'assess', ...(prng.chance(0.2) ? { riskLevel: prng.pick(['low', 'medium', 'high'] as const) } : {}), ...(prng.chance(0.15) ? { urgency: 'urgent' as const } : {}), ...(amount !== null ? { amount } : {}) }]);
  // by the routing rules; a matter for judicial confirmation by hand to the township's people's mediation committee
  const route = (): void => void plan.push([prng.between(0.05, 0.8), holder, needsMediation ? { verb: 'route', unit: `mediation-committee-${place.township}` } : { verb: 'route' }]);
  const sessions = (n: number): void => {
    for (let i = 0; i < n; i++) plan.push([prng.between(1, Math.max(1.5, handlingDays / 4)), handling, { verb: 'session', note: MEDIATION_NOTES[(i + index) % MEDIATION_NOTES.length]! }]);
  };
  const agree = (): void => {
    const terms = (TERMS[type] ?? TERMS.default!).replace('{amount}', String(amount ?? prng.int(2, 60) * 100));
    plan.push([prng.between(0.5, 4), handling, { verb: 'agree', terms, performance: prng.pick(['协议签订之日起十日内一次性履行', '当场履行完毕', '分三期于三个月内履行完毕']) }]);
  };
  const noAgreement = (): void => void plan.push([prng.between(0.5, 5), handling, { verb: 'no-agreement', note: prng.pick(['双方分歧较大，调解不成', '被申请人拒绝调解', '申请人坚持诉讼解决']) }]);
  const visit = (): void => void plan.push([prng.between(3, 15), handling, { verb: 'visit', note: prng.pick(['电话回访：协议已履行', '上门回访：双方关系缓和', '电话回访：当事人表示认可']), ...(prng.chance(0.85) ? { satisfaction: prng.weighted([{ weight: 6, s: 5 }, { weight: 3, s: 4 }, { weight: 1, s: 3 }, { weight: 0.4, s: 2 }, { weight: 0.2, s: 1 }]).s } : {}) }]);
  const court = `court-${place.county}`;
  const confirmationPath = (end: 'requested' | 'accepted' | 'confirmed' | 'refused' | 'not-accepted', acceptGap = prng.between(1, 5)) => {
    plan.push([prng.between(1, 10), handling, { verb: 'request-confirmation', court }]);
    if (end === 'requested') return;
    plan.push([acceptGap, { user: `${court}-handler` }, { verb: 'accept-confirmation', decision: end !== 'not-accepted', ...(end === 'not-accepted' ? { note: '不属于本院管辖' } : {}) }]);
    if (end === 'accepted' || end === 'not-accepted') return;
    plan.push([prng.between(2, 12), { user: `${court}-handler` }, { verb: 'decide-confirmation', decision: end === 'confirmed', note: end === 'confirmed' ? '调解协议合法有效，予以确认' : '调解协议内容违反法律规定，不予确认' }]);
  };
  // the common beginnings: mediated in one session, and that ending in an agreement
  const mediated = (): void => {
    assess();
    route();
    sessions(1);
  };
  const agreed = (): void => {
    mediated();
    agree();
  };
  let open = false;
  let idle = prng.between(0.05, 0.7);
  let again: DisputeStory['again'];
  const resolvedEnding = (withConfirmation: boolean) => {
    assess();
    route();
    sessions(prng.int(1, 3));
    agree();
    if (withConfirmation) confirmationPath('confirmed');
    plan.push([prng.between(0.2, 3), handling, { verb: 'close', outcome: 'resolved' }]);
  };

  switch (shape) {
    case 'followed-up':
      resolvedEnding(prng.chance(0.15));
      visit();
      break;
    case 'closed-resolved':
      resolvedEnding(false);
      if (prng.chance(0.5)) plan.push([prng.between(1, 5), handling, { verb: 'rate', satisfaction: prng.int(3, 5) }]);
      break;
    case 'closed-referred':
      assess();
      route();
      sessions(prng.int(1, 2));
      noAgreement();
      plan.push([prng.between(0.2, 3), handling, { verb: 'close', outcome: 'not-resolved-referred', referredTo: prng.pick(['告知可向人民法院起诉', '引导申请劳动仲裁', '告知可申请行政复议', '转交有关行政主管部门处理']) }]);
      if (prng.chance(0.5)) visit();
      break;
    case 'withdrawn': {
      const upTo = prng.int(0, 3);
      if (upTo >= 1) assess();
      if (upTo >= 2) route();
      if (upTo >= 3) sessions(1);
      plan.push([prng.between(0.5, 6), upTo >= 2 ? handling : holder, { verb: 'withdraw', note: prng.pick(['双方自行和解，申请人撤回申请', '申请人撤回调解申请', '申请人已向人民法院起诉，撤回调解申请']) }]);
      break;
    }
    case 'intake':
      open = true;
      idle = prng.between(0.05, 0.8);
      break;
    case 'assessed':
      assess();
      open = true;
      break;
    case 'routed':
      assess();
      route();
      open = true;
      idle = prng.between(0.5, Math.min(10, handlingDays / 2));
      break;
    case 'handling': {
      mediated();
      open = true;
      idle = prng.between(0.3, 2);
      break;
    }
    case 'agreement':
      agreed();
      open = true;
      break;
    case 'no-agreement':
      mediated();
      noAgreement();
      open = true;
      break;
    case 'confirmation-requested':
      agreed();
      confirmationPath('requested');
      open = true;
      idle = prng.between(0.5, 4);
      break;
    case 'confirmation-pending':
      agreed();
      confirmationPath('accepted');
      open = true;
      idle = prng.between(1, 8);
      break;
    case 'confirmation-late':
      // accepted by the court well over its 15 days (SPC 2011 provisions art. 5) ago, not decided
      agreed();
      confirmationPath('accepted');
      open = true;
      idle = prng.between(25, 60);
      break;
    case 'confirmed':
      agreed();
      confirmationPath('confirmed');
      open = true;
      break;
    case 'refused':
      agreed();
      confirmationPath(prng.chance(0.5) ? 'refused' : 'not-accepted');
      open = true;
      break;
    case 'overdue': {
      // left at a step past its due moment; the county center follows some of them up
      const at = index % 3;
      if (at >= 1) assess();
      if (at >= 2) {
        route();
        sessions(1);
      }
      open = true;
      idle = at === 2 ? handlingDays + prng.between(8, 30) : prng.between(8, 30);
      if (index % 2 === 0) {
        plan.push([idle - 3, overseer, { verb: 'follow-up', note: '该纠纷已超期，请加快办理并报告进展' }]);
        idle = 3;
      }
      break;
    }
    case 'reopened':
    case 'reopened-by-hand':
      resolvedEnding(false);
      if (shape === 'reopened') {
        open = false;
        // taken in again within the reopen window: a new dispute linked to the resolved one, still open
        again = { at: 0, by: holder, channel: 'walk-in', summary: `${summary}（协议履行后再次发生）` };
      } else {
        plan.push([prng.between(10, 40), handling, { verb: 'reopen', note: '当事人反映协议未履行，重新受理' }]);
        open = true;
        idle = prng.between(0.2, 1);
      }
      break;
    default: {
      const never: never = shape;
      throw new Error(`unknown dispute shape ${String(never)}`);
    }
  }
  if (shape === 'reopened') {
    // closed 20-80 days ago, taken in again a day or so before now
    const closedDaysAgo = prng.between(20, 80);
    const moments = layout(ctx, plan.map((p) => p[0]), true, closedDaysAgo);
    again!.at = ctx.now - prng.between(0.1, 1.2) * DAY;
    return story(moments, again);
  }
  return story(layout(ctx, plan.map((p) => p[0]), open, idle), undefined);

  function story(moments: number[], againStep: DisputeStory['again']): DisputeStory {
    return {
      kind: 'dispute',
      shape,
      place,
      intake: {
        at: moments[0]!, by: intakeBy, channel, type, amount, summary, parties: parties(ctx, place, type),
        ...(channel === 'import' ? { importKey: `demo-${ctx.seed}-${index}` } : {}),
      },
      steps: plan.map(([, by, step], i) => ({ at: moments[i + 1]!, by, step })),
      ...(againStep ? { again: againStep } : {}),
    };
  }
}

// --- petitions -------------------------------------------------------------------------------------------------

function ordinaryPetitionShape(prng: Prng): string {
  return prng.weighted([
    { weight: 30, s: 'final-concluded' }, { weight: 6, s: 'final-rereview' }, { weight: 8, s: 'not-accepted' }, { weight: 3, s: 'received' },
    { weight: 4, s: 'routed' }, { weight: 6, s: 'accepted' }, { weight: 2, s: 'extended' }, { weight: 1.5, s: 'objected' }, { weight: 3, s: 'opinion-issued' },
    { weight: 1.5, s: 'review-requested' }, { weight: 1.5, s: 'review-answered' }, { weight: 1, s: 'rereview-requested' }, { weight: 3, s: 'in-legal-procedure' },
  ]).s;
}

const PETITION_SUBJECTS: { subject: string; respondent: (county: string) => string; agency: string }[] = [
  { subject: '反映征地补偿标准过低', respondent: (c) => `${c}人民政府`, agency: 'governance-center' },
  { subject: '反映工程款被拖欠', respondent: () => '某建筑公司', agency: 'justice-bureau' },
  { subject: '反映邻里纠纷调解不公', respondent: (c) => `${c}人民调解委员会`, agency: 'justice-bureau' },
  { subject: '反映派出所出警不及时', respondent: (c) => `${c}公安局`, agency: 'police' },
  { subject: '反映社区矫正对象管理问题', respondent: (c) => `${c}司法局`, agency: 'justice-bureau' },
  { subject: '反映养殖场污染问题', respondent: () => '某养殖专业合作社', agency: 'governance-center' },
  { subject: '反映低保资格认定问题', respondent: (c) => `${c}民政局`, agency: 'governance-center' },
];

const LAW_SUBJECTS: { subject: string; respondent: (county: string) => string; legalRoute: string }[] = [
  { subject: '对刑事判决不服，请求重新审理', respondent: (c) => `${c}人民法院`, legalRoute: 'complaint' },
  { subject: '认为案件处理不公，申请再审', respondent: (c) => `${c}人民法院`, legalRoute: 'retrial-application' },
  { subject: '被错误羁押，请求国家赔偿', respondent: (c) => `${c}公安局`, legalRoute: 'state-compensation' },
  { subject: '反映案件久拖不决', respondent: (c) => `${c}人民检察院`, legalRoute: 'case-procedure' },
];

function petitioner(ctx: Ctx, county: string) {
  const { prng } = ctx;
  const idNumber = prng.chance(0.6) ? makeResidentId(county, prng, { bornFrom: Date.UTC(1945, 0, 1), bornTo: Date.UTC(2000, 11, 31) }) : null;
  return { name: makePersonName(prng), phone: prng.chance(0.9) || idNumber === null ? makeMobile(prng) : null, idNumber };
}

function petitionStory(ctx: Ctx, place: Place, shape: string): PetitionStory {
  const { prng } = ctx;
  const county = place.county;
  const cname = ctx.countyName.get(county) ?? county;
  const office = `petition-office-${county}-handler`;
  const law = shape === 'in-legal-procedure';
  const topic = law ? prng.pick(LAW_SUBJECTS) : prng.pick(PETITION_SUBJECTS);
  const agency = 'agency' in topic ? topic.agency : 'justice-bureau';
  const handler = `${agency}-${county}`;
  const review = `${agency}-${place.city}`;
  const rereview = `${agency}-990000`;
  const who = petitioner(ctx, county);
  const channel = prng.pick(ctx.geo.petitionChannels.filter((c) => c !== 'referral'));
  const base = (lawRelated: boolean): Omit<OnePetition, 'at' | 'steps'> => ({
    office, channel, petitioner: who, respondent: topic.respondent(cname), subject: topic.subject, lawRelated,
    content: `${topic.subject}。信访人称多次反映未果，请求有关部门依法处理。`, regionCode: place.township,
  });
  const opinion = (): PetitionVerb & { verb: 'issue-opinion' } => ({
    verb: 'issue-opinion', outcome: prng.pick(['supported', 'explained', 'not-supported'] as const), opinion: prng.pick(['经调查核实，诉求合理部分予以支持，已督促落实', '经调查，相关处理符合政策规定，已向信访人解释说明', '经核查，诉求缺乏事实依据，不予支持']),
  });
  const steps: [number, string, PetitionVerb][] = [];
  const route = () => steps.push([prng.between(1, 10), office, { verb: 'route', to: handler }]);
  const accept = () => steps.push([prng.between(1, 10), `${handler}-handler`, { verb: 'accept' }]);
  const handle = () => steps.push([prng.between(10, 50), `${handler}-handler`, opinion()]);
  const handled = () => {
    route();
    accept();
    handle();
  };
  const requestReview = () => steps.push([prng.between(3, 25), office, { verb: 'request-review', to: review }]);
  const answerReview = () => steps.push([prng.between(5, 25), `${review}-handler`, { ...opinion(), verb: 'answer-review' }]);
  let open = true;
  let idle = prng.between(0.5, 8);
  const petitions: OnePetition[] = [];
  switch (shape) {
    case 'received':
      idle = prng.between(0.5, 10);
      break;
    case 'routed':
      route();
      break;
    case 'accepted':
      route();
      accept();
      idle = prng.between(1, 40);
      break;
    case 'extended':
      route();
      accept();
      steps.push([prng.between(40, 55), `${handler}-handler`, { verb: 'extend', reason: '涉及多个部门，情况复杂，需延长办理期限' }]);
      idle = prng.between(1, 20);
      break;
    case 'objected':
      route();
      steps.push([prng.between(1, 4), `${handler}-handler`, { verb: 'object', reason: '该事项不属于本机关职权范围' }]);
      idle = prng.between(0.5, 5);
      break;
    case 'not-accepted':
      route();
      steps.push([prng.between(1, 10), `${handler}-handler`, { verb: 'refuse', reason: '该事项已经依法处理终结，不予受理' }]);
      open = false;
      break;
    case 'opinion-issued':
      handled();
      idle = prng.between(1, 20);
      break;
    case 'review-requested':
      handled();
      requestReview();
      idle = prng.between(1, 20);
      break;
    case 'review-answered':
      handled();
      requestReview();
      answerReview();
      idle = prng.between(1, 20);
      break;
    case 'rereview-requested':
    case 'final-rereview':
      handled();
      requestReview();
      answerReview();
      steps.push([prng.between(3, 25), office, { verb: 'request-rereview', to: rereview }]);
      if (shape === 'final-rereview') {
        steps.push([prng.between(5, 25), `${rereview}-handler`, { ...opinion(), verb: 'answer-rereview' }]);
        open = false;
      } else idle = prng.between(1, 20);
      break;
    case 'final-concluded':
      route();
      accept();
      if (prng.chance(0.15)) steps.push([prng.between(40, 55), `${handler}-handler`, { verb: 'extend', reason: '情况复杂，延长办理期限三十日' }]);
      handle();
      if (prng.chance(0.2)) {
        requestReview();
        answerReview();
      }
      steps.push([prng.between(30, 32), office, { verb: 'conclude', note: '信访人在规定期限内未请求复查（复核），办结' }]);
      open = false;
      break;
    case 'in-legal-procedure':
      if (prng.chance(0.5)) route();
      steps.push([prng.between(1, 8), office, { verb: 'route-legal', legalRoute: (topic as { legalRoute: string }).legalRoute, note: '涉法涉诉信访事项，导入法律程序办理' }]);
      open = false;
      break;
    case 'overdue-route':
      // not routed within the 15 days of 信访工作条例 22
      idle = prng.between(18, 40);
      break;
    case 'overdue-accept':
      route();
      idle = prng.between(18, 40);
      break;
    case 'overdue-handle':
      route();
      accept();
      idle = prng.between(65, 85);
      break;
    case 'overdue-review':
      handled();
      requestReview();
      idle = prng.between(35, 50);
      break;
    case 'unresolved-matter':
    case 'repeat-answered': {
      // the same petitioner, body and matter, again and again
      const times = prng.int(3, 4);
      const gaps = Array.from({ length: times }, () => prng.between(15, 60));
      let ago = gaps.reduce((a, b) => a + b, 0) + prng.between(1, 5);
      for (let i = 0; i < times; i++) {
        const at = ctx.now - ago * DAY;
        const last = i === times - 1;
        const mine: PetitionStep[] = [];
        if (shape === 'unresolved-matter') {
          if (!last || prng.chance(0.5)) mine.push({ at: at + prng.between(1, 5) * DAY, by: office, step: { verb: 'route', to: handler } });
          if (!last) mine.push({ at: at + prng.between(6, 12) * DAY, by: `${handler}-handler`, step: { verb: 'refuse', reason: '该事项正在办理中，不予重复受理' } });
        } else {
          mine.push({ at: at + prng.between(1, 4) * DAY, by: office, step: { verb: 'route', to: handler } });
          if (!last) {
            mine.push({ at: at + prng.between(5, 8) * DAY, by: `${handler}-handler`, step: { verb: 'accept' } });
            mine.push({ at: at + prng.between(9, 14) * DAY, by: `${handler}-handler`, step: opinion() });
          }
        }
        petitions.push({ ...base(false), at, steps: mine.filter((s) => s.at < ctx.now - 0.05 * DAY) });
        ago -= gaps[i]!;
      }
      return { kind: 'petition', shape, place, petitions };
    }
    default:
      throw new Error(`unknown petition shape ${shape}`);
  }
  const moments = layout(ctx, steps.map((s) => s[0]), open, idle);
  petitions.push({ ...base(law), at: moments[0]!, steps: steps.map(([, by, step], i) => ({ at: moments[i + 1]!, by, step })) });
  return { kind: 'petition', shape, place, petitions };
}

// --- grid events -----------------------------------------------------------------------------------------------

function ordinaryGridShape(prng: Prng): string {
  return prng.weighted([
    { weight: 45, s: 'rated' }, { weight: 20, s: 'closed' }, { weight: 4, s: 'reported' }, { weight: 4, s: 'accepted' }, { weight: 3, s: 'escalated' },
    { weight: 5, s: 'handling' }, { weight: 4, s: 'handled' }, { weight: 3, s: 'verified' },
  ]).s;
}

const GRID_TEXT: Record<string, { text: string[]; place: string[] }> = {
  'road-facilities': { text: ['路灯损坏多日未修', '人行道地砖松动塌陷', '下水道井盖缺失'], place: ['村口主路', '中心街', '学校门口'] },
  'environment-sanitation': { text: ['垃圾堆放未及时清运', '河道漂浮垃圾'], place: ['农贸市场旁', '村东河道'] },
  'safety-hazard': { text: ['广告牌松动有坠落危险', '废弃厂房围墙开裂'], place: ['商业街', '老厂区'] },
  'fire-hazard': { text: ['楼道堆放杂物堵塞消防通道', '电动车在楼道内充电'], place: ['居民小区3号楼', '老旧小区'] },
  'neighbourhood-dispute-lead': { text: ['两户因占道堆放柴草发生争吵'], place: ['村西组'] },
  'public-order': { text: ['夜间有人聚集喧哗'], place: ['夜市街口'] },
  'traffic-order': { text: ['货车乱停占用消防车道'], place: ['工业园区路口'] },
  'illegal-construction': { text: ['村民未经审批加盖房屋'], place: ['村北组'] },
  pollution: { text: ['小作坊排放刺鼻废气', '污水直排入河'], place: ['城郊结合部', '河边'] },
  'food-drug-safety': { text: ['无证流动摊贩售卖熟食'], place: ['学校周边'] },
  'housing-safety': { text: ['老旧房屋墙体出现裂缝'], place: ['老街'] },
  utilities: { text: ['自来水管破裂漏水', '片区停电未恢复'], place: ['居民区', '村委会旁'] },
  'wage-arrears-lead': { text: ['工地务工人员反映工资未发'], place: ['在建工地'] },
  'natural-hazard': { text: ['山坡出现裂缝有滑坡迹象', '雨后河堤渗水'], place: ['后山', '河堤'] },
  other: { text: ['其他需协调处理的事项'], place: ['社区'] },
};

function gridStory(ctx: Ctx, place: Place, shape: string, index: number): GridStory {
  const { prng } = ctx;
  const town = `governance-center-${place.township}`;
  const worker = `${town}-grid-worker`;
  const townHandler = `${town}-handler`;
  const countyHandler = `governance-center-${place.county}-handler`;
  const category = prng.pick(ctx.geo.gridCategories);
  const text = GRID_TEXT[category] ?? GRID_TEXT.other!;
  const citizen = prng.chance(0.25);
  const escalate = prng.chance(0.3);
  const department = prng.pick([`police-${place.county}`, `justice-bureau-${place.county}`, `mediation-committee-${place.county}`]);
  const departmentUser = department.startsWith('mediation-committee') ? `${department}-mediator` : `${department}-handler`;
  const order = ['reported', 'accepted', 'escalated', 'handling', 'handled', 'verified', 'closed', 'rated'];
  const reach = order.indexOf(shape);
  const steps: [number, string, GridVerb][] = [];
  const photo = !citizen && index % 18 === 0;
  if (photo) steps.push([0.01, worker, { verb: 'photo', name: `现场照片-${index + 1}.png`, seed: index }]);
  if (reach >= 1) steps.push([prng.between(0.05, 0.8), townHandler, { verb: 'accept' }]);
  const goesUp = escalate || shape === 'escalated';
  if (reach >= 2 && goesUp) {
    steps.push([prng.between(0.2, 3), townHandler, { verb: 'escalate', note: '涉及多个部门，需县级中心协调' }]);
    if (reach >= 3) steps.push([prng.between(0.2, 1.5), countyHandler, { verb: 'assign', unit: department }]);
  } else if (reach >= 3) steps.push([prng.between(0.1, 2), townHandler, { verb: 'handle-locally', note: '由乡镇综治中心协调处置' }]);
  const responsible = goesUp ? departmentUser : townHandler;
  if (reach >= 4) {
    steps.push([prng.between(0.5, goesUp ? 8 : 4), responsible, { verb: 'record-handling', note: prng.pick(['已现场处置完毕', '已协调有关单位修复', '已清理完毕并加强巡查']) }]);
    if (reach >= 5 && prng.chance(0.08)) {
      steps.push([prng.between(0.3, 2), worker, { verb: 'verify', ok: false, note: '现场核查问题仍存在' }]);
      steps.push([prng.between(0.5, 3), responsible, { verb: 'record-handling', note: '已再次处置，问题解决' }]);
    }
  }
  if (reach >= 5) steps.push([prng.between(0.2, 2), worker, { verb: 'verify', ok: true, note: '现场核查，已处置到位' }]);
  if (reach >= 6) steps.push([prng.between(0.1, 1), townHandler, { verb: 'close' }]);
  if (reach >= 7) steps.push([prng.between(0.1, 3), worker, { verb: 'rate', rating: prng.weighted([{ weight: 6, r: 5 }, { weight: 3, r: 4 }, { weight: 1, r: 3 }, { weight: 0.3, r: 2 }]).r }]);
  const open = reach < 6;
  const moments = layout(ctx, steps.map((s) => s[0]), open, open ? prng.between(0.05, 0.7) : 0);
  // a point near the township's made-up position on the demo's map, for most events
  const lat = 30 + (Number(place.township.slice(2, 6)) % 97) / 50 + prng.between(0, 0.02);
  const lon = 110 + (Number(place.township.slice(4, 9)) % 89) / 40 + prng.between(0, 0.02);
  const located = prng.chance(0.7);
  const where = `${ctx.townshipName.get(place.township) ?? ''}${prng.pick(text.place)}`;
  return {
    kind: 'grid-event',
    shape,
    place,
    at: moments[0]!,
    reporter: citizen ? { citizen: makeMobile(prng) } : { worker },
    category,
    description: prng.pick(text.text),
    address: where,
    latitude: located ? Math.round(lat * 1e6) / 1e6 : null,
    longitude: located ? Math.round(lon * 1e6) / 1e6 : null,
    steps: steps.map(([, by, step], i) => ({ at: moments[i + 1]!, by, step })),
  };
}
