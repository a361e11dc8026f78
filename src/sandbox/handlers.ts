import { isSandboxRequestName, SANDBOX_REQUEST_HEADER } from '../api/client';
import { addressEdits } from './addressEdits';
import type { PictureSpec } from './describeScene';
import { MAX_ENLARGED_SIDE, PictureRefused } from './editRules';
import { type SandboxModel, sandboxModels, thumbnailFor } from './sandboxModels';
import type { SandboxCall, ScriptedAnswer } from './scenarios';

/**
 * The sandbox: the ModelsLab image API's HTTP contract, simulated as one plain function
 * from a `Request` to a `Response`. The same function answers the app in the browser
 * (the in-process sandbox transport calls it), the component tests and the browser
 * tests' stand-in server (both wrap it), so every path is the real client's path and
 * the app's sandbox chunk needs no mocking library.
 * Shapes and quirks follow docs/modelslab-api.md: numeric ids, `messege`, `output: ""`
 * on a fetch that is still processing, `proxy_links` that may be "".
 */

/** Answers one request to the simulated API, as the real service would over HTTP. */
export type Sandbox = (request: Request) => Promise<Response>;

export type RenderPicture = (spec: PictureSpec) => Promise<string>;
/** Keeps an uploaded picture (a `data:image/…;base64,` URL) and says where it is now. */
export type KeepUpload = (dataUrl: string) => Promise<string>;
/** A variation of the picture at `init`: throws `PictureRefused` when it cannot be loaded. */
export type VaryPicture = (init: string, spec: PictureSpec, strength: number) => Promise<string>;
/**
 * `init` with the white part of `mask` repainted, the black part unchanged; throws
 * `PictureRefused` when either cannot be loaded or the sizes differ.
 */
export type RepaintPicture = (
  init: string,
  mask: string,
  spec: PictureSpec,
  strength: number,
) => Promise<string>;
/** `init` made `scale` times larger (its longer side at most `MAX_ENLARGED_SIDE`). */
export type EnlargePicture = (
  init: string,
  scale: number,
  faceEnhance: boolean,
) => Promise<{ url: string; width: number; height: number }>;

export type SandboxOptions = {
  render: RenderPicture;
  /**
   * The picture functions below default to address-only stand-ins (`addressEdits`: no
   * pixels, pictures at `${origin}/pictures/…`); the browser passes canvas ones.
   */
  keepUpload?: KeepUpload;
  vary?: VaryPicture;
  repaint?: RepaintPicture;
  enlarge?: EnlargePicture;
  /** Simulated generation time of an answer that is not queued. */
  latencyMs?: number;
  /** Where `fetch_result` and `future_links` point (the transport answers any origin). */
  origin?: string;
  /** A scripted answer to give instead of the normal one (the scenario picker). */
  scripted?: (call: SandboxCall) => ScriptedAnswer | undefined;
  /** Keeps queued jobs, e.g. across reloads, like the real service does. */
  queue?: SandboxQueue;
  /** Keeps the pictures of jobs made from a picture (too big for the queue's storage). */
  outputs?: SandboxOutputs;
  /** The simulated account balance. */
  wallet?: SandboxWallet;
  /** Where a model's screenshot is (an inline SVG drawn here unless told otherwise). */
  thumbnail?: (model: SandboxModel) => string;
};

function play(answer: Extract<ScriptedAnswer, { status: number }>, origin: string): Response {
  // A network failure: fetch (and anything wrapping this function) rejects on it.
  if (answer.status === 0) return Response.error();
  return new Response(answer.body.replaceAll('%ORIGIN%', origin), {
    status: answer.status,
    headers: { 'Content-Type': answer.contentType ?? 'application/json' },
  });
}

type ValidParams = {
  prompt: string;
  model_id: string;
  width: number;
  height: number;
  samples: number;
  steps: number;
  guidance: number;
  seed: number;
};

type EditParams = ValidParams & { strength: number };
type UpscaleParams = { scale: number; faceEnhance: boolean; width: number; height: number };

