import type { VitePWAOptions } from 'vite-plugin-pwa';

/**
 * The web app manifest and the service worker (vite-plugin-pwa's generateSW, i.e. Workbox),
 * for vite.config.ts. What it caches and when the app registers it: docs/architecture.md,
 * "Offline and updates".
 */
export const pwaOptions: Partial<VitePWAOptions> = {
  // A new version waits until the person says "Reload"; the app shows the notice.
  registerType: 'prompt',
  // src/features/update registers it, only in secure contexts, after load, when idle.
  injectRegister: false,
  // `npm start` stays as it is: no worker caching the dev server's files.
  devOptions: { enabled: false },
  manifest: {
    name: 'ModelsLab Studio',
    short_name: 'Studio',
    description: 'Describe a picture in words and get images, made with the ModelsLab image API.',
    lang: 'en',
    // Relative to the manifest: the folder the app was copied to, on any host and sub-path.
    start_url: './',
    scope: './',
    display: 'standalone',
    // The light theme's header and page (src/index.css); the dark one is in index.html.
    theme_color: '#ffffff',
    background_color: '#f8fafc',
    icons: [
      { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    // The whole app, each on-demand chunk too (viewer, sandbox, settings…), so every view
    // opens offline; the plugin adds the manifest and its icons. Not the hosts'
    // _headers/_redirects.
    globPatterns: ['**/*.{html,js,css,svg}'],
    // Any address in the app's folder opens the app (relative to sw.js).
    navigateFallback: 'index.html',
    // No runtime caching at all: API requests and pictures always go to the network (the
    // pictures' bytes are kept in IndexedDB by the app itself).
    runtimeCaching: [],
    cleanupOutdatedCaches: true,
    // The first visit's page is controlled at once, so it opens offline without a reload;
    // a later version still waits for the person (no skipWaiting).
    clientsClaim: true,
    skipWaiting: false,
  },
};
