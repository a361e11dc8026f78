import { ProgressBar } from '../../ui/ProgressBar';
import { useNow } from '../../ui/useNow';
import { type JobRecord, progressOf } from '../jobs';

/** The live bar for a queued job: "about N s left", then "taking longer than expected". */
export function JobProgress({ job }: { job: JobRecord }) {
  const progress = progressOf(job, useNow());
  if (progress.kind === 'unknown') {
    return (
      <div className="flex flex-col gap-1.5">
        <ProgressBar label="Making your pictures" valueText="waiting for the service" />
        <p className="text-sm text-slate-600">
          Queued. The service did not say how long it will take.
        </p>
      </div>
    );
  }
  const late = progress.kind === 'late';
  const text = late ? 'taking longer than expected' : `about ${progress.secondsLeft} s left`;
  return (
    <div className="flex flex-col gap-1.5">
      <ProgressBar label="Making your pictures" percent={progress.percent} valueText={text} />
      <p className="text-sm text-slate-600">
        {late ? 'Taking longer than expected — still checking.' : text}
      </p>
    </div>
  );
}
