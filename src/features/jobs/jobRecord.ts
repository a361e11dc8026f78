import { z } from 'zod/mini';
import { errorKinds } from '../../api/ApiError';
import { text2imgParamsSchema } from '../../api/requestSchemas';
import { isSafeImageUrl } from '../../api/responseSchemas';
import type { GenerationAnswer } from '../../api/types';
import { connectionKinds } from '../settings/settingsStore';

/**
 * One generation, from the moment it is submitted. It never holds the API key.
 * - queued: waiting for a free slot under the plan's queue limit, or for the network
 * - sending: the request is on its way
 * - retrying: a send failed in a way worth repeating; sent again at `retryAt`
 * - processing: the service queued it; we poll for it
 * - done / error: final
 * - stalled: polled for 5 minutes without an answer; kept so the person can check again
 * - cancelled: the person stopped it (or the page closed before it was sent)
 * - unknown: the page closed while it was being sent: it may have reached the service
 */
export const jobStates = [
  'queued',
  'sending',
  'retrying',
  'processing',
  'done',
  'error',
  'stalled',
  'cancelled',
  'unknown',
] as const;
export type JobState = (typeof jobStates)[number];

/** How each state is named to a person (cards, history filter). */
export const stateLabels: Record<JobState, string> = {
  queued: 'waiting',
  sending: 'sending',
  retrying: 'retrying',
  processing: 'in progress',
  done: 'done',
  error: 'failed',
  stalled: 'checking stopped',
  cancelled: 'stopped',
  unknown: 'unknown',
};

const finiteNumber = z.number().check(z.refine(Number.isFinite));
const optional = <T extends z.core.SomeType>(schema: T) => z.optional(schema);

export const errorRecordSchema = z.object({
  kind: z.enum(errorKinds),
  serverMessage: optional(z.string()),
  httpStatus: optional(finiteNumber),
  fieldErrors: optional(z.record(z.string(), z.array(z.string()))),
  retryAfter: optional(finiteNumber),
  jobId: optional(z.string()),
});

/** Records come back from storage and from imported files: parsed like any outside data. */
export const jobRecordSchema = z.object({
  localId: z.string().check(z.minLength(1)),
  createdAt: finiteNumber,
  params: text2imgParamsSchema,
  /** Where it was sent, so it is polled at the same place even if settings change. */
  connection: z.enum(connectionKinds),
  baseUrl: z.string(),
  state: z.enum(jobStates),
  /** How many times the text2img request was sent. */
  attempts: finiteNumber,
  /** The tab that sends it (and resends it): never two tabs for one job. */
  sender: optional(z.string()),
  retryAt: optional(finiteNumber),
  remoteId: optional(z.string()),
  fetchUrl: optional(z.string()),
  etaSeconds: optional(finiteNumber),
  /** When polling started or restarted, and when the first check is due. */
  pollStartedAt: optional(finiteNumber),
  firstPollAt: optional(finiteNumber),
  images: z.array(z.string().check(z.refine(isSafeImageUrl))),
  seed: optional(z.string()),
  generationTime: optional(finiteNumber),
  nsfw: optional(z.boolean()),
  error: optional(errorRecordSchema),
  finishedAt: optional(finiteNumber),
});

export type JobRecord = z.infer<typeof jobRecordSchema>;

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

/** States with nothing under way: the person may reuse, copy or delete the generation. */
export function isSettled(job: JobRecord): boolean {
  return ['done', 'error', 'cancelled', 'stalled', 'unknown'].includes(job.state);
}

/**
 * A record brought in from an export file: nothing is sent or checked by itself (its
 * address came from a file), and "Check again" uses the current connection's key only
 * where the address matches.
 */
export function afterImport(job: JobRecord): JobRecord {
  const settled = afterRestart(job);
  const { sender: _sender, ...rest } = settled;
  return settled.state === 'processing' ? { ...rest, state: 'stalled' } : rest;
}

/** States that need a timer running: polling a queued job, or a resend at its retry time. */
export function needsWorker(job: JobRecord): boolean {
  return job.state === 'processing' || job.state === 'retrying';
}

/** States the sending tab owns: if that tab is gone, nobody will finish them. */
export function isInTabHands(job: JobRecord): boolean {
  return job.state === 'queued' || job.state === 'sending' || job.state === 'retrying';
}

/**
 * What a record read back at start-up means now. A job caught mid-send may have reached
 * the service (and been charged): it is never sent again by itself. One not yet sent is
 * not sent behind the person's back either.
 */
export function afterRestart(job: JobRecord): JobRecord {
  if (job.state === 'sending') return { ...job, state: 'unknown' };
  if (job.state === 'queued' || job.state === 'retrying') {
    return { ...job, state: 'cancelled', retryAt: undefined };
  }
  return job;
}
