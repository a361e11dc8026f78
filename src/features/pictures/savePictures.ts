import { holdsKey } from '../../api/parseAnswer';
import { deleteSaved, isSaved, listSaved, putSaved } from './pictureStore';

/**
 * Saving finished pictures as bytes (docs/architecture.md, "Saved pictures"). Loaded on
 * demand, with the first result of a visit.
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
 * (CORS), it is a picture, and it is under `SAVE_LIMIT_BYTES`. A link that holds the key
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
    await putSaved(link, bytes, type);
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
 */
export async function keepOnly(inUse: Set<string>): Promise<number> {
  const unused = [...(await listSaved()).keys()].filter((link) => !inUse.has(link));
  if (unused.length > 0) await deleteSaved(unused);
  return unused.length;
}
