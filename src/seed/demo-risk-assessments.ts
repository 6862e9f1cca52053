/**
 * The demo province's stability risk assessments of major decisions (issue 7 part 4): about two dozen decisions
 * over its cities and counties, registered by their governance centers (the owner body running the assessment on
 * behalf of the city or county government, named as the decision-making body), each played through the services
 * to one of the flow's states — registered, assessing, rated, implementing, reviewed, not proceeding, and a
 * high-rated decision adjusted and assessed again — every step at its own moment before `now`. Nothing here
 * writes a row itself: each step is the service's transaction with its timeline entry and audit record. The same
 * seed gives the same assessments.
 */
import type { AppDeps } from '../app-deps.ts';
import { cstDayOf, isoDate } from '../engine/clock/civil-date.ts';
import type { RiskAssessmentState } from '../engine/risk-assessments/assessment-flow.ts';
import { activePrincipals } from '../modules/auth/auth.repository.ts';
import type { RequestContext } from '../modules/auth/principal.ts';
import {
  addMitigation, addOpinion, completeRiskMitigation, editRisk, getAssessment, listRisk, planAssessment, rateRiskAssessment, recordDecision, registerAssessment, reviewAssessment,
} from '../modules/risk-assessments/risk-assessments.service.ts';
import { createPrng } from '../shared/prng.ts';
import { DEMO_CLIENT } from './seed-demo-cases.ts';

export interface DemoRiskAssessmentOptions {
  seed: number;
  /** The demo's "now": every step lies before it. */
  now: Date;
  /** How many assessments (default 24). */
  count?: number;
}

export interface DemoRiskAssessmentResult {
  assessments: number;
  byState: Partial<Record<RiskAssessmentState, number>>;
  steps: number;
}

const DECISIONS: readonly { title: string; summary: string; people: [number, number] }[] = [
  { title: '老城区棚户区改造房屋征收补偿方案', summary: '对老城区约 40 公顷棚户区实施征收改造，货币补偿与产权调换相结合。', people: [800, 3000] },
  { title: '生活垃圾焚烧发电项目选址', summary: '新建日处理 1200 吨生活垃圾焚烧发电厂，拟选址于城郊工业集中区。', people: [5000, 20000] },
  { title: '城乡公交线路调整与票价改革', summary: '整合城乡公交线路 23 条，实行阶梯票价。', people: [20000, 80000] },
  { title: '义务教育学区划分调整', summary: '调整城区 12 所小学、6 所初中的招生片区。', people: [3000, 12000] },
  { title: '高速公路建设项目征地拆迁', summary: '过境高速公路建设征收集体土地约 300 公顷，涉及 5 个乡镇。', people: [1500, 6000] },
  { title: '居民生活用水价格调整', summary: '实行居民阶梯水价，第一阶梯价格上调。', people: [50000, 200000] },
  { title: '化工园区扩区规划', summary: '化工园区向北扩区 2.5 平方公里，引进精细化工项目。', people: [2000, 9000] },
  { title: '县人民医院整体搬迁', summary: '县人民医院整体迁建至新城区，原址改作社区医院。', people: [10000, 40000] },
  { title: '城中村拆迁安置实施方案', summary: '对 3 个城中村实施整村拆迁，就近建设安置小区。', people: [1200, 5000] },
  { title: '殡葬改革推行火葬实施方案', summary: '全域推行火葬，规范散埋乱葬整治。', people: [30000, 100000] },
  { title: '国有企业改制职工安置方案', summary: '市属国有企业改制，分流安置在岗职工与退休人员。', people: [600, 2500] },
  { title: '农贸市场关停迁建', summary: '关停中心城区两处农贸市场，迁建至新建综合市场。', people: [400, 1800] },
];

