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
