import { App, Button, Checkbox, Flex, Form, Input, Modal, Select } from 'antd';
import { api } from '../../api/client.ts';
import { CHECKLIST_CHARGES } from '../../api/types.ts';
import type { NewCase, PersonRole } from '../../api/types.ts';
import { FormErrors, useFormSubmit } from '../../components/use-form-submit.tsx';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';

const OTHER = 'other';

interface PersonFields {
  role: PersonRole;
  name: string;
  idNumber?: string;
  phone?: string;
}

interface RegisterForm {
  title: string;
  charge: string;
  chargeOther?: string;
  classified?: boolean;
  persons?: PersonFields[];
}

const blankToUndefined = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

/** The police register a case (立案), with its first persons; mounted only while open. */
export function RegisterCaseModal({
  onClose,
  onRegistered,
}: {
  onClose: () => void;
  onRegistered: (created: { id: string; caseNumber: string }) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const names = useCaseNames();
  const [form] = Form.useForm<RegisterForm>();
  const charge = Form.useWatch('charge', form);
  const text = t.cases.register;
  const required = (label: string) => [{ required: true, whitespace: true, message: text.required(label) }];
  const { submitting, error, problems, submit } = useFormSubmit(
    form,
    async (values) => {
      const body: NewCase = {
        title: values.title.trim(),
        charge: values.charge === OTHER ? (values.chargeOther ?? '').trim() : values.charge,
        classified: values.classified ?? false,
        persons: (values.persons ?? []).map((p) => ({
          role: p.role,
          name: p.name.trim(),
          ...(blankToUndefined(p.idNumber) ? { idNumber: blankToUndefined(p.idNumber) } : {}),
          ...(blankToUndefined(p.phone) ? { phone: blankToUndefined(p.phone) } : {}),
        })),
      };
      const created = await api.registerCase(body);
      message.success(text.created(created.caseNumber));
      onRegistered(created);
    },
    {
      labels: {
        title: text.caseTitle,
        charge: text.charge,
        role: text.role,
        name: text.name,
        idNumber: text.idNumber,
        phone: text.phone,
      },
    },
  );

  return (
    <Modal
      open
      width={720}
      title={text.title}
      okText={text.submit}
      cancelText={t.common.cancel}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={submitting}
      okButtonProps={{ 'data-testid': 'register-case-submit' }}
      mask={{ closable: false }}
    >
      <Form<RegisterForm>
        form={form}
        layout="vertical"
        disabled={submitting}
        initialValues={{ charge: 'theft', persons: [{ role: 'suspect', name: '' }] }}
        data-testid="register-case-form"
      >
        <FormErrors error={error} problems={problems} />
        <Form.Item name="title" label={text.caseTitle} rules={required(text.caseTitle)}>
          <Input maxLength={200} autoComplete="off" data-testid="register-title" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="charge" label={text.charge} rules={required(text.charge)} style={{ flex: 1 }}>
            <Select
              data-testid="register-charge"
              options={[
                ...CHECKLIST_CHARGES.map((c) => ({ value: c, label: names.charge(c) })),
                { value: OTHER, label: text.otherCharge },
              ]}
            />
          </Form.Item>
          {charge === OTHER ? (
            <Form.Item name="chargeOther" label={text.otherChargeName} rules={required(text.otherChargeName)} style={{ flex: 1 }}>
              <Input maxLength={60} autoComplete="off" />
            </Form.Item>
          ) : null}
        </Flex>
        <Form.Item name="classified" valuePropName="checked">
          <Checkbox>{text.classified}</Checkbox>
        </Form.Item>
        <Form.List name="persons">
          {(fields, { add, remove }) => (
            <Flex vertical gap={0}>
              <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
                <strong>{text.persons}</strong>
                <Button size="small" onClick={() => add({ role: 'victim', name: '' })} data-testid="register-add-person">
                  {text.addPerson}
                </Button>
              </Flex>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="start" data-testid="register-person">
                  <Form.Item name={[field.name, 'role']} rules={required(text.role)} style={{ width: 130 }}>
                    <Select
                      aria-label={text.role}
                      options={Object.keys(t.cases.personRole).map((r) => ({ value: r, label: names.personRole(r) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} rules={required(text.name)} style={{ width: 130 }}>
                    <Input placeholder={text.name} maxLength={50} autoComplete="off" data-testid="register-person-name" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'idNumber']} style={{ flex: 1 }}>
                    <Input placeholder={text.idNumber} maxLength={18} autoComplete="off" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'phone']} style={{ width: 140 }}>
                    <Input placeholder={text.phone} maxLength={20} autoComplete="off" inputMode="tel" />
                  </Form.Item>
                  <Button type="link" danger onClick={() => remove(field.name)}>
                    {text.remove}
                  </Button>
                </Flex>
              ))}
            </Flex>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
