import { useSyncExternalStore } from 'react';
import { nextTask } from '../../lib/nextTask';
import { newId, tabId, whenTabCloses } from '../../lib/tabs';
import { forgetAllAnswers } from './answerNotes';
import { isInTabHands, type JobEvent, transition } from './jobMachine';
import {
  addJobs,
  changeStored,
  deleteAllJobs,
  deleteJobs,
  deleteRows,
  forgetDeletes,
  isQuotaError,
  loadStored,
  noteDeletes,
  readJob,
  saveJob,
  type UnreadableRow,
} from './jobPersistence';
import type { JobRecord } from './jobRecord';

/**
 * Every generation, newest first: in memory for the page, in IndexedDB for the next
 * visit and for the other open tabs, which hear of each change over a BroadcastChannel.
 * A job's state changes only by `dispatch`, through the job machine, applied to the
 * stored record in one transaction, so a tab acting on an out-of-date copy (busy, or
 * not yet told) changes nothing that another tab already moved on.
 */

export type StorageProblem = 'full' | 'unavailable' | undefined;

type Snapshot = {
  jobs: JobRecord[];
  loaded: boolean;
  storageProblem: StorageProblem;
  /** Stored values that cannot be read as a job (docs/architecture.md, "Storage"). */
  unreadable: UnreadableRow[];
};
type Message =
  | { type: 'put'; job: JobRecord }
  | { type: 'remove'; localId: string }
  | { type: 'restore'; job: JobRecord }
  | { type: 'clear' }
  /** Many records changed in storage at once (an import): read it again. */
  | { type: 'reread' };

/** What `addMany` did; `notStored` were left out (see `problem`), not kept in memory either. */
export type AddManyResult = {
  added: number;
  /** Already here (stored, or shown on this page), or twice in what was given. */
  existing: number;
  notStored: number;
  problem?: 'full' | 'unavailable' | 'cleared' | 'no-storage';
};

/** Records per IndexedDB transaction in `addMany`: small enough to show progress often. */
const ADD_BATCH = 2000;

const emptySnapshot: Snapshot = {
  jobs: [],
  loaded: false,
  storageProblem: undefined,
  unreadable: [],
};
let snapshot: Snapshot = emptySnapshot;
const listeners = new Set<() => void>();
const writes = new Map<string, Promise<void>>();
let loading: Promise<void> | undefined;
/** Writes wait for a "clear all" still under way, so they are not wiped by it. */
let clearing: Promise<void> = Promise.resolve();
let channel: BroadcastChannel | undefined;
/** Stops watching other tabs and listening to them (the page is going away). */
let session = new AbortController();
/** The other tabs whose going away this tab is waiting for. */
const watchedTabs = new Set<string>();
/** How many changes of each job are waiting for storage to decide. */
const settling = new Map<string, number>();
/** Deleted in this page's time: a late message from another tab does not bring them back. */
const deleted = new Set<string>();
/** Counts "clear all"s (this tab's and others'): an import under way stops at the next one. */
let clears = 0;
/** The batch `addMany` is storing now: a "clear all" waits for it, then wipes it too. */
let adding: Promise<unknown> = Promise.resolve();

function setSnapshot(patch: Partial<Snapshot>) {
  snapshot = { ...snapshot, ...patch };
  for (const listener of listeners) listener();
}

const newestFirst = (a: JobRecord, b: JobRecord) => b.createdAt - a.createdAt;

const revOf = (job: JobRecord | undefined) => job?.rev ?? 0;

function put(job: JobRecord) {
  if (deleted.has(job.localId)) return;
  const exists = snapshot.jobs.some((j) => j.localId === job.localId);
  const jobs = exists
    ? snapshot.jobs.map((j) => (j.localId === job.localId ? job : j))
    : [job, ...snapshot.jobs].sort(newestFirst);
  setSnapshot({ jobs });
  watchSender(job);
}

function persist(job: JobRecord) {
  const previous = writes.get(job.localId) ?? clearing;
  const write = previous
    .then(() => saveJob(job))
    .then(
      () => {
        if (snapshot.storageProblem) setSnapshot({ storageProblem: undefined });
      },
      (error: unknown) => {
        // What is already stored stays; this record lives on in memory for the page.
        setSnapshot({ storageProblem: isQuotaError(error) ? 'full' : 'unavailable' });
      },
    );
  writes.set(job.localId, write);
  post({ type: 'put', job });
}

function post(message: Message) {
  channel?.postMessage(message);
}

