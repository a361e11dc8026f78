import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode } from 'react';
import { afterEach, vi } from 'vitest';
import { App } from '../app/App';
import { startApp } from '../app/boot';
import { createQueryClient } from '../app/queryClient';
import { jobStore } from '../features/jobs';
import { forgetAllPictures } from '../features/pictures';
import { settingsStore } from '../features/settings';

const clients = new Set<QueryClient>();
/** What the open page does when it goes away (as on pagehide). */
let closePage: (() => void) | undefined;

/*
 * Testing Library drains React's work with a real `setTimeout(0)` after every user-event
 * action and inside waitFor, unless it sees Jest's fake timers (a global `jest` plus a
 * faked `setTimeout`). Vitest's fake timers fake `setTimeout` the same way; this gives
 * Testing Library the one Jest call it makes, so user-event and findBy* do not hang on
 * a clock that only the test moves.
 */
Object.defineProperty(globalThis, 'jest', {
  configurable: true,
  value: { advanceTimersByTime: (ms: number) => vi.advanceTimersByTime(ms) },
});

function freshBrowser() {
  localStorage.clear();
  sessionStorage.clear();
  jobStore.reset();
  settingsStore.reset();
}

afterEach(async () => {
  closePage?.();
  closePage = undefined;
  cleanup();
  for (const client of clients) client.clear();
  clients.clear();
  freshBrowser();
  vi.useRealTimers();
  // Pictures saved by one test are not there for the next.
  await forgetAllPictures();
});

async function show(RootApp: typeof App, queryClient: QueryClient, boot: typeof startApp) {
  clients.add(queryClient);
  closePage = boot();
  // With fake timers, user-event's own pauses must move the fake clock.
  const user = vi.isFakeTimers()
    ? userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) })
    : userEvent.setup();
  const view = render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RootApp />
      </QueryClientProvider>
    </StrictMode>,
  );
  // The form, the pictures and "Now making" load apart from the page's first script:
  // here they are in place before the test goes on, as on a page that has loaded.
  await act(async () => {
    await Promise.all(lazyParts.map((load) => load()));
  });
  return { ...view, user, queryClient };
}

/** What App shows through React.lazy (see the features' index files). */
const lazyParts = [
  () => import('../features/generate/GenerateForm'),
  () => import('../features/history/HistoryList'),
  () => import('../features/jobs/NowMaking'),
];

/**
 * Renders the whole app as a first visit sees it: empty storage, no jobs, default
 * settings, and a QueryClient of its own (no cache shared between tests).
 */
export async function renderApp() {
  freshBrowser();
  return show(App, createQueryClient(), startApp);
}

/**
 * Reloads the page: unmounts it, drops every app module's in-memory state (the modules
 * run again, as after a real reload) and renders the app afresh from what is in storage.
 * Storage is left as it is; clear sessionStorage first to open the app in a new tab.
 */
export async function reloadApp(view: { unmount: () => void }) {
  view.unmount();
  closePage?.();
  vi.resetModules();
  const [{ App: ReloadedApp }, { createQueryClient: createReloadedClient }, { startApp: reboot }] =
    await Promise.all([import('../app/App'), import('../app/queryClient'), import('../app/boot')]);
  return show(ReloadedApp, createReloadedClient(), reboot);
}

/** Moves fake time forward by `ms`, letting React render what the timers changed. */
export async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
    // IndexedDB (in memory here) works on real setImmediate turns: let it finish what the
    // timers started (a job is stored before it is sent), then run what that unblocked.
    for (let turn = 0; turn < 3; turn += 1) {
      await realTurns(30);
      await vi.advanceTimersByTimeAsync(0);
    }
  });
}

async function realTurns(count: number) {
  for (let i = 0; i < count; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Clicks into `field` and pastes `text`, as a person puts a key in (one change, not one per letter). */
export async function pasteInto(
  user: ReturnType<typeof userEvent.setup>,
  field: HTMLElement,
  text: string,
) {
  await user.click(field);
  await user.paste(text);
}

/** Opens the Connection drawer (the connection choice and the key are in it), unless open. */
export async function openConnection(user: ReturnType<typeof userEvent.setup>) {
  if (screen.queryByRole('dialog', { name: 'Connection' })) return;
  await user.click(screen.getByRole('button', { name: /^Connection:/ }));
  // Its content loads on demand (at once in a real page once it has been preloaded); the
  // first load in a test run is compiled on the spot, slowly on a busy machine.
  await screen.findByLabelText('API key', undefined, { timeout: 5000 });
}

/** Closes the Connection drawer with its Close button. */
export async function closeConnection(user: ReturnType<typeof userEvent.setup>) {
  const drawer = screen.getByRole('dialog', { name: 'Connection' });
  await user.click(within(drawer).getByRole('button', { name: 'Close' }));
}
