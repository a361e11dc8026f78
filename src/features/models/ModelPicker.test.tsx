import { screen, within } from '@testing-library/react';
import { beforeEach, expect, test, vi } from 'vitest';
import { API_ORIGIN, setupApiServer } from '../../test/apiServer';
import {
  closeConnection,
  openConnection,
  pasteInto,
  reloadApp,
  renderApp,
} from '../../test/renderApp';
import { modelMemory } from './modelMemory';
import { forgetSavedLists } from './savedModelList';

// The saved list's read can be held back, as a slow disk would.
const savedRead = vi.hoisted(() => ({ gate: undefined as Promise<void> | undefined }));
vi.mock('./savedModelList', async (importOriginal) => {
  const real = await importOriginal<typeof import('./savedModelList')>();
  return {
    ...real,
    loadSavedList: async (baseUrl: string) => {
      await savedRead.gate;
      return real.loadSavedList(baseUrl);
    },
  };
});

const api = setupApiServer();
const KEY = 'sk-test-0123456789abcdef';
const MODEL_LIST_URL = `${API_ORIGIN}/api/v4/dreambooth/model_list`;

type User = Awaited<ReturnType<typeof renderApp>>['user'];

beforeEach(async () => {
  savedRead.gate = undefined;
  await forgetSavedLists();
});

async function openPicker(user: User) {
  await user.click(screen.getByRole('button', { name: 'Browse models' }));
  return screen.findByRole('dialog', { name: 'Choose a model' });
}

/** The model names in each section of the picker, in order. */
function sections(dialog: HTMLElement) {
  return within(dialog)
    .getAllByRole('region')
    .map((section) => [
      within(section).getByRole('heading').textContent,
      within(section)
        .getAllByRole('button', { name: (name) => !/favourites$/.test(name) })
        .map((button) => button.getAttribute('data-model-option')),
    ]);
}

test('user can browse the models with their descriptions and pictures, search, and pick one with the keyboard', async () => {
  const { user } = await renderApp();
  await openConnection(user);
  await pasteInto(user, screen.getByLabelText('API key'), KEY);
  await closeConnection(user);
  const browse = screen.getByRole('button', { name: 'Browse models' });
  const dialog = await openPicker(user);

  const sdxl = await within(dialog).findByRole('button', { name: 'Stable Diffusion XL' });
  expect(sdxl).toHaveAccessibleDescription(
    'sdxl A versatile all-rounder, at its best at 1024 × 1024.',
  );
  const picture = sdxl.querySelector('img');
  expect(picture?.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
  expect(within(dialog).getByRole('button', { name: 'Flux' })).toHaveAttribute(
    'aria-current',
    'true',
  );
  expect(within(dialog).getByText('8 models.')).toBeVisible();

  const search = within(dialog).getByLabelText('Search models');
  expect(search).toHaveFocus();
  await user.type(search, 'photograph');
  expect(within(dialog).getByText('2 of 8 models match.')).toBeVisible();
  expect(sections(dialog)).toEqual([
    ['Matching models', ['realistic-vision-v51', 'juggernaut-xl']],
  ]);

  await user.keyboard('{ArrowDown}');
  expect(within(dialog).getByRole('button', { name: 'Realistic Vision 5.1' })).toHaveFocus();
  await user.keyboard('{ArrowDown}');
  expect(within(dialog).getByRole('button', { name: 'Juggernaut XL' })).toHaveFocus();
  await user.keyboard('{Enter}');

  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  expect(screen.getByLabelText('Model')).toHaveValue('juggernaut-xl');
  expect(browse).toHaveFocus();
  await api.settled();
  expect(api.requestsTo(MODEL_LIST_URL).map((r) => r.body)).toEqual([{ key: KEY }]);
});

test('a favourite reached with the arrows keeps the focus when the saved list and the fetched one arrive', async () => {
  let release = () => {};
  savedRead.gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const { user } = await renderApp();
  modelMemory.toggleFavourite('pixel-art-xl');
  await openConnection(user);
  await pasteInto(user, screen.getByLabelText('API key'), KEY);
  await closeConnection(user);
  const dialog = await openPicker(user);
  expect(within(dialog).getByRole('status')).toHaveTextContent('Loading the list of models…');
  // Nothing to arrow into until the saved list is read: a row drawn now would be drawn anew.
  expect(within(dialog).queryByRole('button', { name: 'Pixel Art XL' })).not.toBeInTheDocument();
  release();
  const favourites = await within(dialog).findByRole('region', { name: 'Favourites' });
  await user.keyboard('{ArrowDown}');
  expect(within(favourites).getByRole('button', { name: 'Pixel Art XL' })).toHaveFocus();
  await within(dialog).findByText('8 models.');
  expect(
    within(within(dialog).getByRole('region', { name: 'Favourites' })).getByRole('button', {
      name: 'Pixel Art XL',
    }),
  ).toHaveFocus();
  modelMemory.toggleFavourite('pixel-art-xl');
});

test('Escape closes the picker without changing the model; focus goes back', async () => {
  const { user } = await renderApp();
  await openConnection(user);
  await pasteInto(user, screen.getByLabelText('API key'), KEY);
  await closeConnection(user);
  await user.type(screen.getByLabelText('Prompt'), 'a castle');
  const dialog = await openPicker(user);
  // Its keys are its own: Ctrl+Enter in the picker does not send the form.
  await user.keyboard('{Control>}{Enter}{/Control}');
  expect(dialog).toBeVisible();
  await within(dialog).findByRole('button', { name: 'Anything V5' });
  await user.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}{ArrowUp}');
  expect(within(dialog).getByLabelText('Search models')).toHaveFocus();
  await user.keyboard('{Escape}');
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  expect(screen.getByLabelText('Model')).toHaveValue('flux');
  expect(screen.getByRole('button', { name: 'Browse models' })).toHaveFocus();
  await api.settled();
  expect(api.requests.map((r) => r.url)).toEqual([MODEL_LIST_URL]);
});

