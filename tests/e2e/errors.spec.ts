import type { Page } from '@playwright/test';
import {
  callsFor,
  chooseModelsLab,
  expect,
  expectImagesLoaded,
  inConnection,
  scriptAnswers,
  test,
  uniqueKey,
} from './fixtures';
import { actOutInSandbox, card, generateNow, sentWith } from './helpers';

const KEYS = 'https://modelslab.com/dashboard/api-keys';
const DASHBOARD = 'https://modelslab.com/dashboard';
const PRICING = 'https://modelslab.com/pricing';
const STATUS = 'https://modelslab.com/status';
const SUPPORT = 'https://modelslab.com/support';

async function generate(page: Page, key: string, prompt = 'a quiet harbour at dawn') {
  await page.goto('/');
  page.on('dialog', () => {
    throw new Error('a dialog opened: a script from the answer ran');
  });
  await chooseModelsLab(page, key);
  await page.getByLabel('Prompt', { exact: true }).fill(prompt);
  await page.getByRole('button', { name: 'Generate' }).click();
}

async function expectLinks(page: Page, hrefs: string[]) {
  const alert = page.getByRole('alert');
  for (const href of hrefs) {
    await expect(alert.locator(`a[href="${href}"]`)).toBeVisible();
  }
  await expect(alert.getByRole('link')).toHaveCount(hrefs.length);
}

const documented = [
  {
    name: 'invalid key',
    status: 401,
    message: 'Invalid API key',
    title: 'Your API key was not accepted',
    links: [KEYS],
  },
  {
    name: 'missing key',
    status: 401,
    message: 'API key required',
    title: 'Your API key was not accepted',
    links: [KEYS],
  },
  {
    name: 'no credits',
    status: 402,
    message: 'Insufficient credits. Please add more credits to continue.',
    title: 'Your ModelsLab account is out of credits',
    links: [DASHBOARD, PRICING],
  },
  {
    name: 'premium plan',
    status: 403,
    message: 'This feature requires a premium subscription',
    title: 'This needs a premium plan',
    links: [PRICING],
  },
  {
    name: 'model not found',
    status: 400,
    message: 'Model not found: flux',
    title: 'That model does not exist',
    links: ['https://modelslab.com/models'],
  },
  {
    name: 'image unreachable',
    status: 400,
    message: 'Unable to fetch image from provided URL',
    // A text-to-image request sends no picture: no advice about uploading one.
    title: 'ModelsLab hit a problem on its side',
    links: ['https://modelslab.com/support'],
  },
];

for (const error of documented) {
  for (const status of [error.status, 200]) {
    test(`${error.name} under HTTP ${status}: a banner says so, links to the fix, and it is sent once`, async ({
      page,
    }) => {
      const key = uniqueKey(`${error.name}-${status}`);
      await scriptAnswers(key, [
        { path: '/text2img', status, body: { status: 'error', message: error.message } },
      ]);
      await generate(page, key);
      const alert = page.getByRole('alert');
      await expect(alert).toContainText(error.title);
      await expect(alert).toContainText(error.message);
      await expectLinks(page, error.links);
      if (error.name === 'model not found') {
        // The form opens the model picker for an unknown model (models.spec.ts).
        await expect(page.getByRole('dialog', { name: 'Choose a model' })).toBeVisible();
        await page.keyboard.press('Escape');
        await expect(page.getByRole('dialog', { name: 'Choose a model' })).toBeHidden();
      }
      // Settled as failed, with no countdown: nothing is due to send it again by itself.
      const failed = card(page, 'a quiet harbour at dawn');
      await expect(failed.getByText(/· failed$/)).toBeVisible();
      await expect(failed.getByText(/Retrying in/)).toHaveCount(0);
      // A later picture from the same page: any second send of the first would have been
      // made before it, so once it shows, the calls are complete.
      await generateNow(page, 'a later picture');
      expect(await sentWith(key)).toEqual([
        ['text2img', 'a quiet harbour at dawn'],
        ['text2img', 'a later picture'],
      ]);
      await expect(failed.getByText(/· failed$/)).toBeVisible();
    });
  }
}

test('the old wording "Invalid Api Key" spelled with messege is the key error too', async ({
  page,
}) => {
  const key = uniqueKey('messege');
  await scriptAnswers(key, [
    { path: '/text2img', body: { status: 'error', messege: 'Invalid Api Key' } },
  ]);
  await generate(page, key);
  await expect(page.getByRole('alert')).toContainText('Your API key was not accepted');
  await expect(page.getByRole('alert')).toContainText('Invalid Api Key');
  await expectLinks(page, [KEYS]);
});

test('a server field message lands at its field in the form, word for word', async ({ page }) => {
  const key = uniqueKey('field');
  await scriptAnswers(key, [
    {
      path: '/text2img',
      status: 400,
      body: { status: 'error', message: 'width must be between 256 and 1024' },
    },
  ]);
  await generate(page, key);
  await expect(page.getByRole('alert')).toContainText(
    'The service did not accept one of the settings',
  );
  await expect(page.getByLabel('Width')).toHaveAccessibleDescription(
    'width must be between 256 and 1024',
  );
});

