import { act, screen } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { beforeEach, expect, test, vi } from 'vitest';
import type { JobRecord } from './features/jobs';
import { jobStore } from './features/jobs';
import { settingsStore } from './features/settings/settingsStore';
import { tabId } from './lib/tabs';
import { setupApiServer, TEXT2IMG_URL } from './test/apiServer';
import { textParams } from './test/jobRecords';
import { advance, openConnection, pasteInto, renderApp } from './test/renderApp';

/** The key goes only to the API the settings name now, and only the person moves a job. */

const api = setupApiServer();
const KEY = 'sk-test-addresses';

beforeEach(() => {
  vi.useFakeTimers();
});

const params = textParams('an old request');

test('user changing the address during a 429 countdown: the retry does not follow to the new address', async () => {
  const elsewhere: string[] = [];
  api.server.use(
    http.post('https://modelslab.co/api/v6/images/text2img', async ({ request }) => {
      elsewhere.push(await request.text());
      return HttpResponse.json({ status: 'error', message: 'nope' }, { status: 404 });
    }),
  );
  api.answerOnce(
    TEXT2IMG_URL,
    { status: 'error', message: 'Rate limit exceeded.', retry_after: 4 },
    { status: 429 },
  );
  const { user } = await renderApp();
  await openConnection(user);
  await pasteInto(user, screen.getByLabelText('API key'), KEY);
  await user.type(screen.getByLabelText('Prompt'), 'a boat');
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  await advance(0);
  expect(screen.getByText(/Retrying in 4 s/)).toBeVisible();
  // Half-way through typing a proxy address, the countdown ends.
  await openConnection(user);
  await user.click(screen.getByLabelText('Custom address'));
  act(() => settingsStore.update({ customUrl: 'https://modelslab.co' }));
  await advance(4000);
  await advance(0);
  expect(elsewhere).toEqual([]);
  expect(api.requestsTo(TEXT2IMG_URL)).toHaveLength(1);
  expect(
    screen.getByText(/belongs to another API address \(https:\/\/modelslab\.com\)/),
  ).toBeVisible();
});

test('user switching from the sandbox to ModelsLab: a sandbox retry never becomes a paid request', async () => {
  const { user } = await renderApp();
  await openConnection(user);
  await user.click(screen.getByLabelText('Sandbox'));
  act(() =>
    jobStore.add({
      localId: 'sandbox-1',
      createdAt: Date.now(),
      kind: 'text2img',
      params,
      connection: 'sandbox',
      baseUrl: 'https://sandbox.modelslab.invalid',
      state: 'retrying',
      attempts: 1,
      sender: tabId,
      retryAt: Date.now() + 5000,
      images: [],
      error: { kind: 'rate-limit', serverMessage: 'Rate limit exceeded.', retryAfter: 5 },
    }),
  );
  await openConnection(user);
  await user.click(screen.getByLabelText('ModelsLab'));
  await openConnection(user);
  await pasteInto(user, screen.getByLabelText('API key'), KEY);
  await user.click(screen.getByRole('button', { name: 'Retry now' }));
  await advance(5000);
  await api.settled();
  expect(api.requestsTo(TEXT2IMG_URL)).toEqual([]);
});

test('user with jobs left at an old address still gets new pictures: those jobs hold no slots', async () => {
  const stuck: JobRecord = {
    localId: 'old',
    createdAt: Date.now() - 1000,
    kind: 'text2img',
    params,
    connection: 'custom',
    baseUrl: 'https://old-proxy.example.test',
    state: 'processing',
    attempts: 1,
    remoteId: '1',
    etaSeconds: 5,
    pollStartedAt: Date.now() - 1000,
    firstPollAt: Date.now() + 4000,
    images: [],
  };
  const { user } = await renderApp();
  act(() => {
    for (let i = 0; i < 5; i += 1)
      jobStore.add({ ...stuck, localId: `old-${i}`, remoteId: `${i}` });
  });
  await openConnection(user);
  await pasteInto(user, screen.getByLabelText('API key'), KEY);
  await user.type(screen.getByLabelText('Prompt'), 'a new picture');
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  await advance(0);
  expect(await screen.findByRole('img', { name: /a new picture/ })).toBeVisible();
  expect(screen.queryByText(/Waiting for a free slot/)).not.toBeInTheDocument();
  await advance(60_000);
  // Nothing was ever asked of the old address (an unplanned request fails the test).
  expect(api.requests.every((r) => r.url.startsWith('https://modelslab.com/'))).toBe(true);
});
