import { screen, waitFor, within } from '@testing-library/react';
import { expect, test, vi } from 'vitest';
import { API_ORIGIN, imageUrl, setupApiServer } from './test/apiServer';
import { openConnection, pasteInto, renderApp } from './test/renderApp';

const api = setupApiServer();

const KEY = 'sk-test-0123456789abcdef';
const IMG2IMG_URL = `${API_ORIGIN}/api/v6/images/img2img`;
const UPSCALE_URL = `${API_ORIGIN}/api/v6/image_editing/super_resolution`;

type User = Awaited<ReturnType<typeof renderApp>>['user'];

async function makeAPicture(user: User, prompt: string) {
  await openConnection(user);
  await pasteInto(user, screen.getByLabelText('API key'), KEY);
  await user.click(screen.getByRole('button', { name: 'Close' }));
  await user.type(screen.getByLabelText('Prompt'), prompt);
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  const tile = await screen.findByRole('article', { name: `Generation: ${prompt}` });
  await within(tile).findByRole('img', { name: new RegExp(prompt) });
  return tile;
}

async function openViewer(user: User, tile: HTMLElement) {
  await user.click(within(tile).getByRole('button', { name: 'Open image 1 full size' }));
  return screen.findByRole('dialog', { name: 'Full-size image' });
}

test('user can start a new picture from a result: the request is image to image with its link and strength', async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0.25);
  const { user } = await renderApp();
  const tile = await makeAPicture(user, 'a red fox in snow');
  const first = imageUrl(
    within(tile)
      .getByRole('img')
      .getAttribute('src')
      ?.match(/(\d+)-0/)?.[1] ?? '',
    0,
  );
  // A size of another shape is changed to the picture's, and the person is told.
  await user.click(screen.getByRole('button', { name: /Landscape 4:3/ }));
  const viewer = await openViewer(user, tile);
  await user.click(within(viewer).getByRole('button', { name: 'Use as starting picture' }));

  const form = screen.getByRole('form', { name: 'Describe your picture' });
  const start = await within(form).findByRole('group', { name: 'Starting picture' });
  expect(within(start).getByRole('img', { name: 'What Generate starts from' })).toHaveAttribute(
    'src',
    first,
  );
  expect(within(start).getByText(/Size set to 512×512 to keep the picture's shape/)).toBeVisible();
  const strength = within(start).getByRole('spinbutton', { name: 'Strength value' });
  await user.clear(strength);
  await user.type(strength, '0.45');
  expect(within(start).getByRole('slider', { name: /Strength/ })).toHaveValue('0.45');

  api.answerOnce(IMG2IMG_URL, {
    status: 'success',
    id: 77,
    output: ['https://images.example.test/from-a-picture.png'],
  });
  await user.clear(screen.getByLabelText('Prompt'));
  await user.type(screen.getByLabelText('Prompt'), 'the same fox at night');
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  const made = await screen.findByRole('article', { name: 'Generation: the same fox at night' });
  expect(await within(made).findByRole('img')).toHaveAttribute(
    'src',
    'https://images.example.test/from-a-picture.png',
  );
  expect(within(made).getByText(/From a picture · flux · 512×512/)).toBeVisible();
  await api.settled();
  expect(api.requestsTo(IMG2IMG_URL).map((r) => r.body)).toEqual([
    {
      key: KEY,
      prompt: 'the same fox at night',
      model_id: 'flux',
      width: 512,
      height: 512,
      samples: 1,
      num_inference_steps: 30,
      guidance_scale: 7.5,
      seed: null,
      init_image: first,
      strength: 0.45,
    },
  ]);
});

