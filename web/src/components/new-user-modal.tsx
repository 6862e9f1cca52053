import { Alert, Flex, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import { ROLES } from '../api/types.ts';
import type { NewUser, User } from '../api/types.ts';
import { useI18n } from '../i18n.ts';
import { ErrorAlert } from './error-alert.tsx';
import { useApi } from './use-api.ts';

type NewUserForm = NewUser;
const FORM_FIELDS: ReadonlySet<string> = new Set<keyof NewUserForm>([
  'username',
  'displayName',
  'password',
  'role',
  'unitId',
  'phone',
  'idNumber',
]);

/** The create-user form; mounted only while open. Field errors come from the server's VALIDATION_FAILED details. */
export function NewUserModal({ onClose, onCreated }: { onClose: () => void; onCreated: (user: User) => void }) {
  const { t, name, pick } = useI18n();
  const [form] = Form.useForm<NewUserForm>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplacedProblems, setUnplacedProblems] = useState<string[]>([]);
  // Units to choose from; 500 covers a province's units in one list.
  const units = useApi((signal) => api.units({ pageSize: 500 }, { signal }), [], { forbidden: 'inline' });

  async function submit() {
    let values: NewUserForm;
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    setSubmitting(true);
    setError(null);
    setUnplacedProblems([]);
    try {
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
    } catch (err) {
      showServerErrors(err);
      setSubmitting(false);
    }
  }

  function showServerErrors(err: unknown) {
    if (err instanceof ApiError && err.code === 'USERNAME_TAKEN' && err.bilingual) {
      form.setFields([{ name: 'username', errors: [pick(err.bilingual)] }]);
      return;
    }
    const problems = err instanceof ApiError ? err.fieldProblems : [];
    const placed = problems.filter((p) => FORM_FIELDS.has(p.field));
    form.setFields(placed.map((p) => ({ name: p.field as keyof NewUserForm, errors: [pick(p.message)] })));
    const unplaced = problems.filter((p) => !FORM_FIELDS.has(p.field)).map((p) => `${p.field}: ${pick(p.message)}`);
    setUnplacedProblems(unplaced);
    // The general message is only needed when no field shows what went wrong.
    if (placed.length === 0) setError(err);
  }

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
        {units.error || error || unplacedProblems.length > 0 ? (
          <Flex vertical gap={8} style={{ marginBottom: 16 }}>
            <ErrorAlert error={units.error} onRetry={units.reload} />
            <ErrorAlert error={error} />
            {unplacedProblems.length > 0 ? <Alert type="error" showIcon title={unplacedProblems.join('; ')} /> : null}
          </Flex>
        ) : null}
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
