import type { ApiErrorInit } from '../../api/ApiError';
import { DEFAULT_RETRY_AFTER_S, errorTable } from './errorTable';

/** At most this many sends of one generation when the service is failing (500, 503). */
export const MAX_BACKOFF_ATTEMPTS = 3;
/** A queue that stays full this many times in a row is left to the person. */
export const MAX_WAIT_ATTEMPTS = 5;

/**
 * How long to wait before sending a generation again after it failed on its
 * `attemptsSoFar`-th send, or null when the app must not send it again by itself.
 * Follows the vendor's advice: wait `retry_after` on 429, back off on 5xx, and never
 * resend what failed for a reason that would fail again or may already be charged.
 */
export function retryDelayMs(error: ApiErrorInit, attemptsSoFar: number): number | null {
  const rule = errorTable[error.kind].retry;
  if (rule === 'after-wait') {
    if (attemptsSoFar >= MAX_WAIT_ATTEMPTS) return null;
    const seconds =
      error.retryAfter !== undefined && error.retryAfter >= 0
        ? error.retryAfter
        : DEFAULT_RETRY_AFTER_S;
    return Math.min(seconds, 600) * 1000;
  }
  if (rule === 'backoff') {
    if (attemptsSoFar >= MAX_BACKOFF_ATTEMPTS) return null;
    return 1000 * 2 ** (attemptsSoFar - 1);
  }
  return null;
}
