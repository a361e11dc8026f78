import {
  BYTES,
  database,
  NOTES,
  type PictureNote,
  SAVED_FLAG,
  type StoredBytes,
} from './pictureStore';

/**
 * Writing, listing and deleting saved pictures (pictureStore.ts reads them): used when
 * saving, freeing space, importing and deleting, so loaded on demand.
 */

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

/** Whether a copy of `link` is saved (reads its note only). */
export async function isSaved(link: string): Promise<boolean> {
  return inTransaction('readonly', (_bytes, notes) => {
    const request = notes.count(link);
    return () => request.result > 0;
  });
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
  try {
    localStorage.setItem(SAVED_FLAG, '1');
  } catch {
    // Without localStorage every picture asks storage (see `mayHaveCopies`).
  }
  await inTransaction('readwrite', (store, notes) => {
    store.put({ bytes, type } satisfies StoredBytes, link);
    notes.put({ type, size: bytes.byteLength, savedAt } satisfies PictureNote, link);
    return () => undefined;
  });
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
