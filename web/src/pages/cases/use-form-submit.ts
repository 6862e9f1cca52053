import type { FormInstance } from 'antd';
import { useState } from 'react';

/**
 * The submit of a dialog's form: validates (an invalid form shows its own messages and is not sent), then runs
 * the call; a refusal is kept for an ErrorAlert and the form is enabled again. On success the form stays
 * busy, since the caller closes the dialog.
 */
export function useFormSubmit<T>(form: FormInstance<T>, send: (values: T) => Promise<void>) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit() {
    let values: T;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await send(values);
    } catch (err) {
      setError(err);
      setSubmitting(false);
    }
  }

  return { submitting, error, submit };
}
