import { Alert, Button, Card, Flex, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Filed } from '../../api/public-client.ts';
import { usePublicText } from '../../i18n-public.ts';

/** After filing: the tracking code large, with a copy button, and the way to follow it. */
export function FiledResult({ filed, onAnother }: { filed: Filed; onAnother: () => void }) {
  const p = usePublicText();
  return (
    <Card data-testid="filed-result">
      <Flex vertical gap={12} align="stretch">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {p.filed.title}
        </Typography.Title>
        {filed.created ? null : <Alert type="info" showIcon title={p.filed.again} />}
        <Typography.Text type="secondary">{p.filed.code}</Typography.Text>
        <Typography.Text
          strong
          copyable={{ text: filed.trackingCode, tooltips: [p.filed.copy, p.filed.copied] }}
          style={{ fontSize: 22, fontFamily: 'monospace', whiteSpace: 'nowrap' }}
          data-testid="tracking-code"
        >
          {filed.trackingCodeFormatted}
        </Typography.Text>
        <Typography.Text type="secondary">
          {p.filed.number}: {filed.number}
        </Typography.Text>
        <Typography.Paragraph style={{ margin: 0 }}>{p.filed.keep}</Typography.Paragraph>
        <Flex gap={8} wrap>
          <Link to={`/public/track?code=${encodeURIComponent(filed.trackingCode)}`}>
            <Button type="primary" data-testid="go-track">
              {p.filed.track}
            </Button>
          </Link>
          <Button onClick={onAnother}>{p.filed.new}</Button>
        </Flex>
      </Flex>
    </Card>
  );
}
