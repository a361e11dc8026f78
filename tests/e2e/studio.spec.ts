import type { Locator, Page } from '@playwright/test';
import {
  chooseModelsLab,
  expect,
  expectImagesLoaded,
  scriptAnswers,
  test,
  uniqueKey,
} from './fixtures';
import {
  card,
  cards,
  controllableVisibility,
  fakeNotifications,
  generateNow,
  holdIndexedDB,
  notificationLog,
  openTab,
  openWithRememberedKey,
  releaseIndexedDB,
  setVisibility,
  submit,
} from './helpers';

/*
 * The studio (issue #9): the pictures are the page, every picture opens a viewer that
 * knows how it was made, feedback shows where the person is looking, and a delete can be
 * undone. Each generation goes to the stand-in server with a key of the test's own.
 */

const TITLE = 'ModelsLab Studio — make pictures from words';

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not on screen');
  return found;
}

const viewerOf = (page: Page) => page.getByRole('dialog', { name: 'Full-size image' });

test('the pictures are a grid of thumbnails, newest first; one being made shows its progress in place, in a box its picture then fills exactly', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await chooseModelsLab(page, uniqueKey('grid'));
  await generateNow(page, 'a red fox in the snow');
  await generateNow(page, 'a blue whale under ice');
  await generateNow(page, 'a green parrot on a branch');
  // 1024×512 is queued by the service, ready a few seconds later.
  await submit(page, 'a windmill being made', { Width: '1024', Height: '512' });
  const making = card(page, 'a windmill being made');
  await expect(making.getByRole('progressbar', { name: 'Making your pictures' })).toBeVisible();
  await expect(making.getByText(/about \d+ s left/)).toBeVisible();
  await expect(making.getByRole('button', { name: 'Stop waiting' })).toBeVisible();
  await expect(making).toContainText('It may still finish on ModelsLab (and be charged).');

  await expect(cards(page)).toHaveCount(4);
  expect(await cards(page).evaluateAll((tiles) => tiles.map((t) => t.ariaLabel))).toEqual([
    'Generation: a windmill being made',
    'Generation: a green parrot on a branch',
    'Generation: a blue whale under ice',
    'Generation: a red fox in the snow',
  ]);
  // Side by side in rows, not one long column.
  const [first, second, third] = await Promise.all([0, 1, 2].map((i) => box(cards(page).nth(i))));
  expect(Math.abs((second?.y ?? 0) - (first?.y ?? 0))).toBeLessThan(2);
  expect(second?.x).toBeGreaterThan((first?.x ?? 0) + (first?.width ?? 0));
  expect(Math.abs((third?.y ?? 0) - (first?.y ?? 0))).toBeLessThan(2);

  // The box that stands for the picture is the size its thumbnail will have: nothing
  // jumps. Thumbnails are square whatever the picture's shape, so tiles line up in rows
  // (the viewer shows the whole picture).
  const placeholder = await box(making.locator(':scope > div').first());
  expect(placeholder.width / placeholder.height).toBeCloseTo(1, 1);
  await expectImagesLoaded(page, /a windmill being made/, 1);
  const picture = await box(making.getByRole('button', { name: 'Open image 1 full size' }));
  expect(Math.abs(picture.height - placeholder.height)).toBeLessThan(1);
  expect(Math.abs(picture.width - placeholder.width)).toBeLessThan(1);
  await expect(making.getByRole('progressbar')).toHaveCount(0);
  const square = await box(
    card(page, 'a green parrot on a branch').getByRole('button', {
      name: 'Open image 1 full size',
    }),
  );
  expect(Math.abs(square.height - picture.height)).toBeLessThan(1);
  expect(Math.abs(square.y - picture.y)).toBeLessThan(1);
});

