import {
  chooseModelsLab,
  expect,
  expectImagesLoaded,
  expectKey,
  scriptAnswers,
  test,
  uniqueKey,
} from './fixtures';
import {
  card,
  cards,
  exportFile,
  generateNow,
  importHistory,
  importNotice,
  record,
  sentWith,
  storedRows,
  submit,
  success,
} from './helpers';

/* Regression tests from an adversarial review: one job's life, on one page. */

test('a resend cancelled during its countdown stays "Cancelled" with Try again after a reload, even when an earlier send was queued on the service', async ({
  page,
}) => {
  const key = uniqueKey('stale-remote-id');
  const id = 730_000_000 + (Date.now() % 1_000_000);
  const prompt = 'a job that failed on the service, then was resent and cancelled';
  await scriptAnswers(key, [
    { path: '/text2img', body: { status: 'processing', id, eta: 1, output: [] } },
    { path: `/fetch/${id}`, body: { status: 'failed', id, message: 'Generation failed' } },
    {
      path: '/text2img',
      status: 429,
      body: { status: 'error', message: 'Rate limit exceeded', retry_after: 60 },
    },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  await submit(page, prompt);
  const job = card(page, prompt);
  await expect(job.getByRole('button', { name: 'Try again' })).toBeVisible();
  await job.getByRole('button', { name: 'Try again' }).click();
  await expect(job).toContainText('Retrying in');
  await job.getByRole('button', { name: 'Cancel' }).click();
  await expect(job).toContainText('Cancelled. It was not sent (again).');
  await page.reload();
  await expectKey(page, key);
  await expect(job).toContainText('Cancelled. It was not sent (again).');
  await expect(job.getByText(/· cancelled$/)).toBeVisible();
  await expect(job.getByRole('button', { name: 'Try again' })).toBeVisible();
  await expect(job.getByRole('button', { name: 'Check again' })).toHaveCount(0);
  // "Try again" made a new request: nothing of the old job on the service is kept.
  const [stored] = Object.values(await storedRows(page)) as Array<Record<string, unknown>>;
  expect(stored).toMatchObject({ state: 'cancelled', attempts: 1 });
  expect(stored?.remoteId).toBeUndefined();
  expect(stored?.fetchUrl).toBeUndefined();
  // A later picture from this page: a check of the old job number would have gone first.
  await generateNow(page, 'a picture after the cancel');
  expect(await sentWith(key)).toEqual([
    ['text2img', prompt],
    [`fetch/${id}`, undefined],
    ['text2img', prompt],
    ['text2img', 'a picture after the cancel'],
  ]);
  await expect(job.getByText(/· cancelled$/)).toBeVisible();
});

test('a queued job whose card is filtered out of view is still checked and finished', async ({
  page,
}) => {
  const key = uniqueKey('filtered');
  const id = 740_000_000 + (Date.now() % 1_000_000);
  const prompt = 'a hidden lighthouse';
  await scriptAnswers(key, [
    { path: '/text2img', body: { status: 'processing', id, eta: 2, output: [] } },
    { path: `/fetch/${id}`, body: success(id) },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  await submit(page, prompt);
  await expect(card(page, prompt).getByRole('progressbar')).toBeVisible();
  await page.getByLabel('Filter by text').fill('zzz-nothing-matches');
  await expect(cards(page)).toHaveCount(0);
  // Checked and finished while no card shows it: the stored record says so.
  await expect
    .poll(() => sentWith(key))
    .toEqual([
      ['text2img', prompt],
      [`fetch/${id}`, undefined],
    ]);
  await expect
    .poll(async () =>
      Object.values(await storedRows(page)).map((row) => (row as { state: string }).state),
    )
    .toEqual(['done']);
  await expect(cards(page)).toHaveCount(0);
  await page.getByLabel('Filter by text').fill('');
  await expectImagesLoaded(page, new RegExp(prompt), 1);
  // A later picture from this page: a further check would have gone out before it.
  await generateNow(page, 'a picture in plain view');
  expect(await sentWith(key)).toEqual([
    ['text2img', prompt],
    [`fetch/${id}`, undefined],
    ['text2img', 'a picture in plain view'],
  ]);
});

test('a reload right after deleting one generation, or right after "Clear all", does not bring anything back', async ({
  page,
}) => {
  await page.goto('/');
  await importHistory(
    page,
    'history.json',
    exportFile([record(1, 'one to delete'), record(2, 'two to keep'), record(3, 'three to keep')]),
  );
  await expect(importNotice(page)).toContainText('Imported 3 generations.');
  expect(Object.keys(await storedRows(page))).toHaveLength(3);
  await card(page, 'one to delete').getByRole('button', { name: 'Delete this generation' }).click();
  await page.reload();
  await expect(card(page, 'two to keep')).toBeVisible();
  await expect(card(page, 'three to keep')).toBeVisible();
  await expect(cards(page)).toHaveCount(2);
  expect(Object.keys(await storedRows(page))).toHaveLength(2);
  await page.getByRole('button', { name: 'Clear all' }).click();
  await page.getByRole('button', { name: 'Delete all' }).click();
  await page.reload();
  await expect(page.getByText('Your pictures will appear here.')).toBeVisible();
  await expect(cards(page)).toHaveCount(0);
  expect(await storedRows(page)).toEqual({});
});
