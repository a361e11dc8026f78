import type { JobRecordInput as JobRecord } from '../../src/features/jobs';
import {
  chooseModelsLab,
  expect,
  expectImagesLoaded,
  expectKey,
  inConnection,
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
  storeRaw,
  success,
  withoutWebLocks,
} from './helpers';

/*
 * Regression tests from an adversarial review: what older versions, crashed tabs, other
 * browsers' export files or plain junk leave in storage. Records of older versions have
 * no `kind` (and no `sender`) and may use the old state names 'queued', 'error' and a
 * 'cancelled' that still names a job on the service (src/features/jobs/jobRecord.ts).
 */

/** A record as an older version left it: no `kind`, no `sender`, `state` as named then. */
function olderVersionRecord(
  index: number,
  prompt: string,
  state: string,
  extra: Partial<Record<keyof JobRecord, unknown>> = {},
): Record<string, unknown> {
  const { kind: _kind, sender: _sender, ...old } = record(index, prompt);
  return { ...old, state, ...extra };
}

/** Nothing of the service's yet: no job number, no pictures. */
const unsent = { remoteId: undefined, images: [], seed: undefined, finishedAt: undefined };

test('generations an older version left mid-way settle at load: mid-send as "unknown" at once, not yet sent as cancelled, neither sent nor holding a slot', async ({
  page,
}) => {
  const key = uniqueKey('older-in-flight');
  const midSend = 'an old request caught mid-send';
  // Whether the old request's card ever said "Sending your request…" on this page.
  await page.addInitScript((prompt) => {
    const seen = () =>
      document
        .querySelector(`article[aria-label="Generation: ${prompt}"]`)
        ?.textContent?.includes('Sending your request…');
    new MutationObserver(() => {
      if (seen()) document.documentElement.dataset.sawOldSending = 'yes';
    }).observe(document, { subtree: true, childList: true, characterData: true });
  }, midSend);
  await page.goto('/');
  await chooseModelsLab(page, key);
  await inConnection(page, (drawer) => drawer.getByLabel('Requests at once').selectOption('1'));
  const oldSending = olderVersionRecord(1, midSend, 'sending', unsent);
  const oldQueued = olderVersionRecord(2, 'an old request never sent', 'queued', unsent);
  await storeRaw(page, [
    [String(oldSending.localId), oldSending],
    [String(oldQueued.localId), oldQueued],
  ]);
  await page.reload();
  await expectKey(page, key);

  await expect(card(page, midSend)).toContainText('Unknown — check your ModelsLab dashboard');
  await expect(card(page, midSend).getByText(/· unknown$/)).toBeVisible();
  await expect(card(page, 'an old request never sent')).toContainText(
    'Cancelled. It was not sent (again).',
  );
  // Neither holds the only slot: a new generation goes out under "Requests at once: 1",
  // and neither was sent (a send of either would have gone out before it).
  await generateNow(page, 'a new picture after the old ones');
  expect(await sentWith(key)).toEqual([['text2img', 'a new picture after the old ones']]);
  expect(await page.evaluate(() => document.documentElement.dataset.sawOldSending)).toBe(undefined);
  await expect(card(page, midSend).getByText(/· unknown$/)).toBeVisible();
  await expect(card(page, 'an old request never sent').getByText(/· cancelled$/)).toBeVisible();
});

test('an imported record with a date no Date can show is skipped, and the page keeps working, after a reload too', async ({
  page,
}) => {
  await page.goto('/');
  const good = record(1, 'a good picture that must stay visible');
  const hostile = { ...record(2, 'a record from the far future'), createdAt: 1e20 };
  await importHistory(page, 'history.json', exportFile([good, hostile]));
  await expect(importNotice(page)).toContainText('Imported 1 generation (1 could not be read).');
  await expectImagesLoaded(page, /a good picture that must stay visible/, 1);
  await expect(card(page, 'a record from the far future')).toHaveCount(0);
  await page.reload();
  await expectImagesLoaded(page, /a good picture that must stay visible/, 1);
  await expect(cards(page)).toHaveCount(1);
});

