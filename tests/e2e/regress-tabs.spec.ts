import type { BrowserContext, Page } from '@playwright/test';
import {
  expect,
  expectImagesLoaded,
  expectKey,
  inConnection,
  raiseSignal,
  releaseAnswers,
  scriptAnswers,
  test,
  uniqueKey,
} from './fixtures';
import {
  busyUntil,
  card,
  cards,
  escapeRegExp,
  generateNow,
  openTab,
  openWithRememberedKey,
  sentWith,
  submit,
  success,
  text2imgCalls,
  withoutWebLocks,
} from './helpers';

/*
 * Regression tests from an adversarial review: several tabs acting on one job at the same
 * time. A tab that is busy (a long task) acts on what it knew before; every change goes
 * through the stored record (docs/architecture.md, "Storage"), so such a stale click
 * changes nothing another tab already moved on. The busy tab is made busy by `busyUntil`,
 * which ends on what the stand-in server saw or on a flag the test raises, never on time.
 */

const images = (prompt: string) => new RegExp(escapeRegExp(prompt));

test('a stale "Try again" in a busy second tab sends nothing twice', async ({ page, context }) => {
  const key = uniqueKey('stale-try-again');
  const prompt = 'a piggy bank refilled twice';
  await scriptAnswers(key, [
    {
      path: '/text2img',
      status: 402,
      body: { status: 'error', message: 'Insufficient credits. Please add more credits.' },
    },
    // The resend: unanswered until the busy tab's stale click has had its say.
    { path: '/text2img', held: true, body: success(21) },
  ]);
  await openWithRememberedKey(page, key);
  await submit(page, prompt);
  await expect(card(page, prompt)).toContainText('Your ModelsLab account is out of credits');
  const b = await openTab(context);
  await expectKey(b.page, key);
  await expect(card(b.page, prompt).getByRole('button', { name: 'Try again' })).toBeVisible();

  // Tab B is busy; meanwhile tab A's "Try again" sends the job, and once the resend has
  // reached the server, B's own "Try again" (still on screen there) lands.
  const stale = await busyUntil(b.page, { key, calls: 2 }, { prompt, button: 'Try again' });
  await card(page, prompt).getByRole('button', { name: 'Try again' }).click();
  expect(await stale.outcome).toBe('clicked');
  // B follows the stored record: the request A sent is on its way.
  await expect(card(b.page, prompt)).toContainText('Sending your request…');
  await expect(card(page, prompt)).toContainText('Sending your request…');

  expect(await releaseAnswers(key)).toBe(1);
  await expectImagesLoaded(page, images(prompt), 1);
  await expectImagesLoaded(b.page, images(prompt), 1);
  // A later picture from tab B: a send of its own of the generation would have gone out
  // before this one. The first (402) and one resend: a second resend is a second charge.
  await generateNow(b.page, 'a coin for the piggy bank');
  expect(await sentWith(key)).toEqual([
    ['text2img', prompt],
    ['text2img', prompt],
    ['text2img', 'a coin for the piggy bank'],
  ]);
  expect(b.errors).toEqual([]);
});

test('a stale "Cancel" in a busy tab does not drop the picture of a request another tab already sent', async ({
  page,
  context,
}) => {
  const key = uniqueKey('stale-cancel');
  const prompt = 'a second job sent while the other tab was busy';
  await scriptAnswers(key, [
    { path: '/text2img', held: true, body: success(31) },
    { path: '/text2img', held: true, body: success(32) },
  ]);
  await openWithRememberedKey(page, key);
  await inConnection(page, (drawer) => drawer.getByLabel('Requests at once').selectOption('1'));
  const b = await openTab(context);
  await inConnection(b.page, (drawer) =>
    expect(drawer.getByLabel('Requests at once')).toHaveValue('1'),
  );
  await submit(page, 'a first job holding the only slot');
  await expect(card(page, 'a first job holding the only slot')).toContainText(
    'Sending your request…',
  );
  await submit(page, prompt);
  await expect(card(b.page, prompt)).toContainText('Waiting for a free slot');

  // B is busy; the first job is answered, so tab A sends the second; once that request has
  // reached the server, B's "Cancel" (for the job it still sees waiting) lands.
  const stale = await busyUntil(b.page, { key, calls: 2 }, { prompt, button: 'Cancel' });
  expect(await releaseAnswers(key)).toBe(1);
  expect(await stale.outcome).toBe('clicked');
  // The request is on its way: B follows the stored record, and nothing says "not sent".
  await expect(card(b.page, prompt)).toContainText('Sending your request…');
  await expect(card(page, prompt)).toContainText('Sending your request…');

  expect(await releaseAnswers(key)).toBe(1);
  await expectImagesLoaded(page, images(prompt), 1);
  await expectImagesLoaded(b.page, images(prompt), 1);
  for (const tab of [page, b.page]) {
    await expect(card(tab, prompt)).not.toContainText('It was not sent');
    await expect(card(tab, prompt).getByText(/· done$/)).toBeVisible();
  }
  // A later picture from tab B (the busy one): the only slot is free again, and the two
  // sends before it were the only ones.
  await generateNow(b.page, 'a third picture from the busy tab');
  expect(await sentWith(key)).toEqual([
    ['text2img', 'a first job holding the only slot'],
    ['text2img', prompt],
    ['text2img', 'a third picture from the busy tab'],
  ]);
  await expect(card(page, prompt).getByText(/· done$/)).toBeVisible();
  expect(b.errors).toEqual([]);
});

