import { App, Button, Card, Descriptions, Drawer, Empty, Flex, Form, Input, InputNumber, Radio, Select, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { type Indicator, type PeriodKind, type Ranking, type RankingRow, type Remediation, type RemediationStep, type SubjectKind, rankingsApi } from '../../api/rankings-client.ts';
import { type ChartOption, EChart } from '../../components/echart.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useCan, useMe } from '../../components/session.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { rankingsEn, rankingsZh } from '../../i18n-rankings.ts';

const SAFETY = 'safety-index';

function useText() {
  const { lang } = useI18n();
  return lang === 'en-US' ? rankingsEn : rankingsZh;
}

/** A value in its unit: a share as a percentage, the safety index and counts as numbers. */
export function formatValue(v: number | null, indicator: Indicator | null, none: string): string {
  if (v === null) return none;
  if (indicator?.unit.en === 'share') return `${(v * 100).toFixed(1)}%`;
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

function RankChange({ change }: { change: number | null }) {
  if (change === null) return <Typography.Text type="secondary">—</Typography.Text>;
  if (change === 0) return <span data-testid="rank-change">0</span>;
  return (
    <Typography.Text type={change > 0 ? 'success' : 'danger'} data-testid="rank-change">
      {change > 0 ? `↑${change}` : `↓${-change}`}
    </Typography.Text>
  );
}

/**
 * 晾晒排名: the ranking of units or child regions of a region on an indicator or the safety index, as the period's
 * frozen snapshot holds it, with the change since the previous period, the index's weights and each indicator's
 * definition; and the regions listed for remediation (挂牌整治) with their goals, deadline and progress.
 */
export default function RankingsPage() {
  const { t } = useI18n();
  const text = useText();
  const can = useCan();
  const [tab, setTab] = useState('ranking');
  return (
    <Flex vertical gap={16}>
      <PageHeader title={t.menu.rankings} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        data-testid="rankings-tabs"
        items={[
          { key: 'ranking', label: text.tabs.ranking, children: <RankingTab canTake={can('indicator-snapshot:create')} /> },
          ...(can('remediation:read') ? [{ key: 'remediation', label: text.tabs.remediation, children: <RemediationTab /> }] : []),
        ]}
      />
    </Flex>
  );
}

function RankingTab({ canTake }: { canTake: boolean }) {
  const { t, pick, formatDateTime } = useI18n();
  const text = useText();
  const me = useMe();
  const { message } = App.useApp();
  const [periodKind, setPeriodKind] = useState<PeriodKind>('month');
  // the region typed in, or (null) the default: the caller's own region if it has snapshots, else the nearest
  // region above it that has (the server's scheduler takes the province's)
  const [regionChoice, setRegion] = useState<string | null>(null);
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const [subject, setSubject] = useState<SubjectKind>('unit');
  const [indicatorId, setIndicatorId] = useState(SAFETY);
  const [taking, setTaking] = useState(false);

  const indicators = useApi((signal) => rankingsApi.indicators({ signal }), []);
  const snapshots = useApi((signal) => rankingsApi.snapshots({ periodKind }, { signal }), [periodKind]);
  const region = useMemo(() => {
    if (regionChoice !== null) return regionChoice;
    const own = me.region.code;
    const withSnapshots = new Set((snapshots.data?.items ?? []).map((s) => s.regionCode));
    if (withSnapshots.has(own)) return own;
    const above = [...withSnapshots].map((c) => ({ c, prefix: c.replace(/0+$/, '') })).filter((x) => own.startsWith(x.prefix));
    above.sort((a, b) => b.prefix.length - a.prefix.length);
    return above[0]?.c ?? own;
  }, [regionChoice, snapshots.data, me.region.code]);
  const regionOk = /^[0-9]{6}([0-9]{3})?$/.test(region);
  // the snapshot just taken counts before the list has reloaded (else the choice would fall back to the newest)
  const [justTaken, setJustTaken] = useState<{ periodKind: PeriodKind; period: string; regionCode: string } | null>(null);
  const periods = useMemo(() => {
    const listed = (snapshots.data?.items ?? []).filter((s) => s.regionCode === region).map((s) => s.period);
    const extra = justTaken?.periodKind === periodKind && justTaken.regionCode === region ? [justTaken.period] : [];
    return [...new Set([...extra, ...listed])].sort().reverse();
  }, [snapshots.data, justTaken, periodKind, region]);
  useEffect(() => {
    if (period === undefined || !periods.includes(period)) setPeriod(periods[0]);
  }, [periods, period]);
  const ranking = useApi<Ranking | null>(
    (signal) => (period && regionOk ? rankingsApi.ranking({ periodKind, period, region, subject, indicator: indicatorId }, { signal }) : Promise.resolve(null)),
    [periodKind, period, region, subject, indicatorId],
  );
  const data = ranking.data ?? null;
  const indicator = data?.indicator ?? null;

  const columns: TableColumnsType<RankingRow> = [
    { key: 'rank', title: text.rank, width: 80, render: (_, r) => (r.rank === null ? <Tag>{text.notRanked}</Tag> : <strong data-testid="rank">{r.rank}</strong>) },
    { key: 'name', title: text.name, dataIndex: 'subjectName' },
    { key: 'value', title: text.value, align: 'right', render: (_, r) => formatValue(r.value, indicator, t.common.none) },
    { key: 'score', title: text.score, align: 'right', render: (_, r) => (r.score === null ? t.common.none : r.score.toFixed(1)) },
    { key: 'change', title: text.change, align: 'center', render: (_, r) => <RankChange change={r.change.rank} /> },
    { key: 'previous', title: text.previousRank, align: 'right', render: (_, r) => r.previousRank ?? t.common.none },
    {
      key: 'valueChange',
      title: text.valueChange,
      align: 'right',
      render: (_, r) => (r.change.value === null ? t.common.none : `${r.change.value > 0 ? '+' : ''}${formatValue(r.change.value, indicator, t.common.none)}`),
    },
  ];

  const chart: ChartOption = useMemo(() => {
    const ranked = (data?.rows ?? []).filter((r) => r.score !== null).slice(0, 20);
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: ranked.map((r) => r.subjectName), axisLabel: { interval: 0, rotate: ranked.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', max: 100 },
      series: [{ type: 'bar', name: text.score, data: ranked.map((r) => r.score ?? 0) }],
    } as ChartOption;
  }, [data, text]);

  const indicatorOptions = [
    { value: SAFETY, label: text.safetyIndex },
    ...(indicators.data?.indicators ?? []).filter((d) => d.subjects.includes(subject)).map((d) => ({ value: d.id, label: pick(d.name) })),
  ];

  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Form layout="inline">
          <Form.Item label={text.periodKindLabel}>
            <Radio.Group
              optionType="button"
              value={periodKind}
              onChange={(e) => setPeriodKind(e.target.value)}
              options={(['day', 'month', 'quarter'] as const).map((k) => ({ value: k, label: text.periodKind[k] }))}
              data-testid="ranking-period-kind"
            />
          </Form.Item>
          <Form.Item label={text.period}>
            <Select
              style={{ width: 150 }}
              value={period}
              placeholder={text.periodPlaceholder}
              options={periods.map((p) => ({ value: p, label: p }))}
              onChange={setPeriod}
              data-testid="ranking-period"
            />
          </Form.Item>
          <Form.Item label={text.region}>
            <Input value={region} maxLength={9} style={{ width: 120 }} onChange={(e) => setRegion(e.target.value.replace(/\D/g, ''))} data-testid="ranking-region" />
          </Form.Item>
          <Form.Item label={text.subject}>
            <Radio.Group
              optionType="button"
              value={subject}
              onChange={(e) => setSubject(e.target.value)}
              options={(['unit', 'region'] as const).map((k) => ({ value: k, label: text.subjectKind[k] }))}
              data-testid="ranking-subject"
            />
          </Form.Item>
          <Form.Item label={text.indicator}>
            <Select showSearch optionFilterProp="label" style={{ width: 200 }} value={indicatorId} options={indicatorOptions} onChange={setIndicatorId} data-testid="ranking-indicator" />
          </Form.Item>
          {canTake && (
            <Form.Item>
              <Button type="primary" onClick={() => setTaking(true)} data-testid="take-snapshot">
                {text.take}
              </Button>
            </Form.Item>
          )}
        </Form>
      </Card>
      <ErrorAlert error={indicators.error ?? snapshots.error ?? ranking.error} onRetry={ranking.reload} />
      {!snapshots.isLoading && periods.length === 0 && <Typography.Text type="secondary" data-testid="no-snapshot">{text.noSnapshot}</Typography.Text>}
      {data && (
        <Card size="small" title={indicator ? pick(indicator.name) : text.weights} data-testid="ranking-definition">
          {indicator ? (
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'f', label: text.formula, children: <Typography.Text code>{indicator.formula}</Typography.Text> },
                { key: 'd', label: text.method, children: <Tag color={indicator.direction === 'higher-better' ? 'green' : 'blue'}>{text.direction[indicator.direction]}</Tag> },
                {
                  key: 's',
                  label: text.scoring,
                  children: indicator.scoring.method === 'target' ? text.target(formatValue(indicator.scoring.target, indicator, ''), formatValue(indicator.scoring.floor, indicator, '')) : text.minMax,
                },
                { key: 'src', label: text.source, children: indicator.source.table },
                { key: 'p', label: text.policy, children: indicator.source.policy },
              ]}
            />
          ) : (
            <Flex vertical gap={8}>
              <Flex gap={8} wrap data-testid="safety-weights">
                {data.weights.map((w) => (
                  <Tag key={w.id} color={w.direction === 'higher-better' ? 'green' : 'blue'}>
                    {pick(w.name)} {Math.round(w.weight * 100)}%
                  </Tag>
                ))}
              </Flex>
              {indicators.data && <Typography.Text type="secondary">{pick(indicators.data.safetyIndex.method)}</Typography.Text>}
            </Flex>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {text.snapshotInfo(formatDateTime(data.snapshot.takenAt), data.snapshot.rulesDigest.slice(0, 16))}
          </Typography.Text>
        </Card>
      )}
      {data && (
        <Card size="small" title={text.chart}>
          {data.rows.some((r) => r.score !== null) ? (
            <EChart option={chart} ariaLabel={text.chart} testId="ranking-chart" />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text.notRanked} data-testid="ranking-chart-empty" />
          )}
        </Card>
      )}
      {data && (
        <Card size="small">
          <Table<RankingRow>
            rowKey="subjectKey"
            size="small"
            columns={columns}
            dataSource={data.rows}
            loading={ranking.isLoading}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            data-testid="ranking-table"
          />
        </Card>
      )}
      {taking && (
        <FormModal<{ periodKind: PeriodKind; period: string; region: string }>
          title={text.takeTitle}
          testId="take-snapshot-form"
          okText={text.take}
          initialValues={{ periodKind, region }}
          onClose={() => setTaking(false)}
          onSubmit={async (v) => {
            const s = await rankingsApi.takeSnapshot({ periodKind: v.periodKind, period: v.period.trim(), region: v.region });
            message.success(text.taken(s.period));
            setTaking(false);
            setJustTaken({ periodKind: s.periodKind, period: s.period, regionCode: s.regionCode });
            setPeriodKind(s.periodKind);
            setRegion(s.regionCode);
            setPeriod(s.period);
            snapshots.reload();
          }}
        >
          <Typography.Paragraph type="secondary">{text.takeHint}</Typography.Paragraph>
          <Form.Item name="periodKind" label={text.periodKindLabel} rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={(['day', 'month', 'quarter'] as const).map((k) => ({ value: k, label: text.periodKind[k] }))} />
          </Form.Item>
          <Form.Item name="period" label={text.period} extra={text.periodFormat} rules={[{ required: true }]}>
            <Input maxLength={10} data-testid="take-period" />
          </Form.Item>
          <Form.Item name="region" label={text.region} rules={[{ required: true, pattern: /^[0-9]{6}([0-9]{3})?$/ }]}>
            <Input maxLength={9} />
          </Form.Item>
        </FormModal>
      )}
    </Flex>
  );
}

