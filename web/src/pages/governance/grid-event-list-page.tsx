import { App, Checkbox, Flex, Form, Input, InputNumber, Select, } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { governanceApi } from '../../api/governance-client.ts';
import { GRID_EVENT_STATES } from '../../api/governance-types.ts';
import type { GridEventQuery, GridEventSummary, NewGridEvent } from '../../api/governance-types.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from '../cases/case-names.ts';
import { DueCell, StateTag } from './governance-parts.tsx';
import { ListHeader, PagedTable, RegionCodeFilter, useFilteredPaging } from './list-parts.tsx';

type StateFilter = NonNullable<GridEventQuery['state']>;

export function useGridRules() {
  return useApi((signal) => governanceApi.gridEventRules({ signal }), [], { forbidden: 'inline' });
}

/** Grid events (网格事件): those at the caller's centers or assigned to the caller's department; the reporter's phone masked. */
export default function GridEventListPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const text = t.governance.grid;
  const navigate = useNavigate();
  const names = useCaseNames();
  const { paging, pagination, filter } = useFilteredPaging();
  const [state, setState] = useState<StateFilter | undefined>('open');
  const [category, setCategory] = useState<string | undefined>(undefined);
  const [region, setRegion] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [reporting, setReporting] = useState(false);
  const rules = useGridRules();
  const regionQuery = /^[0-9]{6}([0-9]{3})?$/.test(region) ? region : undefined;
  const list = useApi(
    (signal) => governanceApi.gridEvents({ ...paging, state, category, region: regionQuery, overdue }, { signal }),
    [paging.page, paging.pageSize, state, category, regionQuery, overdue],
  );
  const categoryOptions = (rules.data?.categories ?? []).map((c) => ({ value: c.id, label: lang === 'en-US' ? c.en : c.zh }));

  const columns: TableColumnsType<GridEventSummary> = [
    {
      key: 'number',
      title: text.number,
      render: (_, e) => (
        <Link to={`/grid-events/${e.id}`} data-testid="grid-link">
          {e.number}
        </Link>
      ),
    },
    { key: 'category', title: text.category, render: (_, e) => (lang === 'en-US' ? e.categoryName.en : e.categoryName.zh) },
    { key: 'address', title: text.address, dataIndex: 'address' },
    { key: 'state', title: text.state, render: (_, e) => <StateTag state={e.state} names={t.governance.gridState} testId="grid-state" /> },
    {
      key: 'holder',
      title: text.holder,
      render: (_, e) =>
        e.responsibleUnitId
          ? names.unit(e.responsibleUnitId, e.responsibleUnitName)
          : e.countyUnitId
            ? names.unit(e.countyUnitId, e.countyUnitName)
            : names.unit(e.townshipUnitId, e.townshipUnitName),
    },
    { key: 'due', title: text.due, render: (_, e) => <DueCell dueAt={e.dueAt} overdue={e.overdue} /> },
  ];

  return (
    <>
      <ListHeader title={text.title} permission="grid-event:create" action={text.report} onAction={() => setReporting(true)} testId="grid-new" />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={text.allStates}
          style={{ width: 170 }}
          value={state}
          onChange={filter(setState)}
          options={[{ value: 'open', label: text.open }, ...GRID_EVENT_STATES.map((s) => ({ value: s, label: t.governance.gridState[s] }))]}
          data-testid="grid-state-filter"
        />
        <Select
          allowClear
          placeholder={text.allCategories}
          style={{ width: 200 }}
          value={category}
          onChange={filter(setCategory)}
          options={categoryOptions}
          data-testid="grid-category-filter"
        />
        <RegionCodeFilter value={region} onChange={filter(setRegion)} placeholder={text.region} />
        <Checkbox checked={overdue} onChange={(e) => filter(setOverdue)(e.target.checked)} data-testid="grid-overdue-filter">
          {text.overdueOnly}
        </Checkbox>
      </Flex>
      <PagedTable<GridEventSummary> list={list} columns={columns} pagination={pagination} empty={text.empty} testId="grid-table" />
      {reporting ? (
        <FormModal<NewGridEvent>
          title={text.report}
          okText={t.common.submit}
          testId="grid-report"
          onClose={() => setReporting(false)}
          onSubmit={async (v) => {
            const r = await governanceApi.reportGridEvent({
              category: v.category,
              description: v.description.trim(),
              address: v.address.trim(),
              ...(typeof v.latitude === 'number' ? { latitude: v.latitude } : {}),
              ...(typeof v.longitude === 'number' ? { longitude: v.longitude } : {}),
            });
            message.success(text.reported(r.number));
            setReporting(false);
            navigate(`/grid-events/${r.id}`);
          }}
        >
          <Form.Item name="category" label={text.category} rules={[{ required: true, message: text.required(text.category) }]}>
            <Select options={categoryOptions} loading={rules.isLoading} data-testid="grid-report-category" />
          </Form.Item>
          <Form.Item name="address" label={text.address} rules={[{ required: true, whitespace: true, message: text.required(text.address) }]}>
            <Input maxLength={200} data-testid="grid-report-address" />
          </Form.Item>
          <Form.Item name="description" label={text.description} rules={[{ required: true, whitespace: true, message: text.required(text.description) }]}>
            <Input.TextArea rows={4} maxLength={5000} showCount data-testid="grid-report-description" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="latitude" label={text.latitude} style={{ flex: 1 }}>
              <InputNumber min={-90} max={90} step={0.000001} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="longitude" label={text.longitude} style={{ flex: 1 }}>
              <InputNumber min={-180} max={180} step={0.000001} style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
        </FormModal>
      ) : null}
    </>
  );
}

