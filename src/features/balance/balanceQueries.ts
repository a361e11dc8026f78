import { queryOptions, skipToken } from '@tanstack/react-query';
import { clientFor } from '../settings';
import type { Steady } from './steadyConnection';

/**
 * The balance, per address and per key (`marker` says which key without holding it).
 * Asked for once per key; again only when a job finishes or the person asks.
 */
export const balanceQueries = {
  all: ['balance'] as const,
  of: (steady: Steady | undefined) =>
    queryOptions({
      queryKey: steady
        ? ([
            ...balanceQueries.all,
            steady.connection.kind,
            steady.connection.baseUrl,
            steady.marker,
          ] as const)
        : ([...balanceQueries.all, 'none'] as const),
      queryFn: steady
        ? ({ signal }) => clientFor(steady.connection).balance({ signal })
        : skipToken,
      staleTime: Number.POSITIVE_INFINITY,
      // One call per key: a failure is shown with "Check again", not repeated by itself.
      retry: false,
      // Offline, the call fails at once and says so, rather than waiting unseen.
      networkMode: 'always',
    }),
};
