import { Button, Checkbox, Flex, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { ITEM_SOURCES, ITEM_STATES } from '../../api/types.ts';
import type { ItemQuery, ItemSource, SupervisionItem } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { usePaging } from '../../components/paging.ts';
import { useCan, useMe } from '../../components/session.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from '../cases/case-names.ts';
import { ClassRemediationModal, NewItemModal } from './new-item-modal.tsx';
import { dueDay } from './oversight-format.ts';
import { ItemStateTag, SeverityTag } from './oversight-names.tsx';

type StateFilter = NonNullable<ItemQuery['state']>;

/** Supervision items (监督事项): the committee's items of its region and below, or a unit's items to rectify. */
export default function SupervisionListPage() {
  const { t } = useI18n();
  const text = t.oversight.items;
  const can = useCan();
  const me = useMe();
  const navigate = useNavigate();
  const names = useCaseNames();
  const { paging, pagination, toFirstPage } = usePaging();
  const [state, setState] = useState<StateFilter | undefined>('not-closed');
  const [overdue, setOverdue] = useState(false);
  const [source, setSource] = useState<ItemSource | undefined>(undefined);
  const [creating, setCreating] = useState<'item' | 'class' | null>(null);
  const items = useApi(
    (signal) => api.supervisionItems({ ...paging, state, overdue, source }, { signal }),
    [paging.page, paging.pageSize, state, overdue, source],
  );
  // items are raised by the committee's supervisors (the server says so too)
  const mayRaise = can('supervision-item:create') && me.unit.agency === 'committee';

  const columns: TableColumnsType<SupervisionItem> = [
    {
      key: 'number',
      title: text.number,
      render: (_, i) => (
        <Link to={`/supervision/${i.id}`} data-testid="item-link">
          {i.number}
        </Link>
      ),
    },
    { key: 'title', title: text.title, dataIndex: 'title' },
    { key: 'source', title: text.source, render: (_, i) => (t.oversight.itemSource as Record<string, string>)[i.source] ?? i.source },
    { key: 'assignee', title: text.assignee, render: (_, i) => names.unit(i.assigneeUnitId, i.assigneeUnitName) },
    { key: 'severity', title: text.severity, render: (_, i) => <SeverityTag severity={i.severity} /> },
    { key: 'state', title: text.state, render: (_, i) => <ItemStateTag state={i.state} /> },
    {
      key: 'dueAt',
      title: text.dueAt,
      render: (_, i) =>
        i.dueAt ? (
          <Flex gap={4} align="center">
            <Typography.Text type={i.overdue ? 'danger' : undefined} strong={i.overdue}>
              {dueDay(i.dueAt)}
            </Typography.Text>
            {i.overdue ? (
              <Tag color="red" data-testid="item-overdue">
                {text.overdue}
              </Tag>
            ) : null}
          </Flex>
        ) : (
          t.common.none
        ),
    },
    { key: 'followUps', title: text.followUps, dataIndex: 'followUps', align: 'right' },
  ];

  return (
    <>
      <PageHeader
        title={t.menu.supervision}
        extra={
          mayRaise ? (
            <Flex gap={8}>
              <Button onClick={() => setCreating('class')} data-testid="item-class-new">
                {text.classRemediation}
              </Button>
              <Button type="primary" onClick={() => setCreating('item')} data-testid="item-new">
                {text.newItem}
              </Button>
            </Flex>
          ) : null
        }
      />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={text.allStates}
          style={{ width: 180 }}
          value={state}
          onChange={(v?: StateFilter) => {
            setState(v);
            toFirstPage();
          }}
          options={[
            { value: 'not-closed', label: text.notClosed },
            ...ITEM_STATES.map((s) => ({ value: s, label: t.oversight.itemState[s] })),
          ]}
          data-testid="item-state-filter"
        />
        <Select
          allowClear
          placeholder={text.allSources}
          style={{ width: 180 }}
          value={source}
          onChange={(v?: ItemSource) => {
            setSource(v);
            toFirstPage();
          }}
          options={ITEM_SOURCES.map((s) => ({ value: s, label: t.oversight.itemSource[s] }))}
          data-testid="item-source-filter"
        />
        <Checkbox
          checked={overdue}
          onChange={(e) => {
            setOverdue(e.target.checked);
            toFirstPage();
          }}
          data-testid="item-overdue-filter"
        >
          {text.overdueOnly}
        </Checkbox>
      </Flex>
      <ErrorAlert error={items.error} onRetry={items.reload} />
      <Table<SupervisionItem>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items.data?.items}
        loading={items.isLoading}
        pagination={pagination(items.data?.total)}
        locale={{ emptyText: text.empty }}
        scroll={{ x: 'max-content' }}
        data-testid="item-table"
      />
      {creating === 'item' ? (
        <NewItemModal
          onClose={() => setCreating(null)}
          onCreated={(id) => {
            setCreating(null);
            navigate(`/supervision/${id}`);
          }}
        />
      ) : null}
      {creating === 'class' ? (
        <ClassRemediationModal
          onClose={() => setCreating(null)}
          onCreated={(id) => {
            setCreating(null);
            navigate(`/supervision/${id}`);
          }}
        />
      ) : null}
    </>
  );
}
