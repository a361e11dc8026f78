/**
 * The pictures feature: copies of finished pictures kept in this browser, so a history
 * outlives its picture links (docs/architecture.md, "Saved pictures"). Showing a picture
 * (one storage read) is in the first load; saving, deleting, counting and the "Saved
 * pictures" section load on demand.
 */
import { lazy } from 'react';
import type { Generation, Generations, startSaving } from './savePictures';

export { LINK_GONE_WORDS, PictureImage } from './PictureImage';
export { type PictureNote, readSaved } from './pictureStore';
export { type PictureSource, usePictureSource } from './usePictureSource';
export type { Generation, Generations };

type Saving = typeof import('./savePictures');

/** Runs `work` once the saving code is here; resolves to `fallback` when anything fails. */
function later<T>(work: (module: Saving) => Promise<T>, fallback: T): Promise<T> {
  return import('./savePictures').then(work).catch(() => fallback);
}

/**
 * Saves the pictures at `links` (savePictures.ts); never rejects, and never holds back
 * anything shown: a picture not saved is shown from its link.
 */
export const savePictures = (links: string[], apiKey: string) =>
  later((module) => module.savePictures(links, apiKey), []);

/** Deletes the saved copies of these pictures (their generation was deleted). */
export const forgetPictures = (links: string[]) =>
  later((module) => module.forget(links), undefined);

/** Deletes every saved picture ("Clear all"). */
export const forgetAllPictures = () => later((module) => module.forgetAll(), undefined);

/**
 * Starts saving the pictures of generations as they finish (see `startSaving`), once the
 * saving code is here; resolves to the stop.
 */
export const startPictureSaving = <Job extends Generation>(
  ...args: Parameters<typeof startSaving<Job>>
) =>
  later(
    (module) => Promise.resolve(module.startSaving(...args)),
    () => undefined,
  );

/** Saves the pictures of an imported zip under their links; resolves to how many. */
export const restorePictures = (
  pictures: Array<{ link: string; bytes: ArrayBuffer; type: string }>,
) => later((module) => module.restore(pictures), 0);

/**
 * The picture at `url`, made at `madeAt`, to send to the service: its link while that is
 * fresh, its saved copy (a `data:` URL, uploaded like a picture held in the page) after.
 */
export const pictureToSend = (url: string, madeAt: number) =>
  later((module) => module.toSend(url, madeAt), url);

/** The "Saved pictures" section (how much they use, "Free up space"), loaded when shown. */
export const SavedPictures = lazy(() => import('./SavedPictures'));