const RISKS: readonly { title: string; mitigation: string }[] = [
  { title: '群众对补偿标准不满引发集体上访', mitigation: '公开补偿标准与测算依据，逐户入户解释，设立咨询点' },
  { title: '施工噪声、扬尘扰民', mitigation: '限定施工时段，落实扬尘治理措施并公开投诉电话' },
  { title: '网络舆情炒作', mitigation: '建立舆情监测与回应机制，及时发布权威信息' },
  { title: '安置房建设交付延期', mitigation: '先建后拆，安置房建设纳入重点工程督办' },
  { title: '周边居民邻避情绪引发聚集', mitigation: '组织群众代表参观同类项目，开展环境影响信息公开' },
  { title: '特殊困难群体生活保障不足', mitigation: '对低保、残疾等困难家庭给予专项救助' },
  { title: '利益诉求相互攀比', mitigation: '统一政策口径，做到一把尺子量到底' },
];

/** The state each story ends in, and the ratings that take it there. */
type Shape = 'registered' | 'assessing' | 'rated-medium' | 'implementing-low' | 'implementing-medium' | 'reviewed-medium' | 'not-proceeding-high' | 'reassessed-implementing';
const SHAPES: readonly Shape[] = ['registered', 'assessing', 'rated-medium', 'implementing-low', 'implementing-medium', 'reviewed-medium', 'not-proceeding-high', 'reassessed-implementing'];

const RISKS_FOR: Record<'low' | 'medium' | 'high', [number, number][]> = {
  low: [[2, 2], [1, 3]],
  medium: [[3, 3], [2, 2]],
  high: [[4, 5], [3, 3]],
};

const DAY = 86_400_000;

