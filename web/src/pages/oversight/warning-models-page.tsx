import { Alert, Flex, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { WarningModel } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useMe } from '../../components/session.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { basisText } from './oversight-format.ts';
import { SeverityTag } from './oversight-names.tsx';

/** The catalogue of warning models (预警模型): what is watched, on which basis, and how many warnings are open. */
export default function WarningModelsPage() {
  const { t, pick } = useI18n();
  const me = useMe();
  const text = t.oversight.models;
  const models = useApi((signal) => api.warningModels({ signal }), []);
  // the open warnings per model come from the desk's summary, for those who may read warnings
  const mayReadHits = me.menu.includes('warnings');
  const summary = useApi((signal) => (mayReadHits ? api.warningSummary({ signal }) : Promise.resolve(null)), [mayReadHits], {
    forbidden: 'inline',
  });
  const openHits = new Map((summary.data?.byModel ?? []).map((m) => [m.modelId, m.count]));

  const columns: TableColumnsType<WarningModel> = [
    {
      key: 'id',
      title: text.id,
      render: (_, m) => (
        <Link to={`/warning-models/${encodeURIComponent(m.id)}`} data-testid="model-link">
          <Typography.Text code>{m.id}</Typography.Text>
        </Link>
      ),
    },
    { key: 'name', title: text.name, render: (_, m) => pick(m.name) },
    { key: 'group', title: text.group, render: (_, m) => text.group_[m.group] ?? m.group },
    { key: 'severity', title: text.severity, render: (_, m) => <SeverityTag severity={m.severity} /> },
    {
      key: 'basis',
      title: text.basis,
      render: (_, m) => basisText(m, text.article, pick, t.oversight.listSeparator) || t.common.none,
    },
    {
      key: 'enabled',
      title: text.enabled,
      render: (_, m) => (m.enabled ? <Tag color="green">{text.on}</Tag> : <Tag>{text.off}</Tag>),
    },
    ...(mayReadHits
      ? [
          {
            key: 'openHits',
            title: text.openHits,
            align: 'right' as const,
            render: (_: unknown, m: WarningModel) => {
              const n = openHits.get(m.id) ?? 0;
              return n > 0 ? (
                <Link to={`/warnings?model=${encodeURIComponent(m.id)}`} data-testid="model-open-hits">
                  {n}
                </Link>
              ) : (
                <Typography.Text type="secondary">0</Typography.Text>
              );
            },
          },
        ]
      : []),
  ];

  const refused = models.data?.refused ?? [];
  return (
    <Flex vertical gap={16}>
      <PageHeader title={t.menu['warning-models']} />
      <ErrorAlert error={models.error} onRetry={models.reload} />
      {refused.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={text.refused(refused.length)}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {refused.map((r) => (
                <li key={`${r.source}:${r.field}`}>{text.refusedItem(r.source, r.field, r.problem)}</li>
              ))}
            </ul>
          }
          data-testid="models-refused"
        />
      ) : null}
      <Table<WarningModel>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={models.data?.items}
        loading={models.isLoading}
        pagination={false}
        locale={{ emptyText: text.empty }}
        scroll={{ x: 'max-content' }}
        data-testid="models-table"
      />
    </Flex>
  );
}
