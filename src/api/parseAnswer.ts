import { ApiError, type ErrorKind } from './ApiError';
import { answerSchema, type RawAnswer } from './responseSchemas';
import type { GenerationAnswer } from './types';

const MAX_MESSAGE = 600;

/**
 * Values from an answer are shown, stored and sent back: what no real answer holds (a
 * 10,000-character seed, a job number longer than a line) is left out rather than shown.
 */
const LIMITS = { id: 128, seed: 32, fetchUrl: 2048, seconds: 24 * 60 * 60 };

function within(value: string | undefined, max: number): string | undefined {
  return value !== undefined && value.length <= max ? value : undefined;
}

function secondsWithin(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value >= 0
    ? Math.min(value, LIMITS.seconds)
    : undefined;
}

/**
 * The request fields a server may name in a field error (docs/modelslab-api.md). Other
 * names are not kept: a name is shown and stored, and a hostile server could put anything
 * in it.
 */
const SERVER_FIELDS = new Set([
  'key',
  'prompt',
  'negative_prompt',
  'model_id',
  'width',
  'height',
  'samples',
  'num_inference_steps',
  'guidance_scale',
  'seed',
  'scheduler',
  'strength',
  'init_image',
  'mask_image',
]);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces `secret` in `text` wherever it appears: as sent, JSON-escaped or URL-encoded,
 * in any letter case (a server may echo it upper-cased). Run on a whole answer before
 * anything is cut short, so no part of the key survives a cut.
 */
export function hideSecret(text: string, pasted: string): string {
  // Requests send the key trimmed, and that is the form a server echoes.
  const secret = pasted.trim();
  if (!secret) return text;
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  const pattern = new RegExp([...forms].map(escapeRegExp).join('|'), 'gi');
  return text.replace(pattern, '[your API key]');
}

/** Deeper than any answer the app reads: what lies below is dropped, not walked. */
const MAX_DEPTH = 8;

/**
 * Whether `text` holds the key, percent-encoded in part included: a link that does would
 * give the key to the host it points at.
 */
export function holdsKey(text: string, apiKey: string): boolean {
  const secret = apiKey.trim().toLowerCase();
  if (!secret) return false;
  let plain = text;
  try {
    plain = decodeURIComponent(text);
  } catch {
    // Not valid percent-encoding: read as it is.
  }
  return plain.toLowerCase().includes(secret);
}

/**
 * Clears the key from every string and field name of a parsed answer. The raw text was
 * cleared already, but JSON may spell the key with escapes (`\u0073k-…`, `\/`) that only
 * parsing turns back into the key; and a link that holds it percent-encoded in part would
 * give it to the host it points at, so such a string is replaced whole.
 */
function withoutSecret(value: unknown, apiKey: string, depth = 0): unknown {
  const secret = apiKey.trim().toLowerCase();
  if (!secret) return value;
  if (typeof value === 'string') {
    const text = hideSecret(value, secret);
    return holdsKey(text, secret) ? '[your API key]' : text;
  }
  if (!value || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(value)) return value.map((item) => withoutSecret(item, apiKey, depth + 1));
  const clean: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    const key = withoutSecret(name, apiKey, depth) as string;
    if (key === '__proto__') continue;
    clean[key] = withoutSecret(item, apiKey, depth + 1);
  }
  return clean;
}

/** Flattens `message`/`messege` (a string, an object of field errors, or a list) to text. */
export function readMessage(body: { message?: unknown; messege?: unknown }): {
  text: string;
  fieldErrors: Record<string, string[]>;
} {
  const raw = body.message ?? body.messege;
  const fieldErrors: Record<string, string[]> = {};
  if (typeof raw === 'string') return { text: raw.slice(0, MAX_MESSAGE), fieldErrors };
  if (Array.isArray(raw)) {
    return {
      text: raw
        .filter((m) => typeof m === 'string')
        .join(' ')
        .slice(0, MAX_MESSAGE),
      fieldErrors,
    };
  }
  if (raw && typeof raw === 'object') {
    const texts: string[] = [];
    for (const [field, value] of Object.entries(raw)) {
      const messages = (Array.isArray(value) ? value : [value])
        .filter((m) => typeof m === 'string' || typeof m === 'number')
        .slice(0, 5)
        .map((m) => String(m).slice(0, MAX_MESSAGE));
      if (messages.length === 0) continue;
      texts.push(...messages);
      if (SERVER_FIELDS.has(field)) fieldErrors[field] = messages;
    }
    return { text: texts.join(' ').slice(0, MAX_MESSAGE), fieldErrors };
  }
  return { text: '', fieldErrors };
}

