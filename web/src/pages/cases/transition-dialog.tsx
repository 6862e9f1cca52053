import { Alert, App, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { AvailableTransition, CaseDocument, CaseView, Unit } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useCan, useMe } from '../../components/session.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';
import { DocumentPicker, newestOfKind } from './document-picker.tsx';
import { FormErrors, useFormSubmit } from '../../components/use-form-submit.tsx';

interface TransitionForm {
  documents?: Record<string, string | undefined>;
  receiverUnitId?: string;
  overrideReason?: string;
  note?: string;
}

/** A key for one attempt: sent again after a time-out, the server gives back the same transfer. */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Units a hand-over may go to: those of the allowed agencies, the case's own region first. */
function useReceivers(agencies: readonly string[], regionCode: string) {
  return useApi(
    async (signal) => {
      const pages = await Promise.all(
        agencies.map((agency) => api.units({ agency: agency as Unit['agency'], pageSize: 500 }, { signal })),
      );
      const near = (u: Unit) => (u.regionCode === regionCode ? 0 : 1);
      return pages.flatMap((p) => p.items).sort((a, b) => near(a) - near(b) || a.regionCode.localeCompare(b.regionCode));
    },
    [agencies.join(','), regionCode],
    { forbidden: 'inline' },
  );
}

/**
 * Fires one transition the caller's unit may fire now: the documents of each required kind (picked from the
 * dossier or uploaded here), the receiving unit of a hand-over, and a unit head's reason where the evidence
 * checklist is incomplete. Mounted only while open.
 */
export function TransitionDialog({
  view,
  transition,
  onClose,
  onDone,
}: {
  view: CaseView;
  transition: AvailableTransition;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, pick, name } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const can = useCan();
  const names = useCaseNames();
  const [form] = Form.useForm<TransitionForm>();
  const [documents, setDocuments] = useState<CaseDocument[]>(view.documents);
  const [uploaded, setUploaded] = useState(false);
  const [idempotencyKey] = useState(newIdempotencyKey);
  const receivers = useReceivers(transition.handsOver ? transition.receiverAgencies : [], view.regionCode);
  const text = t.cases.transition;
  const title = names.transition(transition.id, transition);
  const missing = transition.evidenceChecklist ? view.evidence.missing : [];
  const missingNames = missing.map((id) => {
    const item = view.evidence.checklist.find((i) => i.id === id);
    return item ? pick(item.name) : id;
  });
  const isUnitHead = me.role === 'unit-head';
  const canUpload = can('case:update') && !view.onPaper;
  const needsDocuments = !view.onPaper && transition.requires.length > 0;

  const initialDocuments = Object.fromEntries(transition.requires.map((r) => [r.id, newestOfKind(view.documents, r.id)?.id]));

  function close() {
    // an upload changed the dossier even when the transition was not fired
    if (uploaded) onDone();
    else onClose();
  }

  const { submitting, error, problems, submit } = useFormSubmit(form, async (values) => {
    const documentIds = [...new Set(Object.values(values.documents ?? {}).filter((v): v is string => Boolean(v)))];
    const result = await api.fireTransition(view.id, {
      transition: transition.id,
      documentIds,
      idempotencyKey,
      ...(values.receiverUnitId ? { receiverUnitId: values.receiverUnitId } : {}),
      ...(missing.length > 0 && values.overrideReason?.trim() ? { override: { reason: values.overrideReason.trim() } } : {}),
      ...(values.note?.trim() ? { note: values.note.trim() } : {}),
    });
    message.success(text.done(title));
    if (result.transfer) {
      const receiver = receivers.data?.find((u) => u.id === result.transfer?.receiverUnitId);
      if (receiver && transition.handsOver) message.info(text.sent(name(receiver.name, receiver.nameEn)));
    }
    onDone();
  });

  return (
    <Modal
      open
      width={640}
      title={text.title(title)}
      okText={text.submit}
      cancelText={t.common.cancel}
      onOk={submit}
      onCancel={close}
      confirmLoading={submitting}
      okButtonProps={{ 'data-testid': 'transition-submit' }}
      mask={{ closable: false }}
    >
      <Form<TransitionForm>
        form={form}
        layout="vertical"
        disabled={submitting}
        initialValues={{ documents: initialDocuments }}
        data-testid="transition-form"
      >
        <Flex vertical gap={8} style={{ marginBottom: 16 }}>
          {transition.to ? <Typography.Text>{text.toStage(names.stage(transition.to))}</Typography.Text> : null}
          {transition.handsOver ? (
            <Typography.Text type="secondary">{text.handsOver(names.scenario(transition.handsOver))}</Typography.Text>
          ) : null}
          <FormErrors error={error} problems={problems} />
        </Flex>

        {view.onPaper ? <Alert type="info" showIcon title={text.onPaper} style={{ marginBottom: 16 }} /> : null}
        {needsDocuments ? (
          <>
            <Typography.Title level={5}>{text.documents}</Typography.Title>
            {transition.requires.map((r) => (
              <Form.Item
                key={r.id}
                name={['documents', r.id]}
                label={names.documentKind(r.id, r)}
                rules={[{ required: true, message: text.required(names.documentKind(r.id, r)) }]}
              >
                <DocumentPicker
                  caseId={view.id}
                  kind={r.id}
                  documents={documents}
                  canUpload={canUpload}
                  onUploaded={(doc) => {
                    setDocuments((ds) => [...ds, doc]);
                    setUploaded(true);
                  }}
                />
              </Form.Item>
            ))}
          </>
        ) : !view.onPaper ? (
          <Typography.Paragraph type="secondary">{text.noDocumentsRequired}</Typography.Paragraph>
        ) : null}

        {transition.handsOver ? (
          <Form.Item
            name="receiverUnitId"
            label={text.receiver}
            rules={[{ required: true, message: text.required(text.receiver) }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={text.receiverPlaceholder}
              loading={receivers.isLoading}
              options={(receivers.data ?? []).map((u) => ({
                value: u.id,
                label: `${name(u.name, u.nameEn)}${t.cases.paren(t.agency[u.agency])}`,
              }))}
              data-testid="transition-receiver"
            />
          </Form.Item>
        ) : null}
        {receivers.error ? <ErrorAlert error={receivers.error} onRetry={receivers.reload} /> : null}

        {missing.length > 0 ? (
          <>
            <Alert
              type="warning"
              showIcon
              title={text.evidenceMissing(missingNames.join(t.cases.listSeparator))}
              description={isUnitHead ? undefined : text.evidenceHint}
              style={{ marginBottom: 16 }}
              data-testid="transition-evidence-missing"
            />
            {isUnitHead ? (
              <Form.Item
                name="overrideReason"
                label={text.overrideReason}
                rules={[{ required: true, whitespace: true, min: 4, message: text.overrideRequired }]}
              >
                <Input.TextArea rows={2} maxLength={500} data-testid="transition-override-reason" />
              </Form.Item>
            ) : null}
          </>
        ) : null}

        <Form.Item name="note" label={text.note}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
