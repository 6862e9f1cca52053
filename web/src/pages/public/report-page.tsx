import { Form, Input, Select } from 'antd';
import { type PublicRegion, publicApi } from '../../api/public-client.ts';
import { useI18n } from '../../i18n.ts';
import { usePublicText } from '../../i18n-public.ts';
import { LIMITS } from './form-rules.ts';
import { PublicForm, countOf } from './public-form.tsx';

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
  return (
    <PublicForm<Values>
      title={p.home.report.title}
      place={{ name: 'townshipCode', label: p.field.township, takes: takesReports }}
      testIds={{ form: 'report-form' }}
      file={(v, townshipCode) =>
        publicApi.fileReport({
          townshipCode,
          category: v.category,
          description: v.description,
          address: v.address,
          phone: v.phone.trim(),
          consent: v.consent === true,
        })
      }
    >
      {(options, rules) => (
        <>
          <Form.Item name="category" label={p.field.category} rules={[rules.pick]}>
            <Select options={options.gridEventCategories.map((c) => ({ value: c.id, label: pick(c) }))} />
          </Form.Item>
          <Form.Item name="description" label={p.field.description} rules={rules.text(LIMITS.summary)}>
            <Input.TextArea rows={4} showCount={countOf(LIMITS.summary)} />
          </Form.Item>
          <Form.Item name="address" label={p.field.place} rules={rules.text(LIMITS.address)}>
            <Input />
          </Form.Item>
          <Form.Item name="phone" label={p.field.phone} rules={rules.phone}>
            <Input inputMode="numeric" autoComplete="tel" maxLength={LIMITS.phone} />
          </Form.Item>
        </>
      )}
    </PublicForm>
  );
}
