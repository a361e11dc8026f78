import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ApiError, errorKinds } from './ApiError';
import { parseAnswer } from './parseAnswer';

const NUM_RUNS = 500;

const httpStatus = fc.integer({ min: 100, max: 599 });

function isShowableImage(url: string): boolean {
  if (/^data:image\//i.test(url)) return true;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The one promise parseAnswer makes: a usable answer, or an ApiError of a known kind.
 * Returns what happened so a property can add its own checks.
 */
function checkOutcome(status: number, body: string, jobId?: string) {
  let answer: ReturnType<typeof parseAnswer>;
  try {
    answer = parseAnswer(status, body, jobId);
  } catch (error) {
    if (!(error instanceof ApiError)) {
      throw new Error(`parseAnswer threw a non-ApiError for ${status} ${JSON.stringify(body)}`, {
        cause: error,
      });
    }
    expect(errorKinds).toContain(error.kind);
    expect(typeof error.serverMessage).toBe('string');
    expect(error.httpStatus).toBe(status);
    return { error } as const;
  }
  expect(['success', 'processing']).toContain(answer.status);
  expect(typeof answer.id).toBe('string');
  if (answer.status === 'success') {
    expect(answer.images.length).toBeGreaterThan(0);
    for (const image of answer.images) expect(isShowableImage(image)).toBe(true);
  } else {
    for (const link of answer.futureLinks) expect(isShowableImage(link)).toBe(true);
    expect(answer.id !== '' || answer.fetchUrl !== undefined).toBe(true);
    if (answer.etaSeconds !== undefined) {
      expect(Number.isFinite(answer.etaSeconds)).toBe(true);
      expect(answer.etaSeconds).toBeGreaterThanOrEqual(0);
    }
  }
  return { answer } as const;
}

/** Strings that look like what the API sends, plus hostile ones. */
const urlLike = fc.oneof(
  fc.constantFrom(
    'https://cdn.example/a.png',
    'http://cdn.example/b.jpg',
    'data:image/png;base64,iVBORw0KGgo=',
    'data:text/html;base64,PHNjcmlwdD4=',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    '/relative/x.png',
    'x.png',
    '',
    'https://',
    'ftp://cdn.example/c.png',
  ),
  fc.webUrl(),
  fc.string(),
);

const message = fc.oneof(
  fc.constantFrom(
    'Invalid API key',
    'Invalid Api Key',
    'API key required',
    'prompt is required',
    'width must be between 256 and 1024',
    'Model not found: x',
    'Unable to fetch image from provided URL',
    'Rate limit exceeded. Maximum 5 queued requests allowed.',
    'Internal server error. Please try again.',
    'Service temporarily unavailable. Please try again later.',
    'try again later.',
  ),
  fc.string(),
  fc.dictionary(fc.string(), fc.oneof(fc.array(fc.jsonValue()), fc.jsonValue())),
  fc.jsonValue(),
);

const id = fc.oneof(fc.nat(), fc.string(), fc.constant(''), fc.jsonValue());
const urlList = fc.oneof(
  fc.array(fc.oneof(urlLike, fc.jsonValue())),
  fc.constant(''),
  fc.jsonValue(),
);
const numberish = fc.oneof(fc.double(), fc.string(), fc.nat().map(String), fc.jsonValue());

/** Objects shaped like the documented answers, with every field optional and any field wrong. */
const answerLike = fc.record(
  {
    status: fc.oneof(
      fc.constantFrom('success', 'processing', 'error', 'failed', 'Success', ''),
      fc.jsonValue(),
    ),
    id,
    output: urlList,
    proxy_links: urlList,
    future_links: urlList,
    fetch_result: fc.oneof(urlLike, fc.jsonValue()),
    eta: numberish,
    generationTime: numberish,
    retry_after: numberish,
    message,
    messege: message,
    tip: fc.oneof(fc.string(), fc.jsonValue()),
    tips: fc.oneof(fc.constant(['You are sending the same request repeatedly']), fc.jsonValue()),
    nsfw_content_detected: fc.oneof(fc.boolean(), fc.constant('true'), fc.jsonValue()),
    meta: fc.oneof(
      fc.record(
        { seed: fc.oneof(fc.nat(), fc.string(), fc.jsonValue()), prompt: fc.jsonValue() },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: [] },
);

describe('parseAnswer never throws anything but an ApiError', () => {
  test('any JSON value under any HTTP status parses to an answer or an ApiError of a known kind', () => {
    fc.assert(
      fc.property(
        httpStatus,
        fc.jsonValue(),
        fc.option(fc.string(), { nil: undefined }),
        (status, value, jobId) => {
          checkOutcome(status, JSON.stringify(value), jobId);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  test('any answer-shaped object under any HTTP status parses to an answer or an ApiError', () => {
    fc.assert(
      fc.property(
        httpStatus,
        answerLike,
        fc.option(fc.string(), { nil: undefined }),
        (status, value, jobId) => {
          checkOutcome(status, JSON.stringify(value), jobId);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  test('any string body under any HTTP status parses to an answer or an ApiError', () => {
    fc.assert(
      fc.property(httpStatus, fc.string({ unit: 'binary' }), (status, body) => {
        checkOutcome(status, body);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('any bytes, decoded as the browser would, parse to an answer or an ApiError', () => {
    const decoder = new TextDecoder();
    fc.assert(
      fc.property(httpStatus, fc.uint8Array({ maxLength: 300 }), (status, bytes) => {
        checkOutcome(status, decoder.decode(bytes));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('parseAnswer keeps errors errors', () => {
  test('a body with status "error" never parses as a success (or as anything)', () => {
    fc.assert(
      fc.property(httpStatus, answerLike, (status, value) => {
        const outcome = checkOutcome(status, JSON.stringify({ ...value, status: 'error' }));
        expect(outcome.error).toBeDefined();
        expect(outcome.error?.kind).not.toBe('malformed');
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('a body with status "failed" is always a job-failed error', () => {
    fc.assert(
      fc.property(httpStatus, answerLike, (status, value) => {
        const outcome = checkOutcome(status, JSON.stringify({ ...value, status: 'failed' }));
        expect(outcome.error?.kind).toBe('job-failed');
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('any answer under an HTTP 4xx or 5xx is an error', () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), answerLike, (status, value) => {
        expect(checkOutcome(status, JSON.stringify(value)).error).toBeDefined();
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
