import { Button } from '../../ui/Button';
import { ErrorBanner } from '../errors/ErrorBanner';
import { ResultGallery } from '../results/ResultGallery';
import { JobProgress } from './JobProgress';
import { cancel, checkAgain, requeue } from './jobActions';
import type { JobRecord } from './jobRecord';
import { jobStore } from './jobStore';
import { RetryCountdown } from './RetryCountdown';
import { useJobPolling } from './useJobPolling';

function Summary({ job }: { job: JobRecord }) {
  const { params } = job;
  return (
    <div className="min-w-0">
      <p className="line-clamp-2 text-sm font-medium text-slate-900">{params.prompt}</p>
      <p className="text-xs text-slate-500">
        {params.model_id} · {params.width}×{params.height} · {params.samples}{' '}
        {params.samples === 1 ? 'image' : 'images'}
        {job.connection === 'sandbox' ? ' · sandbox' : ''}
      </p>
    </div>
  );
}

/** One generation, from "sending" to its pictures or what went wrong. */
export function JobCard({
  job,
  slots,
  online,
}: {
  job: JobRecord;
  slots: { used: number; limit: number };
  online: boolean;
}) {
  const poll = useJobPolling(job);
  const pollTrouble = job.state === 'processing' && poll.isError;
  return (
    <article
      aria-label={`Generation: ${job.params.prompt}`}
      className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
    >
      <div className="flex items-start justify-between gap-3">
        <Summary job={job} />
        {job.state === 'done' || job.state === 'error' || job.state === 'cancelled' ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => jobStore.remove(job.localId)}
            aria-label="Remove this generation"
          >
            ✕
          </Button>
        ) : null}
      </div>

      {job.state === 'queued' ? (
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
          <p role="status">
            {job.connection !== 'sandbox' && !online
              ? 'You are offline. Waiting for the connection to come back; nothing was sent.'
              : slots.used >= slots.limit
                ? `Waiting for a free slot (${slots.used} of ${slots.limit} in use)`
                : 'Starting…'}
          </p>
          <Button size="sm" onClick={() => cancel(job.localId)}>
            Cancel
          </Button>
        </div>
      ) : null}

      {job.state === 'sending' ? (
        <p className="flex items-center gap-2 text-sm text-slate-600" role="status">
          <span
            className="size-3 animate-spin rounded-full border-2 border-indigo-500 border-t-transparent"
            aria-hidden
          />
          Sending your request…
        </p>
      ) : null}

      {job.state === 'processing' ? (
        <div className="flex flex-col gap-2">
          <JobProgress job={job} />
          {pollTrouble ? (
            <p className="text-xs text-amber-700">Could not check just now; trying again.</p>
          ) : null}
          <div>
            <Button size="sm" onClick={() => cancel(job.localId)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : null}

      {job.state === 'done' ? (
        <>
          {job.nsfw ? (
            <p className="text-xs text-amber-700">
              The service flagged some of these pictures as not safe for work; they may be blank.
            </p>
          ) : null}
          <ResultGallery images={job.images} prompt={job.params.prompt} seed={job.seed} />
        </>
      ) : null}

      {job.state === 'error' && job.error ? (
        <ErrorBanner
          error={job.error}
          onDismiss={() => jobStore.remove(job.localId)}
          onTryAgain={() => requeue(job.localId, { fresh: true })}
        />
      ) : null}

      {job.state === 'retrying' && job.error ? (
        <ErrorBanner error={job.error}>
          <RetryCountdown job={job} />
        </ErrorBanner>
      ) : null}

      {job.state === 'cancelled' && !job.remoteId ? (
        <div className="flex items-center justify-between gap-2 rounded-lg bg-slate-50 p-3 text-sm text-slate-700">
          <p role="status">Cancelled. It was not sent (again).</p>
          <Button size="sm" onClick={() => requeue(job.localId, { fresh: true })}>
            Try again
          </Button>
        </div>
      ) : null}

      {job.state === 'stalled' || (job.state === 'cancelled' && job.remoteId) ? (
        <div
          className="flex flex-col gap-2 rounded-lg bg-slate-50 p-3 text-sm text-slate-700"
          role="status"
        >
          <p>
            {job.state === 'stalled'
              ? 'Still not ready after 5 minutes, so the app stopped checking. The job is kept: it may still finish.'
              : 'You stopped checking on this job. It may still finish on ModelsLab.'}
            {job.remoteId ? ` Job number ${job.remoteId}.` : ''}
          </p>
          <div>
            <Button size="sm" onClick={() => checkAgain(job.localId)}>
              Check again
            </Button>
          </div>
        </div>
      ) : null}
    </article>
  );
}
