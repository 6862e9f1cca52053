import { Select, Space, Table, TreeSelect } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import { AGENCIES } from '../api/types.ts';
import type { Agency, Region, Unit } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { usePaging } from '../components/paging.ts';
import { buildRegionTree } from '../components/region-tree.ts';
import type { RegionNode } from '../components/region-tree.ts';
import { useApi } from '../components/use-api.ts';
import { useI18n } from '../i18n.ts';

interface RegionOption {
  value: string;
  title: string;
  children?: RegionOption[];
}

export default function UnitsPage() {
  const { t, name } = useI18n();
  const { paging, pagination, toFirstPage } = usePaging();
  const [agency, setAgency] = useState<Agency | undefined>(undefined);
  const [regionCode, setRegionCode] = useState<string | undefined>(undefined);

  const units = useApi(
    (signal) => api.units({ agency, regionCode, page: paging.page, pageSize: paging.pageSize }, { signal }),
    [agency, regionCode, paging.page, paging.pageSize],
  );
  // Regions only name the region column and fill the filter; the page works without them.
  const regions = useApi((signal) => api.regions({ signal }), [], { forbidden: 'inline' });

  const regionByCode = useMemo(
    () => new Map<string, Region>((regions.data?.items ?? []).map((r) => [r.code, r])),
    [regions.data],
  );
  const regionOptions = useMemo(() => {
    const toOption = (r: RegionNode): RegionOption => ({
      value: r.code,
      title: `${name(r.name, r.nameEn)} (${r.code})`,
      children: r.children?.map(toOption),
    });
    return buildRegionTree(regions.data?.items ?? []).map(toOption);
  }, [regions.data, name]);

  const columns: TableColumnsType<Unit> = [
    { key: 'name', title: t.units.name, render: (_, u) => name(u.name, u.nameEn) },
    { key: 'agency', title: t.units.agency, render: (_, u) => t.agency[u.agency] },
    { key: 'level', title: t.units.level, render: (_, u) => t.unitLevel[u.level] },
    {
      key: 'region',
      title: t.units.region,
      render: (_, u) => {
        const r = regionByCode.get(u.regionCode);
        return r ? name(r.name, r.nameEn) : u.regionCode;
      },
    },
    { key: 'orgCode', title: t.units.orgCode, dataIndex: 'orgCode' },
  ];

  return (
    <>
      <PageHeader
        title={t.menu.units}
        extra={
          <Space wrap>
            <Select<Agency>
              allowClear
              placeholder={t.units.allAgencies}
              style={{ width: 200 }}
              value={agency}
              options={AGENCIES.map((a) => ({ value: a, label: t.agency[a] }))}
              onChange={(v) => {
                setAgency(v);
                toFirstPage();
              }}
              data-testid="units-filter-agency"
            />
            <TreeSelect
              allowClear
              showSearch
              treeNodeFilterProp="title"
              placeholder={t.units.allRegions}
              style={{ width: 260 }}
              value={regionCode}
              treeData={regionOptions}
              loading={regions.isLoading}
              onChange={(v: string | undefined) => {
                setRegionCode(v);
                toFirstPage();
              }}
              data-testid="units-filter-region"
            />
          </Space>
        }
      />
      <ErrorAlert error={units.error} onRetry={units.reload} />
      <Table<Unit>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={units.data?.items}
        loading={units.isLoading}
        pagination={pagination(units.data?.total)}
      />
    </>
  );
}
