import { ApiError } from './ApiError';
import { BALANCE_PATH, type Balance, parseBalanceAnswer } from './balance';
import { type FetchFamily, type JobKind, jobKinds } from './jobKinds';
import { MODEL_LIST_PATH, type ModelInfo, parseModelListAnswer } from './modelList';
import { hideSecret, parseAnswer } from './parseAnswer';
import type { GenerationParams } from './requestSchemas';
import type { GenerationAnswer, JobRef, Text2ImgParams } from './types';
import { EDITING_UPLOAD_PATH, parseUploadAnswer, UPLOAD_PATH } from './upload';

/** Anything shaped like `fetch` for a `Request`: the browser's, or the sandbox's in-process one. */
export type Transport = (request: Request) => Promise<Response>;

/**
 * Sandbox only, never sent over the network: names a generation's request after its
 * record, so after a reload the simulator can say whether it received it.
 */
export const SANDBOX_REQUEST_HEADER = 'X-Sandbox-Request';

/** What a request's name may be: short and plain, so any header carries it unchanged. */
export const isSandboxRequestName = (name: string) => /^[\w.:-]{1,128}$/.test(name);

export type ApiClientOptions = {
  /** Origin (and optional path prefix) the `/api/...` paths are appended to. */
  baseUrl: string;
  apiKey: string;
  transport: Transport;
  timeoutMs?: number;
};

export type CallOptions = { signal?: AbortSignal };

/** The documented fetch endpoints, the only addresses a `fetch_result` may name. */
const FETCH_PATH = /^\/api\/v6\/(images|realtime|image_editing)\/fetch\/([^/]+)$/;

/**
 * What a job number may look like to be put in an address: letters, digits, "-", "_" and
 * ".", but not "." or ".." alone (a browser would read those as "this folder" and "the
 * folder above", and so call another endpoint with the key).
 */
export const isSafeJobId = (id: string) => /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,128}$/.test(id);

export const fetchPath = (id: string, family: FetchFamily = 'images') =>
  `/api/v6/${family}/fetch/${id}`;

function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

/** Real answers are a few kilobytes (inline pictures a few megabytes): more would freeze the page. */
export const MAX_ANSWER_BYTES = 16 * 2 ** 20;

