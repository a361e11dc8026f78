import { useOnline, useSendQueue } from '../features/generate/useGenerate';
import { JobCard } from '../features/jobs/JobCard';
import { holdsSlot } from '../features/jobs/jobRecord';
import { useJobs } from '../features/jobs/jobStore';
import { useSettings } from '../features/settings/settingsStore';

/** Every generation of this visit, newest first, each in its own card. */
export function JobList() {
  const jobs = useJobs();
  const { queueLimit } = useSettings();
  const online = useOnline();
  useSendQueue();
  if (jobs.length === 0) {
    return (
      <p className="rounded-xl border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500">
        Your pictures will appear here.
      </p>
    );
  }
  const slots = { used: jobs.filter(holdsSlot).length, limit: queueLimit };
  return (
    <section aria-label="Your pictures" className="flex flex-col gap-4">
      {jobs.map((job) => (
        <JobCard key={job.localId} job={job} slots={slots} online={online} />
      ))}
    </section>
  );
}