test('favourites and recently used models come first, and are still there after a reload', async () => {
  const view = await renderApp();
  const { user } = view;
  await openConnection(user);
  await pasteInto(user, screen.getByLabelText('API key'), KEY);
  await closeConnection(user);
  let dialog = await openPicker(user);
  await user.click(
    await within(dialog).findByRole('button', { name: 'Add Pixel Art XL to favourites' }),
  );
  expect(
    within(dialog).getAllByRole('button', { name: 'Remove Pixel Art XL from favourites' }),
  ).toHaveLength(2);
  await user.click(within(dialog).getAllByRole('button', { name: 'DreamShaper 8' })[0] as Element);

  await user.type(screen.getByLabelText('Prompt'), 'a castle');
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  await screen.findByRole('img', { name: /a castle/ });

  const reloaded = await reloadApp(view);
  dialog = await openPicker(reloaded.user);
  await within(dialog).findByText('All models');
  expect(sections(dialog).map(([title, ids]) => [title, ids?.slice(0, 2)])).toEqual([
    ['Favourites', ['pixel-art-xl']],
    ['Recently used', ['dreamshaper-8']],
    ['All models', ['flux', 'sdxl']],
  ]);

  // A search keeps them on top too.
  await reloaded.user.type(within(dialog).getByLabelText('Search models'), 'a');
  const found = sections(dialog)[0]?.[1] as string[];
  expect(found.slice(0, 2)).toEqual(['pixel-art-xl', 'dreamshaper-8']);
});

test('the list is fetched once a day: the next open and the next visit use the saved one', async () => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  const view = await renderApp();
  await openConnection(view.user);
  await pasteInto(view.user, screen.getByLabelText('API key'), KEY);
  await view.user.click(screen.getByRole('checkbox', { name: 'Remember on this device' }));
  await closeConnection(view.user);
  let dialog = await openPicker(view.user);
  await within(dialog).findByRole('button', { name: 'Flux' });
  await view.user.keyboard('{Escape}');
  dialog = await openPicker(view.user);
  await within(dialog).findByRole('button', { name: 'Flux' });
  await view.user.keyboard('{Escape}');
  expect(api.requestsTo(MODEL_LIST_URL)).toHaveLength(1);

  const next = await reloadApp(view);
  dialog = await openPicker(next.user);
  await within(dialog).findByRole('button', { name: 'Flux' });
  expect(within(dialog).getByText(/^List from /)).toBeVisible();
  await next.user.keyboard('{Escape}');
  expect(api.requestsTo(MODEL_LIST_URL)).toHaveLength(1);

  vi.setSystemTime(Date.now() + 25 * 60 * 60 * 1000);
  dialog = await openPicker(next.user);
  // A day on, the saved list shows at once and a new one is fetched.
  expect(await within(dialog).findByRole('button', { name: 'Flux' })).toBeVisible();
  expect(await within(dialog).findByRole('button', { name: 'Get the latest list' })).toBeEnabled();
  expect(api.requestsTo(MODEL_LIST_URL)).toHaveLength(2);
});