test('the viewer shows the picture large with everything it was made with; focus starts on Close; Escape or a click beside it closes it and focus returns to the thumbnail', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await chooseModelsLab(page, uniqueKey('viewer-facts'));
  // flux ignores a negative prompt (the field hides): a model that reads it.
  await page.getByLabel('Model', { exact: true }).fill('sdxl');
  await page.getByLabel('Negative prompt').fill('fog, people');
  await generateNow(page, 'a glass greenhouse full of ferns', {
    Width: '640',
    Height: '384',
    Steps: '22',
    'Guidance scale': '9.5',
    Seed: '12345',
  });
  const tile = card(page, 'a glass greenhouse full of ferns');
  const thumbnail = tile.getByRole('button', { name: 'Open image 1 full size' });
  await thumbnail.click();

  const viewer = viewerOf(page);
  await expect(viewer.getByRole('button', { name: 'Close' })).toBeFocused();
  const large = viewer.getByRole('img', { name: /a glass greenhouse full of ferns/ });
  await expect(large).toBeVisible();
  expect((await box(large)).width).toBeGreaterThan(2 * (await box(thumbnail)).width);
  const about = viewer.getByRole('region', { name: 'About this picture' });
  await expect(about).toContainText('a glass greenhouse full of ferns');
  await expect(about).toContainText('Without: fog, people');
  for (const [label, value] of [
    ['Model', 'sdxl'],
    ['Size', '640×384'],
    ['Seed', '12345'],
    ['Steps', '22'],
    ['Guidance', '9.5'],
  ] as const) {
    await expect(
      about.locator('div').filter({ has: page.getByText(label, { exact: true }) }),
    ).toHaveText(`${label}${value}`);
  }
  await expect(about.locator('div').filter({ hasText: /^Made/ })).toHaveText(/^Made.*\d{4}/);
  for (const action of [
    'Download',
    'Copy image',
    'Copy prompt',
    'Use these settings',
    'Vary (new seed)',
    'Delete',
  ]) {
    await expect(viewer.getByRole('button', { name: action, exact: true })).toBeVisible();
  }

  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  await expect(thumbnail).toBeFocused();

  await thumbnail.click();
  await expect(viewer.getByRole('button', { name: 'Close' })).toBeFocused();
  // Beside the dialog: its backdrop.
  await page.mouse.click(8, 8);
  await expect(viewer).toHaveCount(0);
  await expect(thumbnail).toBeFocused();
});

test('Copy image puts the picture on the clipboard as a PNG; Copy prompt and Copy seed their text', async ({
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await page.goto('/');
  await chooseModelsLab(page, uniqueKey('copy'));
  await generateNow(page, 'a copper kettle on a stove', { Width: '256', Height: '256' });
  await card(page, 'a copper kettle on a stove')
    .getByRole('button', { name: 'Open image 1 full size' })
    .click();
  const viewer = viewerOf(page);

  await viewer.getByRole('button', { name: 'Copy image' }).click();
  await expect(viewer.getByRole('status')).toHaveText('Picture copied.');
  const copied = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    if (!item) return undefined;
    const bytes = new Uint8Array(await (await item.getType('image/png')).arrayBuffer());
    return { types: item.types, signature: [...bytes.slice(0, 8)], size: bytes.length };
  });
  expect(copied?.types).toContain('image/png');
  expect(copied?.signature).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(copied?.size).toBeGreaterThan(100);

  await viewer.getByRole('button', { name: 'Copy prompt' }).click();
  await expect(viewer.getByRole('status')).toHaveText('Prompt copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    'a copper kettle on a stove',
  );

  const seed = await viewer
    .getByRole('region', { name: 'About this picture' })
    .locator('div')
    .filter({ hasText: /^Seed/ })
    .locator('dd')
    .textContent();
  expect(seed).toMatch(/^\d+$/);
  await viewer.getByRole('button', { name: 'Copy seed' }).click();
  await expect(viewer.getByRole('status')).toHaveText('Seed copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(seed);
});

test('"Vary" sends the same settings at once with a new random seed, and the variation joins the grid', async ({
  page,
}) => {
  const key = uniqueKey('vary');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.getByLabel('Model', { exact: true }).fill('sdxl');
  await page.getByLabel('Negative prompt').fill('blurry');
  const firstRequest = page.waitForRequest((r) => r.url().endsWith('/api/v6/images/text2img'));
  await generateNow(page, 'a lantern in the fog', {
    Width: '384',
    Height: '256',
    Steps: '21',
    'Guidance scale': '8.5',
    Seed: '4242',
  });
  const sent = (await firstRequest).postDataJSON() as Record<string, unknown>;
  expect(sent).toMatchObject({ seed: 4242, width: 384, negative_prompt: 'blurry' });

  await card(page, 'a lantern in the fog')
    .getByRole('button', { name: 'Open image 1 full size' })
    .click();
  const viewer = viewerOf(page);
  const again = page.waitForRequest((r) => r.url().endsWith('/api/v6/images/text2img'));
  await viewer.getByRole('button', { name: 'Vary (new seed)' }).click();
  expect((await again).postDataJSON()).toEqual({ ...sent, seed: null });
  await expect(viewer.getByRole('status')).toHaveText(
    'Making a variation: it appears first in your pictures.',
  );

  await page.keyboard.press('Escape');
  await expect(cards(page)).toHaveCount(2);
  await expectImagesLoaded(page, /a lantern in the fog/, 2);
  // The viewer now moves across both.
  await cards(page).nth(1).getByRole('button', { name: 'Open image 1 full size' }).click();
  await expect(viewer).toContainText('Picture 2 of 2');
});

