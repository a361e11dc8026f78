import type { Page } from '@playwright/test';
import { chooseSandbox, expect, test } from './fixtures';
import { card, generateNow } from './helpers';

const html = (page: Page) => page.locator('html');
const connectionButton = (page: Page) => page.getByRole('button', { name: /^Connection:/ });
const drawer = (page: Page) => page.getByRole('dialog', { name: 'Connection' });
const pageBackground = (page: Page) =>
  page.evaluate(
    () => getComputedStyle(document.querySelector('#root > div') as Element).backgroundColor,
  );

test('the theme follows the system until the person chooses one, which is remembered before the first paint', async ({
  page,
}) => {
  // Whether <html> was dark when <body> began, before the app's own script ran.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.body) return;
      observer.disconnect();
      (window as unknown as { __darkAtBody: boolean }).__darkAtBody =
        document.documentElement.classList.contains('dark');
    }).observe(document, { childList: true, subtree: true });
  });
  const darkAtBody = () =>
    page.evaluate(() => (window as unknown as { __darkAtBody: boolean }).__darkAtBody);

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(html(page)).toHaveClass(/\bdark\b/);
  expect(await darkAtBody()).toBe(true);
  await expect(page.getByLabel('Theme')).toHaveValue('system');
  const dark = await pageBackground(page);

  // "As system" follows a change of the system's setting at once.
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html(page)).not.toHaveClass(/\bdark\b/);
  expect(await pageBackground(page)).not.toBe(dark);

  await page.getByLabel('Theme').selectOption('Dark');
  await expect(html(page)).toHaveClass(/\bdark\b/);
  expect(await pageBackground(page)).toBe(dark);
  await expect(html(page)).toHaveCSS('color-scheme', 'dark');

  await page.reload();
  await expect(page.getByLabel('Theme')).toHaveValue('dark');
  expect(await darkAtBody()).toBe(true);

  // A light choice holds against a dark system.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByLabel('Theme').selectOption('Light');
  await page.reload();
  expect(await darkAtBody()).toBe(false);
  await expect(html(page)).not.toHaveClass(/\bdark\b/);
  await expect(html(page)).toHaveCSS('color-scheme', 'light');
});

test('a skip link is the first stop of the keyboard, shows when focused, and skips to the page', async ({
  page,
}) => {
  await page.goto('/');
  // The page a person would start tabbing on: rendered, not just loaded.
  await expect(page.getByLabel('Prompt', { exact: true })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  expect((await skip.boundingBox())?.width ?? 0).toBeGreaterThan(50);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Prompt', { exact: true })).toBeFocused();
});

test('on a wide screen, Connection opens from the header at any scroll position, and Escape or a click beside it closes it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 500 });
  await page.goto('/');
  await expect(connectionButton(page)).toHaveAccessibleName('Connection: No key yet');
  await chooseSandbox(page);
  await expect(connectionButton(page)).toHaveAccessibleName('Connection: Sandbox');
  await generateNow(page, 'a tall harbour');
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  await expect(connectionButton(page)).toBeInViewport();

  await connectionButton(page).click();
  await expect(drawer(page)).toBeVisible();
  await expect(drawer(page).getByRole('radio', { name: 'Sandbox' })).toBeChecked();
  await expect(drawer(page).getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(drawer(page)).toBeHidden();
  await expect(connectionButton(page)).toBeFocused();

  await connectionButton(page).click();
  await drawer(page).getByRole('radio', { name: 'ModelsLab' }).check();
  // The backdrop, left of the drawer.
  await page.mouse.click(20, 300);
  await expect(drawer(page)).toBeHidden();
  await expect(connectionButton(page)).toHaveAccessibleName('Connection: No key yet');
});

test('the sandbox notice’s "Connection" opens the drawer, and the form’s key notice opens it at the key field', async ({
  page,
}) => {
  await page.goto('/');
  await chooseSandbox(page);
  await page.getByRole('note').getByRole('button', { name: 'Connection' }).click();
  await expect(drawer(page)).toBeVisible();
  await drawer(page).getByRole('radio', { name: 'ModelsLab' }).check();
  await drawer(page).getByRole('button', { name: 'Close' }).click();
  await expect(drawer(page)).toBeHidden();

  await page.getByRole('button', { name: 'Paste your ModelsLab API key' }).click();
  await expect(drawer(page)).toBeVisible();
  await expect(drawer(page).getByLabel('API key')).toBeFocused();
  await page.keyboard.type('sk-mine');
  await page.keyboard.press('Escape');
  await expect(connectionButton(page)).toHaveAccessibleName('Connection: ModelsLab · key set');
  await expect(page.getByRole('button', { name: 'Paste your ModelsLab API key' })).toBeHidden();
});

test('the Ctrl+Enter hint shows where a mouse is the main pointer, not on a touch phone', async ({
  page,
  browser,
}) => {
  await page.goto('/');
  await expect(page.getByText('or press Ctrl+Enter')).toBeVisible();

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const onPhone = await phone.newPage();
  await onPhone.goto(page.url());
  await expect(onPhone.getByRole('button', { name: 'Generate' })).toBeVisible();
  await expect(onPhone.getByText(/or press/)).toHaveCount(0);
  await phone.close();
});

test('in the dark theme a disabled Generate looks disabled: not the colour of an enabled one', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  const generate = page.getByRole('button', { name: 'Generate' });
  // Its background as sRGB (the browser may report lab() or oklab()), through a canvas.
  const colour = () =>
    generate.evaluate((button) => {
      const context = document.createElement('canvas').getContext('2d');
      if (!context) throw new Error('no canvas');
      context.fillStyle = getComputedStyle(button).backgroundColor;
      context.fillRect(0, 0, 1, 1);
      return [...context.getImageData(0, 0, 1, 1).data.slice(0, 3)];
    });
  const hue = (rgb: number[]) => Math.max(...rgb) - Math.min(...rgb);
  // No key yet on ModelsLab: Generate waits for one.
  await expect(generate).toBeDisabled();
  const disabled = await colour();
  await chooseSandbox(page);
  await expect(generate).toBeEnabled();
  // A grey, unlike the indigo of the enabled button (once its colour has faded in).
  await expect.poll(async () => hue(await colour())).toBeGreaterThan(60);
  expect(hue(disabled)).toBeLessThan(50);
});

