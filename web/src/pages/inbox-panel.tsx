import { Button, Card, Empty, Flex, Skeleton, Typography, theme } from 'antd';
import { lazy, Suspense, useState } from 'react';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client.ts';
import type { InboxItem } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { useApi } from '../components/use-api.ts';
import { useI18n } from '../i18n.ts';
import { DaysLeftTag, daysLeftUntil, urgencyOf } from './cases/days-left.tsx';

// Receiving needs the case pages' dialog; load it only when a transfer is opened.
const ReceiveDialog = lazy(() => import('./cases/receive-dialog.tsx').then((m) => ({ default: m.ReceiveDialog })));

/** The case and transfer a transfer-to-receive item is about, from its link `/cases/<case>?transfer=<transfer>`. */
function transferOf(item: InboxItem): { caseId: string; transferId: string } | null {
  if (item.kind !== 'transfer-to-receive') return null;
  const url = new URL(item.link, 'http://caselink.invalid');
  const caseId = /^\/cases\/([^/]+)$/.exec(url.pathname)?.[1];
  const transferId = url.searchParams.get('transfer');
  return caseId && transferId ? { caseId, transferId } : null;
}

/** The work inbox (待办): the caller's work items, soonest due first, each opening its case; transfers received here. */
export function InboxPanel() {
  const { t, lang, formatDateTime } = useI18n();
  const { token } = theme.useToken();
  // The inbox is one panel of the home page: a 403 here must not hide the rest.
  const inbox = useApi((signal) => api.inbox({ signal }), [], { forbidden: 'inline' });
  const [receiving, setReceiving] = useState<{ caseId: string; transferId: string } | null>(null);
  const now = new Date();

  let body: ReactNode;
  if (inbox.error) body = <ErrorAlert error={inbox.error} onRetry={inbox.reload} />;
  else if (!inbox.data) body = <Skeleton active />;
  else if (inbox.data.items.length === 0) {
    body = (
      <div data-testid="inbox-empty">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.home.inboxEmpty} />
      </div>
    );
  } else {
    body = (
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="inbox-items">
        {inbox.data.items.map((item) => {
          const days = item.dueAt ? daysLeftUntil(item.dueAt, now) : null;
          const overdue = days !== null && urgencyOf(days) === 'overdue';
          const transfer = transferOf(item);
          return (
            <li
              key={item.id}
              data-testid="inbox-item"
              data-kind={item.kind}
              style={{
                padding: '10px 8px',
                borderBottom: `1px solid ${token.colorSplit}`,
                background: overdue ? token.colorErrorBg : undefined,
              }}
            >
              <Flex justify="space-between" align="center" gap={12} wrap>
                <Flex vertical style={{ minWidth: 0, flex: 1 }}>
                  <Link to={item.link} data-testid="inbox-link">
                    {lang === 'en-US' && item.titleEn ? item.titleEn : item.title}
                  </Link>
                  {item.dueAt ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t.home.due(formatDateTime(item.dueAt))}
                    </Typography.Text>
                  ) : null}
                </Flex>
                <Flex gap={8} align="center">
                  {days !== null ? <DaysLeftTag daysLeft={days} /> : null}
                  {transfer ? (
                    <Button size="small" type="primary" onClick={() => setReceiving(transfer)} data-testid="inbox-receive">
                      {t.cases.inbox.receive}
                    </Button>
                  ) : null}
                </Flex>
              </Flex>
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <Card title={t.home.inbox} extra={inbox.data ? t.common.total(inbox.data.total) : null} data-testid="inbox">
      {body}
      {receiving ? (
        <Suspense fallback={null}>
          <ReceiveDialog
            caseId={receiving.caseId}
            transferId={receiving.transferId}
            onClose={() => setReceiving(null)}
            onDone={() => {
              setReceiving(null);
              inbox.reload();
            }}
          />
        </Suspense>
      ) : null}
    </Card>
  );
}
