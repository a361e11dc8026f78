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
export const BYTES = 'bytes';
export const NOTES = 'notes';

/** What is known of a saved picture without reading it. */
export type PictureNote = { type: string; size: number; savedAt: number };
export type StoredBytes = { bytes: ArrayBuffer; type: string };

/**
 * Set once this browser keeps a picture: until then no picture needs to ask storage, so a
 * browser without copies shows its history as fast as before (no database to open).
 */
export const SAVED_FLAG = 'modelslab-studio.pictures-saved';

export function mayHaveCopies(): boolean {
  try {
    return localStorage.getItem(SAVED_FLAG) !== null;
  } catch {
    return true;
  }
}

let opening: Promise<IDBDatabase> | undefined;

export function database(): Promise<IDBDatabase> {
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
      // The browser closed it (the person cleared the site's data, say): open it anew.
      db.onclose = () => {
        opening = undefined;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error);
  });
  opening.catch(() => {
    opening = undefined;
  });
  return opening;
}

type Waiting = { link: string; done: (row?: StoredBytes) => void; failed: (e: unknown) => void };
/** Reads asked for together (a page of tiles): one transaction reads them all. */
const waiting: Waiting[] = [];

function readRow(link: string): Promise<StoredBytes | undefined> {
  return new Promise((done, failed) => {
    waiting.push({ link, done, failed });
    if (waiting.length > 1) return;
    database().then(
      (db) => {
        const reads = waiting.splice(0);
        let transaction: IDBTransaction;
        let requests: IDBRequest<StoredBytes | undefined>[];
        try {
          transaction = db.transaction(BYTES);
          const store = transaction.objectStore(BYTES);
          requests = reads.map((read) => store.get(read.link));
        } catch (error) {
          // A connection closed under the page: these show their links.
          for (const read of reads) read.failed(error);
          return;
        }
        // All at once, so the pictures of a page appear together (one render).
        transaction.oncomplete = () => {
          reads.forEach((read, i) => {
            read.done(requests[i]?.result);
          });
        };
        transaction.onabort = () => {
          for (const read of reads) read.failed(transaction.error);
        };
      },
      (error: unknown) => {
        for (const read of waiting.splice(0)) read.failed(error);
      },
    );
  });
}

/** The saved copy of the picture at `link`, or undefined when there is none. */
export async function readSaved(link: string): Promise<Blob | undefined> {
  const row = await readRow(link);
  return row ? new Blob([row.bytes], { type: row.type }) : undefined;
}

// A browser with copies opens their database at once, while the page starts.
if (mayHaveCopies()) database().catch(() => undefined);
