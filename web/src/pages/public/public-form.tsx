// What the three citizens' forms (dispute, petition, report) share: the options they are built from, the place
// that takes the matter, the consent, the server's refusal next to the fields, the submit button and, once
// filed, the tracking code in place of the form.
import { Button, Checkbox, Form, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import type { Filed, PublicOptions, PublicRegion } from '../../api/public-client.ts';
import { FormErrors, useFormSubmit } from '../../components/use-form-submit.tsx';
import { usePublicText } from '../../i18n-public.ts';
import { FiledResult } from './filed-result.tsx';
import { formRules } from './form-rules.ts';
import { OptionsError, PublicShell, RegionPicker, chosenRegion, usePublicOptions } from './public-shell.tsx';

/** A textarea's count as the server counts characters (code points: an emoji is one). */
export const countOf = (limit: number) => ({ formatter: ({ value }: { value: string }) => `${[...value].length} / ${limit}` });

export interface PublicFormProps<V> {
  title: string;
  /** The field that holds the place, its label, which places take the matter and the picker's test id. */
  place: { name: keyof V & string; label: string; takes: (r: PublicRegion) => boolean; testId?: string };
  /** Sends the form; `regionCode` is the code of the place chosen. */
  file: (values: V, regionCode: string) => Promise<Filed>;
  initialValues?: Record<string, unknown>;
  testIds: { form: string; consent?: string; submit?: string };
  /** The matter's own fields, between the place and the consent. */
  children: (options: PublicOptions, rules: ReturnType<typeof formRules>) => ReactNode;
}

export function PublicForm<V extends { consent: boolean }>({ title, place, file, initialValues, testIds, children }: PublicFormProps<V>) {
  const p = usePublicText();
  const rules = formRules(p);
  const { options, error, retry } = usePublicOptions();
  const [form] = Form.useForm<V>();
  const [filed, setFiled] = useState<Filed | null>(null);
  const regionOf = (v: unknown) => chosenRegion(options?.regions ?? [], v as string[] | undefined, place.takes);
  const { submitting, error: refusal, problems, submit } = useFormSubmit(
    form,
    async (v) => {
      setFiled(await file(v, regionOf(v[place.name]) ?? ''));
    },
    { keepOpen: true },
  );

  if (filed) {
    return (
      <PublicShell title={title}>
        <FiledResult
          filed={filed}
          onAnother={() => {
            form.resetFields();
            setFiled(null);
          }}
        />
      </PublicShell>
    );
  }
  return (
    <PublicShell title={title}>
      {error ? <OptionsError error={error} retry={retry} /> : null}
      {!options && !error ? <Spin /> : null}
      {options ? (
        <Form<V> form={form} layout="vertical" onFinish={submit} disabled={submitting} initialValues={initialValues} data-testid={testIds.form}>
          <Form.Item
            name={place.name as string}
            required
            label={place.label}
            rules={[{ validator: (_r, v: string[] | undefined) => (regionOf(v) ? Promise.resolve() : Promise.reject(new Error(p.check.pick))) }]}
          >
            <RegionPicker regions={options.regions} selectable={place.takes} testId={place.testId} />
          </Form.Item>
          {children(options, rules)}
          <Form.Item name="consent" valuePropName="checked" rules={rules.consent}>
            <Checkbox data-testid={testIds.consent}>{p.field.consent}</Checkbox>
          </Form.Item>
          <FormErrors error={refusal} problems={problems} />
          <Button type="primary" htmlType="submit" block size="large" loading={submitting} data-testid={testIds.submit}>
            {p.submit}
          </Button>
        </Form>
      ) : null}
    </PublicShell>
  );
}
