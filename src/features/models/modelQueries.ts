import { queryOptions, skipToken } from '@tanstack/react-query';
import { type ErrorKind, isApiError } from '../../api/ApiError';
import { type Connection, clientFor } from '../settings';
import { loadSavedList, type ModelList, saveList } from './savedModelList';

/** A list fetched less than a day ago is used as it is, on this visit and the next. */
export const MODEL_LIST_FRESH_MS = 24 * 60 * 60 * 1000;

/** Failures that may pass: asked again once. A refused key or a broken answer would not. */
const PASSING: ReadonlySet<ErrorKind> = new Set(['server', 'unavailable', 'timeout']);

type Target = { connection: Connection['kind']; baseUrl: string };

/**
 * The model list, per address (keyed by where requests go, never by the key). `saved` is
 * the list kept from an earlier visit: it is shown at once, and asked for again only
 * once it is a day old.
 */
export const modelQueries = {
  all: ['models'] as const,
  saved: (target: Target) =>
    queryOptions({
      queryKey: [...modelQueries.all, 'saved', target.connection, target.baseUrl] as const,
      queryFn: () => loadSavedList(target.baseUrl),
      staleTime: Number.POSITIVE_INFINITY,
      networkMode: 'always',
      retry: false,
    }),
  /** Without a connection (no key yet), only the saved list, if any. */
  list: (target: Target, connection: Connection | undefined, saved: ModelList | null) =>
    queryOptions({
      queryKey: [...modelQueries.all, 'list', target.connection, target.baseUrl] as const,
      // No abort signal: closing the picker mid-way still lets the list arrive and be kept.
      queryFn: connection
        ? async (): Promise<ModelList> => {
            const models = await clientFor(connection).listModels();
            const list = { models, fetchedAt: Date.now() };
            await saveList(connection.baseUrl, list);
            return list;
          }
        : skipToken,
      initialData: saved ?? undefined,
      initialDataUpdatedAt: saved?.fetchedAt,
      staleTime: MODEL_LIST_FRESH_MS,
      retry: (failures, error) => failures < 1 && isApiError(error) && PASSING.has(error.kind),
      // The sandbox answers in the page: it works offline too.
      networkMode: target.connection === 'sandbox' ? 'always' : 'online',
    }),
};
