import { Form, Input, InputNumber, Radio, Select } from 'antd';
import { type PublicRegion, publicApi } from '../../api/public-client.ts';
import { useI18n } from '../../i18n.ts';
import { usePublicText } from '../../i18n-public.ts';
import { LIMITS, orNull } from './form-rules.ts';
import { PublicForm, countOf } from './public-form.tsx';

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
  return (
    <PublicForm<Values>
      title={p.home.dispute.title}
      place={{ name: 'regionCode', label: p.field.regionDispute, takes: takesDisputes, testId: 'dispute-region' }}
      initialValues={{ respondent: { kind: 'person' } }}
      testIds={{ form: 'dispute-form', consent: 'dispute-consent', submit: 'dispute-submit' }}
      file={(v, regionCode) =>
        publicApi.fileDispute({
          regionCode,
          type: v.type,
          summary: v.summary,
          amount: v.amount ?? null,
          applicant: { name: v.applicant.name.trim(), phone: v.applicant.phone.trim(), idNumber: orNull(v.applicant.idNumber)?.toUpperCase() ?? null, address: orNull(v.applicant.address) },
          respondent: { kind: v.respondent.kind, name: v.respondent.name.trim(), phone: orNull(v.respondent.phone) },
          consent: v.consent === true,
        })
      }
    >
      {(options, rules) => (
        <>
          <Form.Item name="type" label={p.field.type} rules={[rules.pick]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={options.disputeTypes.map((t) => ({ value: t.id, label: pick(t) }))}
              data-testid="dispute-type"
            />
          </Form.Item>
          <Form.Item name="summary" label={p.field.summary} extra={p.field.summaryHelp} rules={rules.text(LIMITS.summary)}>
            <Input.TextArea rows={5} showCount={countOf(LIMITS.summary)} data-testid="dispute-summary" />
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
        </>
      )}
    </PublicForm>
  );
}
