import { screen, within } from '@testing-library/react';
import { expect, test, vi } from 'vitest';
import { listSaved } from './features/pictures/savedShelf';
import { PICTURE_BYTES, setupApiServer } from './test/apiServer';
import { advance, openConnection, pasteInto, reloadApp, renderApp } from './test/renderApp';

const api = setupApiServer();
const KEY = 'sk-test-0123456789abcdef';

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

/** The links of the saved pictures, once `count` are saved (moving fake time meanwhile). */
async function savedLinks(count: number): Promise<string[]> {
  for (let tries = 0; tries < 50; tries += 1) {
    const links = [...(await listSaved()).keys()];
    if (links.length === count) return links;
    await advance(100);
  }
  throw new Error(`${count} saved pictures expected`);
}

test('a finished picture is saved once; after a reload its tile shows the copy and Download saves it', async () => {
  vi.useFakeTimers();
  vi.spyOn(Math, 'random').mockReturnValue(0.25);
  const view = await renderApp();
  const tile = await makeAPicture(view.user, 'a lighthouse at dusk');
  const link = within(tile).getByRole('img').getAttribute('src') ?? '';
  expect(link).toMatch(/^https:\/\/images\.example\.test\//);
  expect(await savedLinks(1)).toEqual([link]);
  expect(api.pictureFetches.map((fetched) => fetched.url)).toEqual([link]);

  const made: Blob[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    made.push(blob as Blob);
    return `blob:copy-${made.length}`;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  const { user } = await reloadApp(view);
  const again = await screen.findByRole('article', { name: 'Generation: a lighthouse at dusk' });
  expect(await within(again).findByRole('img')).toHaveAttribute('src', 'blob:copy-1');
  expect([...new Uint8Array(await (made[0] as Blob).arrayBuffer())]).toEqual([...PICTURE_BYTES]);

  // The viewer shows the same copy, and Download saves it without asking the link.
  const clicks = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  await user.click(within(again).getByRole('button', { name: 'Open image 1 full size' }));
  const viewer = await screen.findByRole('dialog', { name: 'Full-size image' });
  expect(within(viewer).getByRole('img')).toHaveAttribute('src', 'blob:copy-1');
  await user.click(within(viewer).getByRole('button', { name: 'Download' }));
  await advance(0);
  expect(clicks).toHaveBeenCalledOnce();
  expect(api.pictureFetches).toHaveLength(1);
});

test('deleting a generation deletes its saved copy once Undo has gone; Undo keeps it', async () => {
  vi.useFakeTimers();
  const { user } = await renderApp();
  const kept = await makeAPicture(user, 'a kept fox');
  await savedLinks(1);

  await user.click(within(kept).getByRole('button', { name: 'Open image 1 full size' }));
  let viewer = await screen.findByRole('dialog', { name: 'Full-size image' });
  await user.click(within(viewer).getByRole('button', { name: 'Delete' }));
  await user.click(await screen.findByRole('button', { name: 'Undo' }));
  await advance(10_000);
  expect(await savedLinks(1)).toHaveLength(1);

  const tile = await screen.findByRole('article', { name: 'Generation: a kept fox' });
  await user.click(within(tile).getByRole('button', { name: 'Open image 1 full size' }));
  viewer = await screen.findByRole('dialog', { name: 'Full-size image' });
  await user.click(within(viewer).getByRole('button', { name: 'Delete' }));
  expect(await screen.findByRole('button', { name: 'Undo' })).toBeVisible();
  // While Undo shows, the copy stays: Undo brings the picture back whole.
  expect(await savedLinks(1)).toHaveLength(1);
  await advance(10_000);
  expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  expect(await savedLinks(0)).toEqual([]);
});
