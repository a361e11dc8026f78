import type { Locator, Page } from '@playwright/test';
import {
  callsFor,
  chooseModelsLab,
  expect,
  scriptAnswers,
  test,
  uniqueKey,
  watchErrors,
} from './fixtures';
import { openMoreSettings } from './helpers';

const text2imgRequest = (page: Page) =>
  page.waitForRequest((r) => r.url().endsWith('/api/v6/images/text2img'));

/** Whether `a` comes before `b` in the page. */
async function precedes(a: Locator, b: Locator): Promise<boolean> {
  const second = await b.elementHandle();
  return a.evaluate(
    (first, other) =>
      Boolean(other && first.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING),
    second,
  );
}

test('Prompt and Generate come first; the rest is folded under "More settings", each with a line saying what it does', async ({
  page,
}) => {
  await page.goto('/');
  const prompt = page.getByLabel('Prompt', { exact: true });
  const generate = page.getByRole('button', { name: 'Generate' });
  expect(await precedes(prompt, generate)).toBe(true);
  expect(await precedes(generate, page.getByLabel('Model', { exact: true }))).toBe(true);
  expect(await precedes(generate, page.getByLabel('Width'))).toBe(true);

  await expect(prompt).toHaveAccessibleDescription(
    'Describe the picture in a sentence or two. 0 characters',
  );
  await prompt.fill('a red fox');
  await expect(page.getByText('9 characters', { exact: true })).toBeVisible();
  await prompt.fill('a');
  await expect(page.getByText('1 character', { exact: true })).toBeVisible();

  const more = page.getByRole('button', { name: 'More settings' });
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  const folded = {
    'Steps (num_inference_steps)':
      'How many times the picture is refined, 1 to 50. More is slower and often finer.',
    'Guidance scale (guidance_scale)':
      'How closely to follow the prompt, 1 to 20. Higher follows it more literally.',
    Seed: 'The starting point: the same seed and settings make the same picture again. Blank for a random one.',
    Scheduler: 'The method that refines the picture at each step. Most give similar pictures.',
  };
  for (const label of Object.keys(folded)) {
    await expect(page.getByLabel(label, { exact: true })).toBeHidden();
  }
  await more.click();
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  for (const [label, line] of Object.entries(folded)) {
    const field = page.getByLabel(label, { exact: true });
    await expect(field).toBeVisible();
    await expect(field).toHaveAccessibleDescription(line);
  }
  await expect(page.getByLabel('Images (samples)')).toHaveAccessibleDescription(
    'How many pictures to make at once, 1 to 4.',
  );
});

