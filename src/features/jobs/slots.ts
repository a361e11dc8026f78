import { canReach, type Settings } from '../settings';
import { holdsSlot } from './jobMachine';
import type { JobRecord } from './jobRecord';

/**
 * How many of the account's queue slots are taken: jobs being sent or made that this tab
 * can still follow, counted apart for the sandbox (which has a simulated queue of its own).
 */
export function slotsInUse(jobs: JobRecord[], sandbox: boolean, settings: Settings): number {
  return jobs.filter(
    (job) =>
      holdsSlot(job) &&
      (job.connection === 'sandbox') === sandbox &&
      canReach(job, settings) === 'ok',
  ).length;
}
