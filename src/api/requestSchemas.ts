import { z } from 'zod/mini';

const finiteNumber = z.number().check(z.refine(Number.isFinite));

/** Every scheduler the API accepts (docs/modelslab-api.md); it uses UniPC when none is sent. */
export const schedulerNames = [
  'DDPMScheduler',
  'DDIMScheduler',
  'PNDMScheduler',
  'LMSDiscreteScheduler',
  'EulerDiscreteScheduler',
  'EulerAncestralDiscreteScheduler',
  'DPMSolverMultistepScheduler',
  'HeunDiscreteScheduler',
  'KDPM2DiscreteScheduler',
  'DPMSolverSinglestepScheduler',
  'KDPM2AncestralDiscreteScheduler',
  'UniPCMultistepScheduler',
  'DDIMInverseScheduler',
  'DEISMultistepScheduler',
  'IPNDMScheduler',
  'KarrasVeScheduler',
  'ScoreSdeVeScheduler',
  'LCMScheduler',
] as const;

export type SchedulerName = (typeof schedulerNames)[number];

/** The request body fields of text2img, minus the key (which the client adds). */
export const text2imgParamsSchema = z.object({
  prompt: z.string(),
  negative_prompt: z.optional(z.string()),
  model_id: z.string(),
  width: finiteNumber,
  height: finiteNumber,
  samples: finiteNumber,
  num_inference_steps: finiteNumber,
  guidance_scale: finiteNumber,
  seed: z.nullable(finiteNumber),
  /** Sent only when the person chose one. */
  scheduler: z.optional(z.enum(schedulerNames)),
});

export type Text2ImgParams = z.infer<typeof text2imgParamsSchema>;

/** How much larger "Enlarge" makes a picture (the service's `scale`). */
export const enlargeScales = [2, 3, 4] as const;
export type EnlargeScale = (typeof enlargeScales)[number];

/**
 * What a generation of any kind was asked with (docs/architecture.md, "Adding a job
 * kind"). Every kind keeps text2img's fields, so a card, the history and its search read
 * any generation alike: a picture started from another picture also has a prompt, and an
 * enlargement keeps the prompt, model and size of the picture it enlarged. Each kind sends
 * only its own fields (`jobKinds`).
 */
export const generationParamsSchema = z.extend(text2imgParamsSchema, {
  /** The starting picture (img2img, inpaint, upscale): a link the service downloads. */
  init_image: z.optional(z.string()),
  /** White where the picture is repainted, black where it is kept (inpaint). */
  mask_image: z.optional(z.string()),
  /** 0–1: how far the result may move away from the starting picture. */
  strength: z.optional(finiteNumber),
  scale: z.optional(z.union(enlargeScales.map((n) => z.literal(n)))),
  face_enhance: z.optional(z.boolean()),
});

export type GenerationParams = z.infer<typeof generationParamsSchema>;
