import { Button, Flex, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { CaseTransfer, CaseView, TransferVerification } from '../../api/types.ts';
import { useErrorText } from '../../components/error-alert.tsx';
import { useCan, useMe } from '../../components/session.tsx';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';

const STATE_COLOURS: Record<string, string> = { sent: 'orange', accepted: 'green', returned: 'red', answered: 'blue' };

type Check = { state: 'checking' } | { state: 'done'; result: TransferVerification } | { state: 'error'; message: string };

/** One transfer's seal check, on demand: the result stays beside the row. */
function VerifyCell({ transferId }: { transferId: string }) {
  const { t, pick } = useI18n();
  const errorText = useErrorText();
  const [check, setCheck] = useState<Check | null>(null);
  const text = t.cases.transfers;

  async function verify() {
    setCheck({ state: 'checking' });
    try {
      setCheck({ state: 'done', result: await api.verifyTransfer(transferId) });
    } catch (err) {
      setCheck({ state: 'error', message: errorText(err) });
    }
  }

  return (
    <Space size={4} wrap>
      <Button size="small" onClick={verify} loading={check?.state === 'checking'} data-testid="transfer-verify">
        {text.verify}
      </Button>
      <span data-testid="transfer-verify-result">
        {check?.state === 'done' && check.result.ok ? <Tag color="green">{text.verifyOk}</Tag> : null}
        {check?.state === 'done' && !check.result.ok ? (
          <Tooltip title={check.result.failures.map((f) => pick(f)).join('; ')}>
            <Tag color="red">
              {text.verifyFailed} {check.result.failures.map((f) => pick(f)).join('; ')}
            </Tag>
          </Tooltip>
        ) : null}
        {check?.state === 'error' ? <Tag color="red">{check.message}</Tag> : null}
      </span>
    </Space>
  );
}

/** Every hand-over of the case: who sent what to whom, its state, a seal check, and receiving for the addressee. */
export function TransfersSection({ view, onReceive }: { view: CaseView; onReceive: (transferId: string) => void }) {
  const { t, formatDateTime } = useI18n();
  const me = useMe();
  const can = useCan();
  const names = useCaseNames();
  const text = t.cases.transfers;
  const sorted = [...view.transfers].sort((a, b) => b.sentAt.localeCompare(a.sentAt));

  const columns: TableColumnsType<CaseTransfer> = [
    {
      key: 'scenario',
      title: text.scenario,
      render: (_, x) => (
        <Flex vertical>
          <span>{names.scenario(x.scenario, { zh: x.scenarioName, en: x.scenarioNameEn })}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {names.transition(x.transition)}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'from', title: text.from, render: (_, x) => names.unit(x.senderUnitId, x.senderUnitName) },
    { key: 'to', title: text.to, render: (_, x) => names.unit(x.receiverUnitId, x.receiverUnitName) },
    { key: 'sentAt', title: text.sentAt, render: (_, x) => formatDateTime(x.sentAt) },
    {
      key: 'state',
      title: text.state,
      render: (_, x) => (
        <Flex vertical gap={4} align="start">
          <Space size={4}>
            <Tag color={STATE_COLOURS[x.state]} data-testid="transfer-state" data-state={x.state}>
              {text.stateName[x.state] ?? x.state}
            </Tag>
            {x.onPaper ? <Tag color="gold">{text.onPaper}</Tag> : null}
          </Space>
          {x.receivedAt ? <Typography.Text type="secondary">{formatDateTime(x.receivedAt)}</Typography.Text> : null}
          {x.returnReason ? <Typography.Text type="danger">{text.returnReason(x.returnReason)}</Typography.Text> : null}
        </Flex>
      ),
    },
    { key: 'documents', title: text.documents, render: (_, x) => x.documentIds.length, align: 'right' },
    {
      key: 'actions',
      title: '',
      render: (_, x) => (
        <Space size={4} wrap>
          <VerifyCell transferId={x.id} />
          {x.state === 'sent' && x.receiverUnitId === me.unit.id && can('case:update') ? (
            <Button size="small" type="primary" onClick={() => onReceive(x.id)} data-testid="transfer-receive">
              {text.receive}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <Table<CaseTransfer>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={sorted}
      pagination={false}
      locale={{ emptyText: text.none }}
      scroll={{ x: 'max-content' }}
      data-testid="case-transfers"
    />
  );
}
