import { jobStore, shownPictures } from '../features/jobs';
import { forgetUnusedPictures, savePictures } from '../features/pictures';
import { settingsStore } from '../features/settings';

/**
 * A generation that finished this long ago, first seen done by this page (a reload just
 * after, another tab's result arriving as this one loads), still has its pictures saved.
 * Older ones are not fetched again on every visit (an import brings hundreds).
 */
const RECENT_MS = 10 * 60 * 1000;
/** Leftover saved pictures are looked for once a visit, once the page has settled. */
const TIDY_AFTER_MS = 5000;

/**
 * Saves the pictures of each generation that finishes while this page is open, whichever
 * tab received them (docs/architecture.md, "Saved pictures"). The runner only moves jobs
 * along; this watches the job store, so a result that reaches this tab from another is
 * saved here too (two tabs saving one picture is harmless). Returns the stop.
 */
export function startPictureSaving(): () => void {
  /** Whether each generation was done when last seen. */
  const wasDone = new Map<string, boolean>();
  let seen: unknown;
  const check = () => {
    const jobs = jobStore.list();
    if (jobs === seen) return;
    seen = jobs;
    const links: string[] = [];
    const now = Date.now();
    for (const job of jobs) {
      const done = job.state === 'done';
      const before = wasDone.get(job.localId);
      wasDone.set(job.localId, done);
      if (!done || before === true) continue;
      if (before === false || now - (job.finishedAt ?? 0) < RECENT_MS) {
        links.push(...shownPictures(job));
      }
    }
    if (links.length > 0) void savePictures(links, settingsStore.get().apiKey);
  };
  check();
  const stopWatching = jobStore.subscribe(check);

  // Pictures of generations deleted while their Undo showed and the page closed: gone
  // once the whole history is read (not when any of it could not be).
  const tidy = setTimeout(() => {
    void jobStore.load().then(() => {
      const { jobs, loaded, storageProblem, unreadable } = jobStore.snapshot();
      if (!loaded || storageProblem || unreadable.length > 0) return;
      void forgetUnusedPictures(new Set(jobs.flatMap((job) => job.images)));
    });
  }, TIDY_AFTER_MS);
  return () => {
    stopWatching();
    clearTimeout(tidy);
  };
}
