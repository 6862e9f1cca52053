import { App, Button, Checkbox, Flex, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { CaseDocument, CaseView, PropertyHandover, SeizedProperty } from '../../api/types.ts';
import { useErrorText } from '../../components/error-alert.tsx';
import { useCan, useMe } from '../../components/session.tsx';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';
import { FormModal } from './form-modal.tsx';
import { UploadButton } from './upload-button.tsx';

const STATE_COLOURS: Record<string, string> = { held: 'blue', 'in-transfer': 'orange', disposed: 'default' };

interface PropertyFields {
  description: string;
  quantity: string;
  storageReceipt: string;
  photoDocumentIds?: string[];
}

/** A hand-over addressed to a unit that it has still to receive. */
const awaitsReceipt = (h: PropertyHandover, unitId: string) => h.toUnitId === unitId && !h.receivedAt && !h.cancelledAt;

/**
 * Seized property (涉案财物): each item, where it is kept and its chain of custody; the holder registers items and
 * hands them over with one of its transfers, and the receiving unit receives them item by item.
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
  const [photos, setPhotos] = useState<CaseDocument[]>(() => view.documents.filter((d) => d.mime.startsWith('image/')));
  const text = t.cases.property;
  const mayRegister = view.youHold && can('seized-property:create') && !view.onPaper;
  const mine = view.property.filter((p) => p.holderUnitId === me.unit.id && p.state === 'held');
  // items go with a transfer this unit sent and the receiver has not returned
  const transfers = view.transfers
    .filter((x) => x.senderUnitId === me.unit.id && (x.state === 'sent' || x.state === 'accepted'))
    .sort((a, b) => b.sentAt.localeCompare(a.sentAt));
  const mayHandOver = can('seized-property:update') && mine.length > 0 && transfers.length > 0;

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
          {p.disposal ? <Tag>{text.disposalName[p.disposal] ?? p.disposal}</Tag> : null}
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
              <UploadButton caseId={view.id} kind="other" label={text.uploadPhoto} onUploaded={(doc) => setPhotos((ps) => [...ps, doc])} />
            </Flex>
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
