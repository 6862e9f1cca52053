import { Alert, Button, Card, Checkbox, DatePicker, Descriptions, Form, List, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import type { DeadlineAnswer, Duration, LegalBasis, TimeLimitRule } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { useApi } from '../components/use-api.ts';
import { useI18n } from '../i18n.ts';

const cite = (b: LegalBasis[]) => b.map((x) => `《${x.law.replaceAll('《', '〈').replaceAll('》', '〉')}》第${x.article}条`).join('、');

function durationText(d: Duration, en: boolean): string {
  const parts: string[] = [];
  if (d.months) parts.push(en ? `${d.months} month(s)` : `${d.months}个月`);
  if (d.days) parts.push(en ? `${d.days} day(s)` : `${d.days}日`);
  if (d.workingDays) parts.push(en ? `${d.workingDays} working day(s)` : `${d.workingDays}个工作日`);
  if (d.hours) parts.push(en ? `${d.hours} hour(s)` : `${d.hours}小时`);
  return parts.join(en ? ' ' : '');
}

interface FormValues {
  rule: string;
  start: { format(f: string): string };
  custody: boolean;
  extend: string[];
}

/** One-off questions to the statutory clock: a rule, when its event happened, custody, extensions granted. */
export default function DeadlinesPage() {
  const { t, lang, name } = useI18n();
  const en = lang === 'en-US';
  const rules = useApi((signal) => api.timeLimitRules({ signal }), []);
  const [form] = Form.useForm<FormValues>();
  const ruleId = Form.useWatch('rule', form);
  const [answer, setAnswer] = useState<DeadlineAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const byId = useMemo(() => new Map((rules.data?.items ?? []).map((r) => [r.id, r])), [rules.data]);
  const rule: TimeLimitRule | undefined = ruleId ? byId.get(ruleId) : undefined;

  const compute = async (v: FormValues) => {
    setBusy(true);
    setError(null);
    try {
      setAnswer(
        await api.computeDeadline({ rule: v.rule, start: v.start.format('YYYY-MM-DDTHH:mm'), custody: v.custody ?? false, extend: (v.extend ?? []).map((id) => ({ id })) }),
      );
    } catch (e) {
      setAnswer(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={t.menu.deadlines} />
      <ErrorAlert error={rules.error} onRetry={rules.reload} />
      <Card>
        <Form form={form} layout="vertical" onFinish={compute} initialValues={{ custody: false, extend: [] }} style={{ maxWidth: 720 }}>
          <Form.Item name="rule" label={t.deadlines.rule} rules={[{ required: true }]}>
            <Select
              showSearch
              placeholder={t.deadlines.rulePlaceholder}
              loading={rules.isLoading}
              optionFilterProp="label"
              options={(rules.data?.items ?? []).map((r) => ({ value: r.id, label: `${name(r.name.zh, r.name.en)} · ${r.id}` }))}
              onChange={() => form.setFieldValue('extend', [])}
              data-testid="deadline-rule"
            />
          </Form.Item>
          {rule && (
            <Descriptions size="small" column={1} style={{ marginBottom: 16 }} data-testid="deadline-rule-facts">
              <Descriptions.Item label={t.deadlines.length}>{durationText(rule.length, en)}</Descriptions.Item>
              <Descriptions.Item label={t.deadlines.startsOn}>{rule.startsOn.zh}</Descriptions.Item>
              <Descriptions.Item label={t.deadlines.basis}>{cite(rule.basis)}</Descriptions.Item>
            </Descriptions>
          )}
          <Form.Item name="start" label={t.deadlines.start} rules={[{ required: true }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="deadline-start" />
          </Form.Item>
          <Form.Item name="custody" valuePropName="checked">
            <Checkbox data-testid="deadline-custody">{t.deadlines.custody}</Checkbox>
          </Form.Item>
          {rule && rule.extensions.length > 0 && (
            <Form.Item name="extend" label={t.deadlines.extensions}>
              <Checkbox.Group
                options={rule.extensions.map((e) => ({
                  value: e.id,
                  label: `${name(e.name.zh, e.name.en)}（${e.kind === 'total' ? '' : '+'}${durationText(e.length, en)}，${e.approver}）`,
                }))}
              />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={busy} data-testid="deadline-compute">
            {t.deadlines.compute}
          </Button>
        </Form>
      </Card>
      <div style={{ marginTop: 16 }}>
        <ErrorAlert error={error} />
        {answer && (
          <Card data-testid="deadline-answer">
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t.deadlines.due}: <span data-testid="deadline-due">{answer.due ?? '—'}</span>
              </Typography.Title>
              {answer.provisional && <Alert type="warning" showIcon message={t.deadlines.provisional} data-testid="deadline-provisional" />}
              <List size="small" header={t.deadlines.steps} bordered dataSource={answer.steps} renderItem={(s, i) => <List.Item>{`${i + 1}. ${s}`}</List.Item>} />
              <Typography.Text type="secondary">
                {t.deadlines.basis}: {cite(answer.basis)}
              </Typography.Text>
            </Space>
          </Card>
        )}
      </div>
    </>
  );
}
