import { Alert, App, Button, Descriptions, Flex, Input, Modal, Skeleton, Space } from 'antd';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { api } from '../../api/client.ts';
import type { CaseView } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';

const MIN_REASON = 2;

/**
 * Receiving one transfer addressed to the caller's unit: the e-seal and every document's digest are verified
 * as the dialog opens and the result shown; then accept it (the server verifies again) or return it with a
 * reason. Opened from the case page (with its data) or from the inbox (which loads the case).
 */
export function ReceiveDialog({
  caseId,
  transferId,
  view,
  onClose,
  onDone,
}: {
  caseId: string;
  transferId: string;
  view?: CaseView;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, pick, formatDateTime } = useI18n();
  const { message } = App.useApp();
  const names = useCaseNames();
  const loaded = useApi((signal) => (view ? Promise.resolve(view) : api.case(caseId, { signal })), [caseId, view], {
    forbidden: 'inline',
  });
  const verification = useApi((signal) => api.verifyTransfer(transferId, { signal }), [transferId], { forbidden: 'inline' });
  const [mode, setMode] = useState<'accept' | 'return'>('accept');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const text = t.cases.receive;

  const c = loaded.data;
  const transfer = c?.transfers.find((x) => x.id === transferId);
  // an answer (批准逮捕) travels under its request's scenario: the transition names what it is
  const scenario = transfer ? names.transition(transfer.transition) : '';
  const isPending = transfer?.state === 'sent';

  async function act(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    setError(null);
    try {
      await action();
      message.success(done);
      onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const footer = !isPending ? (
    <Button onClick={onClose}>{t.common.close}</Button>
  ) : mode === 'accept' ? (
    <Space>
      <Button onClick={onClose}>{t.common.cancel}</Button>
      <Button danger onClick={() => setMode('return')} data-testid="receive-return">
        {text.return}
      </Button>
      <Button
        type="primary"
        loading={busy}
        disabled={verification.data?.ok === false}
        onClick={() => act(() => api.acceptTransfer(transferId), text.accepted)}
        data-testid="receive-accept"
      >
        {text.accept}
      </Button>
    </Space>
  ) : (
    <Space>
      <Button onClick={() => setMode('accept')}>{t.common.cancel}</Button>
      <Button
        danger
        type="primary"
        loading={busy}
        disabled={reason.trim().length < MIN_REASON}
        onClick={() => act(() => api.returnTransfer(transferId, reason.trim()), text.returned)}
        data-testid="receive-return-confirm"
      >
        {text.confirmReturn}
      </Button>
    </Space>
  );

  let body: ReactNode;
  if (loaded.error) body = <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  else if (!c) body = <Skeleton active />;
  else if (!transfer) body = <Alert type="warning" showIcon title={text.notPending} />;
  else {
    const docs = c.documents.filter((d) => transfer.documentIds.includes(d.id));
    body = (
      <Flex vertical gap={16}>
        <Descriptions
          column={1}
          size="small"
          bordered
          items={[
            { key: 'case', label: t.cases.page.caseNumber, children: `${c.caseNumber} ${c.title}` },
            { key: 'from', label: text.from, children: names.unit(transfer.senderUnitId, transfer.senderUnitName) },
            { key: 'sentAt', label: text.sentAt, children: formatDateTime(transfer.sentAt) },
            {
              key: 'documents',
              label: text.documents,
              children: docs.length
                ? docs.map((d) => <div key={d.id}>{`${names.documentKind(d.kind, d.kindName)} · ${d.name}`}</div>)
                : t.common.none,
            },
          ]}
        />
        {!isPending ? <Alert type="info" showIcon title={text.notPending} /> : null}
        <div data-testid="receive-verification">
          {verification.error ? (
            <ErrorAlert error={verification.error} onRetry={verification.reload} />
          ) : !verification.data ? (
            <Alert type="info" showIcon title={text.verifying} />
          ) : verification.data.ok ? (
            <Alert type="success" showIcon title={t.cases.transfers.verifyOk} />
          ) : (
            <Alert
              type="error"
              showIcon
              title={t.cases.transfers.verifyFailed}
              description={verification.data.failures.map((f) => (
                <div key={`${f.what}:${f.documentId ?? ''}`}>{pick(f)}</div>
              ))}
            />
          )}
        </div>
        {isPending && mode === 'return' ? (
          <Input.TextArea
            rows={3}
            maxLength={500}
            placeholder={text.returnReason}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            status={reason && reason.trim().length < MIN_REASON ? 'error' : undefined}
            data-testid="receive-return-reason"
          />
        ) : null}
        <ErrorAlert error={error} />
      </Flex>
    );
  }

  return (
    <Modal open width={640} title={text.title(scenario)} onCancel={onClose} footer={footer} data-testid="receive-dialog">
      {body}
    </Modal>
  );
}