test('a field-error object is flattened into words, and nothing crashes', async ({ page }) => {
  const key = uniqueKey('object');
  await scriptAnswers(key, [
    {
      path: '/text2img',
      body: { status: 'error', message: { prompt: ['The prompt field is required.'] } },
    },
  ]);
  await generate(page, key);
  await expect(page.getByRole('alert')).toContainText('The prompt field is required.');
  await expect(page.getByLabel('Prompt', { exact: true })).toHaveAccessibleDescription(
    /The prompt field is required\./,
  );
});

// The same answers again under HTTP 200: the body's status decides, not the HTTP code.
for (const under200 of [false, true]) {
  const as = (status: number) => (under200 ? 200 : status);
  const label = (status: number) => `HTTP ${as(status)}`;

  test(`a 429 (${label(429)}) with retry_after 2 counts down, is sent again once no sooner than 2 s later, and succeeds`, async ({
    page,
  }) => {
    const key = uniqueKey(`429-${under200}`);
    await scriptAnswers(key, [
      {
        path: '/text2img',
        status: as(429),
        body: {
          status: 'error',
          message: 'Rate limit exceeded. Maximum 5 queued requests allowed.',
          retry_after: 2,
        },
      },
    ]);
    await generate(page, key, 'patient fox');
    await expect(page.getByRole('alert')).toContainText('Too many pictures are being made at once');
    await expect(page.getByText(/Retrying in \d s/)).toBeVisible();
    await expectLinks(page, [PRICING]);
    await expectImagesLoaded(page, /patient fox/, 1);
    const calls = await callsFor(key);
    expect(calls).toHaveLength(2);
    const [first, second] = calls.map((call) => call.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(2000);
  });

  test(`a 500 (${label(500)}) followed by success ends in images after exactly 2 calls`, async ({
    page,
  }) => {
    const key = uniqueKey(`500-${under200}`);
    await scriptAnswers(key, [
      {
        path: '/text2img',
        status: as(500),
        body: { status: 'error', message: 'Internal server error. Please try again.' },
      },
    ]);
    await generate(page, key, 'recovering server');
    await expectImagesLoaded(page, /recovering server/, 1);
    expect(await callsFor(key)).toHaveLength(2);
  });

  test(`503 (${label(503)}) every time ends in a banner with the status link after no more than 4 calls`, async ({
    page,
  }) => {
    const key = uniqueKey(`503-${under200}`);
    const unavailable = {
      path: '/text2img',
      status: as(503),
      body: {
        status: 'error',
        message: 'Service temporarily unavailable. Please try again later.',
      },
    };
    await scriptAnswers(key, [unavailable, unavailable, unavailable, unavailable, unavailable]);
    await generate(page, key);
    await expect(page.getByRole('alert')).toContainText('ModelsLab is temporarily unavailable', {
      timeout: 15_000,
    });
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible({ timeout: 15_000 });
    await expectLinks(page, [STATUS]);
    const count = (await callsFor(key)).length;
    expect(count).toBeGreaterThanOrEqual(2);
    expect(count).toBeLessThanOrEqual(4);
  });
}

test('malformed JSON gives a clear banner and no crash', async ({ page }) => {
  const key = uniqueKey('malformed');
  await scriptAnswers(key, [{ path: '/text2img', body: '{"status":"success","output":["http' }]);
  await generate(page, key);
  await expect(page.getByRole('alert')).toContainText(
    'The answer from the service could not be read',
  );
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
});

test('an HTML error page is shown as text, and its script never runs', async ({ page }) => {
  const key = uniqueKey('html');
  const badGateway = {
    path: '/text2img',
    status: 502,
    contentType: 'text/html',
    body: '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><img src=x onerror="alert(1)"><script>alert(2)</script></body></html>',
  };
  // 502 is retried like 503: every attempt gets the same page.
  await scriptAnswers(key, [badGateway, badGateway, badGateway]);
  await generate(page, key);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('ModelsLab is temporarily unavailable', { timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible({ timeout: 15_000 });
  // Shown as its status and title, never as markup.
  await expect(alert).toContainText(
    /The address answered with a web page instead: .?502 Bad Gateway.? \(HTTP 502\)/,
  );
  await expect(alert).not.toContainText('<h1>');
  await expect(page.locator('h1', { hasText: 'Bad Gateway' })).toHaveCount(0);
});

test('a queued job that fails ends in a banner with the status and support links', async ({
  page,
}) => {
  const key = uniqueKey('failed');
  await scriptAnswers(key, [
    {
      path: '/text2img',
      body: {
        status: 'processing',
        id: 5150,
        eta: 1,
        messege: 'Try to fetch request after seconds estimated',
        output: [],
      },
    },
    {
      path: '/fetch/5150',
      body: { status: 'failed', id: '', message: 'Request failed', output: '' },
    },
  ]);
  await generate(page, key);
  await expect(page.getByRole('alert')).toContainText('The service could not make this picture');
  await expect(page.getByRole('alert')).toContainText('Request failed');
  await expectLinks(page, [STATUS, SUPPORT]);
});

test('on the sandbox, the scenario picker shows a chosen failure: out of credits', async ({
  page,
}) => {
  await actOutInSandbox(page, 'Your account is out of credits', 'a tiny robot');
  await expect(page.getByRole('alert')).toContainText('Your ModelsLab account is out of credits');
  await expectLinks(page, [DASHBOARD, PRICING]);
  // The scenario was used up: the next request is answered normally.
  await page.getByRole('button', { name: 'Try again' }).click();
  await expectImagesLoaded(page, /a tiny robot/, 1);
});

test('on the sandbox, a blocked request says so and is not resent by itself', async ({ page }) => {
  await actOutInSandbox(page, 'No connection: the browser cannot reach it', 'a lost letter');
  await expect(page.getByRole('alert')).toContainText('Your browser could not reach the service');
  await expect(page.getByRole('alert')).toContainText('The sandbox acted out a network failure');
  await expect(page.getByRole('alert')).toContainText('nothing is ever charged');
  // Advice about paying twice, the dashboard or another address is for the real service.
  await expect(page.getByRole('alert')).not.toContainText(/dashboard|Same site|paying/);
  await expect(page.getByRole('alert').getByRole('link')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  await expect(page.getByRole('img', { name: /a lost letter/ })).toHaveCount(0);
});

test('with room for one request at once, a second waits for a free slot, then runs', async ({
  page,
}) => {
  const key = uniqueKey('slots');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await inConnection(page, (drawer) => drawer.getByLabel('Requests at once').selectOption('1'));
  await page.getByLabel('Prompt', { exact: true }).fill('first big picture');
  await page.getByLabel('Width').fill('1024');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await page.getByLabel('Prompt', { exact: true }).fill('second picture');
  await page.getByLabel('Width').fill('512');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByText('Waiting for a free slot (1 of 1 in use)')).toBeVisible();
  await expectImagesLoaded(page, /second picture/, 1);
  const paths = (await callsFor(key)).map((c) => c.path);
  // The second request went out only after the first job had finished.
  expect(paths.filter((p) => p.endsWith('/text2img'))).toHaveLength(2);
  const lastFetch = paths.findLastIndex((p) => p.includes('/fetch/'));
  expect(lastFetch).toBeGreaterThan(0);
  expect(paths.lastIndexOf('/api/v6/images/text2img')).toBeGreaterThan(lastFetch);
});

test('a double click on Generate sends once', async ({ page }) => {
  const key = uniqueKey('double');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.getByLabel('Prompt', { exact: true }).fill('only once');
  await page.getByRole('button', { name: 'Generate' }).dblclick();
  await expectImagesLoaded(page, /only once/, 1);
  expect(await callsFor(key)).toHaveLength(1);
});

test('while offline nothing is sent; it goes out by itself when the connection is back', async ({
  page,
  context,
}) => {
  const key = uniqueKey('offline');
  // Every request the page makes for a picture, and each one that failed: the stand-in
  // server cannot see a request made while offline, the browser can.
  const attempts: string[] = [];
  const failures: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/text2img')) attempts.push(request.url());
  });
  page.on('requestfailed', (request) => {
    if (request.url().endsWith('/text2img')) failures.push(request.failure()?.errorText ?? '');
  });
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.getByLabel('Prompt', { exact: true }).fill('offline sketch');
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Generate' }).click();
  // The send queue has looked at the job and held it: it is still "waiting" (one it sends
  // is marked "sending" before the request goes out), with the offline note.
  const held = card(page, 'offline sketch');
  await expect(held).toContainText(
    'You are offline. Waiting for the connection to come back; nothing was sent.',
  );
  await expect(held.getByText(/· waiting$/)).toBeVisible();
  expect(attempts).toEqual([]);
  expect(await callsFor(key)).toHaveLength(0);
  await context.setOffline(false);
  await expectImagesLoaded(page, /offline sketch/, 1);
  expect(await callsFor(key)).toHaveLength(1);
  // One request in all, and it did not fail: none was tried while offline (that one would
  // have failed, and ended as "No internet connection" instead of the picture).
  expect(attempts).toHaveLength(1);
  expect(failures).toEqual([]);
});

test('on the sandbox, a garbled answer does not send the person away from the sandbox', async ({
  page,
}) => {
  await actOutInSandbox(page, 'A garbled answer', 'a broken record');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The answer from the service could not be read');
  await expect(alert).toContainText('The answer arrived damaged, so no picture could be shown.');
  await expect(alert).not.toContainText(/switch back to ModelsLab|Connection/);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expectImagesLoaded(page, /a broken record/, 1);
});
