import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { headerSize } from './addressEdits';
import type { PictureSpec } from './describeScene';
import {
  createSandbox,
  enlargeEtaFor,
  etaFor,
  memoryOutputs,
  memoryWallet,
  type SandboxOptions,
  type SandboxOutputs,
} from './handlers';
import { receivedBySandbox } from './sandboxTransport';
import { SCENARIO_JOB_ID, scenarioStore, scenarios } from './scenarios';
import { storedQueue, storedWallet } from './storedQueue';

/**
 * The calls issue 10 adds (uploads, img2img, inpaint, super resolution, wallet balance)
 * with the address-only picture functions the browser tests' server uses, since canvas
 * does not run here.
 */

const ORIGIN = 'https://sandbox.test';
const KEY = 'sandbox-key';

const render = async ({ seed, index, width, height }: PictureSpec) =>
  `https://pictures.test/${seed}-${index}-${width}x${height}.png`;

function sandboxWith(options: Partial<SandboxOptions> = {}) {
  return createSandbox({ render, origin: ORIGIN, ...options });
}

function post(path: string, body: unknown, request?: string) {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(request ? { 'X-Sandbox-Request': request } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The first bytes of a PNG of this size: enough for its header to be read. */
function pngDataUrl(width: number, height: number): string {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return `data:image/png;base64,${btoa(String.fromCharCode(...bytes))}`;
}

const JPEG = 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQg=';

const cropUpload = (image: unknown, crop: unknown = 'false') =>
  post('/api/v3/base64_crop', { key: KEY, image, crop });
const editingUpload = (init_image: unknown) =>
  post('/api/v6/image_editing/base64_to_url', { key: KEY, init_image });
const img2img = (params: Record<string, unknown>, request?: string) =>
  post(
    '/api/v6/images/img2img',
    { key: KEY, model_id: 'flux', prompt: 'a red fox', ...params },
    request,
  );
const inpaint = (params: Record<string, unknown>) =>
  post('/api/v6/images/inpaint', { key: KEY, model_id: 'flux', prompt: 'a red fox', ...params });
const upscale = (params: Record<string, unknown>, request?: string) =>
  post('/api/v6/image_editing/super_resolution', { key: KEY, ...params }, request);
const fetchImages = (id: string | number) => post(`/api/v6/images/fetch/${id}`, { key: KEY });
const fetchEditing = (id: string | number) =>
  post(`/api/v6/image_editing/fetch/${id}`, { key: KEY });
const balance = () => post('/api/wallet_balance', { key: KEY });

const refused = (message: string) => ({ status: 'error', message });

beforeEach(() => {
  localStorage.clear();
});

afterEach(() => {
  vi.useRealTimers();
  scenarioStore.choose('normal');
});

test('base64_crop keeps the picture and answers with its link, "messege" and a numeric request_id', async () => {
  const response = await sandboxWith()(cropUpload(pngDataUrl(300, 200)));
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    status: 'success',
    messege: 'image uploaded',
    link: `${ORIGIN}/uploads/1.png`,
    request_id: expect.any(Number),
  });
});

test('base64_to_url answers the link both as `link` and as a one-item `output`, with a numeric id', async () => {
  const response = await sandboxWith()(editingUpload(JPEG));
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    status: 'success',
    output: [`${ORIGIN}/uploads/1.jpg`],
    link: `${ORIGIN}/uploads/1.jpg`,
    id: expect.any(Number),
  });
});

test('an upload that is not an image data URL, or is over 5 MB, is refused under HTTP 400', async () => {
  const sandbox = sandboxWith();
  for (const image of [
    'https://example.com/cat.png',
    'data:text/plain;base64,aGVsbG8=',
    'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
    'data:image/png;base64,not base64!',
    '',
    undefined,
    42,
  ]) {
    const response = await sandbox(cropUpload(image));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(refused('image must be a valid base64 image'));
  }
  const notImage = await sandbox(editingUpload('hello'));
  expect(await notImage.json()).toEqual(refused('init_image must be a valid base64 image'));

  // 5 MB and 3 bytes, decoded.
  const huge = `data:image/png;base64,${'AAAA'.repeat((5 * 1024 * 1024) / 3 + 1)}`;
  const tooBig = await sandbox(cropUpload(huge));
  expect(tooBig.status).toBe(400);
  expect(await tooBig.json()).toEqual(refused('image must not be larger than 5 MB'));
  const tooBigToo = await sandbox(editingUpload(huge));
  expect(await tooBigToo.json()).toEqual(refused('init_image must not be larger than 5 MB'));

  const badCrop = await sandbox(cropUpload(JPEG, 'maybe'));
  expect(badCrop.status).toBe(400);
  expect(await badCrop.json()).toEqual(refused('crop must be "true" or "false"'));
});

