import { Card, Col, Descriptions, Empty, Flex, Row, Skeleton, Tag, Typography, theme } from 'antd';
import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { useMe } from '../components/session.tsx';
import { useApi } from '../components/use-api.ts';
import { useI18n } from '../i18n.ts';

// ECharts is the largest dependency; load it only with the chart.
const UnitsByAgencyChart = lazy(() => import('../components/units-by-agency-chart.tsx'));

export default function HomePage() {
  const me = useMe();
  const { t, name } = useI18n();

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={8}>
        <Card title={t.home.unit} style={{ height: '100%' }}>
          <div data-testid="home-unit">
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {name(me.unit.name, me.unit.nameEn)}
            </Typography.Title>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'agency', label: t.home.agency, children: t.agency[me.unit.agency] },
                { key: 'level', label: t.home.unitLevel, children: t.unitLevel[me.unit.level] },
              ]}
            />
          </div>
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card title={t.home.region} style={{ height: '100%' }}>
          <div data-testid="home-region">
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {name(me.region.name, me.region.nameEn)}
            </Typography.Title>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'code', label: t.home.regionCode, children: me.region.code },
                { key: 'level', label: t.home.regionLevel, children: t.regionLevel[me.region.level] },
              ]}
            />
          </div>
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card title={t.home.role} style={{ height: '100%' }}>
          <div data-testid="home-role">
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t.role[me.role]}
            </Typography.Title>
            <Descriptions
              column={1}
              size="small"
              items={[{ key: 'username', label: t.home.username, children: me.username }]}
            />
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Inbox />
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t.home.unitsChart}>
          <Suspense fallback={<Skeleton active />}>
            <UnitsByAgencyChart />
          </Suspense>
        </Card>
      </Col>
    </Row>
  );
}

function Inbox() {
  const { t, formatDateTime } = useI18n();
  const { token } = theme.useToken();
  // The inbox is one panel of the home page: a 403 here must not hide the rest.
  const inbox = useApi((signal) => api.inbox({ signal }), [], { forbidden: 'inline' });

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
        {inbox.data.items.map((item) => (
          <li key={item.id} style={{ padding: '12px 0', borderBottom: `1px solid ${token.colorSplit}` }}>
            <Flex justify="space-between" align="center" gap={12}>
              <Link to={item.link}>{item.title}</Link>
              {item.dueAt ? <Tag>{t.home.due(formatDateTime(item.dueAt))}</Tag> : null}
            </Flex>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <Card title={t.home.inbox} extra={inbox.data ? t.common.total(inbox.data.total) : null}>
      {body}
    </Card>
  );
}
