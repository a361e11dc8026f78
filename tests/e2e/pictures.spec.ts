import type { Page } from '@playwright/test';
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
import { card, pngBytes, transferOf } from './helpers';

/**
 * Starting from a picture (a file, a drop, a paste, an address, a result), painting the
 * part to change, and enlarging: each path through the production build, against the
 * stand-in API (calls counted, bodies read) or the in-page sandbox.
 */

const PHOTO = { name: 'photo.png', type: 'image/png', bytes: pngBytes(640, 480) };

const form = (page: Page) => page.getByRole('form', { name: 'Describe your picture' });
const startingPicture = (page: Page) =>
  page.getByRole('group', { name: 'Starting picture', exact: true });
const calls = async (key: string, path: string) =>
  (await callsFor(key)).filter((call) => call.path.includes(path));

async function chooseFile(page: Page, file: { name: string; type: string; bytes: Buffer }) {
  await page.getByRole('button', { name: 'Start from a picture…' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose a picture…' }).click();
  await (await chooser).setFiles({ name: file.name, mimeType: file.type, buffer: file.bytes });
}

async function expectStartingPicture(page: Page) {
  const picture = startingPicture(page).getByRole('img', { name: 'What Generate starts from' });
  await expect(picture).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
}

/** 640×480: above what the stand-in answers at once, so it is queued, with an ETA of about 3 s. */
async function queuedSize(page: Page) {
  await page.getByLabel('Width').fill('640');
  await page.getByLabel('Height').fill('480');
}

/** Waits until the generation shows a progress bar (it is queued), reloads, and sees it end. */
async function reloadWhileQueued(page: Page, prompt: string) {
  // Queued on the service (its ETA counts down), not still being sent: a reload mid-send
  // leaves a ModelsLab request "unknown" on purpose.
  await expect(card(page, prompt).getByText(/about \d+ s left/)).toBeVisible({ timeout: 20_000 });
  await page.reload();
  await expectImagesLoaded(page, new RegExp(prompt), 1);
}

test('a chosen file is uploaded, changed by the prompt, and a reload mid-job resumes it without a second send', async ({
  page,
}) => {
  const key = uniqueKey('img2img-file');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.getByLabel('Prompt', { exact: true }).fill('the same scene in winter');
  await chooseFile(page, PHOTO);
  await expectStartingPicture(page);
  await expect(startingPicture(page)).toContainText(
    "Size set to 640×480 to keep the picture's shape",
  );
  await expect(page.getByLabel('Width')).toHaveValue('640');
  await startingPicture(page).getByLabel('Strength value').fill('0.5');
  await page.getByRole('button', { name: 'Generate' }).click();
  await reloadWhileQueued(page, 'the same scene in winter');
  await expect(card(page, 'the same scene in winter')).toContainText('From a picture');

  const [upload] = await calls(key, '/api/v3/base64_crop');
  expect(upload?.body).toMatchObject({ key, crop: 'false' });
  expect(String(upload?.body.image)).toMatch(/^data:image\/png;base64,/);
  const sent = await calls(key, '/api/v6/images/img2img');
  expect(sent).toHaveLength(1);
  expect(sent[0]?.body).toMatchObject({
    key,
    prompt: 'the same scene in winter',
    width: 640,
    height: 480,
    strength: 0.5,
    init_image: expect.stringMatching(new RegExp(`^${API}/uploads/\\d+\\.png$`)),
  });
});

test('a file that is not a picture is refused in plain words, and nothing is uploaded', async ({
  page,
}) => {
  const key = uniqueKey('not-a-picture');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await chooseFile(page, {
    name: 'notes.pdf',
    type: 'application/pdf',
    bytes: Buffer.from('%PDF-1.7\n1 0 obj\n'),
  });
  await expect(form(page).getByRole('alert')).toContainText('That file is not a picture');
  expect(await calls(key, '/api/v3/base64_crop')).toEqual([]);
});

test('a picture dropped anywhere on the form is uploaded (an upload failure says so and Try again works), and its job resumes after a reload without a second send', async ({
  page,
}) => {
  const key = uniqueKey('drop');
  await scriptAnswers(key, [
    {
      path: '/base64_crop',
      status: 500,
      body: { status: 'error', message: 'Internal server error. Please try again.' },
    },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  const dataTransfer = await transferOf(page, PHOTO);
  await form(page).getByLabel('Prompt', { exact: true }).dispatchEvent('drop', { dataTransfer });
  const problem = form(page).getByRole('alert');
  await expect(problem).toContainText('The picture could not be uploaded');
  await expect(problem).toContainText('Internal server error. Please try again.');
  await form(page).getByRole('button', { name: 'Try again' }).click();
  await expectStartingPicture(page);
  expect(await calls(key, '/api/v3/base64_crop')).toHaveLength(2);
  await page.getByLabel('Prompt', { exact: true }).fill('a dropped photo in autumn');
  await page.getByRole('button', { name: 'Generate' }).click();
  await reloadWhileQueued(page, 'a dropped photo in autumn');
  expect(await calls(key, '/api/v6/images/img2img')).toHaveLength(1);
});

async function paste(page: Page, file: { name: string; type: string; bytes: Buffer }) {
  const clipboardData = await transferOf(page, file);
  await page
    .getByLabel('Prompt', { exact: true })
    .evaluate(
      (element, transfer) =>
        element.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
        ),
      clipboardData,
    );
}

test('a picture pasted into the prompt becomes the starting picture (a pasted file that is not one is refused), and its job resumes after a reload without a second send', async ({
  page,
}) => {
  const key = uniqueKey('paste');
  await page.goto('/');
  await chooseModelsLab(page, key);
  const prompt = page.getByLabel('Prompt', { exact: true });
  await prompt.fill('a lake at dawn');
  await paste(page, { name: 'notes.txt', type: 'text/plain', bytes: Buffer.from('just words') });
  await expect(form(page).getByRole('alert')).toContainText('That file is not a picture');
  await paste(page, PHOTO);
  await expectStartingPicture(page);
  // The picture went in; the prompt's text is as it was.
  await expect(prompt).toHaveValue('a lake at dawn');
  await page.getByRole('button', { name: 'Generate' }).click();
  await reloadWhileQueued(page, 'a lake at dawn');
  await expect(card(page, 'a lake at dawn')).toContainText('From a picture');
  expect(await calls(key, '/api/v3/base64_crop')).toHaveLength(1);
  expect(await calls(key, '/api/v6/images/img2img')).toHaveLength(1);
});

test('a picture address is sent as it is and its job resumes after a reload without a second send; one the service cannot download gets its own banner', async ({
  page,
}) => {
  const key = uniqueKey('address');
  const address = `${API}/pictures/7-0-512x512.svg`;
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.getByRole('button', { name: 'Start from a picture…' }).click();
  await page.getByLabel('Picture address (URL)').fill(address);
  await page.getByRole('button', { name: 'Use this address' }).click();
  await expectStartingPicture(page);
  await page.getByLabel('Prompt', { exact: true }).fill('a castle from a picture address');
  await queuedSize(page);
  await page.getByRole('button', { name: 'Generate' }).click();
  await reloadWhileQueued(page, 'a castle from a picture address');
  const sentOnce = await calls(key, '/api/v6/images/img2img');
  expect(sentOnce).toHaveLength(1);
  expect(sentOnce[0]?.body.init_image).toBe(address);
  expect(await calls(key, '/api/v3/base64_crop')).toEqual([]);

  // A picture only the person's computer can reach: the service cannot download it.
  await scriptAnswers(key, [
    {
      path: '/img2img',
      status: 400,
      body: { status: 'error', message: 'Unable to fetch image from provided URL' },
    },
  ]);
  await page.getByLabel('Prompt', { exact: true }).fill('a cat from a private address');
  await page.getByRole('button', { name: 'Generate' }).click();
  const banner = card(page, 'a cat from a private address').getByRole('alert');
  await expect(banner).toContainText('The service could not download your starting picture');
  await expect(banner).toContainText('Unable to fetch image from provided URL');
  await expect(banner).toContainText('public web address');
});

test('a result can be the starting picture of the next one: it resumes after a reload without a second send, and a failure of it says so', async ({
  page,
}) => {
  const key = uniqueKey('from-result');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.getByLabel('Prompt', { exact: true }).fill('a lighthouse by day');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expectImagesLoaded(page, /a lighthouse by day/, 1);
  const result = await card(page, 'a lighthouse by day').getByRole('img').getAttribute('src');
  await card(page, 'a lighthouse by day')
    .getByRole('button', { name: 'Open image 1 full size' })
    .click();
  await page.getByRole('button', { name: 'Use as starting picture' }).click();
  await expectStartingPicture(page);
  await page.getByLabel('Prompt', { exact: true }).fill('a lighthouse by night');
  await queuedSize(page);
  await page.getByRole('button', { name: 'Generate' }).click();
  await reloadWhileQueued(page, 'a lighthouse by night');
  const sent = await calls(key, '/api/v6/images/img2img');
  expect(sent).toHaveLength(1);
  expect(sent[0]?.body.init_image).toBe(result);

  // The next one is queued, then fails on the service.
  await scriptAnswers(key, [
    {
      path: '/fetch/',
      body: { status: 'failed', id: '', message: 'Generation failed', output: '' },
    },
  ]);
  await page.getByLabel('Prompt', { exact: true }).fill('a lighthouse in fog');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(card(page, 'a lighthouse in fog').getByRole('alert')).toContainText(
    'Generation failed',
    { timeout: 30_000 },
  );
});

/** Paints a stroke across the middle of the drawing area with the mouse. */
async function paintStroke(page: Page, from: number, to: number) {
  const area = page.getByLabel('Drawing area: paint over the part of the picture to change');
  const box = await area.boundingBox();
  if (!box) throw new Error('no drawing area');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  for (let step = 1; step <= 8; step += 1) {
    await page.mouse.move(box.x + box.width * (from + ((to - from) * step) / 8), y);
  }
  await page.mouse.up();
}

test('"Fix a part": a mask drawn with the pointer, undone, redrawn and inverted is sent with the picture; a reload mid-job resumes it', async ({
  page,
}) => {
  const key = uniqueKey('inpaint');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.getByLabel('Prompt', { exact: true }).fill('a garden with a bench');
  await queuedSize(page);
  await page.getByRole('button', { name: 'Generate' }).click();
  await expectImagesLoaded(page, /a garden with a bench/, 1);
  await card(page, 'a garden with a bench')
    .getByRole('button', { name: 'Open image 1 full size' })
    .click();
  await page.getByRole('button', { name: 'Fix a part' }).click();

  const painting = page.getByRole('dialog', { name: 'Paint the part to change' });
  await expect(painting.getByRole('heading', { name: 'Paint the part to change' })).toBeVisible();
  const use = painting.getByRole('button', { name: 'Use this mask' });
  await expect(use).toBeDisabled();
  await paintStroke(page, 0.2, 0.5);
  await expect(use).toBeEnabled();
  await painting.getByRole('button', { name: 'Undo' }).click();
  await expect(use).toBeDisabled();
  await page.keyboard.press('Control+Shift+Z');
  await expect(use).toBeEnabled();
  await painting.getByRole('button', { name: 'Invert' }).click();
  await use.click();
  await expect(painting).toBeHidden();
  await expect(
    startingPicture(page).getByRole('img', { name: 'The painted part, shown lighter' }),
  ).toBeVisible();

  await page.getByLabel('Prompt', { exact: true }).fill('a garden with a fountain');
  await page.getByRole('button', { name: 'Generate' }).click();
  await reloadWhileQueued(page, 'a garden with a fountain');
  await expect(card(page, 'a garden with a fountain')).toContainText('Part repainted');

  const [mask] = await calls(key, '/api/v3/base64_crop');
  expect(String(mask?.body.image)).toMatch(/^data:image\/png;base64,/);
  const sent = await calls(key, '/api/v6/images/inpaint');
  expect(sent).toHaveLength(1);
  expect(sent[0]?.body).toMatchObject({
    prompt: 'a garden with a fountain',
    init_image: expect.stringMatching(/\/pictures\//),
    mask_image: expect.stringMatching(new RegExp(`^${API}/uploads/\\d+\\.png$`)),
  });
});

test('a mask of the wrong size is refused by the service with its words', async ({ page }) => {
  const key = uniqueKey('mask-refused');
  await scriptAnswers(key, [
    {
      path: '/inpaint',
      status: 400,
      body: { status: 'error', message: 'mask_image must be the same size as init_image' },
    },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  await chooseFile(page, PHOTO);
  await expectStartingPicture(page);
  await startingPicture(page).getByRole('button', { name: 'Paint the part to change' }).click();
  const painting = page.getByRole('dialog', { name: 'Paint the part to change' });
  await painting.getByRole('button', { name: 'Invert' }).click();
  await painting.getByRole('button', { name: 'Use this mask' }).click();
  await expect(painting).toBeHidden();
  await page.getByLabel('Prompt', { exact: true }).fill('a refused mask');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(
    page.getByText('mask_image must be the same size as init_image').first(),
  ).toBeVisible();
});

test('"Enlarge" makes a job of its own, linked to the original; a reload mid-job resumes it without a second send', async ({
  page,
}) => {
  const key = uniqueKey('enlarge');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.getByLabel('Prompt', { exact: true }).fill('a mountain hut');
  await queuedSize(page);
  await page.getByRole('button', { name: 'Generate' }).click();
  await expectImagesLoaded(page, /a mountain hut/, 1);
  const original = await card(page, 'a mountain hut').getByRole('img').getAttribute('src');
  await card(page, 'a mountain hut')
    .getByRole('button', { name: 'Open image 1 full size' })
    .click();
  const viewer = page.getByRole('dialog', { name: 'Full-size image' });
  await viewer.getByRole('button', { name: 'Enlarge…' }).click();
  await viewer.getByRole('radio', { name: '4× (2560×1920)' }).check();
  await viewer.getByRole('button', { name: 'Enlarge 4×' }).click();
  await expect(viewer.getByText('Enlarging 4×: it appears first in your pictures.')).toBeVisible();
  await viewer.getByRole('button', { name: 'Close' }).click();

  const enlarged = page.getByRole('article', { name: 'Generation: a mountain hut' }).first();
  await expect(enlarged).toContainText('Enlarged 4× · 2560×1920');
  await expect(enlarged.getByText(/about \d+ s left/)).toBeVisible({ timeout: 20_000 });
  await page.reload();
  await expect(enlarged.getByRole('img')).toBeVisible({ timeout: 30_000 });
  const sent = await calls(key, '/api/v6/image_editing/super_resolution');
  expect(sent.map((call) => call.body)).toEqual([
    { key, init_image: original, scale: 4, face_enhance: false },
  ]);
  expect((await calls(key, '/api/v6/image_editing/fetch/')).length).toBeGreaterThan(0);
  await enlarged.getByRole('button', { name: 'Show the original' }).click();
  await expect(
    page.getByRole('article', { name: 'Generation: a mountain hut' }).nth(1),
  ).toBeFocused();
});

test('an enlargement that fails says so on its card', async ({ page }) => {
  await page.goto('/');
  await chooseSandbox(page);
  await page.getByLabel('Prompt', { exact: true }).fill('a small boat');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expectImagesLoaded(page, /a small boat/, 1);
  await page
    .getByLabel('Sandbox: next answer')
    .selectOption({ label: 'Enlarging fails (job failed)' });
  await card(page, 'a small boat').getByRole('button', { name: 'Open image 1 full size' }).click();
  const viewer = page.getByRole('dialog', { name: 'Full-size image' });
  await viewer.getByRole('button', { name: 'Enlarge…' }).click();
  await viewer.getByRole('button', { name: 'Enlarge 2×' }).click();
  await expect(viewer.getByText(/Enlarging 2×/)).toBeVisible();
  await viewer.getByRole('button', { name: 'Close' }).click();
  const enlarged = page.getByRole('article', { name: 'Generation: a small boat' }).first();
  await expect(enlarged.getByRole('alert')).toBeVisible({ timeout: 30_000 });
  await expect(enlarged).toContainText('Enlarged 2×');
});

test('in the sandbox, a slow picture job cut off by a reload is settled with the simulator, not sent twice', async ({
  page,
}) => {
  await page.goto('/');
  await chooseSandbox(page);
  await page.getByLabel('Prompt', { exact: true }).fill('a slow winter scene');
  await chooseFile(page, PHOTO);
  await expectStartingPicture(page);
  await page.getByLabel('Sandbox: next answer').selectOption({
    label: 'A slow picture job from a picture: 20 seconds (try reloading meanwhile)',
  });
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(card(page, 'a slow winter scene')).toContainText(/waiting for the answer|Sending/);
  await page.reload();
  await expectImagesLoaded(page, /a slow winter scene/, 1);
  await expect(card(page, 'a slow winter scene')).toContainText('From a picture');
  // One job in the simulator's queue: the reload did not send it again.
  const queue = await page.evaluate(() =>
    JSON.parse(localStorage.getItem('modelslab-studio.sandbox-queue') ?? '[]'),
  );
  expect(queue.filter((job: { kind?: string }) => job.kind === 'img2img')).toHaveLength(1);
});

test('a picture too large to paint on is refused in plain words, and the page stays usable', async ({
  page,
}) => {
  const key = uniqueKey('huge-paint');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.getByRole('button', { name: 'Start from a picture…' }).click();
  await page.getByLabel('Picture address (URL)').fill(`${API}/pictures/3-0-5000x5000.svg`);
  await page.getByRole('button', { name: 'Use this address' }).click();
  await expectStartingPicture(page);
  await startingPicture(page).getByRole('button', { name: 'Paint the part to change' }).click();
  const painting = page.getByRole('dialog', { name: 'Paint the part to change' });
  await expect(painting.getByRole('alert')).toContainText('too large to paint on here');
  await painting.getByRole('button', { name: 'Close' }).click();
  await expect(painting).toBeHidden();
  await expect(
    startingPicture(page).getByRole('button', { name: 'Paint the part to change' }),
  ).toBeFocused();
});

test('an address holding the API key is refused before anything loads it', async ({ page }) => {
  const key = uniqueKey('key-in-address');
  await page.goto('/');
  await chooseModelsLab(page, key);
  await page.getByRole('button', { name: 'Start from a picture…' }).click();
  await page.getByLabel('Picture address (URL)').fill(`${API}/pictures/3-0-512x512.svg?k=${key}`);
  await page.getByRole('button', { name: 'Use this address' }).click();
  await expect(form(page).getByText('That address holds your API key')).toBeVisible();
  await expect(startingPicture(page)).toHaveCount(0);
});

test('a starting picture kept by the sandbox is uploaded again when the connection becomes ModelsLab', async ({
  page,
}) => {
  const key = uniqueKey('sandbox-then-real');
  await page.goto('/');
  await chooseSandbox(page);
  await chooseFile(page, PHOTO);
  await expectStartingPicture(page);
  await expect(
    startingPicture(page).getByRole('img', { name: 'What Generate starts from' }),
  ).toHaveAttribute('src', /^data:image\//);
  await chooseModelsLab(page, key);
  await expect(
    startingPicture(page).getByRole('img', { name: 'What Generate starts from' }),
  ).toHaveAttribute('src', new RegExp(`^${API}/uploads/`), { timeout: 20_000 });
  await page.getByLabel('Prompt', { exact: true }).fill('the sandbox photo, for real');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expectImagesLoaded(page, /the sandbox photo, for real/, 1);
  const [sent] = await calls(key, '/api/v6/images/img2img');
  expect(String(sent?.body.init_image)).toMatch(new RegExp(`^${API}/uploads/`));
});
