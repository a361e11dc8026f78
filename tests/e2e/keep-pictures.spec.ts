import type { Page } from '@playwright/test';
import { API, chooseModelsLab, expect, expectImagesLoaded, test, uniqueKey } from './fixtures';
import { freshBrowserPage, submit } from './helpers';

/**
 * Pictures outlive their links (docs/architecture.md, "Saved pictures"): a picture made
 * through the stand-in ModelsLab, whose link then answers 404, still shows from the copy
 * the app saved, after a reload and in another browser that imported the zip.
 */

/** A seed no other test uses: its pictures are the ones this test expires. */
const uniqueSeed = () => String(1_000_000 + Math.floor(Math.random() * 3_000_000_000));

/** How many pictures the app has saved in this browser (its own database). */
function savedCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('modelslab-studio-pictures');
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('notes')) return resolve(0);
          const count = db.transaction('notes').objectStore('notes').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
        };
        open.onerror = () => resolve(0);
      }),
  );
}

/** Makes `count` pictures with `seed` on the stand-in ModelsLab; waits until they are saved. */
async function makeAndSave(page: Page, prompt: string, seed: string, count: number) {
  await page.goto('/');
  await chooseModelsLab(page, uniqueKey('keep-pictures'));
  await submit(page, prompt, { Seed: seed, Images: String(count) });
  await expectImagesLoaded(page, new RegExp(prompt), count);
  await expect.poll(() => savedCount(page)).toBe(count);
  // The picture host now forgets them, as ModelsLab's may after a day.
  await fetch(`${API}/__expire?seed=${seed}`, { method: 'POST' });
  const link = `${API}/pictures/${seed}-0-512x512.svg`;
  expect((await fetch(link)).status).toBe(404);
}

/** Every picture of `prompt` shows, from a saved copy (no request to its dead link). */
async function expectShownFromCopies(page: Page, prompt: string, count: number) {
  await expectImagesLoaded(page, new RegExp(prompt), count);
  for (const image of await page.getByRole('img', { name: new RegExp(prompt) }).all()) {
    await expect(image).toHaveAttribute('src', /^blob:/);
  }
  await expect(page.getByText(/link has expired/)).toHaveCount(0);
}

test('a picture whose link now answers 404 still shows after a reload, from the saved copy', async ({
  page,
}) => {
  const seed = uniqueSeed();
  await makeAndSave(page, 'a lighthouse kept in the browser', seed, 1);
  const asked: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes(`/pictures/${seed}-`)) asked.push(request.url());
  });
  await page.reload();
  await expectShownFromCopies(page, 'a lighthouse kept in the browser', 1);
  expect(asked).toEqual([]);

  // The section a person finds next to the history says what is kept.
  await page.getByRole('button', { name: 'Saved pictures' }).click();
  const section = page.getByRole('region', { name: 'Saved pictures' });
  await expect(section.getByText(/^1 picture saved, using \d+ KB\./)).toBeVisible();
});

test('"History and pictures (.zip)" imported in a fresh browser shows the pictures, though their links are dead', async ({
  page,
  browser,
}) => {
  const seed = uniqueSeed();
  const prompt = 'two harbours exported with their pictures';
  await makeAndSave(page, prompt, seed, 2);
  await page.getByRole('button', { name: 'Export history' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'History and pictures (.zip)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^modelslab-studio-history-\d{4}-\d\d-\d\d\.zip$/);
  await expect(
    page.getByText(
      /^Your browser saved modelslab-studio-history-[\d-]+\.zip \(1 generation, with 2 pictures inside\), usually in your Downloads folder\.$/,
    ),
  ).toBeVisible();

  const other = await freshBrowserPage(browser);
  try {
    await other.page.goto('/');
    await other.page.getByLabel('History file to import').setInputFiles(await download.path());
    await expect(
      other.page.getByText('Imported 1 generation. Restored 2 saved pictures.'),
    ).toBeVisible();
    await expectShownFromCopies(other.page, prompt, 2);
    expect(other.errors).toEqual([]);
  } finally {
    await other.context.close();
  }
});
