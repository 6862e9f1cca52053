import { Card, Flex, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { usePublicText } from '../../i18n-public.ts';
import { PublicShell } from './public-shell.tsx';

const CHOICES = [
  { key: 'dispute', to: '/public/dispute' },
  { key: 'petition', to: '/public/petition' },
  { key: 'report', to: '/public/report' },
  { key: 'track', to: '/public/track' },
] as const;

/** /public: what a citizen can do here. */
export default function PublicHome() {
  const p = usePublicText();
  return (
    <PublicShell back={false}>
      <Typography.Title level={3} style={{ marginBottom: 4 }}>
        {p.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{p.subtitle}</Typography.Paragraph>
      <Flex vertical gap={12}>
        {CHOICES.map((c) => (
          <Link key={c.key} to={c.to} data-testid={`public-choose-${c.key}`}>
            <Card hoverable size="small">
              <Typography.Text strong style={{ fontSize: 16 }}>
                {p.home[c.key].title}
              </Typography.Text>
              <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
                {p.home[c.key].text}
              </Typography.Paragraph>
            </Card>
          </Link>
        ))}
        <Link to="/login" style={{ textAlign: 'center' }}>
          {p.staffLogin}
        </Link>
      </Flex>
    </PublicShell>
  );
}
