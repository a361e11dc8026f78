import { afterEach, expect, test, vi } from 'vitest';
import type { PictureSpec } from './describeScene';
import { createSandbox, etaFor, type SandboxOptions } from './handlers';
import { createSandboxTransport } from './sandboxTransport';
import { type ScriptedAnswer, scenarios } from './scenarios';

const ORIGIN = 'https://sandbox.test';
const KEY = 'sandbox-key';

const render = async ({ seed, index, width, height }: PictureSpec) =>
  `https://pictures.test/${seed}-${index}-${width}x${height}.png`;

function sandboxWith(options: Partial<SandboxOptions> = {}) {
  return createSandbox({ render, origin: ORIGIN, ...options });
}

function post(path: string, body: unknown, base = ORIGIN) {
  return new Request(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const text2img = (params: Record<string, unknown>) =>
  post('/api/v6/images/text2img', { key: KEY, model_id: 'flux', ...params });
const fetchJob = (id: string | number) => post(`/api/v6/images/fetch/${id}`, { key: KEY });

afterEach(() => {
  vi.useRealTimers();
});

test('small pictures are drawn at once: a success with numeric id, its meta and proxy_links ""', async () => {
  const sandbox = sandboxWith();
  const response = await sandbox(
    text2img({ prompt: 'a red fox', seed: 7, width: 256, samples: 2 }),
  );

  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
  const body = await response.json();
  expect(body).toMatchObject({
    status: 'success',
    output: ['https://pictures.test/7-0-256x512.png', 'https://pictures.test/7-1-256x512.png'],
    proxy_links: '',
    nsfw_content_detected: false,
    meta: {
      prompt: 'a red fox',
      model_id: 'flux',
      W: 256,
      H: 512,
      n_samples: 2,
      steps: 30,
      guidance_scale: 7.5,
      seed: 7,
    },
  });
  expect(typeof body.id).toBe('number');
  expect(body.meta.id).toBe(String(body.id));
  expect(typeof body.generationTime).toBe('number');
});

test('a large picture is queued, still processing before its ETA, then fetched with its pictures', async () => {
  vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
  const sandbox = sandboxWith();

  const queued = await (
    await sandbox(text2img({ prompt: 'a city at night', seed: 3, width: 1024, height: 1024 }))
  ).json();
  const eta = etaFor({ width: 1024, height: 1024, samples: 1, steps: 30 });
  expect(queued).toMatchObject({
    status: 'processing',
    eta,
    messege: 'Try to fetch request after seconds estimated',
    output: [],
    fetch_result: `${ORIGIN}/api/v6/images/fetch/${queued.id}`,
    future_links: [`${ORIGIN}/generations/${queued.id}-0.jpg`],
  });
  expect(typeof queued.id).toBe('number');

  vi.setSystemTime(Date.now() + eta * 1000 - 1);
  const early = await sandbox(fetchJob(queued.id));
  expect(early.status).toBe(200);
  expect(await early.json()).toEqual({
    status: 'processing',
    messege: 'try again later.',
    output: '',
    tip: 'Sandbox: still drawing.',
  });

  vi.setSystemTime(Date.now() + 1);
  const ready = await sandbox(fetchJob(queued.id));
  const output = ['https://pictures.test/3-0-1024x1024.png'];
  expect(await ready.json()).toEqual({
    status: 'success',
    id: queued.id,
    output,
    proxy_links: output,
  });
});

test('a fetch of an unknown job fails with its id as a string', async () => {
  const response = await sandboxWith()(fetchJob(123));
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    status: 'failed',
    id: '123',
    message: 'Request not found',
    output: '',
  });
});

test('the server refuses a bad request in its own words, under HTTP 400', async () => {
  const sandbox = sandboxWith();
  const tooWide = await sandbox(text2img({ prompt: 'a boat', width: 2048 }));
  expect(tooWide.status).toBe(400);
  expect(await tooWide.json()).toEqual({
    status: 'error',
    message: 'width must be between 256 and 1024',
  });

  const broken = await sandbox(post('/api/v6/images/text2img', '{"prompt":'));
  expect(broken.status).toBe(400);
  expect(await broken.json()).toEqual({
    status: 'error',
    message: 'Malformed JSON in request body',
  });
});

