import { screen } from '@testing-library/react';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { fetchUrlFor, imageUrl, setupApiServer, TEXT2IMG_URL } from './test/apiServer';
import { advance, openConnection, pasteInto, renderApp } from './test/renderApp';

/*
 * A background tab's timers are held back by the browser (up to a minute between runs).
 * Fake time shows it: `vi.setSystemTime` moves the clock on without firing any timer, as
 * a throttled tab's clock does. When the tab is shown again, what fell due runs at once.
 */

const api = setupApiServer();
const KEY = 'sk-test-visibility';
const PROMPT = 'a lighthouse seen from a background tab';
const JOB_ID = 4242;
const SEED = 99;

let visibility: DocumentVisibilityState = 'visible';

beforeEach(() => {
  vi.useFakeTimers();
  visibility = 'visible';
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
  vi.spyOn(document, 'hidden', 'get').mockImplementation(() => visibility === 'hidden');
});

afterEach(() => {
  vi.restoreAllMocks();
});

function setVisibility(state: DocumentVisibilityState) {
  visibility = state;
  document.dispatchEvent(new Event('visibilitychange'));
}

async function generate(user: Awaited<ReturnType<typeof renderApp>>['user']) {
  await openConnection(user);
  await pasteInto(user, screen.getByLabelText('API key'), KEY);
  await user.type(screen.getByLabelText('Prompt'), PROMPT);
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  await advance(0);
  expect(api.requestsTo(TEXT2IMG_URL)).toHaveLength(1);
}

test('a queued picture whose check fell due while the tab was hidden is checked the moment the tab is shown', async () => {
  api.answerOnce(TEXT2IMG_URL, {
    status: 'processing',
    id: JOB_ID,
    eta: 5,
    fetch_result: fetchUrlFor(JOB_ID),
    output: [],
  });
  api.answerOnce(fetchUrlFor(JOB_ID), {
    status: 'success',
    id: JOB_ID,
    output: [imageUrl(SEED, 0)],
  });
  const { user } = await renderApp();
  await generate(user);
  // The checker holds the job's lock (a lease here: jsdom has no Web Locks) and waits.
  await advance(1000);
  expect(screen.getByRole('progressbar', { name: 'Making your pictures' })).toBeVisible();

  setVisibility('hidden');
  // 40 s pass in the background; the throttled check timer has not run.
  vi.setSystemTime(Date.now() + 40_000);
  await advance(0);
  expect(api.requestsTo(fetchUrlFor(JOB_ID))).toHaveLength(0);

  setVisibility('visible');
  await advance(0);
  expect(api.requestsTo(fetchUrlFor(JOB_ID))).toHaveLength(1);
  expect(await screen.findByRole('img', { name: new RegExp(PROMPT) })).toBeVisible();
});

test('a check not yet due when the tab is shown waits for its time', async () => {
  api.answerOnce(TEXT2IMG_URL, {
    status: 'processing',
    id: JOB_ID,
    eta: 30,
    fetch_result: fetchUrlFor(JOB_ID),
    output: [],
  });
  const { user } = await renderApp();
  await generate(user);

  setVisibility('hidden');
  vi.setSystemTime(Date.now() + 10_000);
  setVisibility('visible');
  await advance(0);
  expect(api.requestsTo(fetchUrlFor(JOB_ID))).toHaveLength(0);
});

test('a refused request whose retry fell due while the tab was hidden is sent again the moment the tab is shown', async () => {
  api.answerOnce(
    TEXT2IMG_URL,
    { status: 'error', message: 'Service Unavailable' },
    { status: 503 },
  );
  const { user } = await renderApp();
  await generate(user);
  expect(screen.getByText(/Retrying in \d+ s/)).toBeVisible();

  setVisibility('hidden');
  vi.setSystemTime(Date.now() + 60_000);
  await advance(0);
  expect(api.requestsTo(TEXT2IMG_URL)).toHaveLength(1);

  setVisibility('visible');
  await advance(0);
  expect(api.requestsTo(TEXT2IMG_URL)).toHaveLength(2);
  expect(await screen.findByRole('img', { name: new RegExp(PROMPT) })).toBeVisible();
});
