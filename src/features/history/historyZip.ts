import { strFromU8, strToU8, unzipSync, type Zippable, zipSync } from 'fflate';
import { z } from 'zod/mini';
import { holdsKey } from '../../api/parseAnswer';
import type { JobRecord } from '../jobs';
import {
  type Export,
  HISTORY_FILE_APP,
  historyFileContents,
  type ImportResult,
  NOT_A_HISTORY_FILE,
  type RecordReader,
  readHistoryFile,
  savedWords,
} from './historyFile';

/**
 * "History and pictures (.zip)": the history file as "History only" writes it
 * (`history.json`), the saved pictures (`pictures/<n>.<ext>`) and which link each one is
 * (`pictures.json`), so an import shows them even where their links have expired
 * (docs/architecture.md, "Saved pictures"). Loaded on demand, with fflate.
 *
 * A zip comes from outside: what its directory declares is checked before anything is
 * inflated (fflate's `filter`), inflating never goes past the declared size, and only
 * pictures that an imported record links to are taken, each checked to be a picture.
 */

export const HISTORY_ENTRY = 'history.json';
export const PICTURES_ENTRY = 'pictures.json';

const MEGABYTE = 1024 * 1024;
/** The most one zip import takes (a picture's cap is the one for saving a picture). */
export const ZIP_LIMITS = {
  fileMegabytes: 1024,
  historyMegabytes: 25,
  mapMegabytes: 5,
  pictureMegabytes: 30,
  picturesMegabytes: 1024,
  pictures: 20_000,
} as const;

/** How picture entries are named: nothing else (no folders, no `..`) is read. */
const PICTURE_NAME = /^pictures\/\d{1,6}\.(?:png|jpg|webp|gif|svg|avif)$/;

const extensions: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/svg+xml': 'svg',
  'image/avif': 'avif',
};

const mapSchema = z.object({
  app: z.literal(HISTORY_FILE_APP),
  version: z.literal(1),
  pictures: z.record(z.string(), z.string()),
});

const isWebLink = (link: string) => /^https?:\/\//i.test(link);

export function historyZipName(now = new Date()): string {
  return `modelslab-studio-history-${now.toISOString().slice(0, 10)}.zip`;
}

/**
 * The zip of `jobs` and the saved copies of their pictures (`readCopy`); a link that
 * holds the key is left out, as is a picture without a copy (it keeps its link).
 */
export async function historyZipContents(
  jobs: JobRecord[],
  apiKey: string,
  readCopy: (link: string) => Promise<Blob | undefined>,
  now = new Date(),
): Promise<{ zip: Uint8Array; pictures: number }> {
  const files: Zippable = { [HISTORY_ENTRY]: strToU8(historyFileContents(jobs, apiKey, now)) };
  const map: Record<string, string> = {};
  let count = 0;
  for (const link of new Set(jobs.flatMap((job) => job.images))) {
    if (!isWebLink(link) || holdsKey(link, apiKey)) continue;
    const copy = await readCopy(link).catch(() => undefined);
    const extension = copy && extensions[copy.type];
    if (!copy || !extension) continue;
    count += 1;
    const name = `pictures/${count}.${extension}`;
    // Pictures are compressed already: stored as they are.
    files[name] = [new Uint8Array(await copy.arrayBuffer()), { level: 0 }];
    map[link] = name;
  }
  files[PICTURES_ENTRY] = strToU8(
    JSON.stringify({ app: HISTORY_FILE_APP, version: 1, pictures: map }, null, 2),
  );
  return { zip: zipSync(files, { level: 6 }), pictures: count };
}

/** "History and pictures (.zip)". */
export async function exportHistoryZip(
  jobs: JobRecord[],
  apiKey: string,
  readCopy: (link: string) => Promise<Blob | undefined>,
): Promise<Export> {
  const { zip, pictures } = await historyZipContents(jobs, apiKey, readCopy);
  const links = new Set(jobs.flatMap((job) => job.images));
  // The sandbox's pictures are in the history itself (data: links): inside the file too.
  const inside = pictures + [...links].filter((link) => !isWebLink(link)).length;
  const onlyLinked = links.size - inside;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const name = historyZipName();
  return {
    blob: new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
    name,
    said: `${savedWords(name, jobs.length, inside)}${
      onlyLinked
        ? ` ${count(onlyLinked, 'picture')} had no saved copy: only ${onlyLinked === 1 ? 'its link is' : 'their links are'} in it.`
        : ''
    }`,
  };
}

const startsWith = (bytes: Uint8Array, at: number, ...values: number[]) =>
  values.every((value, i) => bytes[at + i] === value);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The picture type of `bytes` by their first bytes, or undefined if they are not one. */
