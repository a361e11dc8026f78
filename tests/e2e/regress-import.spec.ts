import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { cards, record, storedRows, storeRaw } from './helpers';

/*
 * Big imports (issue #8): "Imported N" is said only once all N are stored, so a reload
 * right after it keeps every one; and saved generations the app cannot read are told,
 * not skipped in silence.
 */

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