type JobBase = {
  id: number;
  readyAt: number;
  /** The app's name for the request (SANDBOX_REQUEST_HEADER), when it gave one. */
  request?: string;
};

/**
 * One received job, small enough for localStorage: a text2img job's pictures are redrawn
 * from its specs; the pictures of the others (made from a picture the queue cannot hold)
 * are drawn when the job is received and kept in `SandboxOutputs` under its id.
 */
export type SandboxJob = JobBase &
  (
    | { kind?: 'text2img'; specs: PictureSpec[]; params: ValidParams }
    | { kind: 'img2img' | 'inpaint'; specs: PictureSpec[]; params: EditParams }
    | { kind: 'upscale'; params: UpscaleParams }
  );

export type SandboxJobKind = NonNullable<SandboxJob['kind']>;

/** Where the simulated service keeps its queue (in memory unless told otherwise). */
export type SandboxQueue = {
  get: (id: number) => SandboxJob | undefined;
  /** Keeps `job`; says which jobs it let go of to make room (their outputs go too). */
  set: (job: SandboxJob) => number[] | undefined;
  /** The job a request named `request` started, if the sandbox received it. */
  received: (request: string) => SandboxJob | undefined;
};

/** The pictures of jobs made from a picture, by job id (IndexedDB in the browser). */
export type SandboxOutputs = {
  get: (id: number) => Promise<string[] | undefined>;
  set: (id: number, output: string[]) => Promise<void>;
  delete: (ids: number[]) => Promise<void>;
};

/**
 * The simulated balance in USD (localStorage in the browser). `key` is the request's key
 * ('' without one): the browser keeps one balance for any key, the browser tests' server
 * one per key, so each test starts from the same balance.
 */
export type SandboxWallet = {
  read: (key: string) => number;
  write: (balance: number, key: string) => void;
};

export const STARTING_BALANCE = 43.6;
/** Made-up prices, so the simulated balance visibly goes down as pictures are made. */
export const PRICE_PER_PICTURE = 0.0047;
export const PRICE_PER_ENLARGEMENT = 0.01;

function memoryQueue(): SandboxQueue {
  const jobs = new Map<number, SandboxJob>();
  return {
    get: (id) => jobs.get(id),
    set: (job) => void jobs.set(job.id, job),
    received: (request) => [...jobs.values()].findLast((job) => job.request === request),
  };
}

export function memoryOutputs(): SandboxOutputs {
  const outputs = new Map<number, string[]>();
  return {
    get: async (id) => outputs.get(id),
    set: async (id, output) => void outputs.set(id, output),
    delete: async (ids) => {
      for (const id of ids) outputs.delete(id);
    },
  };
}

export function memoryWallet(balance = STARTING_BALANCE): SandboxWallet {
  return {
    read: () => balance,
    write: (next) => {
      balance = next;
    },
  };
}

/** A name the app gave its request: short and plain, or none. */
function requestName(request: Request): string | undefined {
  const name = request.headers.get(SANDBOX_REQUEST_HEADER);
  return name && isSandboxRequestName(name) ? name : undefined;
}

/** Work above one 512×512 image is queued, like the real service does under load. */
const QUEUE_ABOVE_PIXELS = 512 * 512;
/** Enlargements above this many output pixels are queued. */
const QUEUE_ENLARGED_ABOVE_PIXELS = 2048 * 2048;

export function etaFor(p: Pick<ValidParams, 'width' | 'height' | 'samples' | 'steps'>): number {
  const work = (p.width * p.height * p.samples * p.steps) / (512 * 512 * 30);
  return Math.min(30, Math.round((1.5 + work * 1.2) * 100) / 100);
}

export function enlargeEtaFor(width: number, height: number): number {
  const work = (width * height) / QUEUE_ENLARGED_ABOVE_PIXELS;
  return Math.min(30, Math.round((2 + work * 3) * 100) / 100);
}

const errorBody = (message: string, status: number) =>
  Response.json({ status: 'error', message }, { status });

const malformed = () => errorBody('Malformed JSON in request body', 400);

