import { Button, Checkbox, Form, Input, Spin } from 'antd';
import { useState } from 'react';
import { type Filed, type PublicRegion, publicApi } from '../../api/public-client.ts';
import { FormErrors, useFormSubmit } from '../../components/use-form-submit.tsx';
import { usePublicText } from '../../i18n-public.ts';
import { FiledResult } from './filed-result.tsx';
import { LIMITS, formRules, orNull } from './form-rules.ts';
import { OptionsError, PublicShell, RegionPicker, chosenRegion, usePublicOptions } from './public-shell.tsx';

interface Values {
  regionCode: string[];
  petitioner: { name: string; phone: string; idNumber?: string };
  respondent: string;
  subject: string;
  content: string;
  lawRelated?: boolean;
  consent: boolean;
}

// petition offices sit at county level and above; a petition goes to the county's (or city's)
const takesPetitions = (r: PublicRegion) => r.hasPetitionOffice && (r.level === 'county' || r.level === 'city');

/** /public/petition: an online petition (信访工作条例 17). */
export default function PetitionPage() {
  const p = usePublicText();
  const rules = formRules(p);
  const { options, error, retry } = usePublicOptions();
  const [form] = Form.useForm<Values>();
  const [filed, setFiled] = useState<Filed | null>(null);
  const { submitting, error: refusal, problems, submit } = useFormSubmit(form, async (v) => {
    setFiled(
      await publicApi.filePetition({
        regionCode: chosenRegion(options?.regions ?? [], v.regionCode, takesPetitions) ?? '',
        petitioner: { name: v.petitioner.name.trim(), phone: v.petitioner.phone.trim(), idNumber: orNull(v.petitioner.idNumber)?.toUpperCase() ?? null },
        respondent: v.respondent,
        subject: v.subject,
        content: v.content,
        lawRelated: v.lawRelated === true,
        consent: v.consent === true,
      }),
    );
  }, { keepOpen: true });

  if (filed) {
    return (
      <PublicShell title={p.home.petition.title}>
        <FiledResult filed={filed} onAnother={() => { form.resetFields(); setFiled(null); }} />
      </PublicShell>
    );
  }
  return (
    <PublicShell title={p.home.petition.title}>
      {error ? <OptionsError error={error} retry={retry} /> : null}
      {!options && !error ? <Spin /> : null}
      {options ? (
        <Form<Values> form={form} layout="vertical" onFinish={submit} disabled={submitting} data-testid="petition-form">
          <Form.Item
            name="regionCode"
            required
            label={p.field.regionPetition}
            rules={[{ validator: (_r, v: string[] | undefined) => (chosenRegion(options.regions, v, takesPetitions) ? Promise.resolve() : Promise.reject(new Error(p.check.pick))) }]}
          >
            <RegionPicker regions={options.regions} selectable={takesPetitions} testId="petition-region" />
          </Form.Item>
          <Form.Item name={['petitioner', 'name']} label={p.field.petitionerName} rules={rules.text(LIMITS.name)}>
            <Input autoComplete="name" />
          </Form.Item>
          <Form.Item name={['petitioner', 'phone']} label={p.field.phone} rules={rules.phone}>
            <Input inputMode="numeric" autoComplete="tel" maxLength={LIMITS.phone} />
          </Form.Item>
          <Form.Item name={['petitioner', 'idNumber']} label={p.field.idNumber} rules={rules.idNumber}>
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item name="respondent" label={p.field.respondent} rules={rules.text(LIMITS.respondent)}>
            <Input />
          </Form.Item>
          <Form.Item name="subject" label={p.field.subject} rules={rules.text(LIMITS.subject)}>
            <Input />
          </Form.Item>
          <Form.Item name="content" label={p.field.content} rules={rules.text(LIMITS.content)}>
            <Input.TextArea rows={6} showCount={{ formatter: ({ value }) => `${[...value].length} / ${LIMITS.content}` }} />
          </Form.Item>
          <Form.Item name="lawRelated" valuePropName="checked">
            <Checkbox>{p.field.lawRelated}</Checkbox>
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
