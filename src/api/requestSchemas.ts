import { z } from 'zod/mini';

const finiteNumber = z.number().check(z.refine(Number.isFinite));

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
});

export type Text2ImgParams = z.infer<typeof text2imgParamsSchema>;
