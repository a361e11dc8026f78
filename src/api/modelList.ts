import { z } from 'zod/mini';
import { ApiError } from './ApiError';
import { hideSecret, parseAnswer } from './parseAnswer';
import { isSafeImageUrl } from './responseSchemas';

/** The models a key can use: a bare JSON array, no `status` wrapper (docs/modelslab-api.md). */
export const MODEL_LIST_PATH = '/api/v4/dreambooth/model_list';

/**
 * What no real list holds is left out: a model whose id is longer than any id, a list
 * longer than the service's catalogue. Names and descriptions are cut, not dropped.
 */
const LIMITS = { models: 5000, id: 200, name: 120, description: 400, screenshot: 8192 };

/**
 * A screenshot is only ever shown in an <img>, where an SVG runs no script and loads
 * nothing: so besides the image links an answer may hold, inline SVG is fine here (the
 * sandbox draws its thumbnails so).
 */
const isSafeScreenshot = (url: string) =>
  url.length <= LIMITS.screenshot &&
  (isSafeImageUrl(url) || /^data:image\/svg\+xml;base64,[a-z0-9+/=]+$/i.test(url));

/** Text for a person: no markup (some descriptions hold HTML), one line, cut to `max`. */
const plainText = (max: number) =>
  z.catch(
    z.pipe(
      z.string(),
      z.transform((text) =>
        text
          .replace(/<[^>]*>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, max),
      ),
    ),
    '',
  );

const screenshots = z.pipe(
  z.catch(z.unknown(), undefined),
  z.transform((value) =>
    (Array.isArray(value) ? value : [value]).find(
      (url): url is string => typeof url === 'string' && isSafeScreenshot(url.trim()),
    ),
  ),
);

const modelEntrySchema = z.pipe(
  z.looseObject({
    model_id: z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.id)),
    model_name: plainText(LIMITS.name),
    description: plainText(LIMITS.description),
    screenshots,
  }),
  z.transform((entry) => ({
    id: entry.model_id,
    name: entry.model_name || entry.model_id,
    description: entry.description,
    screenshot: entry.screenshots?.trim(),
  })),
);

export type ModelInfo = z.output<typeof modelEntrySchema>;

/** Every readable entry, once each; an entry that cannot be read is skipped, not fatal. */
export function readModelList(list: unknown[]): ModelInfo[] {
  const seen = new Set<string>();
  const models: ModelInfo[] = [];
  for (const item of list) {
    if (models.length >= LIMITS.models) break;
    const parsed = modelEntrySchema.safeParse(item);
    if (!parsed.success || seen.has(parsed.data.id)) continue;
    seen.add(parsed.data.id);
    models.push(parsed.data);
  }
  return models;
}

/**
 * Reads the model-list answer, or throws the one ApiError type. A list is the only good
 * answer; anything else (an error body, a page that is not JSON) is classified like any
 * answer of the API.
 */
export function parseModelListAnswer(httpStatus: number, answerText: string, apiKey = '') {
  const text = hideSecret(answerText, apiKey);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (Array.isArray(json) && httpStatus < 300) return readModelList(json);
  // Throws for an error answer, a failure code or text that is not JSON.
  parseAnswer(httpStatus, text, undefined, apiKey);
  throw new ApiError({
    kind: 'malformed',
    serverMessage: 'The answer is not a list of models.',
    httpStatus,
  });
}
