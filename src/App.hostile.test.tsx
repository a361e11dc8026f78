import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { beforeEach, expect, test, vi } from 'vitest';
import { jobStore } from './features/jobs';
import { fetchUrlFor, imageUrl, setupApiServer, TEXT2IMG_URL } from './test/apiServer';
import { advance, openConnection, pasteInto, reloadApp, renderApp } from './test/renderApp';

/*
 * What a broken or hostile server can ask of the app, and the limits that hold it
 * (docs/modelslab-api.md, "What the app does not take from an answer").
 */

const api = setupApiServer();

const KEY = 'sk-test-0123456789abcdef';
const JOB_ID = 134701497;
const PROMPT = 'a lighthouse on a cliff at sunset';
const JOB_URL = fetchUrlFor(JOB_ID);

beforeEach(() => {
  vi.useFakeTimers();
});

async function generate(user: Awaited<ReturnType<typeof renderApp>>['user'], samples = 1) {
  await openConnection(user);
  await pasteInto(user, screen.getByLabelText('API key'), KEY);
  await user.type(screen.getByLabelText('Prompt'), PROMPT);
  await user.clear(screen.getByLabelText('Images (samples)'));
  await user.type(screen.getByLabelText('Images (samples)'), String(samples));
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  await advance(0);
  expect(api.requestsTo(TEXT2IMG_URL)).toHaveLength(1);
}

const card = () => screen.getByRole('article', { name: new RegExp(PROMPT) });
const pageText = () => document.body.textContent ?? '';

test('an answer with 5,000 picture links shows the 2 pictures that were asked for', async () => {
  const output = Array.from({ length: 5000 }, (_, i) => imageUrl(7, i));
  api.answerOnce(TEXT2IMG_URL, { status: 'success', id: JOB_ID, output, meta: { seed: 7 } });
  const { user } = await renderApp();
  await generate(user, 2);

  const pictures = await within(card()).findAllByRole('img', { name: new RegExp(PROMPT) });
  expect(pictures.map((img) => img.getAttribute('src'))).toEqual([imageUrl(7, 0), imageUrl(7, 1)]);
  expect(screen.getByRole('img', { name: `${PROMPT} (image 2 of 2)` })).toBeVisible();
});

test('a seed or job number no real answer holds is left out, not shown', async () => {
  const longSeed = '9'.repeat(5000);
  const longId = 'x'.repeat(5000);
  api.answerOnce(TEXT2IMG_URL, {
    status: 'processing',
    id: longId,
    eta: 1,
    fetch_result: JOB_URL,
    meta: { seed: longSeed },
  });
  api.answerOnce(JOB_URL, { status: 'success', id: JOB_ID, output: [imageUrl(3, 0)] });
  const { user } = await renderApp();
  await generate(user);
  await advance(1000);

  expect(await within(card()).findByRole('img', { name: new RegExp(PROMPT) })).toBeVisible();
  expect(pageText()).not.toContain('99999999999999999999999999999999999');
  expect(pageText()).not.toContain('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx');
  // The job number the service's own fetch address gave is the one checked.
  expect(api.requestsTo(JOB_URL)).toHaveLength(1);
});

test('an ETA of 1e306 seconds waits ten minutes at most, and the generation survives a reload', async () => {
  api.answerOnce(TEXT2IMG_URL, {
    status: 'processing',
    id: JOB_ID,
    eta: 1e306,
    fetch_result: JOB_URL,
  });
  api.answerOnce(JOB_URL, { status: 'success', id: JOB_ID, output: [imageUrl(5, 0)] });
  const view = await renderApp();
  await generate(view.user);
  expect(within(card()).getByRole('progressbar', { name: 'Making your pictures' })).toBeVisible();

  await reloadApp(view);
  expect(await screen.findByRole('article', { name: new RegExp(PROMPT) })).toBeVisible();
  expect(api.requestsTo(JOB_URL)).toHaveLength(0);
  await advance(10 * 60_000);
  expect(await within(card()).findByRole('img', { name: new RegExp(PROMPT) })).toBeVisible();
  expect(api.requestsTo(JOB_URL)).toHaveLength(1);
});

test('a "wait 10^12 seconds" while checking waits one minute, then checks once, not in a burst', async () => {
  api.answerOnce(TEXT2IMG_URL, { status: 'processing', id: JOB_ID, eta: 1, fetch_result: JOB_URL });
  api.answerOnce(
    JOB_URL,
    { status: 'error', message: 'Too many requests', retry_after: 1e12 },
    { status: 429 },
  );
  api.answerOnce(JOB_URL, { status: 'success', id: JOB_ID, output: [imageUrl(5, 0)] });
  const { user } = await renderApp();
  await generate(user);
  await advance(1000);
  expect(api.requestsTo(JOB_URL)).toHaveLength(1);

  await advance(59_000);
  expect(api.requestsTo(JOB_URL)).toHaveLength(1);
  await advance(1000);
  expect(await within(card()).findByRole('img', { name: new RegExp(PROMPT) })).toBeVisible();
  const [first, second] = api.requestsTo(JOB_URL);
  expect((second?.at ?? 0) - (first?.at ?? 0)).toBe(60_000);
});

test('a server that names a field with the key, echoes it cut at 600 characters, or upper-cased shows none of it, and nothing stored holds it', async () => {
  api.answerOnce(
    TEXT2IMG_URL,
    {
      status: 'error',
      message: {
        [KEY]: ['this key field is wrong'],
        [`echo_${KEY.toUpperCase()}`]: [`you sent ${KEY.toUpperCase()}`],
        prompt: [`${'x'.repeat(590)}${KEY}`],
      },
    },
    { status: 422 },
  );
  const { user } = await renderApp();
  await generate(user);

  expect(await screen.findByText(/this key field is wrong/)).toBeVisible();
  const shown = pageText().toLowerCase();
  const keyStart = KEY.slice(0, 8).toLowerCase();
  expect(shown).not.toContain(keyStart);
  expect(shown).toContain('[your api key]');
  // The key's own field shows the key only there, as typed.
  await openConnection(user);
  expect(screen.getByLabelText('API key')).toHaveValue(KEY);

  // Stored and exported records hold neither the key nor the name the server gave it.
  const stored = JSON.stringify(jobStore.list()).toLowerCase();
  expect(stored).not.toContain(keyStart);
  expect(Object.keys(jobStore.list()[0]?.error?.fieldErrors ?? {})).toEqual(['prompt']);
});

test('a page that goes away mid-send does not store its dropped request as a failure: the next page says "unknown"', async () => {
  let dropRequest = () => {};
  api.server.use(
    http.post(TEXT2IMG_URL, async () => {
      await new Promise<void>((resolve) => {
        dropRequest = resolve;
      });
      // What the browser does to a request of a page that is going away.
      return HttpResponse.error();
    }),
  );
  const view = await renderApp();
  await generate(view.user);
  expect(within(card()).getByText('Sending your request…')).toBeVisible();

  window.dispatchEvent(new PageTransitionEvent('pagehide'));
  dropRequest();
  await advance(0);
  await reloadApp(view);
  // Without Web Locks (as here), the closed page's lease runs out after a few seconds.
  await advance(7000);

  const after = await screen.findByRole('article', { name: new RegExp(PROMPT) });
  expect(await within(after).findByText(/Unknown — check your ModelsLab dashboard/)).toBeVisible();
  expect(after).not.toHaveTextContent('could not reach');
  expect(api.requestsTo(TEXT2IMG_URL)).toHaveLength(1);
});
