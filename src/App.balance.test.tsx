import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, expect, test, vi } from 'vitest';
import { BALANCE_URL, setupApiServer, TEXT2IMG_URL } from './test/apiServer';
import { advance, closeConnection, openConnection, renderApp } from './test/renderApp';

const api = setupApiServer();

const KEY = 'sk-test-0123456789abcdef';
const balance = (amount: number, currency = 'USD') => ({
  status: 'success',
  data: { balance: amount, currency },
});

/*
 * The sandbox's own balance is simulated by the sandbox (a helper of its own); here its
 * answer is fixed, so what the header makes of it is what is tested.
 */
vi.mock(import('./sandbox/sandboxTransport'), async (importOriginal) => {
  const real = await importOriginal();
  return {
    ...real,
    sandboxTransport: async (request: Request) =>
      new URL(request.url).pathname === '/api/wallet_balance'
        ? Response.json({ status: 'success', data: { balance: 43.6, currency: 'USD' } })
        : real.sandboxTransport(request),
  };
});

type User = Awaited<ReturnType<typeof renderApp>>['user'];

const header = () => screen.getByRole('banner');
const headerSays = (text: string) => waitFor(() => expect(header()).toHaveTextContent(text));

beforeEach(() => {
  vi.useFakeTimers();
});

/** Pastes the key in the Connection drawer, closes it, and lets the key settle. */
async function useKey(user: User, key = KEY) {
  await openConnection(user);
  await user.click(screen.getByLabelText('API key'));
  await user.paste(key);
  await closeConnection(user);
  await advance(600);
}

async function generate(user: User, prompt: string) {
  const field = screen.getByLabelText('Prompt');
  await user.clear(field);
  await user.type(field, prompt);
  await user.click(screen.getByRole('button', { name: 'Generate' }));
}

test('user with a working key sees the balance in the header, and can refresh it', async () => {
  api.answerOnce(BALANCE_URL, balance(43.6));
  const { user } = await renderApp();
  expect(within(header()).queryByText(/Balance/)).not.toBeInTheDocument();
  await useKey(user);

  await headerSays('Balance 43.60 USD');
  expect(header()).not.toHaveTextContent('$');
  expect(api.balanceChecks).toHaveLength(1);

  api.answerOnce(BALANCE_URL, balance(41.25));
  await user.click(within(header()).getByRole('button', { name: 'Refresh balance' }));
  await headerSays('Balance 41.25 USD');
  await api.settled();
  expect(api.balanceChecks.map((check) => check.body)).toEqual([{ key: KEY }, { key: KEY }]);
});

test('user whose key is refused sees "Key refused" in the header, which opens the key field', async () => {
  api.answerOnce(BALANCE_URL, { status: 'error', message: 'Invalid API key' }, { status: 401 });
  const { user } = await renderApp();
  await useKey(user, 'sk-revoked-key-0000');

  const refused = await within(header()).findByRole('button', { name: 'Key refused' });
  expect(header()).not.toHaveTextContent(/Balance/);
  await user.click(refused);
  expect(screen.getByRole('dialog', { name: 'Connection' })).toBeVisible();
  expect(screen.getByLabelText('API key')).toHaveFocus();
});

test('in the sandbox the header shows a simulated balance, never as money', async () => {
  // Loaded ahead, as the app does after first paint: fake time does not wait for a module.
  await import('./sandbox/sandboxTransport');
  const { user } = await renderApp();
  await openConnection(user);
  await user.click(screen.getByRole('radio', { name: 'Sandbox' }));
  await closeConnection(user);
  await advance(600);

  await headerSays('Sandbox balance 43.60 (simulated)');
  expect(header()).not.toHaveTextContent(/USD|\$/);
  expect(within(header()).getByRole('button', { name: 'Refresh balance' })).toBeVisible();
  // The sandbox answers in the page: nothing went to ModelsLab.
  expect(api.balanceChecks).toEqual([]);
});

test('the balance is asked for again a moment after jobs finish: once for two', async () => {
  api.answerOnce(BALANCE_URL, balance(43.6));
  const { user } = await renderApp();
  await useKey(user);
  await headerSays('Balance 43.60 USD');

  api.answerOnce(BALANCE_URL, balance(43.2));
  await generate(user, 'first: a castle');
  await generate(user, 'second: a harbour');
  await advance(0);
  expect(await screen.findAllByRole('img', { name: /a castle|a harbour/ })).toHaveLength(2);
  expect(api.requestsTo(TEXT2IMG_URL)).toHaveLength(2);
  expect(api.balanceChecks).toHaveLength(1);

  await advance(1000);
  await headerSays('Balance 43.20 USD');
  await advance(5000);
  expect(api.balanceChecks).toHaveLength(2);
});

test('user out of credits sees the balance in the banner, with the pages to add credits', async () => {
  api.answerOnce(BALANCE_URL, balance(0));
  api.answerOnce(BALANCE_URL, balance(0));
  api.answerOnce(
    TEXT2IMG_URL,
    { status: 'error', message: 'Insufficient credits. Please add more credits to continue.' },
    { status: 402 },
  );
  const { user } = await renderApp();
  await useKey(user);
  await generate(user, 'a lighthouse');

  const alert = await screen.findByRole('alert');
  expect(alert).toHaveTextContent('Your ModelsLab account is out of credits');
  await waitFor(() => expect(alert).toHaveTextContent('Your balance: 0.00 USD'));
  expect(within(alert).getByRole('link', { name: 'Your ModelsLab dashboard' })).toHaveAttribute(
    'href',
    'https://modelslab.com/dashboard',
  );
  expect(within(alert).getByRole('link', { name: 'Plans and pricing' })).toHaveAttribute(
    'href',
    'https://modelslab.com/pricing',
  );
});
