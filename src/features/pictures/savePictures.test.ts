import { afterEach, expect, test, vi } from 'vitest';
import { readSaved } from './pictureStore';
import { deleteAllSaved, listSaved } from './savedShelf';
import { keepOnly, SAVE_LIMIT_BYTES, savePicture, savePictures } from './savePictures';

const LINK = 'https://images.example.test/7-0.png';
const KEY = 'sk-PICTURES-SECRET-0a1b2c3d';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

afterEach(async () => {
  await deleteAllSaved();
});

/** A host answering every request with `response` (made fresh each time). */
function host(response: () => Response) {
  return vi.fn<typeof fetch>(async () => response());
}

const picture = (headers: Record<string, string> = {}) =>
  new Response(PNG.slice(), { headers: { 'Content-Type': 'image/png', ...headers } });

async function savedBytes(link: string): Promise<number[] | undefined> {
  const blob = await readSaved(link);
  return blob ? [...new Uint8Array(await blob.arrayBuffer())] : undefined;
}

test('a picture the host lets the page read is kept, with its type, asked without credentials', async () => {
  const fetcher = host(() => picture({ 'Content-Type': 'image/png; charset=binary' }));
  expect(await savePicture(LINK, KEY, fetcher)).toBe('saved');
  expect(fetcher).toHaveBeenCalledWith(
    LINK,
    expect.objectContaining({ mode: 'cors', credentials: 'omit' }),
  );
  expect(await savedBytes(LINK)).toEqual([...PNG]);
  expect((await readSaved(LINK))?.type).toBe('image/png');
  const notes = await listSaved();
  expect(notes.get(LINK)).toEqual({
    type: 'image/png',
    size: PNG.length,
    savedAt: expect.any(Number),
  });
});

test('a picture saved already is not fetched again', async () => {
  const fetcher = host(() => picture());
  await savePicture(LINK, KEY, fetcher);
  expect(await savePicture(LINK, KEY, fetcher)).toBe('already');
  expect(fetcher).toHaveBeenCalledTimes(1);
});

test.each([
  [
    'an answer that is not ok (the link expired)',
    () => new Response('gone', { status: 404 }),
    'failed',
  ],
  [
    'an answer that is not a picture',
    () => new Response('<html></html>', { headers: { 'Content-Type': 'text/html' } }),
    'not-image',
  ],
  [
    'a picture that says it is too big',
    () => picture({ 'Content-Length': String(SAVE_LIMIT_BYTES + 1) }),
    'too-big',
  ],
  [
    'a picture that turns out too big (no length said)',
    () =>
      new Response(new Uint8Array(SAVE_LIMIT_BYTES + 1), {
        headers: { 'Content-Type': 'image/png' },
      }),
    'too-big',
  ],
] as const)('%s is not kept', async (_, answer, outcome) => {
  expect(await savePicture(LINK, KEY, host(answer))).toBe(outcome);
  expect(await readSaved(LINK)).toBeUndefined();
  expect((await listSaved()).size).toBe(0);
});

test('a host that refuses the page (CORS) or fails leaves no copy and says nothing', async () => {
  const fetcher = vi.fn<typeof fetch>(async () => {
    throw new TypeError('Failed to fetch');
  });
  // console.error fails the test (src/test/setup.ts): none is written.
  expect(await savePicture(LINK, KEY, fetcher)).toBe('failed');
  expect(await readSaved(LINK)).toBeUndefined();
});

test.each([
  ['holds the key', `https://images.example.test/7-0.png?key=${KEY}`],
  [
    'holds the key, percent-encoded',
    `https://images.example.test/${encodeURIComponent(KEY).replace('-', '%2D')}.png`,
  ],
  ['is a picture held in the page', 'data:image/png;base64,iVBORw0KGgo='],
])('a link that %s is never fetched', async (_, link) => {
  const fetcher = host(() => picture());
  expect(await savePicture(link, KEY, fetcher)).toBe('skipped');
  expect(fetcher).not.toHaveBeenCalled();
  expect((await listSaved()).size).toBe(0);
});

test('the browser is asked once, after the first picture saved, to keep the storage for good', async () => {
  const persist = vi.fn(async () => true);
  vi.stubGlobal('navigator', { ...navigator, storage: { persist } });
  try {
    await savePictures(
      [LINK],
      KEY,
      host(() => new Response('gone', { status: 404 })),
    );
    expect(persist).not.toHaveBeenCalled();
    await savePictures(
      [LINK, LINK],
      KEY,
      host(() => picture()),
    );
    await savePictures(
      ['https://images.example.test/8-0.png'],
      KEY,
      host(() => picture()),
    );
    expect(persist).toHaveBeenCalledTimes(1);
  } finally {
    vi.unstubAllGlobals();
  }
});

test('copies no generation refers to are deleted; the others stay', async () => {
  const other = 'https://images.example.test/8-0.png';
  await savePictures(
    [LINK, other],
    KEY,
    host(() => picture()),
  );
  // Saved from then on (an import under way): left alone.
  const savedAt = (await listSaved()).get(LINK)?.savedAt ?? 0;
  expect(await keepOnly(new Set([other]), savedAt)).toBe(0);
  // Saved before the visit began (not the same millisecond, as it may be here).
  expect(await keepOnly(new Set([other, 'https://images.example.test/9-0.png']), savedAt + 1)).toBe(
    1,
  );
  expect([...(await listSaved()).keys()]).toEqual([other]);
  expect(await readSaved(LINK)).toBeUndefined();
});