test('"Requests at once: 1" holds across two tabs: when the slot frees, only one of their waiting jobs goes out', async ({
  page,
  context,
}) => {
  const key = uniqueKey('cross-tab-limit');
  await scriptAnswers(key, [
    { path: '/text2img', held: true, body: success(1) },
    { path: '/text2img', held: true, body: success(2) },
    { path: '/text2img', held: true, body: success(3) },
  ]);
  await openWithRememberedKey(page, key);
  await inConnection(page, (drawer) => drawer.getByLabel('Requests at once').selectOption('1'));
  const b = await openTab(context);
  await expectKey(b.page, key);
  await inConnection(b.page, (drawer) =>
    expect(drawer.getByLabel('Requests at once')).toHaveValue('1'),
  );

  await submit(page, 'first in line');
  await expect(card(page, 'first in line')).toContainText('Sending your request…');
  await submit(page, 'second, from tab A');
  await expect(card(page, 'second, from tab A')).toContainText('Waiting for a free slot');
  await submit(b.page, 'third, from tab B');
  await expect(card(b.page, 'third, from tab B')).toContainText(
    'Waiting for a free slot (1 of 1 in use)',
  );
  expect(await sentWith(key)).toEqual([['text2img', 'first in line']]);

  // The slot frees: each tab has a waiting job, and only one may go.
  expect(await releaseAnswers(key)).toBe(1);
  await expect.poll(async () => (await text2imgCalls(key)).length).toBeGreaterThanOrEqual(2);
  // Both tabs have seen the first picture (so both have looked at the free slot), and show
  // one job being sent and one waiting.
  for (const tab of [page, b.page]) {
    await expectImagesLoaded(tab, images('first in line'), 1);
    await expect(cards(tab).filter({ hasText: 'Sending your request…' })).toHaveCount(1);
    await expect(
      cards(tab).filter({ hasText: 'Waiting for a free slot (1 of 1 in use)' }),
    ).toHaveCount(1);
  }
  expect(await text2imgCalls(key)).toHaveLength(2);

  // The last one leaves only once the second is answered.
  const secondAnswered = Date.now();
  expect(await releaseAnswers(key)).toBe(1);
  await expect.poll(async () => (await text2imgCalls(key)).length).toBe(3);
  const calls = await text2imgCalls(key);
  expect(calls[2]?.at ?? 0).toBeGreaterThanOrEqual(secondAnswered);
  expect(await releaseAnswers(key)).toBe(1);
  for (const tab of [page, b.page]) {
    await expectImagesLoaded(tab, /first in line|second, from tab A|third, from tab B/, 3);
  }
  expect(calls.map((call) => call.body.prompt).sort()).toEqual([
    'first in line',
    'second, from tab A',
    'third, from tab B',
  ]);
  expect(await text2imgCalls(key)).toHaveLength(3);
  expect(b.errors).toEqual([]);
});

