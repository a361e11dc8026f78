import { afterEach, expect, test, vi } from 'vitest';
import { readSaved } from './pictureStore';
import { deleteAllSaved, listSaved, putSaved } from './savedShelf';
import { restore, savePicture, startSaving } from './savePictures';

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

type Job = { localId: string; state: string; finishedAt?: number; images: string[] };

/** The jobs store as the saving sees it, changed by the test. */
function generations(initial: Job[]) {
  let jobs: readonly Job[] = initial;
  const listeners = new Set<() => void>();
  return {
    list: () => jobs,
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot: () => ({ jobs, loaded: true, unreadable: [] }),
    set(next: Job[]) {
      jobs = next;
      for (const listener of listeners) listener();
    },
  };
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

test('a generation deleted ("Clear all", say) while its picture is still coming in leaves no copy once it has come', async () => {
  const kept = 'https://images.example.test/8-0.png';
  let answer: (response: Response) => void = () => undefined;
  const fetched = vi.fn<typeof fetch>(async (link) =>
    link === LINK
      ? new Promise<Response>((resolve) => {
          answer = resolve;
        })
      : new Response(PNG.slice(), { headers: { 'Content-Type': 'image/png' } }),
  );
  vi.stubGlobal('fetch', fetched);
  try {
    const store = generations([]);
    const stop = startSaving(
      store,
      (job) => job.images,
      () => KEY,
    );
    const done = (localId: string, link: string) => ({
      localId,
      state: 'done',
      finishedAt: Date.now(),
      images: [link],
    });
    // Both finish together: their pictures are fetched one after the other, LINK first.
    store.set([done('deleted', LINK), done('kept', kept)]);
    await vi.waitFor(() => expect(fetched).toHaveBeenCalledTimes(1));
    store.set([done('kept', kept)]);
    answer(new Response(PNG.slice(), { headers: { 'Content-Type': 'image/png' } }));
    await vi.waitFor(async () => expect([...(await listSaved()).keys()]).toEqual([kept]));
    stop();
  } finally {
    vi.unstubAllGlobals();
  }
});

test('the tidy once a visit leaves copies saved in the last hour: another tab’s import may not have stored their generations yet', async () => {
  vi.useFakeTimers();
  try {
    const now = Date.now();
    const recent = 'https://images.example.test/imported-in-another-tab.png';
    const old = 'https://images.example.test/deleted-last-week.png';
    await putSaved(recent, PNG.slice().buffer, 'image/png', now - 2 * 60 * 1000);
    await putSaved(old, PNG.slice().buffer, 'image/png', now - 7 * 24 * 60 * 60 * 1000);
    const stop = startSaving(
      generations([]),
      (job) => job.images,
      () => KEY,
    );
    await vi.advanceTimersByTimeAsync(5000);
    await vi.waitFor(async () => expect([...(await listSaved()).keys()]).toEqual([recent]));
    stop();
  } finally {
    vi.useRealTimers();
  }
});

test('an imported zip does not replace a copy this browser kept already: the same link is the same picture', async () => {
  await putSaved(LINK, PNG.slice().buffer, 'image/png', 1);
  const other = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 9, 9, 9]);
  const added = 'https://images.example.test/new-from-zip.png';
  expect(
    await restore([
      { link: LINK, bytes: other.slice().buffer, type: 'image/jpeg' },
      { link: added, bytes: other.slice().buffer, type: 'image/jpeg' },
    ]),
  ).toBe(1);
  const kept = await readSaved(LINK);
  expect(kept?.type).toBe('image/png');
  expect([...new Uint8Array((await kept?.arrayBuffer()) ?? new ArrayBuffer(0))]).toEqual([...PNG]);
  expect((await readSaved(added))?.type).toBe('image/jpeg');
});

test('a generation deleted while its picture came in, then brought back by Undo, has its picture saved again', async () => {
  const kept = 'https://images.example.test/8-0.png';
  let answer: (response: Response) => void = () => undefined;
  let waited = false;
  const fetched = vi.fn<typeof fetch>(async (link) => {
    if (link === LINK && !waited) {
      waited = true;
      return new Promise<Response>((resolve) => {
        answer = resolve;
      });
    }
    return new Response(PNG.slice(), { headers: { 'Content-Type': 'image/png' } });
  });
  vi.stubGlobal('fetch', fetched);
  try {
    const store = generations([]);
    const stop = startSaving(
      store,
      (job) => job.images,
      () => KEY,
    );
    const done = (localId: string, link: string) => ({
      localId,
      state: 'done',
      finishedAt: Date.now(),
      images: [link],
    });
    const undone = done('undone', LINK);
    store.set([undone, done('kept', kept)]);
    await vi.waitFor(() => expect(fetched).toHaveBeenCalledTimes(1));
    store.set([done('kept', kept)]);
    answer(new Response(PNG.slice(), { headers: { 'Content-Type': 'image/png' } }));
    // The copy that came in for the deleted generation is gone again…
    await vi.waitFor(async () => expect([...(await listSaved()).keys()]).toEqual([kept]));
    // …and Undo brings the generation back: its picture is saved again.
    store.set([undone, done('kept', kept)]);
    await vi.waitFor(async () => expect([...(await listSaved()).keys()]).toEqual([LINK, kept]));
    stop();
  } finally {
    vi.unstubAllGlobals();
  }
});
