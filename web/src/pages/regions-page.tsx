import { Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import type { Key } from 'react';
import { api } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { buildRegionTree } from '../components/region-tree.ts';
import type { RegionNode } from '../components/region-tree.ts';
import { useApi } from '../components/use-api.ts';
import { useI18n } from '../i18n.ts';

export default function RegionsPage() {
  const { t, name } = useI18n();
  const regions = useApi((signal) => api.regions({ signal }), []);
  const tree = useMemo(() => buildRegionTree(regions.data?.items ?? []), [regions.data]);
  // Until the user expands or collapses something, the top two levels are open.
  const [expanded, setExpanded] = useState<readonly Key[] | null>(null);
  const defaultExpanded = useMemo(() => tree.flatMap((r) => [r.code, ...(r.children ?? []).map((c) => c.code)]), [tree]);

  const columns: TableColumnsType<RegionNode> = [
    { key: 'name', title: t.regions.name, render: (_, r) => name(r.name, r.nameEn) },
    { key: 'code', title: t.regions.code, dataIndex: 'code', width: 180 },
    { key: 'level', title: t.regions.level, width: 140, render: (_, r) => t.regionLevel[r.level] },
  ];

  return (
    <>
      <PageHeader title={t.menu.regions} />
      <ErrorAlert error={regions.error} onRetry={regions.reload} />
      <Table<RegionNode>
        rowKey="code"
        size="middle"
        columns={columns}
        dataSource={tree}
        loading={regions.isLoading}
        pagination={false}
        expandable={{ expandedRowKeys: expanded ?? defaultExpanded, onExpandedRowsChange: setExpanded }}
      />
    </>
  );
}