test('img2img answers like text2img, with a variation of the given picture per image and the strength in meta', async () => {
  const response = await sandboxWith()(
    img2img({ init_image: JPEG, seed: 7, width: 256, samples: 2, strength: '0.4' }),
  );
  expect(response.status).toBe(200);
  const body = await response.json();
  expect(body).toEqual({
    status: 'success',
    generationTime: expect.any(Number),
    id: expect.any(Number),
    output: [
      `${ORIGIN}/pictures/7-0-256x512-img2img-40.svg`,
      `${ORIGIN}/pictures/7-1-256x512-img2img-40.svg`,
    ],
    proxy_links: '',
    nsfw_content_detected: false,
    meta: {
      prompt: 'a red fox',
      model_id: 'flux',
      W: 256,
      H: 512,
      width: 256,
      height: 512,
      n_samples: 2,
      steps: 30,
      guidance_scale: 7.5,
      seed: 7,
      strength: 0.4,
      id: String(body.id),
    },
    tip: 'Sandbox: simulated pictures, no credits used.',
  });
});

test('img2img starts from an uploaded link, and its default strength is 0.7', async () => {
  const sandbox = sandboxWith();
  const { link } = await (await sandbox(cropUpload(JPEG))).json();
  const body = await (await sandbox(img2img({ init_image: link, seed: 1 }))).json();
  expect(body.output).toEqual([`${ORIGIN}/pictures/1-0-512x512-img2img-70.svg`]);
  expect(body.meta.strength).toBe(0.7);
});

test('img2img is validated like text2img, then its picture and strength', async () => {
  const sandbox = sandboxWith();
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ init_image: JPEG, prompt: '' }, 'prompt is required'],
    [{ init_image: JPEG, width: 2048 }, 'width must be between 256 and 1024'],
    [{ init_image: JPEG, model_id: 'nope' }, 'Model not found: nope'],
    [{}, 'init_image is required'],
    [{ init_image: '  ' }, 'init_image is required'],
    [{ init_image: JPEG, strength: 1.5 }, 'strength must be between 0 and 1'],
    [{ init_image: JPEG, strength: -0.1 }, 'strength must be between 0 and 1'],
    [{ init_image: JPEG, strength: 'lots' }, 'strength must be between 0 and 1'],
  ];
  for (const [params, message] of cases) {
    const response = await sandbox(img2img(params));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(refused(message));
  }
});

test('a starting picture at an address the service cannot download is "Unable to fetch image from provided URL"', async () => {
  const sandbox = sandboxWith();
  const unreachable = refused('Unable to fetch image from provided URL');
  for (const request of [
    img2img({ init_image: 'https://example.com/cat.png' }),
    img2img({ init_image: `${ORIGIN}/uploads/99.png` }),
    inpaint({ init_image: JPEG, mask_image: 'https://example.com/mask.png' }),
    upscale({ init_image: 'http://192.168.1.5/cat.png' }),
  ]) {
    const response = await sandbox(request);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(unreachable);
  }
});

test('inpaint needs both pictures, of the same size, and answers at the picture’s own size', async () => {
  const sandbox = sandboxWith();
  const missing = await sandbox(inpaint({ init_image: JPEG }));
  expect(missing.status).toBe(400);
  expect(await missing.json()).toEqual(refused('mask_image is required'));

  const mismatch = await sandbox(
    inpaint({ init_image: pngDataUrl(300, 200), mask_image: pngDataUrl(200, 300) }),
  );
  expect(mismatch.status).toBe(400);
  expect(await mismatch.json()).toEqual(refused('mask_image must be the same size as init_image'));

  const { link: mask } = await (await sandbox(cropUpload(pngDataUrl(300, 200)))).json();
  const response = await sandbox(
    inpaint({ init_image: pngDataUrl(300, 200), mask_image: mask, seed: 5, strength: 1 }),
  );
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({
    status: 'success',
    output: [`${ORIGIN}/pictures/5-0-300x200-inpaint-100.svg`],
    meta: { strength: 1, seed: 5 },
  });
});

