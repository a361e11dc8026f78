import { z } from 'zod/mini';
import { ApiError } from './ApiError';
import { hideSecret, holdsKey, parseAnswer } from './parseAnswer';
import { isSafeImageUrl } from './responseSchemas';

/**
 * The two upload endpoints (docs/modelslab-api.md, "Endpoints"): a local picture goes up
 * as a data URL and comes back as a link the service can download (img2img, inpaint,
 * upscale take links).
 */
export const UPLOAD_PATH = '/api/v3/base64_crop';
export const EDITING_UPLOAD_PATH = '/api/v6/image_editing/base64_to_url';

/** The endpoint's limit on the picture itself (the decoded bytes). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const MAX_LINK = 2048;

/**
 * Only a link a picture can be loaded from: a web link, or the picture itself inline (the
 * sandbox keeps uploads so, having no server); anything else is not a usable answer.
 */
const linkOf = (value: unknown): string | undefined => {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'string') return undefined;
  const link = first.trim();
  const web = /^https?:/i.test(link);
  return (web ? link.length <= MAX_LINK : link.startsWith('data:')) && isSafeImageUrl(link)
    ? link
    : undefined;
};

/**
 * `base64_crop` answers `link`; the editing family's answer is documented only as "a
 * link", so `output` (a string or a list), `url` and `proxy_links` are read too.
 */
const uploadAnswerSchema = z.looseObject({
  status: z.optional(z.unknown()),
  link: z.optional(z.unknown()),
  output: z.optional(z.unknown()),
  url: z.optional(z.unknown()),
  proxy_links: z.optional(z.unknown()),
});

/** The uploaded picture's link, or the one ApiError type. */
export function parseUploadAnswer(httpStatus: number, answerText: string, apiKey = ''): string {
  const text = hideSecret(answerText, apiKey);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = uploadAnswerSchema.safeParse(json);
  if (parsed.success && httpStatus < 300 && parsed.data.status !== 'error') {
    const answer = parsed.data;
    const link = [answer.link, answer.output, answer.url, answer.proxy_links]
      .map(linkOf)
      .find((found) => found !== undefined);
    // A link that held the key (now hidden in it) would hand the key to whoever serves it.
    const heldKey = (found: string) => found.includes('[your API key]') || holdsKey(found, apiKey);
    if (link && !heldKey(link)) return link;
    if (answer.status === 'success' || answer.status === undefined) {
      throw new ApiError({
        kind: 'malformed',
        serverMessage: 'The answer to the upload holds no link to the picture.',
        answerForm: 'app',
        httpStatus,
      });
    }
  }
  // Throws for an error answer, a failure code or text that is not JSON.
  parseAnswer(httpStatus, text, undefined, apiKey);
  throw new ApiError({
    kind: 'malformed',
    serverMessage: 'The answer to the upload holds no link to the picture.',
    answerForm: 'app',
    httpStatus,
  });
}
