import { z } from 'zod/mini';
import type { SandboxJob, SandboxQueue, SandboxWallet } from './handlers';
import { STARTING_BALANCE } from './handlers';

/**
 * The sandbox's queue in localStorage, so a job queued before a reload can still be
 * fetched after it, as on the real service. Only small data is kept here: text2img
 * pictures are redrawn from the stored specs, the pictures of jobs made from a picture
 * are in IndexedDB (storedOutputs.ts).
 */
const QUEUE_KEY = 'modelslab-studio.sandbox-queue';
const KEEP = 50;

const size = z.int().check(z.gte(64), z.lte(2048));

const common = {
  id: z.int().check(z.positive()),
  readyAt: z.number().check(z.refine(Number.isFinite)),
  request: z.optional(z.string()),
};

const pictureJob = z.looseObject({
  ...common,
  // Absent in what older versions stored: text2img.
  kind: z.optional(z.enum(['text2img', 'img2img', 'inpaint'])),
  params: z.looseObject({ prompt: z.string(), seed: z.number() }),
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

const upscaleJob = z.looseObject({
  ...common,
  kind: z.literal('upscale'),
  params: z.looseObject({
    scale: z.int(),
    faceEnhance: z.boolean(),
    width: z.int().check(z.positive()),
    height: z.int().check(z.positive()),
  }),
});

/** What the sandbox itself wrote: anything else (edited by hand, another version) is dropped. */
const storedJob = z.union([pictureJob, upscaleJob]);

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
    const jobs = [...read().filter((j) => j.id !== job.id), job];
    const kept = jobs.slice(-KEEP);
    try {
      localStorage.setItem(QUEUE_KEY, JSON.stringify(kept));
    } catch {
      // Without storage the sandbox forgets its queue on reload, nothing worse.
      return [];
    }
    return jobs.slice(0, jobs.length - kept.length).map((dropped) => dropped.id);
  },
};

const WALLET_KEY = 'modelslab-studio.sandbox-wallet';

/** The simulated balance, so it keeps going down across reloads. */
export const storedWallet: SandboxWallet = {
  read() {
    try {
      const stored = Number(localStorage.getItem(WALLET_KEY) ?? Number.NaN);
      return Number.isFinite(stored) && stored >= 0 ? stored : STARTING_BALANCE;
    } catch {
      return STARTING_BALANCE;
    }
  },
  write(balance) {
    try {
      localStorage.setItem(WALLET_KEY, String(balance));
    } catch {
      // Without storage the balance starts again on reload.
    }
  },
};
