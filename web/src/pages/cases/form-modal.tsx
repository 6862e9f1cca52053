import { Form, Modal } from 'antd';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useI18n } from '../../i18n.ts';
import { useFormSubmit } from './use-form-submit.ts';

/** A modal around one small form whose submit calls the server and shows its refusal in place; mounted only while open. */
export function FormModal<T extends object>({
  title,
  testId,
  initialValues,
  onClose,
  onSubmit,
  children,
}: {
  title: string;
  testId: string;
  initialValues?: Partial<T>;
  onClose: () => void;
  onSubmit: (values: T) => Promise<void>;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<T>();

  const { submitting: busy, error, submit } = useFormSubmit(form, onSubmit);

  return (
    <Modal
      open
      title={title}
      okText={t.cases.measures.submit}
      cancelText={t.common.cancel}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': `${testId}-submit` }}
      mask={{ closable: false }}
    >
      <Form<T> form={form} layout="vertical" disabled={busy} initialValues={initialValues} data-testid={testId}>
        <ErrorAlert error={error} />
        {children}
      </Form>
    </Modal>
  );
}
