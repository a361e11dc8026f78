import { forceCloseDatabase } from 'fake-indexeddb';
import { expect, test, vi } from 'vitest';
import { database, readSaved } from './pictureStore';
import { listSaved, putSaved } from './savedShelf';
import { restore, savePicture } from './savePictures';

/*
 * Attack probe (branch `attack`): the browser closes the pictures' database under the
 * page (the person clears the site's data in the browser's settings, or the browser
 * evicts it). The tiles then ask a closed connection for their copies.
 */

const LINK = 'https://images.example.test/7-0.png';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('without IndexedDB (some private modes) pictures show their links, saving and restoring keep nothing, and nothing throws', async () => {
  vi.stubGlobal('indexedDB', undefined);
  try {
    await expect(readSaved(LINK)).rejects.toThrow();
    const host = vi.fn<typeof fetch>(
      async () => new Response(PNG.slice(), { headers: { 'Content-Type': 'image/png' } }),
    );
    expect(await savePicture(LINK, '', host)).toBe('failed');
    expect(await restore([{ link: LINK, bytes: PNG.slice().buffer, type: 'image/png' }])).toBe(0);
    await expect(listSaved()).rejects.toThrow();
  } finally {
    vi.unstubAllGlobals();
  }
});

test('after the browser closes the database, a picture still gets an answer, and copies are read again', {
  timeout: 5000,
}, async () => {
  await putSaved(LINK, PNG.slice().buffer, 'image/png');
  // fake-indexeddb's types ask for the class where it takes a connection.
  forceCloseDatabase((await database()) as unknown as Parameters<typeof forceCloseDatabase>[0]);
  // Settles (so the tile shows its link or its copy, not nothing for good)…
  const first = await readSaved(LINK).then(
    (blob) => blob?.type ?? 'none',
    () => 'refused',
  );
  expect(['image/png', 'refused']).toContain(first);
  // …and the next read opens the database again and finds the copy.
  expect((await readSaved(LINK))?.type).toBe('image/png');
});