function RemediationTab() {
  const { pick } = useI18n();
  const text = useText();
  const can = useCan();
  const list = useApi((signal) => rankingsApi.remediations({}, { signal }), []);
  const indicators = useApi((signal) => rankingsApi.indicators({ signal }), []);
  const [open, setOpen] = useState<string | null>(null);
  const [listing, setListing] = useState(false);

  const columns: TableColumnsType<Remediation> = [
    { key: 'region', title: text.regionCode, render: (_, r) => `${r.regionName}（${r.regionCode}）` },
    { key: 'problem', title: text.problem, dataIndex: 'problem', ellipsis: true },
    { key: 'deadline', title: text.deadline, dataIndex: 'deadline' },
    {
      key: 'state',
      title: text.state,
      render: (_, r) => (
        <Flex gap={4}>
          <Tag color={r.state === 'lifted' ? 'default' : 'red'} data-testid="remediation-state">{text.states[r.state]}</Tag>
          {r.overdue && <Tag color="orange">{text.overdue}</Tag>}
        </Flex>
      ),
    },
    { key: 'by', title: text.listedBy, dataIndex: 'listedByUnitName' },
    {
      key: 'open',
      title: '',
      render: (_, r) => (
        <Button size="small" onClick={() => setOpen(r.id)} data-testid="open-remediation">
          {text.open}
        </Button>
      ),
    },
  ];
  const indicatorOptions = [{ value: SAFETY, label: text.safetyIndex }, ...(indicators.data?.indicators ?? []).map((d) => ({ value: d.id, label: pick(d.name) }))];

  return (
    <Flex vertical gap={16}>
      {can('remediation:create') && (
        <Flex justify="end">
          <Button type="primary" danger onClick={() => setListing(true)} data-testid="list-remediation">
            {text.listRegion}
          </Button>
        </Flex>
      )}
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<Remediation>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isLoading}
        locale={{ emptyText: text.none }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="remediation-table"
      />
      {listing && (
        <FormModal<{ regionCode: string; problem: string; indicatorId?: string; target?: number; goalText?: string; deadline: string }>
          title={text.listTitle}
          testId="remediation-form"
          okText={text.listRegion}
          onClose={() => setListing(false)}
          onSubmit={async (v) => {
            const goals = [...(v.indicatorId ? [{ indicatorId: v.indicatorId, ...(v.target === undefined || v.target === null ? {} : { target: v.target }) }] : []), ...(v.goalText?.trim() ? [{ text: v.goalText.trim() }] : [])];
            const page = await rankingsApi.list({ regionCode: v.regionCode, problem: v.problem, goals, deadline: v.deadline });
            setListing(false);
            list.reload();
            setOpen(page.id);
          }}
        >
          <Form.Item name="regionCode" label={text.regionCode} rules={[{ required: true, pattern: /^[0-9]{6}([0-9]{3})?$/ }]}>
            <Input maxLength={9} data-testid="remediation-region" />
          </Form.Item>
          <Form.Item name="problem" label={text.problem} rules={[{ required: true, max: 2000 }]}>
            <Input.TextArea rows={3} data-testid="remediation-problem" />
          </Form.Item>
          <Flex gap={8}>
            <Form.Item name="indicatorId" label={text.goalIndicator} style={{ flex: 1 }}>
              <Select allowClear showSearch optionFilterProp="label" options={indicatorOptions} data-testid="remediation-indicator" />
            </Form.Item>
            <Form.Item name="target" label={text.goalTarget}>
              <InputNumber style={{ width: 120 }} data-testid="remediation-target" />
            </Form.Item>
          </Flex>
          <Form.Item name="goalText" label={text.goalText}>
            <Input maxLength={300} data-testid="remediation-goal-text" />
          </Form.Item>
          <Form.Item name="deadline" label={text.deadline} extra="YYYY-MM-DD" rules={[{ required: true, pattern: /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/ }]}>
            <Input maxLength={10} data-testid="remediation-deadline" />
          </Form.Item>
        </FormModal>
      )}
      {open && <RemediationDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} indicators={indicators.data?.indicators ?? []} />}
    </Flex>
  );
}

