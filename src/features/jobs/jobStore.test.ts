import { afterEach, expect, test, vi } from 'vitest';
import { jobRecord } from '../../test/jobRecords';

/**
 * A page can close (or reload) at any moment, also while IndexedDB is still working on a
 * delete. Here IndexedDB's deletes hang for the first "page", as if it closed first.
 */
const idb = vi.hoisted(() => ({ hang: false, hung: 0 }));
vi.mock('idb-keyval', async (importOriginal) => {
  const real = await importOriginal<typeof import('idb-keyval')>();
  const hangs =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      idb.hang ? hang<R>() : write(...args);
  function hang<R>(): Promise<R> {
    idb.hung += 1;
    return new Promise<R>(() => undefined);
  }
  return { ...real, del: hangs(real.del), delMany: hangs(real.delMany), clear: hangs(real.clear) };
});

const job = (localId: string, createdAt: number) => jobRecord(localId, { createdAt });

/** Opens a "page": a fresh copy of the store module, loaded from what is stored. */
async function openPage() {
  vi.resetModules();
  const { jobStore } = await import('./jobStore');
  await jobStore.load();
  return jobStore;
}

afterEach(async () => {
  idb.hang = false;
  idb.hung = 0;
  const store = await openPage();
  await store.reset();
});

test('a generation deleted just before the page closed stays deleted after a reload', async () => {
  const first = await openPage();
  first.add(job('a', 1));
  first.add(job('b', 2));
  await Promise.all([first.saved('a'), first.saved('b')]);

  idb.hang = true;
  first.remove('a');
  await vi.waitFor(() => expect(idb.hung).toBe(1));
  first.close();
  idb.hang = false;

  const second = await openPage();
  expect(second.list().map((j) => j.localId)).toEqual(['b']);
  const third = await openPage();
  expect(third.list().map((j) => j.localId)).toEqual(['b']);
});

test('"Clear all" just before the page closed stays cleared after a reload', async () => {
  const first = await openPage();
  first.add(job('a', 1));
  first.add(job('b', 2));
  await Promise.all([first.saved('a'), first.saved('b')]);

  idb.hang = true;
  void first.clear();
  await vi.waitFor(() => expect(idb.hung).toBe(1));
  first.close();
  idb.hang = false;

  const second = await openPage();
  expect(second.list()).toEqual([]);
  second.add(job('c', 3));
  await second.saved('c');
  const third = await openPage();
  expect(third.list().map((j) => j.localId)).toEqual(['c']);
});
