import type { SandboxJob, SandboxQueue } from './handlers';

/**
 * The sandbox's queue in localStorage, so a job queued before a reload can still be
 * fetched after it, as on the real service. Pictures are redrawn from the stored specs.
 */
const QUEUE_KEY = 'modelslab-studio.sandbox-queue';
const KEEP = 50;

function read(): SandboxJob[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(QUEUE_KEY) ?? '[]');
    return Array.isArray(value)
      ? value.filter(
          (job): job is SandboxJob =>
            typeof job === 'object' &&
            job !== null &&
            typeof job.id === 'number' &&
            typeof job.readyAt === 'number' &&
            Array.isArray(job.specs) &&
            typeof job.params === 'object',
        )
      : [];
  } catch {
    return [];
  }
}

export const storedQueue: SandboxQueue = {
  get: (id) => read().find((job) => job.id === id),
  received: (request) => read().find((job) => job.request === request),
  set(job) {
    try {
      const jobs = [...read().filter((j) => j.id !== job.id), job].slice(-KEEP);
      localStorage.setItem(QUEUE_KEY, JSON.stringify(jobs));
    } catch {
      // Without storage the sandbox forgets its queue on reload, nothing worse.
    }
  },
};