/** Plays the demo's assessments through the services, in a database holding the demo province. */
export async function seedDemoRiskAssessments(deps: AppDeps, opts: DemoRiskAssessmentOptions): Promise<DemoRiskAssessmentResult> {
  const prng = createPrng(opts.seed ^ 0x5eed_7a55);
  const count = opts.count ?? 24;
  const principals = await activePrincipals(deps.db, DEMO_CLIENT);
  const places = await deps.db.query<{ code: string; name: string; level: string; unit_code: string }>(
    `SELECT r.code, r.name, r.level, u.code AS unit_code FROM region r JOIN unit u ON u.region_code = r.code AND u.agency = 'governance-center'
      WHERE r.level IN ('city', 'county') ORDER BY r.code`,
  );
  if (places.length === 0) throw new Error('demo risk assessments: no city or county governance centers (is the demo province loaded?)');
  const units = await deps.db.query<{ id: string; code: string; region_code: string }>("SELECT id, code, region_code FROM unit WHERE agency IN ('police', 'justice-bureau', 'governance-center')");
  const result: DemoRiskAssessmentResult = { assessments: 0, byState: {}, steps: 0 };
  const nowMs = opts.now.getTime();

  for (let i = 0; i < count; i++) {
    const shape = SHAPES[i % SHAPES.length]!;
    const place = places[prng.int(0, places.length - 1)]!;
    const username = `${place.unit_code}-${prng.chance(0.5) ? 'handler' : 'unit-head'}`;
    const principal = principals.get(username);
    if (!principal) throw new Error(`demo risk assessments: no active account ${username}`);
    const ctx: RequestContext = { principal, clientAddress: DEMO_CLIENT };
    const decision = DECISIONS[prng.int(0, DECISIONS.length - 1)]!;
    // from about 7 months back to about 3 months back, one step every 2 to 5 days
    let t = nowMs - (210 - Math.floor((i * 120) / count)) * DAY + prng.int(0, 20) * 3_600_000;
    const at = () => {
      t += prng.int(2, 5) * DAY;
      if (t >= nowMs) throw new Error('demo risk assessments: a step would fall after now');
      result.steps++;
      return { ...deps, now: () => new Date(t) };
    };
    const today = (d: AppDeps, plusDays: number) => isoDate(cstDayOf(d.now().getTime()) + plusDays);
    const government = `${place.name}人民政府`;

    let d = at();
    const { id } = await registerAssessment(d, ctx, {
      title: `${place.name}${decision.title}`, summary: decision.summary, decisionBody: government, regionCode: place.code,
      peopleAffected: prng.int(decision.people[0], decision.people[1]),
    });
    result.assessments++;
    const end = (state: RiskAssessmentState) => {
      result.byState[state] = (result.byState[state] ?? 0) + 1;
    };
    if (shape === 'registered') {
      end('registered');
      continue;
    }
    d = at();
    await planAssessment(d, ctx, id, { plan: '采取问卷调查、座谈走访、听证和专家论证相结合的方式，全面收集利益相关方意见。', dueOn: today(d, 45) });
    const rating = shape === 'implementing-low' ? 'low' : shape === 'not-proceeding-high' || shape === 'reassessed-implementing' ? 'high' : 'medium';
    d = at();
    const participants = prng.int(80, 400);
    await addOpinion(d, ctx, id, {
      kind: 'public-comment', heldOn: today(d, -1), summary: '公开征求意见，群众主要关注补偿安置与施工影响。', participants,
      countFor: Math.floor(participants * 0.6), countAgainst: Math.floor(participants * (rating === 'low' ? 0.05 : 0.12)),
    });
    if (prng.chance(0.6)) {
      d = at();
      await addOpinion(d, ctx, id, { kind: 'expert-review', heldOn: today(d, -1), summary: '专家论证认为方案总体可行，须细化风险防范措施。', participants: 7, countFor: 6, countAgainst: 1 });
    }
    const riskIds: string[] = [];
    const first = prng.int(0, RISKS.length - 1);
    const riskPicks = [RISKS[first]!, RISKS[(first + prng.int(1, RISKS.length - 1)) % RISKS.length]!];
    for (const [k, [likelihood, impact]] of RISKS_FOR[rating].entries()) {
      d = at();
      const page = await listRisk(d, ctx, id, { title: riskPicks[k]!.title, likelihood, impact, mitigation: riskPicks[k]!.mitigation });
      riskIds.push(page.risks.at(-1)!.id);
    }
    if (shape === 'assessing') {
      end('assessing');
      continue;
    }
    const nearby = units.filter((u) => u.region_code === place.code);
    const mitigate = async () => {
      for (const [k, riskId] of riskIds.entries()) {
        d = at();
        await addMitigation(d, ctx, id, { riskItemId: riskId, action: riskPicks[k]!.mitigation, responsibleUnitId: prng.pick(nearby.length > 0 ? nearby : units).id, dueOn: today(d, 30) });
      }
    };
    if (rating === 'medium') await mitigate();
    d = at();
    await rateRiskAssessment(d, ctx, id);
    if (shape === 'rated-medium') {
      end('rated');
      continue;
    }
    if (shape === 'not-proceeding-high') {
      d = at();
      await recordDecision(d, ctx, id, { decision: 'not-proceed', note: '评估为高风险，决策机关决定暂缓实施。' });
      end('not-proceeding');
      continue;
    }
    if (shape === 'reassessed-implementing') {
      d = at();
      await recordDecision(d, ctx, id, { decision: 'proceed-after-adjustment', note: '调整补偿标准与实施步骤后重新评估。' });
      d = at();
      await editRisk(d, ctx, id, riskIds[0]!, { title: riskPicks[0]!.title, likelihood: 2, impact: 3, mitigation: riskPicks[0]!.mitigation });
      d = at();
      await editRisk(d, ctx, id, riskIds[1]!, { title: riskPicks[1]!.title, likelihood: 2, impact: 2, mitigation: riskPicks[1]!.mitigation });
      d = at();
      await rateRiskAssessment(d, ctx, id, { note: '调整后重新评估' });
    }
    d = at();
    await recordDecision(d, ctx, id, { decision: rating === 'medium' ? 'proceed-after-mitigation' : 'proceed' });
    if (rating !== 'medium') await mitigate();
    const mitigations = (await getAssessment(d, ctx, id)).mitigations;
    const done = shape === 'reviewed-medium' ? mitigations.length : prng.int(0, 1);
    for (const m of mitigations.slice(0, done)) {
      d = at();
      await completeRiskMitigation(d, ctx, id, m.id, { note: '已按期落实' });
    }
    if (shape === 'reviewed-medium') {
      d = at();
      await reviewAssessment(d, ctx, id, { note: '决策实施平稳，未发生群体性事件，防范措施全部落实。' });
      end('reviewed');
      continue;
    }
    end('implementing');
  }
  return result;
}
