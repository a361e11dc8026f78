import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ApiError, isApiError } from '../../api/ApiError';
import type { Text2ImgParams } from '../../api/types';
import { useOnline } from '../../ui/useOnline';
import { retryDelayMs } from '../errors/retryPolicy';
import { applyAnswer, holdsSlot, type JobRecord } from '../jobs/jobRecord';
import { jobStore, newLocalId, tabId, useJobs } from '../jobs/jobStore';
import { type Connection, canReach, clientFor } from '../settings/connection';
import { type Settings, useSettings } from '../settings/settingsStore';

/** Adds a generation to the list; the send queue sends it when a slot is free. */
export function queueGeneration(params: Text2ImgParams, connection: Connection): JobRecord {
  const job: JobRecord = {
    localId: newLocalId(),
    createdAt: Date.now(),
    params,
    connection: connection.kind,
    baseUrl: connection.baseUrl,
    state: 'queued',
    sender: tabId,
    attempts: 0,
    images: [],
  };
  jobStore.add(job);
  return job;
}

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

type SendVariables = {
  localId: string;
  params: Text2ImgParams;
  connection: Connection;
  attempt: number;
};

/** One text2img request; its job record follows it through every answer. */
function useSendGeneration() {
  return useMutation({
    // The send queue decides when to send (it holds real requests while offline); the
    // sandbox needs no network at all.
    networkMode: 'always',
    mutationFn: ({ params, connection }: SendVariables) => clientFor(connection).text2img(params),
    onSuccess: (answer, { localId }) => {
      jobStore.update(localId, (job) => applyAnswer(job, answer, Date.now()));
    },
    onError: (error, { localId, attempt }) => {
      const apiError = (
        isApiError(error) ? error : new ApiError({ kind: 'malformed', cause: error })
      ).toJSON();
      const delay = retryDelayMs(apiError, attempt);
      jobStore.update(localId, (job) =>
        job.state !== 'sending'
          ? job
          : delay === null
            ? { ...job, state: 'error', error: apiError, finishedAt: Date.now() }
            : { ...job, state: 'retrying', error: apiError, retryAt: Date.now() + delay },
      );
    },
  });
}

/**
 * Sends this tab's queued generations, oldest first, keeping at most the plan's queue
 * limit in flight, so the account never hits "Maximum N queued requests". While offline,
 * without a key, or when the settings now name another API, nothing real is sent.
 */
export function useSendQueue() {
  const jobs = useJobs();
  const settings = useSettings();
  const { apiKey, queueLimit } = settings;
  const online = useOnline();
  const send = useSendGeneration();
  const { mutate } = send;

  useEffect(() => {
    const inFlight = {
      sandbox: slotsInUse(jobs, true, settings),
      real: slotsInUse(jobs, false, settings),
    };
    const waiting = jobs.filter((job) => job.state === 'queued' && job.sender === tabId).reverse();
    for (const job of waiting) {
      const side = job.connection === 'sandbox' ? 'sandbox' : 'real';
      if (inFlight[side] >= queueLimit) continue;
      if (canReach(job, settings) !== 'ok') continue;
      if (side === 'real' && !online) continue;
      inFlight[side] += 1;
      const attempt = job.attempts + 1;
      // Marked before sending, so a second run of this effect cannot send it twice.
      jobStore.update(job.localId, (current) => ({
        ...current,
        state: 'sending',
        attempts: attempt,
      }));
      const variables: SendVariables = {
        localId: job.localId,
        params: job.params,
        attempt,
        connection: {
          kind: job.connection,
          baseUrl: job.baseUrl,
          apiKey: apiKey.trim() || (job.connection === 'sandbox' ? 'sandbox' : ''),
        },
      };
      // Stored before it is sent: a reload mid-request shows it as "unknown", never lost.
      void jobStore.saved(job.localId).then(() => mutate(variables));
    }
  }, [jobs, queueLimit, online, apiKey, settings, mutate]);
}
