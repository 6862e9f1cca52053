import { App, Form, Input, Modal, Select } from 'antd';
import { api } from '../../api/client.ts';
import type { NewPerson } from '../../api/types.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';
import { FormErrors, useFormSubmit } from '../../components/use-form-submit.tsx';

/** Adds a person (suspect, victim, defender…) to a case the caller's unit holds. */
export function AddPersonModal({ caseId, onClose, onDone }: { caseId: string; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const names = useCaseNames();
  const [form] = Form.useForm<NewPerson>();
  const text = t.cases.register;

  const { submitting, error, problems, submit } = useFormSubmit(form, async (values) => {
    await api.addPerson(caseId, {
      role: values.role,
      name: values.name.trim(),
      ...(values.idNumber?.trim() ? { idNumber: values.idNumber.trim() } : {}),
      ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
    });
    message.success(t.cases.persons.added);
    onDone();
  });

  return (
    <Modal
      open
      title={t.cases.persons.add}
      okText={t.cases.measures.submit}
      cancelText={t.common.cancel}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={submitting}
      mask={{ closable: false }}
    >
      <Form<NewPerson> form={form} layout="vertical" disabled={submitting} initialValues={{ role: 'suspect' }}>
        <FormErrors error={error} problems={problems} />
        <Form.Item name="role" label={text.role} rules={[{ required: true, message: text.required(text.role) }]}>
          <Select options={Object.keys(t.cases.personRole).map((r) => ({ value: r, label: names.personRole(r) }))} />
        </Form.Item>
        <Form.Item name="name" label={text.name} rules={[{ required: true, whitespace: true, message: text.required(text.name) }]}>
          <Input maxLength={50} autoComplete="off" />
        </Form.Item>
        <Form.Item name="idNumber" label={text.idNumber}>
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
        <Form.Item name="phone" label={text.phone}>
          <Input maxLength={20} autoComplete="off" inputMode="tel" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
