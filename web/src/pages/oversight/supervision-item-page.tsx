import { Button, Card, Descriptions, Empty, Flex, List, Skeleton, Table, Tag, Timeline, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, itemAttachmentUrl } from '../../api/client.ts';
import { ITEM_ACTIONS } from '../../api/types.ts';
import type { ItemAction, ItemEvent, SupervisionItem, SupervisionItemPage } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { MatterPageHeader } from '../../components/page-header.tsx';
import { useCan } from '../../components/session.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from '../cases/case-names.ts';
import { UploadButton } from '../../components/upload-button.tsx';
import { formatSize } from '../cases/dossier-section.tsx';
import { ItemActionModal } from './item-action-modal.tsx';
import { dueDay } from './oversight-format.ts';
import { ItemStateTag, SeverityTag } from './oversight-names.tsx';

const EVENT_COLOURS: Record<string, string> = {
  raised: 'gray',
  assigned: 'blue',
  accepted: 'blue',
  'followed-up': 'orange',
  reported: 'purple',
  verified: 'green',
  'child-closed': 'green',
  'verify-failed': 'red',
  commented: 'gray',
};

/** One supervision item (/supervision/:id): where it stands, its timeline and files, and the steps the caller may take. */
export default function SupervisionItemView() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const text = t.oversight.item;
  const view = useApi((signal) => api.supervisionItem(id, { signal }), [id]);
  const [acting, setActing] = useState<ItemAction | null>(null);

  const item = view.data;
  if (!item) {
    if (view.error) return <ErrorAlert error={view.error} onRetry={view.reload} />;
    return <Skeleton active paragraph={{ rows: 8 }} />;
  }
  // the server says which steps the caller may take now; offer exactly those, in the flow's order
  const actions = ITEM_ACTIONS.filter((a) => item.actions.includes(a));

  return (
    <Flex vertical gap={16}>
      <MatterPageHeader
        title={<span data-testid="item-title">{`${item.number} ${item.title}`}</span>}
        back={{ to: '/supervision', text: text.back }}
        reload={{ onClick: view.reload, loading: view.isLoading, text: text.reload, testId: 'item-reload' }}
        error={view.error}
      />
      <ItemHeader item={item} />
      <Card size="small" title={text.actions} data-testid="item-actions">
        {actions.length === 0 ? (
          <Typography.Text type="secondary">{text.noActions}</Typography.Text>
        ) : (
          <Flex gap={8} wrap>
            {actions.map((a) => (
              <Button key={a} type={a === 'comment' ? 'default' : 'primary'} onClick={() => setActing(a)} data-testid={`item-action-${a}`}>
                {t.oversight.itemAction[a]}
              </Button>
            ))}
          </Flex>
        )}
      </Card>
      {item.children.length > 0 ? <ChildrenCard items={item.children} /> : null}
      <Flex gap={16} wrap align="flex-start">
        <Card size="small" title={text.timeline} style={{ flex: '2 1 480px' }}>
          <ItemTimeline events={item.events} />
        </Card>
        <AttachmentsCard item={item} onUploaded={view.reload} />
      </Flex>
      {acting ? (
        <ItemActionModal
          item={item}
          action={acting}
          onClose={() => setActing(null)}
          onDone={() => {
            setActing(null);
            view.reload();
          }}
        />
      ) : null}
    </Flex>
  );
}

