import { isSandboxRequestName, SANDBOX_REQUEST_HEADER } from '../api/client';
import type { PictureSpec } from './describeScene';
import { type SandboxModel, sandboxModels, thumbnailFor } from './sandboxModels';
import type { ScriptedAnswer } from './scenarios';

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

export type SandboxOptions = {
  render: RenderPicture;
  /** Simulated generation time of an answer that is not queued. */
  latencyMs?: number;
  /** Where `fetch_result` and `future_links` point (the transport answers any origin). */
  origin?: string;
  /** A scripted answer to give instead of the normal one (the scenario picker). */
  scripted?: (call: ScriptedAnswer['call']) => ScriptedAnswer | undefined;
  /** Keeps queued jobs, e.g. across reloads, like the real service does. */
  queue?: SandboxQueue;
  /** Where a model's screenshot is (an inline SVG drawn here unless told otherwise). */
  thumbnail?: (model: SandboxModel) => string;
};

function play(answer: Extract<ScriptedAnswer, { status: number }>): Response {
  // A network failure: fetch (and anything wrapping this function) rejects on it.
  if (answer.status === 0) return Response.error();
  return new Response(answer.body, {
    status: answer.status,
    headers: { 'Content-Type': answer.contentType ?? 'application/json' },
  });
}

export type SandboxJob = {
  id: number;
  readyAt: number;
  specs: PictureSpec[];
  params: ValidParams;
  /** The app's name for the request (SANDBOX_REQUEST_HEADER), when it gave one. */
  request?: string;
};

/** Where the simulated service keeps its queue (in memory unless told otherwise). */
export type SandboxQueue = {
  get: (id: number) => SandboxJob | undefined;
  set: (job: SandboxJob) => void;
  /** The job a request named `request` started, if the sandbox received it. */
  received: (request: string) => SandboxJob | undefined;
};

function memoryQueue(): SandboxQueue {
  const jobs = new Map<number, SandboxJob>();
  return {
    get: (id) => jobs.get(id),
    set: (job) => void jobs.set(job.id, job),
    received: (request) => [...jobs.values()].findLast((job) => job.request === request),
  };
}

/** A name the app gave its request: short and plain, or none. */
function requestName(request: Request): string | undefined {
  const name = request.headers.get(SANDBOX_REQUEST_HEADER);
  return name && isSandboxRequestName(name) ? name : undefined;
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

/** Work above one 512×512 image is queued, like the real service does under load. */
const QUEUE_ABOVE_PIXELS = 512 * 512;

export function etaFor(p: Pick<ValidParams, 'width' | 'height' | 'samples' | 'steps'>): number {
  const work = (p.width * p.height * p.samples * p.steps) / (512 * 512 * 30);
  return Math.min(30, Math.round((1.5 + work * 1.2) * 100) / 100);
}

const errorBody = (message: string, status: number) =>
  Response.json({ status: 'error', message }, { status });

const notSimulated = () =>
  Response.json(
    { status: 'error', message: 'The sandbox does not simulate this address.' },
    { status: 404 },
  );

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// The documented calls, under any origin or path prefix (a proxy may add one).
const TEXT2IMG_PATH = /\/api\/v6\/images\/text2img\/?$/;
const FETCH_PATH = /\/api\/v6\/images\/fetch\/([^/]+)\/?$/;
const MODEL_LIST_PATH = /\/api\/v4\/dreambooth\/model_list\/?$/;

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

export function createSandbox({
  render,
  latencyMs = 0,
  origin = 'https://sandbox.modelslab.invalid',
  scripted = () => undefined,
  queue = memoryQueue(),
  thumbnail = thumbnailFor,
}: SandboxOptions): Sandbox {
  // Pictures are drawn once per job and kept here; the queue holds only what redraws them.
  const drawn = new Map<number, string[]>();
  // Ids from the clock, so two tabs sharing the stored queue do not hand out the same one.
  let nextId = Math.floor(Date.now() / 100) * 10 + Math.floor(Math.random() * 10);

  async function renderAll(job: SandboxJob): Promise<string[]> {
    let images = drawn.get(job.id);
    if (!images) {
      images = await Promise.all(job.specs.map(render));
      drawn.set(job.id, images);
    }
    return images;
  }

  const meta = (job: SandboxJob) => ({
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
    id: String(job.id),
  });

  async function text2img(request: Request): Promise<Response> {
    const script = scripted('text2img');
    if (script && 'status' in script) return play(script);
    const delayMs = script?.delayMs ?? latencyMs;
    const body = await readJson(request);
    if (!body) return errorBody('Malformed JSON in request body', 400);
    const params = validate(body);
    if (typeof params === 'string') return errorBody(params, 400);

    nextId = Math.max(nextId + 1, Math.floor(Date.now() / 100) * 10);
    const id = nextId;
    const specs = Array.from({ length: params.samples }, (_, index) => ({
      prompt: params.prompt,
      seed: params.seed,
      width: params.width,
      height: params.height,
      index,
    }));
    const queued = params.width * params.height * params.samples > QUEUE_ABOVE_PIXELS;
    const eta = queued ? etaFor(params) : 0;
    const job: SandboxJob = {
      id,
      readyAt: Date.now() + eta * 1000,
      specs,
      params,
      request: requestName(request),
    };
    // Received: from here on the job exists, whether or not its answer reaches the page.
    queue.set(job);

    if (queued) {
      if (script) await sleep(delayMs);
      return Response.json({
        status: 'processing',
        tip: 'Sandbox: this request is simulated and costs nothing.',
        tip_1: 'Bigger pictures and more images take longer.',
        eta,
        messege: 'Try to fetch request after seconds estimated',
        webhook_status: '',
        fetch_result: `${origin}/api/v6/images/fetch/${id}`,
        id,
        output: [],
        meta: meta(job),
        future_links: specs.map((_, i) => `${origin}/generations/${id}-${i}.jpg`),
      });
    }

    if (delayMs > 0) await sleep(delayMs);
    const started = Date.now();
    const output = await renderAll(job);
    return Response.json({
      status: 'success',
      generationTime: Math.round((Date.now() - started + delayMs) / 10) / 100,
      id,
      output,
      // The real API sends either a list or the empty string here.
      proxy_links: '',
      nsfw_content_detected: false,
      meta: meta(job),
      tip: 'Sandbox: simulated pictures, no credits used.',
    });
  }

  async function fetchJob(request: Request, jobId: string): Promise<Response> {
    const script = scripted('fetch');
    if (script && 'status' in script) return play(script);
    const body = await readJson(request);
    if (!body) return errorBody('Malformed JSON in request body', 400);
    const job = queue.get(Number(jobId));
    if (!job) {
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
    const output = await renderAll(job);
    return Response.json({ status: 'success', id: job.id, output, proxy_links: output });
  }

  async function modelList(request: Request): Promise<Response> {
    const script = scripted('models');
    if (script && 'status' in script) return play(script);
    if (!(await readJson(request))) return errorBody('Malformed JSON in request body', 400);
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

  return async (request) => {
    if (request.method !== 'POST') return notSimulated();
    const { pathname } = new URL(request.url);
    if (TEXT2IMG_PATH.test(pathname)) return text2img(request);
    if (MODEL_LIST_PATH.test(pathname)) return modelList(request);
    const fetchId = FETCH_PATH.exec(pathname)?.[1];
    if (fetchId !== undefined) return fetchJob(request, decodeSegment(fetchId));
    return notSimulated();
  };
}
