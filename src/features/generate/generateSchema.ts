import { z } from 'zod/mini';
import type { JobKind } from '../../api/jobKinds';
import type { GenerationParams } from '../../api/requestSchemas';
import { schedulerNames } from '../../api/requestSchemas';
import { ignoresNegativePrompt } from '../models';

/**
 * The form keeps what the person typed (strings); this schema turns it into request
 * params. Messages are the server's own wording (docs/modelslab-api.md), so a person
 * sees the same words whether the form or the server caught the mistake.
 */

export const MAX_SEED = 4_294_967_295;

function numberText(
  check: (n: number) => boolean,
  message: string,
  extra?: { test: (n: number) => boolean; message: string },
) {
  return z.pipe(
    z.string(),
    z.transform((text, ctx) => {
      const trimmed = text.trim();
      const n = trimmed === '' ? Number.NaN : Number(trimmed);
      if (!Number.isFinite(n) || !check(n)) return fail(ctx, text, message);
      if (extra && !extra.test(n)) return fail(ctx, text, extra.message);
      return n;
    }),
  );
}

function fail(ctx: { issues: unknown[] }, input: string, message: string): never {
  ctx.issues.push({ code: 'custom', message, input });
  return z.NEVER;
}

const isInt = Number.isInteger;

const side = (name: 'width' | 'height') =>
  numberText((n) => n >= 256 && n <= 1024, `${name} must be between 256 and 1024`, {
    test: (n) => isInt(n) && n % 8 === 0,
    message: `${name} must be divisible by 8`,
  });

export const generateSchema = z.object({
  prompt: z.string().check(z.trim(), z.minLength(1, 'prompt is required')),
  negativePrompt: z.string().check(z.trim()),
  model: z.string().check(z.trim(), z.minLength(1, 'model is required')),
  width: side('width'),
  height: side('height'),
  samples: numberText((n) => isInt(n) && n >= 1 && n <= 4, 'samples must be between 1 and 4'),
  steps: numberText((n) => isInt(n) && n >= 1 && n <= 50, 'steps must be between 1 and 50'),
  guidanceScale: numberText((n) => n >= 1 && n <= 20, 'guidance_scale must be between 1 and 20'),
  seed: z.pipe(
    z.string(),
    z.transform((text, ctx) => {
      const trimmed = text.trim();
      if (trimmed === '') return null;
      const n = Number(trimmed);
      if (!/^\d+$/.test(trimmed) || n > MAX_SEED) {
        return fail(
          ctx,
          text,
          `seed must be a whole number from 0 to ${MAX_SEED}, or blank for random`,
        );
      }
      return n;
    }),
  ),
  /** '' is the service's default: nothing is sent. */
  scheduler: z.union([z.literal(''), z.enum(schedulerNames)]),
  /** The starting picture's link ('' for none): the request becomes image-to-image. */
  initImage: z.string(),

  /** The painted part's link ('' for none): the request becomes inpaint. */
  maskImage: z.string(),
  strength: numberText((n) => n >= 0 && n <= 1, 'strength must be between 0 and 1'),
});

export type GenerateFormValues = z.input<typeof generateSchema>;
export type GenerateFormOutput = z.output<typeof generateSchema>;

export const defaultFormValues: GenerateFormValues = {
  prompt: '',
  negativePrompt: '',
  model: 'flux',
  width: '512',
  height: '512',
  samples: '1',
  steps: '30',
  guidanceScale: '7.5',
  seed: '',
  scheduler: '',
  initImage: '',
  maskImage: '',
  strength: '0.7',
};

/** The fields folded under "More settings". */
export const moreSettingsFields = ['steps', 'guidanceScale', 'seed', 'scheduler'] as const;

/**
 * A width or height typed off the grid of 8, rounded to the nearest multiple of 8, when
 * that lands in 256–1024; otherwise undefined (the range message says what is wrong).
 */
export function snapToEight(text: string): number | undefined {
  const trimmed = text.trim();
  const n = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(n) || n % 8 === 0) return undefined;
  const snapped = Math.round(n / 8) * 8;
  return snapped >= 256 && snapped <= 1024 ? snapped : undefined;
}

/** Field names the server uses, mapped to the form's, so server messages land at the field. */
export const serverFieldToFormField: Record<string, keyof GenerateFormValues> = {
  prompt: 'prompt',
  negative_prompt: 'negativePrompt',
  model_id: 'model',
  width: 'width',
  height: 'height',
  samples: 'samples',
  num_inference_steps: 'steps',
  guidance_scale: 'guidanceScale',
  seed: 'seed',
  scheduler: 'scheduler',
  init_image: 'initImage',
  mask_image: 'maskImage',
  strength: 'strength',
};

/** What Generate sends: a starting picture makes it image-to-image, a painted part inpaint. */
export function toGeneration(values: GenerateFormOutput): {
  kind: JobKind;
  params: GenerationParams;
} {
  const params = toText2ImgParams(values);
  if (!values.initImage) return { kind: 'text2img', params };
  const withPicture = { ...params, init_image: values.initImage, strength: values.strength };
  return values.maskImage
    ? { kind: 'inpaint', params: { ...withPicture, mask_image: values.maskImage } }
    : { kind: 'img2img', params: withPicture };
}

export function toText2ImgParams(values: GenerateFormOutput): GenerationParams {
  return {
    prompt: values.prompt,
    // A model that ignores it gets none: the request holds only what the person chose.
    ...(values.negativePrompt && !ignoresNegativePrompt(values.model)
      ? { negative_prompt: values.negativePrompt }
      : {}),
    model_id: values.model,
    width: values.width,
    height: values.height,
    samples: values.samples,
    num_inference_steps: values.steps,
    guidance_scale: values.guidanceScale,
    seed: values.seed,
    ...(values.scheduler ? { scheduler: values.scheduler } : {}),
  };
}

/** The form values that would produce these params again ("use these settings"). */
export function fromParams(
  params: GenerationParams,
  seed?: string,
  kind: JobKind = 'text2img',
): GenerateFormValues {
  // An enlargement's picture is a result to enlarge, not one to start from.
  const start = kind === 'img2img' || kind === 'inpaint' ? params.init_image : undefined;
  return {
    initImage: start ?? '',
    maskImage: (start && params.mask_image) || '',
    strength: String(params.strength ?? defaultFormValues.strength),
    prompt: params.prompt,
    negativePrompt: params.negative_prompt ?? '',
    model: params.model_id,
    width: String(params.width),
    height: String(params.height),
    samples: String(params.samples),
    steps: String(params.num_inference_steps),
    guidanceScale: String(params.guidance_scale),
    seed: seed ?? (params.seed === null ? '' : String(params.seed)),
    scheduler: params.scheduler ?? '',
  };
}