test('each label names the field the service speaks of: its message lands there, and a folded field is opened and focused', async ({
  page,
}) => {
  const key = uniqueKey('named-fields');
  await scriptAnswers(key, [
    {
      path: '/text2img',
      status: 400,
      body: { status: 'error', message: 'samples must be between 1 and 4' },
    },
    {
      path: '/text2img',
      status: 400,
      body: { status: 'error', message: 'guidance_scale must be between 1 and 20' },
    },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.getByLabel('Prompt', { exact: true }).fill('a quiet harbour');
  await page.getByRole('button', { name: 'Generate' }).click();
  const images = page.getByRole('spinbutton', { name: 'Images (samples)', exact: true });
  await expect(images).toHaveAccessibleDescription(
    'samples must be between 1 and 4 How many pictures to make at once, 1 to 4.',
  );
  await expect(images).toHaveAttribute('aria-invalid', 'true');
  await expect(images).toBeFocused();
  await expect(page.getByRole('button', { name: 'More settings' })).toHaveAttribute(
    'aria-expanded',
    'false',
  );

  // Another prompt: the same request twice in a moment counts as a double click.
  await page.getByLabel('Prompt', { exact: true }).fill('a quiet harbour at night');
  await page.getByRole('button', { name: 'Generate' }).click();
  const guidance = page.getByRole('spinbutton', {
    name: 'Guidance scale (guidance_scale)',
    exact: true,
  });
  await expect(guidance).toBeVisible();
  await expect(guidance).toBeFocused();
  await expect(guidance).toHaveAttribute('aria-invalid', 'true');
  await expect(guidance).toHaveAccessibleDescription(
    /^guidance_scale must be between 1 and 20 How closely/,
  );
  expect((await callsFor(key)).length).toBe(2);
});

test('every scheduler the API accepts can be chosen with the keyboard alone and is sent; the default sends none', async ({
  page,
}) => {
  const key = uniqueKey('scheduler');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.getByLabel('Prompt', { exact: true }).fill('a fox at dusk');

  const first = text2imgRequest(page);
  await page.getByLabel('Prompt', { exact: true }).press('Control+Enter');
  expect((await first).postDataJSON()).not.toHaveProperty('scheduler');

  const more = page.getByRole('button', { name: 'More settings' });
  await more.focus();
  await page.keyboard.press('Enter');
  const scheduler = page.getByRole('combobox', { name: 'Scheduler', exact: true });
  for (
    let tabs = 0;
    tabs < 8 && !(await scheduler.evaluate((el) => el === document.activeElement));
    tabs += 1
  ) {
    await page.keyboard.press('Tab');
  }
  await expect(scheduler).toBeFocused();
  const options = scheduler.getByRole('option');
  await expect(options).toHaveCount(19);
  await expect(options.first()).toHaveText('Service default (UniPC)');
  await expect(options.nth(5)).toHaveText(
    'Euler: simple and quick; a good all-rounder (EulerDiscreteScheduler)',
  );
  await expect(options.last()).toHaveText(
    'LCM: only for fast "LCM" models, at 4–8 steps (LCMScheduler)',
  );
  for (let step = 0; step < 5; step += 1) await page.keyboard.press('ArrowDown');
  await expect(scheduler).toHaveValue('EulerDiscreteScheduler');

  const second = text2imgRequest(page);
  await page.keyboard.press('Control+Enter');
  expect((await second).postDataJSON()).toEqual({
    key,
    prompt: 'a fox at dusk',
    model_id: 'flux',
    width: 512,
    height: 512,
    samples: 1,
    num_inference_steps: 30,
    guidance_scale: 7.5,
    seed: null,
    scheduler: 'EulerDiscreteScheduler',
  });
});

test('sizes: presets, a free width × height, a swap, and numbers off the grid of 8 rounded with a note', async ({
  page,
}) => {
  const key = uniqueKey('sizes');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.getByLabel('Prompt', { exact: true }).fill('a tall lighthouse');
  const width = page.getByRole('spinbutton', { name: 'Width', exact: true });
  const height = page.getByRole('spinbutton', { name: 'Height', exact: true });

  await page.getByRole('button', { name: /Wide 16:9/ }).click();
  await expect(width).toHaveValue('1024');
  await expect(height).toHaveValue('576');
  await page.getByRole('button', { name: 'Swap width and height' }).click();
  await expect(width).toHaveValue('576');
  await expect(height).toHaveValue('1024');
  await expect(page.getByRole('button', { name: /Tall 9:16/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  await width.fill('1001');
  await width.press('Tab');
  await expect(width).toHaveValue('1000');
  await expect(page.getByText('Width rounded to 1000, a multiple of 8.')).toBeVisible();

  await height.fill('701');
  const request = text2imgRequest(page);
  await height.press('Control+Enter');
  expect((await request).postDataJSON()).toMatchObject({ width: 1000, height: 704 });
  await expect(height).toHaveValue('704');
  await expect(
    page.getByText(
      'Width rounded to 1000, a multiple of 8. Height rounded to 704, a multiple of 8.',
    ),
  ).toBeVisible();
});

test('the Ctrl+Enter hint shows only where there is a keyboard, with ⌘ on a Mac', async ({
  page,
  browser,
}) => {
  await page.goto('/');
  await expect(page.getByText('or press Ctrl+Enter', { exact: true })).toBeVisible();
  await expect(page.getByText(/⌘/)).toHaveCount(0);

  const mac = await browser.newContext();
  await mac.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' });
    Object.defineProperty(Navigator.prototype, 'userAgentData', {
      get: () => ({ platform: 'macOS' }),
    });
  });
  const macPage = await mac.newPage();
  const macErrors = watchErrors(macPage);
  await macPage.goto('/');
  await expect(macPage.getByText('or press ⌘+Enter', { exact: true })).toBeVisible();
  await expect(macPage.getByText(/Ctrl\+Enter/)).toHaveCount(0);
  await mac.close();
  expect(macErrors).toEqual([]);

  // A phone: a touch screen and no mouse.
  const phone = await browser.newContext({
    hasTouch: true,
    isMobile: true,
    viewport: { width: 390, height: 844 },
  });
  const phonePage = await phone.newPage();
  const phoneErrors = watchErrors(phonePage);
  await phonePage.goto('/');
  expect(await phonePage.evaluate(() => matchMedia('(pointer: fine)').matches)).toBe(false);
  await expect(phonePage.getByRole('button', { name: 'Generate' })).toBeVisible();
  await expect(phonePage.getByText(/or press/)).toHaveCount(0);
  await phone.close();
  expect(phoneErrors).toEqual([]);
});

test('"More settings" stays out of the way until needed: a restored draft with changes there opens it', async ({
  page,
}) => {
  await page.goto('/');
  await openMoreSettings(page);
  await page.getByLabel('Steps').fill('12');
  await page.reload();
  await expect(page.getByRole('button', { name: 'More settings' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await expect(page.getByLabel('Steps')).toHaveValue('12');
  await page.getByLabel('Steps').fill('30');
  await page.reload();
  await expect(page.getByRole('button', { name: 'More settings' })).toHaveAttribute(
    'aria-expanded',
    'false',
  );
});