test('super resolution enlarges by `scale` (default 2), as numbers or numeric strings, with face enhancement as a boolean or "yes"/"no"', async () => {
  const sandbox = sandboxWith();
  const plain = await (await sandbox(upscale({ init_image: pngDataUrl(300, 200) }))).json();
  expect(plain).toEqual({
    status: 'success',
    generationTime: 0,
    id: expect.any(Number),
    output: [`${ORIGIN}/pictures/0-0-600x400-x2.svg`],
    proxy_links: '',
    meta: {
      scale: 2,
      face_enhance: false,
      width: 600,
      height: 400,
      max_side: 4096,
      id: String(plain.id),
    },
    tip: 'Sandbox: enlarged pictures stop at 4096 pixels on their longer side.',
  });

  const faces = await (
    await sandbox(upscale({ init_image: pngDataUrl(300, 200), scale: '3', face_enhance: 'yes' }))
  ).json();
  expect(faces.output).toEqual([`${ORIGIN}/pictures/0-0-900x600-x3-face.svg`]);
  expect(faces.meta).toMatchObject({ scale: 3, face_enhance: true });

  const cases: Array<[Record<string, unknown>, string]> = [
    [{}, 'init_image is required'],
    [{ init_image: JPEG, scale: 9 }, 'scale must be between 1 and 8'],
    [{ init_image: JPEG, scale: 2.5 }, 'scale must be between 1 and 8'],
    [{ init_image: JPEG, scale: 'big' }, 'scale must be between 1 and 8'],
    [{ init_image: JPEG, face_enhance: 'maybe' }, 'face_enhance must be true or false'],
  ];
  for (const [params, message] of cases) {
    const response = await sandbox(upscale(params));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(refused(message));
  }
});

test('a large enlargement is queued in the image_editing family and capped at 4096 pixels', async () => {
  vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
  const sandbox = sandboxWith();
  const queued = await (
    await sandbox(upscale({ init_image: pngDataUrl(2000, 1000), scale: 4 }))
  ).json();
  const eta = enlargeEtaFor(4096, 2048);
  expect(queued).toEqual({
    status: 'processing',
    tip: 'Sandbox: enlarged pictures stop at 4096 pixels on their longer side.',
    eta,
    messege: 'Try to fetch request after seconds estimated',
    webhook_status: '',
    fetch_result: `${ORIGIN}/api/v6/image_editing/fetch/${queued.id}`,
    id: queued.id,
    output: [],
    meta: {
      scale: 4,
      face_enhance: false,
      width: 4096,
      height: 2048,
      max_side: 4096,
      id: String(queued.id),
    },
    future_links: [`${ORIGIN}/generations/${queued.id}-0.jpg`],
  });

  vi.setSystemTime(Date.now() + eta * 1000 - 1);
  expect(await (await sandbox(fetchEditing(queued.id))).json()).toEqual({
    status: 'processing',
    messege: 'try again later.',
    output: '',
    tip: 'Sandbox: still drawing.',
  });
  // The images family does not know an enlargement, as two services would not.
  expect(await (await sandbox(fetchImages(queued.id))).json()).toEqual({
    status: 'failed',
    id: String(queued.id),
    message: 'Request not found',
    output: '',
  });

  vi.setSystemTime(Date.now() + 1);
  const output = [`${ORIGIN}/pictures/0-0-4096x2048-x4.svg`];
  expect(await (await sandbox(fetchEditing(queued.id))).json()).toEqual({
    status: 'success',
    id: queued.id,
    output,
    proxy_links: output,
  });
});

/** Two sandboxes over the same stores: a page before and after a reload. */
function reloadable() {
  const outputs = memoryOutputs();
  const options = { queue: storedQueue, outputs, wallet: storedWallet };
  return { outputs, before: sandboxWith(options), after: () => sandboxWith(options) };
}