/** Holds back the files at `url` until `release`; `asked` settles when the page asks for one. */
async function holdBack(page: Page, url: string) {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let ask = () => {};
  const asked = new Promise<void>((resolve) => {
    ask = resolve;
  });
  await page.route(url, async (route) => {
    ask();
    await released;
    await route.continue();
  });
  return { asked, release };
}

test('the page is there before its script runs: what is typed meanwhile is kept when the app takes over', async ({
  page,
}) => {
  // The app's script is held back, as on a slow network.
  const { release } = await holdBack(page, '**/assets/index-*.js');
  await page.goto('/', { waitUntil: 'commit' });
  await expect(page.getByRole('heading', { level: 1, name: 'ModelsLab Studio' })).toBeVisible();
  const generate = page.getByRole('button', { name: 'Generate' });
  await expect(generate).toBeVisible();
  const prompt = page.getByRole('textbox', { name: 'Prompt', exact: true });
  await prompt.fill('a lighthouse typed before the app started');
  // Nothing works by itself yet: the page is the build's HTML.
  await expect(page.getByText('0 characters')).toBeVisible();

  release();
  // The app has the page: the count follows what was typed, which is still there.
  await expect(page.getByText(/^41 characters/)).toBeVisible();
  await expect(prompt).toHaveValue('a lighthouse typed before the app started');
  await prompt.press('End');
  await prompt.pressSequentially('!');
  await expect(prompt).toHaveValue('a lighthouse typed before the app started!');
});

test('what is typed while the form is still loading is kept when it has loaded, and is what Generate then makes', async ({
  page,
}) => {
  // The page's first script runs; the form's own code is held back, as on a slow network.
  const { asked, release } = await holdBack(page, '**/assets/GenerateForm-*.js');
  await page.goto('/', { waitUntil: 'commit' });
  await asked;
  const prompt = page.getByRole('textbox', { name: 'Prompt', exact: true });
  await prompt.fill('a kite typed while the form loads');
  release();
  await expect(page.getByText(/^33 characters/)).toBeVisible();
  await expect(prompt).toHaveValue('a kite typed while the form loads');
  await chooseSandbox(page);
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(card(page, 'a kite typed while the form loads')).toBeVisible();
  expect(new URL(page.url()).search).toBe('');
});
