// zod/mini: the same parser as zod at a fraction of the first-load bytes.
import { z } from 'zod/mini';

/**
 * Shapes of the API's JSON answers, lenient where the vendor's own sources disagree
 * (see docs/modelslab-api.md): ids are numbers or strings, `output` and `proxy_links`
 * may be the empty string, `message` may be spelled `messege` or be an object.
 */

const idSchema = z.catch(
  z.pipe(
    z.union([z.string(), z.number()]),
    z.transform((id) => String(id)),
  ),
  '',
);

const numberLike = z.pipe(
  z.union([z.number(), z.string().check(z.trim(), z.regex(/^\d+(\.\d+)?$/))]),
  z.transform((value) => Number(value)),
);

/**
 * Image URLs are the one kind of link from an answer the app shows or loads (of
 * `fetch_result` only the path is used): only http(s) or an inline image.
 */
export function isSafeImageUrl(value: string): boolean {
  if (/^data:image\/(png|jpe?g|webp|gif);base64,[a-z0-9+/=\s]+$/i.test(value)) return true;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** More links than any request can ask for (samples ≤ 4) are a broken or hostile answer. */
const MAX_LINKS = 16;

const urlList = z.pipe(
  z.catch(z.unknown(), []),
  z.transform((list) =>
    Array.isArray(list)
      ? list
          .filter((item): item is string => typeof item === 'string' && isSafeImageUrl(item))
          .slice(0, MAX_LINKS)
      : [],
  ),
);

const optionalNumber = z.catch(z.optional(numberLike), undefined);

const metaSchema = z.catch(
  z.optional(
    z.looseObject({
      seed: z.catch(z.optional(z.union([z.number(), z.string()])), undefined),
    }),
  ),
  undefined,
);

const message = z.optional(z.unknown());

export const successSchema = z.looseObject({
  status: z.literal('success'),
  id: z.optional(idSchema),
  output: urlList,
  proxy_links: urlList,
  generationTime: optionalNumber,
  nsfw_content_detected: z.optional(z.unknown()),
  meta: metaSchema,
});

export const processingSchema = z.looseObject({
  status: z.literal('processing'),
  id: z.optional(idSchema),
  eta: optionalNumber,
  fetch_result: z.catch(z.optional(z.string()), undefined),
  future_links: urlList,
  message,
  messege: message,
  meta: metaSchema,
});

export const errorSchema = z.looseObject({
  status: z.literal('error'),
  message,
  messege: message,
  retry_after: optionalNumber,
  tip: z.optional(z.unknown()),
  tips: z.optional(z.unknown()),
});

export const failedSchema = z.looseObject({
  status: z.literal('failed'),
  id: z.optional(idSchema),
  message,
  messege: message,
});

export const answerSchema = z.discriminatedUnion('status', [
  successSchema,
  processingSchema,
  errorSchema,
  failedSchema,
]);

export type RawAnswer = z.infer<typeof answerSchema>;
