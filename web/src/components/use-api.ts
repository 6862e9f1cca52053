// Loading data for a component: one hook for loading state, errors, aborting on unmount and reloading.
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { DependencyList } from 'react';
import { ApiError } from '../api/client.ts';

/** Provided by the layout: replaces the current page with the 403 page. */
export const ShowForbiddenContext = createContext<(() => void) | null>(null);

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  reload: () => void;
}

export interface UseApiOptions {
  /**
   * What a 403 answer does: 'page' (default) shows the 403 page instead of the current page, as for any
   * page the user may not open; 'inline' leaves it to the component, for a side panel the page can do without.
   */
  forbidden?: 'page' | 'inline';
}

/** Runs `load` when `deps` change; keeps the last data while reloading so tables do not flicker. */
export function useApi<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  options: UseApiOptions = {},
): ApiState<T> {
  const showForbidden = useContext(ShowForbiddenContext);
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const forbiddenMode = options.forbidden ?? 'page';

  // biome-ignore lint/correctness/useExhaustiveDependencies: `load` is a fresh closure on every render, so the caller's `deps` say when it really changes; `attempt` is the reload trigger.
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    load(controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        setData(result);
        setLoading(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setError(err);
        setLoading(false);
        if (err instanceof ApiError && err.isForbidden && forbiddenMode === 'page') showForbidden?.();
      },
    );
    return () => controller.abort();
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, error, isLoading: loading, reload };
}
