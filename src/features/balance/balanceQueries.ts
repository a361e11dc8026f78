import { queryOptions } from '@tanstack/react-query';
import { clientFor } from '../settings';
import type { Steady } from './steadyConnection';

/**
 * The balance, per address and per key (`marker` says which key without holding it).
 * Asked for once per key; again only when a job finishes or the person asks.
 */
export const balanceQueries = {
  all: ['balance'] as const,
  of: ({ connection, marker }: Steady) =>
    queryOptions({
      queryKey: [...balanceQueries.all, connection.kind, connection.baseUrl, marker] as const,
      queryFn: ({ signal }) => clientFor(connection).balance({ signal }),
      staleTime: Number.POSITIVE_INFINITY,
      // Read without an observer (see useBalance): kept until the key changes.
      gcTime: Number.POSITIVE_INFINITY,
      // One call per key: a failure is shown with "Check again", not repeated by itself.
      retry: false,
      // Offline, it waits (said so) and goes out when the connection is back. The
      // sandbox answers in the page, so it does not wait.
      networkMode: connection.kind === 'sandbox' ? 'always' : 'online',
    }),
};
