import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { useSettings } from '../settings';
import { balanceQueries } from './balanceQueries';
import { askable, sameConnection, steadyConnection } from './steadyConnection';

/**
 * The balance of the connection in use, and where it was asked (`kind`, `baseUrl`). Both
 * are undefined when there is nothing to ask about (no key, or one still being typed):
 * what is shown then belongs to no key.
 */
export function useBalance() {
  const steady = useSyncExternalStore(
    steadyConnection.subscribe,
    steadyConnection.get,
    steadyConnection.get,
  );
  const current = askable(useSettings());
  const settled = steady && sameConnection(current, steady.connection) ? steady : undefined;
  const query = useQuery(balanceQueries.of(settled));
  return { kind: settled?.connection.kind, baseUrl: settled?.connection.baseUrl, query };
}

/** Jobs ending together (or one after another) cost one call, a moment after the last. */
export const REFRESH_DELAY_MS = 1000;

/** Asks for the balance again a moment after `mark` (when a job last finished) moves on. */
export function useRefreshAfter(mark: number | undefined) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!mark) return;
    const timer = setTimeout(
      () => void queryClient.invalidateQueries({ queryKey: balanceQueries.all }),
      REFRESH_DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [mark, queryClient]);
}
