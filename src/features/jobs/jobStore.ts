import { useSyncExternalStore } from 'react';
import { deleteAllJobs, deleteJob, isQuotaError, loadJobs, saveJob } from './jobPersistence';
import { afterRestart, isInTabHands, type JobRecord } from './jobRecord';

/**
 * Every generation, newest first: in memory for the page, in IndexedDB for the next
 * visit, and shared with the app's other open tabs over a BroadcastChannel.
 */

export type StorageProblem = 'full' | 'unavailable' | undefined;

type Snapshot = { jobs: JobRecord[]; loaded: boolean; storageProblem: StorageProblem };
type Message =
  | { type: 'put'; job: JobRecord }
  | { type: 'remove'; localId: string }
  | { type: 'clear' }
  | { type: 'who-is-open' }
  | { type: 'open'; tabId: string }
  | { type: 'closed'; tabId: string };

/** This page's identity among the app's open tabs. */
export const tabId = newLocalId();
/** How long other tabs get to say they are still open (a busy tab may answer late). */
const ROLL_CALL_MS = 1000;
/** How often to look for tabs that went away without saying so (crashed, discarded). */
const WATCH_EVERY_MS = 20_000;

let snapshot: Snapshot = { jobs: [], loaded: false, storageProblem: undefined };
const listeners = new Set<() => void>();
const writes = new Map<string, Promise<void>>();
let loading: Promise<void> | undefined;
/** Writes wait for a "clear all" still under way, so they are not wiped by it. */
let clearing: Promise<void> = Promise.resolve();
const channel =
  typeof BroadcastChannel === 'function'
    ? new BroadcastChannel('modelslab-studio-jobs')
    : undefined;

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
  channel?.postMessage({ type: 'put', job } satisfies Message);
}

/** The ids of the app's other open tabs (those that answer within a moment). */
function openTabs(): Promise<Set<string>> {
  const open = new Set<string>();
  if (!channel) return Promise.resolve(open);
  const listen = (event: MessageEvent<Message>) => {
    if (event.data.type === 'open') open.add(event.data.tabId);
  };
  channel.addEventListener('message', listen);
  channel.postMessage({ type: 'who-is-open' } satisfies Message);
  return new Promise((resolve) =>
    setTimeout(() => {
      channel.removeEventListener('message', listen);
      resolve(open);
    }, ROLL_CALL_MS),
  );
}

async function readStored() {
  try {
    await clearing;
    const stored = await loadJobs();
    const current = new Set(snapshot.jobs.map((job) => job.localId));
    const jobs = [...snapshot.jobs, ...stored.filter((job) => !current.has(job.localId))];
    setSnapshot({ jobs: jobs.sort(newestFirst), loaded: true });
    // A job left mid-way by a tab that is gone (closed, reloaded, crashed) is settled here;
    // one that another open tab is still sending is left to that tab.
    const orphanCandidates = stored.filter(isInTabHands);
    if (orphanCandidates.length === 0) return;
    const open = await openTabs();
    for (const job of orphanCandidates) {
      if (job.sender && open.has(job.sender)) continue;
      jobStore.update(job.localId, (latest) =>
        isInTabHands(latest) ? afterRestart(latest) : latest,
      );
    }
  } catch {
    setSnapshot({ loaded: true, storageProblem: 'unavailable' });
  }
}

channel?.addEventListener('message', (event: MessageEvent<Message>) => {
  const message = event.data;
  switch (message.type) {
    case 'who-is-open':
      channel.postMessage({ type: 'open', tabId } satisfies Message);
      break;
    case 'closed':
      settleJobsOf(message.tabId);
      break;
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
});

/** What a closed tab left mid-way can no longer finish: settle it as after a restart. */
function settleJobsOf(closedTab: string) {
  for (const job of snapshot.jobs) {
    if (job.sender !== closedTab || !isInTabHands(job)) continue;
    jobStore.update(job.localId, (latest) =>
      isInTabHands(latest) ? afterRestart(latest) : latest,
    );
  }
}

if (channel && typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => {
    channel.postMessage({ type: 'closed', tabId } satisfies Message);
  });
  // Back from the back/forward cache: the other tabs settled this page's work when it
  // left, so start afresh from what is stored rather than from a stale memory.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) window.location.reload();
  });
}

/**
 * Now and then, asks whether the tabs holding unfinished jobs are still open; a tab
 * silent at two roll calls in a row is taken as gone, and its jobs are settled.
 */
let watching = false;
function watchOtherTabs() {
  if (watching) return;
  watching = true;
  const silentRollCalls = new Map<string, number>();
  setInterval(async () => {
    const senders = new Set(
      snapshot.jobs
        .filter((job) => isInTabHands(job) && job.sender && job.sender !== tabId)
        .map((job) => job.sender as string),
    );
    if (senders.size === 0) return;
    const open = await openTabs();
    for (const sender of senders) {
      const misses = open.has(sender) ? 0 : (silentRollCalls.get(sender) ?? 0) + 1;
      silentRollCalls.set(sender, misses);
      if (misses >= 2) settleJobsOf(sender);
    }
  }, WATCH_EVERY_MS);
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
  /** Reads what earlier visits stored; jobs made meanwhile are kept. */
  load(): Promise<void> {
    if (channel) watchOtherTabs();
    loading ??= readStored();
    return loading;
  },
  add(job: JobRecord) {
    put(job);
    persist(job);
  },
  update(localId: string, change: (job: JobRecord) => JobRecord) {
    const job = jobStore.get(localId);
    if (!job) return;
    const next = change(job);
    if (next === job) return;
    put(next);
    persist(next);
  },
  /** Resolves once the job's latest version is stored (or storing it failed). */
  saved(localId: string): Promise<void> {
    return writes.get(localId) ?? Promise.resolve();
  },
  remove(localId: string) {
    setSnapshot({ jobs: snapshot.jobs.filter((job) => job.localId !== localId) });
    const previous = writes.get(localId) ?? Promise.resolve();
    writes.set(
      localId,
      previous.then(() => deleteJob(localId)).catch(() => undefined),
    );
    channel?.postMessage({ type: 'remove', localId } satisfies Message);
  },
  clear(): Promise<void> {
    setSnapshot({ jobs: [] });
    const pending = [...writes.values()];
    writes.clear();
    clearing = Promise.all(pending)
      .then(() => deleteAllJobs())
      .catch(() => undefined);
    channel?.postMessage({ type: 'clear' } satisfies Message);
    return clearing;
  },
  /** Tests start from what a fresh browser would have. */
  reset(): Promise<void> {
    const cleared = jobStore.clear();
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

export function newLocalId(): string {
  // crypto.randomUUID exists only in secure contexts; plain-http hosts need the fallback.
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