/**
 * Only the tab that sends a job can move it on from waiting, sending or retrying. When
 * that tab goes away (closed, reloaded, crashed), what it left is settled here: a job
 * caught mid-send may have been charged, so it becomes "unknown", never sent again.
 */
function watchSender(job: JobRecord) {
  const sender = job.sender;
  if (sender === tabId || !isInTabHands(job)) return;
  // Versions before senders were recorded: whoever sent it is long gone.
  if (!sender) {
    void jobStore.dispatch(job.localId, { type: 'tab-lost' });
    return;
  }
  if (watchedTabs.has(sender)) return;
  watchedTabs.add(sender);
  whenTabCloses(
    sender,
    () => {
      watchedTabs.delete(sender);
      for (const left of snapshot.jobs) {
        if (left.sender === sender && isInTabHands(left)) {
          void jobStore.dispatch(left.localId, { type: 'tab-lost' });
        }
      }
    },
    session.signal,
  );
}

/** Adds what is stored and not shown yet (nor deleted here meanwhile). */
/**
 * Resolves once the page has painted its first frame, so reading a long history (a
 * thousand records, parsed on the main thread) does not hold back the first paint, which
 * shows the last visit's first page meanwhile (features/history/firstPage.ts). A hidden
 * tab paints no frames: it reads at once.
 */
function afterFirstPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function' || document.visibilityState !== 'visible') {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    // Hidden meanwhile, frames stop: the timer reads anyway.
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });
}

async function readStored() {
  try {
    await clearing;
    const { jobs: stored, unreadable } = await loadStored();
    const current = new Set(snapshot.jobs.map((job) => job.localId));
    const fresh = stored.filter((job) => !current.has(job.localId) && !deleted.has(job.localId));
    const jobs = fresh.length > 0 ? [...snapshot.jobs, ...fresh].sort(newestFirst) : snapshot.jobs;
    setSnapshot({ jobs, unreadable, loaded: true });
    for (const job of fresh) watchSender(job);
  } catch {
    setSnapshot({ loaded: true, storageProblem: 'unavailable' });
  }
}

function onMessage(event: MessageEvent<Message>) {
  const message = event.data;
  switch (message.type) {
    case 'put':
      // Messages from several tabs may cross: keep the newest stored version.
      if (revOf(message.job) >= revOf(jobStore.get(message.job.localId))) put(message.job);
      break;
    case 'remove':
      deleted.add(message.localId);
      setSnapshot({ jobs: snapshot.jobs.filter((j) => j.localId !== message.localId) });
      break;
    case 'restore':
      deleted.delete(message.job.localId);
      put(message.job);
      break;
    case 'clear':
      clears += 1;
      setSnapshot({ jobs: [], unreadable: [] });
      break;
    case 'reread':
      void readStored();
      break;
  }
}

