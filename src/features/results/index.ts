/** The results feature: pictures as thumbnails, the full-size viewer, downloads and copies. */
import { lazy } from 'react';

export { imageFileName } from './download';
export type { ViewerPicture } from './ImageViewer';
export { openerSelector, PictureThumbs, pictureAspect, tileShape } from './PictureThumbs';

type ViewerModule = typeof import('./ImageViewer');
let loaded: ViewerModule | undefined;
let loading: Promise<ViewerModule> | undefined;

/**
 * Fetches the viewer's code (once; again after a failure). Callers open the viewer once
 * this resolves, so it shows at once instead of after a Suspense fallback.
 */
export function loadViewer(): Promise<ViewerModule> {
  loading ??= import('./ImageViewer').then(
    (module) => {
      loaded = module;
      return module;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

export const preloadViewer = () => {
  loadViewer().catch(() => undefined);
};

/**
 * The viewer is loaded when first wanted, not with the page. Once its code is here, the
 * lazy component resolves synchronously (a plain promise would suspend it once more).
 */
export const ImageViewer = lazy(() =>
  loaded
    ? ({
        // biome-ignore lint/suspicious/noThenProperty: a thenable React.lazy reads at once
        then: (resolve: (module: ViewerModule) => void) => resolve(loaded as ViewerModule),
      } as Promise<ViewerModule>)
    : loadViewer(),
);
