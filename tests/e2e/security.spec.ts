import type { Page } from '@playwright/test';
import { contentSecurityPolicy } from '../../scripts/csp.mjs';
import type { JobRecordInput as JobRecord } from '../../src/features/jobs';
import {
  API,
  callsFor,
  chooseModelsLab,
  chooseSandbox,
  elsewhereVisits,
  expect,
  expectImagesLoaded,
  scriptAnswers,
  test,
  uniqueKey,
} from './fixtures';
import {
  card,
  exportFile,
  generateNow,
  importHistory,
  importNotice,
  record,
  submit,
} from './helpers';
import { CONTRACT_PORT } from './ports';

/** The same stand-in server under another name: another origin, which the policy does not allow. */
const FOREIGN = `http://localhost:${CONTRACT_PORT}`;

test('the built page carries its Content-Security-Policy: an inline script, eval, a foreign image and a foreign connection are refused and reported', async ({
  page,
  cspViolations,
  consoleErrors,
}) => {
  const referers: Array<string | null> = [];
  page.on('request', async (request) => {
    if (request.url().startsWith(`${API}/pictures/`))
      referers.push(await request.headerValue('referer'));
  });
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Generate' })).toBeVisible();
  const meta = await page.evaluate(() => ({
    policy: document
      .querySelector('meta[http-equiv="Content-Security-Policy"]')
      ?.getAttribute('content'),
    referrer: document.querySelector('meta[name="referrer"]')?.getAttribute('content'),
  }));
  expect(meta).toEqual({ policy: contentSecurityPolicy(API), referrer: 'no-referrer' });

  const outcome = await page.evaluate(
    async ({ api, foreign }) => {
      const flags = window as unknown as { inlineRan?: boolean };
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.head.append(script);

      // Code of the page's own: the test's evaluation itself may always evaluate strings.
      const evalRan = await new Promise<boolean>((resolve) =>
        setTimeout(() => {
          try {
            resolve(Function('return true')() === true);
          } catch {
            resolve(false);
          }
        }),
      );

      const load = (src: string) =>
        new Promise<boolean>((resolve) => {
          const image = new Image();
          image.onload = () => resolve(true);
          image.onerror = () => resolve(false);
          image.src = src;
        });
      const reach = (url: string) =>
        fetch(url).then(
          (response) => response.ok,
          () => false,
        );
      return {
        inlineRan: flags.inlineRan === true,
        evalRan,
        apiImage: await load(`${api}/pictures/1-0-8x8.svg`),
        foreignImage: await load(`${foreign}/pictures/1-0-8x8.svg`),
        apiFetch: await reach(`${api}/__calls?key=nobody`),
        foreignFetch: await reach(`${foreign}/__calls?key=nobody`),
      };
    },
    { api: API, foreign: FOREIGN },
  );
  expect(outcome).toEqual({
    inlineRan: false,
    evalRan: false,
    apiImage: true,
    foreignImage: false,
    apiFetch: true,
    foreignFetch: false,
  });
  await expect
    .poll(() => cspViolations.map((line) => line.split(' on ')[0]).sort())
    .toEqual([
      `connect-src blocked ${FOREIGN}/__calls?key=nobody`,
      `img-src blocked ${FOREIGN}/pictures/1-0-8x8.svg`,
      'script-src blocked eval',
      'script-src-elem blocked inline',
    ]);
  // The page's pictures are asked for without saying where from.
  expect(referers).toEqual([null]);
  // Expected here: this test's own violations, and the browser's console lines about them.
  cspViolations.length = 0;
  const refused = consoleErrors.splice(0);
  expect(refused.every((line) => /Content Security Policy/.test(line))).toBe(true);
});

/** The paths the stand-in server got with the key, in order. */
const paths = async (key: string) => (await callsFor(key)).map((call) => call.path);

async function generateWithKey(page: Page, key: string, prompt: string) {
  await page.goto('/');
  await chooseModelsLab(page, key);
  await submit(page, prompt);
}

// The redirects point at another address of the stand-in server, which records whatever
// reaches it. Not at another origin: the page's policy allows no other http origin, so it
// would refuse the followed request itself and hide what the API client does (a real
// attacker's address would be https, which the policy allows).
for (const status of [307, 308, 301, 302]) {
  test(`an API answer that redirects (HTTP ${status}) to another address is not followed: the key goes nowhere else`, async ({
    page,
  }) => {
    const key = uniqueKey(`redirect-${status}`);
    const target = `redirect-${status}-${process.pid}-${Date.now()}`;
    await scriptAnswers(key, [
      {
        path: '/text2img',
        status,
        body: '',
        headers: { Location: `${API}/__elsewhere/${target}/api/v6/images/text2img` },
      },
    ]);
    const prompt = `a picture answered with ${status}`;
    await generateWithKey(page, key, prompt);
    const picture = page.getByRole('img', { name: new RegExp(prompt) });
    const alert = page.getByRole('alert');
    // Over, one way or the other: a banner, or (had the redirect been followed) a picture.
    await expect(alert.or(picture).first()).toBeVisible();
    expect(await elsewhereVisits(target), 'what reached the redirect target').toEqual([]);
    await expect(alert).toContainText('The API address sent the request somewhere else');
    await expect(alert).toContainText('it was not followed');
    await expect(picture).toHaveCount(0);
    expect(await paths(key)).toEqual(['/api/v6/images/text2img']);
  });
}

