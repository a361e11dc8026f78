import { describe, expect, test } from 'vitest';
import { ApiError } from './ApiError';
import { createApiClient, type Transport } from './client';
import { parseAnswer } from './parseAnswer';

/**
 * Attack probes for issue #8 (branch `attack`): each test states what the fix claims and
 * fails where the claim does not hold.
 */

const KEY = 'sk-secret-key-0123456789';
const BASE = 'https://modelslab.com';

/** The key with its first letter written as a JSON unicode escape, as any JSON encoder may. */
const unicodeEscaped = `\\u${KEY.charCodeAt(0).toString(16).padStart(4, '0')}${KEY.slice(1)}`;

function recordingTransport(answer: () => Response) {
  const urls: string[] = [];
  const transport: Transport = async (request) => {
    urls.push(request.url);
    return answer();
  };
  return { transport, urls };
}

const json = (body: string, status = 200) =>
  new Response(body, { status, headers: { 'Content-Type': 'application/json' } });

describe('the key in an answer written with JSON unicode escapes', () => {
  test('is not kept in a success answer (seed, image links)', () => {
    const body = `{"status":"success","id":7,"output":["https://cdn.example/${unicodeEscaped}.png","https://${unicodeEscaped}.evil.example/x.png"],"meta":{"seed":"${unicodeEscaped}"}}`;
    const answer = parseAnswer(200, body, undefined, KEY);
    expect(JSON.stringify(answer)).not.toContain(KEY);
  });

  test('is not kept in a queued answer (seed)', () => {
    const body = `{"status":"processing","id":7,"eta":5,"meta":{"seed":"${unicodeEscaped}"}}`;
    const answer = parseAnswer(200, body, undefined, KEY);
    expect(JSON.stringify(answer)).not.toContain(KEY);
  });

  test('a key written with \\/ (JSON allows escaping "/") is not kept either', () => {
    const key = 'ab/cd-0123456789-xyz';
    const body = `{"status":"success","id":7,"output":["https://cdn.example/x.png"],"meta":{"seed":"ab\\/cd-0123456789-xyz"}}`;
    expect(JSON.stringify(parseAnswer(200, body, undefined, key))).not.toContain(key);
  });
});

describe('the fetch address stays on /api/v6/<family>/fetch/<id>', () => {
  test('a job number ".." does not make the check go to /api/v6/images/', async () => {
    const { transport, urls } = recordingTransport(() =>
      json('{"status":"processing","id":"..","eta":1}'),
    );
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });
    const error = await client.fetchJob({ id: '..' }).catch((caught: unknown) => caught);
    // Nothing is sent: there is no documented address to ask about such a job.
    expect(urls).toEqual([]);
    expect(error).toBeInstanceOf(ApiError);
  });

  test('a job number "." does not make the check go to /api/v6/images/fetch/ (no id)', async () => {
    const { transport, urls } = recordingTransport(() =>
      json('{"status":"processing","id":".","eta":1}'),
    );
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });
    const error = await client.fetchJob({ id: '.' }).catch((caught: unknown) => caught);
    expect(urls).toEqual([]);
    expect(error).toBeInstanceOf(ApiError);
  });

  test('a fetch_result with an encoded slash (..%2F) is not used as the path', async () => {
    const { transport, urls } = recordingTransport(() =>
      json('{"status":"processing","id":7,"eta":1}'),
    );
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });
    await client
      .fetchJob({
        id: '7',
        fetchUrl: `${BASE}/api/v6/images/fetch/..%2F..%2Fv3%2Fdelete_everything`,
      })
      .catch(() => undefined);
    // A server or proxy that decodes %2F before routing (nginx with a proxy_pass URI does)
    // reads this as /api/v6/v3/delete_everything.
    expect(urls).toEqual([`${BASE}/api/v6/images/fetch/7`]);
  });

  test('a job number holding "/" is not sent as an encoded slash either', async () => {
    const { transport, urls } = recordingTransport(() =>
      json('{"status":"processing","id":7,"eta":1}'),
    );
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });
    await client.fetchJob({ id: '../../v3/delete_everything' }).catch(() => undefined);
    expect(urls).toEqual([]);
  });
});

describe('hostile error bodies are classified, not thrown as something else', () => {
  test('a 429 with a deeply nested "tip" is an ApiError (rate-limit), not a RangeError', () => {
    const depth = 20_000;
    const body = `{"status":"error","message":"Too many requests","retry_after":5,"tip":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    let thrown: unknown;
    try {
      parseAnswer(429, body, undefined, KEY);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).kind).toBe('rate-limit');
  });
});
