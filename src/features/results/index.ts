/** The results feature: pictures as thumbnails, the full-size viewer, downloads and copies. */
import { lazy } from 'react';

export { imageFileName } from './download';
export type { ViewerPicture } from './ImageViewer';
export { openerSelector, PictureThumbs, pictureAspect } from './PictureThumbs';

const loadViewer = () => import('./ImageViewer');
/** The viewer is loaded when first wanted, not with the page. */
export const ImageViewer = lazy(loadViewer);
export const preloadViewer = () => {
  void loadViewer();
};
