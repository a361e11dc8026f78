import { afterEach, describe, expect, test, vi } from 'vitest';
import { ApiError, type ErrorKind } from './ApiError';
import { createApiClient, type Transport } from './client';
import type { Text2ImgParams } from './types';

const KEY = 'sk-secret-key-0123456789';
const BASE = 'https://modelslab.com';

type Recorded = { url: string; method: string; contentType: string | null; body: unknown };

/** A fake transport that records every request and answers with `reply`. */
function fakeTransport(reply: (request: Request) => Response | Promise<Response>) {
  const requests: Recorded[] = [];
  const transport: Transport = async (request) => {
    const text = await request.clone().text();
    requests.push({
      url: request.url,
      method: request.method,
      contentType: request.headers.get('Content-Type'),
      body: JSON.parse(text),
    });
    return reply(request);
  };
  return { transport, requests };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const success = () => json({ status: 'success', id: 7, output: ['https://cdn.example/7.png'] });

/** A transport that hangs until the request's signal aborts, then rejects as fetch does. */
const hangingTransport: Transport = (request) =>
  new Promise<Response>((_resolve, reject) => {
    const fail = () => reject(new DOMException('The operation was aborted.', 'AbortError'));
    if (request.signal.aborted) fail();
    request.signal.addEventListener('abort', fail, { once: true });
  });

const params: Text2ImgParams = {
  prompt: 'a red fox in snow',
  negative_prompt: 'blurry',
  model_id: 'flux',
  width: 768,
  height: 512,
  samples: 2,
  num_inference_steps: 30,
  guidance_scale: 7.5,
  seed: 3312345678,
};

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected the call to fail');
}

function expectNoKey(error: ApiError) {
  expect(JSON.stringify(error.toJSON())).not.toContain(KEY);
  expect(error.message).not.toContain(KEY);
  expect(error.serverMessage).not.toContain(KEY);
  expect(String(error)).not.toContain(KEY);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('text2img', () => {
  test('POSTs JSON with the key and the params as JSON numbers to /api/v6/images/text2img', async () => {
    const { transport, requests } = fakeTransport(success);
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });

    const answer = await client.text2img(params);

    expect(requests).toHaveLength(1);
    expect(requests[0]).toEqual({
      url: 'https://modelslab.com/api/v6/images/text2img',
      method: 'POST',
      contentType: 'application/json',
      body: {
        key: KEY,
        prompt: 'a red fox in snow',
        negative_prompt: 'blurry',
        model_id: 'flux',
        width: 768,
        height: 512,
        samples: 2,
        num_inference_steps: 30,
        guidance_scale: 7.5,
        seed: 3312345678,
      },
    });
    expect(answer).toEqual({
      status: 'success',
      id: '7',
      images: ['https://cdn.example/7.png'],
      seed: undefined,
      generationTime: undefined,
      nsfw: false,
    });
  });

  test('a random seed is sent as JSON null', async () => {
    const { transport, requests } = fakeTransport(success);
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });
    await client.text2img({ ...params, seed: null });
    expect(requests[0]?.body).toMatchObject({ seed: null });
  });

  test('a trailing slash on the base URL does not double the slash', async () => {
    const { transport, requests } = fakeTransport(success);
    const client = createApiClient({ baseUrl: 'https://modelslab.com//', apiKey: KEY, transport });
    await client.text2img(params);
    expect(requests[0]?.url).toBe('https://modelslab.com/api/v6/images/text2img');
  });

  test('a base URL with a proxy path prefix keeps the prefix', async () => {
    const { transport, requests } = fakeTransport(success);
    const client = createApiClient({
      baseUrl: 'https://proxy.example/modelslab/',
      apiKey: KEY,
      transport,
    });
    await client.text2img(params);
    expect(requests[0]?.url).toBe('https://proxy.example/modelslab/api/v6/images/text2img');
  });

  test('a queued answer comes back as processing with its fetch URL', async () => {
    const { transport } = fakeTransport(() =>
      json({
        status: 'processing',
        id: 134701497,
        eta: 2.75,
        fetch_result: 'https://modelslab.com/api/v6/images/fetch/134701497',
        output: [],
      }),
    );
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });
    expect(await client.text2img(params)).toMatchObject({
      status: 'processing',
      id: '134701497',
      etaSeconds: 2.75,
      fetchUrl: 'https://modelslab.com/api/v6/images/fetch/134701497',
    });
  });

  test('a server error body becomes an ApiError with the server words and no key', async () => {
    const { transport } = fakeTransport(() =>
      json({ status: 'error', message: 'Invalid API key' }, 401),
    );
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });
    const error = await rejection(client.text2img(params));
    expect(error.kind).toBe('key');
    expect(error.serverMessage).toBe('Invalid API key');
    expect(error.httpStatus).toBe(401);
    expectNoKey(error);
  });
});