test('queued img2img, inpaint and enlargement jobs survive a reload: their pictures come from the outputs store', async () => {
  vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
  const { before, after } = reloadable();
  const edited = await (
    await before(img2img({ init_image: JPEG, seed: 9, width: 1024, height: 1024 }, 'job-a'))
  ).json();
  const repainted = await (
    await before(
      inpaint({
        init_image: pngDataUrl(640, 640),
        mask_image: pngDataUrl(640, 640),
        seed: 4,
        samples: 2,
      }),
    )
  ).json();
  const enlarged = await (
    await before(upscale({ init_image: pngDataUrl(1024, 1024), scale: 4 }, 'job-b'))
  ).json();
  expect([edited.status, repainted.status, enlarged.status]).toEqual([
    'processing',
    'processing',
    'processing',
  ]);
  expect(edited.eta).toBe(etaFor({ width: 1024, height: 1024, samples: 1, steps: 30 }));
  // Only small data in localStorage: no picture, no data URL.
  const stored = localStorage.getItem('modelslab-studio.sandbox-queue') ?? '';
  expect(stored).not.toMatch(/data:|pictures/);
  expect(stored.length).toBeLessThan(2000);

  vi.setSystemTime(Date.now() + 31_000);
  const sandbox = after();
  expect(await (await sandbox(fetchImages(edited.id))).json()).toMatchObject({
    status: 'success',
    output: [`${ORIGIN}/pictures/9-0-1024x1024-img2img-70.svg`],
  });
  expect((await (await sandbox(fetchImages(repainted.id))).json()).output).toEqual([
    `${ORIGIN}/pictures/4-0-640x640-inpaint-70.svg`,
    `${ORIGIN}/pictures/4-1-640x640-inpaint-70.svg`,
  ]);
  expect((await (await sandbox(fetchEditing(enlarged.id))).json()).output).toEqual([
    `${ORIGIN}/pictures/0-0-4096x4096-x4.svg`,
  ]);

  // The app's name for each request finds it, whatever its kind.
  expect(receivedBySandbox('job-a')).toEqual({
    id: String(edited.id),
    seed: '9',
    kind: 'img2img',
  });
  expect(receivedBySandbox('job-b')).toEqual({
    id: String(enlarged.id),
    seed: '',
    kind: 'upscale',
  });
  expect(receivedBySandbox('job-c')).toBeUndefined();
});

test('a job whose kept pictures are gone (storage cleared) is answered as failed, in plain words', async () => {
  const { before, after, outputs } = reloadable();
  const { id } = await (await before(img2img({ init_image: JPEG }))).json();
  await outputs.delete([id]);
  expect(await (await after()(fetchImages(id))).json()).toEqual({
    status: 'failed',
    id: String(id),
    message:
      'The sandbox no longer has these pictures (this browser’s storage was cleared). Please try again.',
    output: '',
  });
});

test('the stored queue keeps 50 jobs and the pictures of the jobs it lets go are deleted', async () => {
  const deleted: number[] = [];
  const memory = memoryOutputs();
  const outputs: SandboxOutputs = {
    ...memory,
    delete: async (ids) => {
      deleted.push(...ids);
      await memory.delete(ids);
    },
  };
  const sandbox = sandboxWith({ queue: storedQueue, outputs });
  const ids: number[] = [];
  for (let i = 0; i < 51; i += 1) {
    ids.push((await (await sandbox(img2img({ init_image: JPEG, seed: i }))).json()).id);
  }
  expect(deleted).toEqual([ids[0]]);
  expect(await memory.get(ids[0] as number)).toBeUndefined();
  expect(await memory.get(ids[1] as number)).toEqual([
    `${ORIGIN}/pictures/1-0-512x512-img2img-70.svg`,
  ]);
  expect(JSON.parse(localStorage.getItem('modelslab-studio.sandbox-queue') ?? '[]')).toHaveLength(
    50,
  );
});

test('the simulated wallet starts at 43.60 and goes down with each picture made, never below 0', async () => {
  const sandbox = sandboxWith();
  expect(await (await sandbox(balance())).json()).toEqual({
    status: 'success',
    data: { balance: 43.6, currency: 'USD' },
  });
  await sandbox(
    post('/api/v6/images/text2img', { key: KEY, model_id: 'flux', prompt: 'a', samples: 2 }),
  );
  await sandbox(img2img({ init_image: JPEG }));
  await sandbox(upscale({ init_image: JPEG }));
  await sandbox(img2img({ init_image: 'https://example.com/refused.png' }));
  expect((await (await sandbox(balance())).json()).data.balance).toBe(
    Math.round((43.6 - 3 * 0.0047 - 0.01) * 10_000) / 10_000,
  );

  const almostEmpty = sandboxWith({ wallet: memoryWallet(0.004) });
  await almostEmpty(img2img({ init_image: JPEG }));
  expect((await (await almostEmpty(balance())).json()).data.balance).toBe(0);
});

test('the wallet is kept across a reload, and answers with no key at all', async () => {
  const { before, after } = reloadable();
  await before(upscale({ init_image: JPEG }));
  const response = await after()(post('/api/wallet_balance', {}));
  expect(await response.json()).toEqual({
    status: 'success',
    data: { balance: 43.59, currency: 'USD' },
  });
  expect((await after()(post('/api/wallet_balance', 'nope'))).status).toBe(400);
});

