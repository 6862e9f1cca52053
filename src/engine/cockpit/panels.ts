/**
 * The cockpit's panels (驾驶舱, issue 7 part 1) from the counts the database keeps (cockpit_count, migration
 * 0018): pure shaping — which counts make which figure, rates, the twelve-month window, the link behind every
 * figure. The panels' names and definitions, and the few numbers used, are data (rules/cockpit.yaml).
 *
 * A panel is a handful of figures (one number each, a rate with its numerator and denominator) and series for the
 * charts (points with a key, a label, a value and the link to the list behind them). Every link opens
 * /cockpit/list with the selection of the rows counted (src/modules/cockpit lists exactly those rows).
 */
import { type Fail, bilingual, list, positiveInt, record, text } from '../rules-data.ts';

export interface Bilingual {
  zh: string;
  en: string;
}

export const PANEL_IDS = ['cases', 'clocks', 'warnings', 'supervision', 'collaboration', 'governance', 'trends', 'regions', 'risk'] as const;
export type PanelId = (typeof PANEL_IDS)[number];

export interface PanelDefinition {
  id: PanelId;
  name: Bilingual;
  definition: Bilingual;
}

export interface CockpitRules {
  trendMonths: number;
  dueSoonDays: number;
  topN: number;
  panels: Map<PanelId, PanelDefinition>;
}

/** Parses rules/cockpit.yaml; every panel the cockpit draws must be defined, once. */
export function parseCockpitRules(raw: unknown, fail: Fail): CockpitRules {
  const root = record(raw, '(root)', ['trendMonths', 'dueSoonDays', 'topN', 'panels'], fail);
  const panels = new Map<PanelId, PanelDefinition>();
  list(root.panels, 'panels', fail).forEach((p, i) => {
    const at = `panels[${i}]`;
    const r = record(p, at, ['id', 'name', 'definition'], fail);
    const id = text(r.id, `${at}.id`, fail);
    if (!(PANEL_IDS as readonly string[]).includes(id)) fail(`${at}.id`, `unknown panel "${id}" (one of ${PANEL_IDS.join(', ')})`);
    if (panels.has(id as PanelId)) fail(`${at}.id`, `panel "${id}" defined twice`);
    panels.set(id as PanelId, { id: id as PanelId, name: bilingual(r.name, `${at}.name`, fail), definition: bilingual(r.definition, `${at}.definition`, fail) });
  });
  for (const id of PANEL_IDS) if (!panels.has(id)) fail('panels', `panel "${id}" is not defined`);
  const trendMonths = positiveInt(root.trendMonths, 'trendMonths', fail);
  if (trendMonths > 60) fail('trendMonths', 'at most 60');
  return { trendMonths, dueSoonDays: positiveInt(root.dueSoonDays, 'dueSoonDays', fail), topN: positiveInt(root.topN, 'topN', fail), panels };
}

export interface Point {
  key: string;
  label: Bilingual;
  value: number | null;
  /** the series' sub-group (a stacked bar's agency), when it has one */
  group?: string;
  link: string | null;
}

export interface Series {
  id: string;
  name: Bilingual;
  chart: 'bar' | 'stacked-bar' | 'line' | 'pie' | 'treemap';
  points: Point[];
}

export interface Figure {
  id: string;
  name: Bilingual;
  kind: 'count' | 'rate';
  value: number | null;
  numerator?: number;
  denominator?: number;
  link: string | null;
}

export interface Panel {
  id: PanelId;
  name: Bilingual;
  definition: Bilingual;
  figures: Figure[];
  series: Series[];
}

/** A count of the database's cockpit_count summed over a region's units: by key, agency and child region. */
export interface CountRow {
  figure: string;
  key: string;
  agency: string;
  /** the child region the unit lies in, or null for the region's own units */
  child: string | null;
  n: number;
}

/** A region directly below the one shown (or null: the shown region's own units). */
export interface ChildRegion {
  code: string;
  name: string;
  nameEn: string;
}

/** Names of what the counts are keyed by, from the rules (stages, agencies, models, states). */
export interface Labels {
  stage(id: string): Bilingual;
  agency(id: string): Bilingual;
  model(id: string): Bilingual;
  supervisionState(id: string): Bilingual;
  disputeState(id: string): Bilingual;
  petitionState(id: string): Bilingual;
}

