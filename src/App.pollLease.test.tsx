import { screen } from '@testing-library/react';
import { beforeEach, expect, test, vi } from 'vitest';
import { jobLockName, jobStore } from './features/jobs';
import { CONFIRM_MS, LEASE_MS, leaseKey } from './lib/tabs';
import { fetchUrlFor, imageUrl, setupApiServer, TEXT2IMG_URL } from './test/apiServer';
import { advance, openConnection, pasteInto, renderApp } from './test/renderApp';

/**
 * Without Web Locks (plain-http hosts, and jsdom here), a lease in localStorage decides
 * which open tab polls a job. Here another tab holds it, then goes quiet.
 */

const api = setupApiServer();
const KEY = 'sk-test-lease';
const JOB_ID = 424_242;

beforeEach(() => {
  vi.useFakeTimers();
});

test('user with the app open in two tabs: only the tab holding the lease checks, until it goes quiet', async () => {
  api.answerOnce(TEXT2IMG_URL, {
    status: 'processing',
    id: JOB_ID,
    eta: 2,
    messege: 'Try to fetch request after seconds estimated',
    output: [],
  });
  api.answerOnce(fetchUrlFor(JOB_ID), { status: 'success', id: JOB_ID, output: [imageUrl(1, 0)] });
  const { user } = await renderApp();
  await openConnection(user);
  await pasteInto(user, screen.getByLabelText('API key'), KEY);
  await user.type(screen.getByLabelText('Prompt'), 'a shared lighthouse');
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  await advance(0);
  const job = jobStore.list()[0];
  expect(job?.state).toBe('processing');

  // Another tab took the job's lease and keeps renewing it for 10 s, then closes.
  const otherTab = () =>
    localStorage.setItem(
      leaseKey(jobLockName(job?.localId ?? '')),
      JSON.stringify({ tabId: 'another-tab', until: Date.now() + LEASE_MS }),
    );
  otherTab();
  for (let second = 0; second < 10; second += 2) {
    await advance(2000);
    otherTab();
  }
  expect(api.requestsTo(fetchUrlFor(''))).toEqual([]);

  // Its lease runs out: this tab takes over (after a second look) and gets the picture.
  await advance(LEASE_MS + 2000 + CONFIRM_MS);
  expect(api.requestsTo(fetchUrlFor(''))).toHaveLength(1);
  expect(await screen.findByRole('img', { name: /a shared lighthouse/ })).toBeVisible();
});
