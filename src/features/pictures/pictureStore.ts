/**
 * The saved copies of pictures, in IndexedDB, in a database of their own
 * (docs/architecture.md, "Saved pictures"): picture links may stop working after a day,
 * the bytes kept here do not. Cache Storage would fit too, but plain-http hosts lack it.
 *
 * Two stores, keyed by the picture's link: `bytes` holds the picture itself, `notes` its
 * type, size and when it was saved, so counting and choosing what to free never reads the
 * pictures themselves.
 */

const DATABASE = 'modelslab-studio-pictures';
const BYTES = 'bytes';
const NOTES = 'notes';

/** What is known of a saved picture without reading it. */
export type PictureNote = { type: string; size: number; savedAt: number };
type StoredBytes = { bytes: ArrayBuffer; type: string };

let opening: Promise<IDBDatabase> | undefined;

function database(): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('No IndexedDB'));
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(BYTES);
      request.result.createObjectStore(NOTES);
    };
    request.onsuccess = () => {
      const db = request.result;
      // A newer version of the app in another tab wants to upgrade: let it.
      db.onversionchange = () => {
        db.close();
        opening = undefined;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('Blocked'));
  });
  opening.catch(() => {
    opening = undefined;
  });
  return opening;
}

/** Runs `work` in one transaction over both stores; resolves with its result once done. */
async function inTransaction<T>(
  mode: IDBTransactionMode,
  work: (bytes: IDBObjectStore, notes: IDBObjectStore) => () => T,
): Promise<T> {
  const db = await database();
  const transaction = db.transaction([BYTES, NOTES], mode);
  const result = work(transaction.objectStore(BYTES), transaction.objectStore(NOTES));
  return new Promise<T>((resolve, reject) => {
    transaction.oncomplete = () => resolve(result());
    transaction.onabort = transaction.onerror = () =>
      reject(transaction.error ?? new DOMException('Not stored', 'AbortError'));
  });
}

/** The saved copy of the picture at `link`, or undefined when there is none. */
export async function readSaved(link: string): Promise<Blob | undefined> {
  const row = await inTransaction('readonly', (bytes) => {
    const request = bytes.get(link);
    return () => request.result as StoredBytes | undefined;
  });
  return row ? new Blob([row.bytes], { type: row.type }) : undefined;
}

/** Whether a copy of `link` is saved (reads its note only). */
export async function isSaved(link: string): Promise<boolean> {
  return inTransaction('readonly', (_bytes, notes) => {
    const request = notes.count(link);
    return () => request.result > 0;
  });
}

const listeners = new Set<(link: string) => void>();

/** Tells `listener` of each picture saved from now on in this page. */
export function onSaved(listener: (link: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Keeps `bytes` as the copy of `link` (replacing one saved before: the same link is the
 * same picture, so two tabs saving it at once is harmless).
 */
export async function putSaved(
  link: string,
  bytes: ArrayBuffer,
  type: string,
  savedAt = Date.now(),
): Promise<void> {
  await inTransaction('readwrite', (store, notes) => {
    store.put({ bytes, type } satisfies StoredBytes, link);
    notes.put({ type, size: bytes.byteLength, savedAt } satisfies PictureNote, link);
    return () => undefined;
  });
  for (const listener of listeners) listener(link);
}

/** Every saved picture's note, by link (the pictures themselves are not read). */
export async function listSaved(): Promise<Map<string, PictureNote>> {
  return inTransaction('readonly', (_bytes, notes) => {
    const found = new Map<string, PictureNote>();
    const cursor = notes.openCursor();
    cursor.onsuccess = () => {
      const at = cursor.result;
      if (!at) return;
      found.set(String(at.key), at.value as PictureNote);
      at.continue();
    };
    return () => found;
  });
}

/** Deletes the saved copies of `links` (their generations stay). */
export async function deleteSaved(links: Iterable<string>): Promise<void> {
  await inTransaction('readwrite', (bytes, notes) => {
    for (const link of links) {
      bytes.delete(link);
      notes.delete(link);
    }
    return () => undefined;
  });
}

/** Deletes every saved picture. */
export async function deleteAllSaved(): Promise<void> {
  await inTransaction('readwrite', (bytes, notes) => {
    bytes.clear();
    notes.clear();
    return () => undefined;
  });
}
