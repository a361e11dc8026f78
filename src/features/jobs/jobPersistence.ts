import { clear, createStore, del, entries, set, type UseStore } from 'idb-keyval';
import { type JobRecord, jobRecordSchema } from './jobRecord';

/**
 * Jobs live in IndexedDB, so a reload, a closed tab or a crash never loses a paid
 * result or a job still being made. Browsers without it (some private modes) keep
 * working from memory.
 */

let store: UseStore | undefined;
function jobsStore(): UseStore | undefined {
  if (typeof indexedDB === 'undefined') return undefined;
  store ??= createStore('modelslab-studio', 'jobs');
  return store;
}

export async function loadJobs(): Promise<JobRecord[]> {
  const db = jobsStore();
  if (!db) return [];
  const rows = await entries(db);
  const jobs: JobRecord[] = [];
  for (const [, value] of rows) {
    const parsed = jobRecordSchema.safeParse(value);
    if (parsed.success) jobs.push(parsed.data);
  }
  return jobs;
}

export async function saveJob(job: JobRecord): Promise<void> {
  const db = jobsStore();
  if (db) await set(job.localId, job, db);
}

export async function deleteJob(localId: string): Promise<void> {
  const db = jobsStore();
  if (db) await del(localId, db);
}

export async function deleteAllJobs(): Promise<void> {
  const db = jobsStore();
  if (db) await clear(db);
}

export function isQuotaError(error: unknown): boolean {
  return (
    error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22)
  );
}