describe('fetchJob', () => {
  test('uses the path of fetch_result (a realtime fetch) on the configured base, sending only the key', async () => {
    const { transport, requests } = fakeTransport(success);
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });

    await client.fetchJob({
      id: '99',
      fetchUrl: 'https://modelslab.com/api/v6/realtime/fetch/99',
    });

    expect(requests).toEqual([
      {
        url: 'https://modelslab.com/api/v6/realtime/fetch/99',
        method: 'POST',
        contentType: 'application/json',
        body: { key: KEY },
      },
    ]);
  });

  test('a fetch_result on another host is asked on the configured base, so that host never gets the key', async () => {
    const { transport, requests } = fakeTransport(success);
    const client = createApiClient({
      baseUrl: 'https://proxy.example/',
      apiKey: KEY,
      transport,
    });

    await client.fetchJob({
      id: '99',
      fetchUrl: 'https://evil.example/api/v6/image_editing/fetch/99',
    });

    expect(requests.map((r) => r.url)).toEqual([
      'https://proxy.example/api/v6/image_editing/fetch/99',
    ]);
    expect(requests.every((r) => new URL(r.url).host === 'proxy.example')).toBe(true);
  });

  test('a fetch_result that is not a documented fetch endpoint falls back to the documented path', async () => {
    const { transport, requests } = fakeTransport(success);
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });
    for (const fetchUrl of [
      'https://evil.example/collect',
      'https://modelslab.com/api/../admin/99',
      'https://modelslab.com/api/v3/delete_everything?confirm=yes',
      'https://modelslab.com/api/v6/images/fetch/99?confirm=yes',
      'https://modelslab.com/api/v6/images/fetch/99/extra',
      'https://modelslab.com/api/v6/wallet/fetch/99',
    ]) {
      await client.fetchJob({ id: '99', fetchUrl });
    }
    expect(requests.map((r) => r.url)).toEqual(
      Array(6).fill('https://modelslab.com/api/v6/images/fetch/99'),
    );
  });

  test('a redirect is never followed: it is an error, and the key goes nowhere else', async () => {
    for (const status of [301, 302, 307, 308]) {
      const { transport, requests } = fakeTransport(
        () => new Response(null, { status, headers: { Location: 'https://evil.example/steal' } }),
      );
      const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });
      const error = await rejection(client.text2img(params));
      expect(error.kind).toBe('redirected');
      expect(error.httpStatus).toBe(status);
      expect(requests.map((r) => r.url)).toEqual(['https://modelslab.com/api/v6/images/text2img']);
      expectNoKey(error);
    }
  });

  test('the request tells the browser not to follow redirects', async () => {
    let seen: RequestRedirect | undefined;
    const client = createApiClient({
      baseUrl: BASE,
      apiKey: KEY,
      transport: async (request) => {
        seen = request.redirect;
        return success();
      },
    });
    await client.fetchJob({ id: '1' });
    expect(seen).toBe('manual');
  });

  test('without a fetch_result it POSTs the key to /api/v6/images/fetch/{id}', async () => {
    const { transport, requests } = fakeTransport(success);
    const client = createApiClient({ baseUrl: `${BASE}/`, apiKey: KEY, transport });
    await client.fetchJob({ id: '134701497' });
    expect(requests).toEqual([
      {
        url: 'https://modelslab.com/api/v6/images/fetch/134701497',
        method: 'POST',
        contentType: 'application/json',
        body: { key: KEY },
      },
    ]);
  });

  test('a job number that is not letters, digits, "-", "_" or "." is never put in an address', async () => {
    const { transport, requests } = fakeTransport(success);
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });
    for (const id of ['../../x?y', '..', '.', 'a/b', 'a%2Fb', 'a#b', '']) {
      const error = await rejection(client.fetchJob({ id }));
      expect(error.kind).toBe('malformed');
    }
    expect(requests).toEqual([]);
    await client.fetchJob({ id: 'abc-12_3.x' });
    expect(requests[0]?.url).toBe('https://modelslab.com/api/v6/images/fetch/abc-12_3.x');
  });

  test('a "try again later" answer keeps the job id the caller asked about', async () => {
    const { transport } = fakeTransport(() =>
      json({ status: 'processing', messege: 'try again later.', output: '' }),
    );
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });
    expect(await client.fetchJob({ id: '42' })).toEqual({
      status: 'processing',
      id: '42',
      etaSeconds: undefined,
      fetchUrl: undefined,
      futureLinks: [],
      seed: undefined,
      message: 'try again later.',
    });
  });

  test('a failed job becomes job-failed naming the job', async () => {
    const { transport } = fakeTransport(() =>
      json({ status: 'failed', id: '', message: 'Generation failed', output: '' }),
    );
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });
    const error = await rejection(client.fetchJob({ id: '42' }));
    expect(error.kind).toBe('job-failed');
    expect(error.jobId).toBe('42');
    expectNoKey(error);
  });
});