test('"Use these settings" in the viewer closes it and fills the form', async ({ page }) => {
  await page.goto('/');
  await chooseModelsLab(page, uniqueKey('viewer-reuse'));
  await generateNow(page, 'a marble staircase', { Steps: '17', Seed: '99' });
  await page.getByLabel('Prompt', { exact: true }).fill('something else');
  await page.getByRole('spinbutton', { name: 'Steps' }).fill('30');
  await card(page, 'a marble staircase')
    .getByRole('button', { name: 'Open image 1 full size' })
    .click();
  await viewerOf(page).getByRole('button', { name: 'Use these settings' }).click();
  await expect(viewerOf(page)).toHaveCount(0);
  await expect(page.getByLabel('Prompt', { exact: true })).toHaveValue('a marble staircase');
  await expect(page.getByLabel('Prompt', { exact: true })).toBeFocused();
  await expect(page.getByLabel('Steps')).toHaveValue('17');
  await expect(page.getByRole('textbox', { name: 'Seed' })).toHaveValue('99');
});

test('a delete shows "Deleted · Undo" for a few seconds: Undo brings the generation back in every tab; otherwise it stays deleted', async ({
  page,
  context,
}) => {
  const key = uniqueKey('undo');
  await openWithRememberedKey(page, key);
  await generateNow(page, 'a kept promise');
  await generateNow(page, 'a second thought');
  const other = await openTab(context);
  await expect(cards(other.page)).toHaveCount(2);

  await card(page, 'a kept promise')
    .getByRole('button', { name: 'Delete this generation' })
    .click();
  const notice = page.getByRole('status').filter({ hasText: 'Deleted “a kept promise”' });
  await expect(notice).toBeVisible();
  await expect(card(page, 'a kept promise')).toHaveCount(0);
  await expect(card(other.page, 'a kept promise')).toHaveCount(0);
  // Focus moves on to the next tile rather than being lost.
  await expect(card(page, 'a second thought')).toBeFocused();

  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(notice).toHaveCount(0);
  await expect(card(page, 'a kept promise')).toBeFocused();
  await expect(card(other.page, 'a kept promise')).toBeVisible();
  await expectImagesLoaded(other.page, /a kept promise/, 1);
  await page.reload();
  await expectImagesLoaded(page, /a kept promise/, 1);

  // Deleted from the viewer this time, and the notice left to go by itself.
  await card(page, 'a kept promise')
    .getByRole('button', { name: 'Open image 1 full size' })
    .click();
  await viewerOf(page).getByRole('button', { name: 'Delete' }).click();
  await expect(viewerOf(page)).toHaveCount(0);
  await expect(notice).toBeVisible();
  await expect(card(page, 'a kept promise')).toHaveCount(0);
  await expect(notice).toHaveCount(0, { timeout: 15_000 });
  for (const tab of [page, other.page]) {
    await tab.reload();
    await expect(card(tab, 'a second thought')).toBeVisible();
    await expect(cards(tab)).toHaveCount(1);
  }
  expect(other.errors).toEqual([]);
});

