import { lazy, Suspense, useEffect, useState } from 'react';
import { canUseServiceWorker } from './canUseServiceWorker';

const UpdateNotice = lazy(() =>
  import('./lazyUpdates').then((module) => ({ default: module.UpdateNotice })),
);

/**
 * Registers the service worker once the page has loaded and the browser is idle (its
 * download of the whole app for offline use never competes with the first paint), in
 * secure contexts only; shows "A new version is ready" when one waits.
 */
export function UpdatePrompt() {
  const [update, setUpdate] = useState<() => Promise<void>>();
  useEffect(() => {
    // `npm start` has no worker to register (the plugin's dev worker is off).
    if (import.meta.env.DEV || !canUseServiceWorker(window)) return;
    let cancel: () => void;
    const register = () =>
      void import('./lazyUpdates').then((module) =>
        module.registerServiceWorker((next) => setUpdate(() => next)),
      );
    const whenIdle = () => {
      const id = window.requestIdleCallback?.(register, { timeout: 5000 });
      const timer = id === undefined ? setTimeout(register, 2000) : undefined;
      cancel = () => (id === undefined ? clearTimeout(timer) : window.cancelIdleCallback(id));
    };
    if (document.readyState === 'complete') whenIdle();
    else {
      window.addEventListener('load', whenIdle, { once: true });
      cancel = () => window.removeEventListener('load', whenIdle);
    }
    return () => cancel();
  }, []);
  return update ? (
    <Suspense fallback={null}>
      <UpdateNotice onReload={update} />
    </Suspense>
  ) : null;
}
