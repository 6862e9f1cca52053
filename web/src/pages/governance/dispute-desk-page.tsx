import { Alert, Button, Card, Flex, Form, Input, InputNumber, Radio, Result, Select, Space, Table, Typography } from 'antd';
import type { FormInstance, TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { governanceApi } from '../../api/governance-client.ts';
import { DISPUTE_CHANNELS, RISK_LEVELS, URGENCIES } from '../../api/governance-types.ts';
import type { DisputeListItem, IntakeResult } from '../../api/governance-types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useCan, useMe } from '../../components/session.tsx';
import { useApi } from '../../components/use-api.ts';
import { FormErrors, useFormSubmit } from '../../components/use-form-submit.tsx';
import { useI18n } from '../../i18n.ts';
import { useDisputeRules, useTypeOptions } from './dispute-names.ts';
import { type IntakeForm, duplicateOf, intakeBody, partyProblems } from './governance-format.ts';
import { useDisputeColumns } from './list-parts.tsx';

/** The channels a staff desk takes disputes in by (grid workers report through the grid, courts refer from theirs). */
const DESK_CHANNELS = DISPUTE_CHANNELS.filter((c) => c === 'walk-in' || c === 'hotline' || c === 'referral');

const NEW_FORM: Partial<IntakeForm> = {
  channel: 'walk-in',
  urgency: 'normal',
  parties: [
    { role: 'applicant', kind: 'person' },
    { role: 'respondent', kind: 'person' },
  ],
};

/** The intake desk (纠纷受理窗口): a walk-in, hotline or referred dispute registered, and what the unit took in lately. */
export default function DisputeDeskPage() {
  const { t } = useI18n();
  const me = useMe();
  const text = t.governance.desk;
  const can = useCan();
  const [done, setDone] = useState<IntakeResult | null>(null);
  // a grid worker takes disputes in without reading the unit's list
  const mayRead = can('dispute:read');
  const recent = useApi(
    async (signal) => (mayRead ? governanceApi.disputes({ unit: me.unit.id, pageSize: 10 }, { signal }) : { items: [], total: 0 }),
    [me.unit.id, done?.id, mayRead],
    { forbidden: 'inline' },
  );

  return (
    <Flex vertical gap={16}>
      <PageHeader title={text.title} />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {text.intro}
      </Typography.Paragraph>
      {done ? <Registered result={done} onNext={() => setDone(null)} /> : <IntakeFormCard onDone={setDone} />}
      {mayRead ? (
        <Card size="small" title={text.recent}>
          <ErrorAlert error={recent.error} onRetry={recent.reload} />
          <RecentTable items={recent.data?.items} loading={recent.isLoading} />
        </Card>
      ) : null}
    </Flex>
  );
}

function Registered({ result, onNext }: { result: IntakeResult; onNext: () => void }) {
  const { t } = useI18n();
  const text = t.governance.desk;
  return (
    <Card data-testid="intake-done">
      <Result
        status="success"
        title={<span data-testid="intake-number">{text.registered(result.number)}</span>}
        subTitle={
          <Space orientation="vertical">
            <span>
              {text.trackingCode}: <Typography.Text code copyable data-testid="intake-tracking">{result.trackingCode}</Typography.Text>
            </span>
            {result.reopenedFrom ? (
              <Alert
                type="info"
                showIcon
                data-testid="intake-reopened"
                title={
                  <span>
                    {text.reopened(result.reopenedFrom.number)}{' '}
                    <Link to={`/disputes/${result.reopenedFrom.id}`} data-testid="intake-reopened-link">
                      {result.reopenedFrom.number}
                    </Link>
                  </span>
                }
              />
            ) : null}
          </Space>
        }
        extra={[
          <Link key="open" to={`/disputes/${result.id}`} data-testid="intake-open">
            <Button type="primary">{text.open}</Button>
          </Link>,
          <Button key="next" onClick={onNext} data-testid="intake-next">
            {text.reset}
          </Button>,
        ]}
      />
    </Card>
  );
}

function IntakeFormCard({ onDone }: { onDone: (r: IntakeResult) => void }) {
  const { t, pick } = useI18n();
  const text = t.governance.desk;
  const [form] = Form.useForm<IntakeForm>();
  const rules = useDisputeRules();
  const typeOptions = useTypeOptions(rules.data);
  const { submitting, error, problems, submit } = useFormSubmit(
    form,
    async (values) => {
      const result = await governanceApi.intakeDispute(intakeBody(values));
      onDone(result);
    },
    { keepOpen: true },
  );
  const duplicate = duplicateOf(error);

  return (
    <Card title={t.governance.list.newIntake} size="small">
      <Form<IntakeForm> form={form} layout="vertical" disabled={submitting} initialValues={NEW_FORM} data-testid="intake-form">
        {duplicate ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="intake-duplicate"
            title={text.duplicate}
            description={
              <span>
                {text.duplicateOf}{' '}
                {duplicate.id ? (
                  <Link to={`/disputes/${duplicate.id}`} data-testid="intake-duplicate-link">
                    {duplicate.number}
                  </Link>
                ) : (
                  <Link to="/disputes" data-testid="intake-duplicate-link">
                    {duplicate.number}
                  </Link>
                )}
              </span>
            }
          />
        ) : (
          <FormErrors error={error} problems={problems} />
        )}
        <Flex gap={16} wrap>
          <Form.Item name="channel" label={text.channel} style={{ minWidth: 260 }}>
            <Radio.Group
              optionType="button"
              options={DESK_CHANNELS.map((c) => ({ value: c, label: t.governance.channel[c] }))}
              data-testid="intake-channel"
            />
          </Form.Item>
          <Form.Item
            name="type"
            label={text.type}
            rules={[{ required: true, message: text.required(text.type) }]}
            style={{ minWidth: 260, flex: 1 }}
          >
            <Select
              showSearch={{ optionFilterProp: 'search' }}
              placeholder={text.typePlaceholder}
              loading={rules.isLoading}
              options={typeOptions}
              data-testid="intake-type"
            />
          </Form.Item>
          <Form.Item name="riskLevel" label={text.risk} style={{ minWidth: 200 }}>
            <Select allowClear options={RISK_LEVELS.map((r) => ({ value: r, label: t.governance.risk[r] }))} data-testid="intake-risk" />
          </Form.Item>
          <Form.Item name="urgency" label={text.urgency}>
            <Radio.Group options={URGENCIES.map((u) => ({ value: u, label: t.governance.urgency[u] }))} />
          </Form.Item>
          <Form.Item name="amount" label={text.amount}>
            <InputNumber min={0} max={100_000_000_000} precision={2} style={{ width: 200 }} data-testid="intake-amount" />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label={text.region}
            rules={[{ pattern: /^[0-9]{6}([0-9]{3})?$/, message: text.regionHint }]}
            style={{ minWidth: 260 }}
          >
            <Input placeholder={text.regionHint} maxLength={9} data-testid="intake-region" />
          </Form.Item>
        </Flex>
        <Form.Item
          name="summary"
          label={text.summary}
          rules={[{ required: true, whitespace: true, message: text.required(text.summary) }]}
        >
          <Input.TextArea rows={3} maxLength={5000} showCount data-testid="intake-summary" />
        </Form.Item>
        <PartiesFields form={form} pick={pick} />
        <Button type="primary" onClick={submit} loading={submitting} data-testid="intake-submit">
          {text.submit}
        </Button>
      </Form>
    </Card>
  );
}