describe('when the request does not get an answer', () => {
  test('a transport that throws TypeError (CORS, DNS) is blocked, with the browser’s words', async () => {
    const transport: Transport = async () => {
      throw new TypeError('Failed to fetch');
    };
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });
    const error = await rejection(client.text2img(params));
    expect(error.kind).toBe('blocked');
    expect(error.serverMessage).toBe('TypeError: Failed to fetch');
    expect(error.jobId).toBeUndefined();
    expectNoKey(error);
  });

  test('a blocked fetchJob names the job', async () => {
    const transport: Transport = async () => {
      throw new TypeError('Failed to fetch');
    };
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });
    const error = await rejection(client.fetchJob({ id: '42' }));
    expect(error.kind).toBe('blocked');
    expect(error.jobId).toBe('42');
    expectNoKey(error);
  });

  test('a caller who aborts gets cancelled', async () => {
    const controller = new AbortController();
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport: hangingTransport });
    const call = client.text2img(params, { signal: controller.signal });
    controller.abort();
    const error = await rejection(call);
    expect(error.kind).toBe('cancelled');
    expectNoKey(error);
  });

  test('a caller signal already aborted before the call gets cancelled', async () => {
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport: hangingTransport });
    const error = await rejection(client.fetchJob({ id: '5' }, { signal: AbortSignal.abort() }));
    expect(error.kind).toBe('cancelled');
    expect(error.jobId).toBe('5');
  });

  test('a server that never answers times out after timeoutMs (real timers)', async () => {
    const client = createApiClient({
      baseUrl: BASE,
      apiKey: KEY,
      transport: hangingTransport,
      timeoutMs: 50,
    });
    const error = await rejection(client.text2img(params));
    expect(error.kind).toBe('timeout');
    expectNoKey(error);
  });

  test('a server that never answers times out after timeoutMs (fake timers), even with a caller signal', async () => {
    vi.useFakeTimers();
    const client = createApiClient({
      baseUrl: BASE,
      apiKey: KEY,
      transport: hangingTransport,
      timeoutMs: 50,
    });
    const controller = new AbortController();
    const outcome = client.text2img(params, { signal: controller.signal }).then(
      () => 'answered',
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(49);
    let settled = false;
    void outcome.then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('timeout');
  });

  test('a body that stops arriving before the timeout is a timeout', async () => {
    const transport: Transport = async (request) =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"status":'));
            request.signal.addEventListener('abort', () =>
              controller.error(new DOMException('The operation was aborted.', 'AbortError')),
            );
          },
        }),
      );
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport, timeoutMs: 50 });
    const error = await rejection(client.text2img(params));
    expect(error.kind).toBe('timeout');
  });

  test('when the browser is offline, a failed request is offline', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const transport: Transport = async () => {
      throw new TypeError('Failed to fetch');
    };
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });
    const error = await rejection(client.text2img(params));
    expect(error.kind).toBe('offline');
    expect(error.serverMessage).toBe('');
    expectNoKey(error);
  });

  test('an ApiError thrown by the transport passes through unchanged', async () => {
    const original = new ApiError({ kind: 'unavailable', serverMessage: 'sandbox down' });
    const transport: Transport = async () => {
      throw original;
    };
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });
    expect(await rejection(client.text2img(params))).toBe(original);
  });

  // A server, proxy or firewall page may echo the request body back.
  test('a server that echoes the request body does not get the key into the error', async () => {
    const transport: Transport = async (request) =>
      new Response(`<html>Bad request: ${await request.text()}</html>`, { status: 400 });
    const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport });
    const error = await rejection(client.text2img(params));
    expect(error.kind).toBe('invalid-request');
    expectNoKey(error);
  });

  test('no failure kind ever carries the key', async () => {
    const kinds: ErrorKind[] = [];
    const cases: Array<[Transport, AbortSignal | undefined]> = [
      [
        async () => {
          throw new TypeError(`Failed to fetch`);
        },
        undefined,
      ],
      [async () => json({ status: 'error', message: 'Internal server error.' }, 500), undefined],
      [async () => new Response('<html>Bad gateway</html>', { status: 502 }), undefined],
      [async () => json({ status: 'failed', id: 1, message: 'nope' }), undefined],
      [hangingTransport, AbortSignal.abort()],
    ];
    for (const [transport, signal] of cases) {
      const client = createApiClient({ baseUrl: BASE, apiKey: KEY, transport, timeoutMs: 50 });
      const error = await rejection(client.text2img(params, { signal }));
      kinds.push(error.kind);
      expectNoKey(error);
    }
    expect(kinds).toEqual(['blocked', 'server', 'unavailable', 'job-failed', 'cancelled']);
  });
});