test('junk in localStorage and IndexedDB crashes nothing and sends nothing; readable records show, old ones with the state they mean now', async ({
  page,
}) => {
  const key = uniqueKey('junk');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.evaluate(() => {
    localStorage.setItem('modelslab-studio.deleted', '{"not":"an array"');
    localStorage.setItem('modelslab-studio.lease:tab:x', 'garbage');
    localStorage.setItem('modelslab-studio.lease:job:odd-processing', '{"tabId":5,"until":"soon"}');
  });
  /** A record of this version (it has a `kind`). */
  const current = (index: number, prompt: string, extra: Record<string, unknown> = {}) => {
    const job = { ...record(index, prompt), kind: 'text2img', ...extra };
    return [job.localId, job] as [string, unknown];
  };
  const older = (index: number, prompt: string, state: string, extra = {}) => {
    const job = olderVersionRecord(index, prompt, state, extra);
    return [String(job.localId), job] as [string, unknown];
  };
  const processing = current(11, 'a queued job with junk times', {
    localId: 'odd-processing',
    state: 'processing',
    sender: 'a-tab-long-gone',
    remoteId: '555011',
    images: [],
    finishedAt: undefined,
    etaSeconds: 1e300,
    pollStartedAt: 1e300,
    firstPollAt: -5,
  });
  await storeRaw(page, [
    current(1, 'a good stored picture'),
    current(2, 'a record in a state nobody knows', { state: 'teleporting' }),
    current(3, 'a record without params', { params: undefined }),
    ['null-row', null],
    ['number-row', 42],
    ['array-row', [1, 2, 3]],
    older(4, 'an old failure', 'error', {
      error: { kind: 'credits', serverMessage: 'Insufficient credits' },
      images: [],
    }),
    older(5, 'an old stop of a job on the service', 'cancelled', {
      remoteId: '555005',
      images: [],
    }),
    older(6, 'an old cancel before sending', 'cancelled', unsent),
    current(7, 'a record with huge numbers', { attempts: 1e300, generationTime: 1e300 }),
    current(8, 'a record finished at a time no Date can show', { finishedAt: 1e300 }),
    current(9, 'a picture from a javascript url', { images: ['javascript:alert(1)'] }),
    ['stored-under-another-key', current(10, 'stored under another key')[1]],
    processing,
  ]);
  await page.reload();
  await expectKey(page, key);
  await expectImagesLoaded(page, /a good stored picture/, 1);
  await expect(card(page, 'an old failure').getByText(/· failed$/)).toBeVisible();
  await expect(card(page, 'an old failure')).toContainText(
    'Your ModelsLab account is out of credits',
  );
  await expect(card(page, 'an old stop of a job on the service')).toContainText(
    'You stopped checking on this job. It may still finish on ModelsLab. Job number 555005.',
  );
  await expect(card(page, 'an old cancel before sending')).toContainText(
    'Cancelled. It was not sent (again).',
  );
  await expect(card(page, 'a record with huge numbers')).toBeVisible();
  for (const unreadable of [
    'a record in a state nobody knows',
    'a record finished at a time no Date can show',
    'a picture from a javascript url',
  ]) {
    await expect(card(page, unreadable)).toHaveCount(0);
  }
  // Not hidden in silence: those, the one without params and the three junk rows.
  await expect(
    page.getByRole('region', { name: '7 saved generations could not be read' }),
  ).toBeVisible();
  // Readable, though stored under another key than its own: shown like any other.
  await expect(card(page, 'stored under another key')).toBeVisible();
  // The queued one (this address, the key at hand) is checked at once, whatever its
  // times say; the service does not know it.
  await expect(card(page, 'a queued job with junk times').getByText(/· failed$/)).toBeVisible();
  await expect(card(page, 'a queued job with junk times')).toContainText('Request not found');
  // A later picture from this page: anything sent or checked by itself went out before.
  await generateNow(page, 'a picture among the junk');
  expect(await sentWith(key)).toEqual([
    ['fetch/555011', undefined],
    ['text2img', 'a picture among the junk'],
  ]);
  await expect(cards(page)).toHaveCount(8);
});

