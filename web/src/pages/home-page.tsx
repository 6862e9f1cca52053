import { Card, Col, Descriptions, Row, Skeleton, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useMe } from '../components/session.tsx';
import { useI18n } from '../i18n.ts';
import { InboxPanel } from './inbox-panel.tsx';

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
        <InboxPanel />
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