const notSimulated = () =>
  Response.json(
    { status: 'error', message: 'The sandbox does not simulate this address.' },
    { status: 404 },
  );

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// The documented calls, under any origin or path prefix (a proxy may add one).
const TEXT2IMG_PATH = /\/api\/v6\/images\/text2img\/?$/;
const IMG2IMG_PATH = /\/api\/v6\/images\/img2img\/?$/;
const INPAINT_PATH = /\/api\/v6\/images\/inpaint\/?$/;
const FETCH_PATH = /\/api\/v6\/images\/fetch\/([^/]+)\/?$/;
const UPSCALE_PATH = /\/api\/v6\/image_editing\/super_resolution\/?$/;
const EDITING_FETCH_PATH = /\/api\/v6\/image_editing\/fetch\/([^/]+)\/?$/;
const CROP_UPLOAD_PATH = /\/api\/v3\/base64_crop\/?$/;
const EDITING_UPLOAD_PATH = /\/api\/v6\/image_editing\/base64_to_url\/?$/;
const MODEL_LIST_PATH = /\/api\/v4\/dreambooth\/model_list\/?$/;
const BALANCE_PATH = /\/api\/wallet_balance\/?$/;

const knownModels = new Set(sandboxModels.map((model) => model.model_id));

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** The server's own validation, with its documented wording. */
function validate(body: Record<string, unknown>): ValidParams | string {
  if (body.prompt === undefined || body.prompt === null || body.prompt === '')
    return 'prompt is required';
  if (typeof body.prompt !== 'string') return 'prompt must be a string';
  if (!body.prompt.trim()) return 'prompt is required';
  const modelId =
    typeof body.model_id === 'string' && body.model_id.trim() ? body.model_id : undefined;
  if (!modelId) return 'model_id is required';
  if (!knownModels.has(modelId)) return `Model not found: ${modelId}`;
  const width = toNumber(body.width ?? 512);
  const height = toNumber(body.height ?? 512);
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (value === undefined || value < 256 || value > 1024)
      return `${name} must be between 256 and 1024`;
    if (!Number.isInteger(value) || value % 8 !== 0) return `${name} must be divisible by 8`;
  }
  const samples = toNumber(body.samples ?? 1);
  if (samples === undefined || !Number.isInteger(samples) || samples < 1 || samples > 4) {
    return 'samples must be between 1 and 4';
  }
  const steps = toNumber(body.num_inference_steps ?? 30);
  if (steps === undefined || !Number.isInteger(steps) || steps < 1 || steps > 50) {
    return 'num_inference_steps must be between 1 and 50';
  }
  const guidance = toNumber(body.guidance_scale ?? 7.5);
  if (guidance === undefined || guidance < 1 || guidance > 20) {
    return 'guidance_scale must be between 1 and 20';
  }
  const rawSeed = body.seed === null || body.seed === '' ? undefined : toNumber(body.seed);
  if (
    rawSeed !== undefined &&
    (!Number.isInteger(rawSeed) || rawSeed < 0 || rawSeed > 4294967295)
  ) {
    return 'seed must be between 0 and 4294967295';
  }
  const seed = rawSeed ?? Math.floor(Math.random() * 4294967296);
  return {
    prompt: body.prompt,
    model_id: modelId,
    width: width as number,
    height: height as number,
    samples,
    steps,
    guidance,
    seed,
  };
}

/** A picture address the service is asked to download: a non-empty string. */
function pictureField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * img2img and inpaint: text2img's fields and wording, then the pictures (`… is required`,
 * the same style as `prompt is required`) and `strength` (documented as 0–1, default 0.7).
 */
function validateEdit(
  body: Record<string, unknown>,
  kind: 'img2img' | 'inpaint',
): { params: EditParams; init: string; mask: string } | string {
  const params = validate(body);
  if (typeof params === 'string') return params;
  const init = pictureField(body, 'init_image');
  if (!init) return 'init_image is required';
  const mask = kind === 'inpaint' ? pictureField(body, 'mask_image') : '';
  if (mask === undefined) return 'mask_image is required';
  const strength = toNumber(body.strength ?? 0.7);
  if (strength === undefined || strength < 0 || strength > 1) {
    return 'strength must be between 0 and 1';
  }
  return { params: { ...params, strength }, init, mask };
}