test('a starting picture the service cannot download gets its own banner with advice', async () => {
  const { user } = await renderApp();
  const tile = await makeAPicture(user, 'a lighthouse');
  const viewer = await openViewer(user, tile);
  await user.click(within(viewer).getByRole('button', { name: 'Use as starting picture' }));
  // The test sandbox cannot download pictures from other hosts, as the service cannot
  // reach a private one.
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  const alert = await screen.findByRole('alert');
  expect(alert).toHaveTextContent('The service could not download your starting picture');
  expect(alert).toHaveTextContent('Unable to fetch image from provided URL');
  expect(alert).toHaveTextContent('public web address');
});

test('Remove picture goes back to plain text to image', async () => {
  const { user } = await renderApp();
  const tile = await makeAPicture(user, 'a quiet harbour');
  const viewer = await openViewer(user, tile);
  await user.click(within(viewer).getByRole('button', { name: 'Use as starting picture' }));
  await user.click(await screen.findByRole('button', { name: 'Remove picture' }));
  expect(screen.queryByRole('group', { name: 'Starting picture' })).toBeNull();
  expect(screen.getByRole('button', { name: 'Start from a picture…' })).toBeVisible();
});

test('user can enlarge a result: its own generation, linked to the original, with the scale and faces asked for', async () => {
  const { user } = await renderApp();
  const tile = await makeAPicture(user, 'a portrait of an old sailor');
  const original = within(tile).getByRole('img').getAttribute('src');
  const viewer = await openViewer(user, tile);
  await user.click(within(viewer).getByRole('button', { name: 'Enlarge…' }));
  const options = within(viewer).getByRole('group', { name: 'Enlarge this picture' });
  await user.click(within(options).getByRole('radio', { name: '3× (1536×1536)' }));
  await user.click(within(options).getByRole('checkbox', { name: /Improve faces/ }));
  api.answerOnce(UPSCALE_URL, {
    status: 'success',
    id: 90,
    output: ['https://images.example.test/sailor-3x.png'],
  });
  await user.click(within(options).getByRole('button', { name: 'Enlarge 3×' }));
  expect(
    await within(viewer).findByText('Enlarging 3×: it appears first in your pictures.'),
  ).toBeVisible();
  await user.click(within(viewer).getByRole('button', { name: 'Close' }));

  const tiles = await screen.findAllByRole('article', {
    name: 'Generation: a portrait of an old sailor',
  });
  expect(tiles).toHaveLength(2);
  const enlarged = tiles[0] as HTMLElement;
  await waitFor(() => expect(within(enlarged).getByText(/Enlarged 3× · 1536×1536/)).toBeVisible());
  await within(enlarged).findByRole('img');
  await api.settled();
  expect(api.requestsTo(UPSCALE_URL).map((r) => r.body)).toEqual([
    { key: KEY, init_image: original, scale: 3, face_enhance: true },
  ]);
  await user.click(within(enlarged).getByRole('button', { name: 'Show the original' }));
  expect(tiles[1]).toHaveFocus();
});

test('"Use these settings" on a picture made from a picture brings its starting picture back', async () => {
  const { user } = await renderApp();
  const tile = await makeAPicture(user, 'a cabin in the woods');
  const viewer = await openViewer(user, tile);
  await user.click(within(viewer).getByRole('button', { name: 'Use as starting picture' }));
  const start = (
    await screen.findByRole('img', { name: 'What Generate starts from' })
  ).getAttribute('src');
  api.answerOnce(IMG2IMG_URL, {
    status: 'success',
    id: 78,
    output: ['https://images.example.test/cabin-2.png'],
  });
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  const tiles = await screen.findAllByRole('article', { name: 'Generation: a cabin in the woods' });
  await within(tiles[0] as HTMLElement).findByRole('img', { name: /a cabin in the woods/ });
  await user.click(screen.getByRole('button', { name: 'Remove picture' }));
  await user.click(
    within(tiles[0] as HTMLElement).getByRole('button', { name: 'Use these settings' }),
  );
  expect(await screen.findByRole('img', { name: 'What Generate starts from' })).toHaveAttribute(
    'src',
    start,
  );
});
