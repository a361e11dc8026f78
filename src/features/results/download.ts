import { saveBlob, saveFile } from '../../ui/saveFile';

/** A picture host that has not sent the whole file by then is not waited for any longer. */
export const DOWNLOAD_TIMEOUT_MS = 30_000;

/** How a download ended: saved, opened in a new tab (the host forbids reading it), or given up. */
export type DownloadOutcome = 'saved' | 'opened' | 'timed-out';

/** The saved copy of the picture at a link, when there is one (features/pictures). */
export type SavedCopy = (url: string) => Promise<Blob | undefined>;

/**
 * Saves an image under a file name: its saved copy when there is one (the link may have
 * expired), else from its link; opens it in a new tab when the host forbids reading it.
 */
export async function downloadImage(
  url: string,
  fileName: string,
  timeoutMs = DOWNLOAD_TIMEOUT_MS,
  savedCopy?: SavedCopy,
): Promise<DownloadOutcome> {
  const saved = await savedCopy?.(url).catch(() => undefined);
  if (saved) {
    saveBlob(saved, fileName);
    return 'saved';
  }
  if (url.startsWith('data:')) {
    saveFile(url, fileName);
    return 'saved';
  }
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  try {
    const response = await fetch(url, { mode: 'cors', signal: timeout.signal });
    if (!response.ok) throw new Error(String(response.status));
    saveBlob(await response.blob(), fileName);
    return 'saved';
  } catch {
    // A host that hangs would hang in a new tab too.
    if (timeout.signal.aborted) return 'timed-out';
    // Cross-origin hosts without CORS: the browser can still show it.
    window.open(url, '_blank', 'noopener,noreferrer');
    return 'opened';
  } finally {
    clearTimeout(timer);
  }
}

export function imageFileName(
  prompt: string,
  seed: string | undefined,
  index: number,
  url: string,
): string {
  const slug =
    prompt
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'image';
  const ext =
    /^data:image\/(png|jpe?g|webp|gif)/i.exec(url)?.[1] ??
    /\.(png|jpe?g|webp|gif)(\?|$)/i.exec(url)?.[1] ??
    'png';
  return `${slug}${seed ? `-${seed}` : ''}-${index + 1}.${ext.replace('jpeg', 'jpg')}`;
}

/** Saves several pictures, one after another (browsers may ask once to allow it). */
export async function downloadAll(
  files: Array<{ url: string; fileName: string }>,
  savedCopy?: SavedCopy,
): Promise<DownloadOutcome[]> {
  const outcomes: DownloadOutcome[] = [];
  for (const { url, fileName } of files) {
    outcomes.push(await downloadImage(url, fileName, DOWNLOAD_TIMEOUT_MS, savedCopy));
  }
  return outcomes;
}
