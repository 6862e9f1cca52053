import { Alert, Button, Flex, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { AuditRecord, AuditVerification } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { usePaging } from '../components/paging.ts';
import { useCan } from '../components/session.tsx';
import { useApi } from '../components/use-api.ts';
import { useI18n } from '../i18n.ts';

export default function AuditPage() {
  const { t, formatDateTime } = useI18n();
  const { paging, pagination } = usePaging();
  const can = useCan();
  const audit = useApi((signal) => api.audit(paging, { signal }), [paging.page, paging.pageSize]);

  const code = (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : t.common.none);
  const columns: TableColumnsType<AuditRecord> = [
    { key: 'seq', title: t.audit.seq, dataIndex: 'seq', width: 90 },
    { key: 'at', title: t.audit.at, render: (_, r) => formatDateTime(r.at), width: 200 },
    { key: 'actor', title: t.audit.actor, render: (_, r) => r.actorUsername ?? t.audit.system },
    { key: 'action', title: t.audit.action, render: (_, r) => code(r.action) },
    { key: 'resource', title: t.audit.resource, render: (_, r) => code(r.resourceKind) },
    { key: 'resourceId', title: t.audit.resourceId, render: (_, r) => r.resourceId ?? t.common.none },
    { key: 'client', title: t.audit.clientAddress, render: (_, r) => r.clientAddress ?? t.common.none },
  ];

  return (
    <>
      <PageHeader title={t.menu.audit} extra={can('audit-record:verify') ? <VerifyChain /> : null} />
      <ErrorAlert error={audit.error} onRetry={audit.reload} />
      <Table<AuditRecord>
        rowKey="seq"
        size="middle"
        columns={columns}
        dataSource={audit.data?.items}
        loading={audit.isLoading}
        pagination={pagination(audit.data?.total)}
      />
    </>
  );
}

function VerifyChain() {
  const { t } = useI18n();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function verify() {
    setRunning(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.verifyAudit());
    } catch (err) {
      setError(err);
    } finally {
      setRunning(false);
    }
  }

  return (
    <Flex align="center" gap={12} wrap>
      {result ? <VerificationResult result={result} /> : <ErrorAlert error={error} />}
      <Button type="primary" onClick={verify} loading={running} data-testid="audit-verify">
        {t.audit.verify}
      </Button>
    </Flex>
  );
}

function VerificationResult({ result }: { result: AuditVerification }) {
  const { t } = useI18n();
  if (result.ok) {
    return <Alert type="success" showIcon title={t.audit.verifyOk(result.checked)} data-testid="audit-verify-result" />;
  }
  const broken = result.firstBroken;
  return (
    <Alert
      type="error"
      showIcon
      title={broken ? t.audit.verifyBroken(broken.seq, result.checked) : t.audit.verifyFailed(result.checked)}
      description={broken ? t.audit.reason(broken.reason) : undefined}
      data-testid="audit-verify-result"
    />
  );
}
