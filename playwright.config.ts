import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';
import { APP_PORT, CONTRACT_PORT } from './tests/e2e/ports';

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  // Three on CI's two cores: the tests spend much of their time waiting (answers, countdowns,
  // reloads), so a third keeps the cores busy (7.2 → 4.9 min here; 9.4 → 8.2 min with both
  // cores taken by other work).
  workers: 3,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  globalSetup: './tests/e2e/globalSetup.ts',
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    trace: 'off',
    // The app's service worker would serve every later page of a test from its cache (and
    // outlive routes and reloads): only tests/e2e/offline.spec.ts lets it run.
    serviceWorkers: 'block',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  },
  webServer: {
    // The production build, served as a static host would.
    command: `VITE_MODELSLAB_BASE_URL=http://127.0.0.1:${CONTRACT_PORT} npx vite build --mode e2e --outDir dist-e2e --logLevel warn && npx vite preview --mode e2e --outDir dist-e2e --host 127.0.0.1 --port ${APP_PORT} --strictPort`,
    url: `http://127.0.0.1:${APP_PORT}`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