test('when the list cannot be fetched, the picker says why in plain words and still takes a typed model ID', async () => {
  api.answerOnce(MODEL_LIST_URL, { status: 'error', message: 'Invalid API key' }, { status: 401 });
  const { user } = await renderApp();
  await openConnection(user);
  await pasteInto(user, screen.getByLabelText('API key'), KEY);
  await closeConnection(user);
  const dialog = await openPicker(user);
  expect(
    await within(dialog).findByText(
      /^The list of models could not be fetched: Your API key was not accepted\. The service said: “Invalid API key”\./,
    ),
  ).toHaveTextContent('You can still type a model’s ID in the search box and pick it.');

  await user.type(within(dialog).getByLabelText('Search models'), 'my-own-model');
  expect(
    within(dialog).getByRole('button', { name: 'Use “my-own-model” as the model ID' }),
  ).toBeVisible();
  await user.keyboard('{Enter}');
  expect(screen.getByLabelText('Model')).toHaveValue('my-own-model');
  // Not asked again by itself: a refused key would be refused again.
  expect(api.requestsTo(MODEL_LIST_URL)).toHaveLength(1);
});

test('a passing failure is asked again once; "Try again" asks once more', async () => {
  const down = {
    status: 'error',
    message: 'Service temporarily unavailable. Please try again later.',
  };
  api.answerOnce(MODEL_LIST_URL, down, { status: 503 });
  api.answerOnce(MODEL_LIST_URL, down, { status: 503 });
  const { user } = await renderApp();
  await openConnection(user);
  await pasteInto(user, screen.getByLabelText('API key'), KEY);
  await closeConnection(user);
  const dialog = await openPicker(user);
  await within(dialog).findByText(
    /^The list of models could not be fetched: ModelsLab is temporarily unavailable\./,
    undefined,
    { timeout: 5000 },
  );
  expect(api.requestsTo(MODEL_LIST_URL)).toHaveLength(2);
  await user.click(within(dialog).getByRole('button', { name: 'Try again' }));
  expect(await within(dialog).findByRole('button', { name: 'Flux' })).toBeVisible();
  expect(within(dialog).queryByText(/could not be fetched/)).not.toBeInTheDocument();
});

test('without a key, the picker says the list needs one and takes a typed ID', async () => {
  const { user } = await renderApp();
  const dialog = await openPicker(user);
  expect(
    await within(dialog).findByText(
      'The list of models needs your API key: paste it under Connection. You can still type a model’s ID in the search box and pick it.',
    ),
  ).toBeVisible();
  await user.type(within(dialog).getByLabelText('Search models'), 'sdxl{Enter}');
  expect(screen.getByLabelText('Model')).toHaveValue('sdxl');
  expect(api.requests).toEqual([]);
});

test('"Model not found" marks the Model field with the service’s words and opens the picker', async () => {
  const { user } = await renderApp();
  await openConnection(user);
  await pasteInto(user, screen.getByLabelText('API key'), KEY);
  await closeConnection(user);
  const model = screen.getByLabelText('Model');
  await user.clear(model);
  await user.type(model, 'no-such-model');
  await user.type(screen.getByLabelText('Prompt'), 'a castle');
  await user.click(screen.getByRole('button', { name: 'Generate' }));

  const dialog = await screen.findByRole('dialog', { name: 'Choose a model' });
  expect(dialog).toHaveAccessibleDescription(
    '“Model not found: no-such-model”: the service does not know that model. Pick one below, or check its spelling.',
  );
  expect(model).toHaveAttribute('aria-invalid', 'true');
  expect(model).toHaveAccessibleDescription(
    expect.stringContaining('Model not found: no-such-model'),
  );
  await user.keyboard('{Escape}');
  expect(model).toHaveFocus();
  expect(model).toHaveAttribute('aria-invalid', 'true');

  await user.click(screen.getByRole('button', { name: 'Browse models' }));
  await user.click(
    await within(await screen.findByRole('dialog')).findByRole('button', { name: 'Flux' }),
  );
  expect(model).toHaveValue('flux');
  expect(model).toHaveAttribute('aria-invalid', 'false');
});
