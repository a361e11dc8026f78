import AxeBuilder from '@axe-core/playwright';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import {
  API,
  chooseSandbox,
  expect,
  expectImagesLoaded,
  test,
  watchCspViolations,
  watchErrors,
} from './fixtures';
import { showInTheme } from './helpers';
import { CONTRACT_PORT } from './ports';

// Every other browser test blocks service workers (playwright.config.ts): here the app's own
// worker runs, as on a person's https host (127.0.0.1 is a secure context too).
test.use({ serviceWorkers: 'allow' });

/** Once the page has registered the worker (after load, when idle) and it controls the page. */
async function controlledByTheWorker(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
}

async function makeAPictureInTheSandbox(page: Page, prompt: string) {
  await chooseSandbox(page);
  await page.getByLabel('Prompt', { exact: true }).fill(prompt);
  await page.getByRole('button', { name: 'Generate' }).click();
  await expectImagesLoaded(page, new RegExp(prompt), 1);
}

test('after one visit the app opens offline, and the sandbox makes a picture there', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await controlledByTheWorker(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'ModelsLab Studio' })).toBeVisible();
  await expect(page.getByLabel('Prompt', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Generate' })).toBeVisible();
  // The connection settings and the sandbox are on-demand code: cached with the rest.
  await makeAPictureInTheSandbox(page, 'a lighthouse with no network');
});

test('a new version is offered, and the page moves to it on “Reload” (hosted by the README recipe)', async ({
  page,
  context,
}) => {
  const response = await page.goto(`${API}/updating/studio/`);
  // The recipe's policy, which lets the worker and the manifest load (any refusal fails the test).
  expect(response?.headers()['content-security-policy']).toContain(
    "worker-src 'self'; manifest-src 'self'",
  );
  await controlledByTheWorker(page);
  // The recipe has the worker looked at afresh on each visit.
  const worker = await fetch(`${API}/updating/studio/sw.js`);
  expect(worker.headers.get('cache-control')).toBe('no-cache');

  // The browser reads the manifest, and finds the app installable (but for the test's
  // private window).
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  expect(manifest.errors).toEqual([]);
  expect(JSON.parse(manifest.data ?? '{}')).toMatchObject({
    name: 'ModelsLab Studio',
    start_url: './',
    display: 'standalone',
  });
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors.map((error) => error.errorId)).toEqual(['in-incognito']);

  const version = page.locator('meta[name="app-version"]');
  await expect(version).toHaveCount(0);
  const bumped = await fetch(`${API}/__version`, { method: 'POST' });
  const { version: next } = (await bumped.json()) as { version: number };
  // What the browser does on a later visit (and the app's tabs do not do by themselves).
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));

  const notice = page.getByRole('status').filter({ hasText: 'A new version is ready' });
  await expect(notice).toBeVisible();
  // Readable and labelled in both themes (WCAG A/AA, as tests/e2e/accessibility.spec.ts).
  for (const colorScheme of ['light', 'dark'] as const) {
    await showInTheme(page, colorScheme);
    const checked = await new AxeBuilder({ page })
      .include('[role="status"]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(checked.violations.map((v) => `${colorScheme}: ${v.id}`)).toEqual([]);
  }
  // Nothing reloads until the person says so.
  await expect(version).toHaveCount(0);
  await notice.getByRole('button', { name: 'Reload for the new version' }).click();
  await expect(version).toHaveAttribute('content', String(next));
  await expect(notice).toBeHidden();
  await expect(page.getByRole('button', { name: 'Generate' })).toBeVisible();
});

test('on plain http (a LAN address) no worker is registered and the sandbox still makes a picture', async () => {
  // A name other than localhost or 127.0.0.1 over http is not a secure context.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, '--host-resolver-rules=MAP studio.plain.test 127.0.0.1'],
  });
  try {
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    const violations = await watchCspViolations(context);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));

    await page.goto(`http://studio.plain.test:${CONTRACT_PORT}/nested/app/`);
    expect(
      await page.evaluate(() => ({
        secure: window.isSecureContext,
        workers: 'serviceWorker' in navigator,
      })),
    ).toEqual({ secure: false, workers: false });
    await makeAPictureInTheSandbox(page, 'a lantern on a plain http host');
    // Not even the registration's code was fetched.
    expect(requested.filter((path) => /sw\.js|lazyUpdates|workbox/.test(path))).toEqual([]);
    expect(errors).toEqual([]);
    expect(violations).toEqual([]);
  } finally {
    await browser.close();
  }
});
