import { HttpResponse, http, type JsonBodyType } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { PictureSpec } from '../sandbox/describeScene';
import { createSandbox } from '../sandbox/handlers';

/**
 * The ModelsLab API as the component tests see it: the sandbox (the documented contract,
 * the same function the app's sandbox transport calls) answering the app's real `fetch`
 * calls through msw/node, with pictures at predictable addresses, every request recorded
 * in order, and one-off scripted answers.
 */

/** Where the "ModelsLab" connection sends requests in tests (`.env`). */
export const API_ORIGIN = 'https://modelslab.com';
export const TEXT2IMG_URL = `${API_ORIGIN}/api/v6/images/text2img`;
export const fetchUrlFor = (id: string | number) => `${API_ORIGIN}/api/v6/images/fetch/${id}`;
export const BALANCE_URL = `${API_ORIGIN}/api/wallet_balance`;

/** The address the test sandbox gives image `index` of a picture made with `seed`. */
export const imageUrl = (seed: number | string, index: number) =>
  `https://images.example.test/${seed}-${index}.png`;

const render = async ({ seed, index }: PictureSpec) => imageUrl(seed, index);

/** What every picture address answers: a 1×1 PNG (the app saves a copy of it). */
export const PICTURE_BYTES = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  ),
  (c) => c.charCodeAt(0),
);
const isPicture = (url: string) => new URL(url).host === 'images.example.test';

/**
 * A fresh simulated API (its queue of jobs starts empty) behind msw handlers for the
 * calls it simulates only, so a request to any other address stays unhandled and fails
 * the test (`onUnhandledRequest: 'error'`).
 */
export function sandboxHandlers() {
  const sandbox = createSandbox({ render, latencyMs: 0, origin: API_ORIGIN });
  const answer = ({ request }: { request: Request }) => sandbox(request);
  return [
    http.post('*/api/v6/images/text2img', answer),
    http.post('*/api/v6/images/img2img', answer),
    http.post('*/api/v6/images/inpaint', answer),
    http.post('*/api/v6/images/fetch/:id', answer),
    http.post('*/api/v6/image_editing/super_resolution', answer),
    http.post('*/api/v6/image_editing/fetch/:id', answer),
    http.post('*/api/v3/base64_crop', answer),
    http.post('*/api/v6/image_editing/base64_to_url', answer),
    http.post('*/api/v4/dreambooth/model_list', answer),
    http.post('*/api/wallet_balance', answer),
    http.get(
      'https://images.example.test/:name',
      () =>
        new HttpResponse(PICTURE_BYTES.slice(), {
          headers: { 'Content-Type': 'image/png', 'Access-Control-Allow-Origin': '*' },
        }),
    ),
  ];
}

export type RecordedRequest = {
  method: string;
  url: string;
  /** The parsed JSON body (its text when it is not JSON; undefined until read: see `settled`). */
  body: unknown;
  /** `Date.now()` when the app sent it (fake time when the test uses fake timers). */
  at: number;
};

export type ApiServer = {
  server: SetupServer;
  /**
   * Every request the app made in this test, in the order it made them, except the
   * balance checks (a key being there is enough to make one: see `balanceChecks`) and
   * the fetches of pictures to save them (see `pictureFetches`).
   */
  requests: RecordedRequest[];
  /** Every balance check (POST /api/wallet_balance) the app made in this test, in order. */
  balanceChecks: RecordedRequest[];
  /** Every fetch of a picture address (the app saving a copy), in order. */
  pictureFetches: RecordedRequest[];
  /** The recorded requests whose URL starts with `url` (or matches it). */
  requestsTo: (url: string | RegExp) => RecordedRequest[];
  /** Waits until every recorded request's body has been read. */
  settled: () => Promise<void>;
  /**
   * Scripts the next answer to a POST to `url` (an msw path pattern, e.g. `fetchUrlFor(':id')`).
   * Calls for one URL queue up and are used in the order they were scripted; once they are
   * used up, the sandbox answers again.
   */
  answerOnce: (url: string, body: JsonBodyType, init?: { status?: number }) => void;
};

type Scripted = { body: JsonBodyType; status: number };

/**
 * Starts the simulated API for the test file that calls it (before its tests, closed after
 * them). Each test starts with a fresh sandbox and no scripted answers or recorded calls.
 */
export function setupApiServer(): ApiServer {
  const server = setupServer(...sandboxHandlers());
  const requests: RecordedRequest[] = [];
  const balanceChecks: RecordedRequest[] = [];
  const pictureFetches: RecordedRequest[] = [];
  const reading = new Set<Promise<void>>();
  const scripts = new Map<string, Scripted[]>();

  server.events.on('request:start', ({ request }) => {
    const entry: RecordedRequest = {
      method: request.method,
      url: request.url,
      body: undefined,
      at: Date.now(),
    };
    const isBalance = new URL(request.url).pathname.endsWith('/api/wallet_balance');
    (isBalance ? balanceChecks : isPicture(request.url) ? pictureFetches : requests).push(entry);
    const read = request
      .clone()
      .text()
      .then((text) => {
        try {
          entry.body = JSON.parse(text);
        } catch {
          entry.body = text;
        }
      })
      .finally(() => reading.delete(read));
    reading.add(read);
  });

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers(...sandboxHandlers());
    requests.length = 0;
    balanceChecks.length = 0;
    pictureFetches.length = 0;
    scripts.clear();
  });
  afterAll(() => server.close());

  return {
    server,
    requests,
    balanceChecks,
    pictureFetches,
    requestsTo: (url) =>
      requests.filter((r) => (typeof url === 'string' ? r.url.startsWith(url) : url.test(r.url))),
    settled: async () => {
      while (reading.size > 0) await Promise.all(reading);
    },
    answerOnce: (url, body, init) => {
      let queue = scripts.get(url);
      if (!queue) {
        const answers: Scripted[] = [];
        scripts.set(url, answers);
        queue = answers;
        server.use(
          http.post(url, () => {
            const next = answers.shift();
            // Returning nothing hands the request on to the sandbox.
            return next ? HttpResponse.json(next.body, { status: next.status }) : undefined;
          }),
        );
      }
      queue.push({ body, status: init?.status ?? 200 });
    },
  };
}
