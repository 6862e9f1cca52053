import { Form, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n.ts';
import { FormErrors, useFormSubmit } from './use-form-submit.tsx';

/**
 * A modal around one small form whose submit calls the server and shows its refusal in place (field problems
 * next to their fields); mounted only while open. The OK button says `okText` (by default the case dialogs' 确定 / Apply).
 */
export function FormModal<T extends object>({
  title,
  testId,
  okText,
  initialValues,
  onClose,
  onSubmit,
  children,
}: {
  title: string;
  testId: string;
  okText?: string;
  initialValues?: Partial<T>;
  onClose: () => void;
  onSubmit: (values: T) => Promise<void>;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<T>();

  const { submitting: busy, error, problems, submit } = useFormSubmit(form, onSubmit);

  return (
    <Modal
      open
      title={title}
      okText={okText ?? t.cases.measures.submit}
      cancelText={t.common.cancel}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': `${testId}-submit` }}
      mask={{ closable: false }}
    >
      <Form<T> form={form} layout="vertical" disabled={busy} initialValues={initialValues} data-testid={testId}>
        <FormErrors error={error} problems={problems} />
        {children}
      </Form>
    </Modal>
  );
}
