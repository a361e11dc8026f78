import { act, screen, within } from '@testing-library/react';
import { expect, test } from 'vitest';
import { setupApiServer } from '../../test/apiServer';
import { openConnection, reloadApp, renderApp } from '../../test/renderApp';

const api = setupApiServer();

const KEY = 'sk-test-0123456789abcdef';

/** Whether any item of `storage` holds the key (wherever the app chose to keep it). */
function holdsKey(storage: Storage, key = KEY): boolean {
  return Object.keys(storage).some((name) => storage.getItem(name)?.includes(key));
}

const keyField = () => screen.getByLabelText('API key');
const connection = () => screen.getByRole('region', { name: 'Connection' });

test('user’s key is kept for this tab only, unless they ask to remember it on this device', async () => {
  const view = await renderApp();
  await openConnection(view.user);
  const { user } = view;
  const remember = screen.getByRole('checkbox', { name: 'Remember on this device' });
  expect(remember).not.toBeChecked();

  await user.type(keyField(), KEY);
  expect(holdsKey(sessionStorage)).toBe(true);
  expect(holdsKey(localStorage)).toBe(false);

  await user.click(remember);
  expect(remember).toBeChecked();
  expect(holdsKey(localStorage)).toBe(true);
  expect(holdsKey(sessionStorage)).toBe(false);
  expect(keyField()).toHaveValue(KEY);

  // Closing the tab and opening the app again (session storage gone): the key is still there.
  sessionStorage.clear();
  await openConnection((await reloadApp(view)).user);
  expect(keyField()).toHaveValue(KEY);
  expect(screen.getByRole('checkbox', { name: 'Remember on this device' })).toBeChecked();
});

test('user’s unremembered key survives a reload but not a new tab', async () => {
  const first = await renderApp();
  await openConnection(first.user);
  await first.user.type(keyField(), KEY);

  // A reload keeps the tab's session storage.
  const reloaded = await reloadApp(first);
  await openConnection(reloaded.user);
  expect(keyField()).toHaveValue(KEY);

  // A new tab starts without it.
  sessionStorage.clear();
  await openConnection((await reloadApp(reloaded)).user);
  expect(keyField()).toHaveValue('');
  expect(holdsKey(localStorage)).toBe(false);
});

test('user can forget the key: it leaves the field and both storages', async () => {
  const { user } = await renderApp();
  await openConnection(user);
  await user.type(keyField(), KEY);
  await user.click(screen.getByRole('checkbox', { name: 'Remember on this device' }));
  expect(holdsKey(localStorage)).toBe(true);

  await user.click(screen.getByRole('button', { name: 'Forget key' }));
  expect(keyField()).toHaveValue('');
  expect(holdsKey(localStorage)).toBe(false);
  expect(holdsKey(sessionStorage)).toBe(false);
  expect(screen.getByRole('button', { name: 'Generate' })).toBeDisabled();

  // Also when it was kept for the tab only.
  await user.click(screen.getByRole('checkbox', { name: 'Remember on this device' }));
  await user.type(keyField(), KEY);
  expect(holdsKey(sessionStorage)).toBe(true);
  await user.click(screen.getByRole('button', { name: 'Forget key' }));
  expect(keyField()).toHaveValue('');
  expect(holdsKey(localStorage)).toBe(false);
  expect(holdsKey(sessionStorage)).toBe(false);
});

test('user’s key is masked until they choose to show it', async () => {
  const { user } = await renderApp();
  await openConnection(user);
  await user.type(keyField(), KEY);
  expect(keyField()).toHaveAttribute('type', 'password');
  expect(screen.queryByDisplayValue(KEY)).toHaveAttribute('type', 'password');

  await user.click(within(connection()).getByRole('button', { name: 'Show' }));
  expect(keyField()).toHaveAttribute('type', 'text');
  expect(keyField()).toHaveValue(KEY);

  await user.click(within(connection()).getByRole('button', { name: 'Hide' }));
  expect(keyField()).toHaveAttribute('type', 'password');
  expect(within(connection()).getByRole('button', { name: 'Show' })).toBeVisible();
});

test('user can send requests to a custom address, but not to an invalid one', async () => {
  const { user } = await renderApp();
  await openConnection(user);
  await user.type(keyField(), KEY);
  await user.type(screen.getByLabelText('Prompt'), 'a lighthouse');
  const generate = screen.getByRole('button', { name: 'Generate' });
  expect(generate).toBeEnabled();
  expect(screen.queryByLabelText('API address')).not.toBeInTheDocument();

  await user.click(screen.getByRole('radio', { name: 'Custom address' }));
  const address = screen.getByLabelText('API address');
  expect(address).toBeVisible();
  expect(generate).toBeDisabled();

  await user.type(address, 'my-proxy');
  expect(generate).toBeDisabled();
  expect(address).toHaveAttribute('aria-invalid', 'true');
  expect(address).toHaveAccessibleDescription(
    expect.stringContaining('Enter an address starting with http:// or https://'),
  );
  await user.click(generate);
  await user.type(screen.getByLabelText('Prompt'), '{Control>}{Enter}{/Control}');
  expect(api.requests).toEqual([]);

  await user.clear(address);
  await user.type(address, 'ftp://proxy.example.test');
  expect(generate).toBeDisabled();

  await user.clear(address);
  await user.type(address, 'https://proxy.example.test/');
  expect(address).toHaveAttribute('aria-invalid', 'false');
  expect(generate).toBeEnabled();
  await user.click(generate);

  expect(await screen.findByRole('img', { name: /a lighthouse/ })).toBeVisible();
  await api.settled();
  expect(api.requests.map((r) => r.url)).toEqual([
    'https://proxy.example.test/api/v6/images/text2img',
  ]);
  expect(api.requests[0]?.body).toMatchObject({ key: KEY, prompt: 'a lighthouse' });

  // Back to ModelsLab: the address field goes away and requests go to ModelsLab again.
  await user.click(screen.getByRole('radio', { name: 'ModelsLab' }));
  expect(screen.queryByLabelText('API address')).not.toBeInTheDocument();
  expect(generate).toBeEnabled();
});

test('user who forgets a remembered key in another tab does not get it written back by this one', async () => {
  const { user } = await renderApp();
  await openConnection(user);
  await user.type(keyField(), KEY);
  await user.click(screen.getByRole('checkbox', { name: 'Remember on this device' }));
  expect(holdsKey(localStorage)).toBe(true);

  // The other tab pressed "Forget key": its change reaches this tab as a storage event.
  localStorage.removeItem('modelslab-studio.api-key');
  act(() => {
    window.dispatchEvent(new StorageEvent('storage', { key: 'modelslab-studio.api-key' }));
  });
  expect(keyField()).toHaveValue('');

  // A later change here (another setting) must not bring the key back.
  await user.selectOptions(screen.getByLabelText('Requests at once'), '10');
  expect(holdsKey(localStorage)).toBe(false);
  expect(holdsKey(sessionStorage)).toBe(false);
});
