import { App, Button, Checkbox, Flex, Form, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { type CaseDocument, type CaseView, DISPOSALS, type Disposal, type PropertyHandover, type SeizedProperty } from '../../api/types.ts';
import { useErrorText } from '../../components/error-alert.tsx';
import { useCan, useMe } from '../../components/session.tsx';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { DossierUploadButton } from './upload-button.tsx';

const STATE_COLOURS: Record<string, string> = { held: 'blue', 'in-transfer': 'orange', disposed: 'default' };

interface PropertyFields {
  description: string;
  quantity: string;
  storageReceipt: string;
  photoDocumentIds?: string[];
}

interface DisposalFields {
  disposal: Disposal;
  documentId: string;
}

/** A hand-over addressed to a unit that it has still to receive. */
const awaitsReceipt = (h: PropertyHandover, unitId: string) => h.toUnitId === unitId && !h.receivedAt && !h.cancelledAt;

/**
 * Seized property (涉案财物): each item, where it is kept and its chain of custody; the holder registers items and
 * hands them over with one of its transfers, the receiving unit receives them item by item, and the unit keeping
 * an item disposes of it (returned to its owner, confiscated, destroyed) on a decision in the case's dossier.
 */
export function PropertySection({ view, onChanged }: { view: CaseView; onChanged: () => void }) {
  const { t, formatDateTime } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const me = useMe();
  const can = useCan();
  const names = useCaseNames();
  const [registering, setRegistering] = useState(false);
  const [handingOver, setHandingOver] = useState(false);
  const [disposing, setDisposing] = useState<SeizedProperty | null>(null);
  const [photos, setPhotos] = useState<CaseDocument[]>(() => view.documents.filter((d) => d.mime.startsWith('image/')));
  // documents uploaded in the disposal dialog, until the page reloads
  const [uploaded, setUploaded] = useState<CaseDocument[]>([]);
  const text = t.cases.property;
  const mayRegister = view.youHold && can('seized-property:create') && !view.onPaper;
  const mine = view.property.filter((p) => p.holderUnitId === me.unit.id && p.state === 'held');
  // items go with a transfer this unit sent and the receiver has not returned
  const transfers = view.transfers
    .filter((x) => x.senderUnitId === me.unit.id && (x.state === 'sent' || x.state === 'accepted'))
    .sort((a, b) => b.sentAt.localeCompare(a.sentAt));
  const mayHandOver = can('seized-property:update') && mine.length > 0 && transfers.length > 0;
  // the unit keeping an item disposes of it, whoever holds the case now
  const mayDispose = (p: SeizedProperty) => p.holderUnitId === me.unit.id && p.state === 'held' && can('seized-property:update');
  // newest first: the decision is usually the last document added
  const decisions = [...view.documents, ...uploaded.filter((u) => !view.documents.some((d) => d.id === u.id))].sort((a, b) =>
    b.uploadedAt.localeCompare(a.uploadedAt),
  );
  const documentName = (id: string | null | undefined) => view.documents.find((d) => d.id === id)?.name;

  async function receive(h: PropertyHandover) {
    try {
      await api.receiveProperty(h.id);
      message.success(text.received);
      onChanged();
    } catch (err) {
      message.error(errorText(err));
    }
  }

  const columns: TableColumnsType<SeizedProperty> = [
    { key: 'description', title: text.description, dataIndex: 'description' },
    { key: 'quantity', title: text.quantity, dataIndex: 'quantity' },
    { key: 'storageReceipt', title: text.storageReceipt, dataIndex: 'storageReceipt' },
    { key: 'photos', title: text.photos, render: (_, p) => p.photoDocumentIds.length, align: 'right' },
    { key: 'holder', title: text.holder, render: (_, p) => names.unit(p.holderUnitId, p.holderUnitName) },
    {
      key: 'state',
      title: text.state,
      render: (_, p) => (
        <Space size={4}>
          <Tag color={STATE_COLOURS[p.state]} data-testid="property-state" data-state={p.state}>
            {text.stateName[p.state] ?? p.state}
          </Tag>
          {p.disposal ? <Tag data-testid="property-disposal">{text.disposalName[p.disposal] ?? p.disposal}</Tag> : null}
          {p.disposedAt ? (
            <Typography.Text type="secondary">
              {text.disposedOn(formatDateTime(p.disposedAt))}
              {documentName(p.disposalDocumentId) ? ` · ${text.decisionDocument(documentName(p.disposalDocumentId)!)}` : ''}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    { key: 'registeredAt', title: text.registeredAt, render: (_, p) => formatDateTime(p.registeredAt) },
    {
      key: 'handovers',
      title: text.handovers,
      render: (_, p) =>
        p.handovers.length === 0 ? (
          t.common.none
        ) : (
          <Flex vertical gap={4}>
            {p.handovers.map((h) => (
              <Flex key={h.id} gap={8} align="center" wrap>
                <Typography.Text type="secondary">
                  {h.toUnitName ? `→ ${names.unit(h.toUnitId, h.toUnitName)} · ` : ''}
                  {h.cancelledAt
                    ? text.cancelled
                    : text.handover(formatDateTime(h.sentAt), h.receivedAt ? formatDateTime(h.receivedAt) : null)}
                </Typography.Text>
                {awaitsReceipt(h, me.unit.id) && can('seized-property:update') ? (
                  <Button size="small" type="primary" onClick={() => receive(h)} data-testid="property-receive">
                    {text.receive}
                  </Button>
                ) : null}
              </Flex>
            ))}
          </Flex>
        ),
    },
    {
      key: 'actions',
      title: text.actions,
      render: (_, p) =>
        mayDispose(p) ? (
          <Button size="small" onClick={() => setDisposing(p)} data-testid="property-dispose">
            {text.dispose}
          </Button>
        ) : null,
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="case-property">
      {mayRegister || mayHandOver ? (
        <Flex justify="end" gap={8}>
          {mayHandOver ? (
            <Button onClick={() => setHandingOver(true)} data-testid="property-hand-over">
              {text.handOver}
            </Button>
          ) : null}
          {mayRegister ? (
            <Button onClick={() => setRegistering(true)} data-testid="property-register">
              {text.register}
            </Button>
          ) : null}
        </Flex>
      ) : null}
      <Table<SeizedProperty>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={view.property}
        pagination={false}
        locale={{ emptyText: text.none }}
        scroll={{ x: 'max-content' }}
      />
      {registering ? (
        <FormModal<PropertyFields>
          title={text.register}
          testId="property-form"
          onClose={() => setRegistering(false)}
          onSubmit={async (values) => {
            await api.registerProperty(view.id, {
              description: values.description.trim(),
              quantity: values.quantity.trim(),
              storageReceipt: values.storageReceipt.trim(),
              ...(values.photoDocumentIds?.length ? { photoDocumentIds: values.photoDocumentIds } : {}),
            });
            message.success(text.registered);
            setRegistering(false);
            onChanged();
          }}
        >
          {(['description', 'quantity', 'storageReceipt'] as const).map((field) => (
            <Form.Item
              key={field}
              name={field}
              label={text[field]}
              rules={[{ required: true, whitespace: true, message: text.required(text[field]) }]}
            >
              <Input maxLength={field === 'description' ? 200 : 60} data-testid={`property-${field}`} />
            </Form.Item>
          ))}
          <Form.Item label={text.photos} extra={text.photoHint}>
            <Flex gap={8}>
              <Form.Item name="photoDocumentIds" noStyle>
                <Select
                  mode="multiple"
                  style={{ flex: 1, minWidth: 0 }}
                  options={photos.map((d) => ({ value: d.id, label: d.name }))}
                />
              </Form.Item>
              <DossierUploadButton caseId={view.id} kind="other" label={text.uploadPhoto} onUploaded={(doc) => setPhotos((ps) => [...ps, doc])} />
            </Flex>
          </Form.Item>
        </FormModal>
      ) : null}
      {disposing ? (
        <FormModal<DisposalFields>
          title={text.disposeTitle(`${disposing.description} · ${disposing.quantity}`)}
          testId="property-disposal-form"
          initialValues={{ disposal: 'returned-to-owner', documentId: decisions[0]?.id }}
          onClose={() => setDisposing(null)}
          onSubmit={async (values) => {
            await api.disposeOfProperty(disposing.id, values);
            message.success(text.disposed(text.disposalName[values.disposal] ?? values.disposal));
            setDisposing(null);
            onChanged();
          }}
        >
          <Form.Item name="disposal" label={text.disposal} rules={[{ required: true, message: text.required(text.disposal) }]}>
            <Radio.Group
              optionType="button"
              options={DISPOSALS.map((d) => ({ value: d, label: text.disposalName[d] ?? d }))}
              data-testid="property-disposal-choice"
            />
          </Form.Item>
          <Form.Item
            name="documentId"
            label={text.decision}
            extra={decisions.length ? text.decisionHint : text.noDocuments}
            rules={[{ required: true, message: text.required(text.decision) }]}
          >
            <DecisionPicker
              caseId={view.id}
              documents={decisions}
              // only the unit holding the case adds to its dossier
              canUpload={view.youHold && can('case:update') && !view.onPaper}
              onUploaded={(doc) => setUploaded((ds) => [...ds, doc])}
            />
          </Form.Item>
        </FormModal>
      ) : null}
      {handingOver ? (
        <FormModal<{ transferId: string; propertyIds: string[] }>
          title={text.handOverTitle}
          testId="property-hand-over-form"
          initialValues={{ transferId: transfers[0]?.id, propertyIds: mine.map((p) => p.id) }}
          onClose={() => setHandingOver(false)}
          onSubmit={async (values) => {
            await api.handOverProperty(view.id, values);
            message.success(text.handedOver);
            setHandingOver(false);
            onChanged();
          }}
        >
          <Form.Item name="transferId" label={text.transfer} rules={[{ required: true, message: text.noTransfer }]}>
            <Select
              options={transfers.map((x) => ({
                value: x.id,
                label: `${names.scenario(x.scenario, { zh: x.scenarioName, en: x.scenarioNameEn })} → ${names.unit(x.receiverUnitId, x.receiverUnitName)} · ${formatDateTime(x.sentAt)}`,
              }))}
            />
          </Form.Item>
          <Form.Item name="propertyIds" label={text.items} rules={[{ required: true, message: text.required(text.items) }]}>
            <Checkbox.Group
              style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
              options={mine.map((p) => ({ value: p.id, label: `${p.description} · ${p.quantity}` }))}
            />
          </Form.Item>
        </FormModal>
      ) : null}
    </Flex>
  );
}

/** Chooses the decision an item is disposed of on among the case's documents, or uploads it (then chosen). */
function DecisionPicker({
  caseId,
  documents,
  canUpload,
  onUploaded,
  value,
  onChange,
}: {
  caseId: string;
  documents: readonly CaseDocument[];
  canUpload: boolean;
  onUploaded: (doc: CaseDocument) => void;
  value?: string;
  onChange?: (id: string) => void;
}) {
  const { t, formatDateTime } = useI18n();
  const names = useCaseNames();
  return (
    <Flex gap={8}>
      <Select
        style={{ flex: 1, minWidth: 0 }}
        value={value}
        onChange={onChange}
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t.cases.transition.pickDocument}
        options={documents.map((d) => ({
          value: d.id,
          label: `${names.documentKind(d.kind, d.kindName)} · ${d.name} · ${formatDateTime(d.uploadedAt)}`,
        }))}
        data-testid="property-disposal-document"
      />
      {canUpload ? (
        <DossierUploadButton
          caseId={caseId}
          kind="other"
          label={t.cases.property.uploadDecision}
          testId="property-disposal-upload"
          onUploaded={(doc) => {
            onUploaded(doc);
            onChange?.(doc.id);
          }}
        />
      ) : null}
    </Flex>
  );
}
