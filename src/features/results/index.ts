/** The results feature: a generation's pictures, the full-size viewer, and downloads. */
export { DownloadAllButton } from './DownloadAllButton';
export { ResultGallery } from './ResultGallery';
