import { holdsKey } from '../../api/parseAnswer';
import { pictureType } from '../../lib/pictureType';
import { readSaved } from './pictureStore';
import { deleteAllSaved, deleteSaved, isSaved, listSaved, putSaved } from './savedShelf';

/**
 * Saving finished pictures as bytes, and what else changes the saved pictures (deletes,
 * imports) (docs/architecture.md, "Saved pictures"). Loaded on demand.
 */

/** A picture bigger than this is not saved (the service's are a few MB at most). */
export const SAVE_LIMIT_BYTES = 30 * 1024 * 1024;
/** A host that has not sent the whole picture by then is not waited for. */
const SAVE_TIMEOUT_MS = 60_000;
/** Set once the browser was asked to keep this site's storage for good. */
const ASKED_KEY = 'modelslab-studio.persist-asked';

/**
 * How saving one picture ended: saved; saved before; not tried (inline, or its link holds
 * the key); or not saved: the host refused or failed (CORS included), the answer is not a
 * picture, or it is too big.
 */
export type SaveOutcome = 'saved' | 'already' | 'skipped' | 'failed' | 'not-image' | 'too-big';

/** The answer's body, or undefined as soon as it passes `limit` bytes. */
async function readUpTo(response: Response, limit: number): Promise<ArrayBuffer | undefined> {
  if (!response.body) {
    const whole = await response.arrayBuffer();
    return whole.byteLength > limit ? undefined : whole;
  }
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return undefined;
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return bytes.buffer;
}

/**
 * Fetches the picture at `link` and keeps its bytes, if the host lets this page read it
 * (CORS), it is a picture (by its Content-Type, then by its first bytes, which give the
 * type kept), and it is under `SAVE_LIMIT_BYTES`. A link that holds the key
 * is never fetched. Never throws: a picture not saved is still shown from its link.
 */
export async function savePicture(
  link: string,
  apiKey: string,
  fetcher: typeof fetch = fetch,
): Promise<SaveOutcome> {
  if (!/^https?:\/\//i.test(link) || holdsKey(link, apiKey)) return 'skipped';
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), SAVE_TIMEOUT_MS);
  try {
    if (await isSaved(link)) return 'already';
    const response = await fetcher(link, {
      mode: 'cors',
      credentials: 'omit',
      signal: timeout.signal,
    });
    if (!response.ok) return 'failed';
    const type = (response.headers.get('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (!type?.startsWith('image/')) return 'not-image';
    if (Number(response.headers.get('Content-Length')) > SAVE_LIMIT_BYTES) return 'too-big';
    const bytes = await readUpTo(response, SAVE_LIMIT_BYTES);
    if (!bytes) return 'too-big';
    // A copy is shown instead of the link for good: a page or an error message that the
    // host labelled as a picture would hide a link that works.
    const kind = pictureType(new Uint8Array(bytes));
    if (!kind) return 'not-image';
    await putSaved(link, bytes, kind);
    return 'saved';
  } catch {
    // Refused (no CORS), offline, timed out, or storage full: no copy, and nothing to say.
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Asks the browser, once, to keep this site's storage for good (otherwise it may clear it
 * when the disk fills up). Some browsers ask the person; others decide by themselves.
 */
export async function askToKeepStorage(): Promise<boolean | undefined> {
  if (typeof navigator === 'undefined' || typeof navigator.storage?.persist !== 'function') {
    return undefined;
  }
  try {
    if (localStorage.getItem(ASKED_KEY)) return undefined;
    localStorage.setItem(ASKED_KEY, String(Date.now()));
  } catch {
    // Without localStorage it may be asked once a visit.
  }
  return navigator.storage.persist().catch(() => undefined);
}

/** Saves each picture, one after another (see `savePicture`); then asks to keep them. */
export async function savePictures(
  links: string[],
  apiKey: string,
  fetcher: typeof fetch = fetch,
): Promise<SaveOutcome[]> {
  const outcomes: SaveOutcome[] = [];
  for (const link of new Set(links)) outcomes.push(await savePicture(link, apiKey, fetcher));
  if (outcomes.includes('saved')) await askToKeepStorage();
  return outcomes;
}

/**
 * Deletes the saved copies no generation refers to any more (deleted while the page
 * closed in Undo's window, say). `inUse` must hold every stored generation's links.
 * Copies saved from `savedBefore` on are left: an import (here or in another tab) saves
 * its pictures before it stores their generations.
 */
export async function keepOnly(inUse: Set<string>, savedBefore = Date.now()): Promise<number> {
  const unused = [...(await listSaved())]
    .filter(([link, note]) => !inUse.has(link) && note.savedAt < savedBefore)
    .map(([link]) => link);
  if (unused.length > 0) await deleteSaved(unused);
  return unused.length;
}

/** Deletes the saved copies of these pictures. */
export const forget = (links: string[]) => deleteSaved(links);

/** Deletes every saved picture ("Clear all"). */
export const forgetAll = () => deleteAllSaved();

/**
 * Keeps the pictures of an imported zip under their links, except where a copy is kept
 * already (the same link is the same picture: a zip does not get to swap it); resolves to
 * how many were kept.
 */
export async function restore(
  pictures: Array<{ link: string; bytes: ArrayBuffer; type: string }>,
): Promise<number> {
  let restored = 0;
  for (const picture of pictures) {
    try {
      if (await isSaved(picture.link)) continue;
      await putSaved(picture.link, picture.bytes, picture.type);
      restored += 1;
    } catch {
      // Storage full, say: the rest would fail too.
      break;
    }
  }
  if (restored > 0) await askToKeepStorage();
  return restored;
}

/** The saved copy of `link` as a `data:` URL (to send it on), or undefined without one. */
export async function savedAsDataUrl(link: string): Promise<string | undefined> {
  const saved = await readSaved(link);
  if (!saved) return undefined;
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(saved);
  });
}

