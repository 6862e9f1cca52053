// Who is logged in. Loaded once from GET /api/me; cleared on logout or when any call answers 401.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { api, ApiError, onSessionEnded } from '../api/client.ts';
import type { Me, Permission } from '../api/types.ts';

interface Session {
  /** undefined while the first GET /api/me is under way; null when nobody is logged in. */
  me: Me | null | undefined;
  /** Whether the first GET /api/me failed for a reason other than 401 (e.g. the server is down). */
  loadError: unknown;
  /** True after the user logged out (rather than the session running out): the next login starts at home. */
  hasLoggedOut: boolean;
  signedIn: (me: Me) => void;
  logout: () => Promise<void>;
  retry: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [hasLoggedOut, setHasLoggedOut] = useState(false);

  useEffect(() => {
    onSessionEnded(() => setMe(null));
    return () => onSessionEnded(null);
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger, read by no code.
  useEffect(() => {
    const controller = new AbortController();
    setLoadError(null);
    api.me({ signal: controller.signal }).then(setMe, (err: unknown) => {
      if (controller.signal.aborted) return;
      // A 401 has already cleared the session through onSessionEnded.
      if (!(err instanceof ApiError && err.status === 401)) setLoadError(err);
    });
    return () => controller.abort();
  }, [attempt]);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch (err) {
      // 401: the session had already ended, which is what logging out wants.
      if (!(err instanceof ApiError && err.status === 401)) throw err;
    } finally {
      setHasLoggedOut(true);
      setMe(null);
    }
  }, []);

  const signedIn = useCallback((user: Me) => {
    setHasLoggedOut(false);
    setMe(user);
  }, []);

  const value = useMemo<Session>(
    () => ({ me, loadError, hasLoggedOut, signedIn, logout, retry: () => setAttempt((n) => n + 1) }),
    [me, loadError, hasLoggedOut, signedIn, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession must be used inside <SessionProvider>');
  return ctx;
}

/** The logged-in user; only for components rendered behind <RequireSession>. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe used outside <RequireSession>');
  return me;
}

/** Whether the logged-in user holds a permission: for hiding actions; the server still checks every call. */
export function useCan(): (permission: Permission) => boolean {
  const me = useMe();
  return (permission) => me.permissions.includes(permission);
}
