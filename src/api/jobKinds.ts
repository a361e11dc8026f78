import type { GenerationParams } from './requestSchemas';

const text2imgBody = (params: GenerationParams) => ({
  prompt: params.prompt,
  ...(params.negative_prompt === undefined ? {} : { negative_prompt: params.negative_prompt }),
  model_id: params.model_id,
  width: params.width,
  height: params.height,
  samples: params.samples,
  num_inference_steps: params.num_inference_steps,
  guidance_scale: params.guidance_scale,
  seed: params.seed,
  ...(params.scheduler === undefined ? {} : { scheduler: params.scheduler }),
});

const img2imgBody = (params: GenerationParams) => ({
  ...text2imgBody(params),
  init_image: params.init_image,
  strength: params.strength ?? 0.7,
});

/**
 * The kinds of generation the app can run, as data: where each is sent, which fetch
 * family answers for it while it is queued, and which fields of its params make its
 * request body (docs/modelslab-api.md, "Endpoints"). A new kind is a row here; the job
 * machine and runner need no new branch (docs/architecture.md, "Job kinds").
 */
export const jobKinds = {
  text2img: { path: '/api/v6/images/text2img', fetchFamily: 'images', body: text2imgBody },
  img2img: { path: '/api/v6/images/img2img', fetchFamily: 'images', body: img2imgBody },
  inpaint: {
    path: '/api/v6/images/inpaint',
    fetchFamily: 'images',
    body: (params: GenerationParams) => ({ ...img2imgBody(params), mask_image: params.mask_image }),
  },
  upscale: {
    path: '/api/v6/image_editing/super_resolution',
    fetchFamily: 'image_editing',
    body: (params: GenerationParams) => ({
      init_image: params.init_image,
      scale: params.scale ?? 4,
      face_enhance: params.face_enhance ?? false,
    }),
  },
} as const;

export type JobKind = keyof typeof jobKinds;
export const jobKindNames = Object.keys(jobKinds) as [JobKind, ...JobKind[]];
export type FetchFamily = 'images' | 'realtime' | 'image_editing';