/** What the saving needs to know of a generation. */
export type Generation = { localId: string; state: string; finishedAt?: number; images: string[] };

/** What the saving watches: the generations, as the jobs feature's store has them. */
export type Generations<Job extends Generation> = {
  list: () => readonly Job[];
  subscribe: (listener: () => void) => () => void;
  snapshot: () => {
    jobs: readonly Job[];
    loaded: boolean;
    storageProblem?: string;
    unreadable: readonly unknown[];
  };
};

/**
 * A generation that finished this long ago, first seen done by this page (a reload just
 * after, another tab's result arriving as this one loads), still has its pictures saved.
 * Older ones are not fetched again on every visit (an import brings hundreds).
 */
const RECENT_MS = 10 * 60 * 1000;
/** Leftover saved pictures are looked for once a visit, once the page has settled. */
const TIDY_AFTER_MS = 5000;
/**
 * Copies saved this recently are never tidied: an import in another tab saves its
 * pictures first and stores their generations after, which for a big zip takes a while.
 */
const TIDY_SPARES_MS = 60 * 60 * 1000;

/**
 * Saves the pictures of each generation that finishes while this page is open, whichever
 * tab received them: it watches the generations, not the runner, so a result that reaches
 * this tab from another is saved here too (two tabs saving one picture is harmless).
 * Once a visit, deletes the copies no generation refers to (a generation deleted while
 * its Undo showed and the page closed). Returns the stop.
 */
export function startSaving<Job extends Generation>(
  generations: Generations<Job>,
  /** The pictures shown of a generation (an imported record may list more). */
  shown: (job: Job) => string[],
  apiKey: () => string,
): () => void {
  /** Whether each generation was done when last seen. */
  const wasDone = new Map<string, boolean>();
  let seen: unknown;
  const check = () => {
    const jobs = generations.list();
    if (jobs === seen) return;
    seen = jobs;
    const links: string[] = [];
    const now = Date.now();
    for (const job of jobs) {
      const done = job.state === 'done';
      const before = wasDone.get(job.localId);
      wasDone.set(job.localId, done);
      if (!done || before === true) continue;
      if (before === false || now - (job.finishedAt ?? 0) < RECENT_MS) {
        links.push(...shown(job));
      }
    }
    // A generation that left (deleted) is new again if it comes back (Undo): its copy
    // may have been deleted with it, and is saved again while it is recent.
    const present = new Set(jobs.map((job) => job.localId));
    for (const localId of wasDone.keys()) if (!present.has(localId)) wasDone.delete(localId);
    if (links.length === 0) return;
    void savePictures(links, apiKey()).then(() => {
      // A picture can take up to a minute to come: its generation may have been deleted
      // meanwhile ("Clear all", or another tab's delete), and its copy with it.
      const still = new Set(generations.list().flatMap(shown));
      const gone = links.filter((link) => !still.has(link));
      if (gone.length > 0) return forget(gone);
    });
  };
  check();
  const stopWatching = generations.subscribe(check);
  const startedAt = Date.now();
  const tidy = setTimeout(() => {
    const { jobs, loaded, storageProblem, unreadable } = generations.snapshot();
    // What could not be read may link to saved pictures too: nothing is tidied then.
    if (!loaded || storageProblem || unreadable.length > 0) return;
    keepOnly(new Set(jobs.flatMap((job) => job.images)), startedAt - TIDY_SPARES_MS).catch(
      () => undefined,
    );
  }, TIDY_AFTER_MS);
  return () => {
    stopWatching();
    clearTimeout(tidy);
  };
}

/**
 * How long a picture's link is trusted to work: sent on as it is ("Use as starting
 * picture", "Enlarge") until then, its saved copy after (links may expire after a day).
 */
const LINK_TRUSTED_MS = 12 * 60 * 60 * 1000;

/** The picture made at `madeAt` to send on: its link while fresh, else its copy if any. */
export async function toSend(url: string, madeAt: number): Promise<string> {
  if (!/^https?:/i.test(url) || Date.now() - madeAt < LINK_TRUSTED_MS) return url;
  return (await savedAsDataUrl(url)) ?? url;
}
