import { Button } from '../../ui/Button';
import { useNow } from '../../ui/useNow';
import { cancelJob, type JobRecord, retryNow } from '../jobs';

/** "Retrying in 27 s" (the runner sends it then); the person can hurry it or stop it. */
export function RetryCountdown({ job }: { job: JobRecord }) {
  const retryAt = job.retryAt ?? 0;
  const now = useNow();
  const seconds = Math.max(0, Math.ceil((retryAt - now) / 1000));
  return (
    <div className="mt-3 flex flex-wrap items-center gap-3">
      <p className="font-medium">
        Retrying in {seconds} s<span className="font-normal"> (attempt {job.attempts + 1})</span>
      </p>
      <Button size="sm" onClick={() => retryNow(job.localId)}>
        Retry now
      </Button>
      <Button size="sm" onClick={() => cancelJob(job.localId)}>
        Cancel
      </Button>
    </div>
  );
}
