import { clear, createStore, delMany, entries, set, type UseStore } from 'idb-keyval';
import { type JobRecord, jobRecordSchema } from './jobRecord';

/**
 * Jobs live in IndexedDB, so a reload, a closed tab or a crash never loses a paid
 * result or a job still being made. Browsers without it (some private modes) keep
 * working from memory.
 *
 * A delete is written down at once in localStorage (which writes before the call
 * returns), then carried out in IndexedDB: a page that closes before IndexedDB is done
 * leaves the note, and the next load finishes the delete instead of showing the
 * generation again.
 *
 * Every open tab of the app writes here, so a change to a job is made on the stored
 * record, inside one IndexedDB transaction (`changeStored`): transactions on the store
 * run one after another across tabs, so two tabs can never both act on the same version
 * of a job (docs/architecture.md, "Other tabs").
 */

let store: UseStore | undefined;
function jobsStore(): UseStore | undefined {
  if (typeof indexedDB === 'undefined') return undefined;
  store ??= createStore('modelslab-studio', 'jobs');
  return store;
}

const DELETED_KEY = 'modelslab-studio.deleted';

function pendingDeletes(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(DELETED_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((id) => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function writePendingDeletes(ids: string[]) {
  try {
    if (ids.length === 0) localStorage.removeItem(DELETED_KEY);
    else localStorage.setItem(DELETED_KEY, JSON.stringify(ids));
  } catch {
    // Without localStorage a delete is as durable as IndexedDB makes it.
  }
}

/** Notes the delete before it is done, so no reload can bring these generations back. */
export function noteDeletes(localIds: string[]) {
  writePendingDeletes([...new Set([...pendingDeletes(), ...localIds])]);
}

/** Drops the note of a delete (done, or undone). */
export function forgetDeletes(localIds: string[]) {
  const done = new Set(localIds);
  writePendingDeletes(pendingDeletes().filter((id) => !done.has(id)));
}

/** A stored value this version cannot read as a job, as it is, under its key. */
export type UnreadableRow = { key: IDBValidKey; value: unknown };

/**
 * Every stored job, and what is stored but cannot be read as one (written by another
 * version, or changed outside the app): kept aside, so the person can be told, export
 * it or remove it, rather than it staying unseen in storage forever.
 */
export async function loadStored(): Promise<{ jobs: JobRecord[]; unreadable: UnreadableRow[] }> {
  const db = jobsStore();
  if (!db) return { jobs: [], unreadable: [] };
  const deleted = pendingDeletes();
  if (deleted.length > 0) {
    await delMany(deleted, db);
    forgetDeletes(deleted);
  }
  const gone = new Set(deleted);
  const rows = await entries(db);
  const jobs: JobRecord[] = [];
  const unreadable: UnreadableRow[] = [];
  for (const [key, value] of rows) {
    if (gone.has(String(key))) continue;
    const parsed = jobRecordSchema.safeParse(value);
    if (parsed.success) jobs.push(parsed.data);
    else unreadable.push({ key, value });
  }
  return { jobs, unreadable };
}

export async function loadJobs(): Promise<JobRecord[]> {
  return (await loadStored()).jobs;
}

/** What `addJobs` did with each job: stored it, or found one stored under its id already. */
export type AddedJobs = { added: JobRecord[]; existing: number; stored: boolean };

/**
 * Stores the jobs whose ids are not stored yet, in one transaction; a stored one is left
 * as it is. Resolves once the transaction has completed (the jobs are on disk as far as
 * the browser promises), rejects when it was aborted (storage full, say): then none of
 * these were stored. Without IndexedDB nothing is stored and every job counts as added.
 */
export async function addJobs(jobs: JobRecord[]): Promise<AddedJobs> {
  const db = jobsStore();
  if (!db) return { added: jobs, existing: 0, stored: false };
  return db('readwrite', (store) => {
    const added: JobRecord[] = [];
    let existing = 0;
    for (const job of jobs) {
      const request = store.add(job, job.localId);
      request.onsuccess = () => {
        added.push(job);
      };
      request.onerror = (event) => {
        if (request.error?.name !== 'ConstraintError') return;
        // The key is taken: what is stored wins. Not an error for the transaction.
        event.preventDefault();
        event.stopPropagation();
        existing += 1;
      };
    }
    return new Promise<AddedJobs>((resolve, reject) => {
      store.transaction.oncomplete = () => resolve({ added, existing, stored: true });
      store.transaction.onabort = () =>
        reject(store.transaction.error ?? new DOMException('Not stored', 'AbortError'));
    });
  });
}

/** Deletes stored values by key as they are: for rows no job record can be read from. */
export async function deleteRows(keys: IDBValidKey[]): Promise<void> {
  const db = jobsStore();
  if (db) await delMany(keys, db);
}

/** What `changeStored` found: the stored record after the change, or why there is none. */
export type StoredChange =
  | { stored: JobRecord; changed: boolean }
  | { stored: undefined; reason: 'gone' | 'no-storage' };

/**
 * Reads the job as stored, lets `change` decide its next version (the same record for
 * "no change"), and stores that, all in one transaction. With `withOthers`, `change`
 * also sees every other stored job (to count what is in flight across tabs).
 */
export async function changeStored(
  localId: string,
  change: (current: JobRecord, others: JobRecord[]) => JobRecord,
  { withOthers = false } = {},
): Promise<StoredChange> {
  const db = jobsStore();
  if (!db) return { stored: undefined, reason: 'no-storage' };
  return db('readwrite', (store) => {
    const read: IDBRequest = withOthers ? store.getAll() : store.get(localId);
    let outcome: StoredChange = { stored: undefined, reason: 'gone' };
    read.onsuccess = () => {
      const rows: unknown[] = withOthers ? (read.result as unknown[]) : [read.result];
      let current: JobRecord | undefined;
      const others: JobRecord[] = [];
      for (const row of rows) {
        const parsed = jobRecordSchema.safeParse(row);
        if (!parsed.success) continue;
        if (parsed.data.localId === localId) current = parsed.data;
        else others.push(parsed.data);
      }
      if (!current) return;
      const next = change(current, others);
      outcome = { stored: next, changed: next !== current };
      if (next !== current) store.put(next, localId);
    };
    return new Promise<StoredChange>((resolve, reject) => {
      store.transaction.oncomplete = () => resolve(outcome);
      store.transaction.onabort = store.transaction.onerror = () => reject(store.transaction.error);
    });
  });
}

/** The job as stored now (undefined when it is not), or 'no-storage'. */
export async function readJob(localId: string): Promise<JobRecord | undefined | 'no-storage'> {
  const outcome = await changeStored(localId, (current) => current);
  return outcome.stored ?? (outcome.reason === 'no-storage' ? 'no-storage' : undefined);
}

export async function saveJob(job: JobRecord): Promise<void> {
  const db = jobsStore();
  if (db) await set(job.localId, job, db);
}

/** Call `noteDeletes` first. */
export async function deleteJobs(localIds: string[]): Promise<void> {
  const db = jobsStore();
  if (db) await delMany(localIds, db);
  forgetDeletes(localIds);
}

export async function deleteAllJobs(): Promise<void> {
  const db = jobsStore();
  if (db) await clear(db);
  writePendingDeletes([]);
}

export function isQuotaError(error: unknown): boolean {
  return (
    error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22)
  );
}
