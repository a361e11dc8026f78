import type { ApiErrorInit } from '../../api/ApiError';
import type { GenerationAnswer, Text2ImgParams } from '../../api/types';
import type { ConnectionKind } from '../settings/settingsStore';

/**
 * One generation, from the moment it is submitted. It never holds the API key.
 * - queued: waiting for a free slot under the plan's queue limit, or for the network
 * - sending: the request is on its way
 * - retrying: a send failed in a way worth repeating; sent again at `retryAt`
 * - processing: the service queued it; we poll for it
 * - done / error: final
 * - stalled: polled for 5 minutes without an answer; kept so the person can check again
 * - cancelled: the person stopped checking; the service may still finish it
 */
export type JobState =
  | 'queued'
  | 'sending'
  | 'retrying'
  | 'processing'
  | 'done'
  | 'error'
  | 'stalled'
  | 'cancelled';

export type JobRecord = {
  localId: string;
  createdAt: number;
  params: Text2ImgParams;
  /** Where it was sent, so it is polled at the same place even if settings change. */
  connection: ConnectionKind;
  baseUrl: string;
  state: JobState;
  /** How many times the text2img request was sent. */
  attempts: number;
  retryAt?: number;
  remoteId?: string;
  fetchUrl?: string;
  etaSeconds?: number;
  /** When polling started or restarted, and when the first check is due. */
  pollStartedAt?: number;
  firstPollAt?: number;
  images: string[];
  seed?: string;
  generationTime?: number;
  nsfw?: boolean;
  error?: ApiErrorInit;
  finishedAt?: number;
};

/** The record's next version after an answer from the service. */
export function applyAnswer(job: JobRecord, answer: GenerationAnswer, now: number): JobRecord {
  const seed =
    answer.seed ?? job.seed ?? (job.params.seed === null ? undefined : String(job.params.seed));
  if (answer.status === 'success') {
    return {
      ...job,
      state: 'done',
      remoteId: answer.id || job.remoteId,
      images: answer.images,
      seed,
      generationTime: answer.generationTime ?? job.generationTime,
      nsfw: answer.nsfw,
      finishedAt: now,
    };
  }
  if (job.state === 'processing') return { ...job, seed };
  const etaSeconds = answer.etaSeconds;
  return {
    ...job,
    state: 'processing',
    remoteId: answer.id || job.remoteId,
    fetchUrl: answer.fetchUrl ?? job.fetchUrl,
    etaSeconds,
    seed,
    pollStartedAt: now,
    firstPollAt: now + (etaSeconds ?? DEFAULT_FIRST_POLL_S) * 1000,
  };
}

/** When the service queues a job without saying how long it will take. */
export const DEFAULT_FIRST_POLL_S = 5;

/** States in which a generation holds one of the account's queue slots. */
export function holdsSlot(job: JobRecord): boolean {
  return job.state === 'sending' || job.state === 'processing';
}