/** Server field-validation wording ("width must be between 256 and 1024"). */
const FIELD_MESSAGE =
  /^(prompt|negative_prompt|model_id|width|height|samples|num_inference_steps|guidance_scale|seed|scheduler|strength|init_image|mask_image)\s+(is required|must be|field is required|may not)/i;

/** The first matching rule decides the kind; wording is matched case-insensitively. */
const MESSAGE_RULES: Array<[RegExp, ErrorKind]> = [
  [
    /invalid api key|api key (is )?required|api key (is )?(missing|invalid|expired|revoked)|key (is )?(missing|expired|revoked)|unauthori[sz]ed/i,
    'key',
  ],
  [
    /insufficient (credit|balance|fund)|add more credits|out of credits|not enough credits/i,
    'credits',
  ],
  [/premium subscription|requires a (premium|paid)|upgrade your (plan|subscription)/i, 'plan'],
  [/model not found|model .*does not exist|invalid model/i, 'model-not-found'],
  [/unable to fetch image|could not (fetch|download) (the )?image/i, 'image-unreachable'],
  [/rate limit|too many requests|queued requests/i, 'rate-limit'],
  [/service (is )?(temporarily )?unavailable|under maintenance/i, 'unavailable'],
  [/internal server error/i, 'server'],
];

function kindFromStatus(status: number): ErrorKind | undefined {
  if (status === 401) return 'key';
  if (status === 402) return 'credits';
  if (status === 403) return 'plan';
  if (status === 429) return 'rate-limit';
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  if (status >= 500) return 'server';
  if (status >= 400) return 'invalid-request';
  return undefined;
}

function mentionsRepeats(body: { tip?: unknown; tips?: unknown }): boolean {
  const texts = [body.tip, body.tips].flat().filter((tip) => typeof tip === 'string');
  return texts.some((tip) => /same request|repeated|spam/i.test(tip));
}

function toSeconds(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' ? secondsWithin(n) : undefined;
}

export function classifyError(
  httpStatus: number,
  body: {
    message?: unknown;
    messege?: unknown;
    retry_after?: unknown;
    tip?: unknown;
    tips?: unknown;
  },
  jobId?: string,
): ApiError {
  const { text, fieldErrors } = readMessage(body);
  let kind = MESSAGE_RULES.find(([pattern]) => pattern.test(text))?.[1];
  if (!kind && 'key' in fieldErrors) kind = 'key';
  // A field complaint under 401/402/403/429/5xx still means what the status says.
  const byStatus = kindFromStatus(httpStatus);
  if (!kind && byStatus && byStatus !== 'invalid-request') kind = byStatus;
  if (!kind && (Object.keys(fieldErrors).length > 0 || FIELD_MESSAGE.test(text))) {
    kind = 'invalid-field';
  }
  if (!kind) kind = byStatus ?? 'invalid-request';
  if (kind === 'rate-limit' && mentionsRepeats(body)) kind = 'spam-filter';
  if (kind === 'invalid-field' && Object.keys(fieldErrors).length === 0) {
    const field = FIELD_MESSAGE.exec(text)?.[1]?.toLowerCase();
    if (field) fieldErrors[field] = [text];
  }
  return new ApiError({
    kind,
    serverMessage: text,
    httpStatus,
    fieldErrors,
    retryAfter: toSeconds(body.retry_after),
    jobId,
  });
}

