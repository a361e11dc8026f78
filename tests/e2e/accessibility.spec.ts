import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import {
  chooseSandbox,
  expect,
  expectImagesLoaded,
  inConnection,
  openConnection,
  test,
} from './fixtures';
import { showInTheme } from './helpers';

/** WCAG 2.1 A and AA rules, as axe checks them, on what the page shows now. */
async function violations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}

/**
 * Every state in both themes: the system's (prefers-color-scheme) light, then dark, on the
 * same page, once its colours have finished changing.
 */
async function violationsInBothThemes(page: Page) {
  const found: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await showInTheme(page, theme);
    found.push(...(await violations(page)).map((line) => `${theme}: ${line}`));
  }
  return found;
}

test('the first page a visitor sees, and the Connection drawer, pass the WCAG A/AA checks', async ({
  page,
}) => {
  await page.goto('/');
  expect(await violationsInBothThemes(page)).toEqual([]);

  await openConnection(page);
  expect(await violationsInBothThemes(page)).toEqual([]);
});

test('a form with mistakes, pictures, an error banner and the viewer pass the WCAG A/AA checks', async ({
  page,
}) => {
  await page.goto('/');
  await chooseSandbox(page);
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByText('prompt is required')).toBeVisible();
  expect(await violationsInBothThemes(page)).toEqual([]);

  await page.getByLabel('Prompt', { exact: true }).fill('a harbour at dawn');
  await page.getByLabel('Images').fill('2');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expectImagesLoaded(page, /a harbour at dawn/, 2);
  await page
    .getByLabel('Sandbox: next answer')
    .selectOption({ label: 'Your account is out of credits' });
  await page.getByLabel('Prompt', { exact: true }).fill('a second harbour');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  expect(await violationsInBothThemes(page)).toEqual([]);

  await page.getByRole('button', { name: 'Open image 1 full size' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await violationsInBothThemes(page)).toEqual([]);
});

