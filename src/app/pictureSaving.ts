import { jobStore, shownPictures } from '../features/jobs';
import { startPictureSaving as startSaving } from '../features/pictures';
import { settingsStore } from '../features/settings';

/**
 * Saves the pictures of generations as they finish (docs/architecture.md, "Saved
 * pictures"): the saving code loads once the history has been read, after the first
 * paint. Returns the stop.
 */
export function startPictureSaving(): () => void {
  let stop: (() => void) | undefined;
  let stopped = false;
  void jobStore
    .load()
    .then(() =>
      startSaving({
        list: jobStore.list,
        subscribe: jobStore.subscribe,
        shown: shownPictures,
        apiKey: () => settingsStore.get().apiKey,
        allLinks: async () => {
          const { jobs, loaded, storageProblem, unreadable } = jobStore.snapshot();
          // What could not be read may link to saved pictures too: nothing is tidied then.
          if (!loaded || storageProblem || unreadable.length > 0) return undefined;
          return new Set(jobs.flatMap((job) => job.images));
        },
      }),
    )
    .then((stopSaving) => {
      if (stopped) stopSaving();
      else stop = stopSaving;
    });
  return () => {
    stopped = true;
    stop?.();
  };
}
