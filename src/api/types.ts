/** What the app needs from an answer, after parsing (ids are opaque strings). */
export type Finished = {
  status: 'success';
  id: string;
  images: string[];
  seed?: string;
  generationTime?: number;
  nsfw: boolean;
};

export type Queued = {
  status: 'processing';
  id: string;
  /** Seconds until the result should be ready; absent on a "try again later" fetch. */
  etaSeconds?: number;
  fetchUrl?: string;
  futureLinks: string[];
  seed?: string;
  message: string;
};

export type GenerationAnswer = Finished | Queued;

/** The request body fields of text2img, minus the key (which the client adds). */
export type Text2ImgParams = {
  prompt: string;
  negative_prompt?: string;
  model_id: string;
  width: number;
  height: number;
  samples: number;
  num_inference_steps: number;
  guidance_scale: number;
  seed: number | null;
};

/** Enough to ask about a queued job again. */
export type JobRef = { id: string; fetchUrl?: string };
