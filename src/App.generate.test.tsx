import { screen, waitFor, within } from '@testing-library/react';
import { delay, http } from 'msw';
import { expect, test, vi } from 'vitest';
import { imageUrl, setupApiServer, TEXT2IMG_URL } from './test/apiServer';
import { openConnection, pasteInto, renderApp } from './test/renderApp';

const api = setupApiServer();

const KEY = 'sk-test-0123456789abcdef';
const API_KEYS_PAGE = 'https://modelslab.com/dashboard/api-keys';

type User = Awaited<ReturnType<typeof renderApp>>['user'];

async function enterKey(user: User, key = KEY) {
  await openConnection(user);
  await pasteInto(user, screen.getByLabelText('API key'), key);
}

async function fill(user: User, label: string, value: string) {
  const field = screen.getByLabelText(label);
  await user.clear(field);
  if (value) await user.type(field, value);
}

test('user sees every mistake at its field, sends nothing, then generates with Ctrl+Enter', async () => {
  // The sandbox picks the seed of a "random" picture with Math.random.
  vi.spyOn(Math, 'random').mockReturnValue(0.25);
  const { user } = await renderApp();
  await enterKey(user);

  await fill(user, 'Width', '1030');
  await fill(user, 'Height', '200');
  await fill(user, 'Images (samples)', '5');
  await user.click(screen.getByRole('button', { name: 'More settings' }));
  await fill(user, 'Guidance scale (guidance_scale)', '25');
  // Folded away again: a mistake in there opens it.
  await user.click(screen.getByRole('button', { name: 'More settings' }));
  expect(screen.getByLabelText('Guidance scale (guidance_scale)')).not.toBeVisible();
  await user.click(screen.getByRole('button', { name: 'Generate' }));

  const expected: Array<[string, string]> = [
    ['Prompt', 'prompt is required'],
    ['Width', 'width must be between 256 and 1024'],
    ['Height', 'height must be between 256 and 1024'],
    ['Images (samples)', 'samples must be between 1 and 4'],
    ['Guidance scale (guidance_scale)', 'guidance_scale must be between 1 and 20'],
  ];
  for (const [label, message] of expected) {
    const field = screen.getByLabelText(label);
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(expect.stringContaining(message));
    expect(screen.getByText(message)).toBeVisible();
  }
  expect(screen.getByRole('button', { name: 'More settings' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  // The first field at fault has the focus.
  await waitFor(() => expect(screen.getByLabelText('Prompt')).toHaveFocus());
  for (const label of ['Negative prompt', 'Model', 'Steps (num_inference_steps)', 'Seed']) {
    expect(screen.getByLabelText(label)).toHaveAttribute('aria-invalid', 'false');
  }
  expect(api.requests).toEqual([]);

  await fill(user, 'Width', '512');
  await fill(user, 'Height', '512');
  await fill(user, 'Images (samples)', '1');
  await fill(user, 'Guidance scale (guidance_scale)', '7.5');
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
  const { user } = await renderApp();
  await enterKey(user);
  await user.type(screen.getByLabelText('Prompt'), 'a red fox in snow');
  await fill(user, 'Model', 'sdxl');
  await user.type(screen.getByLabelText('Negative prompt'), 'blurry, text');
  await user.click(screen.getByRole('button', { name: 'More settings' }));
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
      model_id: 'sdxl',
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
  const { user } = await renderApp();
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

  // The notice's words open the Connection drawer at the key field.
  await user.click(within(form).getByRole('button', { name: 'Paste your ModelsLab API key' }));
  expect(screen.getByRole('dialog', { name: 'Connection' })).toBeVisible();
  expect(screen.getByRole('radio', { name: 'ModelsLab' })).toBeChecked();
  expect(screen.getByLabelText('API key')).toHaveFocus();
  await enterKey(user);
  expect(generate).toBeEnabled();
  expect(within(form).queryByText(/Paste your ModelsLab API key/)).not.toBeInTheDocument();
});

test('user without a key can switch to the free sandbox from the notice and generate at once', async () => {
  const { user } = await renderApp();
  await user.type(screen.getByLabelText('Prompt'), 'a lighthouse');
  const form = screen.getByRole('form', { name: 'Describe your picture' });
  expect(screen.getByRole('button', { name: 'Generate' })).toBeDisabled();
  await user.click(within(form).getByRole('button', { name: 'try it free in the sandbox' }));
  expect(screen.getByRole('button', { name: 'Connection: Sandbox' })).toBeVisible();
  expect(screen.getByRole('button', { name: 'Generate' })).toBeEnabled();
  expect(within(form).queryByText(/Paste your ModelsLab API key/)).not.toBeInTheDocument();
  // Nothing was sent to ModelsLab on the way.
  expect(api.requests).toEqual([]);
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
  const { user } = await renderApp();
  await enterKey(user);
  const prompt = screen.getByLabelText('Prompt');

  await user.type(prompt, 'first: a castle');
  await user.click(screen.getByRole('button', { name: 'More settings' }));
  await fill(user, 'Seed', '11');
  await user.click(screen.getByRole('button', { name: 'Generate' }));

  await fill(user, 'Prompt', 'second: a harbour');
  await fill(user, 'Seed', '22');
  // Two small images: answered at once, like the first one.
  await fill(user, 'Width', '256');
  await fill(user, 'Height', '256');
  await fill(user, 'Images (samples)', '2');
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
  const { user } = await renderApp();
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
  const { user } = await renderApp();
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
  const { user } = await renderApp();
  await enterKey(user);
  await user.type(screen.getByLabelText('Prompt'), 'a lighthouse');
  await user.click(screen.getByRole('button', { name: 'Generate' }));

  const alert = await screen.findByRole('alert');
  expect(alert).toHaveTextContent('num_inference_steps must be between 1 and 20');
  const steps = screen.getByLabelText('Steps (num_inference_steps)');
  // It was folded under "More settings": that opens, and the field has the focus.
  await waitFor(() => expect(steps).toHaveFocus());
  expect(steps).toBeVisible();
  expect(steps).toHaveAttribute('aria-invalid', 'true');
  expect(steps).toHaveAccessibleDescription(
    expect.stringContaining('num_inference_steps must be between 1 and 20'),
  );
  // Refused fields are not sent again by themselves.
  expect(api.requests).toHaveLength(1);

  await fill(user, 'Steps (num_inference_steps)', '20');
  expect(steps).toHaveAttribute('aria-invalid', 'false');
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  expect(await screen.findByRole('img', { name: /a lighthouse/ })).toBeVisible();
  await api.settled();
  expect(
    api.requests.map((r) => (r.body as { num_inference_steps: number }).num_inference_steps),
  ).toEqual([30, 20]);
});

test('user types a size off the grid of 8: it is rounded, they are told, and that size is sent', async () => {
  const { user } = await renderApp();
  await enterKey(user);
  await user.type(screen.getByLabelText('Prompt'), 'a lighthouse');
  await fill(user, 'Width', '301');
  await user.tab();
  expect(screen.getByLabelText('Width')).toHaveValue(304);
  expect(screen.getByText('Width rounded to 304, a multiple of 8.')).toBeVisible();

  // Ctrl+Enter straight from the field rounds it too, before anything is sent.
  await fill(user, 'Height', '299');
  await user.type(screen.getByLabelText('Height'), '{Control>}{Enter}{/Control}');
  expect(screen.getByLabelText('Height')).toHaveValue(296);
  expect(
    screen.getByText(
      'Width rounded to 304, a multiple of 8. Height rounded to 296, a multiple of 8.',
    ),
  ).toBeVisible();
  expect(await screen.findByRole('img', { name: /a lighthouse/ })).toBeVisible();
  await api.settled();
  expect(api.requests.map((r) => r.body)).toMatchObject([{ width: 304, height: 296 }]);

  // Typing again clears the note.
  await fill(user, 'Width', '512');
  expect(screen.queryByText(/Width rounded/)).not.toBeInTheDocument();
});

test('user can swap width and height with one button', async () => {
  const { user } = await renderApp();
  await user.click(screen.getByRole('button', { name: /Wide 16:9/ }));
  expect(screen.getByLabelText('Width')).toHaveValue(1024);
  expect(screen.getByLabelText('Height')).toHaveValue(576);
  await user.click(screen.getByRole('button', { name: 'Swap width and height' }));
  expect(screen.getByLabelText('Width')).toHaveValue(576);
  expect(screen.getByLabelText('Height')).toHaveValue(1024);
  expect(screen.getByRole('button', { name: /Tall 9:16/ })).toHaveAttribute('aria-pressed', 'true');
});

test('user can choose a scheduler among all the API accepts; the service default sends none', async () => {
  const { user } = await renderApp();
  await enterKey(user);
  await user.click(screen.getByRole('button', { name: 'More settings' }));
  const scheduler = screen.getByLabelText('Scheduler');
  const options = within(scheduler).getAllByRole('option');
  expect(options).toHaveLength(19);
  expect(options[0]).toHaveTextContent('Service default (UniPC)');
  expect(options.map((option) => option.getAttribute('value'))).toEqual([
    '',
    'DDPMScheduler',
    'DDIMScheduler',
    'PNDMScheduler',
    'LMSDiscreteScheduler',
    'EulerDiscreteScheduler',
    'EulerAncestralDiscreteScheduler',
    'DPMSolverMultistepScheduler',
    'HeunDiscreteScheduler',
    'KDPM2DiscreteScheduler',
    'DPMSolverSinglestepScheduler',
    'KDPM2AncestralDiscreteScheduler',
    'UniPCMultistepScheduler',
    'DDIMInverseScheduler',
    'DEISMultistepScheduler',
    'IPNDMScheduler',
    'KarrasVeScheduler',
    'ScoreSdeVeScheduler',
    'LCMScheduler',
  ]);

  await user.type(screen.getByLabelText('Prompt'), 'first');
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  await screen.findByRole('img', { name: /first/ });
  await user.selectOptions(
    scheduler,
    'Euler: simple and quick; a good all-rounder (EulerDiscreteScheduler)',
  );
  await fill(user, 'Prompt', 'second');
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  await screen.findByRole('img', { name: /second/ });

  await api.settled();
  const [first, second] = api.requests.map((r) => r.body as Record<string, unknown>);
  expect(first).not.toHaveProperty('scheduler');
  expect(second).toMatchObject({ prompt: 'second', scheduler: 'EulerDiscreteScheduler' });
});

test('a model that ignores the negative prompt hides it and leaves it out; another brings it back', async () => {
  const { user } = await renderApp();
  await enterKey(user);
  await fill(user, 'Model', 'sdxl');
  await user.type(screen.getByLabelText('Negative prompt'), 'blurry');
  await fill(user, 'Model', 'flux');
  expect(screen.getByLabelText('Negative prompt')).not.toBeVisible();
  expect(screen.getByLabelText('Model')).toHaveAccessibleDescription(
    'The AI model that draws the picture. flux ignores the negative prompt, so that field is hidden.',
  );
  await user.type(screen.getByLabelText('Prompt'), 'a fox');
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  await screen.findByRole('img', { name: /a fox/ });

  await fill(user, 'Model', 'sdxl');
  expect(screen.getByLabelText('Negative prompt')).toBeVisible();
  expect(screen.getByLabelText('Negative prompt')).toHaveValue('blurry');
  await fill(user, 'Prompt', 'a hare');
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  await screen.findByRole('img', { name: /a hare/ });

  await api.settled();
  const [flux, sdxl] = api.requests.map((r) => r.body as Record<string, unknown>);
  expect(flux).toMatchObject({ model_id: 'flux', prompt: 'a fox' });
  expect(flux).not.toHaveProperty('negative_prompt');
  expect(sdxl).toMatchObject({ model_id: 'sdxl', prompt: 'a hare', negative_prompt: 'blurry' });
});
