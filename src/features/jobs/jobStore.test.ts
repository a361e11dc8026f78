import { afterEach, expect, test, vi } from 'vitest';
import { jobRecord } from '../../test/jobRecords';
import { loadJobs, saveJob } from './jobPersistence';

/**
 * A page can close (or reload) at any moment, also while IndexedDB is still working on a
 * delete. Here IndexedDB's deletes hang for the first "page", as if it closed first.
 */
const idb = vi.hoisted(() => ({ hang: false, hung: 0, writesBeforeFull: Infinity }));
vi.mock('idb-keyval', async (importOriginal) => {
  const real = await importOriginal<typeof import('idb-keyval')>();
  // After `writesBeforeFull` read-write transactions, storage is full.
  const createStore: typeof real.createStore = (dbName, storeName) => {
    const store = real.createStore(dbName, storeName);
    return (mode, callback) => {
      if (mode !== 'readwrite') return store(mode, callback);
      if (idb.writesBeforeFull <= 0) {
        return Promise.reject(
          new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
        );
      }
      idb.writesBeforeFull -= 1;
      return store(mode, callback);
    };
  };
  const hangs =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      idb.hang ? hang<R>() : write(...args);
  function hang<R>(): Promise<R> {
    idb.hung += 1;
    return new Promise<R>(() => undefined);
  }
  return {
    ...real,
    createStore,
    del: hangs(real.del),
    delMany: hangs(real.delMany),
    clear: hangs(real.clear),
  };
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
  idb.writesBeforeFull = Infinity;
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

const ids = (jobs: { localId: string }[]) => jobs.map((j) => j.localId);
const many = (count: number, prefix = 'many') =>
  Array.from({ length: count }, (_, i) => job(`${prefix}-${i}`, i));

test('addMany stores every new record before it resolves, and what is stored wins over an imported copy', async () => {
  const page = await openPage();
  page.add(jobRecord('kept', { createdAt: 5, state: 'failed' }));
  await page.saved('kept');
  // Stored by another tab; this page has not heard of it yet.
  await saveJob(jobRecord('theirs', { createdAt: 2, state: 'cancelled' }));
  const progress = vi.fn();

  const result = await page.addMany(
    [
      jobRecord('kept', { createdAt: 5 }),
      job('new-1', 1),
      jobRecord('theirs', { createdAt: 2 }),
      job('new-2', 3),
      job('new-1', 1),
    ],
    progress,
  );

  expect(result).toEqual({ added: 2, existing: 3, notStored: 0, problem: undefined });
  expect(progress).toHaveBeenLastCalledWith(3, 3);
  expect(ids(page.list())).toEqual(['kept', 'new-2', 'new-1']);
  const stored = await loadJobs();
  expect(stored.map((j) => [j.localId, j.state]).sort()).toEqual([
    ['kept', 'failed'],
    ['new-1', 'done'],
    ['new-2', 'done'],
    ['theirs', 'cancelled'],
  ]);
});

test('another open tab hears of an import once, and shows every imported record', async () => {
  const a = await openTab();
  const b = await openTab();
  const posted = vi.spyOn(BroadcastChannel.prototype, 'postMessage');

  await a.store.addMany(many(300));

  expect(posted).toHaveBeenCalledTimes(1);
  await vi.waitFor(() => expect(b.store.list()).toHaveLength(300), { timeout: 10_000 });
  expect(b.store.list()[0]?.localId).toBe('many-299');
});

test('when storage fills up midway, addMany says how many were stored and shows only those', async () => {
  const page = await openPage();
  idb.writesBeforeFull = 1;

  const result = await page.addMany(many(2500));

  expect(result).toEqual({ added: 2000, existing: 0, notStored: 500, problem: 'full' });
  expect(page.list()).toHaveLength(2000);
  idb.writesBeforeFull = Infinity;
  expect(await loadJobs()).toHaveLength(2000);
});

test('"Clear all" during an import stops it, and what was imported before is cleared too', async () => {
  const page = await openPage();
  let cleared: Promise<void> | undefined;

  const result = await page.addMany(many(2500), (done) => {
    if (done === 2000) cleared = page.clear();
  });
  await cleared;

  expect(result.problem).toBe('cleared');
  expect(page.list()).toEqual([]);
  expect(await loadJobs()).toEqual([]);
  const next = await openPage();
  expect(next.list()).toEqual([]);
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
