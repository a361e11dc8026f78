import { ProgressBar } from '../../ui/ProgressBar';
import { useNow } from '../../ui/useNow';
import type { JobRecord } from './jobRecord';

/** The live bar for a queued job: "about N s left", then "taking longer than expected". */
export function JobProgress({ job }: { job: JobRecord }) {
  const now = useNow(1000);
  const started = job.pollStartedAt ?? job.createdAt;
  const eta = job.etaSeconds;
  if (eta === undefined) {
    return (
      <div className="flex flex-col gap-1.5">
        <ProgressBar label="Making your pictures" valueText="waiting for the service" />
        <p className="text-sm text-slate-600">
          Queued. The service did not say how long it will take.
        </p>
      </div>
    );
  }
  const elapsed = (now - started) / 1000;
  const left = Math.ceil(eta - elapsed);
  const late = left <= 0;
  const text = late ? 'taking longer than expected' : `about ${left} s left`;
  // Past the ETA the bar creeps towards the end without reaching it.
  const percent = late
    ? 95 + 4 * (1 - Math.exp(-(elapsed - eta) / 30))
    : Math.min(95, (elapsed / Math.max(eta, 0.1)) * 95);
  return (
    <div className="flex flex-col gap-1.5">
      <ProgressBar label="Making your pictures" percent={percent} valueText={text} />
      <p className="text-sm text-slate-600">
        {late ? 'Taking longer than expected — still checking.' : text}
      </p>
    </div>
  );
}