test('a generation deleted in a busy tab stays deleted when another tab finishes it meanwhile', async ({
  page,
  context,
}) => {
  const key = uniqueKey('ghost');
  const id = 760_000_000 + (Date.now() % 1_000_000);
  const prompt = 'a stopped job whose last check was on its way';
  await scriptAnswers(key, [
    { path: '/text2img', body: { status: 'processing', id, eta: 1, output: [] } },
    // The check is on its way (and held) when the person stops waiting.
    { path: `/fetch/${id}`, held: true, body: success(id) },
  ]);
  await openWithRememberedKey(page, key);
  const b = await openTab(context);
  await expectKey(b.page, key);
  await submit(page, prompt);
  await expect.poll(async () => (await sentWith(key)).length).toBe(2);
  await card(page, prompt).getByRole('button', { name: 'Stop waiting' }).click();
  await expect(card(b.page, prompt)).toContainText('You stopped checking');

  // B is busy while A's check comes back with the picture; then B's delete lands (B still
  // shows the job stopped), and then B hears of A's picture.
  const go = `${key}-delete`;
  const stale = await busyUntil(
    b.page,
    { signal: go },
    { prompt, button: 'Delete this generation' },
  );
  expect(await releaseAnswers(key)).toBe(1);
  await expectImagesLoaded(page, images(prompt), 1);
  await raiseSignal(go);
  expect(await stale.outcome).toBe('clicked');

  // A later picture from tab B: A's message about the finished job reached B before it.
  await generateNow(b.page, 'a picture after the delete');
  for (const tab of [page, b.page]) {
    await expect(card(tab, 'a picture after the delete')).toBeVisible();
    await expect(card(tab, prompt)).toHaveCount(0);
    await expect(cards(tab)).toHaveCount(1);
  }
  await page.reload();
  await expect(card(page, 'a picture after the delete')).toBeVisible();
  await expect(cards(page)).toHaveCount(1);
  expect(b.errors).toEqual([]);
});

test('"Clear all" in one tab while another is checking a job: nothing comes back, in either tab', async ({
  page,
  context,
}) => {
  const key = uniqueKey('clear-while-polling');
  const id = 750_000_000 + (Date.now() % 1_000_000);
  const prompt = 'a job cleared mid-check';
  await scriptAnswers(key, [
    { path: '/text2img', body: { status: 'processing', id, eta: 1, output: [] } },
    { path: `/fetch/${id}`, held: true, body: success(id) },
  ]);
  await openWithRememberedKey(page, key);
  await submit(page, prompt);
  const b = await openTab(context);
  await expect(card(b.page, prompt)).toBeVisible();
  // Tab A's check is on its way when tab B clears everything.
  await expect
    .poll(() => sentWith(key))
    .toEqual([
      ['text2img', prompt],
      [`fetch/${id}`, undefined],
    ]);
  await b.page.getByRole('button', { name: 'Clear all' }).click();
  await b.page.getByRole('button', { name: 'Delete all' }).click();
  await expect(b.page.getByText('Your pictures will appear here.')).toBeVisible();
  await expect(page.getByText('Your pictures will appear here.')).toBeVisible();
  // The check comes back with the picture.
  expect(await releaseAnswers(key)).toBe(1);

  // A later picture from tab A: the answer of its check arrived before this one's.
  await generateNow(page, 'a fresh start');
  for (const tab of [page, b.page]) {
    await expect(card(tab, 'a fresh start')).toBeVisible();
    await expect(cards(tab)).toHaveCount(1);
  }
  await page.reload();
  await b.page.reload();
  for (const tab of [page, b.page]) {
    await expect(card(tab, 'a fresh start')).toBeVisible();
    await expect(cards(tab)).toHaveCount(1);
  }
  expect(await sentWith(key)).toEqual([
    ['text2img', prompt],
    [`fetch/${id}`, undefined],
    ['text2img', 'a fresh start'],
  ]);
  expect(b.errors).toEqual([]);
});

/*
 * A tab that is busy for a while (a long task, or a background tab whose timers the
 * browser throttles) while its request is on its way. With Web Locks its lock stays held;
 * with the lease fallback it misses renewals, and the other tabs take it for gone.
 */

test('with Web Locks, a tab busy for longer than a lease lasts keeps its request, and both tabs get the picture', async ({
  page,
  context,
}) => {
  const key = uniqueKey('locks-blocked');
  const prompt = 'a picture made while its tab was blocked';
  await scriptAnswers(key, [{ path: '/text2img', held: true, body: success(52) }]);
  const sender = await context.newPage();
  await openWithRememberedKey(sender, key);
  await page.goto('/');
  await submit(sender, prompt);
  await expect(card(page, prompt)).toContainText('Sending your request…');
  // Longer than a lease's 6 s plus a renewal's 2 s (src/lib/tabs.ts).
  const busy = await busyUntil(sender, { ms: 9000 });
  expect(await busy.outcome).toBe('done');
  // Still being sent: "unknown" would never turn back into "sending".
  await expect(card(page, prompt)).toContainText('Sending your request…');
  await expect(card(page, prompt).getByText(/· sending$/)).toBeVisible();

  expect(await releaseAnswers(key)).toBe(1);
  await expectImagesLoaded(sender, images(prompt), 1);
  await expectImagesLoaded(page, images(prompt), 1);
  await generateNow(page, 'a picture after the wait');
  expect(await sentWith(key)).toEqual([
    ['text2img', prompt],
    ['text2img', 'a picture after the wait'],
  ]);
});

