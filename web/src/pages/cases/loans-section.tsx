import { App, Button, DatePicker, Flex, Form, Input, Radio, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { CaseView, PaperLoan } from '../../api/types.ts';
import { useErrorText } from '../../components/error-alert.tsx';
import { useCan, useMe } from '../../components/session.tsx';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';
import { FormModal } from '../../components/form-modal.tsx';

const STATE_COLOURS: Record<string, string> = { requested: 'orange', lent: 'blue', refused: 'red', returned: 'green' };
const OPEN_STATES = new Set(['requested', 'lent']);

/** Today in China Standard Time, as YYYY-MM-DD: loans fall due by CST calendar day. */
function todayCst(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

interface DecisionFields {
  approve: boolean;
  dueDate?: { format: (pattern: string) => string };
  reason?: string;
}

/**
 * Loans of the paper dossier (纸质卷宗调阅): a unit party to the case asks the unit holding it for pages; the
 * holder lends with a due date or refuses with a reason, and records the return.
 */
export function LoansSection({ view, onChanged }: { view: CaseView; onChanged: () => void }) {
  const { t, formatDateTime } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const me = useMe();
  const can = useCan();
  const names = useCaseNames();
  const [asking, setAsking] = useState(false);
  const [deciding, setDeciding] = useState<PaperLoan | null>(null);
  const text = t.cases.loans;
  const today = todayCst();
  const hasOpenLoan = view.loans.some((l) => l.requesterUnitId === me.unit.id && OPEN_STATES.has(l.state));
  const mayAsk = can('paper-loan:create') && view.holderUnitId !== null && !view.youHold && !hasOpenLoan;
  const mayHandle = (l: PaperLoan) => can('paper-loan:update') && l.holderUnitId === me.unit.id;

  async function recordReturn(loan: PaperLoan) {
    try {
      await api.returnLoan(loan.id);
      message.success(text.returned);
      onChanged();
    } catch (err) {
      message.error(errorText(err));
    }
  }

  const columns: TableColumnsType<PaperLoan> = [
    { key: 'requester', title: text.requester, render: (_, l) => names.unit(l.requesterUnitId, l.requesterUnitName) },
    { key: 'holder', title: text.holder, render: (_, l) => names.unit(l.holderUnitId, l.holderUnitName) },
    { key: 'reason', title: text.reason, dataIndex: 'reason' },
    { key: 'pages', title: text.pages, dataIndex: 'pages' },
    {
      key: 'state',
      title: text.state,
      render: (_, l) => (
        <Flex vertical gap={4} align="start">
          <Space size={4}>
            <Tag color={STATE_COLOURS[l.state]} data-testid="loan-state" data-state={l.state}>
              {text.stateName[l.state] ?? l.state}
            </Tag>
            {l.state === 'lent' && l.dueDate !== null && l.dueDate < today ? <Tag color="red">{text.overdue}</Tag> : null}
          </Space>
          {l.refusalReason ? <Typography.Text type="danger">{text.refusal(l.refusalReason)}</Typography.Text> : null}
        </Flex>
      ),
    },
    { key: 'requestedAt', title: text.requestedAt, render: (_, l) => formatDateTime(l.requestedAt) },
    { key: 'dueDate', title: text.dueDate, render: (_, l) => l.dueDate ?? t.common.none },
    { key: 'returnedAt', title: text.returnedAt, render: (_, l) => (l.returnedAt ? formatDateTime(l.returnedAt) : t.common.none) },
    {
      key: 'actions',
      title: text.actions,
      render: (_, l) =>
        !mayHandle(l) ? null : l.state === 'requested' ? (
          <Button size="small" type="primary" onClick={() => setDeciding(l)} data-testid="loan-decide">
            {text.decide}
          </Button>
        ) : l.state === 'lent' ? (
          <Button size="small" onClick={() => recordReturn(l)} data-testid="loan-return">
            {text.recordReturn}
          </Button>
        ) : null,
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="case-loans">
      {mayAsk ? (
        <Flex justify="end">
          <Button onClick={() => setAsking(true)} data-testid="loan-request">
            {text.request}
          </Button>
        </Flex>
      ) : null}
      <Table<PaperLoan>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={view.loans}
        pagination={false}
        locale={{ emptyText: text.none }}
        scroll={{ x: 'max-content' }}
      />
      {asking ? (
        <FormModal<{ reason: string; pages: string }>
          title={text.request}
          testId="loan-request-form"
          onClose={() => setAsking(false)}
          onSubmit={async (values) => {
            await api.requestLoan(view.id, { reason: values.reason.trim(), pages: values.pages.trim() });
            message.success(text.requested);
            setAsking(false);
            onChanged();
          }}
        >
          <Form.Item name="reason" label={text.reason} rules={[{ required: true, whitespace: true, message: text.required(text.reason) }]}>
            <Input.TextArea rows={2} maxLength={500} data-testid="loan-reason" />
          </Form.Item>
          <Form.Item name="pages" label={text.pages} rules={[{ required: true, whitespace: true, message: text.required(text.pages) }]}>
            <Input maxLength={200} placeholder={text.pagesPlaceholder} data-testid="loan-pages" />
          </Form.Item>
        </FormModal>
      ) : null}
      {deciding ? (
        <FormModal<DecisionFields>
          title={text.decideTitle}
          testId="loan-decision-form"
          initialValues={{ approve: true }}
          onClose={() => setDeciding(null)}
          onSubmit={async (values) => {
            await api.decideLoan(deciding.id, {
              approve: values.approve,
              ...(values.approve && values.dueDate ? { dueDate: values.dueDate.format('YYYY-MM-DD') } : {}),
              ...(!values.approve && values.reason?.trim() ? { reason: values.reason.trim() } : {}),
            });
            message.success(values.approve ? text.lent : text.refused);
            setDeciding(null);
            onChanged();
          }}
        >
          <Form.Item name="approve">
            <Radio.Group
              options={[
                { value: true, label: text.lend },
                { value: false, label: text.refuse },
              ]}
            />
          </Form.Item>
          <Form.Item noStyle dependencies={['approve']}>
            {({ getFieldValue }) =>
              getFieldValue('approve') ? (
                <Form.Item name="dueDate" label={text.dueDate} rules={[{ required: true, message: text.required(text.dueDate) }]}>
                  <DatePicker
                    disabledDate={(d) => d.format('YYYY-MM-DD') < today}
                    style={{ width: '100%' }}
                    data-testid="loan-due-date"
                  />
                </Form.Item>
              ) : (
                <Form.Item
                  name="reason"
                  label={text.refusalReason}
                  rules={[{ required: true, whitespace: true, message: text.required(text.refusalReason) }]}
                >
                  <Input.TextArea rows={2} maxLength={500} />
                </Form.Item>
              )
            }
          </Form.Item>
        </FormModal>
      ) : null}
    </Flex>
  );
}
