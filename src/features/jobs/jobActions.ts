import { currentTarget } from '../settings/connection';
import { settingsStore } from '../settings/settingsStore';
import { jobStore, tabId } from './jobStore';

/**
 * Puts a generation back in line, to be sent by this tab to the API the settings name
 * now. "Retry now" keeps its count of attempts; the person's "Try again" after a final
 * error starts afresh. Only a job with nothing under way can be put back.
 */
export function requeue(localId: string, { fresh = false } = {}) {
  const settings = settingsStore.get();
  // An automatic retry or "Retry now" goes where the job went. Only the person's own
  // "Try again" follows the settings to a new address, and never turns a free sandbox
  // job into a paid one (or the other way round).
  const retarget = fresh && settings.connection !== 'sandbox' ? currentTarget(settings) : undefined;
  jobStore.update(localId, (job) =>
    ['retrying', 'error', 'cancelled', 'unknown'].includes(job.state)
      ? {
          ...job,
          ...(retarget && job.connection !== 'sandbox' ? retarget : {}),
          state: 'queued',
          sender: tabId,
          attempts: fresh ? 0 : job.attempts,
          retryAt: undefined,
          error: undefined,
          finishedAt: undefined,
        }
      : job,
  );
}

/** Stops waiting, retrying or polling; a job the service already has may still finish there. */
export function cancel(localId: string) {
  jobStore.update(localId, (job) =>
    ['queued', 'retrying', 'processing'].includes(job.state)
      ? { ...job, state: 'cancelled', retryAt: undefined }
      : job,
  );
}

/** Polls a stalled or cancelled queued job again, at once and for another 5 minutes. */
export function checkAgain(localId: string) {
  const now = Date.now();
  jobStore.update(localId, (job) => ({
    ...job,
    state: job.remoteId || job.fetchUrl ? 'processing' : job.state,
    error: undefined,
    finishedAt: undefined,
    // Already past any estimate: the bar says "taking longer than expected".
    etaSeconds: 0,
    pollStartedAt: now,
    firstPollAt: now,
  }));
}