/** The parties, each checked by the server's own rules as it is typed (the applicant reachable by phone or ID). */
function PartiesFields({ form, pick }: { form: FormInstance<IntakeForm>; pick: (b: { zh: string; en: string }) => string }) {
  const { t } = useI18n();
  const text = t.governance.desk;
  // the one check of every party field: the server's, over the whole form as it stands
  const serverCheck = (path: (string | number)[]) => ({
    validator: async () => {
      const values = form.getFieldsValue(true) as IntakeForm;
      const hit = partyProblems(intakeBody({ ...values, parties: values.parties ?? [], summary: values.summary ?? '' })).find(
        (p) => p.name.join('.') === path.join('.'),
      );
      if (hit) throw new Error(pick(hit.message));
    },
  });

  return (
    <Form.List
      name="parties"
      rules={[
        {
          validator: async () => {
            const values = form.getFieldsValue(true) as IntakeForm;
            const whole = partyProblems(intakeBody({ ...values, parties: values.parties ?? [], summary: values.summary ?? '' })).find(
              (p) => p.name.length === 1,
            );
            if (whole) throw new Error(pick(whole.message));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Card size="small" type="inner" title={text.parties} style={{ marginBottom: 16 }} data-testid="intake-parties">
          {fields.map((field, i) => (
            <Flex key={field.key} gap={12} wrap align="flex-start" data-testid={`intake-party-${i}`}>
              <Form.Item name={[field.name, 'role']} label={text.role} style={{ width: 120 }}>
                <Select
                  options={['applicant', 'respondent'].map((r) => ({ value: r, label: t.governance.partyRole[r] }))}
                  data-testid={`party-${i}-role`}
                />
              </Form.Item>
              <Form.Item name={[field.name, 'kind']} label={text.kind} style={{ width: 150 }}>
                <Select
                  options={['person', 'organisation'].map((k) => ({ value: k, label: t.governance.partyKind[k] }))}
                  data-testid={`party-${i}-kind`}
                />
              </Form.Item>
              <Form.Item
                name={[field.name, 'name']}
                label={text.name}
                rules={[serverCheck(['parties', field.name, 'name'])]}
                style={{ width: 160 }}
              >
                <Input maxLength={100} data-testid={`party-${i}-name`} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'phone']}
                label={text.phone}
                dependencies={[['parties', field.name, 'idNumber'], ['parties', field.name, 'role']]}
                rules={[serverCheck(['parties', field.name, 'phone'])]}
                style={{ width: 170 }}
              >
                <Input maxLength={20} data-testid={`party-${i}-phone`} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'idNumber']}
                label={text.idNumber}
                dependencies={[['parties', field.name, 'kind']]}
                rules={[serverCheck(['parties', field.name, 'idNumber'])]}
                style={{ width: 230 }}
              >
                <Input maxLength={18} data-testid={`party-${i}-id`} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'address']}
                label={text.address}
                rules={[serverCheck(['parties', field.name, 'address'])]}
                style={{ flex: 1, minWidth: 180 }}
              >
                <Input maxLength={200} data-testid={`party-${i}-address`} />
              </Form.Item>
              {fields.length > 2 ? (
                <Button type="link" danger onClick={() => remove(field.name)} style={{ marginTop: 30 }}>
                  {text.removeParty}
                </Button>
              ) : null}
            </Flex>
          ))}
          <Form.ErrorList errors={errors} />
          <Space>
            <Button onClick={() => add({ role: 'applicant', kind: 'person' })} data-testid="party-add-applicant">
              {text.addApplicant}
            </Button>
            <Button onClick={() => add({ role: 'respondent', kind: 'person' })} data-testid="party-add-respondent">
              {text.addRespondent}
            </Button>
          </Space>
        </Card>
      )}
    </Form.List>
  );
}

export function RecentTable({ items, loading }: { items: DisputeListItem[] | undefined; loading: boolean }) {
  const { t, formatDateTime } = useI18n();
  const text = t.governance.list;
  const column = useDisputeColumns();
  const columns: TableColumnsType<DisputeListItem> = [
    column.number,
    column.type,
    { key: 'applicant', title: text.applicant, render: (_, d) => d.firstApplicant ?? t.common.none },
    column.state,
    column.due,
    { key: 'createdAt', title: text.createdAt, render: (_, d) => formatDateTime(d.createdAt) },
  ];
  return (
    <Table<DisputeListItem>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      locale={{ emptyText: t.governance.desk.recentEmpty }}
      scroll={{ x: 'max-content' }}
      data-testid="intake-recent"
    />
  );
}
