import { generateVariables, useGenerate } from '../features/generate/useGenerate';
import { JobCard } from '../features/jobs/JobCard';
import type { JobRecord } from '../features/jobs/jobRecord';
import { useJobs } from '../features/jobs/jobStore';
import { resolveConnection } from '../features/settings/connection';
import { useSettings } from '../features/settings/settingsStore';

/** Every generation of this visit, newest first, each in its own card. */
export function JobList() {
  const jobs = useJobs();
  const settings = useSettings();
  const generate = useGenerate();
  const tryAgain = (job: JobRecord) => {
    const connection = resolveConnection(settings);
    if (connection.ok) generate.mutate(generateVariables(job.params, connection.connection));
  };
  if (jobs.length === 0) {
    return (
      <p className="rounded-xl border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500">
        Your pictures will appear here.
      </p>
    );
  }
  return (
    <section aria-label="Your pictures" className="flex flex-col gap-4">
      {jobs.map((job) => (
        <JobCard key={job.localId} job={job} onTryAgain={tryAgain} />
      ))}
    </section>
  );
}
