import { Button, Card, Col, Empty, Flex, Radio, Row, Select, Skeleton, Statistic, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { SEVERITIES } from '../../api/types.ts';
import type { HitState, HitSummary, Severity, WarningHit } from '../../api/types.ts';
import { EChart } from '../../components/echart.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { usePaging } from '../../components/paging.ts';
import { useCan } from '../../components/session.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from '../cases/case-names.ts';
import { countBarOption, trendOption } from './oversight-format.ts';
import { HitFacts, SeverityTag } from './oversight-names.tsx';
import { RaiseItemModal } from './raise-item-modal.tsx';

/**
 * The supervisor's desk (预警监督台): open warnings by severity, model, region and unit, the 30-day trend, and the
 * warnings themselves with filters; a committee supervisor raises a supervision item from a warning. A unit's
 * handler sees the same page over the warnings its unit must answer (the server scopes both calls).
 */
export default function WarningsPage() {
  const { t, pick, formatDateTime } = useI18n();
  const text = t.oversight.desk;
  const can = useCan();
  const navigate = useNavigate();
  const names = useCaseNames();
  const summary = useApi((signal) => api.warningSummary({ signal }), []);
  const { paging, pagination, toFirstPage } = usePaging();
  // the catalogue links a model's open warnings here as ?model=
  const [searchParams] = useSearchParams();
  const [model, setModel] = useState<string | undefined>(() => searchParams.get('model') ?? undefined);
  const [severity, setSeverity] = useState<Severity | undefined>(undefined);
  const [state, setState] = useState<HitState>('open');
  const hits = useApi(
    (signal) => api.warningHits({ ...paging, model, severity, state }, { signal }),
    [paging.page, paging.pageSize, model, severity, state],
  );
  const [raising, setRaising] = useState<WarningHit | null>(null);
  const mayRaise = can('supervision-item:create');

  const columns: TableColumnsType<WarningHit> = [
    {
      key: 'model',
      title: text.model,
      render: (_, h) => (
        <Link to={`/warning-models/${encodeURIComponent(h.modelId)}`} data-testid="hit-model">
          {pick(h.modelName)}
        </Link>
      ),
    },
    { key: 'severity', title: text.severity, render: (_, h) => <SeverityTag severity={h.severity} /> },
    {
      key: 'case',
      title: text.caseNumber,
      render: (_, h) =>
        h.caseId && h.caseNumber ? (
          <Link to={`/cases/${h.caseId}`} data-testid="hit-case">
            {h.caseNumber}
          </Link>
        ) : (
          t.common.none
        ),
    },
    { key: 'unit', title: text.unit, render: (_, h) => names.unit(h.unitId, h.unitName) },
    { key: 'region', title: text.region, dataIndex: 'regionName' },
    { key: 'openedAt', title: text.openedAt, render: (_, h) => formatDateTime(h.openedAt) },
    ...(state === 'open' ? [] : [{ key: 'closedAt', title: text.closedAt, render: (_: unknown, h: WarningHit) => (h.closedAt ? formatDateTime(h.closedAt) : t.common.none) }]),
    { key: 'facts', title: text.facts, width: 280, render: (_, h) => <HitFacts facts={h.facts} /> },
    ...(mayRaise
      ? [
          {
            key: 'actions',
            title: text.actions,
            fixed: 'right' as const,
            render: (_: unknown, h: WarningHit) =>
              h.closedAt ? null : (
                <Button size="small" onClick={() => setRaising(h)} data-testid="hit-raise">
                  {text.raise}
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t.menu.warnings}
        extra={
          summary.data ? (
            <Typography.Text type="secondary" data-testid="desk-last-run">
              {summary.data.lastRun ? text.lastRun(formatDateTime(summary.data.lastRun.finishedAt ?? summary.data.lastRun.startedAt)) : text.neverRun}
            </Typography.Text>
          ) : null
        }
      />
      <ErrorAlert error={summary.error} onRetry={summary.reload} />
      {summary.data ? <DeskSummary summary={summary.data} /> : summary.error ? null : <Skeleton active />}
      <Card size="small" title={text.hits}>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={text.allModels}
            style={{ width: 280 }}
            value={model}
            onChange={(v?: string) => {
              setModel(v);
              toFirstPage();
            }}
            options={summary.data?.byModel.map((m) => ({ value: m.modelId, label: pick(m.name) }))}
            data-testid="hit-model-filter"
          />
          <Select
            allowClear
            placeholder={text.allSeverities}
            style={{ width: 160 }}
            value={severity}
            onChange={(v?: Severity) => {
              setSeverity(v);
              toFirstPage();
            }}
            options={SEVERITIES.map((s) => ({ value: s, label: t.oversight.severity[s] }))}
            data-testid="hit-severity-filter"
          />
          <Radio.Group
            optionType="button"
            value={state}
            onChange={(e) => {
              setState(e.target.value);
              toFirstPage();
            }}
            options={[
              { value: 'open', label: text.stateOpen },
              { value: 'closed', label: text.stateClosed },
              { value: 'all', label: text.stateAll },
            ]}
            data-testid="hit-state-filter"
          />
        </Flex>
        <ErrorAlert error={hits.error} onRetry={hits.reload} />
        <Table<WarningHit>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={hits.data?.items}
          loading={hits.isLoading}
          pagination={pagination(hits.data?.total)}
          locale={{ emptyText: text.emptyHits }}
          scroll={{ x: 'max-content' }}
          onRow={(h) => ({ 'data-testid': 'hit-row', 'data-model': h.modelId }) as HTMLAttributes<HTMLElement>}
          data-testid="hit-table"
        />
      </Card>
      {raising ? (
        <RaiseItemModal
          hit={raising}
          onClose={() => setRaising(null)}
          onRaised={(item) => {
            setRaising(null);
            navigate(`/supervision/${item.id}`);
          }}
        />
      ) : null}
    </Flex>
  );
}

/** The counts: by severity, a bar per model, the trend, and tables by region and by unit. */
function DeskSummary({ summary }: { summary: HitSummary }) {
  const { t, pick } = useI18n();
  const names = useCaseNames();
  const text = t.oversight.desk;
  const count = (s: Severity) => summary.bySeverity.find((r) => r.severity === s)?.count ?? 0;
  const total = summary.bySeverity.reduce((n, r) => n + r.count, 0);
  const byModel = useMemo(
    () => countBarOption(summary.byModel.map((m) => ({ name: pick(m.name), count: m.count })), text.count),
    [summary, pick, text],
  );
  const trend = useMemo(() => trendOption(summary.trend, { opened: text.opened, closed: text.closed }), [summary, text]);
  const severityColour: Record<Severity, string> = { high: '#cf1322', medium: '#d46b08', low: '#1d4e89' };
  const countColumns = (first: string): TableColumnsType<{ name: string; count: number }> => [
    { key: 'name', title: first, dataIndex: 'name' },
    { key: 'count', title: text.count, dataIndex: 'count', align: 'right' },
  ];

  return (
    <Flex vertical gap={16}>
      <Card size="small" title={text.bySeverity} data-testid="desk-severity">
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Statistic title={text.openTotal} value={total} data-testid="desk-total" />
          </Col>
          {SEVERITIES.map((s) => (
            <Col xs={12} md={6} key={s}>
              <Statistic
                title={t.oversight.severityLevel(t.oversight.severity[s])}
                value={count(s)}
                styles={{ content: { color: severityColour[s] } }}
                data-testid={`desk-severity-${s}`}
              />
            </Col>
          ))}
        </Row>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={text.byModel}>
            {summary.byModel.length === 0 ? (
              <Empty description={text.noHits} />
            ) : (
              <div data-testid="desk-model-chart">
                <EChart option={byModel} ariaLabel={text.byModel} style={{ height: Math.max(200, summary.byModel.length * 32 + 40) }} />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={text.trend}>
            <div data-testid="desk-trend-chart">
              <EChart option={trend} ariaLabel={text.trend} />
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={text.byRegion}>
            <Table
              rowKey="regionCode"
              size="small"
              columns={countColumns(text.region)}
              dataSource={summary.byRegion}
              pagination={summary.byRegion.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
              locale={{ emptyText: text.noHits }}
              data-testid="desk-by-region"
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={text.byUnit}>
            <Table
              rowKey="unitId"
              size="small"
              columns={countColumns(text.unit)}
              dataSource={summary.byUnit.map((u) => ({ ...u, name: names.unit(u.unitId, u.name) }))}
              pagination={summary.byUnit.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
              locale={{ emptyText: text.noHits }}
              data-testid="desk-by-unit"
            />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