test('the wallet is told whose key spent and asked about, so a server can keep one per key', async () => {
  const balances = new Map<string, number>();
  const sandbox = sandboxWith({
    wallet: {
      read: (key) => balances.get(key) ?? 43.6,
      write: (amount, key) => void balances.set(key, amount),
    },
  });
  await sandbox(upscale({ init_image: JPEG }));
  expect(balances).toEqual(new Map([[KEY, 43.59]]));
  const other = await sandbox(post('/api/wallet_balance', { key: 'someone-else' }));
  expect((await other.json()).data.balance).toBe(43.6);
});

// Scenarios: the picker's store plays them, as in the app.
const scripted = () => sandboxWith({ scripted: scenarioStore.take });

test('the scenarios that came before keep their ids and labels', () => {
  expect(scenarios.slice(0, 19).map((s) => [s.id, s.label])).toEqual([
    ['normal', 'Everything works'],
    ['slow', 'A slow answer: 20 seconds (try reloading meanwhile)'],
    ['key-401', 'Your key is refused'],
    ['key-200', 'Your key is refused (older wording)'],
    ['credits', 'Your account is out of credits'],
    ['plan', 'The model needs a paid plan'],
    ['model', 'The model does not exist'],
    ['field', 'The width is refused'],
    ['field-object', 'Two settings are refused at once'],
    ['image', 'A picture cannot be downloaded'],
    ['rate-limit', 'Too many at once: wait 3 s, then it works'],
    ['server-recovers', 'A hiccup on the service, then it works'],
    ['unavailable', 'The service is down (until you pick another)'],
    ['failed', 'The picture is queued, then fails'],
    ['malformed', 'A garbled answer'],
    ['html', 'A web page instead of an answer (broken proxy)'],
    ['network', 'No connection: the browser cannot reach it'],
    ['models-down', 'The model list is down (until you pick another)'],
    ['upload-500', 'Uploading a picture fails (server error)'],
  ]);
  expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
  expect(new Set(scenarios.map((s) => s.label)).size).toBe(scenarios.length);
});

test('uploading fails with a server error once, then works', async () => {
  const sandbox = scripted();
  scenarioStore.choose('upload-500');
  const failed = await sandbox(editingUpload(JPEG));
  expect(failed.status).toBe(500);
  expect(await failed.json()).toEqual(refused('Internal server error. Please try again.'));
  expect(scenarioStore.get().id).toBe('normal');
  expect((await sandbox(editingUpload(JPEG))).status).toBe(200);

  scenarioStore.choose('upload-too-large');
  const tooLarge = await sandbox(cropUpload(JPEG));
  expect(tooLarge.status).toBe(400);
  expect(await tooLarge.json()).toEqual(refused('image must not be larger than 5 MB'));
});

test('the unreachable starting picture answers the first call that starts from a picture', async () => {
  const sandbox = scripted();
  scenarioStore.choose('init-unreachable');
  // text2img has no starting picture: not this scenario's call.
  expect(
    (
      await sandbox(
        post('/api/v6/images/text2img', { key: KEY, model_id: 'flux', prompt: 'a', seed: 1 }),
      )
    ).status,
  ).toBe(200);
  const response = await sandbox(upscale({ init_image: JPEG }));
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual(refused('Unable to fetch image from provided URL'));
  expect((await sandbox(img2img({ init_image: JPEG }))).status).toBe(200);

  scenarioStore.choose('mask-mismatch');
  const mismatch = await sandbox(inpaint({ init_image: JPEG, mask_image: JPEG }));
  expect(mismatch.status).toBe(400);
  expect(await mismatch.json()).toEqual(refused('mask_image must be the same size as init_image'));
});

test('a slow picture job from a picture is received at once and answered 20 s later; text2img is not slowed', async () => {
  vi.useFakeTimers();
  const sandbox = sandboxWith({ scripted: scenarioStore.take, queue: storedQueue });
  scenarioStore.choose('slow-edit');
  const quick = await sandbox(
    post('/api/v6/images/text2img', { key: KEY, model_id: 'flux', prompt: 'a', seed: 1 }),
  );
  expect((await quick.json()).status).toBe('success');

  let answered = false;
  const answer = sandbox(img2img({ init_image: JPEG, seed: 2 }, 'slow-1')).then((response) => {
    answered = true;
    return response.json();
  });
  await vi.advanceTimersByTimeAsync(1000);
  expect(answered).toBe(false);
  expect(receivedBySandbox('slow-1')).toMatchObject({ seed: '2', kind: 'img2img' });
  await vi.advanceTimersByTimeAsync(19_000);
  expect(await answer).toMatchObject({
    status: 'success',
    id: Number(receivedBySandbox('slow-1')?.id),
  });
});

