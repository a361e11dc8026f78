import { screen, within } from '@testing-library/react';
import { delay, http } from 'msw';
import { expect, test, vi } from 'vitest';
import { imageUrl, setupApiServer, TEXT2IMG_URL } from './test/apiServer';
import { renderApp } from './test/renderApp';

const api = setupApiServer();

const KEY = 'sk-test-0123456789abcdef';
const API_KEYS_PAGE = 'https://modelslab.com/dashboard/api-keys';

type User = ReturnType<typeof renderApp>['user'];

async function enterKey(user: User, key = KEY) {
  await user.type(screen.getByLabelText('API key'), key);
}

async function fill(user: User, label: string, value: string) {
  const field = screen.getByLabelText(label);
  await user.clear(field);
  if (value) await user.type(field, value);
}

test('user sees every mistake at its field, sends nothing, then generates with Ctrl+Enter', async () => {
  // The sandbox picks the seed of a "random" picture with Math.random.
  vi.spyOn(Math, 'random').mockReturnValue(0.25);
  const { user } = renderApp();
  await enterKey(user);

  await fill(user, 'Width', '1001');
  await fill(user, 'Height', '200');
  await fill(user, 'Images', '5');
  await fill(user, 'Guidance scale', '25');
  await user.click(screen.getByRole('button', { name: 'Generate' }));

  const expected: Array<[string, string]> = [
    ['Prompt', 'prompt is required'],
    ['Width', 'width must be divisible by 8'],
    ['Height', 'height must be between 256 and 1024'],
    ['Images', 'samples must be between 1 and 4'],
    ['Guidance scale', 'guidance_scale must be between 1 and 20'],
  ];
  for (const [label, message] of expected) {
    const field = screen.getByLabelText(label);
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(expect.stringContaining(message));
    expect(screen.getByText(message)).toBeVisible();
  }
  for (const label of ['Negative prompt', 'Model', 'Steps', 'Seed']) {
    expect(screen.getByLabelText(label)).toHaveAttribute('aria-invalid', 'false');
  }
  expect(api.requests).toEqual([]);

  await fill(user, 'Width', '512');
  await fill(user, 'Height', '512');
  await fill(user, 'Images', '1');
  await fill(user, 'Guidance scale', '7.5');
  const prompt = screen.getByLabelText('Prompt');
  await user.type(prompt, 'a lighthouse on a cliff at dusk');
  expect(api.requests).toEqual([]);
  for (const [label, message] of expected) {
    expect(screen.getByLabelText(label)).toHaveAttribute('aria-invalid', 'false');
    expect(screen.queryByText(message)).not.toBeInTheDocument();
  }

  await user.type(prompt, '{Control>}{Enter}{/Control}');

  const image = await screen.findByRole('img', { name: /a lighthouse on a cliff at dusk/ });
  const seed = String(Math.floor(0.25 * 4294967296));
  expect(image).toHaveAttribute('src', imageUrl(seed, 0));
  expect(screen.getByText(seed)).toBeVisible();
  expect(screen.getByText(seed).closest('p')).toHaveTextContent(`seed ${seed}`);
  // Ctrl+Enter sends; it does not add a line to the prompt.
  expect(prompt).toHaveValue('a lighthouse on a cliff at dusk');

  await api.settled();
  expect(api.requests).toHaveLength(1);
  expect(api.requests[0]?.url).toBe(TEXT2IMG_URL);
  expect(api.requests[0]?.method).toBe('POST');
  expect(api.requests[0]?.body).toEqual({
    key: KEY,
    prompt: 'a lighthouse on a cliff at dusk',
    model_id: 'flux',
    width: 512,
    height: 512,
    samples: 1,
    num_inference_steps: 30,
    guidance_scale: 7.5,
    seed: null,
  });
});

test('user can send a negative prompt and a seed of their own', async () => {
  const { user } = renderApp();
  await enterKey(user);
  await user.type(screen.getByLabelText('Prompt'), 'a red fox in snow');
  await user.type(screen.getByLabelText('Negative prompt'), 'blurry, text');
  await fill(user, 'Seed', '3312345678');
  await user.click(screen.getByRole('button', { name: 'Generate' }));

  const image = await screen.findByRole('img', { name: /a red fox in snow/ });
  expect(image).toHaveAttribute('src', imageUrl('3312345678', 0));
  expect(screen.getByText('3312345678')).toBeVisible();

  await api.settled();
  expect(api.requests.map((r) => r.body)).toEqual([
    {
      key: KEY,
      prompt: 'a red fox in snow',
      negative_prompt: 'blurry, text',
      model_id: 'flux',
      width: 512,
      height: 512,
      samples: 1,
      num_inference_steps: 30,
      guidance_scale: 7.5,
      seed: 3312345678,
    },
  ]);
});

test('user without a key cannot generate on ModelsLab and is told where to find one', async () => {
  const { user } = renderApp();
  expect(screen.getByRole('radio', { name: 'ModelsLab' })).toBeChecked();
  await user.type(screen.getByLabelText('Prompt'), 'a lighthouse');

  const generate = screen.getByRole('button', { name: 'Generate' });
  expect(generate).toBeDisabled();
  const form = screen.getByRole('form', { name: 'Describe your picture' });
  expect(within(form).getByText(/Paste your ModelsLab API key/)).toBeVisible();
  expect(within(form).getByRole('link', { name: /API keys page/ })).toHaveAttribute(
    'href',
    API_KEYS_PAGE,
  );

  // Ctrl+Enter does not get round the disabled button.
  await user.type(screen.getByLabelText('Prompt'), '{Control>}{Enter}{/Control}');
  expect(api.requests).toEqual([]);

  await enterKey(user);
  expect(generate).toBeEnabled();
  expect(within(form).queryByText(/Paste your ModelsLab API key/)).not.toBeInTheDocument();
});

