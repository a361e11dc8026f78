/** The results feature: a generation's pictures, the full-size viewer, and downloads. */
export { downloadAll } from './download';
export { ResultGallery } from './ResultGallery';
