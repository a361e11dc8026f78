import type { ApiErrorInit } from '../../api/ApiError';
import { DEFAULT_RETRY_AFTER_S, errorTable } from './errorTable';

/** 'backoff' kinds (server, unavailable): at most this many sends of one generation in all. */
export const MAX_BACKOFF_ATTEMPTS = 3;
/** 'after-wait' kinds (rate-limit, spam-filter): at most this many sends of one generation. */
export const MAX_WAIT_ATTEMPTS = 5;

/**
 * How long to wait before sending a generation again after it failed on its
 * `attemptsSoFar`-th send, or null when the app must not send it again by itself.
 * Follows the vendor's advice: wait `retry_after` on 429 (30 s when absent, at most
 * 600 s), back off on 5xx (1 s, then 2 s), and never resend what failed for a reason
 * that would fail again or may already be charged. See docs/modelslab-api.md.
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
