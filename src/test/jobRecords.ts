import type { Text2ImgParams } from '../api/types';
import type { JobRecord } from '../features/jobs';

/** The form's defaults for a 512×512 picture of `prompt`, as a request sends them. */
export function textParams(prompt: string, patch: Partial<Text2ImgParams> = {}): Text2ImgParams {
  return {
    prompt,
    model_id: 'flux',
    width: 512,
    height: 512,
    samples: 1,
    num_inference_steps: 30,
    guidance_scale: 7.5,
    seed: null,
    ...patch,
  };
}

/** A stored generation, finished on the sandbox unless `patch` says otherwise. */
export function jobRecord(localId: string, patch: Partial<JobRecord> = {}): JobRecord {
  return {
    localId,
    createdAt: 1_700_000_000_000,
    kind: 'text2img',
    params: textParams(`picture ${localId}`),
    connection: 'sandbox',
    baseUrl: 'https://sandbox.modelslab.invalid',
    state: 'done',
    attempts: 1,
    images: [],
    ...patch,
  };
}
