import { z } from 'zod/mini';
import { hideSecret } from '../../api/parseAnswer';
import { nextTask } from '../../lib/nextTask';
import type { JobRecord } from '../jobs';

/**
 * Reads one entry as a record, or says it is none (the jobs feature's `importedRecord`,
 * passed in: this file loads on demand, and on its own).
 */
export type RecordReader = (entry: unknown) => JobRecord | undefined;

/** The export file: the history as JSON. Records never hold the API key. */
export const HISTORY_FILE_APP = 'modelslab-studio';

const fileSchema = z.object({
  app: z.literal(HISTORY_FILE_APP),
  version: z.literal(1),
  jobs: z.array(z.unknown()),
});

/**
 * Records never hold the key, but a server message stored by a version from before the
 * key was cleared from answers might: the key the settings hold now is taken out all the
 * same (a "key" this short is not one, and taking it out would only garble the file).
 */
export function historyFileContents(jobs: JobRecord[], apiKey = '', now = new Date()): string {
  const text = JSON.stringify(
    { app: HISTORY_FILE_APP, version: 1, exportedAt: now.toISOString(), jobs },
    null,
    2,
  );
  return apiKey.length >= 8 ? hideSecret(text, apiKey) : text;
}

export function historyFileName(now = new Date()): string {
  return `modelslab-studio-history-${now.toISOString().slice(0, 10)}.json`;
}

/** A finished export: the file, its name, and what to tell the person, if anything. */
export type Export = { blob: Blob; name: string; said?: string };

/** "History only (.json)". */
export function exportHistory(jobs: JobRecord[], apiKey: string): Export {
  return {
    blob: new Blob([historyFileContents(jobs, apiKey)], { type: 'application/json' }),
    name: historyFileName(),
    said: savedWords(historyFileName(), jobs.length),
  };
}

/** Where the file went, for someone who did not see the browser's download. */
export function savedWords(name: string, generations: number, pictures?: number): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const inside = pictures === undefined ? '' : `, with ${count(pictures, 'picture')} inside`;
  return `Your browser saved ${name} (${count(generations, 'generation')}${inside}), usually in your Downloads folder.`;
}

export type ImportResult = { jobs: JobRecord[]; skipped: number };

/**
 * The most one import takes (docs/architecture.md, "Storage"): the whole history lives in
 * the page's memory, and a file is read whole before anything of it is stored.
 */
export const IMPORT_LIMITS = { generations: 20_000, megabytes: 25 } as const;
const MEGABYTE = 1024 * 1024;

const limitsInWords = `The app imports up to ${IMPORT_LIMITS.generations} generations (a file of up to ${IMPORT_LIMITS.megabytes} MB) at a time, so that this page stays quick.`;

/** Why a file of `bytes` is refused before it is read, if it is. */
export function fileTooBig(bytes: number): string | undefined {
  if (bytes <= IMPORT_LIMITS.megabytes * MEGABYTE) return undefined;
  const size = (bytes / MEGABYTE).toFixed(1);
  return `This file is too big to import (${size} MB). ${limitsInWords}`;
}

export const NOT_A_HISTORY_FILE =
  'This is not a history file saved by ModelsLab Studio ("Export history" saves one).';
export const UNREADABLE_EXPORT =
  'This file holds saved generations the app could not read (saved by "Export them as they are"), so it cannot be imported. Keep it to show someone who can help.';

/** A file from "Export them as they are" (see unreadableFile.ts): not an import. */
function isUnreadableExport(json: unknown): boolean {
  return (
    !!json &&
    typeof json === 'object' &&
    (json as Record<string, unknown>).app === HISTORY_FILE_APP &&
    Array.isArray((json as Record<string, unknown>).records)
  );
}

/** The file's outline: its entries, not yet parsed, or why it is not an export. */
function entriesOf(text: string): unknown[] | { error: string } {
  if (text.trim() === '') return { error: 'This file is empty.' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: NOT_A_HISTORY_FILE };
  }
  const file = fileSchema.safeParse(json);
  if (!file.success) {
    return { error: isUnreadableExport(json) ? UNREADABLE_EXPORT : NOT_A_HISTORY_FILE };
  }
  const count = file.data.jobs.length;
  if (count > IMPORT_LIMITS.generations) {
    return { error: `This file holds ${count} generations: too many to import. ${limitsInWords}` };
  }
  return file.data.jobs;
}

function parseEntries(entries: unknown[], read: RecordReader, into: ImportResult) {
  for (const entry of entries) {
    const record = read(entry);
    if (record) into.jobs.push(record);
    else into.skipped += 1;
  }
}

/** Reads an export back; entries that do not parse are skipped and counted, never trusted. */
export function parseHistoryFile(
  text: string,
  read: RecordReader,
): ImportResult | { error: string } {
  const entries = entriesOf(text);
  if (!Array.isArray(entries)) return entries;
  const result: ImportResult = { jobs: [], skipped: 0 };
  parseEntries(entries, read, result);
  return result;
}

/** Entries parsed per piece of work, so that the page renders between them. */
const PARSE_CHUNK = 2000;

/**
 * `parseHistoryFile` for a chosen file: refuses one beyond `IMPORT_LIMITS` before reading
 * it, and parses the entries a piece at a time.
 */
export async function readHistoryFile(
  file: Blob,
  read: RecordReader,
): Promise<ImportResult | { error: string }> {
  const tooBig = fileTooBig(file.size);
  if (tooBig) return { error: tooBig };
  const entries = entriesOf(await file.text());
  if (!Array.isArray(entries)) return entries;
  const result: ImportResult = { jobs: [], skipped: 0 };
  for (let from = 0; from < entries.length; from += PARSE_CHUNK) {
    if (from > 0) await nextTask();
    parseEntries(entries.slice(from, from + PARSE_CHUNK), read, result);
  }
  return result;
}