test('the export choices and "Saved pictures" pass the WCAG A/AA checks, and the choices work from the keyboard', async ({
  page,
}) => {
  await page.goto('/');
  await chooseSandbox(page);
  await page.getByLabel('Prompt', { exact: true }).fill('a paper boat');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expectImagesLoaded(page, /a paper boat/, 1);

  const toggle = page.getByRole('button', { name: 'Export history' });
  await toggle.focus();
  await page.keyboard.press('Enter');
  const choices = page.getByRole('group', { name: 'Export history' });
  await expect(choices.getByRole('button', { name: 'History only (.json)' })).toBeFocused();
  expect(await violationsInBothThemes(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(choices).toBeHidden();
  await expect(toggle).toBeFocused();

  await page.getByRole('button', { name: 'Saved pictures' }).click();
  const section = page.getByRole('region', { name: 'Saved pictures' });
  await expect(section.getByText(/^No copies are saved yet/)).toBeVisible();
  expect(await violationsInBothThemes(page)).toEqual([]);
});

test('the grid of pictures, the "Now making" strip, the viewer and the undo notice pass the WCAG A/AA checks', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await chooseSandbox(page);
  await page.getByLabel('Prompt', { exact: true }).fill('a harbour at dawn');
  await page.getByLabel('Images').fill('2');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expectImagesLoaded(page, /a harbour at dawn/, 2);
  await page.getByLabel('Prompt', { exact: true }).fill('a lighthouse in a storm');
  await page.getByLabel('Images').fill('1');
  await page.getByRole('button', { name: /Square 1:1/ }).click();
  await page.getByRole('button', { name: 'Generate' }).click();
  // Queued: its tile shows the progress, and so does the strip under the button.
  await expect(page.getByRole('progressbar')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Now making' })).toContainText(/s to go/);
  expect(await violationsInBothThemes(page)).toEqual([]);

  await page
    .getByRole('article', { name: 'Generation: a harbour at dawn' })
    .getByRole('button', { name: 'Open image 2 full size' })
    .click();
  await expect(page.getByRole('dialog', { name: 'Full-size image' })).toBeVisible();
  expect(await violationsInBothThemes(page)).toEqual([]);

  await page.getByRole('dialog').getByRole('button', { name: 'Delete all 2' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted' })).toBeVisible();
  expect(await violationsInBothThemes(page)).toEqual([]);
});

test('the picture picker, a starting picture with its strength, the painting and the enlarge options pass the WCAG A/AA checks, and the painting works from the keyboard', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await chooseSandbox(page);
  await page.getByLabel('Prompt', { exact: true }).fill('a red barn');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expectImagesLoaded(page, /a red barn/, 1);

  await page.getByRole('button', { name: 'Start from a picture…' }).click();
  await expect(page.getByRole('button', { name: 'Choose a picture…' })).toBeVisible();
  expect(await violationsInBothThemes(page)).toEqual([]);

  await page.getByRole('button', { name: 'Open image 1 full size' }).click();
  const viewer = page.getByRole('dialog', { name: 'Full-size image' });
  await viewer.getByRole('button', { name: 'Enlarge…' }).click();
  await expect(viewer.getByRole('group', { name: 'Enlarge this picture' })).toBeVisible();
  expect(await violationsInBothThemes(page)).toEqual([]);

  await viewer.getByRole('button', { name: 'Fix a part' }).click();
  const painting = page.getByRole('dialog', { name: 'Paint the part to change' });
  await expect(painting.getByRole('button', { name: 'Use this mask' })).toBeDisabled();
  expect(await violationsInBothThemes(page)).toEqual([]);
  // From the keyboard alone: invert (everything repainted), undo, redo, clear.
  await page.keyboard.press('i');
  await expect(painting.getByRole('button', { name: 'Use this mask' })).toBeEnabled();
  await page.keyboard.press('Control+z');
  await expect(painting.getByRole('button', { name: 'Use this mask' })).toBeDisabled();
  await page.keyboard.press('Control+Shift+Z');
  await painting.getByRole('button', { name: 'Clear' }).press('Enter');
  await expect(painting.getByRole('button', { name: 'Use this mask' })).toBeDisabled();
  await painting.getByRole('button', { name: 'Invert' }).press('Enter');
  await painting.getByRole('button', { name: 'Use this mask' }).press('Enter');
  await expect(painting).toBeHidden();
  await expect(page.getByRole('group', { name: 'Starting picture', exact: true })).toBeVisible();
  await expect(page.getByRole('slider', { name: /Strength/ })).toBeVisible();
  expect(await violationsInBothThemes(page)).toEqual([]);
});

test('the form with "More settings" open, a rounded size and a scheduler chosen passes the WCAG A/AA checks', async ({
  page,
}) => {
  await page.goto('/');
  await chooseSandbox(page);
  await page.getByRole('button', { name: 'More settings' }).click();
  await expect(page.getByLabel('Scheduler', { exact: true })).toBeVisible();
  await page.getByLabel('Scheduler', { exact: true }).selectOption('DDIMScheduler');
  await page.getByLabel('Width').fill('1001');
  await page.getByLabel('Width').press('Tab');
  await expect(page.getByText('Width rounded to 1000, a multiple of 8.')).toBeVisible();
  expect(await violationsInBothThemes(page)).toEqual([]);
});

test('the model picker, with its list, a favourite, a search and when the list is missing, passes the WCAG A/AA checks', async ({
  page,
}) => {
  await page.goto('/');
  await chooseSandbox(page);
  await page.getByRole('button', { name: 'Browse models' }).click();
  const dialog = page.getByRole('dialog', { name: 'Choose a model' });
  await dialog.getByRole('button', { name: 'Add Flux to favourites' }).click();
  await expect(dialog.getByRole('region', { name: /^favourites$/i })).toBeVisible();
  expect(await violationsInBothThemes(page)).toEqual([]);

  await dialog.getByRole('searchbox', { name: 'Search models' }).fill('my-own');
  await expect(dialog.getByRole('button', { name: 'Use “my-own” as the model ID' })).toBeVisible();
  expect(await violationsInBothThemes(page)).toEqual([]);
  await page.keyboard.press('Escape');

  // No key: the list is missing, and the picker says why.
  await inConnection(page, (drawer) => drawer.getByRole('radio', { name: 'ModelsLab' }).check());
  await page.getByRole('button', { name: 'Browse models' }).click();
  await expect(dialog.getByText(/needs your API key/)).toBeVisible();
  expect(await violationsInBothThemes(page)).toEqual([]);
});

test('the dark theme chosen with the switch, over a light system, passes the WCAG A/AA checks with a banner and the drawer', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await page.getByLabel('Theme').selectOption('Dark');
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await chooseSandbox(page);
  await page
    .getByLabel('Sandbox: next answer')
    .selectOption({ label: 'Your account is out of credits' });
  await page.getByLabel('Prompt', { exact: true }).fill('a harbour at dawn');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  expect(await violations(page)).toEqual([]);

  await openConnection(page);
  expect(await violations(page)).toEqual([]);
});
