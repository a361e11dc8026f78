import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RegisterSWOptions } from 'vite-plugin-pwa/types';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { UpdatePrompt } from './UpdatePrompt';

const pwa = vi.hoisted(() => ({ registerSW: vi.fn() }));
vi.mock('virtual:pwa-register', () => pwa);

/** What the page hands the browser to run when it is idle, run by the test. */
let idle: (() => void) | undefined;

function pageIs({ secure }: { secure: boolean }) {
  Object.defineProperty(window, 'isSecureContext', { value: secure, configurable: true });
  Object.defineProperty(navigator, 'serviceWorker', {
    value: new EventTarget(),
    configurable: true,
  });
}

beforeEach(() => {
  // As built: the dev server registers nothing.
  vi.stubEnv('DEV', false);
  idle = undefined;
  Object.defineProperty(window, 'requestIdleCallback', {
    configurable: true,
    value: (run: () => void) => {
      idle = run;
      return 1;
    },
  });
  Object.defineProperty(window, 'cancelIdleCallback', { configurable: true, value: () => {} });
});

afterEach(() => {
  cleanup();
  for (const name of ['isSecureContext', 'requestIdleCallback', 'cancelIdleCallback'])
    Reflect.deleteProperty(window, name);
  Reflect.deleteProperty(navigator, 'serviceWorker');
  pwa.registerSW.mockReset();
  vi.unstubAllEnvs();
});

test('on plain http (not a secure context) no worker is registered and nothing shows', async () => {
  pageIs({ secure: false });
  const { container } = render(<UpdatePrompt />);
  expect(idle).toBeUndefined();
  await act(() => import('./lazyUpdates'));
  expect(pwa.registerSW).not.toHaveBeenCalled();
  expect(container).toBeEmptyDOMElement();
});

test('in a secure context the worker is registered once the page is idle; a waiting version is offered, and takes over only on “Reload”', async () => {
  const update = vi.fn(async () => {});
  pwa.registerSW.mockReturnValue(update);
  pageIs({ secure: true });
  const { container } = render(<UpdatePrompt />);
  // Not during the first paint: when the browser is idle.
  expect(pwa.registerSW).not.toHaveBeenCalled();
  act(() => idle?.());
  await vi.waitFor(() => expect(pwa.registerSW).toHaveBeenCalledOnce());
  const options = pwa.registerSW.mock.calls[0]?.[0] as RegisterSWOptions;
  expect(container).toBeEmptyDOMElement();

  act(() => options.onNeedRefresh?.());
  const notice = await screen.findByRole('status');
  expect(notice).toHaveTextContent(/^A new version is ready/);
  expect(notice).toHaveTextContent(/Your pictures and what you typed stay\./);
  expect(update).not.toHaveBeenCalled();

  const reload = screen.getByRole('button', { name: 'Reload for the new version' });
  await userEvent.click(reload);
  expect(update).toHaveBeenCalledOnce();
  // One click is enough: the page reloads as soon as the new version has taken over.
  expect(reload).toBeDisabled();
});
