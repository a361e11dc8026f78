import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { settingsStore, useSettings } from '../settings';
import { balanceQueries } from './balanceQueries';
import { askable, type Steady, sameConnection, steadyConnection } from './steadyConnection';

/** The steady connection, if it is still the one the settings name (no key being typed). */
const settledOf = (steady: Steady | undefined, current = askable(settingsStore.get())) =>
  steady && sameConnection(current, steady.connection) ? steady : undefined;

/** Asks for the current key's balance again (the person asked, or a job finished). */
export function refreshBalance(queryClient: QueryClient) {
  const settled = settledOf(steadyConnection.get());
  if (!settled) return;
  // The outcome, a failure included, is read from the cache.
  queryClient.fetchQuery({ ...balanceQueries.of(settled), staleTime: 0 }).catch(() => undefined);
}

/**
 * The balance of the connection in use, where it was asked (`kind`, `baseUrl`; undefined
 * when there is nothing to ask about: no key, or one still being typed), and `refresh`.
 * Read from the query cache, not with useQuery: its observer would be the only one in the
 * first load, and weighs more than all of this feature.
 */
export function useBalance() {
  const queryClient = useQueryClient();
  const steady = useSyncExternalStore(
    steadyConnection.subscribe,
    steadyConnection.get,
    () => undefined,
  );
  const settled = settledOf(steady, askable(useSettings()));
  const state = useSyncExternalStore(
    useCallback((listener) => queryClient.getQueryCache().subscribe(listener), [queryClient]),
    () => (settled ? queryClient.getQueryState(balanceQueries.of(settled).queryKey) : undefined),
    () => undefined,
  );
  useEffect(() => {
    if (!settled) return;
    // Once per key: a key asked about already (even refused) is not asked again by itself.
    const options = balanceQueries.of(settled);
    if (!queryClient.getQueryState(options.queryKey)) {
      queryClient.prefetchQuery(options);
      // Another key's answer is of no more use, and its request held that key.
      queryClient.removeQueries({
        queryKey: balanceQueries.all,
        predicate: (query) => query.queryKey[3] !== settled.marker,
      });
    }
  }, [queryClient, settled]);
  return {
    kind: settled?.connection.kind,
    baseUrl: settled?.connection.baseUrl,
    state,
    refresh: () => refreshBalance(queryClient),
  };
}

/** Jobs ending together (or one after another) cost one call, a moment after the last. */
export const REFRESH_DELAY_MS = 1000;

/** Asks for the balance again a moment after `mark` (when a job last finished) moves on. */
export function useRefreshAfter(mark: number | undefined) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!mark) return;
    const timer = setTimeout(() => refreshBalance(queryClient), REFRESH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [mark, queryClient]);
}
