import { Button, Flex, Input, Select, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { CaseSummary } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { usePaging } from '../../components/paging.ts';
import { useCan } from '../../components/session.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';
import { RegisterCaseModal } from './register-case-modal.tsx';

export default function CaseListPage() {
  const { t, formatDateTime } = useI18n();
  const names = useCaseNames();
  const can = useCan();
  const navigate = useNavigate();
  const { paging, pagination, toFirstPage } = usePaging();
  const [q, setQ] = useState('');
  const [stage, setStage] = useState<string | undefined>(undefined);
  const [registering, setRegistering] = useState(false);
  const cases = useApi(
    (signal) => api.cases({ ...paging, q: q || undefined, stage }, { signal }),
    [paging.page, paging.pageSize, q, stage],
  );
  const text = t.cases.list;

  const columns: TableColumnsType<CaseSummary> = [
    {
      key: 'caseNumber',
      title: text.caseNumber,
      render: (_, c) => (
        <Link to={`/cases/${c.id}`} data-testid="case-link">
          {c.caseNumber}
        </Link>
      ),
    },
    { key: 'title', title: text.title, dataIndex: 'title' },
    { key: 'charge', title: text.charge, render: (_, c) => names.charge(c.charge) },
    { key: 'stage', title: text.stage, render: (_, c) => <Tag color="blue">{names.stage(c.stage)}</Tag> },
    { key: 'holder', title: text.holder, render: (_, c) => names.unit(c.holderUnitId, c.holderUnitName) },
    { key: 'registeredAt', title: text.registeredAt, render: (_, c) => formatDateTime(c.registeredAt) },
    { key: 'onPaper', title: text.onPaper, render: (_, c) => (c.onPaper ? <Tag color="gold">{text.onPaper}</Tag> : null) },
  ];

  return (
    <>
      <PageHeader
        title={t.menu.cases}
        extra={
          can('case:create') ? (
            <Button type="primary" onClick={() => setRegistering(true)} data-testid="register-case">
              {text.register}
            </Button>
          ) : null
        }
      />
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={text.search}
          style={{ width: 320 }}
          onSearch={(value) => {
            setQ(value.trim());
            toFirstPage();
          }}
          data-testid="case-search"
        />
        <Select
          allowClear
          placeholder={text.allStages}
          style={{ width: 220 }}
          value={stage}
          onChange={(value?: string) => {
            setStage(value);
            toFirstPage();
          }}
          options={names.flow?.rules.stages.map((s) => ({ value: s.id, label: names.stage(s.id) }))}
          data-testid="case-stage-filter"
        />
      </Flex>
      <ErrorAlert error={cases.error} onRetry={cases.reload} />
      <Table<CaseSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={cases.data?.items}
        loading={cases.isLoading}
        pagination={pagination(cases.data?.total)}
        locale={{ emptyText: text.empty }}
        scroll={{ x: 'max-content' }}
      />
      {registering ? (
        <RegisterCaseModal
          onClose={() => setRegistering(false)}
          onRegistered={(created) => {
            setRegistering(false);
            navigate(`/cases/${created.id}`);
          }}
        />
      ) : null}
    </>
  );
}