test('on a failed generation, Delete sits at the foot of the tile, away from the banner and its ✕', async ({
  page,
}) => {
  const key = uniqueKey('delete-apart');
  await scriptAnswers(key, [
    {
      path: '/text2img',
      status: 402,
      body: { status: 'error', message: 'Insufficient credits. Please add more credits.' },
    },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  await submit(page, 'a piggy bank, empty');
  const tile = card(page, 'a piggy bank, empty');
  const banner = tile.getByRole('alert');
  await expect(banner).toContainText('Your ModelsLab account is out of credits');
  await expect(banner.getByRole('button', { name: 'Try again' })).toBeVisible();
  const remove = tile.getByRole('button', { name: 'Delete this generation' });
  const dismiss = banner.getByRole('button', { name: 'Dismiss this message' });
  const [bannerBox, removeBox, dismissBox] = await Promise.all([
    box(banner),
    box(remove),
    box(dismiss),
  ]);
  expect(removeBox.y).toBeGreaterThan(bannerBox.y + bannerBox.height);
  expect(removeBox.y - (dismissBox.y + dismissBox.height)).toBeGreaterThan(40);
  // The message has room to be read: its tile takes two of the grid's columns, on a
  // laptop and on a phone.
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 800 });
    await expect.poll(async () => (await box(tile)).width).toBeGreaterThan(2 * 168);
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // Its ✕ only folds the banner: the generation stays, with what fixes it.
  await dismiss.click();
  await expect(tile).toContainText('Your ModelsLab account is out of credits.');
  await expect(tile.getByRole('button', { name: 'Try again' })).toBeVisible();
  await tile.getByRole('button', { name: 'Show details' }).click();
  await expect(tile.getByRole('link', { name: 'Plans and pricing' })).toBeVisible();
});

test('after Generate on a wide screen, the new generation shows under the button in "Now making" with its progress, and the button is busy a moment', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await chooseModelsLab(page, uniqueKey('now-making'));
  await generateNow(page, 'an earlier picture');
  await page.getByLabel('Prompt', { exact: true }).fill('a windmill at the end of the strip');
  await page.getByLabel('Width').fill('1024');
  const generate = page.getByRole('button', { name: 'Generate' });
  await generate.scrollIntoViewIfNeeded();
  await generate.click();
  await expect(generate.getByTestId('generate-busy')).toBeVisible();

  const strip = page.getByRole('region', { name: 'Now making' });
  await expect(strip).toBeInViewport();
  await expect(strip).toContainText('a windmill at the end of the strip');
  await expect(strip).toContainText(/\d+ % · \d+ s to go/);
  const [stripBox, buttonBox] = await Promise.all([box(strip), box(generate)]);
  expect(stripBox.y).toBeGreaterThan(buttonBox.y);
  expect(stripBox.y - (buttonBox.y + buttonBox.height)).toBeLessThan(120);
  await expect(generate.getByTestId('generate-busy')).toHaveCount(0);

  // A row leads to its tile.
  await strip.getByRole('button', { name: /a windmill at the end of the strip/ }).click();
  await expect(card(page, 'a windmill at the end of the strip')).toBeFocused();
  await expect(card(page, 'a windmill at the end of the strip')).toBeInViewport();

  // Once made, it says so there for a moment (under "Just made": nothing is being made
  // any more), then the strip goes.
  const justMade = page.getByRole('region', { name: 'Just made' });
  await expect(justMade).toContainText('Done ✓', { timeout: 30_000 });
  await expect(justMade).toContainText('a windmill at the end of the strip');
  await expect(strip).toHaveCount(0);
  await expect(justMade).toHaveCount(0, { timeout: 20_000 });
  await expectImagesLoaded(page, /a windmill at the end of the strip/, 1);
});

test('on a phone, a new generation is scrolled into view after Generate', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await chooseModelsLab(page, uniqueKey('phone'));
  await expect(page.getByRole('region', { name: 'Now making' })).toHaveCount(0);
  const prompt = page.getByLabel('Prompt', { exact: true });
  await prompt.fill('a tram on a hill');
  await prompt.press('Control+Enter');
  const tile = card(page, 'a tram on a hill');
  await expect(tile).toBeInViewport();
  await expectImagesLoaded(page, /a tram on a hill/, 1);
  // The grid shows two thumbnails a row even here.
  await generateNow(page, 'a ferry in the bay');
  // Both read in one go in the page: the page may still be scrolling the new tile into view.
  const [newer, older] = await cards(page).evaluateAll((tiles) =>
    tiles.slice(0, 2).map((tile) => tile.getBoundingClientRect().top),
  );
  expect(Math.abs((newer ?? 0) - (older ?? 1e9))).toBeLessThan(2);
});

