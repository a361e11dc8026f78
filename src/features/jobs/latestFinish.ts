import { useSyncExternalStore } from 'react';
import { isSettled } from './jobMachine';
import type { JobRecord } from './jobRecord';
import { jobStore } from './jobStore';

/** When the latest job that ended on the service after `since` ended (0 before any). */
export function latestFinish(jobs: readonly JobRecord[], since: number): number {
  let latest = 0;
  for (const job of jobs) {
    const at = job.finishedAt ?? 0;
    if (at > since && at > latest && isSettled(job)) latest = at;
  }
  return latest;
}

/**
 * `latestFinish` of the stored jobs, here or in another tab: a number, so a component
 * using it renders again only when another job has finished, not at every progress step.
 */
export function useLatestFinish(since: number): number {
  const read = () => latestFinish(jobStore.list(), since);
  return useSyncExternalStore(jobStore.subscribe, read, () => 0);
}