test('changing a picture or enlarging it is queued, then its fetch fails, at the fetch address it gave', async () => {
  const sandbox = scripted();
  for (const [id, request, family] of [
    ['edit-failed', inpaint({ init_image: JPEG, mask_image: JPEG }), 'images'],
    ['upscale-failed', upscale({ init_image: JPEG }), 'image_editing'],
  ] as const) {
    scenarioStore.choose(id);
    expect(await (await sandbox(request)).json()).toMatchObject({
      status: 'processing',
      id: SCENARIO_JOB_ID,
      fetch_result: `${ORIGIN}/api/v6/${family}/fetch/${SCENARIO_JOB_ID}`,
    });
    const fetched = await sandbox(post(`/api/v6/${family}/fetch/${SCENARIO_JOB_ID}`, {}));
    expect(await fetched.json()).toMatchObject({ status: 'failed', output: '' });
    expect(scenarioStore.get().id).toBe('normal');
  }
});

test('the balance scenarios: a refused key and an empty balance until another is picked, an outage once', async () => {
  const sandbox = scripted();
  scenarioStore.choose('balance-key');
  for (let i = 0; i < 2; i += 1) {
    const response = await sandbox(balance());
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(refused('Invalid API key'));
  }
  // Only the balance: pictures are still made.
  expect((await sandbox(img2img({ init_image: JPEG }))).status).toBe(200);

  scenarioStore.choose('balance-empty');
  for (let i = 0; i < 2; i += 1) {
    expect(await (await sandbox(balance())).json()).toEqual({
      status: 'success',
      data: { balance: 0, currency: 'USD' },
    });
  }

  scenarioStore.choose('balance-down');
  expect((await sandbox(balance())).status).toBe(503);
  expect((await sandbox(balance())).status).toBe(200);
});

test('a failure of the whole service answers every call that starts a job, not uploads or the balance', async () => {
  const sandbox = scripted();
  scenarioStore.choose('unavailable');
  for (const request of [
    img2img({ init_image: JPEG }),
    inpaint({ init_image: JPEG, mask_image: JPEG }),
    upscale({ init_image: JPEG }),
  ]) {
    const response = await sandbox(request);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual(
      refused('Service temporarily unavailable. Please try again later.'),
    );
  }
  expect((await sandbox(cropUpload(JPEG))).status).toBe(200);
  expect((await sandbox(balance())).status).toBe(200);

  // A one-shot failure is used up by whichever job call comes first.
  scenarioStore.choose('server-recovers');
  expect((await sandbox(upscale({ init_image: JPEG }))).status).toBe(500);
  expect(scenarioStore.get().id).toBe('normal');
  expect(
    (
      await sandbox(
        post('/api/v6/images/text2img', { key: KEY, model_id: 'flux', prompt: 'a', seed: 1 }),
      )
    ).status,
  ).toBe(200);

  scenarioStore.choose('network');
  expect((await sandbox(img2img({ init_image: JPEG }))).type).toBe('error');
});

test('the scenarios that script text2img alone (slow, queued then failed) leave img2img alone', async () => {
  const sandbox = scripted();
  scenarioStore.choose('failed');
  expect((await (await sandbox(img2img({ init_image: JPEG }))).json()).status).toBe('success');
  expect(scenarioStore.get().id).toBe('failed');
});

test('picture sizes are read from PNG, GIF and JPEG headers', () => {
  const png = Uint8Array.from(atob(pngDataUrl(640, 480).split(',')[1] ?? ''), (c) =>
    c.charCodeAt(0),
  );
  expect(headerSize(png)).toEqual({ width: 640, height: 480 });
  const gif = Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x20, 0x03, 0x58, 0x02]);
  expect(headerSize(gif)).toEqual({ width: 800, height: 600 });
  // SOI, an APP0 segment of 4 bytes, then SOF0: precision, height 0x0100, width 0x0200.
  const jpeg = Uint8Array.from([
    0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 17, 8, 1, 0, 2, 0, 3, 0, 0,
  ]);
  expect(headerSize(jpeg)).toEqual({ width: 512, height: 256 });
  expect(headerSize(Uint8Array.from([1, 2, 3]))).toBeUndefined();
});
