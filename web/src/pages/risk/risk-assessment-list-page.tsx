import { App, Checkbox, Flex, Form, Input, InputNumber, Select, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { RISK_LEVELS, RISK_STATES, riskApi } from '../../api/risk-client.ts';
import type { NewRiskAssessment, RiskAssessmentListItem, RiskLevel, RiskState } from '../../api/risk-client.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { useMe } from '../../components/session.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { LEVEL_COLOURS, useRiskText } from '../../i18n-risk.ts';
import { useCaseNames } from '../cases/case-names.ts';
import { StateTag } from '../governance/governance-parts.tsx';
import { ListHeader, PagedTable, RegionCodeFilter, useFilteredPaging } from '../governance/list-parts.tsx';

/** A rating as a coloured tag (none before the assessment is rated). */
export function RatingTag({ rating, testId = 'risk-rating' }: { rating: RiskLevel | null; testId?: string }) {
  const text = useRiskText();
  const { t } = useI18n();
  if (!rating) return <>{t.common.none}</>;
  return (
    <Tag color={LEVEL_COLOURS[rating]} data-testid={testId} data-rating={rating}>
      {text.levelName[rating]}
    </Tag>
  );
}

/** Stability risk assessments (风险评估): the owner body's own; a committee supervisor's region and below. */
export default function RiskAssessmentListPage() {
  const { t, formatDateTime } = useI18n();
  const { message } = App.useApp();
  const text = useRiskText();
  const me = useMe();
  const navigate = useNavigate();
  const names = useCaseNames();
  const { paging, pagination, filter } = useFilteredPaging();
  // the cockpit's figures open this list with their filters (?region=&open=true&rating=)
  const [params] = useSearchParams();
  const [state, setState] = useState<RiskState | undefined>(() => RISK_STATES.find((s) => s === params.get('state')));
  const [rating, setRating] = useState<RiskLevel | undefined>(() => RISK_LEVELS.find((l) => l === params.get('rating')));
  const [region, setRegion] = useState(() => (params.get('region') ?? '').replace(/\D/g, '').slice(0, 9));
  const [openOnly, setOpenOnly] = useState(() => params.get('open') === 'true');
  const [registering, setRegistering] = useState(false);
  const regionQuery = /^[0-9]{6}([0-9]{3})?$/.test(region) ? region : undefined;
  const list = useApi(
    (signal) => riskApi.list({ ...paging, state, rating, region: regionQuery, ...(openOnly ? { open: 'true' as const } : {}) }, { signal }),
    [paging.page, paging.pageSize, state, rating, regionQuery, openOnly],
  );

  const columns: TableColumnsType<RiskAssessmentListItem> = [
    {
      key: 'number',
      title: text.number,
      render: (_, a) => (
        <Link to={`/risk-assessments/${a.id}`} data-testid="risk-link">
          {a.number}
        </Link>
      ),
    },
    { key: 'title', title: text.decision, dataIndex: 'title' },
    { key: 'body', title: text.decisionBody, dataIndex: 'decisionBody' },
    { key: 'region', title: text.regionName, render: (_, a) => a.regionName },
    { key: 'owner', title: text.owner, render: (_, a) => names.unit(a.ownerUnitId, a.ownerUnitName) },
    { key: 'people', title: text.peopleAffected, align: 'right', render: (_, a) => a.peopleAffected.toLocaleString() },
    { key: 'state', title: text.state, render: (_, a) => <StateTag state={a.state} names={text.stateName} testId="risk-state" /> },
    { key: 'rating', title: text.rating, render: (_, a) => <RatingTag rating={a.rating} /> },
    { key: 'mitigations', title: text.mitigations, render: (_, a) => `${a.mitigationsOpen} / ${a.mitigationsDone}` },
    { key: 'registeredAt', title: text.registeredAt, render: (_, a) => formatDateTime(a.registeredAt) },
  ];

  return (
    <>
      <ListHeader title={text.title} permission="risk-assessment:create" action={text.register} onAction={() => setRegistering(true)} testId="risk-new" />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={text.allStates}
          style={{ width: 170 }}
          value={state}
          onChange={filter(setState)}
          options={RISK_STATES.map((s) => ({ value: s, label: text.stateName[s] }))}
          data-testid="risk-state-filter"
        />
        <Select
          allowClear
          placeholder={text.allRatings}
          style={{ width: 150 }}
          value={rating}
          onChange={filter(setRating)}
          options={RISK_LEVELS.map((l) => ({ value: l, label: text.levelName[l] }))}
          data-testid="risk-rating-filter"
        />
        <RegionCodeFilter value={region} onChange={filter(setRegion)} placeholder={text.regionFilter} testId="risk-region-filter" />
        <Checkbox checked={openOnly} onChange={(e) => filter(setOpenOnly)(e.target.checked)} data-testid="risk-open-filter">
          {text.openOnly}
        </Checkbox>
      </Flex>
      <PagedTable<RiskAssessmentListItem> list={list} columns={columns} pagination={pagination} empty={text.empty} testId="risk-table" />
      {registering ? (
        <FormModal<NewRiskAssessment>
          title={text.register}
          okText={t.common.submit}
          testId="risk-register"
          initialValues={{ regionCode: me.region.code, peopleAffected: 0 }}
          onClose={() => setRegistering(false)}
          onSubmit={async (v) => {
            const r = await riskApi.register({
              title: v.title.trim(),
              summary: v.summary.trim(),
              decisionBody: v.decisionBody.trim(),
              regionCode: v.regionCode.trim(),
              peopleAffected: v.peopleAffected,
            });
            message.success(text.registered(r.number));
            setRegistering(false);
            navigate(`/risk-assessments/${r.id}`);
          }}
        >
          <Form.Item name="title" label={text.decision} rules={[{ required: true, whitespace: true, message: text.required(text.decision) }]}>
            <Input maxLength={200} data-testid="risk-register-title" />
          </Form.Item>
          <Form.Item name="decisionBody" label={text.decisionBody} extra={text.decisionBodyHint} rules={[{ required: true, whitespace: true, message: text.required(text.decisionBody) }]}>
            <Input maxLength={100} data-testid="risk-register-body" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="regionCode" label={text.region} style={{ flex: 1 }} rules={[{ required: true, pattern: /^[0-9]{6}([0-9]{3})?$/, message: text.required(text.region) }]}>
              <Input maxLength={9} data-testid="risk-register-region" />
            </Form.Item>
            <Form.Item name="peopleAffected" label={text.peopleAffected} style={{ flex: 1 }} rules={[{ required: true, message: text.required(text.peopleAffected) }]}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="risk-register-people" />
            </Form.Item>
          </Flex>
          <Form.Item name="summary" label={text.summary} rules={[{ required: true, whitespace: true, message: text.required(text.summary) }]}>
            <Input.TextArea rows={4} maxLength={5000} showCount data-testid="risk-register-summary" />
          </Form.Item>
        </FormModal>
      ) : null}
    </>
  );
}
