import { strFromU8, strToU8, type Zippable, zipSync } from 'fflate';
import { z } from 'zod/mini';
import { holdsKey } from '../../api/parseAnswer';
import { pictureType } from '../../lib/pictureType';
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
import { TooManyEntries, type ZipEntry, zipEntries } from './zipEntries';

/**
 * "History and pictures (.zip)": the history file as "History only" writes it
 * (`history.json`), the saved pictures (`pictures/<n>.<ext>`) and which link each one is
 * (`pictures.json`), so an import shows them even where their links have expired
 * (docs/architecture.md, "Saved pictures"). Loaded on demand, with fflate.
 *
 * A zip comes from outside: what its directory declares is checked before anything is
 * inflated (zipEntries.ts), inflating stops at the declared size, and only
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

/** Entries named as pictures that are not one, before the rest are left untried. */
const NOT_PICTURES_TRIED = 10;

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

/** A picture from the zip, to be saved under its link. */
export type ZipPicture = { link: string; bytes: ArrayBuffer; type: string };

export type ZipImport = ImportResult & { pictures: ZipPicture[] };

export const NOT_A_HISTORY_ZIP =
  'This zip file is not a history saved by ModelsLab Studio ("History and pictures (.zip)" saves one).';

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
  let entries: ZipEntry[];
  try {
    entries = zipEntries(new Uint8Array(await file.arrayBuffer()), ZIP_LIMITS.pictures + 2);
  } catch (error) {
    return {
      error:
        error instanceof TooManyEntries
          ? `This zip file holds too many files: the app imports up to ${ZIP_LIMITS.pictures} pictures at a time.`
          : NOT_A_HISTORY_ZIP,
    };
  }
  // A name given twice is the last one, as unzip tools take it.
  const named = new Map(entries.map((entry) => [entry.name, entry]));
  const readUpTo = (name: string, megabytes: number) => {
    const entry = named.get(name);
    return entry && entry.size <= megabytes * MEGABYTE ? entry.read() : undefined;
  };
  const history = readUpTo(HISTORY_ENTRY, ZIP_LIMITS.historyMegabytes);
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
      JSON.parse(strFromU8(readUpTo(PICTURES_ENTRY, ZIP_LIMITS.mapMegabytes) ?? new Uint8Array())),
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

  // Each link keeps a copy of its own: a picture named for many links counts for each.
  let total = 0;
  let notPictures = 0;
  const pictures: ZipPicture[] = [];
  for (const [name, entry] of named) {
    const links = linksOf.get(name);
    if (!links || entry.size > ZIP_LIMITS.pictureMegabytes * MEGABYTE) continue;
    const room = Math.floor((ZIP_LIMITS.picturesMegabytes * MEGABYTE - total) / (entry.size || 1));
    const taken = links.slice(0, room);
    if (taken.length === 0) continue;
    const bytes = entry.read();
    // Not what its directory says: a zip made to hurt (each such entry costs a piece's
    // inflating to find out), so no more of its pictures are tried.
    if (!bytes) break;
    const type = pictureType(bytes);
    if (!type) {
      // A copy an older version kept may be no picture; many are a zip made to hurt.
      notPictures += 1;
      if (notPictures >= NOT_PICTURES_TRIED) break;
      continue;
    }
    total += bytes.length * taken.length;
    for (const link of taken) pictures.push({ link, bytes: bytes.buffer as ArrayBuffer, type });
  }
  return { ...records, pictures };
}
