import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import type { JobRecordInput as JobRecord } from '../../src/features/jobs';
import {
  API,
  callsFor,
  chooseModelsLab,
  chooseSandbox,
  expect,
  expectImagesLoaded,
  scriptAnswers,
  test,
  uniqueKey,
} from './fixtures';
import {
  actOutInSandbox,
  card,
  cards,
  exportFile,
  fetchCalls,
  formField,
  freshBrowserPage,
  generateNow,
  importHistory,
  importNotice,
  openMoreSettings,
  record,
  sentWith,
  storedRows,
  storeRaw,
  submit,
  text2imgCalls,
} from './helpers';

/*
 * The history: what was made survives a reload, a second tab and a move to another
 * browser (export → import), and can be found, reused, opened full size and deleted.
 * Every generation goes to the stand-in server (tests/e2e/contractServer.ts) with a key
 * of the test's own, so its calls can be counted.
 */

test('a reload while a picture is being made brings its card back, and it finishes without being sent again', async ({
  page,
}) => {
  const key = uniqueKey('reload-processing');
  await page.goto('/');
  await chooseModelsLab(page, key);
  // 1024×512 is queued by the service, ready a few seconds later.
  await submit(page, 'a windmill in a tulip field', { Width: '1024' });
  await expect(card(page, 'a windmill in a tulip field').getByRole('progressbar')).toBeVisible();
  expect(await text2imgCalls(key)).toHaveLength(1);
  // The page shows a change at once and stores it a moment later; a reload inside that
  // moment finds the request still "sending" (and says "unknown": not this test's case).
  await expect
    .poll(async () => Object.values(await storedRows(page)).map((row) => (row as JobRecord).state))
    .toEqual(['processing']);

  await page.reload();
  const restored = card(page, 'a windmill in a tulip field');
  await expect(restored.getByRole('progressbar')).toBeVisible();
  await expect(restored.getByText(/about \d+ s left|taking longer than expected/)).toBeVisible();
  await expectImagesLoaded(page, /a windmill in a tulip field/, 1);
  await expect(restored.getByRole('progressbar')).toHaveCount(0);

  expect(await text2imgCalls(key)).toHaveLength(1);
  const fetches = await fetchCalls(key);
  expect(fetches.length).toBeGreaterThanOrEqual(1);
  expect(fetches.length).toBeLessThanOrEqual(3);
  expect(fetches.map((call) => call.body)).toEqual(fetches.map(() => ({ key })));
});

test('after a reload, a finished picture is still there with its prompt and images', async ({
  page,
}) => {
  const key = uniqueKey('reload-done');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await generateNow(page, 'a paper boat on a puddle', { Images: '2', Width: '256', Height: '256' });

  await page.reload();
  const restored = card(page, 'a paper boat on a puddle');
  await expect(restored.getByText('a paper boat on a puddle', { exact: true })).toBeVisible();
  await expect(restored.getByText(/· done$/)).toBeVisible();
  await expectImagesLoaded(page, /a paper boat on a puddle/, 2);
  expect(await callsFor(key)).toHaveLength(1);
});

/** What the sandbox received, from its queue in localStorage (src/sandbox/storedQueue.ts). */
function sandboxReceived(page: Page) {
  return page.evaluate(() =>
    (
      JSON.parse(localStorage.getItem('modelslab-studio.sandbox-queue') ?? '[]') as Array<{
        params: { prompt: string };
        request?: string;
      }>
    ).map((job) => [job.params.prompt, job.request]),
  );
}

test('in the sandbox, a reload while the request is unanswered is settled with the simulator: it had arrived, so its picture comes', async ({
  page,
}) => {
  await actOutInSandbox(
    page,
    'A slow answer: 20 seconds (try reloading meanwhile)',
    'a kite caught mid-reload',
  );
  await expect(page.getByText('Sending your request…')).toBeVisible();
  await expect
    .poll(() => sandboxReceived(page))
    .toEqual([['a kite caught mid-reload', expect.any(String)]]);

  await page.reload();
  // Well before the 20 s answer would have come: the sandbox said it had the job.
  await expectImagesLoaded(page, /a kite caught mid-reload/, 1);
  const settled = card(page, 'a kite caught mid-reload');
  await expect(settled.getByRole('link', { name: /dashboard/i })).toHaveCount(0);
  await expect(settled).not.toContainText('Interrupted');
  // The seed the sandbox drew with is kept, as with any answer.
  await expect(settled).toContainText(/seed \d+/);
  // Made once: the app asked about it rather than sending it again.
  expect(await sandboxReceived(page)).toEqual([['a kite caught mid-reload', expect.any(String)]]);
});

