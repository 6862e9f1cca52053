import { Alert, Flex } from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n.ts';
import { ErrorAlert } from './error-alert.tsx';

type FieldPath = (string | number)[];

/** The path a server names a field by (`phone`, `/phone`, `body.persons.0.name`, `parties[1].phone`), in parts. */
function pathOf(field: string): FieldPath {
  return field
    .split(/[./[\]]/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

const key = (path: readonly (string | number)[]) => path.join('\u0000');

export interface FormSubmitOptions {
  /** The form stays on the page (not a dialog the caller closes): enable it again after a successful send. */
  keepOpen?: boolean;
  /** Labels of fields the server may name but the form does not show, for the list in the alert. */
  labels?: Record<string, string>;
  /** The field a refusal as a whole belongs to (USERNAME_TAKEN: the username), shown there with its message. */
  refusalField?: (err: ApiError) => string | undefined;
}

/**
 * The submit of a form: validates (an invalid form shows its own messages and is not sent), then runs the call.
 * A refusal with field problems (a 400's details) puts each problem the form has a field for next to that field
 * — the longest tail of the server's path that names one of the form's fields, so `parameters.days` reaches
 * ['parameters', 'days'] and `persons.0.name` the first person's name — and lists the others in `problems`; the
 * refusal itself is kept in `error` for an ErrorAlert when no field shows it. On success the form stays busy,
 * since the caller closes the dialog, unless `keepOpen`.
 */
export function useFormSubmit<T>(form: FormInstance<T>, send: (values: T) => Promise<void>, options: FormSubmitOptions = {}) {
  const { pick } = useI18n();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<string[]>([]);

  function showRefusal(err: unknown) {
    const whole = err instanceof ApiError && err.bilingual ? options.refusalField?.(err) : undefined;
    if (whole && err instanceof ApiError && err.bilingual) {
      form.setFields([{ name: whole, errors: [pick(err.bilingual)] }] as Parameters<typeof form.setFields>[0]);
      return;
    }
    const fieldProblems = err instanceof ApiError && Array.isArray(err.details) ? err.details : [];
    const known = new Map(form.getFieldsError().map((f) => [key(f.name), f.name] as const));
    const placed: { name: FieldPath; errors: string[] }[] = [];
    const unplaced: string[] = [];
    for (const d of fieldProblems as unknown[]) {
      if (typeof d !== 'object' || d === null) continue;
      const { field, message } = d as { field?: unknown; message?: unknown };
      if (typeof field !== 'string' || typeof message !== 'object' || message === null) continue;
      const text = pick(message as { zh: string; en: string });
      const path = pathOf(field);
      let name: FieldPath | undefined;
      for (let i = 0; i < path.length && !name; i++) {
        const hit = known.get(key(path.slice(i)));
        if (hit) name = [...hit];
      }
      if (name) placed.push({ name, errors: [text] });
      else {
        const last = String(path.at(-1) ?? field);
        unplaced.push(`${options.labels?.[last] ?? field}: ${text}`);
      }
    }
    form.setFields(placed as Parameters<typeof form.setFields>[0]);
    setProblems(unplaced);
    // the general message is only needed when no field shows what went wrong
    setError(placed.length === 0 ? err : null);
  }

  async function submit() {
    let values: T;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSubmitting(true);
    setError(null);
    setProblems([]);
    try {
      await send(values);
      if (options.keepOpen) setSubmitting(false);
    } catch (err) {
      showRefusal(err);
      setSubmitting(false);
    }
  }

  return { submitting, error, problems, submit };
}

/** A refused submit in place: the refusal (when no field shows it) and the field problems the form has no field for. */
export function FormErrors({ error, problems }: { error: unknown; problems: readonly string[] }) {
  if (!error && problems.length === 0) return null;
  return (
    <Flex vertical gap={8} style={{ marginBottom: 16 }}>
      <ErrorAlert error={error} />
      {problems.length > 0 ? <Alert type="error" showIcon title={problems.join('; ')} data-testid="form-problems" /> : null}
    </Flex>
  );
}
