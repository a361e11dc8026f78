import { useSyncExternalStore } from 'react';
import type { JobRecord } from './jobRecord';

/** The generations of this page, newest first. */
let jobs: JobRecord[] = [];
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

export const jobStore = {
  list: () => jobs,
  get: (localId: string) => jobs.find((job) => job.localId === localId),
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  add(job: JobRecord) {
    jobs = [job, ...jobs];
    emit();
  },
  update(localId: string, change: (job: JobRecord) => JobRecord) {
    let changed = false;
    jobs = jobs.map((job) => {
      if (job.localId !== localId) return job;
      const next = change(job);
      changed ||= next !== job;
      return next;
    });
    if (changed) emit();
  },
  remove(localId: string) {
    jobs = jobs.filter((job) => job.localId !== localId);
    emit();
  },
  reset() {
    jobs = [];
    emit();
  },
};

export function useJobs(): JobRecord[] {
  return useSyncExternalStore(jobStore.subscribe, jobStore.list, jobStore.list);
}

export function newLocalId(): string {
  // crypto.randomUUID exists only in secure contexts; plain-http hosts need the fallback.
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function')
    return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
