import { Alert, Button, Flex, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { ChecklistItem, CaseView, EvidenceItem } from '../../api/types.ts';
import { useCan } from '../../components/session.tsx';
import { useI18n } from '../../i18n.ts';
import { AddEvidenceModal } from './add-evidence-modal.tsx';

type Status = 'recorded' | 'missing' | 'to-confirm' | 'not-needed';

/** The evidence recorded against the charge's checklist: what is there, what is missing, what to check. */
export function EvidenceSection({ view, onChanged }: { view: CaseView; onChanged: () => void }) {
  const { t, pick, formatDateTime } = useI18n();
  const can = useCan();
  // undefined: closed; null: open with no item chosen; a string: open for that checklist item
  const [adding, setAdding] = useState<string | null | undefined>(undefined);
  const text = t.cases.evidence;
  const mayWrite = view.youHold && can('case:update');
  const { checklist, items, missing, toConfirm } = view.evidence;
  const nameOf = (id: string) => {
    const item = checklist.find((i) => i.id === id);
    return item ? pick(item.name) : id;
  };
  const statusOf = (item: ChecklistItem): Status => {
    if (items.some((e) => e.checklistItem === item.id)) return 'recorded';
    if (missing.includes(item.id)) return 'missing';
    if (toConfirm.includes(item.id)) return 'to-confirm';
    return 'not-needed';
  };
  const statusTag: Record<Status, ReactNode> = {
    recorded: <Tag color="green">{text.recorded}</Tag>,
    missing: <Tag color="red">{text.missingTag}</Tag>,
    'to-confirm': <Tag color="gold">{text.toConfirmTag}</Tag>,
    'not-needed': null,
  };

  const checklistColumns: TableColumnsType<ChecklistItem> = [
    {
      key: 'name',
      title: text.item,
      render: (_, i) => (
        <Flex vertical>
          <span>{pick(i.name)}</span>
          {i.when ? <Typography.Text type="secondary">{text.conditional(i.when)}</Typography.Text> : null}
        </Flex>
      ),
    },
    {
      key: 'status',
      title: text.status,
      render: (_, i) => (
        <span data-testid="evidence-status" data-item={i.id}>
          {statusTag[statusOf(i)]}
        </span>
      ),
    },
    {
      key: 'recorded',
      title: text.items,
      render: (_, i) =>
        items
          .filter((e) => e.checklistItem === i.id)
          .map((e) => <div key={e.id}>{e.description}</div>),
    },
  ];
  if (mayWrite) {
    checklistColumns.push({
      key: 'add',
      title: '',
      render: (_, i) =>
        statusOf(i) === 'recorded' ? null : (
          <Button type="link" size="small" onClick={() => setAdding(i.id)} data-testid={`evidence-add-${i.id}`}>
            {text.add}
          </Button>
        ),
    });
  }

  const others = items.filter((e) => !e.checklistItem || !checklist.some((i) => i.id === e.checklistItem));
  const otherColumns: TableColumnsType<EvidenceItem> = [
    { key: 'description', title: text.description, dataIndex: 'description' },
    {
      key: 'document',
      title: text.document,
      render: (_, e) => view.documents.find((d) => d.id === e.documentId)?.name ?? t.common.none,
    },
    { key: 'addedAt', title: text.addedAt, render: (_, e) => formatDateTime(e.addedAt) },
  ];

  return (
    <Flex vertical gap={16} data-testid="case-evidence">
      {checklist.length === 0 ? (
        <Alert type="info" showIcon title={text.noChecklist} />
      ) : missing.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title={text.missing(missing.map(nameOf).join(t.cases.listSeparator))}
          data-testid="evidence-missing"
        />
      ) : (
        <Alert type="success" showIcon title={text.complete} data-testid="evidence-complete" />
      )}
      {toConfirm.length > 0 ? (
        <Alert type="warning" showIcon title={text.toConfirm} description={toConfirm.map(nameOf).join(t.cases.listSeparator)} />
      ) : null}
      {mayWrite ? (
        <Flex justify="end">
          <Button onClick={() => setAdding(null)} data-testid="evidence-add">
            {text.add}
          </Button>
        </Flex>
      ) : null}
      {checklist.length > 0 ? (
        <Table<ChecklistItem>
          rowKey="id"
          size="small"
          columns={checklistColumns}
          dataSource={checklist}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      ) : null}
      {others.length > 0 || checklist.length === 0 ? (
        <>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {checklist.length > 0 ? text.outsideChecklist : text.items}
          </Typography.Title>
          <Table<EvidenceItem>
            rowKey="id"
            size="small"
            columns={otherColumns}
            dataSource={others}
            pagination={false}
            locale={{ emptyText: text.none }}
          />
        </>
      ) : null}
      {adding !== undefined ? (
        <AddEvidenceModal
          view={view}
          checklistItem={adding}
          onClose={() => setAdding(undefined)}
          onDone={() => {
            setAdding(undefined);
            onChanged();
          }}
        />
      ) : null}
    </Flex>
  );
}
