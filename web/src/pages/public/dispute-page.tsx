import { Button, Checkbox, Form, Input, InputNumber, Radio, Select, Spin } from 'antd';
import { useState } from 'react';
import { type Filed, type PublicRegion, publicApi } from '../../api/public-client.ts';
import { FormErrors, useFormSubmit } from '../../components/use-form-submit.tsx';
import { useI18n } from '../../i18n.ts';
import { usePublicText } from '../../i18n-public.ts';
import { FiledResult } from './filed-result.tsx';
import { LIMITS, formRules, orNull } from './form-rules.ts';
import { OptionsError, PublicShell, RegionPicker, chosenRegion, usePublicOptions } from './public-shell.tsx';

interface Values {
  regionCode: string[];
  type: string;
  summary: string;
  amount?: number | null;
  applicant: { name: string; phone: string; idNumber?: string; address?: string };
  respondent: { kind: 'person' | 'organisation'; name: string; phone?: string };
  consent: boolean;
}

// a dispute is taken in by the governance center of a county or township
const takesDisputes = (r: PublicRegion) => r.hasGovernanceCenter && (r.level === 'county' || r.level === 'township');

/** /public/dispute: ask for mediation of a dispute. */
export default function DisputePage() {
  const p = usePublicText();
  const { pick } = useI18n();
  const rules = formRules(p);
  const { options, error, retry } = usePublicOptions();
  const [form] = Form.useForm<Values>();
  const [filed, setFiled] = useState<Filed | null>(null);
  const { submitting, error: refusal, problems, submit } = useFormSubmit(form, async (v) => {
    setFiled(
      await publicApi.fileDispute({
        regionCode: chosenRegion(options?.regions ?? [], v.regionCode, takesDisputes) ?? '',
        type: v.type,
        summary: v.summary,
        amount: v.amount ?? null,
        applicant: { name: v.applicant.name.trim(), phone: v.applicant.phone.trim(), idNumber: orNull(v.applicant.idNumber)?.toUpperCase() ?? null, address: orNull(v.applicant.address) },
        respondent: { kind: v.respondent.kind, name: v.respondent.name.trim(), phone: orNull(v.respondent.phone) },
        consent: v.consent === true,
      }),
    );
  }, { keepOpen: true });

  if (filed) {
    return (
      <PublicShell title={p.home.dispute.title}>
        <FiledResult filed={filed} onAnother={() => { form.resetFields(); setFiled(null); }} />
      </PublicShell>
    );
  }
  return (
    <PublicShell title={p.home.dispute.title}>
      {error ? <OptionsError error={error} retry={retry} /> : null}
      {!options && !error ? <Spin /> : null}
      {options ? (
        <Form<Values> form={form} layout="vertical" onFinish={submit} disabled={submitting} initialValues={{ respondent: { kind: 'person' } }} data-testid="dispute-form">
          <Form.Item
            name="regionCode"
            required
            label={p.field.regionDispute}
            rules={[{ validator: (_r, v: string[] | undefined) => (chosenRegion(options.regions, v, takesDisputes) ? Promise.resolve() : Promise.reject(new Error(p.check.pick))) }]}
          >
            <RegionPicker regions={options.regions} selectable={takesDisputes} testId="dispute-region" />
          </Form.Item>
          <Form.Item name="type" label={p.field.type} rules={[rules.pick]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={options.disputeTypes.map((t) => ({ value: t.id, label: pick(t) }))}
              data-testid="dispute-type"
            />
          </Form.Item>
          <Form.Item name="summary" label={p.field.summary} extra={p.field.summaryHelp} rules={rules.text(LIMITS.summary)}>
            <Input.TextArea rows={5} showCount={{ formatter: ({ value }) => `${[...value].length} / ${LIMITS.summary}` }} data-testid="dispute-summary" />
          </Form.Item>
          <Form.Item name="amount" label={p.field.amount}>
            <InputNumber min={0} max={100_000_000_000} precision={2} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name={['applicant', 'name']} label={p.field.applicantName} rules={rules.text(LIMITS.name)}>
            <Input autoComplete="name" data-testid="dispute-name" />
          </Form.Item>
          <Form.Item name={['applicant', 'phone']} label={p.field.phone} rules={rules.phone}>
            <Input inputMode="numeric" autoComplete="tel" maxLength={LIMITS.phone} data-testid="dispute-phone" />
          </Form.Item>
          <Form.Item name={['applicant', 'idNumber']} label={p.field.idNumber} rules={rules.idNumber}>
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item name={['applicant', 'address']} label={p.field.address} rules={rules.text(LIMITS.address, true)}>
            <Input autoComplete="street-address" />
          </Form.Item>
          <Form.Item name={['respondent', 'kind']} label={p.field.respondentKind}>
            <Radio.Group options={[{ value: 'person', label: p.field.person }, { value: 'organisation', label: p.field.organisation }]} />
          </Form.Item>
          <Form.Item name={['respondent', 'name']} label={p.field.respondentName} rules={rules.text(LIMITS.name)}>
            <Input data-testid="dispute-respondent" />
          </Form.Item>
          <Form.Item name={['respondent', 'phone']} label={p.field.respondentPhone} rules={rules.optionalPhone}>
            <Input inputMode="numeric" maxLength={LIMITS.phone} />
          </Form.Item>
          <Form.Item name="consent" valuePropName="checked" rules={rules.consent}>
            <Checkbox data-testid="dispute-consent">{p.field.consent}</Checkbox>
          </Form.Item>
          <FormErrors error={refusal} problems={problems} />
          <Button type="primary" htmlType="submit" block size="large" loading={submitting} data-testid="dispute-submit">
            {p.submit}
          </Button>
        </Form>
      ) : null}
    </PublicShell>
  );
}
