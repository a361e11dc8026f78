import { afterEach, expect, test, vi } from 'vitest';
import { readSaved } from './pictureStore';
import { deleteAllSaved, listSaved } from './savedShelf';
import { savePicture } from './savePictures';

/*
 * Attack probes (branch `attack`): image hosts whose answers say "picture" and are not
 * one. A copy, once kept, is shown instead of the link for good, so what is kept must be
 * a picture.
 */

const LINK = 'https://images.example.test/7-0.png';
const KEY = 'sk-PICTURES-SECRET-0a1b2c3d';

afterEach(async () => {
  await deleteAllSaved();
});

const answer = (body: BodyInit, type: string) => () =>
  new Response(body, { headers: { 'Content-Type': type } });

test.each([
  ['a web page', answer('<!doctype html><script>alert(1)</script>', 'image/png')],
  ['a JSON error', answer('{"status":"error","message":"rate limited"}', 'image/png')],
  ['nothing', answer('', 'image/jpeg')],
  ['a page said to be SVG', answer('<html><svg onload="alert(1)"></svg></html>', 'image/svg+xml')],
])('an answer said to be a picture that is %s is not kept', async (_, body) => {
  expect(
    await savePicture(
      LINK,
      KEY,
      vi.fn<typeof fetch>(async () => body()),
    ),
  ).toBe('not-image');
  expect(await readSaved(LINK)).toBeUndefined();
  expect((await listSaved()).size).toBe(0);
});

test('a picture is kept with the type its bytes have, not the one the host says', async () => {
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
  const fetcher = vi.fn<typeof fetch>(async () => answer(jpeg, 'image/png')());
  expect(await savePicture(LINK, KEY, fetcher)).toBe('saved');
  expect((await readSaved(LINK))?.type).toBe('image/jpeg');
});

test('an SVG with a script is kept as a picture: shown only in an <img>, where no script runs', async () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
  const fetcher = vi.fn<typeof fetch>(async () => answer(svg, 'image/svg+xml')());
  expect(await savePicture(LINK, KEY, fetcher)).toBe('saved');
  expect((await readSaved(LINK))?.type).toBe('image/svg+xml');
});
