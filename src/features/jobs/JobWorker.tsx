import { useEffect } from 'react';
import { requeue } from './jobActions';
import type { JobRecord } from './jobRecord';
import { tabId } from './jobStore';
import { useJobPolling } from './useJobPolling';

/**
 * The timers of one unfinished job: polling a queued job, or sending a failed one again
 * at its retry time. Kept apart from the card, so they run even when the card is not
 * on screen (filtered out, or further down the history).
 */
export function JobWorker({ job }: { job: JobRecord }) {
  useJobPolling(job);
  // Only the tab that sent it resends it: every open tab runs a worker for every job.
  const retryAt = job.state === 'retrying' && job.sender === tabId ? job.retryAt : undefined;
  useEffect(() => {
    if (retryAt === undefined) return;
    const timer = setTimeout(() => requeue(job.localId), Math.max(0, retryAt - Date.now()));
    return () => clearTimeout(timer);
  }, [job.localId, retryAt]);
  return null;
}
