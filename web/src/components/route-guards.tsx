// Route guards: the session (else /login) and the menu key (else 403).
import { Flex, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { MenuKey } from '../api/types.ts';
import { ForbiddenPage } from '../pages/status-pages.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { useMe, useSession } from './session.tsx';

export interface LoginState {
  /** Where to go back to after logging in. */
  from?: string;
}

export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

export function RequireSession({ children }: { children: ReactNode }) {
  const { me, loadError, hasLoggedOut, retry } = useSession();
  const location = useLocation();
  if (me === undefined) {
    return loadError ? (
      <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 24 }}>
        <ErrorAlert error={loadError} onRetry={retry} />
      </Flex>
    ) : (
      <FullPageSpin />
    );
  }
  if (me === null) {
    const state: LoginState = hasLoggedOut ? {} : { from: location.pathname + location.search };
    return <Navigate to="/login" replace state={state} />;
  }
  return children;
}

/** The server's `me.menu` says which pages a user may open; the server still checks every call. */
export function RequireMenu({ menuKey, children }: { menuKey: MenuKey; children: ReactNode }) {
  const me = useMe();
  return me.menu.includes(menuKey) ? children : <ForbiddenPage />;
}
