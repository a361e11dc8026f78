import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JobRecordInput as JobRecord } from '../../src/features/jobs';
import {
  API,
  callsFor,
  chooseModelsLab,
  expect,
  expectImagesLoaded,
  expectKey,
  inConnection,
  releaseAnswers,
  scriptAnswers,
  test,
  uniqueKey,
} from './fixtures';
import {
  card,
  escapeRegExp,
  exportFile,
  fetchCalls,
  generateNow,
  importHistory,
  importNotice,
  leaveAsIfFromACrashedTab,
  openTab,
  record,
  sentWith,
  submit,
  text2imgCalls,
} from './helpers';

/*
 * Several tabs of the app at once (pages of one browser context: they share localStorage,
 * IndexedDB and the BroadcastChannel, but each has its own sessionStorage, where the key
 * lives unless "Remember on this device" is ticked). Each job is sent by one tab only,
 * a tab that cannot check a job never stands in the way of one that can, and a record
 * from a file never sends anything to the address it names.
 */

const images = (prompt: string) => new RegExp(escapeRegExp(prompt));

test('a 429 in one tab is sent again once, by that tab only, and both tabs get the picture', async ({
  page,
  context,
}) => {
  const key = uniqueKey('tabs-429');
  await scriptAnswers(key, [
    {
      path: '/text2img',
      status: 429,
      body: { status: 'error', message: 'Rate limit exceeded', retry_after: 2 },
    },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  await inConnection(page, (drawer) =>
    drawer.getByRole('checkbox', { name: 'Remember on this device' }).check(),
  );

  // Tab B is open (with the remembered key) before the job exists: it sees every step.
  const b = await openTab(context);
  await expectKey(b.page, key);

  await submit(page, 'a lighthouse after a busy minute');
  await expect(card(page, 'a lighthouse after a busy minute')).toContainText(
    'Too many pictures are being made at once',
  );
  await expect(card(b.page, 'a lighthouse after a busy minute')).toContainText(
    'Too many pictures are being made at once',
  );

  await expectImagesLoaded(page, images('a lighthouse after a busy minute'), 1);
  await expectImagesLoaded(b.page, images('a lighthouse after a busy minute'), 1);
  // Done in tab B too, so its retry timer (had it one) is gone. A later picture from tab B:
  // a resend of its own would have gone out before this one.
  await generateNow(b.page, 'a keeper waves from the gallery');
  expect(await sentWith(key)).toEqual([
    ['text2img', 'a lighthouse after a busy minute'],
    ['text2img', 'a lighthouse after a busy minute'],
    ['text2img', 'a keeper waves from the gallery'],
  ]);
  const calls = await text2imgCalls(key);
  expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(1800);
  expect(b.errors).toEqual([]);
});

test('a tab opened while another tab is sending shows the request as being sent, then its picture', async ({
  page,
  context,
}) => {
  const key = uniqueKey('tabs-sending');
  await scriptAnswers(key, [
    {
      path: '/text2img',
      // Unanswered until tab B has had its say.
      held: true,
      body: { status: 'success', id: 4242, output: [`${API}/pictures/11-0-512x512.svg`] },
    },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  await inConnection(page, (drawer) =>
    drawer.getByRole('checkbox', { name: 'Remember on this device' }).check(),
  );
  await submit(page, 'a kettle that takes its time');
  await expect(card(page, 'a kettle that takes its time')).toContainText('Sending your request…');
  await expect.poll(async () => (await text2imgCalls(key)).length).toBe(1);
  // A witness: a request left mid-way by a tab that crashed. Tab B settles it when it asks
  // whether its sender is still open, as it asks about tab A's request.
  const createdAt = Date.now() - 60_000;
  await leaveAsIfFromACrashedTab(page, {
    ...record(0, 'a letter from a tab that crashed'),
    createdAt,
    state: 'sending',
    sender: 'a-tab-that-crashed',
    remoteId: undefined,
    images: [],
    seed: undefined,
    finishedAt: undefined,
  });

  const b = await openTab(context);
  const inB = card(b.page, 'a kettle that takes its time');
  await expect(inB).toContainText('Sending your request…');
  // The crashed tab's request is "unknown" now, while tab A still holds its lock, so its
  // request is not.
  await expect(card(b.page, 'a letter from a tab that crashed')).toContainText(
    'Unknown — check your ModelsLab dashboard',
  );
  await expect(inB).toContainText('Sending your request…');
  await expect(inB).not.toContainText('Unknown — check your ModelsLab dashboard');
  await expect(inB.getByRole('button', { name: 'Send it again' })).toHaveCount(0);

  expect(await releaseAnswers(key)).toBe(1);
  await expectImagesLoaded(page, images('a kettle that takes its time'), 1);
  await expectImagesLoaded(b.page, images('a kettle that takes its time'), 1);
  await expect(inB).not.toContainText('Unknown');
  // A later picture from tab B: a send of its own of either request would have gone out
  // before this one.
  await generateNow(b.page, 'a cup of tea at last');
  expect(await sentWith(key)).toEqual([
    ['text2img', 'a kettle that takes its time'],
    ['text2img', 'a cup of tea at last'],
  ]);
  expect(b.errors).toEqual([]);
});

test('"Try again" in another tab sends the failed generation once more, from that tab only', async ({
  page,
  context,
}) => {
  const key = uniqueKey('tabs-try-again');
  await scriptAnswers(key, [
    {
      path: '/text2img',
      status: 402,
      body: { status: 'error', message: 'Insufficient credits. Please add more credits.' },
    },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  await submit(page, 'a piggy bank refilled');
  await expect(card(page, 'a piggy bank refilled').getByRole('alert')).toContainText(
    'Your ModelsLab account is out of credits',
  );
  expect(await text2imgCalls(key)).toHaveLength(1);

  // Tab B: the key is kept per tab, so it is pasted here too.
  const b = await openTab(context);
  await chooseModelsLab(b.page, key);
  const inB = card(b.page, 'a piggy bank refilled');
  await expect(inB).toContainText('Your ModelsLab account is out of credits');
  await inB.getByRole('button', { name: 'Try again' }).click();

  await expectImagesLoaded(b.page, images('a piggy bank refilled'), 1);
  await expectImagesLoaded(page, images('a piggy bank refilled'), 1);
  // A later picture from tab A: had A sent the generation too, on seeing it put back in
  // line, that send would have gone out before this one.
  await generateNow(page, 'a coin on the shelf');
  expect(await sentWith(key)).toEqual([
    ['text2img', 'a piggy bank refilled'],
    ['text2img', 'a piggy bank refilled'],
    ['text2img', 'a coin on the shelf'],
  ]);
  expect(b.errors).toEqual([]);
});

/**
 * Another API address on loopback, of this test's own: it records every request that
 * reaches it (preflights too). (Port 9, say, would be refused by the browser itself.)
 */
async function otherAddress() {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res
      .writeHead(req.method === 'OPTIONS' ? 204 : 404, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Headers': 'Content-Type, Accept',
        'Content-Type': 'application/json',
      })
      .end('{"status":"error","message":"Not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('an imported job from another API address is never checked there, not even on "Check again"', async ({
  page,
}) => {
  const elsewhere = await otherAddress();
  try {
    const key = uniqueKey('tabs-import-elsewhere');
    const requested: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(`${elsewhere.url}/`)) requested.push(request.url());
    });
    const createdAt = Date.now() - 60_000;
    // Being made, as the other browser last saw it: its first check long due.
    const job: JobRecord = {
      ...record(0, 'a job made through another proxy'),
      createdAt,
      connection: 'custom',
      baseUrl: elsewhere.url,
      state: 'processing',
      sender: 'a-tab-of-another-browser',
      remoteId: '987654',
      fetchUrl: `${elsewhere.url}/api/v6/images/fetch/987654`,
      etaSeconds: 1,
      pollStartedAt: createdAt,
      firstPollAt: createdAt + 1000,
      images: [],
      seed: undefined,
      finishedAt: undefined,
    };
    await page.goto('/');
    // A key is at hand: it must still not go to the address the file names.
    await chooseModelsLab(page, key);
    await importHistory(page, 'history.json', exportFile([job]));
    await expect(importNotice(page)).toContainText('Imported 1 generation.');

    const imported = card(page, 'a job made through another proxy');
    await expect(imported).toContainText('checking stopped');
    await expect(imported).toContainText('the app stopped checking');
    await expect(imported).toContainText('Job number 987654.');
    await expect(imported.getByRole('progressbar')).toHaveCount(0);
    // Settled as "checking stopped": nothing checks such a job by itself.
    await expect(imported.getByText(/· checking stopped$/)).toBeVisible();
    expect(requested).toEqual([]);

    await imported.getByRole('button', { name: 'Check again' }).click();
    await expect(imported).toContainText(
      `This generation belongs to another API address (${elsewhere.url}). Choose that connection again to keep checking on it.`,
    );
    // Still stopped: "Check again" did not start checking (that would say "in progress").
    await expect(imported.getByText(/· checking stopped$/)).toBeVisible();
    // A later picture from this page, through the address the settings name: a check
    // started by the click would have gone out before it.
    await generateNow(page, 'a picture made here and now');
    expect(requested).toEqual([]);
    expect(elsewhere.hits).toEqual([]);
    // Nor was it asked about at the address the settings name (with the key).
    expect(await sentWith(key)).toEqual([['text2img', 'a picture made here and now']]);
    await expect(imported.getByText(/· checking stopped$/)).toBeVisible();
  } finally {
    await elsewhere.close();
  }
});

test('a tab without the key does not keep a tab with the key from checking a queued job', async ({
  page,
  context,
}) => {
  const key = uniqueKey('tabs-no-key');
  const jobId = 710_000_000 + (Date.now() % 10_000_000);
  await scriptAnswers(key, [
    {
      path: '/text2img',
      body: {
        status: 'processing',
        id: jobId,
        eta: 5,
        messege: 'Try to fetch request after seconds estimated',
        output: [],
      },
    },
    {
      path: `/fetch/${jobId}`,
      body: { status: 'success', id: jobId, output: [`${API}/pictures/12-0-1024x512.svg`] },
    },
  ]);
  // What the service would say to a check without a key.
  await scriptAnswers('', [
    {
      path: `/fetch/${jobId}`,
      status: 401,
      body: { status: 'error', message: 'API key required' },
    },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  await submit(page, 'a wide valley at noon', { Width: '1024' });
  const inA = card(page, 'a wide valley at noon');
  await expect(inA.getByRole('progressbar')).toBeVisible();

  // Tab B has no key (it is kept per tab): it can only wait.
  const b = await openTab(context);
  await expectKey(b.page, '');
  const inB = card(b.page, 'a wide valley at noon');
  await expect(inB).toContainText(
    'Paste your API key under Connection to keep checking on it; it is not lost.',
  );

  // Tab A reloads before the job's first check: B must not take the checking over.
  expect(await fetchCalls(key)).toEqual([]);
  await page.reload();
  await expectKey(page, key);
  // (Its progress bar may be gone already on a slow machine: the picture is what counts.)
  await expectImagesLoaded(page, images('a wide valley at noon'), 1);
  await expectImagesLoaded(b.page, images('a wide valley at noon'), 1);

  expect(await fetchCalls(key)).toHaveLength(1);
  expect((await callsFor('')).filter((call) => call.path.endsWith(`/fetch/${jobId}`))).toEqual([]);
  expect(await text2imgCalls(key)).toHaveLength(1);
  expect(b.errors).toEqual([]);
});

test('when the tab sending a request closes, the other tab marks it unknown instead of waiting forever', async ({
  context,
}) => {
  const key = uniqueKey('closed-sender');
  await scriptAnswers(key, [
    {
      path: '/text2img',
      // Never answered: the sending tab closes first (and so the request is dropped).
      held: true,
      body: {
        status: 'success',
        id: 5,
        output: [`${API}/pictures/5-0-512x512.svg`],
      },
    },
  ]);
  const sender = await context.newPage();
  await sender.goto('/');
  await chooseModelsLab(sender, key);
  await sender.getByLabel('Prompt', { exact: true }).fill('a letter never answered');
  await sender.getByRole('button', { name: 'Generate' }).click();
  await expect(sender.getByText('Sending your request…')).toBeVisible();

  const watcher = await context.newPage();
  await watcher.goto('/');
  const card = watcher.getByRole('article', { name: /a letter never answered/ });
  await expect(card).toContainText('Sending your request…');
  // Held at the service before the tab closes (else the held answer waits for the next).
  await expect.poll(async () => (await callsFor(key)).length).toBe(1);
  await sender.close();
  await expect(card).toContainText('Unknown — check your ModelsLab dashboard');
  await expect(card.getByRole('link', { name: 'Your ModelsLab dashboard' })).toHaveAttribute(
    'href',
    'https://modelslab.com/dashboard',
  );
  // Unknown is settled: nothing sends it again, not even a tab with the key. The key pasted
  // in the watcher, a later picture from it: a resend would have gone out before it.
  await chooseModelsLab(watcher, key);
  await generateNow(watcher, 'a postcard that arrives');
  expect(await sentWith(key)).toEqual([
    ['text2img', 'a letter never answered'],
    ['text2img', 'a postcard that arrives'],
  ]);
  await expect(card).toContainText('Unknown — check your ModelsLab dashboard');
});
