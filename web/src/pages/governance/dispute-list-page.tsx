import { Checkbox, Flex, Select, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { governanceApi } from '../../api/governance-client.ts';
import { DISPUTE_STATES, RISK_LEVELS } from '../../api/governance-types.ts';
import type { DisputeListItem, DisputeQuery, RiskLevel } from '../../api/governance-types.ts';
import { useApi } from '../../components/use-api.ts';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from '../cases/case-names.ts';
import { useDisputeRules, useTypeOptions } from './dispute-names.ts';
import { useUnitsOf } from './governance-parts.tsx';
import { ListHeader, PagedTable, RegionCodeFilter, useDisputeColumns, useFilteredPaging } from './list-parts.tsx';

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
  const { t } = useI18n();
  const text = t.governance.list;
  const navigate = useNavigate();
  const names = useCaseNames();
  const column = useDisputeColumns();
  const { paging, pagination, filter } = useFilteredPaging();
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

  const columns: TableColumnsType<DisputeListItem> = [
    column.number,
    column.type,
    { key: 'applicant', title: text.applicant, render: (_, d) => <span data-testid="dispute-applicant">{d.firstApplicant ?? t.common.none}</span> },
    { key: 'respondent', title: text.respondent, render: (_, d) => d.firstRespondent ?? t.common.none },
    { key: 'risk', title: text.risk, render: (_, d) => <RiskTag risk={d.riskLevel} /> },
    column.state,
    {
      key: 'unit',
      title: text.unit,
      render: (_, d) => names.unit(d.handlingUnitId ?? d.intakeUnitId, d.handlingUnitName ?? d.intakeUnitName),
    },
    column.due,
  ];

  return (
    <>
      <ListHeader title={text.title} permission="dispute:create" action={text.newIntake} onAction={() => navigate('/dispute-desk')} testId="dispute-new" />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={text.allStates}
          style={{ width: 170 }}
          value={state}
          onChange={filter(setState)}
          options={[{ value: 'open', label: text.open }, ...DISPUTE_STATES.map((s) => ({ value: s, label: t.governance.disputeState[s] }))]}
          data-testid="dispute-state-filter"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'search' }}
          placeholder={text.allTypes}
          style={{ width: 200 }}
          value={type}
          onChange={filter(setType)}
          options={typeOptions}
          data-testid="dispute-type-filter"
        />
        <Select
          allowClear
          placeholder={text.allRisks}
          style={{ width: 140 }}
          value={risk}
          onChange={filter(setRisk)}
          options={RISK_LEVELS.map((r) => ({ value: r, label: t.governance.risk[r] }))}
          data-testid="dispute-risk-filter"
        />
        <div style={{ width: 240 }}>
          <UnitPicker units={units.data} loading={units.isLoading} value={unit} onChange={filter(setUnit)} placeholder={text.unitSearch} testId="dispute-unit-filter" />
        </div>
        <RegionCodeFilter value={region} onChange={filter(setRegion)} placeholder={text.region} testId="dispute-region-filter" />
        <Checkbox checked={mine} onChange={(e) => filter(setMine)(e.target.checked)} data-testid="dispute-mine-filter">
          {text.mine}
        </Checkbox>
        <Checkbox checked={overdue} onChange={(e) => filter(setOverdue)(e.target.checked)} data-testid="dispute-overdue-filter">
          {text.overdueOnly}
        </Checkbox>
      </Flex>
      <PagedTable<DisputeListItem> list={list} columns={columns} pagination={pagination} empty={text.empty} testId="dispute-table" />
    </>
  );
}
