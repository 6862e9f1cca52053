import { Card, DatePicker, Descriptions, Flex, Form, Input, Radio, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { governanceApi } from '../../api/governance-client.ts';
import type { GovernanceMetric } from '../../api/governance-types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { type Period, previousMonths, thisMonth, thisYear } from '../collaboration-period.ts';
import { type MetricRow, formatFigure, metricRows } from './governance-format.ts';

const DAY = 'YYYY-MM-DD';
const toRange = (p: Period): [Dayjs, Dayjs] => [dayjs(p.from, DAY), dayjs(p.to, DAY)];

/**
 * The governance metrics (治理指标) over a period, per unit or per child region of a region: each metric a column
 * whose heading carries its definition, the total of all in the last row, and every definition listed below.
 */
export default function GovernanceMetricsPage() {
  const { t, pick, name } = useI18n();
  const text = t.governance.metrics;
  const [period, setPeriod] = useState<Period>(() => previousMonths(new Date()));
  const [by, setBy] = useState<'unit' | 'region'>('unit');
  const [region, setRegion] = useState('');
  const regionQuery = /^[0-9]{6}([0-9]{3})?$/.test(region) ? region : undefined;
  const answer = useApi(
    (signal) => governanceApi.metrics({ ...period, by, ...(regionQuery ? { region: regionQuery } : {}) }, { signal }),
    [period.from, period.to, by, regionQuery],
    { forbidden: 'inline' },
  );
  const metrics = answer.data?.metrics ?? [];
  const rows = metricRows(metrics);

  const presets = useMemo(() => {
    const now = new Date();
    const c = t.collaboration;
    return [
      { label: c.lastMonth, value: toRange(previousMonths(now)) },
      { label: c.thisMonth, value: toRange(thisMonth(now)) },
      { label: c.lastQuarter, value: toRange(previousMonths(now, 3)) },
      { label: c.thisYear, value: toRange(thisYear(now)) },
    ];
  }, [t]);

  const heading = (m: GovernanceMetric) => (
    <Tooltip title={pick(m.definition)}>
      <span data-testid="metric-heading" data-metric={m.id} style={{ borderBottom: '1px dotted' }}>
        {pick(m.name)}
      </span>
    </Tooltip>
  );
  const columns: TableColumnsType<MetricRow> = [
    { key: 'name', title: by === 'unit' ? text.unit : text.region, fixed: 'left', render: (_, r) => name(r.name, r.nameEn) },
    ...metrics.map((m) => ({
      key: m.id,
      title: heading(m),
      align: 'right' as const,
      render: (_: unknown, r: MetricRow) => formatFigure(m.kind, r.figures[m.id], t.common.none),
    })),
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader title={t.menu['governance-metrics']} />
      <Card size="small">
        <Form layout="inline">
          <Form.Item label={text.period}>
            <DatePicker.RangePicker
              allowClear={false}
              value={toRange(period)}
              presets={presets}
              onChange={(v) => {
                if (v?.[0] && v[1]) setPeriod({ from: v[0].format(DAY), to: v[1].format(DAY) });
              }}
              data-testid="metrics-period"
            />
          </Form.Item>
          <Form.Item label={text.by}>
            <Radio.Group
              optionType="button"
              value={by}
              onChange={(e) => setBy(e.target.value)}
              options={[
                { value: 'unit', label: text.byUnit },
                { value: 'region', label: text.byRegion },
              ]}
              data-testid="metrics-by"
            />
          </Form.Item>
          <Form.Item label={text.regionCode}>
            <Input
              allowClear
              placeholder={answer.data ? `${answer.data.region.code} ${name(answer.data.region.name, answer.data.region.nameEn)}` : ''}
              value={region}
              maxLength={9}
              onChange={(e) => setRegion(e.target.value.replace(/\D/g, ''))}
              style={{ width: 220 }}
              data-testid="metrics-region"
            />
          </Form.Item>
        </Form>
      </Card>
      <ErrorAlert error={answer.error} onRetry={answer.reload} />
      <Card size="small" title={answer.data ? text.title(name(answer.data.region.name, answer.data.region.nameEn), answer.data.from, answer.data.to) : text.tableTitle}>
        <Table<MetricRow>
          rowKey="key"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={answer.isLoading}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: text.none }}
          scroll={{ x: 'max-content' }}
          data-testid="metrics-table"
          summary={() =>
            metrics.length > 0 ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{text.total}</Typography.Text>
                </Table.Summary.Cell>
                {metrics.map((m, i) => (
                  <Table.Summary.Cell key={m.id} index={i + 1} align="right">
                    <span data-testid="metric-total" data-metric={m.id}>
                      {formatFigure(m.kind, m.total, t.common.none)}
                    </span>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
      <Card size="small" title={text.definitions} data-testid="metrics-definitions">
        <Descriptions
          size="small"
          column={1}
          bordered
          items={metrics.map((m) => ({
            key: m.id,
            label: (
              <Flex vertical gap={2}>
                <span>{pick(m.name)}</span>
                <Flex gap={4} wrap>
                  <Tag>{text.subject[m.subject] ?? m.subject}</Tag>
                  <Tag color={m.direction === 'higher-better' ? 'green' : 'blue'}>{text.direction[m.direction]}</Tag>
                </Flex>
              </Flex>
            ),
            children: <span data-testid="metric-definition">{pick(m.definition)}</span>,
          }))}
        />
      </Card>
    </Flex>
  );
}
