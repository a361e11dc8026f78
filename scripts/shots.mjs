// Screenshots of the app's main states, for a person to look at: `npm run shots`.
//
// Builds the production app on the sandbox (no key, no network) into
// node_modules/.cache/shots-dist, serves it on loopback, and writes PNGs to shots/ (git
// ignored): empty page, form errors, a generation in progress, the grid, the viewer, the
// model picker, the connection menu, saved pictures, the export choice, the update notice,
// and one banner per failure the sandbox can play.
// Each at 1280×800 and 390×844, in light and dark.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), SHOTS_ONLY (a substring: only
// the states whose name holds it, e.g. SHOTS_ONLY=banner).

import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'node_modules', '.cache', 'shots-dist');
const shotsDir = path.join(root, 'shots');
const only = process.env.SHOTS_ONLY ?? '';

const sizes = [
  { name: 'wide', width: 1280, height: 800 },
  // A phone as the browser reports one: touch, no fine pointer (no keyboard hints).
  { name: 'phone', width: 390, height: 844, touch: true },
];
const themes = ['light', 'dark'];

process.env.VITE_DEFAULT_CONNECTION = 'sandbox';
await build({ root, mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
// "A new version is ready" needs a newer sw.js than the one installed: POST /__shots-version
// makes the next sw.js served differ by a comment (as the browser tests' server does).
let swVersion = 0;
const newerWorker = {
  name: 'shots-newer-worker',
  configurePreviewServer(server) {
    server.middlewares.use(async (request, response, next) => {
      if (request.url === '/__shots-version' && request.method === 'POST') {
        swVersion += 1;
        response.end(String(swVersion));
      } else if (request.url?.split('?')[0] === '/sw.js') {
        const worker = await readFile(path.join(outDir, 'sw.js'), 'utf8');
        response.setHeader('Content-Type', 'text/javascript');
        response.setHeader('Cache-Control', 'no-cache');
        response.end(`${worker}\n// shots version ${swVersion}\n`);
      } else next();
    });
  },
};
const server = await preview({
  root,
  logLevel: 'warn',
  plugins: [newerWorker],
  build: { outDir },
  preview: { host: '127.0.0.1', port: 0, strictPort: false },
});
const address = server.httpServer.address();
const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 4173}`;

// A partial run (SHOTS_ONLY) keeps the other screenshots.
if (!only) await rm(shotsDir, { recursive: true, force: true });
await mkdir(shotsDir, { recursive: true });

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const written = [];
const problems = [];

const prompt = (page) => page.getByLabel('Prompt', { exact: true });
const generate = (page) => page.getByRole('button', { name: 'Generate' });

async function fresh(size, theme) {
  const context = await browser.newContext({
    viewport: { width: size.width, height: size.height },
    ...(size.touch ? { isMobile: true, hasTouch: true } : {}),
    colorScheme: theme,
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  await page.goto(origin);
  // The prerendered page shows before the app listens (main.tsx marks <html data-started>).
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-started'));
  return { context, page };
}

async function make(page, text, fields = {}) {
  await prompt(page).fill(text);
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label).fill(value);
  await generate(page).click();
}

async function pictureShown(page, text) {
  await page
    .getByRole('img', { name: new RegExp(text) })
    .first()
    .waitFor({ timeout: 30_000 });
}

async function openConnection(page) {
  if (await page.getByRole('dialog', { name: 'Connection' }).isVisible()) return;
  const menu = page.getByRole('button', { name: /Connection/ }).first();
  if (await menu.isVisible()) await menu.click();
}

async function closeConnection(page) {
  const drawer = page.getByRole('dialog').filter({ has: page.getByLabel('API key') });
  if (await drawer.isVisible()) await page.keyboard.press('Escape');
}

/**
 * ModelsLab answered here (nothing reaches modelslab.com), with pictures at web addresses
 * that allow the page to read them: the ones the app keeps copies of (the sandbox's own are
 * inline, and need none).
 */
async function standInModelsLab(page) {
  let made = 0;
  await page.route(/^https:\/\/modelslab\.com\/api\//, async (route) => {
    const url = route.request().url();
    if (/wallet_balance/.test(url))
      return route.fulfill({
        json: { status: 'success', data: { balance: 43.6, currency: 'USD' } },
      });
    made += 1;
    return route.fulfill({
      json: {
        status: 'success',
        id: made,
        output: [`https://pictures.shots.test/${made}.svg`],
        proxy_links: '',
      },
    });
  });
  await page.route(/^https:\/\/pictures\.shots\.test\//, (route) => {
    const hue = (Number(/(\d+)\.svg/.exec(route.request().url())?.[1] ?? 0) * 97) % 360;
    return route.fulfill({
      headers: { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'image/svg+xml' },
      // Some size to count, as a real picture has.
      body: `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"><rect width="100%" height="100%" fill="hsl(${hue},60%,50%)"/><!--${'x'.repeat(200_000)}--></svg>`,
    });
  });
  const drawer = page.getByRole('dialog', { name: 'Connection' });
  await page.getByRole('button', { name: /^Connection:/ }).click();
  await drawer.getByRole('radio', { name: 'ModelsLab' }).check();
  await drawer.getByLabel('API key').fill('sk-shots-0123456789abcdef');
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });
}