describe('an answer that echoes the key', () => {
  const answering = (body: unknown, status = 200) =>
    createApiClient({ baseUrl: BASE, apiKey: KEY, transport: async () => json(body, status) });

  test('in a field name, a message cut at 600 characters, or upper-case: none of it is kept', async () => {
    const error = await rejection(
      answering(
        {
          status: 'error',
          message: {
            [KEY]: ['wrong'],
            prompt: [`${'x'.repeat(595)}${KEY}`],
            seed: [`seed ${KEY.toUpperCase()}`],
          },
        },
        422,
      ).text2img(params),
    );
    const stored = JSON.stringify(error.toJSON()).toLowerCase();
    expect(stored).not.toContain(KEY.slice(0, 6).toLowerCase());
    expect(Object.keys(error.fieldErrors)).toEqual(['prompt', 'seed']);
    expect(error.fieldErrors.seed).toEqual(['seed [your API key]']);
    expect(error.serverMessage.startsWith('wrong x')).toBe(true);
  });

  test('JSON-escaped or URL-encoded, in a message or a picture link: replaced before it is read', async () => {
    const quoted = 'sk-"odd"/key';
    const client = createApiClient({
      baseUrl: BASE,
      apiKey: quoted,
      transport: async () =>
        new Response(
          JSON.stringify({
            status: 'success',
            id: 1,
            output: [`https://img.example/${encodeURIComponent(quoted)}.png`],
            meta: { seed: 1 },
          }),
        ),
    });
    const answer = await client.text2img(params);
    expect(JSON.stringify(answer)).not.toContain(encodeURIComponent(quoted));
    const escaped = await rejection(
      createApiClient({
        baseUrl: BASE,
        apiKey: quoted,
        transport: async () => json({ status: 'error', message: `bad key ${quoted}` }, 401),
      }).text2img(params),
    );
    expect(escaped.serverMessage).toBe('bad key [your API key]');
  });
});

describe('an answer far larger than any real one', () => {
  test('is not read past 16 MB: a clear error, and the rest of the stream is cancelled', async () => {
    let sent = 0;
    let cancelled = false;
    const chunk = new Uint8Array(2 ** 20).fill(0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const client = createApiClient({
      baseUrl: BASE,
      apiKey: KEY,
      transport: async () => new Response(body, { status: 200 }),
    });
    const error = await rejection(client.text2img(params));
    expect(error.kind).toBe('malformed');
    expect(error.serverMessage).toContain('larger than 16 MB');
    expect(cancelled).toBe(true);
    expect(sent).toBeLessThanOrEqual(18);
  });

  test('a declared Content-Length over the limit is refused before reading', async () => {
    const client = createApiClient({
      baseUrl: BASE,
      apiKey: KEY,
      transport: async () =>
        new Response('{}', { status: 200, headers: { 'Content-Length': String(2 ** 30) } }),
    });
    expect((await rejection(client.text2img(params))).kind).toBe('malformed');
  });
});
