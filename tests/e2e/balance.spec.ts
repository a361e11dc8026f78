import {
  allCallsFor,
  callsFor,
  chooseModelsLab,
  chooseSandbox,
  expect,
  expectImagesLoaded,
  openConnection,
  scriptAnswers,
  test,
  uniqueKey,
} from './fixtures';

/** The key check under the key field and the balance in the header, on the production build. */

const header = (page: import('@playwright/test').Page) => page.getByRole('banner');
const balanceCalls = async (key: string) =>
  (await allCallsFor(key)).filter((call) => call.path.endsWith('/api/wallet_balance'));

test('a working key is checked once when pasted, before anything is generated, and the header shows its balance', async ({
  page,
}) => {
  const key = uniqueKey('balance-good');
  await page.goto('/');
  const drawer = await openConnection(page);
  await drawer.getByRole('radio', { name: 'ModelsLab' }).check();
  const remember = drawer.getByRole('checkbox', { name: 'Remember on this device' });
  const before = await remember.boundingBox();
  await drawer.getByLabel('API key').fill(key);
  await expect(drawer.getByText('Key works · balance 43.60 USD')).toBeVisible();
  // The answer has its line kept: what is under the key field does not move under a click.
  expect((await remember.boundingBox())?.y).toBe(before?.y);
  await drawer.getByRole('button', { name: 'Close' }).click();
  await expect(header(page)).toContainText('43.60 USD');
  expect((await balanceCalls(key)).map((call) => call.body)).toEqual([{ key }]);
  expect((await callsFor(key)).filter((call) => call.path.includes('/images/'))).toEqual([]);

  // A finished job costs something: the balance is asked again and goes down.
  await page.getByLabel('Prompt', { exact: true }).fill('a paid picture');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expectImagesLoaded(page, /a paid picture/, 1);
  await expect(header(page)).toContainText('43.60 USD');
  await expect.poll(async () => (await balanceCalls(key)).length, { timeout: 15_000 }).toBe(2);
  await header(page).getByRole('button', { name: 'Refresh balance' }).click();
  await expect.poll(async () => (await balanceCalls(key)).length).toBe(3);
});

test('a refused key is said plainly with the link to the keys page, and the header offers to fix it', async ({
  page,
}) => {
  const key = uniqueKey('balance-refused');
  await scriptAnswers(key, [
    { path: '/wallet_balance', status: 401, body: { status: 'error', message: 'Invalid API key' } },
  ]);
  await page.goto('/');
  const drawer = await openConnection(page);
  await drawer.getByRole('radio', { name: 'ModelsLab' }).check();
  await drawer.getByLabel('API key').fill(key);
  await expect(drawer.getByText('ModelsLab refused this key')).toBeVisible();
  await expect(drawer.getByText('Invalid API key')).toBeVisible();
  await expect(drawer.getByRole('link', { name: 'Get or check your key' })).toHaveAttribute(
    'href',
    'https://modelslab.com/dashboard/api-keys',
  );
  await drawer.getByRole('button', { name: 'Close' }).click();
  await header(page)
    .getByRole('button', { name: /Key refused/ })
    .click();
  await expect(
    page.getByRole('dialog', { name: 'Connection' }).getByLabel('API key'),
  ).toBeFocused();
});

test('a balance check that fails for another reason says the key could not be checked yet, and can be asked again', async ({
  page,
}) => {
  const key = uniqueKey('balance-down');
  await scriptAnswers(key, [
    {
      path: '/wallet_balance',
      status: 503,
      body: {
        status: 'error',
        message: 'Service temporarily unavailable. Please try again later.',
      },
    },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  // "Balance unknown" in the header leads to why: the key field and its check.
  await page.getByRole('banner').getByRole('button', { name: 'Balance unknown' }).click();
  const drawer = page.getByRole('dialog', { name: 'Connection' });
  await expect(drawer.getByLabel('API key')).toBeFocused();
  await expect(drawer.getByRole('status').filter({ hasText: 'could not be checked' })).toHaveText(
    'The key could not be checked yet: ModelsLab is temporarily unavailable. Check the key again',
  );
  await drawer.getByRole('button', { name: 'Check the key again' }).click();
  await expect(drawer.getByText('Key works · balance 43.60 USD')).toBeVisible();
});

test('the sandbox shows a simulated balance, never as money, and an empty one in the no-credits banner', async ({
  page,
}) => {
  await page.goto('/');
  await chooseSandbox(page);
  await expect(header(page)).toContainText(/43\.\d\d \(simulated\)/);
  await expect(header(page)).not.toContainText('USD');
  // A pretend balance that goes down must not read as a charge.
  await expect(page.getByRole('note')).toContainText(
    'cost nothing (the balance shown here is pretend too: it goes down as a real one would)',
  );
  await page.getByLabel('Sandbox: next answer').selectOption({
    label: 'Out of credits: balance 0.00, every picture refused (until you pick another)',
  });
  await page.getByLabel('Prompt', { exact: true }).fill('no credits left');
  await page.getByRole('button', { name: 'Generate' }).click();
  const banner = page
    .getByRole('article', { name: 'Generation: no credits left' })
    .getByRole('alert');
  await expect(banner).toContainText('Your ModelsLab account is out of credits');
  await expect(banner).toContainText('Sandbox balance: 0.00 (simulated)');
  await expect(header(page)).toContainText('0.00 (simulated)');
});
