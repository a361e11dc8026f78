import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import { securityMetaTags } from './scripts/csp.mjs';
import { prerenderPage } from './scripts/prerender.mjs';
import { pwaOptions } from './scripts/pwa.ts';

/**
 * Puts the Content-Security-Policy and the referrer policy into the built index.html, right
 * after its charset and before anything it loads, for the build's own API address. Build
 * only: the dev server's React refresh needs an inline script.
 */
function securityMeta(): Plugin {
  let apiBaseUrl: string | undefined;
  return {
    name: 'modelslab-studio:security-meta',
    apply: 'build',
    configResolved(config) {
      apiBaseUrl = config.env.VITE_MODELSLAB_BASE_URL;
    },
    transformIndexHtml(html) {
      const charset = /<meta charset[^>]*>\n/i.exec(html);
      if (!charset)
        throw new Error('index.html: no <meta charset="…" /> line to put the policy after');
      const meta = securityMetaTags(apiBaseUrl)
        .map((tag) => `    ${tag}\n`)
        .join('');
      const at = charset.index + charset[0].length;
      return html.slice(0, at) + meta + html.slice(at);
    },
  };
}

export default defineConfig({
  // Relative asset URLs: dist/ works from any static host and any sub-path.
  base: './',
  plugins: [react(), tailwindcss(), securityMeta(), prerenderPage(), VitePWA(pwaOptions)],
  // Source maps hold the whole source: only for those who ask (SOURCEMAP=true npm run build).
  build: {
    target: 'es2022',
    // Each lazy chunk (viewer, model picker, sandbox) needs only the first-load chunk,
    // already there: preloading has nothing to fetch ahead, and its helper and polyfill
    // would cost every visitor their bytes.
    modulePreload: false,
    sourcemap: process.env.SOURCEMAP === 'true',
    rolldownOptions: {
      output: {
        // Everything the first script needs, in one file: the pieces shared with the
        // parts loaded later would otherwise come as a dozen small files, each one more
        // request and its own compression overhead.
        codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] },
      },
    },
  },
  // "Same site (proxy)" during `npm start` goes through the dev server, like a static
  // host's /api/* rewrite would (see public/_redirects, vercel.json, README).
  server: {
    proxy: { '/api': { target: 'https://modelslab.com', changeOrigin: true, secure: true } },
  },
  test: {
    restoreMocks: true,
    // Both cores: Vitest's default leaves one free, which on CI's two cores runs the
    // files one at a time (about 160 s instead of 120 s).
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'app',
          environment: 'jsdom',
          setupFiles: ['./src/test/setup.ts'],
          include: ['src/**/*.test.{ts,tsx}'],
          // Fake time moves these tests, not the clock; the limit only guards against a
          // hang, and must hold on a busy two-core machine too.
          testTimeout: 40_000,
          // setImmediate stays real: the in-memory IndexedDB schedules its work with it.
          fakeTimers: {
            toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
          },
        },
      },
      // The build's own checks (policy, hosting recipes, what `npm run build` ships), in Node.
      {
        extends: true,
        test: { name: 'build', environment: 'node', include: ['scripts/**/*.test.ts'] },
      },
    ],
  },
});
