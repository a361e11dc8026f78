import type { Page } from '@playwright/test';
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

const picker = (page: Page) => page.getByRole('dialog', { name: 'Choose a model' });
const browse = (page: Page) => page.getByRole('button', { name: 'Browse models' });
const modelField = (page: Page) => page.getByLabel('Model', { exact: true });
const modelListCalls = async (key: string) =>
  (await callsFor(key)).filter((call) => call.path === '/api/v4/dreambooth/model_list');
const text2imgRequest = (page: Page) =>
  page.waitForRequest((r) => r.url().endsWith('/api/v6/images/text2img'));

async function openPicker(page: Page) {
  await browse(page).click();
  await expect(picker(page)).toBeVisible();
  return picker(page);
}

/** Picks a model by its name, with the keyboard: search, arrow down, Enter. */
async function pickByKeyboard(page: Page, search: string, name: string) {
  const dialog = await openPicker(page);
  await page.keyboard.type(search);
  // The list is shown before the arrow goes into it, as a person would see it.
  await expect(dialog.getByRole('button', { name, exact: true }).first()).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByRole('button', { name, exact: true }).first()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
}

test('the picker lists the models with name, description and screenshot; keyboard alone searches, picks and closes', async ({
  page,
}) => {
  const key = uniqueKey('picker');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await browse(page).focus();
  await page.keyboard.press('Enter');

  const dialog = picker(page);
  await expect(dialog).toBeVisible();
  const search = dialog.getByRole('searchbox', { name: 'Search models' });
  await expect(search).toBeFocused();
  const all = dialog.getByRole('region', { name: /^all models$/i });
  await expect(all.getByRole('listitem')).toHaveCount(8);
  const sdxl = all.getByRole('button', { name: 'Stable Diffusion XL', exact: true });
  await expect(sdxl).toHaveAccessibleDescription(
    'sdxl A versatile all-rounder, at its best at 1024 × 1024.',
  );
  const screenshot = sdxl.locator('img');
  await expect(screenshot).toHaveAttribute('src', `${API}/pictures/265-0-96x96.svg`);
  await expect
    .poll(() => screenshot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(0);
  await expect(all.getByRole('button', { name: 'Flux', exact: true })).toHaveAttribute(
    'aria-current',
    'true',
  );

  await page.keyboard.type('anime');
  await expect(dialog.getByText('1 of 8 models matches.')).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByRole('button', { name: 'Anything V5', exact: true })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(search).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(modelField(page)).toHaveValue('anything-v5');
  await expect(browse(page)).toBeFocused();

  // Escape closes it, changing nothing; focus comes back to where it was.
  await page.keyboard.press('Enter');
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('');
  await page.keyboard.press('End');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(modelField(page)).toHaveValue('anything-v5');
  await expect(browse(page)).toBeFocused();
  // The list was asked for once, with the key in the body.
  expect((await modelListCalls(key)).map((call) => call.body)).toEqual([{ key }]);
});

test('favourites and recently used models are on top, on the next visit too', async ({ page }) => {
  const key = uniqueKey('favourites');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await inConnection(page, (drawer) =>
    drawer.getByRole('checkbox', { name: 'Remember on this device' }).check(),
  );

  // A star, from the keyboard: the last model, then Tab to its star.
  const dialog = await openPicker(page);
  await expect(dialog.getByRole('button', { name: 'Pixel Art XL', exact: true })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await expect(dialog.getByRole('button', { name: 'Pixel Art XL', exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(
    dialog.getByRole('button', { name: 'Add Pixel Art XL to favourites' }),
  ).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(
    dialog
      .getByRole('region', { name: /^favourites$/i })
      .getByRole('button', { name: 'Pixel Art XL', exact: true }),
  ).toBeVisible();
  // Typing from anywhere in the picker goes to the search box.
  await page.keyboard.type('pix');
  await expect(dialog.getByRole('searchbox', { name: 'Search models' })).toBeFocused();
  await expect(dialog.getByRole('searchbox', { name: 'Search models' })).toHaveValue('pix');
  await page.keyboard.press('Escape');

  await pickByKeyboard(page, 'dream', 'DreamShaper 8');
  await page.getByLabel('Prompt', { exact: true }).fill('a castle in the clouds');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expectImagesLoaded(page, /a castle in the clouds/, 1);

  await page.reload();
  const again = await openPicker(page);
  const regions = again.getByRole('region');
  await expect(regions).toHaveCount(3);
  const first = (name: RegExp) => again.getByRole('region', { name }).getByRole('listitem').first();
  await expect(regions.nth(0)).toHaveAccessibleName(/^favourites$/i);
  await expect(first(/^favourites$/i)).toContainText('Pixel Art XL');
  await expect(regions.nth(1)).toHaveAccessibleName(/^recently used$/i);
  await expect(first(/^recently used$/i)).toContainText('DreamShaper 8');
  await expect(regions.nth(2)).toHaveAccessibleName(/^all models$/i);
  await expect(first(/^all models$/i)).toContainText('Flux');

  // A search keeps them on top.
  await page.keyboard.type('e');
  const found = again.getByRole('region', { name: /^matching models$/i }).getByRole('listitem');
  await expect(found.nth(0)).toContainText('Pixel Art XL');
  await expect(found.nth(1)).toContainText('DreamShaper 8');
});

test('the list is asked for once a day, and opens offline from the copy kept', async ({
  page,
  context,
}) => {
  const key = uniqueKey('cached');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await inConnection(page, (drawer) =>
    drawer.getByRole('checkbox', { name: 'Remember on this device' }).check(),
  );
  let dialog = await openPicker(page);
  await expect(dialog.getByRole('button', { name: 'Flux', exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  expect(await modelListCalls(key)).toHaveLength(1);

  // The next visit: the picker's code comes when the page is idle; then the network goes.
  await page.reload();
  await expect
    .poll(() =>
      page.evaluate(() =>
        performance.getEntriesByType('resource').some((entry) => /ModelPicker-/.test(entry.name)),
      ),
    )
    .toBe(true);
  await context.setOffline(true);
  dialog = await openPicker(page);
  await expect(dialog.getByRole('button', { name: 'Flux', exact: true })).toBeVisible();
  await expect(dialog.getByText(/^You are offline\. Showing the list saved on /)).toBeVisible();
  await page.keyboard.press('Escape');
  await context.setOffline(false);
  expect(await modelListCalls(key)).toHaveLength(1);

  // A day later the kept list still shows at once, and a new one is asked for.
  await page.evaluate(
    ({ baseUrl }) =>
      new Promise<void>((resolve, reject) => {
        const opening = indexedDB.open('modelslab-studio-models');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const db = opening.result;
          const store = db.transaction('lists', 'readwrite').objectStore('lists');
          const reading = store.get(baseUrl);
          reading.onsuccess = () => {
            const list = reading.result as { fetchedAt: number };
            list.fetchedAt -= 25 * 60 * 60 * 1000;
            store.put(list, baseUrl).onsuccess = () => {
              db.close();
              resolve();
            };
          };
        };
      }),
    { baseUrl: API },
  );
  await page.reload();
  dialog = await openPicker(page);
  await expect(dialog.getByRole('button', { name: 'Flux', exact: true })).toBeVisible();
  await expect.poll(async () => (await modelListCalls(key)).length).toBe(2);
  await expect(dialog.getByRole('button', { name: 'Get the latest list' })).toBeEnabled();
});

test('when the list cannot be had, the picker says why in plain words and a typed model ID still works', async ({
  page,
}) => {
  const key = uniqueKey('list-refused');
  await scriptAnswers(key, [
    {
      path: '/model_list',
      status: 401,
      body: { status: 'error', message: 'Invalid API key' },
    },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  const dialog = await openPicker(page);
  await expect(
    dialog.getByText(
      'The list of models could not be fetched: Your API key was not accepted. The service said: “Invalid API key”. You can still type a model’s ID in the search box and pick it.',
    ),
  ).toBeVisible();
  await page.keyboard.type('my-own-model');
  await expect(
    dialog.getByRole('button', { name: 'Use “my-own-model” as the model ID' }),
  ).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(modelField(page)).toHaveValue('my-own-model');
  // A refused key is not asked again by itself.
  expect(await modelListCalls(key)).toHaveLength(1);
});

test('on the sandbox, the "Model list unavailable" scenario is explained, and "Try again" gets the list after', async ({
  page,
}) => {
  await page.goto('/');
  await chooseSandbox(page);
  await page
    .getByLabel('Sandbox: next answer')
    .selectOption({ label: 'The model list is down (until you pick another)' });
  let dialog = await openPicker(page);
  await expect(
    dialog.getByText(
      /^The list of models could not be fetched: ModelsLab is temporarily unavailable\. The service said: “Service temporarily unavailable\. Please try again later\.”/,
    ),
  ).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Try again' })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByLabel('Sandbox: next answer').selectOption({ label: 'Everything works' });
  dialog = await openPicker(page);
  // Sandbox screenshots are drawn in the page.
  const flux = dialog.getByRole('button', { name: 'Flux', exact: true });
  await expect(flux).toBeVisible();
  await expect(flux.locator('img')).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/);
  await expect(dialog.getByText(/could not be fetched/)).toHaveCount(0);
});

test('a model that ignores the negative prompt hides the field, and its request leaves it out', async ({
  page,
}) => {
  const key = uniqueKey('negative');
  await page.goto('/');
  await chooseModelsLab(page, key);
  const negative = page.getByLabel('Negative prompt');
  await pickByKeyboard(page, 'sdxl', 'Stable Diffusion XL');
  await negative.fill('blurry, text');
  await page.getByLabel('Prompt', { exact: true }).fill('a fox in the snow');
  let request = text2imgRequest(page);
  await page.getByRole('button', { name: 'Generate' }).click();
  expect((await request).postDataJSON()).toEqual({
    key,
    prompt: 'a fox in the snow',
    negative_prompt: 'blurry, text',
    model_id: 'sdxl',
    width: 512,
    height: 512,
    samples: 1,
    num_inference_steps: 30,
    guidance_scale: 7.5,
    seed: null,
  });

  await pickByKeyboard(page, 'flux', 'Flux');
  await expect(negative).toBeHidden();
  await expect(modelField(page)).toHaveAccessibleDescription(
    'The AI model that draws the picture. flux ignores the negative prompt, so that field is hidden.',
  );
  await page.getByLabel('Prompt', { exact: true }).fill('a hare in the snow');
  request = text2imgRequest(page);
  await page.getByRole('button', { name: 'Generate' }).click();
  expect((await request).postDataJSON()).toEqual({
    key,
    prompt: 'a hare in the snow',
    model_id: 'flux',
    width: 512,
    height: 512,
    samples: 1,
    num_inference_steps: 30,
    guidance_scale: 7.5,
    seed: null,
  });

  // Back to a model that reads it: the text was kept.
  await pickByKeyboard(page, 'sdxl', 'Stable Diffusion XL');
  await expect(negative).toBeVisible();
  await expect(negative).toHaveValue('blurry, text');
});

test('"Model not found" marks the Model field with the service’s words and opens the picker', async ({
  page,
}) => {
  await page.goto('/');
  await chooseSandbox(page);
  await modelField(page).fill('no-such-model');
  await page.getByLabel('Prompt', { exact: true }).fill('a lighthouse at dusk');
  await page.getByRole('button', { name: 'Generate' }).click();

  const dialog = picker(page);
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleDescription(
    '“Model not found: no-such-model”: the service does not know that model. Pick one below, or check its spelling.',
  );
  await expect(dialog.getByRole('searchbox', { name: 'Search models' })).toBeFocused();
  await expect(modelField(page)).toHaveAttribute('aria-invalid', 'true');
  await expect(modelField(page)).toHaveAccessibleDescription(/^Model not found: no-such-model /);
  await expect(page.getByRole('alert')).toContainText('That model does not exist');

  await page.keyboard.type('flux');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(modelField(page)).toBeFocused();
  await expect(modelField(page)).toHaveValue('flux');
  await expect(modelField(page)).toHaveAttribute('aria-invalid', 'false');
  await page.getByLabel('Prompt', { exact: true }).fill('a lighthouse at dawn');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expectImagesLoaded(page, /a lighthouse at dawn/, 1);
});

test('if the picker’s code cannot be fetched, the form says so, the Model field still works, and the next open tries again', async ({
  page,
}) => {
  let blocked = true;
  await page.route(/\/ModelPicker-[^/]*\.js$/, (route) =>
    blocked ? route.fulfill({ status: 503, body: '' }) : route.continue(),
  );
  await page.goto('/');
  await chooseSandbox(page);
  await browse(page).click();
  const alert = page
    .getByRole('alert')
    .filter({ hasText: 'The list of models could not be opened' });
  await expect(alert).toContainText('You can still type a model’s ID in the Model field.');
  await alert.getByRole('button', { name: 'OK' }).click();
  await expect(alert).toHaveCount(0);
  await modelField(page).fill('sdxl');
  await expect(page.getByLabel('Negative prompt')).toBeVisible();

  blocked = false;
  const dialog = await openPicker(page);
  await expect(
    dialog.getByRole('button', { name: 'Stable Diffusion XL', exact: true }),
  ).toBeVisible();
});