/** The body as text, or undefined (and the rest left unread) once it passes `limit` bytes. */
async function readLimited(response: Response, limit: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('Content-Length'));
  if (declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function anySignal(signals: AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(signals);
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) controller.abort(signal.reason);
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

/**
 * Where to ask about a queued job. The answer's `fetch_result` names the right family
 * (images, realtime, image_editing), but only its path is used, and only when it is one
 * of the documented fetch endpoints: the key is sent to the configured API and nowhere
 * else, to no other endpoint of it, which also keeps a same-site proxy working
 * (docs/modelslab-api.md, "Endpoints"). Undefined when the job cannot be asked about.
 */
export function jobAddress(baseUrl: string, job: JobRef): string | undefined {
  if (job.fetchUrl) {
    try {
      const { pathname, search } = new URL(job.fetchUrl, 'http://placeholder.invalid');
      const id = FETCH_PATH.exec(pathname)?.[2];
      if (!search && id && isSafeJobId(id)) return joinUrl(baseUrl, pathname);
    } catch {
      // fall through to the documented path
    }
  }
  return isSafeJobId(job.id) ? joinUrl(baseUrl, fetchPath(job.id, job.family)) : undefined;
}

export function createApiClient({
  baseUrl,
  apiKey,
  transport,
  timeoutMs = 60_000,
}: ApiClientOptions) {
  /** Sends `body` with the key; `read` turns the answer into data or throws an ApiError. */
  async function post<T>(
    url: string,
    body: Record<string, unknown>,
    options: CallOptions,
    read: (httpStatus: number, text: string) => T,
    jobId?: string,
  ): Promise<T> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = options.signal ? anySignal([options.signal, timeout.signal]) : timeout.signal;
    try {
      let response: Response;
      try {
        response = await transport(
          new Request(url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
            body: JSON.stringify({ key: apiKey, ...body }),
            signal,
            // Following a redirect would re-send the body, key included, wherever it points.
            redirect: 'manual',
          }),
        );
      } catch (cause) {
        throw transportFailure(cause, options.signal, timeout.signal, jobId);
      }
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        throw new ApiError({
          kind: 'redirected',
          httpStatus: response.status || undefined,
          serverMessage: `The address answered with a redirect${response.status ? ` (HTTP ${response.status})` : ''}; it was not followed.`,
          answerForm: 'app',
          jobId,
        });
      }
      let text: string | undefined;
      try {
        text = await readLimited(response, MAX_ANSWER_BYTES);
      } catch (cause) {
        throw transportFailure(cause, options.signal, timeout.signal, jobId);
      }
      if (text === undefined) {
        throw new ApiError({
          kind: 'malformed',
          httpStatus: response.status,
          serverMessage: `The answer was larger than ${MAX_ANSWER_BYTES / 2 ** 20} MB, far more than any real answer; it was not read.`,
          answerForm: 'app',
          jobId,
        });
      }
      return read(response.status, text);
    } catch (error) {
      throw withoutKey(error, apiKey);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends a new generation of `kind`: the fields of `params` its endpoint takes, and the key. */
  function submit(
    kind: JobKind,
    params: GenerationParams,
    options: CallOptions = {},
  ): Promise<GenerationAnswer> {
    const { path, body } = jobKinds[kind];
    return post(joinUrl(baseUrl, path), body(params), options, (status, text) =>
      parseAnswer(status, text, undefined, apiKey),
    );
  }

  return {
    submit,
    text2img: (params: Text2ImgParams, options: CallOptions = {}) =>
      submit('text2img', params, options),
    fetchJob(job: JobRef, options: CallOptions = {}): Promise<GenerationAnswer> {
      const url = jobAddress(baseUrl, job);
      if (!url) {
        return Promise.reject(
          new ApiError({
            kind: 'malformed',
            serverMessage: 'The job number is not one the app can ask about.',
            answerForm: 'app',
            jobId: job.id,
          }),
        );
      }
      return post(
        url,
        {},
        options,
        (status, text) => parseAnswer(status, text, job.id, apiKey),
        job.id,
      );
    },
    /**
     * Uploads a local picture (a `data:image/…;base64,` URL) and answers its link. The
     * editing family's endpoint serves pictures an enlargement starts from.
     */
    upload(dataUrl: string, options: CallOptions & { forEditing?: boolean } = {}): Promise<string> {
      const [path, body] = options.forEditing
        ? [EDITING_UPLOAD_PATH, { init_image: dataUrl }]
        : [UPLOAD_PATH, { image: dataUrl, crop: 'false' }];
      return post(joinUrl(baseUrl, path), body, options, (status, text) =>
        parseUploadAnswer(status, text, apiKey),
      );
    },
    /** The models the key can use (the body is just the key). */
    listModels(options: CallOptions = {}): Promise<ModelInfo[]> {
      return post(joinUrl(baseUrl, MODEL_LIST_PATH), {}, options, (status, text) =>
        parseModelListAnswer(status, text, apiKey),
      );
    },
    /** What the key has left to spend (the body is just the key). */
    balance(options: CallOptions = {}): Promise<Balance> {
      return post(joinUrl(baseUrl, BALANCE_PATH), {}, options, (status, text) =>
        parseBalanceAnswer(status, text, apiKey),
      );
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

function transportFailure(
  cause: unknown,
  callerSignal: AbortSignal | undefined,
  timeoutSignal: AbortSignal,
  jobId: string | undefined,
): ApiError {
  if (cause instanceof ApiError) return cause;
  if (callerSignal?.aborted) return new ApiError({ kind: 'cancelled', cause, jobId });
  if (timeoutSignal.aborted) return new ApiError({ kind: 'timeout', cause, jobId });
  if (typeof navigator !== 'undefined' && navigator.onLine === false) {
    return new ApiError({ kind: 'offline', cause, jobId });
  }
  const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return new ApiError({ kind: 'blocked', serverMessage: detail, cause, jobId });
}

/**
 * The answer's text was cleared of the key before it was read (`parseAnswer`); this also
 * covers what did not come from an answer (a transport's own message), and a key the
 * server wrote with JSON escapes.
 */
function withoutKey(error: unknown, apiKey: string): unknown {
  if (!(error instanceof ApiError) || !apiKey) return error;
  const scrub = (text: string) => hideSecret(text, apiKey);
  const texts = [error.serverMessage, ...Object.values(error.fieldErrors).flat()];
  if (texts.every((text) => scrub(text) === text)) return error;
  const fieldErrors = Object.fromEntries(
    Object.entries(error.fieldErrors).map(([field, messages]) => [field, messages.map(scrub)]),
  );
  return new ApiError({
    ...error.toJSON(),
    serverMessage: scrub(error.serverMessage),
    fieldErrors,
  });
}