test('without Web Locks, a tab that misses its lease while its request is out still gets the paid picture, in both tabs', async ({
  page,
  context,
}) => {
  await context.addInitScript(withoutWebLocks);
  const key = uniqueKey('lease-blocked');
  const prompt = 'a picture made while its tab missed its lease';
  await scriptAnswers(key, [{ path: '/text2img', held: true, body: success(51) }]);
  const sender = await context.newPage();
  await openWithRememberedKey(sender, key);
  await page.goto('/');
  expect(await page.evaluate(() => navigator.locks)).toBeUndefined();
  await submit(sender, prompt);
  await expect(card(page, prompt)).toContainText('Sending your request…');

  // The sending tab is busy until the other one has taken it for gone (its lease ran out).
  const go = `${key}-wake`;
  const busy = await busyUntil(sender, { signal: go });
  await expect(card(page, prompt)).toContainText('Unknown — check your ModelsLab dashboard');
  await raiseSignal(go);
  expect(await busy.outcome).toBe('done');

  // Then the service answers with a picture (and charged for it): it is shown.
  expect(await releaseAnswers(key)).toBe(1);
  await expectImagesLoaded(sender, images(prompt), 1);
  await expectImagesLoaded(page, images(prompt), 1);
  await expect(card(page, prompt)).not.toContainText('Unknown');
  await generateNow(page, 'a picture after the missed lease');
  expect(await sentWith(key)).toEqual([
    ['text2img', prompt],
    ['text2img', 'a picture after the missed lease'],
  ]);
});