async function savedPictures(page) {
  await standInModelsLab(page);
  for (const text of ['a red fox in snow', 'a harbour at dawn', 'a glass greenhouse']) {
    await make(page, text);
    await pictureShown(page, text);
  }
  await page.getByRole('button', { name: 'Saved pictures' }).click();
  await page.getByText(/3 pictures saved/).waitFor({ timeout: 30_000 });
}

/** name → what to do before the screenshot (on a fresh page). */
const states = {
  empty: async () => {},
  'form-errors': async (page) => {
    await prompt(page).fill('');
    await page.getByLabel('Width').fill('5000');
    await generate(page).click();
  },
  'in-progress': async (page) => {
    await make(page, 'a lighthouse on a cliff at sunset', { Width: '1024', Height: '1024' });
    await page.getByRole('progressbar').first().waitFor();
  },
  grid: async (page) => {
    for (const text of ['a red fox in snow', 'a harbour at dawn', 'a glass greenhouse']) {
      await make(page, text);
      await pictureShown(page, text);
    }
  },
  viewer: async (page) => {
    await make(page, 'a tram on a hill');
    await pictureShown(page, 'a tram on a hill');
    await page.getByRole('button', { name: 'Open image 1 full size' }).first().click();
    await page.getByRole('dialog').first().waitFor();
  },
  picker: async (page) => {
    await page.getByRole('button', { name: 'Browse models' }).click();
    const dialog = page.getByRole('dialog', { name: 'Choose a model' });
    await dialog.waitFor();
    // Its thumbnails are decorative (no role): wait for them as elements.
    await dialog.locator('img').nth(2).waitFor();
  },
  menu: async (page) => {
    await openConnection(page);
    await page.getByLabel('API key').waitFor();
  },
  // A real key whose check fails (answered here: nothing reaches modelslab.com).
  'key-unchecked': async (page) => {
    await page.route(/wallet_balance/, (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ status: 'error', message: 'Service temporarily unavailable.' }),
      }),
    );
    await openConnection(page);
    await page.getByRole('radio', { name: 'ModelsLab' }).check();
    await page.getByLabel('API key').fill('sk-shots-0123456789abcdef');
    await page.getByText(/could not be checked yet/).waitFor();
    await closeConnection(page);
    await page.getByRole('button', { name: 'Balance unknown' }).waitFor();
  },
  'start-picture': async (page) => {
    await make(page, 'a cottage in a meadow');
    await pictureShown(page, 'a cottage in a meadow');
    await page.getByRole('button', { name: 'Open image 1 full size' }).first().click();
    await page.getByRole('button', { name: 'Use as starting picture' }).click();
    await page.getByRole('slider', { name: /Strength/ }).waitFor();
    await page.getByRole('group', { name: 'Starting picture' }).scrollIntoViewIfNeeded();
  },
  'picture-picker': async (page) => {
    await page.getByRole('button', { name: 'Start from a picture…' }).click();
    await page.getByRole('button', { name: 'Choose a picture…' }).waitFor();
  },
  painting: async (page) => {
    await make(page, 'a stone bridge');
    await pictureShown(page, 'a stone bridge');
    await page.getByRole('button', { name: 'Open image 1 full size' }).first().click();
    await page.getByRole('button', { name: 'Fix a part' }).click();
    const area = page.getByLabel('Drawing area: paint over the part of the picture to change');
    await area.waitFor();
    const box = await area.boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.55, { steps: 8 });
      await page.mouse.up();
    }
  },
  'saved-pictures': async (page) => {
    await savedPictures(page);
    await page.getByRole('heading', { name: 'Saved pictures' }).scrollIntoViewIfNeeded();
  },
  'saved-free-up': async (page) => {
    await savedPictures(page);
    await page.getByRole('button', { name: 'Free up space' }).click();
    await page.getByRole('alertdialog').scrollIntoViewIfNeeded();
  },
  'export-choice': async (page) => {
    await make(page, 'a paper boat');
    await pictureShown(page, 'a paper boat');
    await page.getByRole('button', { name: /^Export/ }).click();
    const zip = page.getByRole('button', { name: /pictures/ }).last();
    await zip.waitFor();
    await zip.scrollIntoViewIfNeeded();
  },
  'update-notice': async (page) => {
    await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
    await fetch(`${origin}/__shots-version`, { method: 'POST' });
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    await page.getByRole('status').filter({ hasText: 'A new version is ready' }).waitFor();
  },
  enlarge: async (page) => {
    await make(page, 'a lighthouse keeper');
    await pictureShown(page, 'a lighthouse keeper');
    await page.getByRole('button', { name: 'Open image 1 full size' }).first().click();
    await page.getByRole('button', { name: 'Enlarge…' }).click();
    await page.getByRole('group', { name: 'Enlarge this picture' }).scrollIntoViewIfNeeded();
  },
};