export function pictureType(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, 0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (startsWith(bytes, 0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (startsWith(bytes, 0, ...ascii('GIF8'))) return 'image/gif';
  if (startsWith(bytes, 0, ...ascii('RIFF')) && startsWith(bytes, 8, ...ascii('WEBP'))) {
    return 'image/webp';
  }
  if (startsWith(bytes, 4, ...ascii('ftypavif'))) return 'image/avif';
  // SVG is text: an <svg> root, perhaps after an XML declaration. Shown only as an
  // image (an <img> runs no script in it).
  const head = strFromU8(bytes.subarray(0, 512))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^(?:<\?xml[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'image/svg+xml';
  return undefined;
}

/** A picture from the zip, to be saved under its link. */
export type ZipPicture = { link: string; bytes: ArrayBuffer; type: string };

export type ZipImport = ImportResult & { pictures: ZipPicture[] };

export const NOT_A_HISTORY_ZIP =
  'This zip file is not a history saved by ModelsLab Studio ("History and pictures (.zip)" saves one).';

class TooManyEntries extends Error {}

/** Inflates the entries `take` accepts (by what the directory declares); throws on a bad zip. */
function entries(
  data: Uint8Array,
  take: (name: string, size: number) => boolean,
): Record<string, Uint8Array> {
  let seen = 0;
  return unzipSync(data, {
    filter: (entry) => {
      seen += 1;
      if (seen > ZIP_LIMITS.pictures + 2) throw new TooManyEntries();
      return take(entry.name, entry.originalSize);
    },
  });
}

/**
 * Reads a zip from "History and pictures": its records as a history file is read, and
 * the pictures an imported record links to. Refuses a zip beyond `ZIP_LIMITS` or without
 * the app's history; leaves out entries that are not such pictures.
 */
export async function readHistoryZip(
  file: Blob,
  read: RecordReader,
  apiKey = '',
): Promise<ZipImport | { error: string }> {
  if (file.size > ZIP_LIMITS.fileMegabytes * MEGABYTE) {
    return {
      error: `This file is too big to import (${(file.size / MEGABYTE).toFixed(1)} MB). The app imports a zip of up to ${ZIP_LIMITS.fileMegabytes} MB.`,
    };
  }
  const data = new Uint8Array(await file.arrayBuffer());
  let outline: Record<string, Uint8Array>;
  try {
    outline = entries(
      data,
      (name, size) =>
        (name === HISTORY_ENTRY && size <= ZIP_LIMITS.historyMegabytes * MEGABYTE) ||
        (name === PICTURES_ENTRY && size <= ZIP_LIMITS.mapMegabytes * MEGABYTE),
    );
  } catch (error) {
    return {
      error:
        error instanceof TooManyEntries
          ? `This zip file holds too many files: the app imports up to ${ZIP_LIMITS.pictures} pictures at a time.`
          : NOT_A_HISTORY_ZIP,
    };
  }
  const history = outline[HISTORY_ENTRY];
  if (!history) return { error: NOT_A_HISTORY_ZIP };
  const records = await readHistoryFile(new Blob([history as Uint8Array<ArrayBuffer>]), read);
  if ('error' in records) {
    return { error: records.error === NOT_A_HISTORY_FILE ? NOT_A_HISTORY_ZIP : records.error };
  }

  // Which entry is which link: only links an imported record shows, never one holding the key.
  const linked = new Set(records.jobs.flatMap((job) => job.images).filter(isWebLink));
  let map: Record<string, string> = {};
  try {
    const parsed = mapSchema.safeParse(
      JSON.parse(strFromU8(outline[PICTURES_ENTRY] ?? new Uint8Array())),
    );
    if (parsed.success) map = parsed.data.pictures;
  } catch {
    // No map, or not one: the records come in without pictures.
  }
  const linksOf = new Map<string, string[]>();
  for (const [link, name] of Object.entries(map)) {
    if (!linked.has(link) || !PICTURE_NAME.test(name) || holdsKey(link, apiKey)) continue;
    linksOf.set(name, [...(linksOf.get(name) ?? []), link]);
  }
  if (linksOf.size === 0) return { ...records, pictures: [] };

  let total = 0;
  let inflated: Record<string, Uint8Array>;
  try {
    inflated = entries(data, (name, size) => {
      if (!linksOf.has(name) || size > ZIP_LIMITS.pictureMegabytes * MEGABYTE) return false;
      if (total + size > ZIP_LIMITS.picturesMegabytes * MEGABYTE) return false;
      total += size;
      return true;
    });
  } catch {
    // The records were fine: they come in, without pictures.
    return { ...records, pictures: [] };
  }
  const pictures: ZipPicture[] = [];
  for (const [name, bytes] of Object.entries(inflated)) {
    const type = pictureType(bytes);
    if (!type) continue;
    const copy = bytes.slice().buffer;
    for (const link of linksOf.get(name) ?? []) pictures.push({ link, bytes: copy, type });
  }
  return { ...records, pictures };
}
