import { App, Form, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { CaseDocument, CasePerson, CaseView } from '../../api/types.ts';
import { useMe } from '../../components/session.tsx';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';
import { DocumentPicker, newestOfKind } from './document-picker.tsx';
import { FormErrors, useFormSubmit } from '../../components/use-form-submit.tsx';

interface MeasureForm {
  measure: string;
  documents?: Record<string, string | undefined>;
}

/** Applies or changes a person's coercive measure, with the decision document it needs (picked or uploaded). */
export function MeasureDialog({
  view,
  person,
  onClose,
  onDone,
}: {
  view: CaseView;
  person: CasePerson;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const names = useCaseNames();
  const [form] = Form.useForm<MeasureForm>();
  const [documents, setDocuments] = useState<CaseDocument[]>(view.documents);
  const [uploaded, setUploaded] = useState(false);
  // who may order each measure and the documents it needs are the server's (rules/case-flow.yaml); the dialog
  // only offers what the server would accept, and the server checks again
  const measures = names.flow?.rules.measures ?? [];
  const choices = measures.filter((m) => m.by.includes(me.unit.agency));
  const chosen = Form.useWatch('measure', form);
  const rule = measures.find((m) => m.id === chosen);
  const text = t.cases.measures;
  const presetFor = (measure: string | undefined, docs: readonly CaseDocument[]) =>
    Object.fromEntries((measures.find((m) => m.id === measure)?.requires ?? []).map((k) => [k, newestOfKind(docs, k)?.id]));

  const { submitting, error, problems, submit } = useFormSubmit(form, async (values) => {
    const required = measures.find((m) => m.id === values.measure)?.requires ?? [];
    const documentIds = required.map((k) => values.documents?.[k]).filter((v): v is string => Boolean(v));
    await api.applyMeasure(view.id, person.id, { measure: values.measure, documentIds });
    message.success(text.applied(names.measure(values.measure)));
    onDone();
  });

  return (
    <Modal
      open
      title={`${text.title} · ${names.personRole(person.role)} ${person.name}`}
      okText={text.submit}
      cancelText={t.common.cancel}
      onOk={submit}
      onCancel={uploaded ? onDone : onClose}
      confirmLoading={submitting}
      okButtonProps={{ 'data-testid': 'measure-submit' }}
      mask={{ closable: false }}
    >
      <Form<MeasureForm>
        form={form}
        layout="vertical"
        disabled={submitting}
        initialValues={{ measure: choices[0]?.id, documents: presetFor(choices[0]?.id, view.documents) }}
        onValuesChange={(changed: Partial<MeasureForm>) => {
          if (changed.measure) form.setFieldValue('documents', presetFor(changed.measure, documents));
        }}
        data-testid="measure-form"
      >
        <FormErrors error={error} problems={problems} />
        <Form.Item name="measure" label={text.measure} rules={[{ required: true }]}>
          <Select
            options={choices.map((m) => ({ value: m.id, label: names.measure(m.id) }))}
            data-testid="measure-choice"
          />
        </Form.Item>
        {rule && rule.requires.length === 0 ? <Typography.Text type="secondary">{text.noDocuments}</Typography.Text> : null}
        {view.onPaper
          ? null
          : (rule?.requires ?? []).map((kind) => (
              <Form.Item
                key={kind}
                name={['documents', kind]}
                label={`${text.documents} · ${names.documentKind(kind)}`}
                rules={[{ required: true, message: t.cases.transition.required(names.documentKind(kind)) }]}
              >
                <DocumentPicker
                  caseId={view.id}
                  kind={kind}
                  documents={documents}
                  canUpload
                  onUploaded={(doc) => {
                    setDocuments((ds) => [...ds, doc]);
                    setUploaded(true);
                  }}
                />
              </Form.Item>
            ))}
      </Form>
    </Modal>
  );
}
