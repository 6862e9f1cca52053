import { App as AntApp, ConfigProvider } from 'antd';
import type { ThemeConfig } from 'antd';
import { Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AppLayout } from './components/app-layout.tsx';
import { FullPageSpin, RequireMenu, RequireSession } from './components/route-guards.tsx';
import { SessionProvider } from './components/session.tsx';
import { I18nProvider, useI18n } from './i18n.ts';
import { APP_PAGES } from './pages/index.ts';
import LoginPage from './pages/login-page.tsx';
import { NotFoundPage } from './pages/status-pages.tsx';
import { PUBLIC_PAGES } from './pages/public/index.ts';

const THEME: ThemeConfig = { token: { colorPrimary: '#1d4e89', borderRadius: 4 } };

function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      {/* the citizens' pages: no login, no menu */}
      {PUBLIC_PAGES.map(({ path, Page }) => (
        <Route
          key={path}
          path={path}
          element={
            <Suspense fallback={<FullPageSpin />}>
              <Page />
            </Suspense>
          }
        />
      ))}
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        {APP_PAGES.map(({ key, path, Page }) => (
          <Route
            key={path}
            path={path}
            element={
              <RequireMenu menuKey={key}>
                <Page />
              </RequireMenu>
            }
          />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

function LocalizedApp() {
  const { antdLocale } = useI18n();
  return (
    <ConfigProvider locale={antdLocale} theme={THEME}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <LocalizedApp />
    </I18nProvider>
  );
}