test('in the sandbox, a request the page never got out is sent once after the reload', async ({
  page,
}) => {
  await page.goto('/');
  await chooseSandbox(page);
  const cutOff: JobRecord = {
    ...record(1, 'a letter that never left'),
    connection: 'sandbox',
    baseUrl: 'https://sandbox.modelslab.invalid',
    state: 'sending',
    sender: 'a-tab-closed-long-ago',
    requestName: 'send-1',
    remoteId: undefined,
    images: [],
    seed: undefined,
    finishedAt: undefined,
  };
  // One from before sends were named: the sandbox cannot be asked about it.
  const unnamed: JobRecord = {
    ...cutOff,
    localId: 'from-an-older-version',
    createdAt: cutOff.createdAt - 60_000,
    requestName: undefined,
    params: { ...cutOff.params, prompt: 'a letter from an older version' },
  };
  await storeRaw(page, [
    [cutOff.localId, cutOff],
    [unnamed.localId, unnamed],
  ]);
  await page.reload();
  await expectImagesLoaded(page, /a letter that never left/, 1);
  const [received] = await sandboxReceived(page);
  expect(received?.[0]).toBe('a letter that never left');
  // The new send has a name of its own.
  expect(received?.[1]).toMatch(/^[\w.:-]+$/);
  expect(received?.[1]).not.toBe('send-1');

  const older = card(page, 'a letter from an older version');
  await expect(older).toContainText(
    'Interrupted: the page closed while sending this to the sandbox, before its answer came.',
  );
  await expect(older.getByRole('button', { name: 'Send it again' })).toBeVisible();
  expect(await sandboxReceived(page)).toHaveLength(1);
});