test('the sending tab reloads mid-send: the other tab never reports the dropped request as a failure, and both say "unknown"', async ({
  page,
  context,
}) => {
  const key = uniqueKey('reload-mid-send');
  const prompt = 'a letter dropped by a reload';
  await scriptAnswers(key, [{ path: '/text2img', held: true, body: success(43) }]);
  const sender = await context.newPage();
  await openWithRememberedKey(sender, key);
  // Anything this tab ever shows of a failure to reach the service is noted.
  await page.addInitScript(() => {
    const seen = () => {
      if (document.body?.textContent.includes('could not reach the service')) {
        localStorage.setItem('test.saw-failure', 'yes');
      }
    };
    new MutationObserver(seen).observe(document, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  });
  await page.goto('/');
  await submit(sender, prompt);
  await expect(card(page, prompt)).toContainText('Sending your request…');
  // The request has reached the service (and is held there) before the reload cuts it off:
  // a reload before that would leave the held answer for the next request.
  await expect.poll(() => sentWith(key)).toEqual([['text2img', prompt]]);

  await sender.reload();
  for (const tab of [page, sender]) {
    await expect(card(tab, prompt)).toContainText('Unknown — check your ModelsLab dashboard');
  }
  await generateNow(page, 'a postcard after the reload');
  expect(await sentWith(key)).toEqual([
    ['text2img', prompt],
    ['text2img', 'a postcard after the reload'],
  ]);
  for (const tab of [page, sender]) {
    await expect(card(tab, prompt)).toContainText('Unknown — check your ModelsLab dashboard');
    await expect(card(tab, prompt)).not.toContainText('could not reach');
  }
  expect(await page.evaluate(() => localStorage.getItem('test.saw-failure'))).toBeNull();
});

/*
 * Three tabs: the one that sent a job closes mid-way; the other two settle what it left,
 * once (with Web Locks, and with the lease in localStorage where they are missing).
 */

for (const mode of ['web-locks', 'lease'] as const) {
  test.describe(`three tabs, ${mode}`, () => {
    test.beforeEach(async ({ context }) => {
      if (mode === 'lease') await context.addInitScript(withoutWebLocks);
    });

    /** The sending tab (with the key remembered), then two more tabs. */
    async function threeTabs(page: Page, context: BrowserContext, key: string) {
      const sender = await context.newPage();
      await openWithRememberedKey(sender, key);
      await page.goto('/');
      const c = await openTab(context);
      await expectKey(c.page, key);
      if (mode === 'lease') expect(await page.evaluate(() => navigator.locks)).toBeUndefined();
      return { sender, c };
    }

    test('the sender closes mid-send: both other tabs show "unknown", and nothing is sent again', async ({
      page,
      context,
    }) => {
      const key = uniqueKey(`3tabs-sending-${mode}`);
      const prompt = 'a letter in flight';
      // Never answered: the sending tab closes first.
      await scriptAnswers(key, [{ path: '/text2img', held: true, body: success(41) }]);
      const { sender, c } = await threeTabs(page, context, key);
      await submit(sender, prompt);
      await expect(card(page, prompt)).toContainText('Sending your request…');
      await expect(card(c.page, prompt)).toContainText('Sending your request…');
      // Held at the service before the tab closes (else the held answer waits for the next).
      await expect.poll(() => sentWith(key)).toEqual([['text2img', prompt]]);
      await sender.close();
      for (const tab of [page, c.page]) {
        await expect(card(tab, prompt)).toContainText('Unknown — check your ModelsLab dashboard');
      }
      // A later picture from each tab left: a resend would have gone out before them.
      await generateNow(page, 'a postcard from the second tab');
      await generateNow(c.page, 'a postcard from the third tab');
      expect(await sentWith(key)).toEqual([
        ['text2img', prompt],
        ['text2img', 'a postcard from the second tab'],
        ['text2img', 'a postcard from the third tab'],
      ]);
      for (const tab of [page, c.page]) {
        await expect(card(tab, prompt)).toContainText('Unknown — check your ModelsLab dashboard');
      }
      expect(c.errors).toEqual([]);
    });

    test('the sender closes while its job is queued: one of the other tabs takes the checking over', async ({
      page,
      context,
    }) => {
      const key = uniqueKey(`3tabs-polling-${mode}`);
      const id = 720_000_000 + (Date.now() % 1_000_000);
      const prompt = 'a queued lighthouse';
      await scriptAnswers(key, [
        // First check due in 4 s: the sender is closed by then.
        { path: '/text2img', body: { status: 'processing', id, eta: 4, output: [] } },
        { path: `/fetch/${id}`, body: success(id) },
      ]);
      const { sender, c } = await threeTabs(page, context, key);
      await submit(sender, prompt);
      await expect(card(page, prompt).getByRole('progressbar')).toBeVisible();
      await sender.close();
      await expectImagesLoaded(page, images(prompt), 1);
      await expectImagesLoaded(c.page, images(prompt), 1);
      // A later picture from each tab left: a check either had under way would have
      // reached the server before them.
      await generateNow(page, 'a ship from the second tab');
      await generateNow(c.page, 'a ship from the third tab');
      expect(await sentWith(key)).toEqual([
        ['text2img', prompt],
        [`fetch/${id}`, undefined],
        ['text2img', 'a ship from the second tab'],
        ['text2img', 'a ship from the third tab'],
      ]);
      expect(c.errors).toEqual([]);
    });

    test('the sender closes while counting down after a 429: the other tabs cancel it, and nobody sends it again', async ({
      page,
      context,
    }) => {
      const key = uniqueKey(`3tabs-retrying-${mode}`);
      const prompt = 'a busy minute';
      const busy = {
        path: '/text2img',
        status: 429,
        body: { status: 'error', message: 'Rate limit exceeded', retry_after: 4 },
      };
      // The job's 429, then the later picture's own 429 and its picture.
      await scriptAnswers(key, [busy, busy, { path: '/text2img', body: success(43) }]);
      const { sender, c } = await threeTabs(page, context, key);
      await submit(sender, prompt);
      await expect(card(page, prompt)).toContainText('Retrying in');
      await sender.close();
      for (const tab of [page, c.page]) {
        await expect(card(tab, prompt)).toContainText('Cancelled. It was not sent (again).');
      }
      // A later picture from the second tab, refused for the same 4 s first: it is sent
      // again after the job's own retry time, so a resend of the job would come before.
      await generateNow(page, 'a calm minute later');
      expect(await sentWith(key)).toEqual([
        ['text2img', prompt],
        ['text2img', 'a calm minute later'],
        ['text2img', 'a calm minute later'],
      ]);
      for (const tab of [page, c.page]) {
        await expect(card(tab, prompt)).toContainText('Cancelled. It was not sent (again).');
      }
      expect(c.errors).toEqual([]);
    });
  });
}
