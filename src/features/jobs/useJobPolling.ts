import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { canReach } from '../settings/connection';
import { useSettings } from '../settings/settingsStore';
import { jobQueries } from './jobQueries';
import type { JobRecord } from './jobRecord';
import { usePollLeadership } from './usePollLeadership';

/** Polls a queued job: first at its ETA, then backing off, until its record is final. */
export function useJobPolling(job: JobRecord) {
  const settings = useSettings();
  const apiKey = settings.apiKey.trim();
  const processing = job.state === 'processing';
  const firstPollAt = job.firstPollAt ?? 0;
  const [dueFor, setDueFor] = useState(() => (Date.now() >= firstPollAt ? firstPollAt : -1));

  useEffect(() => {
    if (!processing || dueFor === firstPollAt) return;
    const wait = firstPollAt - Date.now();
    if (wait <= 0) {
      setDueFor(firstPollAt);
      return;
    }
    const timer = setTimeout(() => setDueFor(firstPollAt), wait);
    return () => clearTimeout(timer);
  }, [processing, firstPollAt, dueFor]);

  // Asking without a key would be refused (401) and wrongly fail a job that is fine; and
  // the key goes only to the API the settings name. A tab that cannot ask does not take
  // the poll lock from one that can.
  const reachable = canReach(job, settings) === 'ok';
  const leader = usePollLeadership(job.localId, processing && reachable);

  return useQuery({
    ...jobQueries.check(job, apiKey),
    enabled: processing && reachable && leader && dueFor === firstPollAt,
  });
}

/** The latest check's outcome, for showing; JobWorker does the polling. */
export function useJobCheckState(job: JobRecord) {
  const apiKey = useSettings().apiKey.trim();
  return useQuery({ ...jobQueries.check(job, apiKey), enabled: false });
}
