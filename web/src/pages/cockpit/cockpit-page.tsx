import { Button, Card, Col, Flex, Row, Skeleton, Statistic, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { type CockpitPanel, type CockpitPanelId, type CockpitPoint, type CockpitSeries, cockpitApi } from '../../api/cockpit-client.ts';
import { type ChartOption, EChart } from '../../components/echart.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { COCKPIT_TEXT } from './cockpit-text.ts';

/** A figure's value as shown: a count as it is, a rate as a percentage. */
export function formatValue(value: number | null, kind: 'count' | 'rate'): string {
  if (value === null) return '—';
  return kind === 'rate' ? `${(value * 100).toFixed(1)}%` : value.toLocaleString('zh-CN');
}

/** The data of a chart point as ECharts carries it back on a click. */
interface PointData {
  value: number | '-';
  name: string;
  link: string | null;
  key: string;
}

/** One panel's chart option for one of its series. */
function optionOf(series: CockpitSeries, pick: (b: { zh: string; en: string }) => string): ChartOption {
  const data = (p: CockpitPoint): PointData => ({ value: p.value ?? '-', name: pick(p.label), link: p.link, key: p.key });
  switch (series.chart) {
    case 'pie':
      return {
        tooltip: { trigger: 'item' },
        legend: { type: 'scroll', bottom: 0 },
        series: [{ type: 'pie', radius: ['35%', '65%'], data: series.points.filter((p) => (p.value ?? 0) > 0).map(data) }],
      };
    case 'treemap':
      return {
        tooltip: {},
        series: [
          {
            type: 'treemap',
            roam: false,
            nodeClick: false,
            breadcrumb: { show: false },
            data: series.points.filter((p) => (p.value ?? 0) > 0).map((p) => ({ ...data(p), value: p.value ?? 0 })),
          },
        ],
      };
    case 'stacked-bar': {
      const categories = [...new Set(series.points.map((p) => p.key))];
      const labels = new Map(series.points.map((p) => [p.key, pick(p.label)]));
      const groups = [...new Set(series.points.map((p) => p.group ?? ''))];
      return {
        tooltip: { trigger: 'axis' },
        legend: { type: 'scroll', bottom: 0 },
        grid: { left: 40, right: 16, top: 16, bottom: 56, containLabel: true },
        xAxis: { type: 'category', data: categories.map((c) => labels.get(c) ?? c), axisLabel: { interval: 0, rotate: 30 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: groups.map((g) => ({
          type: 'bar',
          stack: 'total',
          name: g,
          data: categories.map((c) => {
            const p = series.points.find((x) => x.key === c && (x.group ?? '') === g);
            return p ? data(p) : { value: 0, name: '', link: null, key: c };
          }),
        })),
      };
    }
    default:
      return sideBySide([series], pick);
  }
}

/** Bar or line series over the same categories, drawn in one chart with a legend (a region's measures, the trends). */
function sideBySide(group: readonly CockpitSeries[], pick: (b: { zh: string; en: string }) => string): ChartOption {
  const first = group[0]!;
  const data = (p: CockpitPoint): PointData => ({ value: p.value ?? '-', name: pick(p.label), link: p.link, key: p.key });
  return {
    tooltip: { trigger: 'axis' },
    ...(group.length > 1 ? { legend: { type: 'scroll', bottom: 0 } } : {}),
    grid: { left: 40, right: 16, top: 16, bottom: group.length > 1 ? 56 : 40, containLabel: true },
    xAxis: { type: 'category', data: first.points.map((p) => pick(p.label)), axisLabel: { interval: 0, rotate: first.points.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value' },
    series: group.map((s) => ({ type: s.chart === 'line' ? 'line' : 'bar', name: pick(s.name), data: s.points.map(data) })),
  } as ChartOption;
}

/** A panel's series as charts: consecutive bar (or line) series over the same categories share one chart. */
export function chartGroups(series: readonly CockpitSeries[]): CockpitSeries[][] {
  const groups: CockpitSeries[][] = [];
  const keys = (s: CockpitSeries) => s.points.map((p) => p.key).join('\u0000');
  for (const s of series) {
    const last = groups.at(-1);
    const mergeable = (s.chart === 'bar' || s.chart === 'line') && last && last[0]!.chart === s.chart && keys(last[0]!) === keys(s);
    if (mergeable) last.push(s);
    else groups.push([s]);
  }
  return groups;
}

/** The stacked bar's groups are agency ids: named in the legend by the app's agency names. */
function nameGroups(option: ChartOption, agencyName: (a: string) => string): ChartOption {
  const series = option.series;
  if (!Array.isArray(series)) return option;
  return { ...option, series: series.map((s) => (s.type === 'bar' && s.stack ? { ...s, name: agencyName(String(s.name)) } : s)) } as ChartOption;
}

/** One panel: its figures (each a link to the list behind it), then its charts (a click opens a point's list). */
function PanelCard({ id, region, span, onLoaded }: { id: CockpitPanelId; region: string | undefined; span: number; onLoaded?: (p: CockpitPanel) => void }) {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const panel = useApi(
    async (signal) => {
      const p = await cockpitApi.panel(id, region, { signal });
      onLoaded?.(p);
      return p;
    },
    [id, region],
    { forbidden: 'inline' },
  );
  const p = panel.data;
  return (
    <Col xs={24} lg={span}>
      <Card
        size="small"
        data-testid={`cockpit-panel-${id}`}
        title={p ? <Tooltip title={pick(p.definition)}><span style={{ borderBottom: '1px dotted' }}>{pick(p.name)}</span></Tooltip> : <Skeleton.Input size="small" active />}
        style={{ height: '100%' }}
      >
        <ErrorAlert error={panel.error} onRetry={panel.reload} />
        {!p && !panel.error && <Skeleton active />}
        {p && <PanelBody panel={p} onOpen={(link) => navigate(link)} agencyName={(a) => (t.agency as Record<string, string>)[a] ?? a} />}
      </Card>
    </Col>
  );
}

function PanelBody({ panel, onOpen, agencyName }: { panel: CockpitPanel; onOpen: (link: string) => void; agencyName: (a: string) => string }) {
  const { pick } = useI18n();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const groups = useMemo(() => chartGroups(panel.series.filter((s) => s.points.length > 0)), [panel]);
  const options = useMemo(
    () => groups.map((g) => (g.length > 1 ? sideBySide(g, pick) : nameGroups(optionOf(g[0]!, pick), agencyName))),
    [groups, pick, agencyName],
  );
  return (
    <Flex vertical gap={8}>
      {panel.figures.length > 0 && (
        <Flex wrap gap={24}>
          {panel.figures.map((f) => (
            <div key={f.id} data-testid={`cockpit-figure-${panel.id}-${f.id}`}>
              <Statistic
                title={pick(f.name)}
                value={formatValue(f.value, f.kind)}
                valueRender={(node) => (f.link ? <Link to={f.link}>{node}</Link> : node)}
              />
              {f.kind === 'rate' && f.denominator !== undefined && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {f.numerator} / {f.denominator}
                </Typography.Text>
              )}
            </div>
          ))}
        </Flex>
      )}
      {groups.map((g, i) => {
        const s = g[0]!;
        return (
          <div key={s.id}>
            {groups.length > 1 && g.length === 1 && <Typography.Text type="secondary">{pick(s.name)}</Typography.Text>}
            <EChart
              option={options[i]!}
              ariaLabel={`${pick(panel.name)} — ${pick(s.name)}`}
              testId={`cockpit-chart-${panel.id}-${s.id}`}
              style={{ height: s.chart === 'treemap' ? 320 : 260 }}
              onClick={(e) => {
                const d = e.data as PointData | undefined;
                // the drill-down: a region of the treemap opens that region's cockpit
                if (s.chart === 'treemap' && d?.key) {
                  const next = new URLSearchParams(searchParams);
                  next.set('region', d.key);
                  navigate(`/cockpit?${next.toString()}`);
                  return;
                }
                if (d?.link) onOpen(d.link);
              }}
            />
            {s.chart === 'treemap' && (
              <Flex wrap gap={8}>
                {s.points.map((p) => (
                  <Link key={p.key || 'own'} to={p.key ? `/cockpit?region=${p.key}` : (p.link ?? '#')} data-testid={`cockpit-drill-${p.key || 'own'}`}>
                    {pick(p.label)} ({p.value ?? 0})
                  </Link>
                ))}
              </Flex>
            )}
          </div>
        );
      })}
    </Flex>
  );
}

/**
 * The cockpit (驾驶舱): one page per region level — cases, clocks, warnings, supervision items, collaboration,
 * disputes and petitions, twelve-month trends, the regions below (click to go down a level) and open risk
 * assessments. Each panel loads by itself from counts the server keeps current; every figure opens its list.
 */
export default function CockpitPage() {
  const { pick, lang } = useI18n();
  const text = COCKPIT_TEXT;
  const [searchParams] = useSearchParams();
  const region = searchParams.get('region') ?? undefined;
  // the page's head (region name, as-of moment, the way up) comes with the first panel
  const [head, setHead] = useState<CockpitPanel | null>(null);
  const r = head?.region.code === (region ?? head?.region.code) ? head?.region : undefined;
  return (
    <div data-testid="cockpit-page">
      <PageHeader
        title={
          <span data-testid="cockpit-title">
            {pick(text.title)}
            {r ? ` · ${lang === 'en-US' ? r.nameEn : r.name}` : ''}
          </span>
        }
        extra={
          <Flex gap={8} align="center">
            {head && (
              <Typography.Text type="secondary" data-testid="cockpit-as-of">
                {pick(text.asOf)} {new Date(head.asOf).toLocaleString(lang)}
              </Typography.Text>
            )}
            {r?.parentCode && (
              <Link to={`/cockpit?region=${r.parentCode}`} data-testid="cockpit-up">
                <Button size="small">{pick(text.up)}</Button>
              </Link>
            )}
          </Flex>
        }
      />
      <Row gutter={[16, 16]}>
        <PanelCard id="cases" region={region} span={12} onLoaded={setHead} />
        <PanelCard id="clocks" region={region} span={12} />
        <PanelCard id="regions" region={region} span={12} />
        <PanelCard id="trends" region={region} span={12} />
        <PanelCard id="warnings" region={region} span={12} />
        <PanelCard id="supervision" region={region} span={12} />
        <PanelCard id="collaboration" region={region} span={8} />
        <PanelCard id="governance" region={region} span={8} />
        <PanelCard id="risk" region={region} span={8} />
      </Row>
    </div>
  );
}
