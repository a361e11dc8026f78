import { useSyncExternalStore } from 'react';
import { tabId, whenTabCloses } from '../../lib/tabs';
import { isInTabHands, type JobEvent, transition } from './jobMachine';
import {
  deleteAllJobs,
  deleteJobs,
  isQuotaError,
  loadJobs,
  noteDeletes,
  saveJob,
} from './jobPersistence';
import type { JobRecord } from './jobRecord';

/**
 * Every generation, newest first: in memory for the page, in IndexedDB for the next
 * visit, and shared with the app's other open tabs over a BroadcastChannel. A job's
 * state changes only by `dispatch`, through the job machine.
 */

export type StorageProblem = 'full' | 'unavailable' | undefined;

type Snapshot = { jobs: JobRecord[]; loaded: boolean; storageProblem: StorageProblem };
type Message =
  | { type: 'put'; job: JobRecord }
  | { type: 'remove'; localId: string }
  | { type: 'clear' };

let snapshot: Snapshot = { jobs: [], loaded: false, storageProblem: undefined };
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

function setSnapshot(patch: Partial<Snapshot>) {
  snapshot = { ...snapshot, ...patch };
  for (const listener of listeners) listener();
}

const newestFirst = (a: JobRecord, b: JobRecord) => b.createdAt - a.createdAt;

function put(job: JobRecord) {
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
  if (!sender || sender === tabId || !isInTabHands(job) || watchedTabs.has(sender)) return;
  watchedTabs.add(sender);
  whenTabCloses(
    sender,
    () => {
      watchedTabs.delete(sender);
      for (const left of snapshot.jobs) {
        if (left.sender === sender && isInTabHands(left)) {
          jobStore.dispatch(left.localId, { type: 'tab-lost' });
        }
      }
    },
    session.signal,
  );
}

async function readStored() {
  try {
    await clearing;
    const stored = await loadJobs();
    const current = new Set(snapshot.jobs.map((job) => job.localId));
    const fresh = stored.filter((job) => !current.has(job.localId));
    setSnapshot({ jobs: [...snapshot.jobs, ...fresh].sort(newestFirst), loaded: true });
    for (const job of fresh) watchSender(job);
  } catch {
    setSnapshot({ loaded: true, storageProblem: 'unavailable' });
  }
}

function onMessage(event: MessageEvent<Message>) {
  const message = event.data;
  switch (message.type) {
    case 'put':
      put(message.job);
      break;
    case 'remove':
      setSnapshot({ jobs: snapshot.jobs.filter((j) => j.localId !== message.localId) });
      break;
    case 'clear':
      setSnapshot({ jobs: [] });
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
    loading ??= readStored();
    return loading;
  },
  /** A new generation, or one read from an export file. */
  add(job: JobRecord) {
    put(job);
    persist(job);
  },
  /** The one way a job's state changes: the machine decides what `event` makes of it. */
  dispatch(localId: string, event: JobEvent, now = Date.now()) {
    const job = jobStore.get(localId);
    if (!job) return;
    const next = transition(job, event, now);
    if (next === job) return;
    put(next);
    persist(next);
  },
  /** Resolves once the job's latest version is stored (or storing it failed). */
  saved(localId: string): Promise<void> {
    return writes.get(localId) ?? Promise.resolve();
  },
  remove(localId: string) {
    noteDeletes([localId]);
    setSnapshot({ jobs: snapshot.jobs.filter((job) => job.localId !== localId) });
    const previous = writes.get(localId) ?? Promise.resolve();
    writes.set(
      localId,
      previous.then(() => deleteJobs([localId])).catch(() => undefined),
    );
    post({ type: 'remove', localId });
  },
  clear(): Promise<void> {
    noteDeletes(snapshot.jobs.map((job) => job.localId));
    setSnapshot({ jobs: [] });
    const pending = [...writes.values()];
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
    channel?.close();
    channel = undefined;
  },
  /** Tests start from what a fresh browser would have. */
  reset(): Promise<void> {
    const cleared = jobStore.clear();
    jobStore.close();
    loading = undefined;
    setSnapshot({ jobs: [], loaded: false, storageProblem: undefined });
    return cleared;
  },
};

export function useJobs(): JobRecord[] {
  return useSyncExternalStore(jobStore.subscribe, jobStore.list, jobStore.list);
}

export function useJobStoreState(): Snapshot {
  return useSyncExternalStore(jobStore.subscribe, jobStore.snapshot, jobStore.snapshot);
}

export function useJob(localId: string | undefined): JobRecord | undefined {
  const get = () => (localId ? jobStore.get(localId) : undefined);
  return useSyncExternalStore(jobStore.subscribe, get, get);
}