/**
 * super_resolution: `scale` is an integer 1–8, default 2 (the vendor's reference for its
 * upscaler; its examples send 3), as a number or a numeric string; `face_enhance` is a
 * boolean or the v6 strings "yes"/"no" (also "true"/"false").
 */
function validateUpscale(
  body: Record<string, unknown>,
): { init: string; scale: number; faceEnhance: boolean } | string {
  const init = pictureField(body, 'init_image');
  if (!init) return 'init_image is required';
  const scale = toNumber(body.scale ?? 2);
  if (scale === undefined || !Number.isInteger(scale) || scale < 1 || scale > 8) {
    return 'scale must be between 1 and 8';
  }
  const face = body.face_enhance ?? false;
  const faceEnhance =
    face === true || face === 'yes' || face === 'true'
      ? true
      : face === false || face === 'no' || face === 'false'
        ? false
        : undefined;
  if (faceEnhance === undefined) return 'face_enhance must be true or false';
  return { init, scale, faceEnhance };
}

/** The upload endpoints take PNG, JPEG, WebP and GIF only: what the app can show safely. */
const IMAGE_DATA_URL = /^data:image\/(png|jpeg|jpg|webp|gif);base64,([A-Za-z0-9+/]*={0,2})$/i;
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/**
 * An uploaded picture must be an image data URL (our wording, the contract documents
 * none: `<field> must be a valid base64 image`) of at most 5 MB once decoded.
 */
function validateUpload(value: unknown, field: string): string | { dataUrl: string } {
  const dataUrl = typeof value === 'string' ? value.replace(/\s+/g, '') : '';
  const payload = IMAGE_DATA_URL.exec(dataUrl)?.[2];
  if (!payload || payload.length % 4 === 1) return `${field} must be a valid base64 image`;
  const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
  const bytes = Math.floor((payload.length * 3) / 4) - padding;
  if (bytes > MAX_UPLOAD_BYTES) return `${field} must not be larger than 5 MB`;
  return { dataUrl };
}