export const jobStore = {
  snapshot: () => snapshot,
  list: () => snapshot.jobs,
  get: (localId: string) => snapshot.jobs.find((job) => job.localId === localId),
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
  /** Starts listening to the other tabs, and reads what earlier visits stored. */
  load(): Promise<void> {
    if (!channel && typeof BroadcastChannel === 'function') {
      channel = new BroadcastChannel('modelslab-studio-jobs');
      channel.addEventListener('message', onMessage);
    }
    loading ??= afterFirstPaint().then(readStored);
    return loading;
  },
  /** A new generation. */
  add(job: JobRecord) {
    deleted.delete(job.localId);
    put(job);
    persist(job);
  },
  /**
   * Many records at once (an imported file): stored in transactions of `ADD_BATCH`, each
   * waited for, with `onProgress(done, total)` after each; then shown (sorted once) and
   * told to the other tabs (once). A record already here stays as it is. Resolves once
   * what it reports as added is stored.
   */
  async addMany(
    jobs: JobRecord[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<AddManyResult> {
    const page = session.signal;
    const started = clears;
    const shown = new Set(snapshot.jobs.map((job) => job.localId));
    const fresh: JobRecord[] = [];
    for (const job of jobs) {
      if (shown.has(job.localId)) continue;
      shown.add(job.localId);
      fresh.push(job);
    }
    const existing = jobs.length - fresh.length;
    // A delete or "clear all" of this page's still under way is done first, so it cannot
    // wipe what is imported after it.
    await clearing;
    await Promise.all(fresh.map((job) => writes.get(job.localId)));
    const added: JobRecord[] = [];
    let found = 0;
    let problem: AddManyResult['problem'];
    onProgress?.(0, fresh.length);
    for (let from = 0; from < fresh.length; from += ADD_BATCH) {
      if (clears !== started || page.aborted) {
        problem = 'cleared';
        break;
      }
      const batch = addJobs(fresh.slice(from, from + ADD_BATCH));
      adding = batch.catch(() => undefined);
      try {
        const outcome = await batch;
        added.push(...outcome.added);
        found += outcome.existing;
        if (!outcome.stored) problem = 'no-storage';
      } catch (error) {
        problem = isQuotaError(error) ? 'full' : 'unavailable';
        break;
      }
      onProgress?.(Math.min(from + ADD_BATCH, fresh.length), fresh.length);
      await nextTask();
    }
    const result = (shownCount: number): AddManyResult => ({
      added: shownCount,
      existing: existing + found,
      notStored: fresh.length - added.length - found,
      problem,
    });
    if (page.aborted) return result(0);
    if (clears !== started) {
      // Cleared meanwhile: show whatever storage holds now, no more.
      await readStored();
      return { ...result(0), problem: 'cleared' };
    }
    for (const job of added) deleted.delete(job.localId);
    // Another tab's import may have told this page of some of them meanwhile.
    const now = new Set(snapshot.jobs.map((job) => job.localId));
    const unseen = added.filter((job) => !now.has(job.localId));
    if (unseen.length > 0) {
      setSnapshot({ jobs: [...unseen, ...snapshot.jobs].sort(newestFirst) });
      for (const job of unseen) watchSender(job);
    }
    if (added.length > 0) post({ type: 'reread' });
    return result(added.length);
  },
  /** Deletes the stored values that cannot be read as jobs; false when storage refused. */
  async removeUnreadable(): Promise<boolean> {
    const keys = snapshot.unreadable.map((row) => row.key);
    try {
      await deleteRows(keys);
    } catch {
      return false;
    }
    const gone = new Set(keys);
    setSnapshot({ unreadable: snapshot.unreadable.filter((row) => !gone.has(row.key)) });
    post({ type: 'reread' });
    return true;
  },
  /**
   * The one way a job's state changes: the machine decides what `event` makes of it.
   * This page shows the change at once; the stored record then decides (another tab may
   * have moved the job on meanwhile) and this page follows what was stored.
   * Resolves to the job as it now is, or undefined when it is gone.
   */
  async dispatch(
    localId: string,
    event: JobEvent,
    now = Date.now(),
  ): Promise<JobRecord | undefined> {
    const job = jobStore.get(localId);
    if (!job) return undefined;
    const next = transition(job, event, now);
    if (next === job) return job;
    put(next);
    return settle(localId, job, (current) => transition(current, event, now));
  },
  /**
   * Marks one of this tab's waiting jobs as being sent, if the stored record agrees and
   * the plan has a free slot, counting what every tab has in flight (`holdsSlot(job)`
   * for the jobs `inFlight` says count). Resolves to the job when it may be sent now.
   */
  async claimSend(
    localId: string,
    inFlight: (jobs: JobRecord[]) => boolean,
    now = Date.now(),
  ): Promise<JobRecord | undefined> {
    const job = jobStore.get(localId);
    if (!job) return undefined;
    const event: JobEvent = {
      type: 'send-started',
      by: tabId,
      requestName: job.connection === 'sandbox' ? newId() : undefined,
    };
    const claimed = await settle(
      localId,
      job,
      (current, others) => (inFlight(others) ? transition(current, event, now) : current),
      true,
    );
    return claimed?.state === 'sending' && claimed.sender === tabId && claimed !== job
      ? claimed
      : undefined;
  },
  /**
   * Catches up with the stored record (another tab may have moved the job on and its
   * message not arrived yet). Resolves to the job as it now is, or undefined when gone.
   */
  async refresh(localId: string): Promise<JobRecord | undefined> {
    const page = session.signal;
    await (writes.get(localId) ?? clearing);
    const stored = await readJob(localId).catch(() => 'no-storage' as const);
    if (page.aborted) return undefined;
    if (stored === undefined) {
      setSnapshot({ jobs: snapshot.jobs.filter((j) => j.localId !== localId) });
    } else if (stored !== 'no-storage' && revOf(stored) > revOf(jobStore.get(localId))) {
      put(stored);
    }
    return jobStore.get(localId);
  },
  /** Resolves once the job's latest version is stored (or storing it failed). */
  saved(localId: string): Promise<void> {
    return writes.get(localId) ?? Promise.resolve();
  },
  remove(localId: string) {
    deleted.add(localId);
    noteDeletes([localId]);
    setSnapshot({ jobs: snapshot.jobs.filter((job) => job.localId !== localId) });
    const previous = writes.get(localId) ?? Promise.resolve();
    writes.set(
      localId,
      previous.then(() => deleteJobs([localId])).catch(() => undefined),
    );
    post({ type: 'remove', localId });
  },
  /**
   * Undoes `remove`: the record as it was is shown and stored again (after the delete, if
   * that is still under way), here and in the other tabs.
   */
  restore(job: JobRecord) {
    deleted.delete(job.localId);
    forgetDeletes([job.localId]);
    put(job);
    persist(job);
    post({ type: 'restore', job });
  },
  clear(): Promise<void> {
    clears += 1;
    noteDeletes(snapshot.jobs.map((job) => job.localId));
    forgetAllAnswers();
    setSnapshot({ jobs: [], unreadable: [] });
    const pending = [...writes.values(), adding];
    writes.clear();
    clearing = Promise.all(pending)
      .then(() => deleteAllJobs())
      .catch(() => undefined);
    post({ type: 'clear' });
    return clearing;
  },
  /** The page is going away: stop listening to the other tabs. */
  close() {
    session.abort();
    session = new AbortController();
    watchedTabs.clear();
    deleted.clear();
    settling.clear();
    channel?.close();
    channel = undefined;
  },
  /** Tests start from what a fresh browser would have. */
  reset(): Promise<void> {
    const cleared = jobStore.clear();
    jobStore.close();
    loading = undefined;
    setSnapshot(emptySnapshot);
    return cleared;
  },
};

/**
 * Applies `change` to the stored record (after this job's earlier writes), then shows and
 * tells the other tabs what was stored. Without storage, this page's memory is the record.
 */
async function settle(
  localId: string,
  before: JobRecord,
  change: (current: JobRecord, others: JobRecord[]) => JobRecord,
  withOthers = false,
): Promise<JobRecord | undefined> {
  const page = session.signal;
  settling.set(localId, (settling.get(localId) ?? 0) + 1);
  const previous = writes.get(localId) ?? clearing;
  const result = previous.then(() =>
    changeStored(
      localId,
      (current, others) => {
        const next = change(current, others);
        return next === current ? current : { ...next, rev: revOf(current) + 1 };
      },
      { withOthers },
    ),
  );
  writes.set(
    localId,
    result.then(
      () => undefined,
      () => undefined,
    ),
  );
  let outcome: Awaited<typeof result>;
  try {
    outcome = await result;
  } catch (error) {
    // Storage failed: this page carries on from memory, as it would without storage.
    setSnapshot({ storageProblem: isQuotaError(error) ? 'full' : 'unavailable' });
    outcome = { stored: undefined, reason: 'no-storage' };
  } finally {
    settling.set(localId, (settling.get(localId) ?? 1) - 1);
  }
  // A later change of this page's is still on its way: the page already shows it, and
  // the last one to settle shows what was stored in the end.
  const later = (settling.get(localId) ?? 0) > 0;
  if (!later) settling.delete(localId);
  // The page closed meanwhile: the next one reads what was stored.
  if (page.aborted) return undefined;
  if (outcome.stored === undefined) {
    if (outcome.reason === 'gone') {
      // Deleted meanwhile (here or in another tab): it stays deleted.
      setSnapshot({ jobs: snapshot.jobs.filter((j) => j.localId !== localId) });
      return undefined;
    }
    const next = change(before, []);
    if (!later) put(next);
    post({ type: 'put', job: next });
    return next;
  }
  // Show what was stored, unless a newer version from another tab arrived meanwhile.
  // Nothing changed anywhere: leave the page as it is (no render, no new round).
  const shown = jobStore.get(localId);
  const stale = revOf(outcome.stored) > revOf(shown) || shown !== before;
  if (!later && (outcome.changed || stale) && revOf(outcome.stored) >= revOf(shown)) {
    put(outcome.stored);
  }
  if (outcome.changed) post({ type: 'put', job: outcome.stored });
  return outcome.stored;
}

export function useJobs(): JobRecord[] {
  return useSyncExternalStore(jobStore.subscribe, jobStore.list, () => emptySnapshot.jobs);
}

export function useJobStoreState(): Snapshot {
  return useSyncExternalStore(jobStore.subscribe, jobStore.snapshot, () => emptySnapshot);
}

export function useJob(localId: string | undefined): JobRecord | undefined {
  const get = () => (localId ? jobStore.get(localId) : undefined);
  return useSyncExternalStore(jobStore.subscribe, get, () => undefined);
}