function ItemHeader({ item }: { item: SupervisionItemPage }) {
  const { t, pick, formatDateTime } = useI18n();
  const text = t.oversight.item;
  const items = t.oversight.items;
  const names = useCaseNames();
  const sourceName = (t.oversight.itemSource as Record<string, string>)[item.source] ?? item.source;
  const source = (
    <Flex gap={8} wrap data-testid="item-source">
      <span>{sourceName}</span>
      {item.caseId && item.caseNumber ? (
        <Link to={`/cases/${item.caseId}`} data-testid="item-case">
          {item.caseNumber}
        </Link>
      ) : null}
      {item.modelId ? (
        <Link to={`/warning-models/${encodeURIComponent(item.modelId)}`} data-testid="item-model">
          {item.modelName ? pick(item.modelName) : item.modelId}
        </Link>
      ) : null}
      {item.sourceReference ? <span>{item.sourceReference}</span> : null}
      {item.parentId ? (
        <Link to={`/supervision/${item.parentId}`} data-testid="item-parent">
          {text.parent}
        </Link>
      ) : null}
    </Flex>
  );

  return (
    <Card size="small" data-testid="item-header">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: 'number', label: items.number, children: <span data-testid="item-number">{item.number}</span> },
          {
            key: 'state',
            label: items.state,
            children: (
              <Flex gap={4}>
                <ItemStateTag state={item.state} />
                {item.overdue ? (
                  <Tag color="red" data-testid="item-overdue">
                    {items.overdue}
                  </Tag>
                ) : null}
              </Flex>
            ),
          },
          {
            key: 'due',
            label: items.dueAt,
            children: (
              <Typography.Text type={item.overdue ? 'danger' : undefined} data-testid="item-due">
                {item.dueAt ? dueDay(item.dueAt) : text.noDue}
              </Typography.Text>
            ),
          },
          { key: 'severity', label: items.severity, children: <SeverityTag severity={item.severity} /> },
          { key: 'assignee', label: items.assignee, children: <span data-testid="item-assignee">{names.unit(item.assigneeUnitId, item.assigneeUnitName)}</span> },
          { key: 'raisedBy', label: text.raisedBy, children: names.unit(item.raisedByUnitId, item.raisedByUnitName) },
          { key: 'source', label: text.source, children: source },
          { key: 'createdAt', label: items.createdAt, children: formatDateTime(item.createdAt) },
          { key: 'followUps', label: items.followUps, children: <span data-testid="item-follow-ups">{item.followUps}</span> },
          ...(item.closedAt ? [{ key: 'closedAt', label: text.closedAt, children: formatDateTime(item.closedAt) }] : []),
          ...(item.side ? [{ key: 'side', label: text.yourSide, children: text.side[item.side] ?? item.side }] : []),
        ]}
      />
      <Descriptions
        size="small"
        column={1}
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'description',
            label: text.description,
            children: (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="item-description">
                {item.description}
              </Typography.Paragraph>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** The item's history, oldest first: who did what, the note, the state change and the new date. */
function ItemTimeline({ events }: { events: ItemEvent[] }) {
  const { t, formatDateTime } = useI18n();
  const text = t.oversight.item;
  const names = useCaseNames();
  const stateName = (s: string) => (t.oversight.itemState as Record<string, string>)[s] ?? s;
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      data-testid="item-timeline"
      items={events.map((e) => ({
        key: e.id,
        color: EVENT_COLOURS[e.kind] ?? 'blue',
        content: (
          <div data-testid="item-event" data-kind={e.kind}>
            <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>{' '}
            <Typography.Text strong>{t.oversight.eventKind[e.kind] ?? e.kind}</Typography.Text>
            {e.unitName ? <Typography.Text type="secondary">{` · ${names.unit(e.unitId, e.unitName)}`}</Typography.Text> : null}
            {e.fromState && e.toState && e.fromState !== e.toState ? (
              <Typography.Text type="secondary">{` · ${text.stateChange(stateName(e.fromState), stateName(e.toState))}`}</Typography.Text>
            ) : null}
            {e.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div> : null}
            {e.dueAt ? <div>{text.newDue(dueDay(e.dueAt))}</div> : null}
          </div>
        ),
      }))}
    />
  );
}

function AttachmentsCard({ item, onUploaded }: { item: SupervisionItemPage; onUploaded: () => void }) {
  const { t, formatDateTime } = useI18n();
  const can = useCan();
  const text = t.oversight.item;
  const mayUpload = can('supervision-item:update') && item.side !== null && item.state !== 'closed';

  return (
    <Card
      size="small"
      title={text.attachments}
      style={{ flex: '1 1 320px' }}
      data-testid="item-attachments"
      extra={
        mayUpload ? (
          <UploadButton
            upload={(file) => api.attachToSupervisionItem(item.id, file)}
            uploadedText={(a) => text.uploaded(a.name)}
            label={text.upload}
            onUploaded={onUploaded}
            testId="item-upload"
            buttonProps={{ size: 'small' }}
          />
        ) : null
      }
    >
      {item.attachments.length === 0 ? (
        <Typography.Text type="secondary">{text.noAttachments}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={item.attachments}
          renderItem={(a) => (
            <List.Item
              actions={[
                <a key="open" href={itemAttachmentUrl(item.id, a.id)} target="_blank" rel="noopener noreferrer" data-testid="item-attachment-open">
                  {text.open}
                </a>,
              ]}
            >
              <List.Item.Meta
                title={<span data-testid="item-attachment">{a.name}</span>}
                description={`${formatDateTime(a.uploadedAt)} · ${formatSize(a.sizeBytes)}`}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** The items per unit of a class remediation. */
function ChildrenCard({ items }: { items: Omit<SupervisionItem, 'overdue'>[] }) {
  const { t } = useI18n();
  const names = useCaseNames();
  const text = t.oversight.items;
  const columns: TableColumnsType<Omit<SupervisionItem, 'overdue'>> = [
    { key: 'number', title: text.number, render: (_, i) => <Link to={`/supervision/${i.id}`}>{i.number}</Link> },
    { key: 'assignee', title: text.assignee, render: (_, i) => names.unit(i.assigneeUnitId, i.assigneeUnitName) },
    { key: 'state', title: text.state, render: (_, i) => <ItemStateTag state={i.state} /> },
    { key: 'dueAt', title: text.dueAt, render: (_, i) => (i.dueAt ? dueDay(i.dueAt) : t.common.none) },
    { key: 'followUps', title: text.followUps, dataIndex: 'followUps', align: 'right' },
  ];
  return (
    <Card size="small" title={t.oversight.item.children}>
      <Table rowKey="id" size="small" columns={columns} dataSource={items} pagination={false} data-testid="item-children" />
    </Card>
  );
}
