import { jobStore } from './jobStore';

/**
 * Puts a generation back in line. "Retry now" keeps its count of attempts; the person's
 * "Try again" after a final error starts the count afresh.
 */
export function requeue(localId: string, { fresh = false } = {}) {
  jobStore.claim(localId);
  jobStore.update(localId, (job) => ({
    ...job,
    state: 'queued',
    attempts: fresh ? 0 : job.attempts,
    retryAt: undefined,
    error: undefined,
    finishedAt: undefined,
  }));
}

/** Stops waiting, retrying or polling; a job the service already has may still finish there. */
export function cancel(localId: string) {
  jobStore.update(localId, (job) => ({ ...job, state: 'cancelled', retryAt: undefined }));
}

/** Polls a stalled or cancelled queued job again, at once and for another 5 minutes. */
export function checkAgain(localId: string) {
  const now = Date.now();
  jobStore.update(localId, (job) => ({
    ...job,
    state: 'processing',
    error: undefined,
    // Already past any estimate: the bar says "taking longer than expected".
    etaSeconds: 0,
    pollStartedAt: now,
    firstPollAt: now,
  }));
}
