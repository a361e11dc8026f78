import { z } from 'zod/mini';
import type { SandboxJob, SandboxQueue } from './handlers';

/**
 * The sandbox's queue in localStorage, so a job queued before a reload can still be
 * fetched after it, as on the real service. Pictures are redrawn from the stored specs.
 */
const QUEUE_KEY = 'modelslab-studio.sandbox-queue';
const KEEP = 50;

const size = z.int().check(z.gte(64), z.lte(2048));

/** What the sandbox itself wrote: anything else (edited by hand, another version) is dropped. */
const storedJob = z.looseObject({
  id: z.int().check(z.positive()),
  readyAt: z.number().check(z.refine(Number.isFinite)),
  request: z.optional(z.string()),
  params: z.looseObject({ prompt: z.string() }),
  specs: z
    .array(
      z.looseObject({
        prompt: z.string(),
        seed: z.number(),
        width: size,
        height: size,
        index: z.int(),
      }),
    )
    .check(z.minLength(1), z.maxLength(4)),
});

const isSandboxJob = (job: unknown): job is SandboxJob => storedJob.safeParse(job).success;

function read(): SandboxJob[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(QUEUE_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter(isSandboxJob) : [];
  } catch {
    return [];
  }
}

export const storedQueue: SandboxQueue = {
  get: (id) => read().find((job) => job.id === id),
  received: (request) => read().findLast((job) => job.request === request),
  set(job) {
    try {
      const jobs = [...read().filter((j) => j.id !== job.id), job].slice(-KEEP);
      localStorage.setItem(QUEUE_KEY, JSON.stringify(jobs));
    } catch {
      // Without storage the sandbox forgets its queue on reload, nothing worse.
    }
  },
};
