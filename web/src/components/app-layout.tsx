import { App, Button, Flex, Layout, Menu, Spin, Typography, theme } from 'antd';
import { Suspense, useCallback, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useI18n } from '../i18n.ts';
import { MENU_PAGES, pageAt } from '../pages/index.ts';
import { ForbiddenPage } from '../pages/status-pages.tsx';
import { useErrorText } from './error-alert.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { useMe, useSession } from './session.tsx';
import { ShowForbiddenContext } from './use-api.ts';

export function AppLayout() {
  const me = useMe();
  const { logout } = useSession();
  const { t, name } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { token } = theme.useToken();
  const location = useLocation();
  // The navigation (location.key) whose page answered 403; opening any page again clears it.
  const [forbiddenAt, setForbiddenAt] = useState<string | null>(null);
  const showForbidden = useCallback(() => setForbiddenAt(location.key), [location.key]);
  const [loggingOut, setLoggingOut] = useState(false);

  const menuItems = MENU_PAGES.filter((p) => me.menu.includes(p.key)).map((p) => ({
    key: p.key,
    label: (
      <Link to={p.path} data-testid={`menu-${p.key}`}>
        {t.menu[p.key]}
      </Link>
    ),
  }));
  const current = pageAt(location.pathname);

  async function onLogout() {
    setLoggingOut(true);
    try {
      await logout(); // the route guard then sends the user to /login
    } catch (err) {
      message.error(errorText(err));
      setLoggingOut(false);
    }
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
          paddingInline: 24,
        }}
      >
        <Flex align="center" justify="space-between" gap={16} style={{ height: '100%' }}>
          <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap' }} data-testid="app-name">
            {t.app.name}
          </Typography.Title>
          <Flex align="center" gap={12} wrap={false} style={{ minWidth: 0 }}>
            <Typography.Text strong data-testid="header-user">
              {me.displayName}
            </Typography.Text>
            <Typography.Text type="secondary" ellipsis data-testid="header-unit">
              {name(me.unit.name, me.unit.nameEn)}
            </Typography.Text>
            <LanguageSwitch />
            <Button onClick={onLogout} loading={loggingOut} data-testid="logout">
              {t.layout.logout}
            </Button>
          </Flex>
        </Flex>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} breakpoint="lg" collapsedWidth={0} style={{ background: token.colorBgContainer }}>
          <Menu mode="inline" selectedKeys={current ? [current.key] : []} items={menuItems} style={{ borderInlineEnd: 0 }} />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          <ShowForbiddenContext.Provider value={showForbidden}>
            {forbiddenAt === location.key ? (
              <ForbiddenPage />
            ) : (
              <Suspense fallback={<Spin style={{ display: 'block', marginTop: 48 }} />}>
                <Outlet />
              </Suspense>
            )}
          </ShowForbiddenContext.Provider>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