const HOSTILE_FETCH = `${API}/api/v3/delete_everything?confirm=yes`;
const jobNumber = () => 720_000_000 + (Date.now() % 10_000_000);
const picture = (id: number) => ({
  status: 'success',
  id,
  output: [`${API}/pictures/${id % 1000}-0-512x512.svg`],
});

test('a queued answer whose fetch_result names another endpoint is checked at the documented fetch address only', async ({
  page,
}) => {
  const key = uniqueKey('hostile-fetch-result');
  const id = jobNumber();
  const queued = { status: 'processing', id, eta: 1, fetch_result: HOSTILE_FETCH, output: [] };
  await scriptAnswers(key, [
    { path: '/text2img', body: queued },
    { path: `/fetch/${id}`, body: queued },
    { path: `/fetch/${id}`, body: picture(id) },
  ]);
  const prompt = 'a job whose answer names a dangerous address';
  await generateWithKey(page, key, prompt);
  await expect.poll(() => paths(key)).toHaveLength(3);
  expect(await paths(key)).toEqual([
    '/api/v6/images/text2img',
    `/api/v6/images/fetch/${id}`,
    `/api/v6/images/fetch/${id}`,
  ]);
  await expectImagesLoaded(page, new RegExp(prompt), 1);
});

test('"Check again" on a job whose fetch_result names another endpoint asks the documented fetch address', async ({
  page,
}) => {
  const key = uniqueKey('hostile-fetch-check-again');
  const id = jobNumber();
  await scriptAnswers(key, [
    {
      path: '/text2img',
      body: { status: 'processing', id, eta: 60, fetch_result: HOSTILE_FETCH, output: [] },
    },
    { path: `/fetch/${id}`, body: picture(id) },
  ]);
  const prompt = 'a stopped job whose answer names a dangerous address';
  await generateWithKey(page, key, prompt);
  const job = card(page, prompt);
  await expect(job.getByRole('progressbar')).toBeVisible();
  await job.getByRole('button', { name: 'Stop waiting' }).click();
  await job.getByRole('button', { name: 'Check again' }).click();
  await expect.poll(() => paths(key)).toHaveLength(2);
  expect(await paths(key)).toEqual(['/api/v6/images/text2img', `/api/v6/images/fetch/${id}`]);
  await expectImagesLoaded(page, new RegExp(prompt), 1);
});

test('an imported record whose fetch address names another endpoint is checked at the documented one', async ({
  page,
}) => {
  const key = uniqueKey('hostile-import');
  const id = jobNumber();
  const prompt = 'an imported job with a dangerous address';
  const createdAt = Date.now() - 60_000;
  const job: JobRecord = {
    ...record(0, prompt),
    createdAt,
    state: 'processing',
    remoteId: String(id),
    fetchUrl: HOSTILE_FETCH,
    etaSeconds: 1,
    pollStartedAt: createdAt,
    firstPollAt: createdAt + 1000,
    images: [],
    seed: undefined,
    finishedAt: undefined,
  };
  await scriptAnswers(key, [{ path: `/fetch/${id}`, body: picture(id) }]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  await importHistory(page, 'history.json', exportFile([job]));
  await expect(importNotice(page)).toContainText('Imported 1 generation.');
  await card(page, prompt).getByRole('button', { name: 'Check again' }).click();
  await expect.poll(() => paths(key)).toHaveLength(1);
  expect(await paths(key)).toEqual([`/api/v6/images/fetch/${id}`]);
  await expectImagesLoaded(page, new RegExp(prompt), 1);
});

test('under the policy, a sandbox picture (drawn in the page) shows full size and downloads', async ({
  page,
}) => {
  await page.goto('/');
  await chooseSandbox(page);
  await generateNow(page, 'a paper boat on a pond');
  await page.getByRole('button', { name: 'Open image 1 full size' }).click();
  const viewer = page.getByRole('dialog', { name: 'Full-size image' });
  const shown = viewer.getByRole('img', { name: /a paper boat on a pond/ });
  await expect
    .poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
  expect(await shown.getAttribute('src')).toMatch(/^data:image\//);
  const downloading = page.waitForEvent('download');
  await viewer.getByRole('button', { name: 'Download' }).click();
  expect((await downloading).suggestedFilename()).toMatch(/^a-paper-boat-on-a-pond-\d+-1\.jpg$/);
});
