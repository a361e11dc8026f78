import type { Page } from '@playwright/test';
import { deflateSync, strToU8 } from 'fflate';
import { bomb, rawZip } from '../../src/test/handZip';
import { API, expect, expectImagesLoaded, test } from './fixtures';
import { exportFile, record, storeRaw } from './helpers';

/*
 * Attack probes (branch `attack`) on saved pictures (docs/architecture.md, "Saved
 * pictures"): an image host that labels an error page as a picture, and a zip of history
 * and pictures made to hurt (a picture that inflates to gigabytes, an SVG with a script,
 * a page named .png).
 */

const uniqueSeed = () => String(1_000_000 + Math.floor(Math.random() * 3_000_000_000));

/** The links whose copies the app keeps in this browser (its own database). */
function savedLinks(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const open = indexedDB.open('modelslab-studio-pictures');
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('notes')) return resolve([]);
          const keys = db.transaction('notes').objectStore('notes').getAllKeys();
          keys.onsuccess = () => {
            db.close();
            resolve(keys.result.map(String));
          };
        };
        open.onerror = () => resolve([]);
      }),
  );
}

test('a host that answers the page’s own request with an error page labelled PNG: no copy is kept, and the picture still shows after a reload', async ({
  page,
}) => {
  const seed = uniqueSeed();
  const prompt = 'a harbour behind a confused picture host';
  const links = [0, 1].map((i) => `${API}/pictures/${seed}-${i}-256x256.svg`);
  // The host's CDN gives the page's fetch (CORS) an error page said to be a PNG; an <img>
  // (no Origin) gets the picture, as before.
  await page.route(`${API}/pictures/${seed}-0-*`, (route) =>
    route.request().resourceType() === 'fetch'
      ? route.fulfill({
          status: 200,
          contentType: 'image/png',
          headers: { 'Access-Control-Allow-Origin': '*' },
          body: '<!doctype html><title>Slow down</title><p>Too many requests</p>',
        })
      : route.fallback(),
  );
  await page.goto('/');
  // A generation that has just finished (another tab's, say): its pictures are saved now.
  const made = record(0, prompt);
  const job = {
    ...made,
    params: { ...made.params, samples: 2 },
    localId: `attack-host-${seed}`,
    images: links,
    finishedAt: Date.now(),
  };
  await storeRaw(page, [[job.localId, job]]);
  await page.reload();
  await expectImagesLoaded(page, new RegExp(prompt), 2);
  // Saved one after the other: once the second is kept, the first was decided.
  await expect.poll(() => savedLinks(page)).toContain(links[1]);
  expect(await savedLinks(page)).toEqual([links[1]]);

  await page.reload();
  await expectImagesLoaded(page, new RegExp(prompt), 2);
  const images = page.getByRole('img', { name: new RegExp(prompt) });
  await expect(images.nth(0)).toHaveAttribute('src', links[0] as string);
  await expect(images.nth(1)).toHaveAttribute('src', /^blob:/);
  await expect(page.getByText(/link has expired/)).toHaveCount(0);
});

test('a zip with a picture that inflates to gigabytes, an SVG with a script and a page named .png imports at once; only the SVG is restored, and its script never runs', async ({
  page,
}) => {
  const seed = uniqueSeed();
  // Their links are dead: what shows comes from the zip or says the link expired.
  await fetch(`${API}/__expire?seed=${seed}`, { method: 'POST' });
  const link = (i: number) => `${API}/pictures/${seed}-${i}-256x256.svg`;
  const jobs = ['a scripted svg', 'a bomb', 'a page'].map((prompt, i) => ({
    ...record(i, `${prompt} in a zip`),
    localId: `attack-zip-${seed}-${i}`,
    images: [link(i)],
  }));
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" onload="alert(1)"><script>alert(2)</script><rect width="256" height="256" fill="teal"/></svg>';
  const page_ = '<!doctype html><script>alert(3)</script>';
  const deflated = (name: string, text: string) => {
    const bytes = strToU8(text);
    return { name, data: deflateSync(bytes), method: 8 as const, size: bytes.length };
  };
  const zip = rawZip([
    deflated('history.json', exportFile(jobs)),
    deflated(
      'pictures.json',
      JSON.stringify({
        app: 'modelslab-studio',
        version: 1,
        pictures: {
          [link(0)]: 'pictures/1.svg',
          [link(1)]: 'pictures/2.png',
          [link(2)]: 'pictures/3.png',
        },
      }),
    ),
    deflated('pictures/1.svg', svg),
    // Inflated to its end, 2 GB: the tab would hang for many seconds.
    { name: 'pictures/2.png', data: bomb(2), method: 8, size: 64 },
    deflated('pictures/3.png', page_),
  ]);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto('/');
  await page.getByLabel('History file to import').setInputFiles({
    name: 'history.zip',
    mimeType: 'application/zip',
    buffer: Buffer.from(zip),
  });
  await expect(page.getByText('Imported 3 generations. Restored 1 saved picture.')).toBeVisible({
    timeout: 5000,
  });
  expect(await savedLinks(page)).toEqual([link(0)]);

  const scripted = page.getByRole('img', { name: /a scripted svg in a zip/ });
  await expect(scripted).toHaveAttribute('src', /^blob:/);
  await expectImagesLoaded(page, /a scripted svg in a zip/, 1);
  await scripted.click();
  const viewer = page.getByRole('dialog', { name: 'Full-size image' });
  const full = viewer.getByRole('img', { name: /a scripted svg in a zip/ });
  await expect(full).toHaveAttribute('src', /^blob:/);
  await expect
    .poll(() => full.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
  // The other two have no copy and dead links: plain words, not a broken picture.
  await page.keyboard.press('Escape');
  await expect(page.getByText(/link has expired/)).toHaveCount(2);
  expect(dialogs).toEqual([]);
});

test.describe('with the app’s service worker', () => {
  test.use({ serviceWorkers: 'allow' });

  test('the API and picture links always go to the network: offline they fail, never answered from the worker’s cache', async ({
    page,
    context,
    consoleErrors,
  }) => {
    const seed = uniqueSeed();
    const picture = `${API}/pictures/${seed}-0-64x64.svg`;
    const fromWorker: string[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(API) && response.fromServiceWorker()) {
        fromWorker.push(response.url());
      }
    });
    await page.goto('/');
    await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
    const ask = (address: string, method: string) =>
      page.evaluate(
        ({ address, method }) =>
          fetch(address, { method, body: method === 'POST' ? '{}' : undefined }).then(
            (response) => response.status,
            () => 'refused',
          ),
        { address, method },
      );
    expect(await ask(picture, 'GET')).toBe(200);
    expect(await ask(`${API}/api/v6/realtime/text2img`, 'POST')).not.toBe('refused');
    await context.setOffline(true);
    expect(await ask(picture, 'GET')).toBe('refused');
    expect(await ask(`${API}/api/v6/realtime/text2img`, 'POST')).toBe('refused');
    // The app's own files do come from the worker offline.
    expect(await ask('/manifest.webmanifest', 'GET')).toBe(200);
    expect(fromWorker).toEqual([]);
    // The browser's own lines for the two refused requests (asked for above).
    expect(consoleErrors.splice(0)).toEqual(
      Array(2).fill('Failed to load resource: net::ERR_INTERNET_DISCONNECTED'),
    );
  });
});
