import { screen, within } from '@testing-library/react';
import { delay, HttpResponse, http } from 'msw';
import { beforeEach, expect, test, vi } from 'vitest';
import { setupApiServer, TEXT2IMG_URL } from './test/apiServer';
import { advance, openConnection, pasteInto, renderApp } from './test/renderApp';

const api = setupApiServer();
const KEY = 'sk-test-retries';
const PROMPT = 'a paper boat on a pond';

beforeEach(() => {
  vi.useFakeTimers();
});

type User = Awaited<ReturnType<typeof renderApp>>['user'];

async function generate(user: User): Promise<number> {
  await openConnection(user);
  await pasteInto(user, screen.getByLabelText('API key'), KEY);
  await user.type(screen.getByLabelText('Prompt'), PROMPT);
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  await advance(0);
  const first = api.requestsTo(TEXT2IMG_URL)[0];
  expect(first).toBeDefined();
  return first?.at ?? 0;
}

/** When each text2img call went out, in ms after the first. */
const sendTimes = (start: number) => api.requestsTo(TEXT2IMG_URL).map((r) => r.at - start);

const error = (message: string, extra: Record<string, unknown> = {}) => ({
  status: 'error',
  message,
  ...extra,
});

test('user sees a 429 counted down from retry_after, sent again no sooner, then the picture', async () => {
  api.answerOnce(
    TEXT2IMG_URL,
    error('Rate limit exceeded. Maximum 5 queued requests allowed.', { retry_after: 4 }),
    { status: 429 },
  );
  const { user } = await renderApp();
  const start = await generate(user);

  const alert = screen.getByRole('alert');
  expect(alert).toHaveTextContent('Too many pictures are being made at once');
  expect(screen.getByText(/Retrying in 4 s/)).toBeVisible();
  expect(within(alert).getByRole('link', { name: 'Plans and pricing' })).toHaveAttribute(
    'href',
    'https://modelslab.com/pricing',
  );
  await advance(2000);
  expect(screen.getByText(/Retrying in 2 s/)).toBeVisible();
  await advance(1999);
  expect(sendTimes(start)).toEqual([0]);
  await advance(1);
  expect(sendTimes(start)).toEqual([0, 4000]);
  expect(await screen.findByRole('img', { name: new RegExp(PROMPT) })).toBeVisible();
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});

test('the countdown starts at retry_after even when the answer came between two ticks of the clock', async () => {
  api.server.use(
    http.post(
      TEXT2IMG_URL,
      async () => {
        await delay(700);
        return HttpResponse.json(
          error('Rate limit exceeded. Maximum 5 queued requests allowed.', { retry_after: 4 }),
          { status: 429 },
        );
      },
      { once: true },
    ),
  );
  const { user } = await renderApp();
  await generate(user);
  await advance(700);
  expect(screen.getByText(/Retrying in 4 s/)).toBeVisible();
  await advance(2300);
  expect(screen.getByText(/Retrying in 2 s/)).toBeVisible();
});

test('user can skip the wait with "Retry now", or stop it with "Cancel"', async () => {
  const full = error('Rate limit exceeded. Maximum 5 queued requests allowed.');
  api.answerOnce(TEXT2IMG_URL, full, { status: 429 });
  api.answerOnce(TEXT2IMG_URL, full, { status: 429 });
  const { user } = await renderApp();
  const start = await generate(user);
  // No retry_after: the vendor's advice is 30 s.
  expect(screen.getByText(/Retrying in 30 s/)).toBeVisible();
  await advance(5000);
  await user.click(screen.getByRole('button', { name: 'Retry now' }));
  await advance(0);
  expect(sendTimes(start)).toEqual([0, 5000]);

  await user.click(screen.getByRole('button', { name: 'Cancel' }));
  await advance(60_000);
  expect(sendTimes(start)).toEqual([0, 5000]);
  expect(screen.getByText(/Cancelled\. It was not sent/)).toBeVisible();
});

test('user gets the picture after a 500 that recovers: sent again 1 s later, 2 calls in all', async () => {
  api.answerOnce(TEXT2IMG_URL, error('Internal server error. Please try again.'), { status: 500 });
  const { user } = await renderApp();
  const start = await generate(user);
  expect(screen.getByRole('alert')).toHaveTextContent('ModelsLab had a problem on its side');
  await advance(999);
  expect(sendTimes(start)).toEqual([0]);
  await advance(1);
  expect(sendTimes(start)).toEqual([0, 1000]);
  expect(await screen.findByRole('img', { name: new RegExp(PROMPT) })).toBeVisible();
});

test('user sees 503 retried after 1 s and 2 s, then a banner with the status page: 3 calls in all', async () => {
  const down = error('Service temporarily unavailable. Please try again later.');
  for (let i = 0; i < 5; i += 1) api.answerOnce(TEXT2IMG_URL, down, { status: 503 });
  const { user } = await renderApp();
  const start = await generate(user);
  await advance(1000);
  await advance(2000);
  await advance(60_000);
  expect(sendTimes(start)).toEqual([0, 1000, 3000]);
  const alert = screen.getByRole('alert');
  expect(alert).toHaveTextContent('ModelsLab is temporarily unavailable');
  expect(alert).toHaveTextContent('Service temporarily unavailable. Please try again later.');
  expect(within(alert).getByRole('link', { name: 'ModelsLab service status' })).toHaveAttribute(
    'href',
    'https://modelslab.com/status',
  );
  expect(within(alert).getByRole('button', { name: 'Try again' })).toBeVisible();
});

test.each([
  [400, 'Model not found: flux', 'That model does not exist'],
  [401, 'Invalid API key', 'Your API key was not accepted'],
  [402, 'Insufficient credits. Please add more credits to continue.', 'out of credits'],
  [403, 'This feature requires a premium subscription', 'This needs a premium plan'],
])(
  'user sees HTTP %i explained, and it is never sent again by itself',
  async (status, message, title) => {
    api.answerOnce(TEXT2IMG_URL, error(message), { status });
    const { user } = await renderApp();
    const start = await generate(user);
    await advance(5 * 60_000);
    expect(sendTimes(start)).toEqual([0]);
    expect(screen.getByRole('alert')).toHaveTextContent(title);
    expect(screen.getByRole('alert')).toHaveTextContent(message);
  },
);
