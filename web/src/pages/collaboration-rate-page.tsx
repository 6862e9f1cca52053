import { Card, Col, DatePicker, Empty, Flex, Form, InputNumber, Radio, Row, Skeleton, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import type { CollaborationFigures, CollaborationRateRow } from '../api/types.ts';
import { EChart } from '../components/echart.tsx';
import type { ChartOption } from '../components/echart.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { useApi } from '../components/use-api.ts';
import { useI18n } from '../i18n.ts';
import { type Period, percent, previousMonths, thisMonth, thisYear } from './collaboration-period.ts';

const DAY = 'YYYY-MM-DD';
/** Rows a table page shows; the chart shows the same rows, so that it stays readable for a whole province. */
const PAGE_SIZE = 20;
const toRange = (p: Period): [Dayjs, Dayjs] => [dayjs(p.from, DAY), dayjs(p.to, DAY)];

/**
 * The collaboration rate (协同率) over a period, by unit or by county: the share of transfers each unit sent online
 * and the share it received online within N days, as a table and a chart, with the server's definition beside them.
 */
export default function CollaborationRatePage() {
  const { t, pick, name } = useI18n();
  const text = t.collaboration;
  const [period, setPeriod] = useState<Period>(() => previousMonths(new Date()));
  const [by, setBy] = useState<'unit' | 'county'>('unit');
  const [days, setDays] = useState<number | undefined>(undefined);
  const [page, setPage] = useState(1);
  // a unit's own staff may not ask by county: the server's refusal is shown here, not as the 403 page
  const rate = useApi((signal) => api.collaborationRate({ ...period, by, days }, { signal }), [period.from, period.to, by, days], {
    forbidden: 'inline',
  });
  const answer = rate.data;
  const n = answer?.days ?? days;

  const presets = useMemo(() => {
    const now = new Date();
    return [
      { label: text.lastMonth, value: toRange(previousMonths(now)) },
      { label: text.thisMonth, value: toRange(thisMonth(now)) },
      { label: text.lastQuarter, value: toRange(previousMonths(now, 3)) },
      { label: text.thisYear, value: toRange(thisYear(now)) },
    ];
  }, [text]);

  const share = (rate: number | null, num: number, den: number) =>
    rate === null ? <Typography.Text type="secondary">{text.noShare}</Typography.Text> : text.share(rate, num, den);
  const rowName = (r: CollaborationRateRow) => name(r.name, r.nameEn);

  const columns: TableColumnsType<CollaborationRateRow> = [
    { key: 'name', title: answer?.by === 'county' ? text.county : text.unit, render: (_, r) => rowName(r) },
    answer?.by === 'county'
      ? { key: 'units', title: text.units, dataIndex: 'units', align: 'right' }
      : { key: 'agency', title: text.agency, render: (_, r) => (r.agency ? t.agency[r.agency] : t.common.none) },
    {
      key: 'sentOnline',
      title: <Tooltip title={text.sentOnlineHint}>{text.sentOnlineRate}</Tooltip>,
      align: 'right',
      render: (_, r) => share(r.sentOnlineRate, r.sentOnline, r.sent),
    },
    {
      key: 'receivedInTime',
      title: <Tooltip title={text.receivedInTimeHint}>{text.receivedInTimeRate(n ?? 0)}</Tooltip>,
      align: 'right',
      render: (_, r) => share(r.receivedInTimeRate, r.receivedInTime, r.received),
    },
    { key: 'pending', title: <Tooltip title={text.pendingHint}>{text.pending}</Tooltip>, dataIndex: 'receivedPending', align: 'right' },
  ];

  const summary = (total: CollaborationFigures) => (
    <Table.Summary.Row>
      <Table.Summary.Cell index={0} colSpan={2}>
        <Typography.Text strong>{text.total}</Typography.Text>
      </Table.Summary.Cell>
      <Table.Summary.Cell index={2} align="right">
        <span data-testid="collaboration-total-sent">{share(total.sentOnlineRate, total.sentOnline, total.sent)}</span>
      </Table.Summary.Cell>
      <Table.Summary.Cell index={3} align="right">
        {share(total.receivedInTimeRate, total.receivedInTime, total.received)}
      </Table.Summary.Cell>
      <Table.Summary.Cell index={4} align="right">
        {total.receivedPending}
      </Table.Summary.Cell>
    </Table.Summary.Row>
  );

  const items = answer?.items ?? [];
  const pageCount = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  const shownPage = Math.min(page, pageCount);
  const option = useMemo<ChartOption>(() => {
    // one bar per share and row of the table's page, top to bottom in the table's order
    const rows = (answer?.items ?? []).slice((shownPage - 1) * PAGE_SIZE, shownPage * PAGE_SIZE).reverse();
    return {
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? text.noShare : `${v}%`) },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: rows.map((r) => name(r.name, r.nameEn)), axisLabel: { width: 220, overflow: 'truncate' } },
      series: [
        { type: 'bar', name: text.sentOnlineRate, data: rows.map((r) => percent(r.sentOnlineRate)), barMaxWidth: 16 },
        { type: 'bar', name: text.receivedInTimeRate(n ?? 0), data: rows.map((r) => percent(r.receivedInTimeRate)), barMaxWidth: 16 },
      ],
    };
  }, [answer, shownPage, text, n, name]);
  const chartRows = Math.min(PAGE_SIZE, items.length - (shownPage - 1) * PAGE_SIZE);

  return (
    <>
      <PageHeader title={t.menu['collaboration-rate']} />
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={text.period}>
          <DatePicker.RangePicker
            value={toRange(period)}
            allowClear={false}
            presets={presets}
            onChange={(range) => {
              const [from, to] = range ?? [];
              if (!from || !to) return;
              setPeriod({ from: from.format(DAY), to: to.format(DAY) });
              setPage(1);
            }}
            data-testid="collaboration-period"
          />
        </Form.Item>
        <Form.Item label={text.by}>
          <Radio.Group
            optionType="button"
            value={by}
            onChange={(e) => {
              setBy(e.target.value);
              setPage(1);
            }}
            options={[
              { value: 'unit', label: text.byUnit },
              { value: 'county', label: text.byCounty },
            ]}
            data-testid="collaboration-by"
          />
        </Form.Item>
        <Form.Item label={text.days}>
          <InputNumber
            min={0}
            max={365}
            precision={0}
            value={days ?? answer?.days}
            onChange={(v) => setDays(v ?? undefined)}
            suffix={text.daysSuffix}
            style={{ width: 120 }}
            data-testid="collaboration-days"
          />
        </Form.Item>
      </Form>
      <ErrorAlert error={rate.error} onRetry={rate.reload} />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={16}>
          <Flex vertical gap={16}>
            <Table<CollaborationRateRow>
              rowKey="key"
              size="small"
              columns={columns}
              dataSource={items}
              loading={rate.isLoading}
              pagination={items.length > PAGE_SIZE ? { pageSize: PAGE_SIZE, current: shownPage, onChange: setPage, showSizeChanger: false } : false}
              locale={{ emptyText: text.none }}
              summary={answer && items.length > 0 ? () => summary(answer.total) : undefined}
              scroll={{ x: 'max-content' }}
              data-testid="collaboration-table"
            />
            <Card size="small" title={text.chart}>
              {!answer ? (
                <Skeleton active />
              ) : items.length === 0 ? (
                <Empty description={text.none} />
              ) : (
                <div data-testid="collaboration-chart">
                  <EChart option={option} ariaLabel={text.chart} style={{ height: Math.max(200, chartRows * 36 + 60) }} />
                </div>
              )}
            </Card>
          </Flex>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={text.definition} data-testid="collaboration-definition">
            {answer ? (
              // one sentence a paragraph: numerator and denominator of each share, then how the period is counted
              pick(answer.definition)
                .split(/(?<=。)|(?<=\.) (?=[A-Z])/)
                .filter((s) => s.trim())
                .map((s) => (
                  <Typography.Paragraph key={s} style={{ marginBottom: 8 }}>
                    {s.trim()}
                  </Typography.Paragraph>
                ))
            ) : (
              <Skeleton active />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
