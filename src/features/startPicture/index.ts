/**
 * The starting picture: choosing, preparing and uploading a picture to start from. The
 * picker itself loads when first wanted; what the form needs at once is tiny.
 */
import { lazy } from 'react';

export { hasFiles, imageFileFromDrop, imageFileFromPaste } from './imageFromEvent';
export { pictureFile } from './pictureFile';
export type { PickedPicture } from './StartPicturePicker';
export { uploadPicture } from './uploadPicture';

export const StartPicturePicker = lazy(() => import('./StartPicturePicker'));
