/**
 * The pictures feature: copies of finished pictures kept in this browser, so a history
 * outlives its picture links (docs/architecture.md, "Saved pictures"). What saves and
 * what counts loads on demand; showing a picture (one storage read) is in the first load.
 */
import { lazy } from 'react';

export { LINK_GONE_WORDS, PictureImage } from './PictureImage';
export { deleteAllSaved, deleteSaved, type PictureNote, putSaved, readSaved } from './pictureStore';
export { type PictureSource, usePictureSource } from './usePictureSource';

const saving = () => import('./savePictures');

/**
 * Saves the pictures at `links` (see savePictures.ts); never rejects, and never holds
 * back anything shown: a picture not saved is shown from its link.
 */
export function savePictures(links: string[], apiKey: string): Promise<void> {
  return saving()
    .then((module) => module.savePictures(links, apiKey))
    .then(
      () => undefined,
      () => undefined,
    );
}

/** Deletes the saved copies no stored generation refers to (see `keepOnly`). */
export function forgetUnusedPictures(inUse: Set<string>): Promise<void> {
  return saving()
    .then((module) => module.keepOnly(inUse))
    .then(
      () => undefined,
      () => undefined,
    );
}

/** The "Saved pictures" section (how much they use, "Free up space"), loaded when shown. */
export const SavedPictures = lazy(() => import('./SavedPictures'));
