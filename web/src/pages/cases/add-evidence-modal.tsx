import { App, Form, Input, Modal, Select } from 'antd';
import { api } from '../../api/client.ts';
import type { CaseView } from '../../api/types.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';
import { FormErrors, useFormSubmit } from '../../components/use-form-submit.tsx';

const OUTSIDE = '';

interface EvidenceForm {
  checklistItem: string;
  description: string;
  documentId?: string;
}

/** Records one evidence item, against a checklist item or outside the checklist, optionally pointing at a document. */
export function AddEvidenceModal({
  view,
  checklistItem,
  onClose,
  onDone,
}: {
  view: CaseView;
  checklistItem: string | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const names = useCaseNames();
  const [form] = Form.useForm<EvidenceForm>();
  const text = t.cases.evidence;
  const missing = new Set(view.evidence.missing);
  // the missing items first: those are what the user came to record
  const items = [...view.evidence.checklist].sort((a, b) => Number(missing.has(b.id)) - Number(missing.has(a.id)));

  const { submitting, error, problems, submit } = useFormSubmit(form, async (values) => {
    await api.addEvidence(view.id, {
      checklistItem: values.checklistItem || null,
      description: values.description.trim(),
      documentId: values.documentId ?? null,
    });
    message.success(text.added);
    onDone();
  });

  return (
    <Modal
      open
      title={text.add}
      okText={t.cases.measures.submit}
      cancelText={t.common.cancel}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={submitting}
      okButtonProps={{ 'data-testid': 'evidence-submit' }}
      mask={{ closable: false }}
    >
      <Form<EvidenceForm>
        form={form}
        layout="vertical"
        disabled={submitting}
        initialValues={{ checklistItem: checklistItem ?? items[0]?.id ?? OUTSIDE }}
        data-testid="evidence-form"
      >
        <FormErrors error={error} problems={problems} />
        <Form.Item name="checklistItem" label={text.item}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={[
              ...items.map((i) => ({ value: i.id, label: pick(i.name) })),
              { value: OUTSIDE, label: text.outsideChecklist },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={text.description}
          rules={[{ required: true, whitespace: true, message: t.cases.register.required(text.description) }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="evidence-description" />
        </Form.Item>
        <Form.Item name="documentId" label={text.document}>
          <Select
            allowClear
            options={view.documents.map((d) => ({
              value: d.id,
              label: `${names.documentKind(d.kind, d.kindName)} · ${d.name}`,
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
