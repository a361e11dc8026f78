import { useDeferredValue, useEffect, useState } from 'react';
import { fillForm } from '../features/generate/formFill';
import { fromText2ImgParams } from '../features/generate/generateSchema';
import { slotsInUse, useSendQueue } from '../features/generate/sendQueue';
import { HistoryToolbar } from '../features/history/HistoryToolbar';
import { matchesFilter } from '../features/history/matchesFilter';
import { JobCard } from '../features/jobs/JobCard';
import { JobWorker } from '../features/jobs/JobWorker';
import { type JobRecord, needsWorker } from '../features/jobs/jobRecord';
import { jobStore, useJobStoreState } from '../features/jobs/jobStore';
import { useSettings } from '../features/settings/settingsStore';
import { Button } from '../ui/Button';
import { useOnline } from '../ui/useOnline';

/** Cards rendered at first; more on request, so a long history opens at once. */
export const PAGE_SIZE = 12;

const reuse = (job: JobRecord) => fillForm(fromText2ImgParams(job.params, job.seed));

/** Every generation, this visit's and earlier ones, newest first, each in its own card. */
export function JobList() {
  const { jobs, loaded, storageProblem } = useJobStoreState();
  const settings = useSettings();
  const { queueLimit } = settings;
  const online = useOnline();
  const [filter, setFilter] = useState('');
  const [shown, setShown] = useState(PAGE_SIZE);
  const deferredFilter = useDeferredValue(filter);
  useSendQueue();
  useEffect(() => {
    void jobStore.load();
  }, []);

  const used = {
    sandbox: slotsInUse(jobs, true, settings),
    real: slotsInUse(jobs, false, settings),
  };
  const slotsFor = (job: JobRecord) => ({
    used: job.connection === 'sandbox' ? used.sandbox : used.real,
    limit: queueLimit,
  });
  const matching = deferredFilter ? jobs.filter((job) => matchesFilter(job, deferredFilter)) : jobs;
  const visible = matching.slice(0, shown);

  return (
    <section aria-labelledby="history-heading" className="flex flex-col gap-4">
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="history-heading" className="text-base font-semibold text-slate-900">
          Your pictures
        </h2>
        <p className="text-xs text-slate-500">
          {jobs.length} {jobs.length === 1 ? 'generation' : 'generations'}, kept in this browser
        </p>
      </div>

      {storageProblem ? (
        <p
          role="alert"
          className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200"
        >
          {storageProblem === 'full'
            ? "Your browser's storage for this site is full: new pictures are shown but not saved for your next visit. Nothing already saved was lost. Delete old generations or export the history to make room."
            : 'This browser does not let the app save your history (private browsing?). Pictures are shown but will be gone when you close the page: download the ones you want to keep.'}
        </p>
      ) : null}

      {loaded || jobs.length > 0 ? (
        <HistoryToolbar
          filter={filter}
          onFilterChange={(value) => {
            setFilter(value);
            setShown(PAGE_SIZE);
          }}
        />
      ) : null}

      {jobs.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500">
          {loaded ? 'Your pictures will appear here.' : 'Loading your pictures…'}
        </p>
      ) : null}

      {jobs.length > 0 && matching.length === 0 ? (
        <p className="text-sm text-slate-600">No generation matches “{filter}”.</p>
      ) : null}

      {jobs.filter(needsWorker).map((job) => (
        <JobWorker key={job.localId} job={job} />
      ))}

      {visible.map((job) => (
        <JobCard
          key={job.localId}
          job={job}
          slots={slotsFor(job)}
          online={online}
          onReuse={reuse}
        />
      ))}

      {matching.length > visible.length ? (
        <Button onClick={() => setShown((count) => count + PAGE_SIZE)}>
          Show more ({matching.length - visible.length} more)
        </Button>
      ) : null}
    </section>
  );
}
