import { onlineManager } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { beforeEach, expect, test, vi } from 'vitest';
import { BALANCE_URL, setupApiServer } from '../../test/apiServer';
import { advance, closeConnection, openConnection, renderApp } from '../../test/renderApp';

const api = setupApiServer();

const KEY = 'sk-test-0123456789abcdef';
const API_KEYS_PAGE = 'https://modelslab.com/dashboard/api-keys';
const balance = (amount: number | string, currency = 'USD') => ({
  status: 'success',
  data: { balance: amount, currency },
});

const keyField = () => screen.getByLabelText('API key');
const keyStatus = () =>
  within(screen.getByRole('dialog', { name: 'Connection' })).getByRole('status');
const checks = () => api.balanceChecks.map((check) => check.body);
/** Waits for the answer to reach the page (msw answers on real turns of the event loop). */
const statusSays = (text: string) => waitFor(() => expect(keyStatus()).toHaveTextContent(text));

beforeEach(() => {
  vi.useFakeTimers();
});

async function pasteKey(user: Awaited<ReturnType<typeof renderApp>>['user'], key = KEY) {
  await openConnection(user);
  await user.click(keyField());
  await user.paste(key);
}

test('user who pastes a key is told at once that it works, and the balance: one call, with the key in the body', async () => {
  api.answerOnce(BALANCE_URL, balance(43.6));
  const { user } = await renderApp();
  await pasteKey(user);

  // Nothing while the key may still change.
  await advance(500);
  expect(api.balanceChecks).toEqual([]);
  expect(keyStatus()).toBeEmptyDOMElement();

  await advance(100);
  await api.settled();
  await statusSays('Key works · balance 43.60 USD');
  expect(checks()).toEqual([{ key: KEY }]);
  expect(api.balanceChecks[0]?.method).toBe('POST');
  expect(api.balanceChecks[0]?.url).toBe(BALANCE_URL);
  // Before any generation: nothing else was sent.
  expect(api.requests).toEqual([]);

  // The same key is not checked again when the settings are opened again.
  await closeConnection(user);
  await openConnection(user);
  await advance(2000);
  await statusSays('Key works · balance 43.60 USD');
  expect(api.balanceChecks).toHaveLength(1);
});

test('user who types a key letter by letter gets one check, once they pause', async () => {
  api.answerOnce(BALANCE_URL, balance('12.5'));
  const { user } = await renderApp();
  await openConnection(user);
  await user.type(keyField(), KEY.slice(0, 10));
  await advance(400);
  await user.type(keyField(), KEY.slice(10));
  await advance(400);
  expect(api.balanceChecks).toEqual([]);

  await advance(200);
  await api.settled();
  expect(checks()).toEqual([{ key: KEY }]);
  await statusSays('Key works · balance 12.50 USD');
  await advance(5000);
  expect(api.balanceChecks).toHaveLength(1);
});

test('no check is made without a key, nor for a few characters that cannot be a key', async () => {
  const { user } = await renderApp();
  await openConnection(user);
  await advance(2000);
  await user.type(keyField(), 'sk-1   ');
  await advance(2000);
  expect(api.balanceChecks).toEqual([]);
  expect(keyStatus()).toBeEmptyDOMElement();
  // The header has nothing to say either.
  expect(screen.queryByText(/Balance/)).not.toBeInTheDocument();
});

test('user whose key is refused sees the service’s words and a link to get or check the key', async () => {
  api.answerOnce(BALANCE_URL, { status: 'error', messege: 'Invalid API key' });
  const { user } = await renderApp();
  await pasteKey(user, 'sk-wrong-key-000000');
  await advance(600);

  await statusSays('ModelsLab refused this key');
  const status = keyStatus();
  expect(status).toHaveTextContent('Invalid API key');
  expect(within(status).getByRole('link', { name: 'Get or check your key' })).toHaveAttribute(
    'href',
    API_KEYS_PAGE,
  );
  expect(status).not.toHaveTextContent(/balance/i);

  // Another key is checked afresh.
  api.answerOnce(BALANCE_URL, balance(3));
  await user.clear(keyField());
  await user.paste(KEY);
  await advance(600);
  await statusSays('Key works · balance 3.00 USD');
  await api.settled();
  expect(checks()).toEqual([{ key: 'sk-wrong-key-000000' }, { key: KEY }]);
});

test('user whose browser cannot reach the service is told the key could not be checked yet, and can check again', async () => {
  api.server.use(http.post(BALANCE_URL, () => HttpResponse.error(), { once: true }));
  const { user } = await renderApp();
  await pasteKey(user);
  await advance(600);

  await statusSays('The key could not be checked yet: Your browser could not reach the service.');
  expect(keyStatus()).not.toHaveTextContent('refused');
  expect(api.balanceChecks).toHaveLength(1);

  api.answerOnce(BALANCE_URL, balance(43.6));
  await user.click(within(keyStatus()).getByRole('button', { name: 'Check the key again' }));
  await advance(0);
  await statusSays('Key works · balance 43.60 USD');
  expect(api.balanceChecks).toHaveLength(2);
});

test('user offline when pasting the key is told it will be checked once the connection is back, and it is', async () => {
  api.answerOnce(BALANCE_URL, balance(43.6));
  onlineManager.setOnline(false);
  try {
    const { user } = await renderApp();
    await pasteKey(user);
    await advance(600);
    await statusSays('You are offline: the key will be checked when the connection is back.');
    expect(screen.getByRole('banner')).toHaveTextContent('Balance: offline');
    expect(api.balanceChecks).toEqual([]);

    onlineManager.setOnline(true);
    await advance(0);
    await statusSays('Key works · balance 43.60 USD');
    expect(checks()).toEqual([{ key: KEY }]);
  } finally {
    onlineManager.setOnline(true);
  }
});

test('a server error is named in plain words, not taken for a refused key', async () => {
  api.answerOnce(
    BALANCE_URL,
    { status: 'error', message: 'Internal server error. Please try again.' },
    { status: 500 },
  );
  const { user } = await renderApp();
  await pasteKey(user);
  await advance(600);
  await statusSays('The key could not be checked yet: ModelsLab had a problem on its side.');
  // Not asked again by itself.
  await advance(10_000);
  expect(api.balanceChecks).toHaveLength(1);
});