test('a reload while the request is unanswered marks it unknown, links to the dashboard and does not send it again', async ({
  page,
}) => {
  const key = uniqueKey('reload-sending');
  await scriptAnswers(key, [
    {
      path: '/text2img',
      delayMs: 20_000,
      body: { status: 'success', id: 1, output: [`${API}/pictures/1-0-512x512.svg`] },
    },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  await submit(page, 'a slow request in flight');
  await expect(page.getByText('Sending your request…')).toBeVisible();
  await expect.poll(async () => (await callsFor(key)).length).toBe(1);

  await page.reload();
  const restored = card(page, 'a slow request in flight');
  await expect(restored).toContainText('Unknown — check your ModelsLab dashboard');
  await expect(restored.getByRole('link', { name: 'Your ModelsLab dashboard' })).toHaveAttribute(
    'href',
    'https://modelslab.com/dashboard',
  );
  await expect(restored.getByRole('button', { name: 'Send it again' })).toBeVisible();
  await expect(restored.getByRole('progressbar')).toHaveCount(0);

  // Unknown is settled: nothing sends it by itself. A later picture from this page shows
  // the send queue has run since (a resend of the first would have gone out before it).
  await generateNow(page, 'a quick picture after the reload');
  expect(await sentWith(key)).toEqual([
    ['text2img', 'a slow request in flight'],
    ['text2img', 'a quick picture after the reload'],
  ]);
  await expect(restored).toContainText('Unknown — check your ModelsLab dashboard');
  // Still unknown on the next visit, and still not sent.
  await page.reload();
  await expect(card(page, 'a slow request in flight')).toContainText(
    'Unknown — check your ModelsLab dashboard',
  );
  await generateNow(page, 'another quick picture on the next visit');
  expect(await sentWith(key)).toEqual([
    ['text2img', 'a slow request in flight'],
    ['text2img', 'a quick picture after the reload'],
    ['text2img', 'another quick picture on the next visit'],
  ]);
  await expect(card(page, 'a slow request in flight')).toContainText(
    'Unknown — check your ModelsLab dashboard',
  );
});

test('"Use these settings" puts every setting back in the form, with the seed the service reported', async ({
  page,
}) => {
  const key = uniqueKey('reuse');
  const reportedSeed = 3141592653;
  await scriptAnswers(key, [
    {
      path: '/text2img',
      body: {
        status: 'success',
        id: 4711,
        output: [`${API}/pictures/7-0-640x384.svg`, `${API}/pictures/7-1-640x384.svg`],
        proxy_links: '',
        meta: { seed: reportedSeed },
      },
    },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  // sdxl reads a negative prompt (flux, the first model, ignores it and hides the field).
  await page.getByLabel('Model', { exact: true }).fill('sdxl');
  await page.getByLabel('Negative prompt').fill('fog, people');
  const firstRequest = page.waitForRequest((r) => r.url().endsWith('/api/v6/images/text2img'));
  await generateNow(page, 'a glass greenhouse full of ferns', {
    Width: '640',
    Height: '384',
    Images: '2',
    Steps: '22',
    'Guidance scale': '9.5',
  });
  const sent = (await firstRequest).postDataJSON() as Record<string, unknown>;
  expect(sent.seed).toBeNull();

  // After a reload and other typing, the card still knows what it was made with.
  await page.reload();
  await page.getByLabel('Prompt', { exact: true }).fill('something else entirely');
  await page.getByLabel('Negative prompt').fill('');
  await page.getByLabel('Model', { exact: true }).fill('flux');
  for (const [label, value] of Object.entries({
    Width: '768',
    Height: '768',
    Images: '1',
    Steps: '30',
    'Guidance scale': '7.5',
  })) {
    if (label === 'Steps' || label === 'Guidance scale') await openMoreSettings(page);
    await formField(page, label).fill(value);
  }
  await page.getByRole('textbox', { name: 'Seed' }).fill('1');
  await card(page, 'a glass greenhouse full of ferns')
    .getByRole('button', { name: 'Use these settings' })
    .click();

  await expect(page.getByLabel('Prompt', { exact: true })).toHaveValue(
    'a glass greenhouse full of ferns',
  );
  await expect(page.getByLabel('Prompt', { exact: true })).toBeFocused();
  await expect(page.getByLabel('Negative prompt')).toHaveValue('fog, people');
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('sdxl');
  await expect(page.getByLabel('Width')).toHaveValue('640');
  await expect(page.getByLabel('Height')).toHaveValue('384');
  await expect(page.getByLabel('Images')).toHaveValue('2');
  await expect(page.getByLabel('Steps')).toHaveValue('22');
  await expect(page.getByLabel('Guidance scale')).toHaveValue('9.5');
  await expect(page.getByRole('textbox', { name: 'Seed' })).toHaveValue(String(reportedSeed));

  // Generating again asks for the very same picture.
  const again = page.waitForRequest((r) => r.url().endsWith('/api/v6/images/text2img'));
  await page.getByRole('button', { name: 'Generate' }).click();
  expect((await again).postDataJSON()).toEqual({ ...sent, seed: reportedSeed });
});

test('the filter narrows the history by words; deleting one and clearing all last after a reload', async ({
  page,
}) => {
  const key = uniqueKey('filter-delete');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await generateNow(page, 'a red fox in the snow');
  await generateNow(page, 'a blue whale under ice');
  await generateNow(page, 'a red kite over hills', { Width: '384' });
  await expect(cards(page)).toHaveCount(3);

  const filter = page.getByLabel('Filter by text');
  await filter.fill('RED');
  await expect(cards(page)).toHaveCount(2);
  await filter.fill('hills red');
  await expect(cards(page)).toHaveCount(1);
  await expect(card(page, 'a red kite over hills')).toBeVisible();
  await filter.fill('384x512');
  await expect(cards(page)).toHaveCount(1);
  await expect(card(page, 'a red kite over hills')).toBeVisible();
  await filter.fill('red whale');
  await expect(cards(page)).toHaveCount(0);
  await expect(page.getByText('No generation matches “red whale”.')).toBeVisible();
  await filter.fill('');
  await expect(cards(page)).toHaveCount(3);

  await card(page, 'a blue whale under ice')
    .getByRole('button', { name: 'Delete this generation' })
    .click();
  await expect(card(page, 'a blue whale under ice')).toHaveCount(0);
  await expect(cards(page)).toHaveCount(2);
  await page.reload();
  await expect(cards(page)).toHaveCount(2);
  await expect(card(page, 'a blue whale under ice')).toHaveCount(0);

  await page.getByRole('button', { name: 'Clear all' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Clear all history' });
  await expect(confirm).toContainText('Delete all 2 generations');
  await confirm.getByRole('button', { name: 'Keep them' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(cards(page)).toHaveCount(2);

  await page.getByRole('button', { name: 'Clear all' }).click();
  await page
    .getByRole('alertdialog', { name: 'Clear all history' })
    .getByRole('button', { name: 'Delete all' })
    .click();
  await expect(cards(page)).toHaveCount(0);
  await expect(page.getByText('Your pictures will appear here.')).toBeVisible();
  await page.reload();
  await expect(page.getByText('Your pictures will appear here.')).toBeVisible();
  await expect(cards(page)).toHaveCount(0);
});

test('an exported history holds the generations but never the key, and imports into another browser with its images', async ({
  page,
  browser,
}) => {
  const key = uniqueKey('export');
  // A server that echoes the key back in its error message: the key must not be kept.
  await scriptAnswers(key, [
    {
      path: '/text2img',
      status: 401,
      body: { status: 'error', message: `Invalid API key: ${key}` },
    },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  await submit(page, 'a rejected request');
  await expect(card(page, 'a rejected request').getByRole('alert')).toContainText(
    'Your API key was not accepted',
  );
  await expect(page.getByText(key)).toHaveCount(0);
  await generateNow(page, 'a tram in the rain');
  await generateNow(page, 'two moons over a desert', { Images: '2', Width: '256', Height: '256' });

  await page.getByRole('button', { name: 'Export history' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'History only (.json)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^modelslab-studio-history-\d{4}-\d\d-\d\d\.json$/);
  const text = await readFile(await download.path(), 'utf8');
  expect(text).not.toContain(key);
  const file = JSON.parse(text) as { app: string; version: number; jobs: JobRecord[] };
  expect(file).toMatchObject({ app: 'modelslab-studio', version: 1 });
  expect(file.jobs.map((job) => [job.params.prompt, job.state, job.images.length])).toEqual([
    ['two moons over a desert', 'done', 2],
    ['a tram in the rain', 'done', 1],
    ['a rejected request', 'failed', 0],
  ]);

  // Another browser, where this history is not yet known, with a picture of its own.
  const other = await freshBrowserPage(browser);
  try {
    await other.page.goto('/');
    await chooseModelsLab(other.page, uniqueKey('export-other'));
    await generateNow(other.page, 'already here');
    await importHistory(other.page, download.suggestedFilename(), text);
    await expect(importNotice(other.page)).toContainText('Imported 3 generations.');
    await expect(cards(other.page)).toHaveCount(4);
    await expectImagesLoaded(other.page, /two moons over a desert/, 2);
    await expectImagesLoaded(other.page, /a tram in the rain/, 1);
    // Shown, but not read out as news: it happened in another browser, earlier.
    await expect(card(other.page, 'a rejected request')).toContainText(
      'Your API key was not accepted',
    );
    await expect(card(other.page, 'a rejected request').getByRole('alert')).toHaveCount(0);
    // Importing the same file again adds nothing.
    await importHistory(other.page, 'again.json', text);
    await expect(importNotice(other.page)).toContainText(
      'Nothing new: all 3 are already in your history.',
    );
    await other.page.reload();
    await expect(cards(other.page)).toHaveCount(4);
    await expectImagesLoaded(other.page, /two moons over a desert/, 2);
    expect(other.errors).toEqual([]);
  } finally {
    await other.context.close();
  }
});

test('a browser with an empty history can import an export', async ({ page }) => {
  const exported = exportFile([record(0, 'moved from another browser')]);
  await page.goto('/');
  await expect(page.getByText('Your pictures will appear here.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import history' })).toBeVisible({
    timeout: 3000,
  });
  await importHistory(page, 'history.json', exported);
  await expectImagesLoaded(page, /moved from another browser/, 1);
});

test('the full-size viewer opens an image, moves with the arrow keys across generations and closes with Escape', async ({
  page,
}) => {
  const key = uniqueKey('viewer');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await generateNow(page, 'a tiled mosaic floor', { Images: '2', Width: '256', Height: '256' });
  await generateNow(page, 'a single stained glass window', { Images: '1' });

  // The older generation's first picture: third of three, newest first.
  await card(page, 'a tiled mosaic floor')
    .getByRole('button', { name: 'Open image 1 full size' })
    .click();
  const viewer = page.getByRole('dialog', { name: 'Full-size image' });
  await expect(viewer).toBeVisible();
  await expect(viewer).toContainText('Picture 2 of 3');
  await expect(viewer).toContainText('Image 1 of 2 of this generation');
  await expect(
    viewer.getByRole('img', { name: /a tiled mosaic floor \(image 1 of 2\)/ }),
  ).toBeVisible();

  await page.keyboard.press('ArrowRight');
  await expect(viewer).toContainText('Picture 3 of 3');
  const second = viewer.getByRole('img', { name: /a tiled mosaic floor \(image 2 of 2\)/ });
  await expect
    .poll(() => second.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);

  const downloading = page.waitForEvent('download');
  await viewer.getByRole('button', { name: 'Download', exact: true }).click();
  expect((await downloading).suggestedFilename()).toMatch(/^a-tiled-mosaic-floor-\d+-2\.\w+$/);

  // The last picture of the history: nothing further on.
  await page.keyboard.press('ArrowRight');
  await expect(viewer).toContainText('Picture 3 of 3');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(viewer).toContainText('Picture 1 of 3');
  await expect(
    viewer.getByRole('img', { name: /a single stained glass window \(image 1 of 1\)/ }),
  ).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(viewer).toContainText('Picture 3 of 3');

  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  // Focus goes back to the picture that was showing.
  await expect(
    card(page, 'a tiled mosaic floor').getByRole('button', { name: 'Open image 2 full size' }),
  ).toBeFocused();
});

test('two tabs showing the same queued job both get its images, and it is checked no more often than by one tab', async ({
  page,
  context,
}) => {
  const key = uniqueKey('two-tabs');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await submit(page, 'a harbour seen from two windows', { Width: '1024' });
  await expect(
    card(page, 'a harbour seen from two windows').getByRole('progressbar'),
  ).toBeVisible();

  const second = await context.newPage();
  const secondErrors: string[] = [];
  second.on('pageerror', (error) => secondErrors.push(error.message));
  await second.goto('/');
  // The key is kept per tab (sessionStorage): the person pastes it in the new tab too.
  await chooseModelsLab(second, key);
  await expect(
    card(second, 'a harbour seen from two windows').getByRole('progressbar'),
  ).toBeVisible();

  await expectImagesLoaded(page, /a harbour seen from two windows/, 1);
  await expectImagesLoaded(second, /a harbour seen from two windows/, 1);
  // The job is done in both tabs, so neither polls it any more. A later picture from the
  // second tab: a check it had under way would have reached the server before this one.
  await generateNow(second, 'a small boat leaving the port');

  expect((await text2imgCalls(key)).map((call) => call.body.prompt)).toEqual([
    'a harbour seen from two windows',
    'a small boat leaving the port',
  ]);
  const fetches = await fetchCalls(key);
  expect(fetches.length).toBeGreaterThanOrEqual(1);
  expect(fetches.length).toBeLessThanOrEqual(3);
  // One poller: checks at least 2 s apart, never two at once (one from each tab).
  const gaps = fetches.slice(1).map((call, i) => call.at - (fetches[i]?.at ?? 0));
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1500);
  expect(secondErrors).toEqual([]);
});

test('a long history opens with 24 tiles, newest first, and "Show more" reveals the rest', async ({
  page,
}) => {
  const key = uniqueKey('pages');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await generateNow(page, 'the newest picture of all');
  await importHistory(
    page,
    'history.json',
    exportFile(Array.from({ length: 60 }, (_, i) => record(i + 1))),
  );
  await expect(importNotice(page)).toContainText('Imported 60 generations.');
  await expect(page.getByText('61 generations, kept in this browser')).toBeVisible();

  await expect(cards(page)).toHaveCount(24);
  // Newest first: this visit's picture, then the imported ones from the latest down.
  await expect(cards(page).nth(0)).toHaveAccessibleName('Generation: the newest picture of all');
  await expect(cards(page).nth(1)).toHaveAccessibleName('Generation: imported picture number 60');
  await expect(cards(page).nth(23)).toHaveAccessibleName('Generation: imported picture number 38');

  await page.getByRole('button', { name: 'Show more (37 more)' }).click();
  await expect(cards(page)).toHaveCount(48);
  await page.getByRole('button', { name: 'Show more (13 more)' }).click();
  await expect(cards(page)).toHaveCount(61);
  await expect(page.getByRole('button', { name: /Show more/ })).toHaveCount(0);
  await expect(cards(page).nth(60)).toHaveAccessibleName('Generation: imported picture number 1');
  await expectImagesLoaded(page, /imported picture number 1 \(/, 1);

  // A filter starts again from the first page of what matches.
  await page.getByLabel('Filter by text').fill('imported');
  await expect(cards(page)).toHaveCount(24);
  await expect(page.getByRole('button', { name: 'Show more (36 more)' })).toBeVisible();

  // All of it is kept for the next visit.
  await page.reload();
  await expect(page.getByText('61 generations, kept in this browser')).toBeVisible();
  await expect(cards(page)).toHaveCount(24);
});

test('a sandbox generation is kept across a reload too', async ({ page }) => {
  await page.goto('/');
  await chooseSandbox(page);
  await generateNow(page, 'a sandbox lantern');
  await page.reload();
  await expect(card(page, 'a sandbox lantern')).toContainText('sandbox');
  await expectImagesLoaded(page, /a sandbox lantern/, 1);
});

test('a queued sandbox picture survives a reload: the simulated service keeps its queue too', async ({
  page,
}) => {
  await page.goto('/');
  await chooseSandbox(page);
  await page.getByLabel('Prompt', { exact: true }).fill('a sandbox comet over the sea');
  await page.getByRole('button', { name: /Square 1:1/ }).click();
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await expectImagesLoaded(page, /a sandbox comet over the sea/, 1);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
