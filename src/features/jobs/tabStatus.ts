import { everySecond, tickTime } from '../../ui/useNow';
import type { JobState } from './jobMachine';
import { makingSummary } from './jobProgress';
import { jobStore } from './jobStore';
import { notify } from './notifications';

const APP_NAME = 'ModelsLab Studio';

/**
 * What the tab says while the person looks elsewhere: its title shows what is being made
 * ("2 making · 40 % — ModelsLab Studio") and, once pictures arrived while the tab was
 * hidden, a done mark until it is shown again; a notification too, if asked for.
 * Started once at boot, like the runner; returns its stop.
 */
export function startTabStatus(): () => void {
  const base = document.title;
  /** The state each job had when last seen, to tell when one has just finished. */
  const seen = new Map<string, JobState>();
  let doneWhileHidden = 0;
  /** The shared tick (the progress bars' own), while something is being made. */
  let ticking: (() => void) | undefined;

  const render = () => {
    const making = makingSummary(jobStore.list(), tickTime());
    const done = doneWhileHidden === 1 ? '✓ Done' : `✓ ${doneWhileHidden} done`;
    const parts = [doneWhileHidden > 0 ? done : '', making ?? ''].filter(Boolean);
    const title = parts.length > 0 ? `${parts.join(' · ')} — ${APP_NAME}` : base;
    if (document.title !== title) document.title = title;
    // The percentage moves with time, not only with the jobs.
    if (making && !ticking) ticking = everySecond(render);
    if (!making && ticking) {
      ticking();
      ticking = undefined;
    }
  };

  const onJobs = () => {
    for (const job of jobStore.list()) {
      const before = seen.get(job.localId);
      seen.set(job.localId, job.state);
      if (before === undefined || before === 'done' || job.state !== 'done') continue;
      if (document.visibilityState !== 'hidden') continue;
      doneWhileHidden += 1;
      notify(
        job.images.length > 1 ? 'Your pictures are ready' : 'Your picture is ready',
        job.params.prompt,
        job.localId,
      );
    }
    render();
  };

  const onVisibility = () => {
    if (document.visibilityState !== 'visible') return;
    doneWhileHidden = 0;
    render();
  };

  const unsubscribe = jobStore.subscribe(onJobs);
  document.addEventListener('visibilitychange', onVisibility);
  onJobs();
  return () => {
    unsubscribe();
    document.removeEventListener('visibilitychange', onVisibility);
    ticking?.();
    document.title = base;
  };
}
