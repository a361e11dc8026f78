import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Relative asset URLs: dist/ works from any static host and any sub-path.
  base: './',
  plugins: [react(), tailwindcss()],
  // Source maps hold the whole source: only for those who ask (SOURCEMAP=true npm run build).
  build: { target: 'es2022', sourcemap: process.env.SOURCEMAP === 'true' },
  // "Same site (proxy)" during `npm start` goes through the dev server, like a static
  // host's /api/* rewrite would (see public/_redirects, vercel.json, README).
  server: {
    proxy: { '/api': { target: 'https://modelslab.com', changeOrigin: true, secure: true } },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    // Fake time moves these tests, not the clock; the limit only guards against a hang,
    // and must hold on a busy two-core machine too.
    testTimeout: 20_000,
    // setImmediate stays real: the in-memory IndexedDB schedules its work with it.
    fakeTimers: {
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    },
  },
});
