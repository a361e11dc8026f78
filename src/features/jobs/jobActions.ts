import type { JobKind } from '../../api/jobKinds';
import type { GenerationParams } from '../../api/requestSchemas';
import { newId, tabId } from '../../lib/tabs';
import { type Connection, currentTarget, settingsStore } from '../settings';
import type { JobRecord } from './jobRecord';
import { jobStore } from './jobStore';

/**
 * What a person can ask of a job. Each is an event for the job machine, which refuses
 * what the job's state does not allow (a button that should not be there changes nothing).
 */

/** A new generation, waiting for the runner to send it from this tab. */
export function addGeneration(
  params: GenerationParams,
  connection: Connection,
  kind: JobKind = 'text2img',
  from?: JobRecord['from'],
): JobRecord {
  const job: JobRecord = {
    localId: newId(),
    createdAt: Date.now(),
    kind,
    params,
    ...(from ? { from } : {}),
    connection: connection.kind,
    baseUrl: connection.baseUrl,
    state: 'waiting',
    sender: tabId,
    attempts: 0,
    images: [],
  };
  jobStore.add(job);
  return job;
}

/** Stops waiting, retrying or checking; a job the service holds may still finish there. */
export const cancelJob = (localId: string) => jobStore.dispatch(localId, { type: 'cancel' });

/** "Retry now": sends a refused job at once instead of at its retry time. */
export const retryNow = (localId: string) => jobStore.dispatch(localId, { type: 'retry-due' });

/** Checks on a job the service holds again, at once and for another 5 minutes. */
export const checkAgain = (localId: string) => jobStore.dispatch(localId, { type: 'check-again' });

/**
 * The person's "Try again": a new send from this tab, to the API the settings name now,
 * but never turning a free sandbox job into a paid one (or the other way round).
 */
export function tryAgain(localId: string) {
  const job = jobStore.get(localId);
  const settings = settingsStore.get();
  const target =
    job && job.connection !== 'sandbox' && settings.connection !== 'sandbox'
      ? currentTarget(settings)
      : undefined;
  jobStore.dispatch(localId, { type: 'send-again', sender: tabId, target });
}

/**
 * Deletes a settled generation at once (here, in storage and in the other tabs) and
 * answers the record, so `undoDelete` can bring it back while the person may still undo.
 */
export function deleteJob(localId: string): JobRecord | undefined {
  const job = jobStore.get(localId);
  jobStore.remove(localId);
  return job;
}

export const undoDelete = (job: JobRecord) => jobStore.restore(job);
