import { Button, Checkbox, Form, Input, Select, Spin } from 'antd';
import { useState } from 'react';
import { type Filed, type PublicRegion, publicApi } from '../../api/public-client.ts';
import { FormErrors, useFormSubmit } from '../../components/use-form-submit.tsx';
import { useI18n } from '../../i18n.ts';
import { usePublicText } from '../../i18n-public.ts';
import { FiledResult } from './filed-result.tsx';
import { LIMITS, formRules } from './form-rules.ts';
import { OptionsError, PublicShell, RegionPicker, chosenRegion, usePublicOptions } from './public-shell.tsx';

interface Values {
  townshipCode: string[];
  category: string;
  description: string;
  address: string;
  phone: string;
  consent: boolean;
}

// a problem in a place goes to the township center (flows.md §6)
const takesReports = (r: PublicRegion) => r.hasGovernanceCenter && r.level === 'township';

/** /public/report: report a problem in a place. Photos are added by the center's staff when they come. */
export default function ReportPage() {
  const p = usePublicText();
  const { pick } = useI18n();
  const rules = formRules(p);
  const { options, error, retry } = usePublicOptions();
  const [form] = Form.useForm<Values>();
  const [filed, setFiled] = useState<Filed | null>(null);
  const { submitting, error: refusal, problems, submit } = useFormSubmit(form, async (v) => {
    setFiled(
      await publicApi.fileReport({
        townshipCode: chosenRegion(options?.regions ?? [], v.townshipCode, takesReports) ?? '',
        category: v.category,
        description: v.description,
        address: v.address,
        phone: v.phone.trim(),
        consent: v.consent === true,
      }),
    );
  }, { keepOpen: true });

  if (filed) {
    return (
      <PublicShell title={p.home.report.title}>
        <FiledResult filed={filed} onAnother={() => { form.resetFields(); setFiled(null); }} />
      </PublicShell>
    );
  }
  return (
    <PublicShell title={p.home.report.title}>
      {error ? <OptionsError error={error} retry={retry} /> : null}
      {!options && !error ? <Spin /> : null}
      {options ? (
        <Form<Values> form={form} layout="vertical" onFinish={submit} disabled={submitting} data-testid="report-form">
          <Form.Item
            name="townshipCode"
            required
            label={p.field.township}
            rules={[{ validator: (_r, v: string[] | undefined) => (chosenRegion(options.regions, v, takesReports) ? Promise.resolve() : Promise.reject(new Error(p.check.pick))) }]}
          >
            <RegionPicker regions={options.regions} selectable={takesReports} />
          </Form.Item>
          <Form.Item name="category" label={p.field.category} rules={[rules.pick]}>
            <Select options={options.gridEventCategories.map((c) => ({ value: c.id, label: pick(c) }))} />
          </Form.Item>
          <Form.Item name="description" label={p.field.description} rules={rules.text(LIMITS.summary)}>
            <Input.TextArea rows={4} showCount={{ formatter: ({ value }) => `${[...value].length} / ${LIMITS.summary}` }} />
          </Form.Item>
          <Form.Item name="address" label={p.field.place} rules={rules.text(LIMITS.address)}>
            <Input />
          </Form.Item>
          <Form.Item name="phone" label={p.field.phone} rules={rules.phone}>
            <Input inputMode="numeric" autoComplete="tel" maxLength={LIMITS.phone} />
          </Form.Item>
          <Form.Item name="consent" valuePropName="checked" rules={rules.consent}>
            <Checkbox>{p.field.consent}</Checkbox>
          </Form.Item>
          <FormErrors error={refusal} problems={problems} />
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            {p.submit}
          </Button>
        </Form>
      ) : null}
    </PublicShell>
  );
}
