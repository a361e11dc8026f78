/// <reference types="vite-plugin-pwa/vanillajs" />
import { registerSW } from 'virtual:pwa-register';

/**
 * Registers the service worker (sw.js, made by the build). When a new version has been
 * downloaded and waits, calls `onUpdateReady` with what lets it take over. Once it has, this
 * page reloads on it, and so does every other tab of the app that was offering it (the old
 * version's files have left the cache): the person's "Reload" in one tab is the go-ahead.
 */
export function registerServiceWorker(onUpdateReady: (update: () => Promise<void>) => void) {
  let offered = false;
  const update = registerSW({
    // The page has loaded and is idle already (UpdatePrompt waits for that).
    immediate: true,
    onNeedRefresh() {
      if (!offered) {
        offered = true;
        navigator.serviceWorker.addEventListener('controllerchange', () =>
          window.location.reload(),
        );
      }
      onUpdateReady(() => update());
    },
    // The reload is the one above: the plugin's own misses a tab opened before the worker
    // first took control (the first visit's).
    onNeedReload: () => {},
    // Without the worker the app still works, only not offline: nothing for the person to do.
    onRegisterError: (error: unknown) =>
      console.warn('Offline use is off: the service worker was not registered.', error),
  });
}