test('the tab title shows what is being made, then a done mark if it finished while the tab was hidden, until the tab is shown', async ({
  page,
}) => {
  await page.addInitScript(controllableVisibility);
  await page.goto('/');
  await expect(page).toHaveTitle(TITLE);
  await chooseModelsLab(page, uniqueKey('title'));
  await submit(page, 'a slow lighthouse', { Width: '1024' });
  await submit(page, 'a slow harbour', { Width: '1024' });
  await expect(page).toHaveTitle(/^2 making · \d+ % — ModelsLab Studio$/);

  await setVisibility(page, 'hidden');
  await expect(page).toHaveTitle('✓ 2 done — ModelsLab Studio', { timeout: 30_000 });
  await setVisibility(page, 'visible');
  await expect(page).toHaveTitle(TITLE);
  await expectImagesLoaded(page, /a slow lighthouse/, 1);

  // Finished while in view: no mark.
  await generateNow(page, 'a quick picture in view', { Width: '512' });
  await expect(page).toHaveTitle(TITLE);
});

test('notifications are asked for only when turned on, come only for pictures finished while the tab is hidden, and the choice is remembered', async ({
  page,
}) => {
  await page.addInitScript(controllableVisibility);
  await page.addInitScript(fakeNotifications, 'granted');
  await page.goto('/');
  await chooseModelsLab(page, uniqueKey('notify'));
  await generateNow(page, 'a picture before asking');
  expect(await notificationLog(page)).toEqual({ asked: 0, shown: [] });

  const toggle = page.getByRole('checkbox', { name: 'Notify me when pictures are ready' });
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  expect((await notificationLog(page)).asked).toBe(1);

  await generateNow(page, 'a picture made in view');
  await submit(page, 'a picture made while away', { Width: '1024' });
  await expect(card(page, 'a picture made while away').getByRole('progressbar')).toBeVisible();
  await setVisibility(page, 'hidden');
  await expect
    .poll(async () => (await notificationLog(page)).shown, { timeout: 30_000 })
    .toEqual([
      {
        title: 'Your picture is ready',
        body: 'a picture made while away',
        tag: expect.stringMatching(/^modelslab-studio:/),
      },
    ]);
  await setVisibility(page, 'visible');

  await page.reload();
  await expect(toggle).toBeChecked();
  expect(await notificationLog(page)).toEqual({ asked: 0, shown: [] });
  await toggle.uncheck();
  await page.reload();
  await expect(toggle).not.toBeChecked();
});

test('a person whose browser blocks notifications is told how to allow them, and the switch stays off', async ({
  page,
}) => {
  await page.addInitScript(fakeNotifications, 'denied');
  await page.goto('/');
  const toggle = page.getByRole('checkbox', { name: 'Notify me when pictures are ready' });
  await toggle.click();
  await expect(page.getByRole('status').filter({ hasText: 'blocks notifications' })).toContainText(
    'Allow them in the site settings',
  );
  await expect(toggle).not.toBeChecked();
});

test('a returning visitor sees the newest pictures at once, while a long history is still being read', async ({
  page,
}) => {
  await page.goto('/');
  await chooseModelsLab(page, uniqueKey('first-page'));
  await generateNow(page, 'a first look');
  await generateNow(page, 'a second look');
  await generateNow(page, 'a third look, deleted');
  await card(page, 'a third look, deleted')
    .getByRole('button', { name: 'Delete this generation' })
    .click();
  await expect(cards(page)).toHaveCount(2);

  // The history is slow to read; the store of saved pictures answers.
  await page.addInitScript(holdIndexedDB, 'modelslab-studio');
  await page.reload();
  const preview = page.locator('[data-preview]');
  await expect(preview).toBeVisible();
  await expect(preview).toContainText('a second look');
  await expect(preview).not.toContainText('a third look');
  await expect(preview.locator('img')).toHaveCount(2);
  for (const image of await preview.locator('img').all()) {
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
  }
  // Nothing in it can be acted on yet: the history itself is not read.
  await expect(cards(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Open image/ })).toHaveCount(0);

  await releaseIndexedDB(page);
  await expect(preview).toHaveCount(0);
  await expect(cards(page)).toHaveCount(2);
  await expectImagesLoaded(page, /a (first|second) look/, 2);

  // After "Clear all" there is nothing left to show early.
  await page.getByRole('button', { name: 'Clear all' }).click();
  await page.getByRole('button', { name: 'Delete all' }).click();
  await expect(cards(page)).toHaveCount(0);
  await page.reload();
  await expect(page.getByText('Loading your pictures…')).toBeVisible();
  await expect(preview).toHaveCount(0);
  await releaseIndexedDB(page);
  await expect(page.getByText('Your pictures will appear here.')).toBeVisible();
});
