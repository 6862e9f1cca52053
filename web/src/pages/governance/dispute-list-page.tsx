import { Button, Checkbox, Flex, Input, Select, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { governanceApi } from '../../api/governance-client.ts';
import { DISPUTE_STATES, RISK_LEVELS } from '../../api/governance-types.ts';
import type { DisputeListItem, DisputeQuery, RiskLevel } from '../../api/governance-types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { usePaging } from '../../components/paging.ts';
import { useCan } from '../../components/session.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from '../cases/case-names.ts';
import { useDisputeRules, useTypeOptions } from './dispute-names.ts';
import { DueCell, StateTag, UnitPicker, useUnitsOf } from './governance-parts.tsx';

type StateFilter = NonNullable<DisputeQuery['state']>;

const RISK_COLOURS: Record<string, string> = { high: 'red', medium: 'orange', low: 'green' };

export function RiskTag({ risk }: { risk: string }) {
  const { t } = useI18n();
  return (
    <Tag color={RISK_COLOURS[risk] ?? 'default'} data-testid="dispute-risk" data-risk={risk}>
      {(t.governance.risk as Record<string, string>)[risk] ?? risk}
    </Tag>
  );
}

/** Disputes (矛盾纠纷): those the caller may read, newest first, parties masked; "mine" is a mediator's own list. */
export default function DisputeListPage() {
  const { t, pick } = useI18n();
  const text = t.governance.list;
  const can = useCan();
  const navigate = useNavigate();
  const names = useCaseNames();
  const { paging, pagination, toFirstPage } = usePaging();
  const [state, setState] = useState<StateFilter | undefined>('open');
  const [type, setType] = useState<string | undefined>(undefined);
  const [risk, setRisk] = useState<RiskLevel | undefined>(undefined);
  const [unit, setUnit] = useState<string | undefined>(undefined);
  const [region, setRegion] = useState('');
  const [mine, setMine] = useState(false);
  const [overdue, setOverdue] = useState(false);
  const rules = useDisputeRules();
  const typeOptions = useTypeOptions(rules.data);
  const units = useUnitsOf(['governance-center', 'mediation-committee', 'justice-bureau', 'court']);
  const regionQuery = /^[0-9]{2,9}$/.test(region) ? region : undefined;
  const list = useApi(
    (signal) => governanceApi.disputes({ ...paging, state, type, risk, unit, region: regionQuery, mine, overdue }, { signal }),
    [paging.page, paging.pageSize, state, type, risk, unit, regionQuery, mine, overdue],
  );

  const reset = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    toFirstPage();
  };

  const columns: TableColumnsType<DisputeListItem> = [
    {
      key: 'number',
      title: text.number,
      render: (_, d) => (
        <Link to={`/disputes/${d.id}`} data-testid="dispute-link">
          {d.number}
        </Link>
      ),
    },
    { key: 'type', title: text.type, render: (_, d) => pick(d.typeName) },
    { key: 'applicant', title: text.applicant, render: (_, d) => <span data-testid="dispute-applicant">{d.firstApplicant ?? t.common.none}</span> },
    { key: 'respondent', title: text.respondent, render: (_, d) => d.firstRespondent ?? t.common.none },
    { key: 'risk', title: text.risk, render: (_, d) => <RiskTag risk={d.riskLevel} /> },
    { key: 'state', title: text.state, render: (_, d) => <StateTag state={d.state} names={t.governance.disputeState} testId="dispute-state" /> },
    {
      key: 'unit',
      title: text.unit,
      render: (_, d) => names.unit(d.handlingUnitId ?? d.intakeUnitId, d.handlingUnitName ?? d.intakeUnitName),
    },
    { key: 'due', title: text.due, render: (_, d) => <DueCell dueAt={d.dueAt} overdue={d.overdue} /> },
  ];

  return (
    <>
      <PageHeader
        title={text.title}
        extra={
          can('dispute:create') ? (
            <Button type="primary" onClick={() => navigate('/dispute-desk')} data-testid="dispute-new">
              {text.newIntake}
            </Button>
          ) : null
        }
      />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={text.allStates}
          style={{ width: 170 }}
          value={state}
          onChange={reset(setState)}
          options={[{ value: 'open', label: text.open }, ...DISPUTE_STATES.map((s) => ({ value: s, label: t.governance.disputeState[s] }))]}
          data-testid="dispute-state-filter"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'search' }}
          placeholder={text.allTypes}
          style={{ width: 200 }}
          value={type}
          onChange={reset(setType)}
          options={typeOptions}
          data-testid="dispute-type-filter"
        />
        <Select
          allowClear
          placeholder={text.allRisks}
          style={{ width: 140 }}
          value={risk}
          onChange={reset(setRisk)}
          options={RISK_LEVELS.map((r) => ({ value: r, label: t.governance.risk[r] }))}
          data-testid="dispute-risk-filter"
        />
        <div style={{ width: 240 }}>
          <UnitPicker units={units.data} loading={units.isLoading} value={unit} onChange={reset(setUnit)} placeholder={text.unitSearch} testId="dispute-unit-filter" />
        </div>
        <Input
          allowClear
          placeholder={text.region}
          style={{ width: 170 }}
          value={region}
          maxLength={9}
          onChange={(e) => {
            setRegion(e.target.value.replace(/\D/g, ''));
            toFirstPage();
          }}
          data-testid="dispute-region-filter"
        />
        <Checkbox checked={mine} onChange={(e) => reset(setMine)(e.target.checked)} data-testid="dispute-mine-filter">
          {text.mine}
        </Checkbox>
        <Checkbox checked={overdue} onChange={(e) => reset(setOverdue)(e.target.checked)} data-testid="dispute-overdue-filter">
          {text.overdueOnly}
        </Checkbox>
      </Flex>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<DisputeListItem>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isLoading}
        pagination={pagination(list.data?.total)}
        locale={{ emptyText: text.empty }}
        scroll={{ x: 'max-content' }}
        data-testid="dispute-table"
      />
    </>
  );
}
