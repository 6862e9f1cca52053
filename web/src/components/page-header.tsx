import { Button, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { ErrorAlert } from './error-alert.tsx';

export function PageHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <Flex align="center" justify="space-between" gap={16} wrap style={{ marginBottom: 16 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {extra}
    </Flex>
  );
}

/**
 * A matter's page head (a case, a dispute, a petition, a grid event, a supervision item): its title, a way back
 * to its list and a reload button, with the last reload's error below.
 */
export function MatterPageHeader({
  title,
  back,
  reload,
  error,
}: {
  title: ReactNode;
  back: { to: string; text: string };
  reload: { onClick: () => void; loading: boolean; text: string; testId: string };
  error: unknown;
}) {
  const navigate = useNavigate();
  return (
    <>
      <PageHeader
        title={title}
        extra={
          <Flex gap={8}>
            <Button onClick={() => navigate(back.to)}>{back.text}</Button>
            <Button onClick={reload.onClick} loading={reload.loading} data-testid={reload.testId}>
              {reload.text}
            </Button>
          </Flex>
        }
      />
      <ErrorAlert error={error} onRetry={reload.onClick} />
    </>
  );
}
