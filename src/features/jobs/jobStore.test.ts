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

/** Opens another "tab": its own copy of every module (and so its own id), and open. */
async function openTab() {
  vi.resetModules();
  const [{ jobStore }, { tabId, announceThisTab }] = await Promise.all([
    import('./jobStore'),
    import('../../lib/tabs'),
  ]);
  announceThisTab(tabsOpen.signal);
  await jobStore.load();
  return { store: jobStore, tabId };
}
const tabsOpen = new AbortController();

test('a tab acting on an out-of-date copy changes nothing another tab already moved on', async () => {
  const a = await openTab();
  a.store.add(jobRecord('j', { state: 'failed', sender: a.tabId }));
  await a.store.saved('j');
  const b = await openTab();
  expect(b.store.get('j')?.state).toBe('failed');
  // Tab B is busy: it hears nothing from the other tabs for now.
  b.store.close();

  // Tab A: "Try again", and the runner starts sending it.
  await a.store.dispatch('j', { type: 'send-again', sender: a.tabId });
  expect(await a.store.claimSend('j', () => true)).toMatchObject({ state: 'sending' });

  // Tab B has not heard yet: its "Try again" and "Cancel" act on "failed"…
  expect(b.store.get('j')?.state).toBe('failed');
  await b.store.dispatch('j', { type: 'send-again', sender: b.tabId });
  // …and the stored record said no: B now shows what A did, and cannot send it.
  expect(b.store.get('j')).toMatchObject({ state: 'sending', sender: a.tabId });
  expect(await b.store.claimSend('j', () => true)).toBeUndefined();
  await b.store.dispatch('j', { type: 'cancel' });
  expect(b.store.get('j')?.state).toBe('sending');
  expect((await a.store.refresh('j'))?.state).toBe('sending');
});

test('two tabs never send more at once than the plan allows', async () => {
  const a = await openTab();
  a.store.add(jobRecord('first', { state: 'waiting', sender: a.tabId, createdAt: 1 }));
  await a.store.saved('first');
  const b = await openTab();
  b.store.add(jobRecord('second', { state: 'waiting', sender: b.tabId, createdAt: 2 }));
  await b.store.saved('second');

  // Each tab counts what every tab has in flight, from storage: one slot in all.
  const oneSlot = (others: { state: string }[]) =>
    others.filter((job) => job.state === 'sending').length < 1;
  const [first, second] = await Promise.all([
    a.store.claimSend('first', oneSlot),
    b.store.claimSend('second', oneSlot),
  ]);
  expect([first?.state, second?.state].sort()).toEqual(['sending', undefined].sort());
});

test('an undone delete brings the generation back as it was, for good', async () => {
  const first = await openPage();
  first.add(job('a', 1));
  first.add(job('b', 2));
  await Promise.all([first.saved('a'), first.saved('b')]);

  const removed = first.get('a');
  first.remove('a');
  expect(first.list().map((j) => j.localId)).toEqual(['b']);
  if (!removed) throw new Error('no record');
  first.restore(removed);
  expect(first.list().map((j) => j.localId)).toEqual(['b', 'a']);
  await first.saved('a');
  first.close();

  const second = await openPage();
  expect(second.list().map((j) => j.localId)).toEqual(['b', 'a']);
  expect(second.get('a')).toEqual(removed);
});

test('a delete is undone in every tab, even one that finished the delete meanwhile', async () => {
  const a = await openTab();
  a.store.add(jobRecord('j', { state: 'done', createdAt: 1 }));
  await a.store.saved('j');
  const b = await openTab();
  expect(b.store.get('j')).toBeDefined();

  const removed = a.store.get('j');
  a.store.remove('j');
  await vi.waitFor(() => expect(b.store.get('j')).toBeUndefined());
  // A tab opened now carries out the noted delete as it loads.
  const c = await openTab();
  expect(c.store.get('j')).toBeUndefined();

  if (!removed) throw new Error('no record');
  a.store.restore(removed);
  await a.store.saved('j');
  await vi.waitFor(() => expect(b.store.get('j')).toEqual(removed));
  await vi.waitFor(() => expect(c.store.get('j')).toEqual(removed));
  const d = await openTab();
  expect(d.store.get('j')).toEqual(removed);
});
