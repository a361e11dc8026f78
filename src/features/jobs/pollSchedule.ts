import type { ApiErrorInit } from '../../api/ApiError';

/** Stop polling (and offer "Check again") after this long without a result. */
export const POLL_LIMIT_MS = 5 * 60_000;

/**
 * Wait before the next check, after `checksSoFar` checks: the first check is at the
 * job's ETA; after that 2 s, then ×1.5 each time, never more than 10 s.
 */
export function nextPollDelay(checksSoFar: number): number {
  return Math.min(10_000, Math.round(2000 * 1.5 ** Math.max(0, checksSoFar - 1)));
}

/** Failures worth asking again about: asking about a job is safe to repeat. */
export function isTransientPollError(error: Pick<ApiErrorInit, 'kind'>): boolean {
  return [
    'server',
    'unavailable',
    'rate-limit',
    'spam-filter',
    'timeout',
    'blocked',
    'offline',
    'malformed',
  ].includes(error.kind);
}

/** 1 s, 2 s, 4 s … between quick retries of one failed check. */
export function backoffDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** attempt);
}
