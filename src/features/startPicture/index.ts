/**
 * The "start from a picture" feature: choosing the picture an image-to-image generation
 * starts from, and uploading pictures. Only types, the tiny drop/paste helpers and the
 * upload call are here; the picker itself (and the code that prepares pictures) loads on
 * demand.
 */
import { lazy } from 'react';

export { hasFiles, imageFileFromDrop, imageFileFromPaste } from './imageFromEvent';
export type { PreparedImage } from './prepareImage';
export type { PickedPicture, StartPicturePickerProps } from './StartPicturePicker';
export { uploadPicture } from './uploadPicture';

/** Fetches the picker's code; call it early (on hover, on a dragenter) to have it ready. */
export const loadStartPicturePicker = () => import('./StartPicturePicker');

/** The picker, loaded when first rendered (wrap it in Suspense). */
export const StartPicturePicker = lazy(loadStartPicturePicker);
