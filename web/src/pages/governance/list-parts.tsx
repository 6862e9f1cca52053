// What the governance lists (disputes, petitions, grid events) share: the header with its "new" button, the
// filters that go back to the first page, the region-code filter and the paged table; a dispute's columns.
import { Button, Input, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { DisputeListItem } from '../../api/governance-types.ts';
import type { Permission } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { usePaging } from '../../components/paging.ts';
import { useCan } from '../../components/session.tsx';
import type { ApiState } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { DueCell, StateTag } from './governance-parts.tsx';

/**
 * Server-side paging for a filtered list: `filter(set)` wraps a filter's setter so that a new filter value
 * starts again at page 1.
 */
export function useFilteredPaging() {
  const { paging, pagination, toFirstPage } = usePaging();
  const filter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      toFirstPage();
    };
  return { paging, pagination, filter };
}

/** The list's title, with its "new" button for those who hold `permission`. */
export function ListHeader(props: { title: string; permission: Permission; action: string; onAction: () => void; testId: string }) {
  const can = useCan();
  return (
    <PageHeader
      title={props.title}
      extra={
        can(props.permission) ? (
          <Button type="primary" onClick={props.onAction} data-testid={props.testId}>
            {props.action}
          </Button>
        ) : null
      }
    />
  );
}

/** A region-code filter: digits only, at most 9 (a county's 6 or a township's 9). */
export function RegionCodeFilter(props: { value: string; onChange: (v: string) => void; placeholder: string; testId?: string }) {
  return (
    <Input
      allowClear
      placeholder={props.placeholder}
      style={{ width: 170 }}
      value={props.value}
      maxLength={9}
      onChange={(e) => props.onChange(e.target.value.replace(/\D/g, ''))}
      data-testid={props.testId}
    />
  );
}

/** The list's rows, paged by the server, with the load error above them. */
export function PagedTable<T extends { id: string }>(props: {
  list: ApiState<{ items: T[]; total: number }>;
  columns: TableColumnsType<T>;
  pagination: ReturnType<typeof usePaging>['pagination'];
  empty: ReactNode;
  testId: string;
}) {
  const { list } = props;
  return (
    <>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<T>
        rowKey="id"
        size="middle"
        columns={props.columns}
        dataSource={list.data?.items}
        loading={list.isLoading}
        pagination={props.pagination(list.data?.total)}
        locale={{ emptyText: props.empty }}
        scroll={{ x: 'max-content' }}
        data-testid={props.testId}
      />
    </>
  );
}

/** The columns a dispute has in every list: its number (a link to it), type, state and due day. */
export function useDisputeColumns() {
  const { t, pick } = useI18n();
  const text = t.governance.list;
  const number: TableColumnsType<DisputeListItem>[number] = {
    key: 'number',
    title: text.number,
    render: (_, d) => (
      <Link to={`/disputes/${d.id}`} data-testid="dispute-link">
        {d.number}
      </Link>
    ),
  };
  const type: TableColumnsType<DisputeListItem>[number] = { key: 'type', title: text.type, render: (_, d) => pick(d.typeName) };
  const state: TableColumnsType<DisputeListItem>[number] = {
    key: 'state',
    title: text.state,
    render: (_, d) => <StateTag state={d.state} names={t.governance.disputeState} testId="dispute-state" />,
  };
  const due: TableColumnsType<DisputeListItem>[number] = { key: 'due', title: text.due, render: (_, d) => <DueCell dueAt={d.dueAt} overdue={d.overdue} /> };
  return { number, type, state, due };
}
