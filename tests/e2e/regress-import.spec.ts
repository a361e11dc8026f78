import { readFile, writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  cards,
  exportFile,
  importHistory,
  importNotice,
  openTab,
  record,
  storedRows,
  storeRaw,
} from './helpers';

/*
 * Big imports (issue #8): "Imported N" is said only once all N are stored, so a reload
 * right after it keeps every one; and saved generations the app cannot read are told,
 * not skipped in silence.
 */

/** How many records the app's job store holds in IndexedDB. */
function storedCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const opening = indexedDB.open('modelslab-studio');
        opening.onupgradeneeded = () => opening.result.createObjectStore('jobs');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const db = opening.result;
          const counting = db.transaction('jobs', 'readonly').objectStore('jobs').count();
          counting.onsuccess = () => {
            db.close();
            resolve(counting.result);
          };
          counting.onerror = () => reject(counting.error);
        };
      }),
  );
}

test('a file of 10000 generations is all stored when "Imported 10000 generations" shows: a reload at once keeps every one', async ({
  page,
}) => {
  test.setTimeout(90_000);
  // Whether the import's progress bar was ever shown (it may be brief on a fast machine);
  // noted where the reload does not wipe it.
  await page.addInitScript(() => {
    new MutationObserver(() => {
      if (document.querySelector('[role="progressbar"][aria-label="Importing history"]')) {
        sessionStorage.setItem('saw-import-progress', 'yes');
      }
    }).observe(document, { subtree: true, childList: true });
  });
  await page.goto('/');
  await expect(page.getByText('Your pictures will appear here.')).toBeVisible();
  const file = exportFile(Array.from({ length: 10_000 }, (_, i) => record(i + 1)));

  await importHistory(page, 'history.json', file);
  await expect(importNotice(page)).toHaveText('Imported 10000 generations.', { timeout: 30_000 });
  await page.reload();

  await expect(page.getByText('10000 generations, kept in this browser')).toBeVisible({
    timeout: 30_000,
  });
  expect(await storedCount(page)).toBe(10_000);
  await expect(cards(page)).toHaveCount(24);
  await expect(cards(page).first()).toHaveAccessibleName(
    'Generation: imported picture number 10000',
  );
  expect(await page.evaluate(() => sessionStorage.getItem('saw-import-progress'))).toBe('yes');
});

test('another open tab shows what this tab imported', async ({ page, context }) => {
  await page.goto('/');
  await expect(page.getByText('Your pictures will appear here.')).toBeVisible();
  const other = await openTab(context);
  await expect(other.page.getByText('Your pictures will appear here.')).toBeVisible();

  await importHistory(
    page,
    'history.json',
    exportFile(Array.from({ length: 50 }, (_, i) => record(i + 1))),
  );
  await expect(importNotice(page)).toHaveText('Imported 50 generations.');

  await expect(other.page.getByText('50 generations, kept in this browser')).toBeVisible();
  await expect(cards(other.page).first()).toHaveAccessibleName(
    'Generation: imported picture number 50',
  );
  expect(other.errors).toEqual([]);
});

test('a file beyond the size limit is refused with the limit in plain words', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByText('Your pictures will appear here.')).toBeVisible();
  // A valid export padded with 26 MB of spaces: refused by its size alone, before it is
  // read. Chosen from disk, so the browser is not sent 26 MB over the test's connection.
  const file = test.info().outputPath('history.json');
  await writeFile(file, `${exportFile([record(1)])}${' '.repeat(26 * 1024 * 1024)}`);
  await page.getByLabel('History file to import').setInputFiles(file);
  await expect(page.getByRole('status').filter({ hasText: /^This file is too big/ })).toHaveText(
    'This file is too big to import (26.0 MB). The app imports up to 20000 generations (a file of up to 25 MB) at a time, so that this page stays quick.',
  );
  await expect(page.getByText('Your pictures will appear here.')).toBeVisible();
  expect(await storedCount(page)).toBe(0);
});

test('saved generations the app cannot read are told, can be exported as they are and removed', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByText('Your pictures will appear here.')).toBeVisible();
  const good = record(1, 'a picture that can be read');
  await storeRaw(page, [
    [good.localId, { ...good, kind: 'text2img' }],
    ['from-another-version', { ...record(2), state: 'teleporting' }],
    ['junk', 'not a generation at all'],
    ['nothing', null],
  ]);
  await page.reload();

  const notice = page.getByRole('region', { name: '3 saved generations could not be read' });
  await expect(notice).toBeVisible();
  await expect(cards(page)).toHaveCount(1);

  const downloading = page.waitForEvent('download');
  await notice.getByRole('button', { name: 'Export them as they are' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^modelslab-studio-unreadable-.*\.json$/);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as {
    records: Array<{ key: string; value: unknown }>;
  };
  expect(Object.fromEntries(exported.records.map((row) => [row.key, row.value]))).toEqual({
    'from-another-version': expect.objectContaining({ state: 'teleporting' }),
    junk: 'not a generation at all',
    nothing: null,
  });

  await notice.getByRole('button', { name: 'Remove them' }).click();
  await page
    .getByRole('alertdialog', { name: 'Remove what could not be read' })
    .getByRole('button', { name: 'Remove', exact: true })
    .click();
  await expect(notice).toHaveCount(0);
  expect(Object.keys(await storedRows(page))).toEqual([good.localId]);
  await page.reload();
  await expect(cards(page)).toHaveCount(1);
  await expect(page.getByText('1 generation, kept in this browser')).toBeVisible();
  await expect(page.getByRole('region', { name: /could not be read/ })).toHaveCount(0);
});