function RemediationDrawer({ id, onClose, onChanged, indicators }: { id: string; onClose: () => void; onChanged: () => void; indicators: Indicator[] }) {
  const { t, pick, formatDateTime } = useI18n();
  const text = useText();
  const page = useApi((signal) => rankingsApi.remediation(id, { signal }), [id]);
  const [step, setStep] = useState<RemediationStep['action'] | null>(null);
  const p = page.data;
  const indicatorOf = (goalId?: string) => indicators.find((d) => d.id === goalId) ?? null;
  const goalName = (goalId?: string) => (goalId === SAFETY ? text.safetyIndex : pick(indicatorOf(goalId)?.name ?? { zh: goalId ?? '', en: goalId ?? '' }));

  return (
    <Drawer open width={640} title={p ? `${text.listRegion}：${p.regionName}` : text.listRegion} onClose={onClose} data-testid="remediation-drawer">
      <ErrorAlert error={page.error} onRetry={page.reload} />
      {p && (
        <Flex vertical gap={16}>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'state', label: text.state, children: <Tag data-testid="drawer-state">{text.states[p.state]}</Tag> },
              { key: 'problem', label: text.problem, children: p.problem },
              { key: 'deadline', label: text.deadline, children: <span>{p.deadline} {p.overdue && <Tag color="orange">{text.overdue}</Tag>}</span> },
              { key: 'by', label: text.listedBy, children: `${p.listedByUnitName} · ${formatDateTime(p.listedAt)}` },
              {
                key: 'goals',
                label: text.goals,
                children: (
                  <Flex vertical gap={4} data-testid="remediation-goals">
                    {p.goals.map((g, i) => (
                      <span key={`${g.indicatorId ?? ''}|${g.text ?? ''}|${g.target ?? ''}`}>
                        {i + 1}. {g.indicatorId ? `${goalName(g.indicatorId)}：${text.goalTarget} ${formatValue(g.target ?? null, indicatorOf(g.indicatorId), t.common.none)}` : g.text}{' '}
                        {g.latest && <Typography.Text type="secondary">{text.latest(formatValue(g.latest.value, indicatorOf(g.indicatorId), t.common.none), g.latest.period)}</Typography.Text>}{' '}
                        {g.met !== null && <Tag color={g.met ? 'green' : 'red'}>{g.met ? text.met : text.notMet}</Tag>}
                      </span>
                    ))}
                  </Flex>
                ),
              },
            ]}
          />
          <Flex gap={8}>
            {p.actions.map((a) => (
              <Button key={a} onClick={() => setStep(a)} data-testid={`remediation-${a}`} danger={a === 'lift'}>
                {text.actions[a]}
              </Button>
            ))}
          </Flex>
          <Card size="small" title={text.timeline}>
            <Timeline
              data-testid="remediation-timeline"
              items={p.timeline.map((e) => ({
                key: `${e.at}-${e.kind}`,
                children: (
                  <Flex vertical>
                    <strong>{text.events[e.kind] ?? e.kind}</strong>
                    <Typography.Text type="secondary">{formatDateTime(e.at)} · {e.unitName ?? ''}</Typography.Text>
                    <span>{e.note}</span>
                    {Array.isArray(e.data.values) &&
                      (e.data.values as { goal: number; value: number }[]).map((v) => (
                        <Typography.Text key={v.goal} type="secondary">
                          {text.progressValue(v.goal)}：{formatValue(v.value, indicatorOf(p.goals[v.goal]?.indicatorId), t.common.none)}
                        </Typography.Text>
                      ))}
                  </Flex>
                ),
              }))}
            />
          </Card>
        </Flex>
      )}
      {p && step && (
        <FormModal<{ note: string; value?: number; deadline?: string; goalsMet?: boolean }>
          title={text.actions[step]}
          testId="remediation-step-form"
          onClose={() => setStep(null)}
          onSubmit={async (v) => {
            const body: RemediationStep =
              step === 'progress'
                ? { action: 'progress', note: v.note, ...(v.value === undefined || v.value === null ? {} : { values: [{ goal: 0, value: v.value }] }) }
                : step === 'extend'
                  ? { action: 'extend', note: v.note, deadline: v.deadline ?? '' }
                  : { action: 'lift', note: v.note, goalsMet: v.goalsMet ?? false };
            await rankingsApi.act(p.id, body);
            setStep(null);
            page.reload();
            onChanged();
          }}
        >
          <Form.Item name="note" label={step === 'lift' ? text.liftReason : text.note} rules={[{ required: true, max: 2000 }]}>
            <Input.TextArea rows={3} data-testid="remediation-note" />
          </Form.Item>
          {step === 'progress' && p.goals[0]?.indicatorId && (
            <Form.Item name="value" label={text.progressValue(0)}>
              <InputNumber style={{ width: 160 }} data-testid="remediation-progress-value" />
            </Form.Item>
          )}
          {step === 'extend' && (
            <Form.Item name="deadline" label={text.newDeadline} rules={[{ required: true, pattern: /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/ }]}>
              <Input maxLength={10} />
            </Form.Item>
          )}
          {step === 'lift' && (
            <Form.Item name="goalsMet" label={text.goalsMet} rules={[{ required: true }]}>
              <Radio.Group options={[{ value: true, label: text.yes }, { value: false, label: text.no }]} />
            </Form.Item>
          )}
        </FormModal>
      )}
    </Drawer>
  );
}
