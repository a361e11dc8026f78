import { describe, expect, test } from 'vitest';
import { type ErrorKind, errorKinds } from '../../api/ApiError';
import { MAX_BACKOFF_ATTEMPTS, retryDelayMs } from './retryPolicy';

const error = (kind: ErrorKind, retryAfter?: number) => ({ kind, retryAfter });

describe('retryDelayMs', () => {
  test('a 429 waits retry_after seconds, or 30 when the server did not say', () => {
    expect(retryDelayMs(error('rate-limit', 2), 1)).toBe(2000);
    expect(retryDelayMs(error('rate-limit', 0.5), 1)).toBe(500);
    expect(retryDelayMs(error('rate-limit'), 1)).toBe(30_000);
    expect(retryDelayMs(error('spam-filter'), 1)).toBe(30_000);
  });

  test('a 429 that keeps coming back is left to the person after 5 sends', () => {
    expect(retryDelayMs(error('rate-limit', 1), 4)).toBe(1000);
    expect(retryDelayMs(error('rate-limit', 1), 5)).toBeNull();
  });

  test('500 and 503 back off 1 s then 2 s, and stop at 3 sends in all', () => {
    for (const kind of ['server', 'unavailable'] as const) {
      expect(retryDelayMs(error(kind), 1)).toBe(1000);
      expect(retryDelayMs(error(kind), 2)).toBe(2000);
      expect(retryDelayMs(error(kind), MAX_BACKOFF_ATTEMPTS)).toBeNull();
    }
  });

  test('nothing else is ever resent by itself: 4xx, failed jobs, and requests that may have been charged', () => {
    const retried = new Set<ErrorKind>(['rate-limit', 'spam-filter', 'server', 'unavailable']);
    for (const kind of errorKinds) {
      if (retried.has(kind)) continue;
      expect(retryDelayMs(error(kind, 1), 1), kind).toBeNull();
    }
  });
});