test('the two calls are answered under any origin and path prefix, with the job id decoded', async () => {
  const sandbox = sandboxWith();
  const proxied = await sandbox(
    post(
      '/proxy/api/v6/images/text2img',
      { key: KEY, model_id: 'flux', prompt: 'a hill' },
      'http://192.168.1.5:8080',
    ),
  );
  expect((await proxied.json()).status).toBe('success');

  const fetched = await sandbox(post('/api/v6/images/fetch/a%20b', { key: KEY }));
  expect(await fetched.json()).toMatchObject({ status: 'failed', id: 'a b' });
});

test('any other address or method gets the 404 JSON the sandbox does not simulate', async () => {
  const sandbox = sandboxWith();
  const notFound = {
    status: 'error',
    message: 'The sandbox does not simulate this address.',
  };

  const otherPath = await sandbox(post('/api/v6/realtime/text2img', { key: KEY, prompt: 'x' }));
  expect(otherPath.status).toBe(404);
  expect(await otherPath.json()).toEqual(notFound);

  const get = await sandbox(new Request(`${ORIGIN}/api/v6/images/text2img`));
  expect(get.status).toBe(404);
  expect(await get.json()).toEqual(notFound);

  const noId = await sandbox(post('/api/v6/images/fetch/', { key: KEY }));
  expect(noId.status).toBe(404);
});

test('a scripted answer is played as given, before the request is even read', async () => {
  const answers: ScriptedAnswer[] = [
    {
      call: 'text2img',
      status: 502,
      contentType: 'text/html',
      body: '<h1>502 Bad Gateway</h1>',
    },
  ];
  const sandbox = sandboxWith({ scripted: (call) => answers.find((a) => a.call === call) });

  const response = await sandbox(post('/api/v6/images/text2img', 'not json'));
  expect(response.status).toBe(502);
  expect(response.headers.get('Content-Type')).toBe('text/html');
  expect(await response.text()).toBe('<h1>502 Bad Gateway</h1>');

  // The fetch call has no script here: it is answered normally.
  expect((await (await sandbox(fetchJob(1))).json()).status).toBe('failed');
});

test('the network-failure scenario is a network error, which the transport turns into a rejected fetch', async () => {
  const network = scenarios.find((scenario) => scenario.id === 'network');
  const scripted = (call: ScriptedAnswer['call']) =>
    network?.answers.find((answer) => answer.call === call);

  const response = await sandboxWith({ scripted })(text2img({ prompt: 'a boat' }));
  expect(response.type).toBe('error');
  expect(response.status).toBe(0);

  const transport = createSandboxTransport(sandboxWith({ scripted }));
  await expect(transport(text2img({ prompt: 'a boat' }))).rejects.toThrow(
    new TypeError('Failed to fetch'),
  );
});

test('the transport answers like fetch: the sandbox response, or an AbortError once aborted', async () => {
  const transport = createSandboxTransport(sandboxWith());
  const answered = await transport(text2img({ prompt: 'a boat', seed: 1 }));
  expect(await answered.json()).toMatchObject({
    status: 'success',
    output: ['https://pictures.test/1-0-512x512.png'],
  });

  const controller = new AbortController();
  controller.abort();
  const request = new Request(`${ORIGIN}/api/v6/images/text2img`, {
    method: 'POST',
    body: JSON.stringify({ key: KEY, model_id: 'flux', prompt: 'a boat' }),
    signal: controller.signal,
  });
  await expect(transport(request)).rejects.toMatchObject({ name: 'AbortError' });
});

test('an answer that is not queued takes the simulated generation time', async () => {
  vi.useFakeTimers();
  const sandbox = sandboxWith({ latencyMs: 700 });
  let settled = false;
  const answer = sandbox(text2img({ prompt: 'a boat' })).finally(() => {
    settled = true;
  });

  await vi.advanceTimersByTimeAsync(699);
  expect(settled).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  const body = await (await answer).json();
  expect(body.status).toBe('success');
  expect(body.generationTime).toBe(0.7);
});

const modelList = () => post('/api/v4/dreambooth/model_list', { key: KEY });

