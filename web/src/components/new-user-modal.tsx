import { Flex, Form, Input, Modal, Select } from 'antd';
import { api } from '../api/client.ts';
import { ROLES } from '../api/types.ts';
import type { NewUser, User } from '../api/types.ts';
import { useI18n } from '../i18n.ts';
import { ErrorAlert } from './error-alert.tsx';
import { useApi } from './use-api.ts';
import { FormErrors, useFormSubmit } from './use-form-submit.tsx';

type NewUserForm = NewUser;

/** The create-user form; mounted only while open. Field errors come from the server's VALIDATION_FAILED details. */
export function NewUserModal({ onClose, onCreated }: { onClose: () => void; onCreated: (user: User) => void }) {
  const { t, name } = useI18n();
  const [form] = Form.useForm<NewUserForm>();
  // Units to choose from; 500 covers a province's units in one list.
  const units = useApi((signal) => api.units({ pageSize: 500 }, { signal }), [], { forbidden: 'inline' });
  const { submitting, error, problems, submit } = useFormSubmit(
    form,
    async (values) => {
      const body: NewUser = {
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        password: values.password,
        role: values.role,
        unitId: values.unitId,
        ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
        ...(values.idNumber?.trim() ? { idNumber: values.idNumber.trim() } : {}),
      };
      onCreated(await api.createUser(body));
    },
    { refusalField: (err) => (err.code === 'USERNAME_TAKEN' ? 'username' : undefined) },
  );

  const required = (label: string) => [{ required: true, whitespace: true, message: t.users.required(label) }];

  return (
    <Modal
      open
      title={t.users.newUser}
      okText={t.users.create}
      cancelText={t.common.cancel}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={submitting}
      okButtonProps={{ 'data-testid': 'new-user-submit' }}
      mask={{ closable: false }}
    >
      <Form<NewUserForm> form={form} layout="vertical" disabled={submitting} data-testid="new-user-form">
        {units.error ? (
          <Flex vertical gap={8} style={{ marginBottom: 16 }}>
            <ErrorAlert error={units.error} onRetry={units.reload} />
          </Flex>
        ) : null}
        <FormErrors error={error} problems={problems} />
        <Form.Item name="username" label={t.users.username} rules={required(t.users.username)}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t.users.displayName} rules={required(t.users.displayName)}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="password" label={t.users.password} rules={required(t.users.password)}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t.users.role} rules={[{ required: true, message: t.users.required(t.users.role) }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: t.role[r] }))} />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t.users.unit}
          rules={[{ required: true, message: t.users.required(t.users.unit) }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t.users.unitSearch}
            loading={units.isLoading}
            options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: name(u.name, u.nameEn) }))}
          />
        </Form.Item>
        <Form.Item name="phone" label={t.users.phone}>
          <Input autoComplete="off" inputMode="tel" />
        </Form.Item>
        <Form.Item name="idNumber" label={t.users.idNumber}>
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
