/// <reference types="vite-plugin-pwa/vanillajs" />
import { registerSW } from 'virtual:pwa-register';

/**
 * Registers the service worker (sw.js, made by the build). When a new version has been
 * downloaded and waits, calls `onUpdateReady` with what lets it take over: the page then
 * reloads on the new version, and so do the app's other open tabs (their code is no longer
 * cached).
 */
export function registerServiceWorker(onUpdateReady: (update: () => Promise<void>) => void) {
  const update = registerSW({
    // The page has loaded and is idle already (UpdatePrompt waits for that).
    immediate: true,
    onNeedRefresh: () => onUpdateReady(() => update()),
    // Without the worker the app still works, only not offline: nothing for the person to do.
    onRegisterError: (error: unknown) =>
      console.warn('Offline use is off: the service worker was not registered.', error),
  });
}
