import { z } from 'zod/mini';
import { isSafeImageUrl } from '../../api/responseSchemas';
import { type JobRecord, shownPictures } from '../jobs';

/**
 * The newest tiles as the page last showed them, kept in localStorage (read at once, unlike
 * IndexedDB): the next visit paints them while the whole history is read, so a long
 * history shows its first pictures as soon as an empty one shows its first words. Only
 * what a tile looks like is kept (prompt, size, picture addresses: never the key), and
 * only until the history is read; it is rewritten whenever the first page changes.
 */

const KEY = 'modelslab-studio.first-page';
/** Pictures drawn in the browser (the sandbox's data: URLs) are too big to keep here. */
const isLinked = (url: string) => /^https?:\/\//i.test(url) && url.length <= 2048;

const tileSchema = z.object({
  localId: z.string(),
  prompt: z.string(),
  width: z.number().check(z.positive()),
  height: z.number().check(z.positive()),
  samples: z.number(),
  images: z.array(z.string().check(z.refine((url) => isLinked(url) && isSafeImageUrl(url)))),
});
export type FirstPageTile = z.infer<typeof tileSchema>;

export function readFirstPage(size: number): FirstPageTile[] {
  try {
    const parsed = z.array(tileSchema).safeParse(JSON.parse(localStorage.getItem(KEY) ?? '[]'));
    return parsed.success ? parsed.data.slice(0, size) : [];
  } catch {
    return [];
  }
}

export function saveFirstPage(jobs: JobRecord[], size: number) {
  const tiles: FirstPageTile[] = jobs.slice(0, size).map((job) => ({
    localId: job.localId,
    prompt: job.params.prompt,
    width: job.params.width,
    height: job.params.height,
    samples: job.params.samples,
    images: job.state === 'done' ? shownPictures(job).filter(isLinked) : [],
  }));
  const text = JSON.stringify(tiles);
  try {
    if (tiles.length === 0) localStorage.removeItem(KEY);
    else if (localStorage.getItem(KEY) !== text) localStorage.setItem(KEY, text);
  } catch {
    // Full or blocked: the next visit just waits for the history.
  }
}
