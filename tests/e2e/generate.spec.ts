import {
  API,
  callsFor,
  chooseModelsLab,
  chooseSandbox,
  expect,
  expectImagesLoaded,
  inConnection,
  scriptAnswers,
  test,
  uniqueKey,
} from './fixtures';
import { card, openMoreSettings } from './helpers';

test('a new visitor can make a picture on the sandbox with no key', async ({ page }) => {
  await page.goto('/');
  await chooseSandbox(page);
  await expect(page.getByRole('note')).toContainText('simulated');
  await expect(page.getByRole('note')).toContainText('cost');
  await page.getByLabel('Prompt', { exact: true }).fill('a sunset over quiet mountains');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expectImagesLoaded(page, /a sunset over quiet mountains/, 1);
  await expect(card(page, 'a sunset over quiet mountains').getByText(/· seed \d+ ·/)).toBeVisible();
});

test('a large sandbox picture is queued: a progress bar counts down, then the images appear', async ({
  page,
}) => {
  await page.goto('/');
  await chooseSandbox(page);
  await page.getByLabel('Prompt', { exact: true }).fill('stormy ocean waves at night');
  await page.getByRole('button', { name: /Square 1:1/ }).click();
  await page.getByLabel('Images').fill('2');
  await page.keyboard.press('Control+Enter');
  const bar = page.getByRole('progressbar');
  await expect(bar).toBeVisible();
  await expect(page.getByText(/about \d+ s left/)).toBeVisible();
  await expectImagesLoaded(page, /stormy ocean waves at night/, 2);
  await expect(bar).toHaveCount(0);
});

test('with a real key, the request carries the key and typed numbers, and the images show', async ({
  page,
}) => {
  const key = uniqueKey('typed-body');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.getByLabel('Prompt', { exact: true }).fill('a red fox in the snow');
  await page.getByLabel('Model', { exact: true }).fill('sdxl');
  await page.getByLabel('Negative prompt').fill('blurry');
  await openMoreSettings(page);
  await page.getByRole('textbox', { name: 'Seed' }).fill('3312345678');
  const request = page.waitForRequest((r) => r.url().endsWith('/api/v6/images/text2img'));
  await page.getByRole('button', { name: 'Generate' }).click();
  expect((await request).postDataJSON()).toEqual({
    key,
    prompt: 'a red fox in the snow',
    negative_prompt: 'blurry',
    model_id: 'sdxl',
    width: 512,
    height: 512,
    samples: 1,
    num_inference_steps: 30,
    guidance_scale: 7.5,
    seed: 3312345678,
  });
  await expectImagesLoaded(page, /a red fox in the snow/, 1);
  await expect(page.getByText('3312345678', { exact: true })).toBeVisible();
});

test('a queued job is polled at its ETA and ends in images, with few fetch calls', async ({
  page,
}) => {
  const key = uniqueKey('queued');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.getByLabel('Prompt', { exact: true }).fill('a lighthouse on a cliff');
  await page.getByLabel('Width').fill('1024');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await expect(page.getByText(/about \d+ s left/)).toBeVisible();
  await expectImagesLoaded(page, /a lighthouse on a cliff/, 1);
  const calls = await callsFor(key);
  expect(calls.filter((c) => c.path.endsWith('/text2img'))).toHaveLength(1);
  const fetches = calls.filter((c) => c.path.includes('/fetch/'));
  expect(fetches.length).toBeGreaterThanOrEqual(1);
  expect(fetches.length).toBeLessThanOrEqual(3);
  expect(fetches[0]?.body).toEqual({ key });
});

test('every quirk of a queued answer is handled: messege, no fetch_result, output "", proxy_links ""', async ({
  page,
}) => {
  const key = uniqueKey('quirks');
  await scriptAnswers(key, [
    {
      path: '/text2img',
      body: {
        status: 'processing',
        id: 777001,
        eta: 1.5,
        messege: 'Try to fetch request after seconds estimated',
        output: [],
        future_links: [],
      },
    },
    {
      path: '/fetch/777001',
      body: { status: 'processing', messege: 'try again later.', output: '', tip: 'x' },
    },
    {
      path: '/fetch/777001',
      body: {
        status: 'success',
        id: '777001',
        output: [`${API}/pictures/5-0-512x512.svg`],
        proxy_links: '',
      },
    },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.getByLabel('Prompt', { exact: true }).fill('quirky answers');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expectImagesLoaded(page, /quirky answers/, 1);
  const paths = (await callsFor(key)).map((c) => c.path);
  expect(paths).toEqual([
    '/api/v6/images/text2img',
    '/api/v6/images/fetch/777001',
    '/api/v6/images/fetch/777001',
  ]);
});

test('nothing is sent while the form is invalid, and each message sits at its field', async ({
  page,
}) => {
  const key = uniqueKey('invalid');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.getByLabel('Width').fill('1100');
  await openMoreSettings(page);
  await page.getByLabel('Guidance scale').fill('25');
  // Folded away again: the mistake in there opens it.
  await page.getByRole('button', { name: 'More settings' }).click();
  await expect(page.getByLabel('Guidance scale')).toBeHidden();
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByLabel('Prompt', { exact: true })).toHaveAccessibleDescription(
    /prompt is required/,
  );
  await expect(page.getByLabel('Prompt', { exact: true })).toBeFocused();
  await expect(page.getByLabel('Width')).toHaveAccessibleDescription(
    'width must be between 256 and 1024',
  );
  await expect(page.getByLabel('Guidance scale')).toBeVisible();
  await expect(page.getByLabel('Guidance scale')).toHaveAccessibleDescription(
    /^guidance_scale must be between 1 and 20/,
  );
  await expect(page.getByLabel('Width')).toHaveAttribute('aria-invalid', 'true');
  expect(await callsFor(key)).toEqual([]);
});

test('the built app works from a sub-path of another host', async ({ page }) => {
  await page.goto(`${API}/nested/app/`);
  await chooseSandbox(page);
  await page.getByLabel('Prompt', { exact: true }).fill('a cat on a windowsill');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expectImagesLoaded(page, /a cat on a windowsill/, 1);
});

test('hosted by the README recipe (a sub-path, the headers of public/_headers, the /api proxy), the app makes a picture with a real key', async ({
  page,
}) => {
  const key = uniqueKey('hosted');
  const response = await page.goto(`${API}/hosted/studio/`);
  const headers = response?.headers() ?? {};
  // The recipe's headers reached the page, with what only a header can say.
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toContain("connect-src 'self' https:");
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-content-type-options']).toBe('nosniff');

  await inConnection(page, async (drawer) => {
    await drawer.getByRole('radio', { name: 'Same site (proxy)' }).check();
    await drawer.getByLabel('API key').fill(key);
  });
  await page.getByLabel('Prompt', { exact: true }).fill('a lantern on a pier');
  await page.getByRole('button', { name: 'Generate' }).click();
  // Under that policy (any refusal fails the test: fixtures.ts), through this site's /api.
  await expectImagesLoaded(page, /a lantern on a pier/, 1);
  expect((await callsFor(key)).map((call) => call.path)).toEqual(['/api/v6/images/text2img']);
});