async function readJson(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const body: unknown = await request.json();
    return body && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A picture function's failure as the service answers it. */
function pictureFailure(error: unknown): Response {
  if (error instanceof PictureRefused) return errorBody(error.message, 400);
  return errorBody('Internal server error. Please try again.', 500);
}

/** The request's key; the sandbox takes any, or none. */
const keyOf = (body: Record<string, unknown>) => (typeof body.key === 'string' ? body.key : '');

const roundMoney = (amount: number) => Math.round(amount * 10_000) / 10_000;

export function createSandbox({
  render,
  latencyMs = 0,
  origin = 'https://sandbox.modelslab.invalid',
  scripted = () => undefined,
  queue = memoryQueue(),
  outputs = memoryOutputs(),
  wallet = memoryWallet(),
  thumbnail = thumbnailFor,
  ...edits
}: SandboxOptions): Sandbox {
  const fallback = addressEdits(origin);
  const keepUpload = edits.keepUpload ?? fallback.keepUpload;
  const vary = edits.vary ?? fallback.vary;
  const repaint = edits.repaint ?? fallback.repaint;
  const enlarge = edits.enlarge ?? fallback.enlarge;

  // Pictures drawn in this session, by job: text2img redraws from specs after a reload,
  // the others are read back from `outputs`.
  const drawn = new Map<number, string[]>();
  // Ids from the clock, so two tabs sharing the stored queue do not hand out the same one.
  let nextId = Math.floor(Date.now() / 100) * 10 + Math.floor(Math.random() * 10);
  const takeId = () => {
    nextId = Math.max(nextId + 1, Math.floor(Date.now() / 100) * 10);
    return nextId;
  };

  type Script = { played: Response } | { delayMs?: number; scriptedDelay: boolean };
  const scriptFor = (call: SandboxCall): Script => {
    const script = scripted(call);
    return script && 'status' in script
      ? { played: play(script, origin) }
      : { delayMs: script?.delayMs, scriptedDelay: script !== undefined };
  };

  /** From here on the job exists, whether or not its answer reaches the page. */
  async function receive(job: SandboxJob, key: string, output?: string[]) {
    if (output) {
      drawn.set(job.id, output);
      // Without storage the pictures last until the page is left, nothing worse.
      await outputs.set(job.id, output).catch(() => undefined);
    }
    const dropped = queue.set(job) ?? [];
    if (dropped.length > 0) {
      for (const id of dropped) drawn.delete(id);
      await outputs.delete(dropped).catch(() => undefined);
    }
    const price =
      job.kind === 'upscale' ? PRICE_PER_ENLARGEMENT : job.specs.length * PRICE_PER_PICTURE;
    wallet.write(Math.max(0, roundMoney(wallet.read(key) - price)), key);
  }

  /** The job's pictures, or undefined when its kept pictures are gone. */
  async function picturesOf(job: SandboxJob): Promise<string[] | undefined> {
    const known = drawn.get(job.id);
    if (known) return known;
    if (job.kind === undefined || job.kind === 'text2img') {
      const images = await Promise.all(job.specs.map(render));
      drawn.set(job.id, images);
      return images;
    }
    return outputs.get(job.id).catch(() => undefined);
  }

  const meta = (job: SandboxJob & { params: ValidParams }) => ({
    prompt: job.params.prompt,
    model_id: job.params.model_id,
    W: job.params.width,
    H: job.params.height,
    width: job.params.width,
    height: job.params.height,
    n_samples: job.params.samples,
    steps: job.params.steps,
    guidance_scale: job.params.guidance,
    seed: job.params.seed,
    ...('strength' in job.params ? { strength: job.params.strength } : {}),
    id: String(job.id),
  });

  const specsFor = (params: ValidParams): PictureSpec[] =>
    Array.from({ length: params.samples }, (_, index) => ({
      prompt: params.prompt,
      seed: params.seed,
      width: params.width,
      height: params.height,
      index,
    }));

  /** The answer to a text2img, img2img or inpaint request, once the job is received. */
  async function pictureAnswer(
    job: SandboxJob & { specs: PictureSpec[]; params: ValidParams },
    queued: boolean,
    delayMs: number,
    scriptedDelay: boolean,
  ): Promise<Response> {
    if (queued) {
      if (scriptedDelay) await sleep(delayMs);
      return Response.json({
        status: 'processing',
        tip: 'Sandbox: this request is simulated and costs nothing.',
        tip_1: 'Bigger pictures and more images take longer.',
        eta: etaFor(job.params),
        messege: 'Try to fetch request after seconds estimated',
        webhook_status: '',
        fetch_result: `${origin}/api/v6/images/fetch/${job.id}`,
        id: job.id,
        output: [],
        meta: meta(job),
        future_links: job.specs.map((_, i) => `${origin}/generations/${job.id}-${i}.jpg`),
      });
    }
    if (delayMs > 0) await sleep(delayMs);
    const started = Date.now();
    const output = (await picturesOf(job)) ?? [];
    return Response.json({
      status: 'success',
      generationTime: Math.round((Date.now() - started + delayMs) / 10) / 100,
      id: job.id,
      output,
      // The real API sends either a list or the empty string here.
      proxy_links: '',
      nsfw_content_detected: false,
      meta: meta(job),
      tip: 'Sandbox: simulated pictures, no credits used.',
    });
  }

  async function text2img(request: Request): Promise<Response> {
    const script = scriptFor('text2img');
    if ('played' in script) return script.played;
    const body = await readJson(request);
    if (!body) return malformed();
    const params = validate(body);
    if (typeof params === 'string') return errorBody(params, 400);

    const queued = params.width * params.height * params.samples > QUEUE_ABOVE_PIXELS;
    const job = {
      id: takeId(),
      readyAt: Date.now() + (queued ? etaFor(params) * 1000 : 0),
      specs: specsFor(params),
      params,
      request: requestName(request),
    };
    await receive(job, keyOf(body));
    return pictureAnswer(job, queued, script.delayMs ?? latencyMs, script.scriptedDelay);
  }

  /** img2img and inpaint: drawn from the given picture(s) when received, then like text2img. */
  async function edit(request: Request, kind: 'img2img' | 'inpaint'): Promise<Response> {
    const script = scriptFor(kind);
    if ('played' in script) return script.played;
    const body = await readJson(request);
    if (!body) return malformed();
    const valid = validateEdit(body, kind);
    if (typeof valid === 'string') return errorBody(valid, 400);
    const { params, init, mask } = valid;
    const specs = specsFor(params);
    let output: string[];
    try {
      output = await Promise.all(
        specs.map((spec) =>
          kind === 'img2img'
            ? vary(init, spec, params.strength)
            : repaint(init, mask, spec, params.strength),
        ),
      );
    } catch (error) {
      return pictureFailure(error);
    }
    const queued = params.width * params.height * params.samples > QUEUE_ABOVE_PIXELS;
    const job = {
      kind,
      id: takeId(),
      readyAt: Date.now() + (queued ? etaFor(params) * 1000 : 0),
      specs,
      params,
      request: requestName(request),
    };
    await receive(job, keyOf(body), output);
    return pictureAnswer(job, queued, script.delayMs ?? latencyMs, script.scriptedDelay);
  }

  async function upscale(request: Request): Promise<Response> {
    const script = scriptFor('upscale');
    if ('played' in script) return script.played;
    const body = await readJson(request);
    if (!body) return malformed();
    const valid = validateUpscale(body);
    if (typeof valid === 'string') return errorBody(valid, 400);
    let enlarged: Awaited<ReturnType<EnlargePicture>>;
    try {
      enlarged = await enlarge(valid.init, valid.scale, valid.faceEnhance);
    } catch (error) {
      return pictureFailure(error);
    }
    const { width, height } = enlarged;
    const queued = width * height > QUEUE_ENLARGED_ABOVE_PIXELS;
    const eta = queued ? enlargeEtaFor(width, height) : 0;
    const job: SandboxJob = {
      kind: 'upscale',
      id: takeId(),
      readyAt: Date.now() + eta * 1000,
      params: { scale: valid.scale, faceEnhance: valid.faceEnhance, width, height },
      request: requestName(request),
    };
    await receive(job, keyOf(body), [enlarged.url]);
    const upscaleMeta = {
      scale: valid.scale,
      face_enhance: valid.faceEnhance,
      width,
      height,
      max_side: MAX_ENLARGED_SIDE,
      id: String(job.id),
    };
    const delayMs = script.delayMs ?? latencyMs;
    if (queued) {
      if (script.scriptedDelay) await sleep(delayMs);
      return Response.json({
        status: 'processing',
        tip: `Sandbox: enlarged pictures stop at ${MAX_ENLARGED_SIDE} pixels on their longer side.`,
        eta,
        messege: 'Try to fetch request after seconds estimated',
        webhook_status: '',
        fetch_result: `${origin}/api/v6/image_editing/fetch/${job.id}`,
        id: job.id,
        output: [],
        meta: upscaleMeta,
        future_links: [`${origin}/generations/${job.id}-0.jpg`],
      });
    }
    if (delayMs > 0) await sleep(delayMs);
    return Response.json({
      status: 'success',
      generationTime: Math.round(delayMs / 10) / 100,
      id: job.id,
      output: [enlarged.url],
      proxy_links: '',
      meta: upscaleMeta,
      tip: `Sandbox: enlarged pictures stop at ${MAX_ENLARGED_SIDE} pixels on their longer side.`,
    });
  }

  /** A fetch in either family: each finds only its own jobs, as two services would. */
  async function fetchJob(
    request: Request,
    jobId: string,
    family: 'images' | 'image_editing',
  ): Promise<Response> {
    const script = scriptFor('fetch');
    if ('played' in script) return script.played;
    const body = await readJson(request);
    if (!body) return malformed();
    const job = queue.get(Number(jobId));
    if (!job || (job.kind === 'upscale') !== (family === 'image_editing')) {
      return Response.json({
        status: 'failed',
        id: jobId,
        message: 'Request not found',
        output: '',
      });
    }
    if (Date.now() < job.readyAt) {
      return Response.json({
        status: 'processing',
        messege: 'try again later.',
        output: '',
        tip: 'Sandbox: still drawing.',
      });
    }
    const output = await picturesOf(job);
    if (!output) {
      return Response.json({
        status: 'failed',
        id: String(job.id),
        message:
          'The sandbox no longer has these pictures (this browser’s storage was cleared). Please try again.',
        output: '',
      });
    }
    return Response.json({ status: 'success', id: job.id, output, proxy_links: output });
  }

  async function upload(request: Request, family: 'crop' | 'image_editing'): Promise<Response> {
    const script = scriptFor('upload');
    if ('played' in script) return script.played;
    const body = await readJson(request);
    if (!body) return malformed();
    const field = family === 'crop' ? 'image' : 'init_image';
    const valid = validateUpload(body[field], field);
    if (typeof valid === 'string') return errorBody(valid, 400);
    if (
      family === 'crop' &&
      ![undefined, true, false, 'true', 'false'].includes(body.crop as never)
    )
      return errorBody('crop must be "true" or "false"', 400);
    let link: string;
    try {
      link = await keepUpload(valid.dataUrl);
    } catch {
      return errorBody(`${field} must be a valid base64 image`, 400);
    }
    const id = takeId();
    if (family === 'crop') {
      return Response.json({ status: 'success', messege: 'image uploaded', link, request_id: id });
    }
    // The contract only says "a link to the uploaded picture": the app must accept the
    // link under `link`, `output` (a string or a list) or `url`; this answers the first two.
    return Response.json({ status: 'success', output: [link], link, id });
  }

  async function modelList(request: Request): Promise<Response> {
    const script = scriptFor('models');
    if ('played' in script) return script.played;
    if (!(await readJson(request))) return malformed();
    // A bare array, as the real endpoint answers.
    return Response.json(
      sandboxModels.map((model) => ({
        model_id: model.model_id,
        status: 'model_ready',
        model_name: model.model_name,
        description: model.description,
        screenshots: thumbnail(model),
      })),
    );
  }

  async function balance(request: Request): Promise<Response> {
    const script = scriptFor('balance');
    if ('played' in script) return script.played;
    const body = await readJson(request);
    if (!body) return malformed();
    return Response.json({
      status: 'success',
      data: { balance: roundMoney(wallet.read(keyOf(body))), currency: 'USD' },
    });
  }

  return async (request) => {
    if (request.method !== 'POST') return notSimulated();
    const { pathname } = new URL(request.url);
    if (TEXT2IMG_PATH.test(pathname)) return text2img(request);
    if (IMG2IMG_PATH.test(pathname)) return edit(request, 'img2img');
    if (INPAINT_PATH.test(pathname)) return edit(request, 'inpaint');
    if (UPSCALE_PATH.test(pathname)) return upscale(request);
    if (CROP_UPLOAD_PATH.test(pathname)) return upload(request, 'crop');
    if (EDITING_UPLOAD_PATH.test(pathname)) return upload(request, 'image_editing');
    if (MODEL_LIST_PATH.test(pathname)) return modelList(request);
    if (BALANCE_PATH.test(pathname)) return balance(request);
    const fetchId = FETCH_PATH.exec(pathname)?.[1];
    if (fetchId !== undefined) return fetchJob(request, decodeSegment(fetchId), 'images');
    const editingId = EDITING_FETCH_PATH.exec(pathname)?.[1];
    if (editingId !== undefined)
      return fetchJob(request, decodeSegment(editingId), 'image_editing');
    return notSimulated();
  };
}
