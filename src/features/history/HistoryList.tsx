import { useDeferredValue, useState } from 'react';
import { Button } from '../../ui/Button';
import { useOnline } from '../../ui/useOnline';
import { JobCard, type JobRecord, slotsInUse, useJobStoreState } from '../jobs';
import { useSettings } from '../settings';
import { HistoryToolbar } from './HistoryToolbar';
import { matchesFilter } from './matchesFilter';
import { UnreadableNotice } from './UnreadableNotice';

/** Cards rendered at first; more on request, so a long history opens at once. */
export const PAGE_SIZE = 12;

/** Every generation, this visit's and earlier ones, newest first, each in its own card. */
export function HistoryList({ onReuse }: { onReuse: (job: JobRecord) => void }) {
  const { jobs, loaded, storageProblem, unreadable } = useJobStoreState();
  const settings = useSettings();
  const { queueLimit } = settings;
  const online = useOnline();
  const [filter, setFilter] = useState('');
  const [shown, setShown] = useState(PAGE_SIZE);
  const deferredFilter = useDeferredValue(filter);

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

      {unreadable.length > 0 ? <UnreadableNotice rows={unreadable} /> : null}

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

      {visible.map((job) => (
        <JobCard
          key={job.localId}
          job={job}
          slots={slotsFor(job)}
          online={online}
          onReuse={onReuse}
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