export interface PanelContext {
  /** the region shown */
  region: string;
  children: readonly ChildRegion[];
  /** today, YYYY-MM-DD in China Standard Time */
  today: string;
  rules: CockpitRules;
  labels: Labels;
}

/** The list behind a figure: /cockpit/list with its selection (empty values left out). */
export function listLink(kind: string, region: string, selection: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams({ kind, region });
  for (const [k, v] of Object.entries(selection)) if (v !== undefined && v !== '') params.set(k, v);
  return `/cockpit/list?${params.toString()}`;
}

/** The last `months` calendar months ending with today's, oldest first (YYYY-MM). */
export function monthWindow(today: string, months: number): string[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const out: string[] = [];
  for (let i = months - 1; i >= 0; i--) {
    const m = year * 12 + (month - 1) - i;
    out.push(`${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** The day `days` after a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const sum = (rows: readonly CountRow[]): number => rows.reduce((s, r) => s + r.n, 0);
const rate = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);
const of = (rows: readonly CountRow[], figure: string) => rows.filter((r) => r.figure === figure);

/** Sums rows into an ordered map by a key function. */
function groupSum<K>(rows: readonly CountRow[], keyOf: (r: CountRow) => K): Map<K, number> {
  const out = new Map<K, number>();
  for (const r of rows) out.set(keyOf(r), (out.get(keyOf(r)) ?? 0) + r.n);
  return out;
}

const OWN: Bilingual = { zh: '本级', en: 'Own level' };

/** The child regions (those with counts, or all) plus the region's own units when they have counts. */
function childLabel(ctx: PanelContext, child: string | null): Bilingual {
  if (child === null) return OWN;
  const c = ctx.children.find((x) => x.code === child);
  return c ? { zh: c.name, en: c.nameEn } : { zh: child, en: child };
}

function defined(ctx: PanelContext, id: PanelId): Pick<Panel, 'id' | 'name' | 'definition'> {
  const d = ctx.rules.panels.get(id);
  if (!d) throw new Error(`cockpit panel ${id} has no definition`);
  return { id, name: d.name, definition: d.definition };
}

/** Open cases by stage and agency ('case.open'), stacked by agency. */
export function casesPanel(rows: readonly CountRow[], ctx: PanelContext): Panel {
  const open = of(rows, 'case.open');
  const byStageAgency = groupSum(open, (r) => `${r.key}\u0000${r.agency}`);
  const byAgency = groupSum(open, (r) => r.agency);
  const points: Point[] = [...byStageAgency].map(([k, n]) => {
    const [stage, agency] = k.split('\u0000') as [string, string];
    return { key: stage, label: ctx.labels.stage(stage), group: agency, value: n, link: listLink('case', ctx.region, { stage, agency }) };
  });
  return {
    ...defined(ctx, 'cases'),
    figures: [
      { id: 'open', name: { zh: '在办案件', en: 'Open cases' }, kind: 'count', value: sum(open), link: listLink('case', ctx.region) },
      ...[...byAgency].map(([agency, n]): Figure => ({ id: `open.${agency}`, name: ctx.labels.agency(agency), kind: 'count', value: n, link: listLink('case', ctx.region, { agency }) })),
    ],
    series: [{ id: 'by-stage', name: { zh: '按阶段和机关', en: 'By stage and agency' }, chart: 'stacked-bar', points }],
  };
}

/** A running clock's count bucket, from its 'clock.due' key ("custody|YYYY-MM-DD") and today. */
export interface ClockBucketRow {
  child: string | null;
  custody: boolean;
  /** overdue: due on an earlier day; today: due today; soon: due within the due-soon window after today; later */
  bucket: 'overdue' | 'today' | 'soon' | 'later';
  n: number;
}

/** Puts a 'clock.due' key in its bucket (the SQL does the same with the same bounds: repository clockBuckets). */
export function clockBucket(key: string, today: string, dueSoonDays: number): { custody: boolean; bucket: ClockBucketRow['bucket'] } {
  const [flag, day = ''] = key.split('|');
  const custody = flag === 'custody';
  if (day < today) return { custody, bucket: 'overdue' };
  if (day === today) return { custody, bucket: 'today' };
  return { custody, bucket: day < addDays(today, dueSoonDays) ? 'soon' : 'later' };
}

/**
 * Running clocks, overdue and due soon, in custody or not, by child region. Clocks due today count as overdue
 * once their due moment has passed (`overdueToday`, counted from the clocks themselves), else as due soon.
 */
export function clocksPanel(buckets: readonly ClockBucketRow[], overdueToday: readonly { child: string | null; custody: boolean; n: number }[], ctx: PanelContext): Panel {
  const running = buckets.reduce((s, b) => s + b.n, 0);
  const todayTotal = (pred: (r: { custody: boolean }) => boolean) => buckets.filter((b) => b.bucket === 'today' && pred(b)).reduce((s, b) => s + b.n, 0);
  const passedToday = (pred: (r: { custody: boolean }) => boolean) => overdueToday.filter(pred).reduce((s, r) => s + r.n, 0);
  const count = (bucket: ClockBucketRow['bucket'], pred: (r: { custody: boolean }) => boolean) => buckets.filter((b) => b.bucket === bucket && pred(b)).reduce((s, b) => s + b.n, 0);
  const any = () => true;
  const held = (r: { custody: boolean }) => r.custody;
  const overdue = count('overdue', any) + passedToday(any);
  const soon = count('soon', any) + todayTotal(any) - passedToday(any);
  const custodyRunning = buckets.filter(held).reduce((s, b) => s + b.n, 0);
  const custodyOverdue = count('overdue', held) + passedToday(held);
  const children = new Map<string | null, { running: number; overdue: number }>();
  for (const b of buckets) {
    const c = children.get(b.child) ?? { running: 0, overdue: 0 };
    c.running += b.n;
    if (b.bucket === 'overdue') c.overdue += b.n;
    children.set(b.child, c);
  }
  for (const r of overdueToday) {
    const c = children.get(r.child) ?? { running: 0, overdue: 0 };
    c.overdue += r.n;
    children.set(r.child, c);
  }
  const childRegion = (child: string | null) => child ?? ctx.region;
  const ordered = [...children].sort(([a], [b]) => (a ?? '').localeCompare(b ?? ''));
  return {
    ...defined(ctx, 'clocks'),
    figures: [
      { id: 'running', name: { zh: '正在计算', en: 'Running' }, kind: 'count', value: running, link: listLink('clock', ctx.region, { due: 'running' }) },
      { id: 'overdue', name: { zh: '已超期', en: 'Overdue' }, kind: 'count', value: overdue, link: listLink('clock', ctx.region, { due: 'overdue' }) },
      { id: 'soon', name: { zh: '临期', en: 'Due soon' }, kind: 'count', value: soon, link: listLink('clock', ctx.region, { due: 'soon' }) },
      { id: 'custody-running', name: { zh: '羁押期限', en: 'Custody clocks' }, kind: 'count', value: custodyRunning, link: listLink('clock', ctx.region, { due: 'running', custody: 'true' }) },
      { id: 'custody-overdue', name: { zh: '羁押超期', en: 'Custody overdue' }, kind: 'count', value: custodyOverdue, link: listLink('clock', ctx.region, { due: 'overdue', custody: 'true' }) },
    ],
    series: [
      {
        id: 'running-by-region',
        name: { zh: '正在计算', en: 'Running' },
        chart: 'bar',
        points: ordered.map(([child, c]) => ({ key: child ?? '', label: childLabel(ctx, child), value: c.running, link: listLink('clock', childRegion(child), { due: 'running', ...(child === null ? { own: 'true' } : {}) }) })),
      },
      {
        id: 'overdue-by-region',
        name: { zh: '已超期', en: 'Overdue' },
        chart: 'bar',
        points: ordered.map(([child, c]) => ({ key: child ?? '', label: childLabel(ctx, child), value: c.overdue, link: listLink('clock', childRegion(child), { due: 'overdue', ...(child === null ? { own: 'true' } : {}) }) })),
      },
    ],
  };
}

/** One unit's total of a figure (the warning panel's top units). */
export interface UnitCount {
  unitId: string;
  name: string;
  nameEn: string;
  n: number;
}

/** Open warnings by model (top N, the rest as "others") and by unit (top N). */
export function warningsPanel(rows: readonly CountRow[], topUnits: readonly UnitCount[], ctx: PanelContext): Panel {
  const open = of(rows, 'warning.open');
  const byModel = [...groupSum(open, (r) => r.key)].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const top = byModel.slice(0, ctx.rules.topN);
  const others = byModel.slice(ctx.rules.topN).reduce((s, [, n]) => s + n, 0);
  const modelPoints: Point[] = top.map(([model, n]) => ({ key: model, label: ctx.labels.model(model), value: n, link: listLink('warning', ctx.region, { model }) }));
  if (others > 0) modelPoints.push({ key: '', label: { zh: '其他模型', en: 'Other models' }, value: others, link: listLink('warning', ctx.region) });
  return {
    ...defined(ctx, 'warnings'),
    figures: [
      { id: 'open', name: { zh: '未消除预警', en: 'Open warnings' }, kind: 'count', value: sum(open), link: listLink('warning', ctx.region) },
      { id: 'models', name: { zh: '命中模型', en: 'Models with hits' }, kind: 'count', value: byModel.filter(([, n]) => n > 0).length, link: null },
    ],
    series: [
      { id: 'by-model', name: { zh: '按模型', en: 'By model' }, chart: 'pie', points: modelPoints },
      {
        id: 'by-unit',
        name: { zh: '按单位', en: 'By unit' },
        chart: 'bar',
        points: topUnits.slice(0, ctx.rules.topN).map((u) => ({ key: u.unitId, label: { zh: u.name, en: u.nameEn }, value: u.n, link: listLink('warning', ctx.region, { unit: u.unitId }) })),
      },
    ],
  };
}

const SUPERVISION_OPEN = ['open', 'assigned', 'rectifying', 'reported'];

/** Supervision items by state, and the open ones past their current step's due moment. */
export function supervisionPanel(rows: readonly CountRow[], overdue: number, ctx: PanelContext): Panel {
  const states = groupSum(of(rows, 'supervision.state'), (r) => r.key);
  const open = SUPERVISION_OPEN.reduce((s, st) => s + (states.get(st) ?? 0), 0);
  return {
    ...defined(ctx, 'supervision'),
    figures: [
      { id: 'open', name: { zh: '未办结', en: 'Not closed' }, kind: 'count', value: open, link: listLink('supervision', ctx.region, { state: 'not-closed' }) },
      { id: 'overdue', name: { zh: '逾期', en: 'Overdue' }, kind: 'count', value: overdue, link: listLink('supervision', ctx.region, { state: 'overdue' }) },
      { id: 'closed', name: { zh: '已办结', en: 'Closed' }, kind: 'count', value: states.get('closed') ?? 0, link: listLink('supervision', ctx.region, { state: 'closed' }) },
    ],
    series: [
      {
        id: 'by-state',
        name: { zh: '按状态', en: 'By state' },
        chart: 'pie',
        points: [...SUPERVISION_OPEN, 'closed'].map((state) => ({ key: state, label: ctx.labels.supervisionState(state), value: states.get(state) ?? 0, link: listLink('supervision', ctx.region, { state }) })),
      },
    ],
  };
}

/** The sent-online share of hand-overs in the trend window, in total and by child region. */
export function collaborationPanel(rows: readonly CountRow[], ctx: PanelContext): Panel {
  const window = new Set(monthWindow(ctx.today, ctx.rules.trendMonths));
  const sent = of(rows, 'transfer.sent').filter((r) => window.has(r.key.slice(0, 7)));
  const online = (rs: readonly CountRow[]) => rs.filter((r) => r.key.endsWith('|online')).reduce((s, r) => s + r.n, 0);
  const byChild = new Map<string | null, CountRow[]>();
  for (const r of sent) byChild.set(r.child, [...(byChild.get(r.child) ?? []), r]);
  return {
    ...defined(ctx, 'collaboration'),
    figures: [
      { id: 'sent-online-rate', name: { zh: '在线移送率', en: 'Sent online' }, kind: 'rate', value: rate(online(sent), sum(sent)), numerator: online(sent), denominator: sum(sent), link: `/collaboration-rate?region=${ctx.region}` },
    ],
    series: [
      {
        id: 'by-region',
        name: { zh: '下级区划在线移送率', en: 'Sent online by region' },
        chart: 'bar',
        points: [...byChild]
          .sort(([a], [b]) => (a ?? '').localeCompare(b ?? ''))
          .map(([child, rs]) => ({ key: child ?? '', label: childLabel(ctx, child), value: rate(online(rs), sum(rs)), link: `/collaboration-rate?region=${child ?? ctx.region}` })),
      },
    ],
  };
}

/** Dispute resolution rate, open disputes and petitions, and the petition on-time rate, over the trend window. */
export function governancePanel(rows: readonly CountRow[], ctx: PanelContext): Panel {
  const window = new Set(monthWindow(ctx.today, ctx.rules.trendMonths));
  const inWindow = (r: CountRow) => window.has(r.key.slice(0, 7));
  const closed = of(rows, 'dispute.closed').filter(inWindow).filter((r) => !r.key.endsWith('|withdrawn'));
  const resolved = closed.filter((r) => r.key.endsWith('|resolved'));
  const limits = of(rows, 'limit.petition').filter(inWindow);
  const met = limits.filter((r) => r.key.endsWith('|met'));
  const openDisputes = groupSum(of(rows, 'dispute.open'), (r) => r.key);
  const openPetitions = groupSum(of(rows, 'petition.open'), (r) => r.key);
  return {
    ...defined(ctx, 'governance'),
    figures: [
      { id: 'dispute-resolution-rate', name: { zh: '纠纷化解率', en: 'Dispute resolution rate' }, kind: 'rate', value: rate(sum(resolved), sum(closed)), numerator: sum(resolved), denominator: sum(closed), link: `/governance-metrics?region=${ctx.region}` },
      { id: 'disputes-open', name: { zh: '在办纠纷', en: 'Open disputes' }, kind: 'count', value: [...openDisputes.values()].reduce((s, n) => s + n, 0), link: listLink('dispute', ctx.region) },
      { id: 'petition-on-time-rate', name: { zh: '信访按期率', en: 'Petition on-time rate' }, kind: 'rate', value: rate(sum(met), sum(limits)), numerator: sum(met), denominator: sum(limits), link: `/governance-metrics?region=${ctx.region}` },
      { id: 'petitions-open', name: { zh: '在办信访', en: 'Open petitions' }, kind: 'count', value: [...openPetitions.values()].reduce((s, n) => s + n, 0), link: listLink('petition', ctx.region) },
    ],
    series: [
      { id: 'disputes-by-state', name: { zh: '在办纠纷按状态', en: 'Open disputes by state' }, chart: 'pie', points: [...openDisputes].map(([state, n]) => ({ key: state, label: ctx.labels.disputeState(state), value: n, link: listLink('dispute', ctx.region, { state }) })) },
      { id: 'petitions-by-state', name: { zh: '在办信访按状态', en: 'Open petitions by state' }, chart: 'pie', points: [...openPetitions].map(([state, n]) => ({ key: state, label: ctx.labels.petitionState(state), value: n, link: listLink('petition', ctx.region, { state }) })) },
    ],
  };
}

const TRENDS: readonly { figure: string; name: Bilingual; kind: string }[] = [
  { figure: 'case.received', name: { zh: '新收案件', en: 'Cases registered' }, kind: 'case' },
  { figure: 'case.closed', name: { zh: '结案', en: 'Cases closed' }, kind: 'case' },
  { figure: 'warning.opened', name: { zh: '新增预警', en: 'Warnings opened' }, kind: 'warning' },
  { figure: 'supervision.raised', name: { zh: '新提监督事项', en: 'Supervision items raised' }, kind: 'supervision' },
  { figure: 'dispute.received', name: { zh: '新收纠纷', en: 'Disputes received' }, kind: 'dispute' },
  { figure: 'petition.received', name: { zh: '新收信访', en: 'Petitions received' }, kind: 'petition' },
];

/** The monthly counts of the trend window, one line per figure (a month without any is 0). */
export function trendsPanel(rows: readonly CountRow[], ctx: PanelContext): Panel {
  const months = monthWindow(ctx.today, ctx.rules.trendMonths);
  return {
    ...defined(ctx, 'trends'),
    figures: [],
    series: TRENDS.map((t) => {
      const byMonth = groupSum(of(rows, t.figure), (r) => r.key);
      return {
        id: t.figure,
        name: t.name,
        chart: 'line' as const,
        points: months.map((m) => ({ key: m, label: { zh: m, en: m }, value: byMonth.get(m) ?? 0, link: listLink(t.kind, ctx.region, { month: m, figure: t.figure }) })),
      };
    }),
  };
}

/** For each child region (and the region's own units): the figures the drill-down's treemap shows. */
export function regionsPanel(rows: readonly CountRow[], clocks: readonly ClockBucketRow[], overdueToday: readonly { child: string | null; n: number }[], ctx: PanelContext): Panel {
  const by = (figure: string, keep: (r: CountRow) => boolean = () => true) => groupSum(of(rows, figure).filter(keep), (r) => r.child);
  const openCases = by('case.open');
  const warnings = by('warning.open');
  const items = by('supervision.state', (r) => r.key !== 'closed');
  const disputes = by('dispute.open');
  const running = groupSum(clocks as unknown as CountRow[], (r) => r.child);
  const overdue = groupSum(
    [...clocks.filter((c) => c.bucket === 'overdue'), ...overdueToday] as unknown as CountRow[],
    (r) => r.child,
  );
  const keys: (string | null)[] = [...ctx.children.map((c) => c.code)];
  if ([openCases, warnings, items, disputes, running].some((m) => m.has(null))) keys.push(null);
  const point = (m: Map<string | null, number>, kind: string, selection: Record<string, string> = {}) => (child: string | null): Point => ({
    key: child ?? '',
    label: childLabel(ctx, child),
    value: m.get(child) ?? 0,
    link: listLink(kind, child ?? ctx.region, { ...selection, ...(child === null ? { own: 'true' } : {}) }),
  });
  return {
    ...defined(ctx, 'regions'),
    figures: [],
    series: [
      { id: 'open-cases', name: { zh: '在办案件', en: 'Open cases' }, chart: 'treemap', points: keys.map(point(openCases, 'case')) },
      { id: 'running-clocks', name: { zh: '正在计算的期限', en: 'Running clocks' }, chart: 'bar', points: keys.map(point(running, 'clock', { due: 'running' })) },
      { id: 'overdue-clocks', name: { zh: '已超期', en: 'Overdue clocks' }, chart: 'bar', points: keys.map(point(overdue, 'clock', { due: 'overdue' })) },
      { id: 'open-warnings', name: { zh: '未消除预警', en: 'Open warnings' }, chart: 'bar', points: keys.map(point(warnings, 'warning')) },
      { id: 'open-items', name: { zh: '未办结监督事项', en: 'Open supervision items' }, chart: 'bar', points: keys.map(point(items, 'supervision', { state: 'not-closed' })) },
      { id: 'open-disputes', name: { zh: '在办纠纷', en: 'Open disputes' }, chart: 'bar', points: keys.map(point(disputes, 'dispute')) },
    ],
  };
}

/** Open stability risk assessments by rating (unrated ones as "not rated yet"). */
export function riskPanel(byRating: readonly { rating: string | null; n: number }[], ctx: PanelContext): Panel {
  const label: Record<string, Bilingual> = { high: { zh: '高风险', en: 'High' }, medium: { zh: '中风险', en: 'Medium' }, low: { zh: '低风险', en: 'Low' } };
  const total = byRating.reduce((s, r) => s + r.n, 0);
  return {
    ...defined(ctx, 'risk'),
    figures: [{ id: 'open', name: { zh: '进行中的评估', en: 'Open assessments' }, kind: 'count', value: total, link: `/risk-assessments?region=${ctx.region}&open=true` }],
    series: [
      {
        id: 'by-rating',
        name: { zh: '按风险等级', en: 'By rating' },
        chart: 'pie',
        points: byRating.map((r) => ({
          key: r.rating ?? 'unrated',
          label: r.rating ? (label[r.rating] ?? { zh: r.rating, en: r.rating }) : { zh: '尚未评定', en: 'Not rated yet' },
          value: r.n,
          link: `/risk-assessments?region=${ctx.region}&open=true${r.rating ? `&rating=${r.rating}` : ''}`,
        })),
      },
    ],
  };
}
