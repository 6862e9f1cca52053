import { Checkbox, Form, Input } from 'antd';
import { type PublicRegion, publicApi } from '../../api/public-client.ts';
import { usePublicText } from '../../i18n-public.ts';
import { LIMITS, orNull } from './form-rules.ts';
import { PublicForm, countOf } from './public-form.tsx';

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
  return (
    <PublicForm<Values>
      title={p.home.petition.title}
      place={{ name: 'regionCode', label: p.field.regionPetition, takes: takesPetitions, testId: 'petition-region' }}
      testIds={{ form: 'petition-form' }}
      file={(v, regionCode) =>
        publicApi.filePetition({
          regionCode,
          petitioner: { name: v.petitioner.name.trim(), phone: v.petitioner.phone.trim(), idNumber: orNull(v.petitioner.idNumber)?.toUpperCase() ?? null },
          respondent: v.respondent,
          subject: v.subject,
          content: v.content,
          lawRelated: v.lawRelated === true,
          consent: v.consent === true,
        })
      }
    >
      {(_options, rules) => (
        <>
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
            <Input.TextArea rows={6} showCount={countOf(LIMITS.content)} />
          </Form.Item>
          <Form.Item name="lawRelated" valuePropName="checked">
            <Checkbox>{p.field.lawRelated}</Checkbox>
          </Form.Item>
        </>
      )}
    </PublicForm>
  );
}
