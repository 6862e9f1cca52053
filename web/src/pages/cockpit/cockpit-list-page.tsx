import { Button, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { type CockpitListItem, cockpitApi } from '../../api/cockpit-client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { usePaging } from '../../components/paging.ts';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { COCKPIT_TEXT } from './cockpit-text.ts';

/**
 * The rows behind a cockpit figure (/cockpit/list?kind=…&region=…): exactly what the figure counted, newest first,
 * each opening its case, supervision item, dispute or petition.
 */
export default function CockpitListPage() {
  const { pick, name, lang } = useI18n();
  const text = COCKPIT_TEXT;
  const [searchParams] = useSearchParams();
  const { paging, pagination } = usePaging(20);
  const selection = searchParams.toString();
  const answer = useApi((signal) => cockpitApi.list(new URLSearchParams(selection), paging, { signal }), [selection, paging.page, paging.pageSize]);
  const kind = searchParams.get('kind') ?? '';
  const region = answer.data?.region;
  const columns: TableColumnsType<CockpitListItem> = [
    { key: 'number', title: pick(text.number), render: (_, r) => <Link to={r.link} data-testid="cockpit-list-link">{r.number}</Link> },
    { key: 'title', title: pick(text.what), dataIndex: 'title' },
    { key: 'state', title: pick(text.state), dataIndex: 'state' },
    { key: 'unit', title: pick(text.unit), render: (_, r) => name(r.unitName, r.unitNameEn) },
    { key: 'at', title: pick(text.at), render: (_, r) => (r.at ? new Date(r.at).toLocaleString(lang) : '—') },
  ];
  return (
    <div data-testid="cockpit-list-page">
      <PageHeader
        title={`${pick(text.listTitle)} · ${pick(text.kinds[kind] ?? { zh: kind, en: kind })}${region ? ` · ${name(region.name, region.nameEn)}` : ''}`}
        extra={
          <Link to={`/cockpit${region ? `?region=${region.code}` : ''}`}>
            <Button size="small">{pick(text.back)}</Button>
          </Link>
        }
      />
      <ErrorAlert error={answer.error} onRetry={answer.reload} />
      <Typography.Paragraph type="secondary" data-testid="cockpit-list-total">
        {answer.data ? answer.data.total : ''}
      </Typography.Paragraph>
      <Table<CockpitListItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={answer.data?.items ?? []}
        loading={answer.isLoading}
        pagination={pagination(answer.data?.total)}
        data-testid="cockpit-list"
      />
    </div>
  );
}