test('records imported in every in-flight state, old names too, send nothing and check nothing', async ({
  page,
}) => {
  const key = uniqueKey('import-states');
  await page.goto('/');
  await chooseModelsLab(page, key);
  const past = Date.now() - 60_000;
  // As another browser's tab left them: each due at once, had it been this tab's.
  const inFlight = (index: number, state: string, extra: Record<string, unknown> = {}) => ({
    ...record(index, `imported in state ${state}`),
    kind: 'text2img',
    state,
    sender: 'a-tab-of-another-browser',
    images: [],
    finishedAt: undefined,
    ...extra,
  });
  const older = (index: number, state: string, extra: Record<string, unknown> = {}) =>
    olderVersionRecord(index, `imported in state ${state}`, state, {
      images: [],
      finishedAt: undefined,
      ...extra,
    });
  await importHistory(
    page,
    'history.json',
    exportFile([
      inFlight(1, 'waiting', { remoteId: undefined }),
      inFlight(2, 'sending', { remoteId: undefined }),
      inFlight(3, 'retrying', { remoteId: undefined, retryAt: past }),
      inFlight(4, 'processing', { pollStartedAt: past, firstPollAt: past, etaSeconds: 1 }),
      older(5, 'queued', { remoteId: undefined }),
      older(6, 'error', { error: { kind: 'server' } }),
      older(7, 'cancelled'),
      inFlight(8, 'stopped'),
      inFlight(9, 'nonsense'),
      inFlight(10, 'done', { createdAt: 'yesterday' }),
    ] as never),
  );
  await expect(importNotice(page)).toContainText('Imported 8 generations (2 could not be read).');
  const shows = async (state: string, text: string, label: string) => {
    await expect(card(page, `imported in state ${state}`)).toContainText(text);
    await expect(card(page, `imported in state ${state}`).getByText(label)).toBeVisible();
  };
  const settledAll = async () => {
    await shows('waiting', 'Cancelled. It was not sent (again).', '· cancelled');
    await shows('sending', 'Unknown — check your ModelsLab dashboard', '· unknown');
    await shows('retrying', 'Cancelled. It was not sent (again).', '· cancelled');
    await shows('processing', 'the app stopped checking', '· checking stopped');
    await shows('queued', 'Cancelled. It was not sent (again).', '· cancelled');
    await shows('error', 'failed', '· failed');
    await shows('cancelled', 'You stopped checking on this job.', '· stopped');
    await shows('stopped', 'You stopped checking on this job.', '· stopped');
  };
  await settledAll();
  // A later picture from this page: a send or check of any of them would have gone first.
  await generateNow(page, 'a picture made after the import');
  expect(await sentWith(key)).toEqual([['text2img', 'a picture made after the import']]);
  await settledAll();
});

test('without Web Locks, a leftover job lease that claims to last a year stops nobody from checking the job', async ({
  page,
  context,
}) => {
  await context.addInitScript(withoutWebLocks);
  const key = uniqueKey('lease-future');
  const id = 770_000_000 + (Date.now() % 1_000_000);
  const prompt = 'a queued job behind a stuck lease';
  await scriptAnswers(key, [{ path: `/fetch/${id}`, body: success(id) }]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  const now = Date.now();
  const job = {
    ...record(1, prompt),
    localId: 'lease-job',
    kind: 'text2img',
    state: 'processing',
    sender: 'a-tab-that-crashed',
    remoteId: String(id),
    images: [],
    seed: undefined,
    finishedAt: undefined,
    // Queued 6 minutes ago: had nobody checked it, it would have stopped (stalled) by now.
    pollStartedAt: now - 6 * 60_000,
    firstPollAt: now - 5 * 60_000,
    etaSeconds: 1,
  };
  await storeRaw(page, [[job.localId, job]]);
  // e.g. written by a tab that crashed while the system clock was far ahead.
  await page.evaluate(() =>
    localStorage.setItem(
      'modelslab-studio.lease:job:lease-job',
      JSON.stringify({ tabId: 'a-tab-that-crashed', until: Date.now() + 365 * 86_400_000 }),
    ),
  );
  await page.reload();
  await expectKey(page, key);
  await expectImagesLoaded(page, new RegExp(prompt), 1);
  await generateNow(page, 'a picture after the stuck lease');
  expect(await sentWith(key)).toEqual([
    [`fetch/${id}`, undefined],
    ['text2img', 'a picture after the stuck lease'],
  ]);
});
