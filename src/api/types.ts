import type { FetchFamily } from './jobKinds';

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

export type { Text2ImgParams } from './requestSchemas';

/** Enough to ask about a queued job again. */
export type JobRef = { id: string; fetchUrl?: string; family?: FetchFamily };