/** The sandbox's failures, each played once: one banner (or state) each. */
async function bannerStates() {
  const { context, page } = await fresh(sizes[0], 'light');
  await openConnection(page);
  const labels = await page
    .getByLabel('Sandbox: next answer')
    .locator('option')
    .evaluateAll((options) => options.map((option) => option.textContent ?? ''));
  await context.close();
  return labels
    .filter((label) => label !== 'Everything works' && !/model list/i.test(label))
    .map((label, i) => [
      `banner-${String(i + 1).padStart(2, '0')}`,
      async (page) => {
        await openConnection(page);
        await page.getByLabel('Sandbox: next answer').selectOption({ label });
        await closeConnection(page);
        await make(page, `sandbox answer: ${label}`);
        const tile = page.getByRole('article').first();
        // Retried ones end in a picture or a banner; either is what a person would see.
        await Promise.race([
          tile.getByRole('alert').waitFor({ timeout: 30_000 }),
          tile.getByRole('status').first().waitFor({ timeout: 30_000 }),
        ]).catch(() => undefined);
        await tile.scrollIntoViewIfNeeded();
      },
      label,
    ]);
}

const all = [
  ...Object.entries(states).map(([name, run]) => [name, run, name]),
  ...(await bannerStates()),
];

for (const [name, run, description] of all) {
  if (only && !name.includes(only)) continue;
  for (const size of sizes) {
    for (const theme of themes) {
      const file = path.join(shotsDir, `${name}-${size.name}-${theme}.png`);
      const { context, page } = await fresh(size, theme);
      try {
        await run(page);
        await page.screenshot({ path: file });
        written.push(path.relative(root, file));
      } catch (error) {
        problems.push(`${name} (${description}), ${size.name} ${theme}: ${error.message}`);
      } finally {
        await context.close();
      }
    }
  }
  console.log(`${name}: ${description}`);
}

await browser.close();
await new Promise((resolve) => server.httpServer.close(resolve));
console.log(`\n${written.length} screenshots in ${path.relative(root, shotsDir)}/`);
if (problems.length > 0) {
  console.error(`\n${problems.length} could not be taken:\n${problems.join('\n')}`);
  process.exitCode = 1;
}
