import { queryOptions } from '@tanstack/react-query';
import { ApiError, isApiError } from '../../api/ApiError';
import { clientFor } from '../settings/connection';
import type { JobRecord } from './jobRecord';
import { applyAnswer } from './jobRecord';
import { jobStore } from './jobStore';
import { backoffDelay, isTransientPollError, nextPollDelay, POLL_LIMIT_MS } from './pollSchedule';

/** Asks the service once about a queued job and records what it said. */
async function checkJob(localId: string, apiKey: string, signal: AbortSignal) {
  const job = jobStore.get(localId);
  if (job?.state !== 'processing') return null;
  const overdue = () => Date.now() - (job.pollStartedAt ?? job.createdAt) >= POLL_LIMIT_MS;
  if (!job.remoteId && !job.fetchUrl) {
    jobStore.update(localId, (current) => ({ ...current, state: 'stalled' }));
    return null;
  }
  const client = clientFor({ kind: job.connection, baseUrl: job.baseUrl, apiKey });
  try {
    const answer = await client.fetchJob(
      { id: job.remoteId ?? '', fetchUrl: job.fetchUrl },
      { signal },
    );
    jobStore.update(localId, (current) => {
      if (current.state !== 'processing') return current;
      const next = applyAnswer(current, answer, Date.now());
      return next.state === 'processing' && overdue() ? { ...next, state: 'stalled' } : next;
    });
    return answer;
  } catch (error) {
    const apiError = isApiError(error) ? error : new ApiError({ kind: 'malformed', cause: error });
    if (apiError.kind === 'cancelled') throw apiError;
    if (isTransientPollError(apiError) && !overdue()) throw apiError;
    // Only the service saying the job failed ends it. Any other trouble (a wrong key in
    // this tab, a blocked request) stops checking but keeps the job for "Check again".
    const failed = apiError.kind === 'job-failed';
    jobStore.update(localId, (current) =>
      current.state !== 'processing'
        ? current
        : failed
          ? { ...current, state: 'error', error: apiError.toJSON(), finishedAt: Date.now() }
          : { ...current, state: 'stalled', error: apiError.toJSON(), finishedAt: Date.now() },
    );
    return null;
  }
}

export const jobQueries = {
  all: () => ['jobs'] as const,
  check: (job: JobRecord, apiKey: string) =>
    queryOptions({
      queryKey: [...jobQueries.all(), job.localId, job.pollStartedAt] as const,
      queryFn: ({ signal }) => checkJob(job.localId, apiKey, signal),
      // Keep asking until the record is final; the record, not the query, is the truth.
      refetchInterval: (query) => {
        const current = jobStore.get(job.localId);
        if (current?.state !== 'processing') return false;
        return nextPollDelay(query.state.dataUpdateCount + query.state.errorUpdateCount);
      },
      refetchIntervalInBackground: true,
      refetchOnWindowFocus: false,
      refetchOnMount: false,
      staleTime: Number.POSITIVE_INFINITY,
      gcTime: 0,
      retry: (failureCount, error) =>
        failureCount < 3 && isApiError(error) && isTransientPollError(error),
      // A busy service says how long to wait (429 retry_after); otherwise back off.
      retryDelay: (attempt, error) =>
        isApiError(error) && error.retryAfter !== undefined
          ? error.retryAfter * 1000
          : backoffDelay(attempt),
      // The sandbox needs no network: do not pause it when the browser says offline.
      networkMode: job.connection === 'sandbox' ? 'always' : 'online',
    }),
};