function toAnswer(raw: Exclude<RawAnswer, { status: 'error' | 'failed' }>): GenerationAnswer {
  const seed =
    within(raw.meta?.seed === undefined ? undefined : String(raw.meta.seed).trim(), LIMITS.seed) ||
    undefined;
  const id = within(raw.id, LIMITS.id) ?? '';
  if (raw.status === 'success') {
    const nsfw = raw.nsfw_content_detected;
    return {
      status: 'success',
      id,
      images: raw.output.length > 0 ? raw.output : raw.proxy_links,
      seed,
      generationTime: secondsWithin(raw.generationTime),
      nsfw: nsfw === true || nsfw === 'true' || (Array.isArray(nsfw) && nsfw.includes(true)),
    };
  }
  return {
    status: 'processing',
    id,
    etaSeconds: secondsWithin(raw.eta),
    fetchUrl: within(raw.fetch_result, LIMITS.fetchUrl) || undefined,
    futureLinks: raw.future_links,
    seed,
    message: readMessage(raw).text,
  };
}

const EXCERPT = 120;

/** What a person is shown of an answer that is not JSON: a web page's title, or how it began. */
function describeNotJson(text: string): {
  serverMessage: string;
  answerForm?: 'web-page' | 'text';
} {
  const trimmed = text.trim();
  if (!trimmed) return { serverMessage: '' };
  if (/^<(!doctype|html|head|body|h1|title)\b/i.test(trimmed)) {
    const heading =
      /<title[^>]*>([\s\S]*?)<\/title>/i.exec(trimmed)?.[1] ??
      /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(trimmed)?.[1] ??
      '';
    const title = heading
      .replace(/<[^>]*>/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, EXCERPT);
    return { serverMessage: title, answerForm: 'web-page' };
  }
  const excerpt = trimmed.replace(/\s+/g, ' ');
  return {
    serverMessage: excerpt.length > EXCERPT ? `${excerpt.slice(0, EXCERPT)}…` : excerpt,
    answerForm: 'text',
  };
}

/**
 * Turns one HTTP answer into a parsed answer, or throws the one ApiError type.
 * The body's `status` decides, not the HTTP code alone: an error body under HTTP 200 is
 * an error, and a 4xx/5xx with a JSON body carries the server's message.
 */
export function parseAnswer(
  httpStatus: number,
  answerText: string,
  jobId?: string,
  apiKey = '',
): GenerationAnswer {
  // A server, proxy or firewall page may echo the request, key included.
  const bodyText = hideSecret(answerText, apiKey);
  let json: unknown;
  try {
    json = withoutSecret(JSON.parse(bodyText), apiKey);
  } catch {
    // A page that is not JSON at a missing address: the connection does not point at the API.
    const notTheApi = httpStatus === 404 || httpStatus === 405;
    const kind = (notTheApi ? undefined : kindFromStatus(httpStatus)) ?? 'malformed';
    throw new ApiError({ kind, httpStatus, jobId, ...describeNotJson(bodyText) });
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) {
    const looseMessage = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
    const kind = kindFromStatus(httpStatus);
    if (kind) throw classifyError(httpStatus, looseMessage, jobId);
    const said = readMessage(looseMessage).text;
    throw new ApiError({
      kind: 'malformed',
      httpStatus,
      jobId,
      cause: parsed.error,
      ...(said ? { serverMessage: said } : describeNotJson(bodyText)),
    });
  }
  const raw = parsed.data;
  if (raw.status === 'error') throw classifyError(httpStatus, raw, jobId);
  if (raw.status === 'failed') {
    throw new ApiError({
      kind: 'job-failed',
      serverMessage: readMessage(raw).text,
      httpStatus,
      jobId: raw.id || jobId,
    });
  }
  if (httpStatus >= 400) throw classifyError(httpStatus, raw as { message?: unknown }, jobId);
  const answer = toAnswer(raw);
  if (!answer.id && jobId) answer.id = jobId;
  const unusable =
    answer.status === 'success' ? answer.images.length === 0 : !answer.id && !answer.fetchUrl;
  if (unusable) {
    // Nothing to show and nothing to ask about later: keep the raw text for support.
    throw new ApiError({
      kind: 'malformed',
      httpStatus,
      jobId: answer.id || jobId,
      ...describeNotJson(bodyText),
    });
  }
  return answer;
}
