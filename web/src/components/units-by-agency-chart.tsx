import { Empty, Skeleton, Typography } from 'antd';
import { useMemo } from 'react';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n.ts';
import { EChart } from './echart.tsx';
import type { ChartOption } from './echart.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { countByAgency } from './unit-stats.ts';
import { useApi } from './use-api.ts';

const SAMPLE_SIZE = 500;

export default function UnitsByAgencyChart() {
  const { t } = useI18n();
  const units = useApi((signal) => api.units({ pageSize: SAMPLE_SIZE }, { signal }), [], { forbidden: 'inline' });

  const counts = useMemo(() => countByAgency(units.data?.items ?? []), [units.data]);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: counts.map((c) => t.agency[c.agency]),
        axisLabel: { interval: 0, rotate: counts.length > 4 ? 30 : 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: t.home.unitsChartSeries, data: counts.map((c) => c.count), barMaxWidth: 40 }],
    }),
    [counts, t],
  );

  if (units.error) return <ErrorAlert error={units.error} onRetry={units.reload} />;
  if (!units.data) return <Skeleton active />;
  if (counts.length === 0) return <Empty description={t.home.unitsChartEmpty} />;
  return (
    <div data-testid="units-chart">
      <EChart option={option} ariaLabel={t.home.unitsChart} />
      {units.data.total > units.data.items.length ? (
        <Typography.Text type="secondary">
          {t.home.unitsChartTruncated(units.data.items.length, units.data.total)}
        </Typography.Text>
      ) : null}
    </div>
  );
}
