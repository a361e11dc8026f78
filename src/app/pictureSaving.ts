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
    .then(() => startSaving(jobStore, shownPictures, () => settingsStore.get().apiKey))
    .then((stopSaving) => {
      if (stopped) stopSaving();
      else stop = stopSaving;
    });
  return () => {
    stopped = true;
    stop?.();
  };
}
