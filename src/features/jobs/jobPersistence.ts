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

function forgetDeletes(localIds: string[]) {
  const done = new Set(localIds);
  writePendingDeletes(pendingDeletes().filter((id) => !done.has(id)));
}

export async function loadJobs(): Promise<JobRecord[]> {
  const db = jobsStore();
  if (!db) return [];
  const deleted = pendingDeletes();
  if (deleted.length > 0) {
    await delMany(deleted, db);
    forgetDeletes(deleted);
  }
  const gone = new Set(deleted);
  const rows = await entries(db);
  const jobs: JobRecord[] = [];
  for (const [key, value] of rows) {
    if (gone.has(String(key))) continue;
    const parsed = jobRecordSchema.safeParse(value);
    if (parsed.success) jobs.push(parsed.data);
  }
  return jobs;
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