test('the model list is a bare array of its own models, each with a thumbnail drawn here', async () => {
  const response = await sandboxWith()(modelList());
  expect(response.status).toBe(200);
  const list = (await response.json()) as Array<Record<string, string>>;
  expect(Array.isArray(list)).toBe(true);
  expect(list.map((model) => model.model_id)).toEqual(
    expect.arrayContaining(['flux', 'sdxl', 'realistic-vision-v51', 'midjourney']),
  );
  for (const model of list) {
    expect(Object.keys(model).sort()).toEqual([
      'description',
      'model_id',
      'model_name',
      'screenshots',
      'status',
    ]);
    expect(model.model_name).not.toBe('');
    expect(model.description).not.toBe('');
    expect(model.screenshots).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(atob(model.screenshots?.split(',')[1] ?? '')).toMatch(/^<svg [\s\S]*<\/svg>$/);
  }
});

test('the model list uses the screenshot addresses it is given (the browser tests serve their own)', async () => {
  const sandbox = sandboxWith({
    thumbnail: (model) => `https://thumbs.test/${model.model_id}.svg`,
  });
  const [first] = (await (await sandbox(modelList())).json()) as Array<Record<string, string>>;
  expect(first?.screenshots).toBe(`https://thumbs.test/${first?.model_id}.svg`);
});

test('a model the sandbox does not have is "Model not found", as the service says', async () => {
  const response = await sandboxWith()(text2img({ prompt: 'a hill', model_id: 'no-such-model' }));
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({
    status: 'error',
    message: 'Model not found: no-such-model',
  });
  const known = await sandboxWith()(text2img({ prompt: 'a hill', model_id: 'sdxl', seed: 1 }));
  expect((await known.json()).status).toBe('success');
});

test('the "Model list unavailable" scenario fails every list request, and only those', async () => {
  const scenario = scenarios.find((s) => s.id === 'models-down');
  const answer = scenario?.answers[0] as ScriptedAnswer;
  const sandbox = sandboxWith({ scripted: (call) => (call === 'models' ? answer : undefined) });
  for (let i = 0; i < 2; i += 1) {
    const response = await sandbox(modelList());
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'error',
      message: 'Service temporarily unavailable. Please try again later.',
    });
  }
  expect((await (await sandbox(text2img({ prompt: 'a hill', seed: 1 }))).json()).status).toBe(
    'success',
  );
});

test('a slow answer: the sandbox holds the request (by the name the app gave it) at once, and answers 20 s later', async () => {
  vi.useFakeTimers();
  const jobs: Parameters<NonNullable<SandboxOptions['queue']>['set']>[0][] = [];
  const queue: NonNullable<SandboxOptions['queue']> = {
    get: (id) => jobs.find((job) => job.id === id),
    set: (job) => void jobs.push(job),
    received: (request) => jobs.find((job) => job.request === request),
  };
  const slow = scenarios.find((scenario) => scenario.id === 'slow');
  const script = [...(slow?.answers ?? [])];
  const sandbox = sandboxWith({ queue, scripted: () => script.shift() });
  const request = text2img({ prompt: 'a kite', width: 256, height: 256 });
  request.headers.set('X-Sandbox-Request', 'job-1');
  let answered = false;
  const answer = sandbox(request).then((response) => {
    answered = true;
    return response.json();
  });

  await vi.advanceTimersByTimeAsync(1000);
  expect(answered).toBe(false);
  expect(queue.received('job-1')).toMatchObject({ params: { prompt: 'a kite' } });
  expect(queue.received('job-2')).toBeUndefined();
  await vi.advanceTimersByTimeAsync(19_000);
  expect(await answer).toMatchObject({ status: 'success', id: queue.received('job-1')?.id });
});

test('a request name that is not short and plain is not kept', async () => {
  const request = text2img({ prompt: 'a kite', width: 256, height: 256 });
  request.headers.set('X-Sandbox-Request', 'a name with spaces and <tags>');
  const queue = { set: vi.fn(), get: () => undefined, received: () => undefined };
  await createSandbox({ render, origin: ORIGIN, queue })(request);
  expect(queue.set).toHaveBeenCalledTimes(1);
  expect(queue.set.mock.calls[0]?.[0]).toMatchObject({ request: undefined });
});