test('user can start two generations quickly and each card gets its own images', async () => {
  // The first request is answered after the second: answers must not cross cards.
  api.server.use(
    http.post(TEXT2IMG_URL, async ({ request }) => {
      const body = (await request.clone().json()) as { prompt?: string };
      if (body.prompt === 'first: a castle') await delay(150);
      return undefined;
    }),
  );
  const { user } = renderApp();
  await enterKey(user);
  const prompt = screen.getByLabelText('Prompt');

  await user.type(prompt, 'first: a castle');
  await fill(user, 'Seed', '11');
  await user.click(screen.getByRole('button', { name: 'Generate' }));

  await fill(user, 'Prompt', 'second: a harbour');
  await fill(user, 'Seed', '22');
  // Two small images: answered at once, like the first one.
  await fill(user, 'Width', '256');
  await fill(user, 'Height', '256');
  await fill(user, 'Images', '2');
  await user.click(screen.getByRole('button', { name: 'Generate' }));

  const second = await screen.findByRole('article', { name: /second: a harbour/ });
  const first = screen.getByRole('article', { name: /first: a castle/ });
  expect(await within(first).findByRole('img', { name: /first: a castle/ })).toHaveAttribute(
    'src',
    imageUrl(11, 0),
  );
  const secondImages = await within(second).findAllByRole('img', { name: /second: a harbour/ });
  expect(secondImages.map((img) => img.getAttribute('src'))).toEqual([
    imageUrl(22, 0),
    imageUrl(22, 1),
  ]);
  expect(within(first).getAllByRole('img')).toHaveLength(1);
  expect(within(first).getByText('11')).toBeVisible();
  expect(within(second).getByText('22')).toBeVisible();

  // Newest first.
  const cards = screen.getAllByRole('article');
  expect(cards).toEqual([second, first]);

  await api.settled();
  expect(api.requests.map((r) => [r.url, (r.body as { prompt: string }).prompt])).toEqual([
    [TEXT2IMG_URL, 'first: a castle'],
    [TEXT2IMG_URL, 'second: a harbour'],
  ]);
});

test('user sees the server’s words and a link to the API keys page when the key is refused', async () => {
  api.answerOnce(
    TEXT2IMG_URL,
    { status: 'error', message: 'Invalid API key' },
    {
      status: 401,
    },
  );
  const { user } = renderApp();
  await enterKey(user, 'sk-wrong');
  await user.type(screen.getByLabelText('Prompt'), 'a lighthouse');
  await user.click(screen.getByRole('button', { name: 'Generate' }));

  const alert = await screen.findByRole('alert');
  expect(alert).toHaveTextContent('Your API key was not accepted');
  expect(alert).toHaveTextContent('Invalid API key');
  expect(within(alert).getByRole('link', { name: 'Your API keys' })).toHaveAttribute(
    'href',
    API_KEYS_PAGE,
  );
  expect(screen.queryByRole('img', { name: /a lighthouse/ })).not.toBeInTheDocument();
  // A refused key is not retried.
  await api.settled();
  expect(api.requests).toHaveLength(1);
});

test('user who double-clicks Generate sends the request once', async () => {
  const { user } = renderApp();
  await enterKey(user);
  await user.type(screen.getByLabelText('Prompt'), 'a lighthouse');
  await user.dblClick(screen.getByRole('button', { name: 'Generate' }));

  expect(await screen.findByRole('img', { name: /a lighthouse/ })).toBeVisible();
  expect(screen.getAllByRole('article')).toHaveLength(1);
  await api.settled();
  expect(api.requests).toHaveLength(1);
});

test('user sees a field the server refused marked at that field, and can fix it', async () => {
  // Some endpoints cap the steps lower than the form does.
  api.answerOnce(
    TEXT2IMG_URL,
    { status: 'error', message: 'num_inference_steps must be between 1 and 20' },
    { status: 400 },
  );
  const { user } = renderApp();
  await enterKey(user);
  await user.type(screen.getByLabelText('Prompt'), 'a lighthouse');
  await user.click(screen.getByRole('button', { name: 'Generate' }));

  const alert = await screen.findByRole('alert');
  expect(alert).toHaveTextContent('num_inference_steps must be between 1 and 20');
  const steps = screen.getByLabelText('Steps');
  expect(steps).toHaveAttribute('aria-invalid', 'true');
  expect(steps).toHaveAccessibleDescription(
    expect.stringContaining('num_inference_steps must be between 1 and 20'),
  );
  // Refused fields are not sent again by themselves.
  expect(api.requests).toHaveLength(1);

  await fill(user, 'Steps', '20');
  expect(steps).toHaveAttribute('aria-invalid', 'false');
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  expect(await screen.findByRole('img', { name: /a lighthouse/ })).toBeVisible();
  await api.settled();
  expect(
    api.requests.map((r) => (r.body as { num_inference_steps: number }).num_inference_steps),
  ).toEqual([30, 20]);
});
